from __future__ import annotations

import pytest

from tests.repo import Repo, init_repo


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp('home')
    monkeypatch.setenv('AIGUARD_TEST_HOME', str(home))


@pytest.fixture
def repo(tmp_path) -> Repo:
    """An empty repository with no commits."""
    return init_repo(str(tmp_path / 'repo'))

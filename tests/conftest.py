from __future__ import annotations

import os
import shutil

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


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope='session')
def project_clone(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """This project, committed into a clean repository so pre-commit can pin a rev."""
    dest = str(tmp_path_factory.mktemp('project') / 'aiguard')
    ignore = shutil.ignore_patterns('.git', '.venv*', '__pycache__', '*.egg-info', 'build', '.pytest_cache')
    shutil.copytree(ROOT, dest, ignore=ignore)
    clone = init_repo(dest)
    clone.add()
    sha = clone.commit('snapshot')
    return dest, sha


@pytest.fixture(scope='session')
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One pre-commit store for the session: aiguard's hook environment is built once."""
    return str(tmp_path_factory.mktemp('pre-commit-home'))

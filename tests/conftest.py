from __future__ import annotations

import os
import shutil
import stat

import pytest

from tests.repo import Repo, init_repo

# the corpora are programs to scan, never tests to run (holdout4/safe/test_checkout.py is one)
collect_ignore_glob = ['python_corpus/*']


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


@pytest.fixture
def git_log(tmp_path, repo: Repo) -> str:
    """A log of every git command the repository's processes run: a `git` shim first on PATH."""
    real = shutil.which('git')
    assert real
    shim_dir = tmp_path / 'shim'
    shim_dir.mkdir()
    log = tmp_path / 'git.log'
    shim = shim_dir / 'git'
    shim.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    repo.env['PATH'] = f'{shim_dir}{os.pathsep}{repo.env["PATH"]}'
    return str(log)

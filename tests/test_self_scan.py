"""README set-up 1 scans this repository: it must pass on aiguard's own code."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.repo import git_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.slow
def test_aiguard_scans_its_own_repository_clean() -> None:
    inside = subprocess.run(['git', 'rev-parse', '--is-inside-work-tree'], cwd=ROOT,
                            capture_output=True, text=True)
    if inside.stdout.strip() != 'true':
        pytest.skip('not a git checkout (an sdist): nothing to scan as the README does')
    env = git_env()  # no assistant session of the person running the tests
    proc = subprocess.run([sys.executable, '-m', 'aiguard', 'scan', '--all-files', '--no-cache'],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr

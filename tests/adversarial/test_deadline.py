"""`timeout` ends the run: exit 2, one line, nothing passed, whatever stalls.

A hostile change (or a hostile environment) makes aiguard slow on purpose, to
be let through late or never judged: a git that stalls, a check that swallows
the timeout and keeps going. No assertion here is on time: each run is allowed
minutes to end and must end with exit 2 and the timeout's message, long before
the stall would end by itself.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.repo import Repo

REAL_GIT = shutil.which('git')
MESSAGE = 'aiguard: error: scan did not finish within 2 s (timeout in .aiguard.yaml); nothing was passed\n'
ENOUGH = 240  # seconds a run may take before the test calls it a hang: far past `timeout: 2`


def stalling_git(tmp_path, subcommand: str) -> dict[str, str]:
    """PATH with a `git` first that sleeps when asked `subcommand` (past ENOUGH, so a run that
    does not end fails the test; not much longer, so a stall left behind by a failure ends), else runs git."""
    assert REAL_GIT
    bindir = tmp_path / 'stall-bin'
    bindir.mkdir()
    script = bindir / 'git'
    script.write_text(
        '#!/bin/sh\n'
        'for a in "$@"; do\n'
        f'  if [ "$a" = "{subcommand}" ]; then exec sleep {ENOUGH + 60}; fi\n'
        'done\n'
        f'exec {REAL_GIT} "$@"\n'
    )
    script.chmod(0o755)
    return {'PATH': f'{bindir}{os.pathsep}{os.environ["PATH"]}'}


@pytest.fixture
def timed(repo: Repo) -> Repo:
    """A repository whose config sets `timeout: 2`, with a staged change."""
    repo.commit_files({'.aiguard.yaml': 'timeout: 2\n', 'app.py': 'x = 1\n'}, 'config')
    repo.write('app.py', 'x = 1\ny = 2\n')
    repo.add('app.py')
    return repo


def run(repo: Repo, *args: str, env: dict[str, str] | None = None,
        input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        (sys.executable, '-m', 'aiguard', *args), cwd=repo.path, env={**repo.env, **(env or {})},
        input=input, capture_output=True, text=True, timeout=ENOUGH,
    )


# the added lines of the change (diff-index -p -U0): asked once the config, and its timeout, is known
@pytest.mark.parametrize('args', [
    ('hook', 'pre-commit'),
    ('scan', '--staged'),
    ('hook', 'commit-msg', '.git/COMMIT_EDITMSG'),  # an AI-assisted commit is scanned again
])
def test_a_stalled_git_in_the_commit_hooks_ends_the_run(timed: Repo, tmp_path, args: tuple[str, ...]) -> None:
    timed.write('.git/COMMIT_EDITMSG', 'change\n')
    env = {**stalling_git(tmp_path, '-U0'), 'AIGUARD_AI': 'codex'}
    proc = run(timed, *args, env=env)
    assert (proc.returncode, proc.stderr) == (2, MESSAGE), proc.stdout
    assert 'passed' not in proc.stdout


@pytest.mark.slow
def test_a_stalled_git_in_range_mode_ends_the_run(timed: Repo, tmp_path) -> None:
    timed.commit('more')
    env = stalling_git(tmp_path, 'rev-list')
    proc = run(timed, 'scan', '--from-ref', 'HEAD~1', '--to-ref', 'HEAD', env=env)
    assert (proc.returncode, proc.stderr) == (2, MESSAGE), proc.stdout
    head = timed.git('rev-parse', 'HEAD').stdout.strip()
    proc = run(timed, 'hook', 'pre-push', 'origin', 'url', env=env,
               input=f'refs/heads/main {head} refs/heads/main {"0" * 40}\n')
    # a new branch: its base (whose config judges it) is found by a rev-list before that config
    # is read, so the policy read's bound (policyfiles.READ_SECONDS) ends the run
    assert (proc.returncode, proc.stderr) == (2, MESSAGE.replace(' 2 s ', ' 30 s ')), proc.stdout


# A check that would run for an hour: it sleeps, and takes every exception for a reason to go on.
LAUNCH = '''
import sys, time
from aiguard.scanners import python_checks

def stubborn(context):
    for _ in range(3600):
        try:
            time.sleep(1)
        except %s:
            pass

stubborn._checks = ['Call']
real = python_checks.all_checks
python_checks.all_checks = lambda: [*real(), stubborn]
from aiguard.cli import main
raise SystemExit(main(sys.argv[1:]))
'''


@pytest.mark.parametrize('swallows', ['Exception', 'BaseException'])
def test_a_check_that_swallows_the_timeout_does_not_outlive_it(timed: Repo, swallows: str) -> None:
    timed.write('app.py', 'x = 1\ny = len("slow")\n')
    timed.add('app.py')
    proc = subprocess.run(
        (sys.executable, '-c', LAUNCH % swallows, 'hook', 'pre-commit'), cwd=timed.path,
        env={**timed.env, 'AIGUARD_NO_PARALLEL': '1'}, capture_output=True, text=True, timeout=ENOUGH,
    )
    assert (proc.returncode, proc.stderr) == (2, MESSAGE), proc.stdout


def test_without_the_alarm_a_stalled_git_still_ends_at_the_deadline(timed: Repo, tmp_path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Off the main thread there is no SIGALRM: the git runner's own wait ends at the deadline."""
    import threading

    from aiguard import git
    from aiguard.deadline import ScanTimeout, deadline

    monkeypatch.setenv('PATH', stalling_git(tmp_path, 'cat-file')['PATH'])
    outcome: list[str] = []

    def worker() -> None:
        try:
            with deadline(2):
                git.read_blobs(['HEAD:app.py'], timed.path)
        except ScanTimeout as e:
            outcome.append(str(e))

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    thread.join(ENOUGH)
    assert outcome == [MESSAGE.removeprefix('aiguard: error: ').rstrip('\n')]

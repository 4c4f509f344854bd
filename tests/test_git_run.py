"""git.run: git spawned without the subprocess module, in real repositories."""
from __future__ import annotations

import os
import signal

import pytest

from aiguard import git
from tests.repo import Repo


def test_output_stderr_and_exit_status(repo: Repo) -> None:
    code, out, err = git.run(('git', 'rev-parse', '--is-inside-work-tree'), repo.path, None, repo.env)
    assert (code, out, err) == (0, b'true\n', b'')
    code, out, err = git.run(('git', 'rev-parse', '--verify', 'nope'), repo.path, None, repo.env)
    assert code == 128 and out == b'' and b'fatal' in err


def test_large_input_and_output_at_once_do_not_deadlock(repo: Repo) -> None:
    # more than a pipe holds in both directions: git writes while we still write
    oids = []
    for i in range(300):
        repo.write(f'f{i}.txt', f'{i}\n' * 2000)
    repo.add()
    repo.commit('many')
    listing = git.cmd_output_b('ls-tree', '-r', 'HEAD', cwd=repo.path).decode()
    oids = [line.split()[2] for line in listing.splitlines()]
    stdin = ('\n'.join(oids * 20) + '\n').encode()  # ~250 KB in, ~60 MB out
    assert len(stdin) > 200_000
    code, out, _ = git.run(('git', 'cat-file', '--batch'), repo.path, stdin, repo.env)
    assert code == 0
    assert out.count(b' blob ') == len(oids) * 20


def test_stdin_is_empty_when_none_is_given(repo: Repo) -> None:
    code, out, _ = git.run(('git', 'hash-object', '--stdin'), repo.path, None, repo.env)
    assert code == 0 and out.strip() == git.run(('git', 'hash-object', '--stdin'), repo.path, b'', repo.env)[1].strip()


def test_relative_index_file_is_taken_from_the_working_directory(repo: Repo) -> None:
    # git commit runs hooks with GIT_INDEX_FILE=.git/index relative to the top level
    repo.write('a.txt', 'a\n')
    repo.add('a.txt')
    env = {**repo.env, 'GIT_INDEX_FILE': '.git/index'}
    code, out, _ = git.run(('git', 'ls-files'), repo.path, None, env)
    assert (code, out) == (0, b'a.txt\n')


def test_missing_git_is_a_one_line_error(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('PATH', '/nonexistent')
    with pytest.raises(git.GitError, match='git is not installed or not on PATH'):
        git.cmd_output_b('status', cwd=repo.path)


def test_a_hook_without_git_says_so_not_that_this_is_no_repository(repo: Repo) -> None:
    python_only = os.path.join(repo.path, '..', 'bin-no-git')
    os.makedirs(python_only, exist_ok=True)
    env = {**repo.env, 'PATH': python_only}
    for args in (('hook', 'pre-commit'), ('scan', '--all-files')):
        proc = repo.aiguard(*args, env=env)
        assert proc.returncode == 2
        assert proc.stderr == 'aiguard: error: git is not installed or not on PATH\n'


def test_missing_directory_is_a_one_line_error(tmp_path) -> None:
    with pytest.raises(OSError, match='not a directory'):
        git.run(('git', 'status'), str(tmp_path / 'gone'), None, dict(os.environ))


def test_an_interrupted_run_leaves_no_git_behind(repo: Repo) -> None:
    class Expired(Exception):
        pass

    def expire(signum: int, frame: object) -> None:
        raise Expired

    finished = os.path.join(repo.path, 'finished')
    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    try:
        with pytest.raises(Expired):
            git.run(('git', '-c', f'alias.slow=!sleep 60 && touch {finished}', 'slow'), repo.path, None, repo.env)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert not os.path.exists(finished)  # git was stopped, not waited for
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the git child was killed and reaped


def test_output_past_the_limit_stops_git(repo: Repo) -> None:
    repo.write('big.txt', 'y' * 2_000_000)
    repo.add('big.txt')
    oid = repo.git('rev-parse', ':big.txt').stdout.strip()
    with pytest.raises(git.OutputTooLarge):
        git.read_blobs([oid], repo.path, max_output=100_000)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # stopped and reaped
    assert git.read_blobs([oid], repo.path, max_output=2_100_000)[oid] == b'y' * 2_000_000


def test_a_started_call_is_collected_by_the_same_call_with_the_same_result(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'alpha\n', 'b.txt': 'beta\n'}, 'start')
    oids = git.cmd_output('rev-parse', 'HEAD:a.txt', 'HEAD:b.txt', cwd=repo.path).split()
    direct = git.read_blobs(oids, repo.path)
    git.start_read_blobs(oids, repo.path)
    git.start_read_blobs(oids[:1], repo.path)  # other input: another call
    assert len(git._STARTED) == 2
    assert git.read_blobs(oids, repo.path) == direct == {oids[0]: b'alpha\n', oids[1]: b'beta\n'}
    assert len(git._STARTED) == 1
    assert git.read_blobs(oids[:1], repo.path) == {oids[0]: b'alpha\n'}
    assert git._STARTED == {}


def test_a_started_call_that_fails_fails_as_the_call_does(repo: Repo) -> None:
    args = ('rev-parse', '--verify', 'no-such-branch')
    with pytest.raises(git.GitError) as direct:
        git.cmd_output_b(*args, cwd=repo.path)
    git.start(*args, cwd=repo.path)
    with pytest.raises(git.GitError) as started:
        git.cmd_output_b(*args, cwd=repo.path)
    assert str(started.value) == str(direct.value)
    assert git._STARTED == {}


def test_started_calls_never_collected_are_stopped(repo: Repo) -> None:
    git.start('cat-file', '--batch', cwd=repo.path, stdin=b'HEAD\n')
    git.start('hash-object', '--stdin', cwd=repo.path)
    pids = [p.pid for p in git._STARTED.values()]
    git._stop_started()
    assert git._STARTED == {}
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped already

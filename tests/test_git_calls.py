"""How many git processes a commit hook starts: each costs ~1.5 ms of every commit.

A `git` shim first on PATH logs every call and runs the real git.
"""
from __future__ import annotations

import json
import os
from tests.repo import Repo


def _subcommands(log: str) -> list[str]:
    with open(log) as f:
        calls = [line.split() for line in f if line.strip()]
    out = []
    for argv in calls:
        i = 0
        while argv[i].startswith('-'):
            i += 2 if argv[i] in ('-C', '-c') else 1  # options of git itself, some with a value
        out.append(argv[i])
    return out


def test_a_docs_commit_costs_six_git_processes(repo: Repo, git_log: str) -> None:
    repo.commit_files({'README.md': '# Project\n', 'app.py': 'x = 1\n'}, 'start')
    repo.write('README.md', '# Project\n\nMore words.\n')
    repo.add('README.md')
    os.remove(git_log)
    # as under `git commit`: git exports the author to hooks, not the committer
    repo.git('config', 'user.name', 'Ada Human')
    repo.git('config', 'user.email', 'ada@example.com')
    for name in ('GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'):
        del repo.env[name]
    os.remove(git_log)
    proc = repo.aiguard('hook', 'pre-commit')
    assert proc.returncode == 0, proc.stderr
    # toplevel + common dir + HEAD in one rev-parse; the committed policy files (config and
    # baseline come from git, and first: their timeout bounds the rest); the raw diff and the
    # added lines; the blob (one read: a few small files need no size check first); the
    # committer identity
    assert sorted(_subcommands(git_log)) == ['cat-file', 'cat-file', 'diff-index', 'diff-index', 'rev-parse', 'var']


def test_head_is_read_again_after_it_moves_in_one_process(repo: Repo) -> None:
    # the HEAD learned with the toplevel is used once: a long-lived caller sees new commits
    from aiguard import changes, git

    repo.commit_files({'a.txt': 'one\n'}, 'first')
    root = git.toplevel(repo.path)
    first = changes.staged_base(root)
    second_commit = repo.commit_files({'a.txt': 'two\n'}, 'second')
    assert first != second_commit
    assert changes.staged_base(root) == second_commit


def test_a_huge_blob_stops_the_one_read_and_is_streamed_for_secrets(repo: Repo, git_log: str) -> None:
    from aiguard import changes

    repo.commit_files({'README.md': '# Project\n'}, 'start')
    repo.write('small.txt', 'hello\n')
    repo.write('huge.txt', 'x' * 3_000_000)
    repo.add('small.txt', 'huge.txt')
    os.remove(git_log)
    proc = repo.aiguard('scan', '--staged', '--format', 'json')
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc['skipped'] == [] and doc['scanned_files'] == 2
    calls = [c for c in _subcommands(git_log) if c == 'cat-file']
    assert len(calls) == 5  # the policy files; the one read, stopped; sizes first and the small blob; the huge one in pieces
    cs = changes.staged(repo.path, changes.Limits(max_file_size=1_048_576))
    assert [f.path for f in cs.files] == ['small.txt']
    assert [(s.path, s.streamable) for s in cs.skipped] == [('huge.txt', True)]


FAKE_AWS_KEY = 'AKIA' + 'IOSFODNN7EXAMPLF'  # built here: a scan of this repository must not see one

# Runs the commit hook as git does, in the directory given, then tells which git calls
# started ahead were never collected.
PROBE = (
    'import json, sys\n'
    'from aiguard import git\n'
    'from aiguard.cli import main\n'
    'code = main(["hook", "pre-commit"])\n'
    'print(json.dumps({"code": code, "left": [k[0][3:] for k in git._STARTED]}))\n'
)


def _probe(repo: Repo, cwd: str) -> dict:
    import subprocess
    import sys

    run = subprocess.run([sys.executable, '-c', PROBE], cwd=cwd, env=repo.env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_hooks_first_git_calls_start_ahead_and_are_each_collected(repo: Repo, git_log: str) -> None:
    repo.commit_files({'README.md': '# Project\n', 'notes.txt': 'one\ntwo\n'}, 'start')
    repo.write('README.md', '# Project\n\nA key: ' + FAKE_AWS_KEY + '\n')
    repo.write('notes.txt', 'one\n')  # only a deletion: read ahead, then not needed
    repo.add('README.md', 'notes.txt')
    for name in ('GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'):
        del repo.env[name]
    os.remove(git_log)
    out = _probe(repo, repo.path)
    assert out == {'code': 1, 'left': []}  # the key blocks; nothing started was left unused
    assert sorted(_subcommands(git_log)) == ['cat-file', 'cat-file', 'diff-index', 'diff-index', 'rev-parse', 'var']


def test_from_a_subdirectory_the_unused_early_diff_is_stopped_and_the_result_is_the_same(
        repo: Repo, git_log: str) -> None:
    repo.commit_files({'README.md': '# Project\n', 'src/app.txt': 'x\n'}, 'start')
    repo.write('src/app.txt', 'x\naws_key = ' + FAKE_AWS_KEY + '\n')
    repo.add('src/app.txt')
    at_top = _probe(repo, repo.path)
    below = _probe(repo, os.path.join(repo.path, 'src'))
    assert below['code'] == at_top['code'] == 1
    # started in src/, the early diff is not the one the hook runs at the top: left, stopped at exit
    # (and so is the early read of the policy files)
    assert sorted(left[:2] for left in below['left']) == [['--literal-pathspecs', 'diff-index'], ['cat-file', '--batch']]

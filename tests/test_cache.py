"""The result cache and the parallel scan give the same answers as a plain scan."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.repo import Repo

AWS_KEY = 'AKIA' + 'R4ND' * 4


def cache_dir(repo: Repo) -> str:
    return os.path.join(repo.path, '.git', 'aiguard')


def scan(repo: Repo, *args: str, env: dict | None = None) -> dict:
    proc = repo.aiguard('scan', '--format', 'json', *args, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def many_files(repo: Repo) -> None:
    filler = ''.join(f'value_{i} = {i}\n' for i in range(700))
    files = {f'pkg/mod_{n:02}.txt': filler for n in range(60)}
    files['pkg/mod_07.txt'] = filler + f'KEY = "{AWS_KEY}"\n'
    files['pkg/mod_42.txt'] = f'KEY = "{AWS_KEY}"\n' + filler
    repo.commit_files(files)


def test_warm_cache_gives_the_same_report(repo: Repo) -> None:
    many_files(repo)
    cold = scan(repo, '--all-files')
    assert os.path.exists(os.path.join(cache_dir(repo), 'results.sqlite3'))
    warm = scan(repo, '--all-files')
    uncached = scan(repo, '--all-files', '--no-cache')
    assert cold == warm == uncached
    assert [(f['path'], f['line']) for f in cold['findings']] == [
        ('pkg/mod_07.txt', 701), ('pkg/mod_42.txt', 1)]


def test_parallel_scan_matches_sequential(repo: Repo) -> None:
    many_files(repo)
    parallel = scan(repo, '--all-files', '--no-cache')
    sequential = scan(repo, '--all-files', '--no-cache', env={'AIGUARD_NO_PARALLEL': '1'})
    assert parallel == sequential


def test_cache_holds_no_secret_value(repo: Repo) -> None:
    many_files(repo)
    scan(repo, '--all-files')
    for name in os.listdir(cache_dir(repo)):
        with open(os.path.join(cache_dir(repo), name), 'rb') as f:
            assert AWS_KEY.encode() not in f.read()


def test_cache_follows_content_not_path_alone(repo: Repo) -> None:
    repo.commit_files({'a.py': 'clean = 1\n'})
    assert scan(repo, '--all-files')['findings'] == []
    assert os.path.exists(os.path.join(cache_dir(repo), 'results.sqlite3'))
    repo.commit_files({'a.py': f'KEY = "{AWS_KEY}"\n'})
    assert [f['rule_id'] for f in scan(repo, '--all-files')['findings']] == ['SEC002']


def test_corrupt_cache_is_ignored(repo: Repo) -> None:
    repo.commit_files({'a.py': f'KEY = "{AWS_KEY}"\n'})
    os.makedirs(cache_dir(repo), exist_ok=True)
    with open(os.path.join(cache_dir(repo), 'results.sqlite3'), 'wb') as f:
        f.write(b'this is not a database' * 100)
    doc = scan(repo, '--all-files')
    assert [f['rule_id'] for f in doc['findings']] == ['SEC002']
    assert doc['errors'] == []


def test_concurrent_runs_do_not_corrupt_the_cache(repo: Repo) -> None:
    many_files(repo)
    cmd = (sys.executable, '-m', 'aiguard', 'scan', '--all-files', '--format', 'json')
    procs = [subprocess.Popen(cmd, cwd=repo.path, env=repo.env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate() for p in procs]
    docs = [json.loads(out) for out, _ in outs]
    assert all(d == docs[0] for d in docs)
    assert [p.returncode for p in procs] == [1, 1, 1]
    assert scan(repo, '--all-files') == docs[0]


def test_a_few_small_text_files_skip_the_cache(repo: Repo) -> None:
    repo.commit_files({'README.md': 'docs\n', 'notes.txt': f'KEY = "{AWS_KEY}"\n'})
    assert [f['rule_id'] for f in scan(repo, '--all-files')['findings']] == ['SEC002']
    assert not os.path.exists(cache_dir(repo))


def test_scan_writes_nothing_to_the_work_tree(repo: Repo) -> None:
    many_files(repo)
    before = repo.git('status', '--porcelain', '--ignored').stdout
    scan(repo, '--all-files')
    scan(repo)
    assert repo.git('status', '--porcelain', '--ignored').stdout == before


@pytest.mark.slow
def test_a_rules_change_in_the_config_reaches_cached_files(repo: Repo) -> None:
    """Switching a rule off and on, or changing its severity, applies to unchanged files
    without --no-cache (issue 17)."""
    filler = ''.join(f'value_{i} = {i}\n' for i in range(700))
    files = {f'pkg/mod_{n:02}.py': filler for n in range(60)}
    files['pkg/mod_07.py'] = filler + 'import subprocess\nsubprocess.call(cmd, shell=True)\n'
    repo.commit_files(files)
    found = [(f['rule_id'], f['severity']) for f in scan(repo, '--all-files')['findings']]
    assert found and os.path.exists(os.path.join(cache_dir(repo), 'results.sqlite3'))
    rule_id = found[0][0]
    repo.commit_files({'.aiguard.yaml': f'rules:\n  {rule_id}: off\n'})
    assert scan(repo, '--all-files')['findings'] == []
    repo.commit_files({'.aiguard.yaml': f'rules:\n  {rule_id}: critical\n'})
    assert [(f['rule_id'], f['severity']) for f in scan(repo, '--all-files')['findings']] == [
        (rule_id, 'critical')]
    assert scan(repo, '--all-files') == scan(repo, '--all-files', '--no-cache')


def test_the_cache_key_follows_the_configured_rules() -> None:
    """A rule marked `default: off` runs once `rules:` names it: the key must change with it."""
    from aiguard.cache import config_digest
    from aiguard.config import Config
    from aiguard.findings import Severity

    configs = [Config(), Config(rules={'PY001': Severity.HIGH}), Config(rules={'PY001': None}),
               Config(rules={'PY001': Severity.LOW})]
    assert len({config_digest(c) for c in configs}) == len(configs)

"""Caches are inputs: what aiguard reads back from its own caches is checked, and rebuilt on doubt.

The user-level rule cache (~/.cache/aiguard, rules.cached_build) and the result cache
(.git/aiguard/results.sqlite3) are written by aiguard, but anything running as the user can
write them too. An empty, cut or malformed entry must neither switch checks off nor make
every run fail.
"""
from __future__ import annotations

import glob
import json
import marshal
import os
import sqlite3

import pytest

from tests.repo import Repo

AWS_KEY = 'AKIA' + 'W4XP' * 4  # built at run time: the repository's own scan stays clean


def _cache_files(repo: Repo, pattern: str) -> list[str]:
    return glob.glob(os.path.join(repo.env['HOME'], '.cache', 'aiguard', pattern))


@pytest.fixture
def staged_key(repo: Repo) -> Repo:
    repo.commit_files({'README.md': '# Project\n'}, 'start')
    repo.write('conf.txt', f'key = "{AWS_KEY}"\n')
    repo.add('conf.txt')
    proc = repo.aiguard('hook', 'pre-commit')
    assert proc.returncode == 1 and 'SEC002' in proc.stdout  # and the caches now exist
    return repo


@pytest.mark.parametrize('poison', [
    {'providers': [], 'prefixes': (), 'keywords': (), 'by_keyword': {}},  # empty: no provider rule
    'cut',  # every provider but the AWS one
    {},  # a mapping without the table's keys
    [1, 2, 3],
    {'providers': [('SEC002',)], 'prefixes': (), 'keywords': ('akia',), 'by_keyword': {'akia': (5,)}},
])
def test_a_poisoned_secrets_table_is_rebuilt(staged_key: Repo, poison: object) -> None:
    (entry,) = _cache_files(staged_key, 'secret-table-*.marshal')
    if poison == 'cut':
        with open(entry, 'rb') as f:
            table = marshal.loads(f.read())  # aiguard: ignore[PY007] the test's own cache entry
        table['providers'] = [p for p in table['providers'] if p[0] != 'SEC002']
        poison = table
    with open(entry, 'wb') as f:
        f.write(marshal.dumps(poison))
    proc = staged_key.aiguard('hook', 'pre-commit')
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'SEC002' in proc.stdout
    with open(entry, 'rb') as f:
        assert marshal.loads(f.read()) != poison  # aiguard: ignore[PY007] rewritten: the test's own cache


def test_a_poisoned_rule_pack_cache_is_rebuilt(staged_key: Repo) -> None:
    # the pack cache `aiguard explain` and the reports read: a cut list loses rules
    assert staged_key.aiguard('explain', 'SEC002').returncode == 0
    (entry,) = _cache_files(staged_key, 'pack-secrets-*.marshal')
    with open(entry, 'wb') as f:
        f.write(marshal.dumps([{'id': 'SEC001'}]))
    proc = staged_key.aiguard('explain', 'SEC002')
    assert proc.returncode == 0 and proc.stdout.startswith('SEC002'), proc.stderr


def _results(repo: Repo) -> str:
    return os.path.join(repo.path, '.git', 'aiguard', 'results.sqlite3')


@pytest.mark.parametrize('poison', [
    'not json',
    '{"f": [["SEC002"]], "s": []}',
    '{"f": [["SEC002", "secret", 9, 1, 1, "m", null, "fp", "high", null]], "s": []}',  # no severity 9
    '{"f": [["SEC002", "secret", 4, 0, 1, "m", null, "fp", "high", null]], "s": []}',  # line 0
    '{"f": [], "s": [[1, 2]]}',
    '[]',
])
def test_a_poisoned_result_cache_entry_is_scanned_again_and_rewritten(repo: Repo, poison: str) -> None:
    repo.commit_files({'app.py': f'KEY = "{AWS_KEY}"\n'}, 'start')
    first = repo.aiguard('scan', '--all-files', '--format', 'json')
    assert first.returncode == 1
    with sqlite3.connect(_results(repo)) as db:
        assert db.execute('SELECT count(*) FROM results').fetchone()[0] > 0
        db.execute('UPDATE results SET v = ?', (poison,))
    again = repo.aiguard('scan', '--all-files', '--format', 'json')
    assert again.returncode == 1, again.stderr
    assert json.loads(again.stdout)['findings'] == json.loads(first.stdout)['findings']
    with sqlite3.connect(_results(repo)) as db:
        assert poison not in {v for (v,) in db.execute('SELECT v FROM results')}

"""Planted canary secrets appear in no output format, report, cache, baseline or error."""
from __future__ import annotations

import os
import re
import uuid

import pytest

from tests.repo import Repo
from tests.secrets_corpus import github_checksummed


def canaries() -> dict[str, str]:
    """Unique, realistic-looking secrets built at run time.

    Redrawn while a character repeats four times in a row: the secrets engine
    takes such runs for a made-up placeholder (`sk-...999999...`), as it should,
    and `u + u[::-1]` doubles the run at the end of `u`.
    """
    u = uuid.uuid4().hex
    while u[-1] == u[-2] or re.search(r'(.)\1{3}', u):  # u + u[::-1]: the last character twice
        u = uuid.uuid4().hex
    return {
        'aws': 'AKIA' + ''.join('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[int(c, 16) * 2 % 32] for c in u[:16]),
        'github': github_checksummed('ghp_', (u + u)[:30]),
        'openai': 'sk-proj-' + u + u[::-1] + 'T3BlbkFJ' + u[:20],
        'password_url': f'postgres://app:{u[:14]}Zq9@db.internal:5432/app',
        'stripe': 'sk_live_' + u[:24] + u[::-1][:8],
    }


def plant(repo: Repo, c: dict[str, str]) -> None:
    repo.commit_files({'README.md': 'project\n'})
    repo.write('app/settings.py', (
        f'AWS_ACCESS_KEY_ID = "{c["aws"]}"\n'
        f'GITHUB_TOKEN = "{c["github"]}"\n'
        f'client = OpenAI(api_key="{c["openai"]}")\n'
        f'DATABASE_URL = "{c["password_url"]}"\n'
        f'stripe.api_key = "{c["stripe"]}"\n'
    ))
    repo.add()


def secret_parts(c: dict[str, str]) -> list[str]:
    # the password alone, and every value whole
    return [*c.values(), c['password_url'].split(':')[2].split('@')[0]]


def assert_absent(text: str, c: dict[str, str], where: str) -> None:
    for value in secret_parts(c):
        assert value not in text, f'secret leaked in {where}'


@pytest.mark.slow
def test_canaries_never_leak(repo: Repo, tmp_path) -> None:
    c = canaries()
    plant(repo, c)
    outputs = []
    for fmt in ('text', 'json', 'sarif'):
        proc = repo.aiguard('scan', '--format', fmt)
        assert proc.returncode == 1, proc.stderr
        outputs.append((f'staged {fmt}', proc.stdout + proc.stderr))
    repo.commit('add settings')
    for args in (('--all-files',), ('--from-ref', 'HEAD~1', '--to-ref', 'HEAD'), ('app/settings.py',)):
        proc = repo.aiguard('scan', '--format', 'json', *args)
        assert proc.returncode == 1
        outputs.append((' '.join(args), proc.stdout + proc.stderr))
    env_debug = repo.aiguard('scan', '--all-files', env={'AIGUARD_DEBUG': '1'})
    outputs.append(('debug', env_debug.stdout + env_debug.stderr))
    outputs.append(('baseline', repo.aiguard('baseline', 'create').stdout))
    outputs.append(('attribution', repo.aiguard('attribution', 'HEAD').stdout))
    for fmt in ('md', 'json', 'html'):
        out = str(tmp_path / f'report.{fmt}')
        proc = repo.aiguard('report', '--format', fmt, '--output', out)
        assert proc.returncode == 0, proc.stderr
        with open(out, encoding='utf-8') as f:
            outputs.append((f'report {fmt}', f.read() + proc.stdout + proc.stderr))
    for where, text in outputs:
        assert_absent(text, c, where)
    # every file aiguard wrote: caches under the git dir, and the baseline
    written = [os.path.join(repo.path, '.aiguard-baseline.json')]
    for dirpath, _, names in os.walk(os.path.join(repo.path, '.git', 'aiguard')):
        written += [os.path.join(dirpath, n) for n in names]
    assert len(written) > 1
    for path in written:
        with open(path, 'rb') as f:
            assert_absent(f.read().decode('latin-1'), c, path)


def test_every_planted_canary_is_found(repo: Repo) -> None:
    import json

    c = canaries()
    plant(repo, c)
    doc = json.loads(repo.aiguard('scan', '--format', 'json').stdout)
    lines = sorted({f['line'] for f in doc['findings'] if f['category'] == 'secret'})
    assert lines == [1, 2, 3, 4, 5]

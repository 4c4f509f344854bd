"""The secrets engine end to end, in real temporary git repositories."""
from __future__ import annotations

import json
import os
import random

import pytest

from tests import secrets_corpus as corpus
from tests.repo import Repo

RNG = random.Random(2024)
# built at run time: the repository holds no secret-shaped literal
GH_TOKEN = corpus.github_token(RNG)
OPENAI_KEY = 'sk-proj-' + corpus.rand(RNG, corpus.URLSAFE, 74) + 'T3BlbkFJ' + corpus.rand(RNG, corpus.URLSAFE, 74)
DB_PASSWORD = corpus.rand(RNG, corpus.ALNUM, 14) + '#7'


def _outputs(repo: Repo, *args: str) -> tuple[int, str]:
    proc = repo.aiguard(*args)
    return proc.returncode, proc.stdout + proc.stderr


def test_staged_secret_blocks_with_redacted_output_everywhere(repo: Repo) -> None:
    repo.write('app.py', f'import os\nclient = OpenAI(api_key="{OPENAI_KEY}")\nDB = "postgres://app:{DB_PASSWORD}@db:5432/app"\n')
    repo.add('app.py')
    code, out = _outputs(repo, 'hook', 'pre-commit')
    assert code == 1
    assert 'app.py:2:' in out and 'SEC166' in out and f'{OPENAI_KEY[:4]}…({len(OPENAI_KEY)} chars)' in out
    assert 'app.py:3:' in out and 'SEC005' in out
    for fmt in ('json', 'sarif', 'text'):
        code, report = _outputs(repo, 'scan', '--format', fmt)
        assert code == 1
        assert OPENAI_KEY not in report and OPENAI_KEY[8:40] not in report and DB_PASSWORD not in report
    doc = json.loads(repo.aiguard('scan', '--format', 'json').stdout)
    found = {(f['rule_id'], f['line'], f['category'], f['blocking']) for f in doc['findings']}
    assert found == {('SEC166', 2, 'secret', True), ('SEC005', 3, 'secret', True)}


def test_only_added_lines_count(repo: Repo) -> None:
    repo.commit_files({'conf.py': f'TOKEN = "{GH_TOKEN}"\n'}, 'old secret')
    repo.write('conf.py', f'TOKEN = "{GH_TOKEN}"\nDEBUG = False\n')
    repo.add('conf.py')
    assert repo.aiguard('hook', 'pre-commit').returncode == 0
    assert repo.aiguard('scan', '--all-files').returncode == 1


def test_pragma_and_aiguard_ignore_suppress(repo: Repo) -> None:
    repo.write('a.py', f'TOKEN = "{GH_TOKEN}"  # pragma: allowlist secret\n')
    repo.write('b.py', f'TOKEN = "{GH_TOKEN}"  # aiguard: ignore[SEC111] revoked, kept as a parser fixture\n')
    repo.add('a.py', 'b.py')
    assert repo.aiguard('hook', 'pre-commit').returncode == 0
    repo.write('c.py', f'TOKEN = "{GH_TOKEN}"  # aiguard: ignore[SEC111]\n')  # no reason: not honoured
    repo.add('c.py')
    code, out = _outputs(repo, 'hook', 'pre-commit')
    assert code == 1 and 'c.py:1:' in out and 'a.py:1:' not in out and 'b.py:1:' not in out


def test_baseline_survives_moving_the_line(repo: Repo) -> None:
    repo.commit_files({'settings.py': f'TOKEN = "{GH_TOKEN}"\n'}, 'legacy')
    assert repo.aiguard('baseline', 'create').returncode == 0
    with open(os.path.join(repo.path, '.aiguard-baseline.json'), encoding='utf-8') as f:
        baseline = f.read()
    assert 'SEC111' in baseline and GH_TOKEN not in baseline
    repo.git('add', '-A')
    repo.commit('baseline')
    repo.write('settings.py', f'import os\n\n\nclass Settings:\n    TOKEN = "{GH_TOKEN}"\n')
    repo.add('settings.py')
    assert repo.aiguard('hook', 'pre-commit').returncode == 0  # moved, re-indented: still accepted
    other = corpus.github_token(random.Random(7))
    repo.write('settings.py', f'import os\n\n\nclass Settings:\n    TOKEN = "{GH_TOKEN}"\n    OTHER = "{other}"\n')
    repo.add('settings.py')
    code, out = _outputs(repo, 'hook', 'pre-commit')
    assert code == 1 and 'settings.py:6:' in out and 'settings.py:5:' not in out


def test_secrets_engine_alone(repo: Repo) -> None:
    repo.write('run.py', f'import subprocess\nTOKEN = "{GH_TOKEN}"\nsubprocess.call(cmd, shell=True)\neval(input())\n')
    repo.add('run.py')
    doc = json.loads(repo.aiguard('hook', 'pre-commit', '--engine', 'secrets', '--format', 'json', 'run.py').stdout)
    assert {f['rule_id'] for f in doc['findings']} == {'SEC111'}
    everything = json.loads(repo.aiguard('hook', 'pre-commit', '--format', 'json', 'run.py').stdout)
    assert {f['category'] for f in everything['findings']} >= {'secret', 'sast'}


def test_edit_inside_a_committed_key_block_counts(repo: Repo) -> None:
    pem = corpus._pem(random.Random(11), 'RSA PRIVATE KEY', 6)
    repo.commit_files({'deploy/key.pem': 'notes\n'}, 'start')
    repo.write('deploy/key.pem', 'notes\n' + pem)
    repo.add('deploy/key.pem')
    doc = json.loads(repo.aiguard('scan', '--format', 'json').stdout)
    assert [(f['rule_id'], f['line']) for f in doc['findings']] == [('SEC001', 2)]
    assert pem.splitlines()[1] not in json.dumps(doc)


def test_placeholders_in_docs_and_examples_pass(repo: Repo) -> None:
    repo.write('README.md', 'Set `OPENAI_API_KEY=sk-...` and `DATABASE_URL=postgres://user:password@localhost/db`.\n')
    repo.write('.env.example', 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\nAPI_TOKEN=<your-token>\n')
    repo.write('settings.py', 'SECRET_KEY = os.environ["SECRET_KEY"]\napi_key = os.getenv("API_KEY")\n')
    repo.add('README.md', '.env.example', 'settings.py')
    code, out = _outputs(repo, 'hook', 'pre-commit', '--engine', 'secrets')
    assert code == 0, out


def _staged_findings(repo: Repo) -> tuple[int, dict]:
    proc = repo.aiguard('hook', 'pre-commit', '--format', 'json')
    return proc.returncode, json.loads(proc.stdout)


def _utf16(text: str, codec: str = 'utf-16-le') -> bytes:
    return ('\ufeff' + text).encode(codec)  # with a byte-order mark, as PowerShell's `>` writes


def test_a_utf16_script_is_scanned_as_text(repo: Repo) -> None:
    repo.commit_files({'README.md': '# Project\n'})
    repo.write('deploy.ps1', _utf16(f'$ErrorActionPreference = "Stop"\n$env:OPENAI_API_KEY = "{OPENAI_KEY}"\n'))
    repo.add('deploy.ps1')
    code, doc = _staged_findings(repo)
    assert code == 1
    assert [(f['rule_id'], f['path'], f['line']) for f in doc['findings']] == [('SEC166', 'deploy.ps1', 2)]
    assert OPENAI_KEY not in json.dumps(doc)


def test_a_modified_utf16_file_counts_whole_since_git_shows_no_lines(repo: Repo) -> None:
    repo.commit_files({'settings.reg': _utf16('Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\App]\n')})
    repo.write('settings.reg', _utf16(
        'Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\App]\n'
        f'"ApiKey"="{OPENAI_KEY}"\n', 'utf-16-be'))
    repo.add('settings.reg')
    code, doc = _staged_findings(repo)
    assert code == 1
    assert [(f['rule_id'], f['line']) for f in doc['findings']] == [('SEC166', 4)]


def test_a_text_file_git_treats_as_binary_counts_only_its_added_lines(repo: Repo) -> None:
    # `-diff` in .gitattributes: git shows no lines, which once left the change unscanned
    old_key = 'sk-proj-' + corpus.rand(random.Random(7), corpus.URLSAFE, 74) + 'T3BlbkFJ' + \
        corpus.rand(random.Random(8), corpus.URLSAFE, 74)
    repo.commit_files({'.gitattributes': 'config.env -diff\n', 'config.env': f'OLD_KEY={old_key}\nMODE=dev\n'})
    repo.write('config.env', f'OLD_KEY={old_key}\nMODE=dev\nOPENAI_API_KEY={OPENAI_KEY}\n')
    repo.add('config.env')
    code, doc = _staged_findings(repo)
    assert code == 1
    assert [(f['rule_id'], f['path'], f['line']) for f in doc['findings']] == [('SEC166', 'config.env', 3)]


@pytest.mark.parametrize('content', [
    b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' + bytes(range(256)) * 4,
    'text in UTF-32\n'.encode('utf-32'),  # starts with FF FE too: not UTF-16 text
])
def test_binary_content_without_a_secret_passes_and_is_not_skipped(repo: Repo, content: bytes) -> None:
    repo.commit_files({'blob.bin': b'\x00\x01old'})
    repo.write('blob.bin', content)
    repo.add('blob.bin')
    code, doc = _staged_findings(repo)
    assert code == 0
    assert doc['skipped'] == [] and doc['scanned_files'] == 1  # read: printable runs, decoded UTF-32

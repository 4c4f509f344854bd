"""The edit ledger: lines an assistant wrote make a person's commit AI-assisted."""
from __future__ import annotations

import json
import os

import pytest

from aiguard import ledger
from tests.repo import Repo

HANDLER = 'def handler(request):\n    return render(request, "home.html")\n'


@pytest.fixture
def hooked(repo: Repo) -> Repo:
    assert repo.aiguard('install').returncode == 0
    repo.commit_files({'README.md': 'hello\n'}, 'Initial commit')
    return repo


def ledger_files(repo: Repo) -> dict[str, bytes]:
    directory = os.path.join(repo.path, '.git', 'aiguard', 'ledger')
    out = {}
    for name in os.listdir(directory):
        with open(os.path.join(directory, name), 'rb') as f:
            out[name] = f.read()
    return out


def message(repo: Repo) -> str:
    return repo.git('log', '-1', '--format=%B').stdout


def test_lines_an_assistant_wrote_make_a_human_commit_ai_assisted_and_tagged(hooked: Repo) -> None:
    ledger.record_edit(hooked.path, 'app.py', HANDLER.splitlines(), 'claude-code', 'session-1')
    hooked.write('app.py', HANDLER)
    hooked.add('app.py')
    attribution = hooked.aiguard('attribution', '--format', 'json')
    doc = json.loads(attribution.stdout)
    assert doc['ai_assisted'] and doc['tools'] == ['claude-code']
    assert '2 of 2 added lines were written by Claude Code (edit ledger: 1 file)' in doc['reasons']
    proc = hooked.git('commit', '-q', '-m', 'Add handler', check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    body = message(hooked)
    assert 'Assisted-by: Claude Code:unknown' in body
    assert 'AI-Assisted: claude-code; score=90; signals=ledger:claude-code' in body


def test_a_line_the_person_rewrote_is_theirs(hooked: Repo) -> None:
    ledger.record_edit(hooked.path, 'app.py', HANDLER.splitlines(), 'cursor', None)
    hooked.write('app.py', 'def handler(req):\n    return render(req, "index.html")\n')
    hooked.add('app.py')
    doc = json.loads(hooked.aiguard('attribution', '--format', 'json').stdout)
    assert not doc['ai_assisted'] and doc['tools'] == []
    hooked.git('commit', '-q', '-m', 'Add handler')
    assert 'Assisted-by' not in message(hooked)


def test_the_ledger_holds_no_content(hooked: Repo) -> None:
    secret_line = '    api_password = "correct horse battery staple"'
    ledger.record_edit(hooked.path, 'settings.py', [secret_line, 'DEBUG = False'], 'codex', 'thread-xyz')
    for name, data in ledger_files(hooked).items():
        assert b'correct horse' not in data and b'DEBUG' not in data and b'thread-xyz' not in data, name
    edits = ledger_files(hooked)['edits'].decode()
    assert edits.count('\n') == 1 and '\tcodex\t' in edits and '\tsettings.py\t' in edits

"""An assistant that tries to exempt itself: declare no AI use, commit its lines from a person's
shell, or skip the commit hooks. Each attempt must still end at the AI tier (issue 14)."""
from __future__ import annotations

import json
import os
import time

import pytest

from aiguard import ledger
from tests.repo import Repo

POLICY = 'human_only: ["src/auth/**"]\n'
LOGIN = 'def login(user):\n    return user.password_ok()\n'


@pytest.fixture
def hooked(repo: Repo) -> Repo:
    assert repo.aiguard('install').returncode == 0
    repo.commit_files({'README.md': 'hello\n', '.aiguard.yaml': POLICY}, 'Initial commit')
    return repo


def attempt(repo: Repo, files: dict[str, str], *args: str, env: dict[str, str] | None = None):
    for name, text in files.items():
        repo.write(name, text)
    repo.add(*files)
    return repo.git('commit', '-q', *args, env=env, check=False)


def message(repo: Repo) -> str:
    return repo.git('log', '-1', '--format=%B').stdout


def range_verdict(repo: Repo) -> dict[str, object]:
    proc = repo.aiguard('attribution', 'HEAD', '--format', 'json')
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize('declare', [
    {'env': {'AIGUARD_AI': 'none'}, 'args': ()},
    {'env': {'AIGUARD_AI': 'human'}, 'args': ()},
    {'env': {}, 'args': ('--trailer', 'AI-Assisted: none')},
])
@pytest.mark.parametrize('agent', [{'CLAUDECODE': '1'}, {'CODEX_THREAD_ID': 'thread-1'}, {'CURSOR_AGENT': '1'}])
def test_an_agent_shell_declaring_no_ai_use_stays_ai(hooked: Repo, agent: dict[str, str],
                                                     declare: dict) -> None:
    proc = attempt(hooked, {'src/auth/login.py': LOGIN}, '-m', 'Add login', *declare['args'],
                   env={**agent, **declare['env']})
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and 'POL001' in out, out  # held to the AI tier: human-only zone
    if declare['env']:  # a trailer is read at commit-msg, after pre-commit blocked
        assert 'aiguard: warning: declared human' in out and 'says otherwise: counted as AI-assisted' in out
    assert message(hooked).startswith('Initial commit')


def test_a_declaration_that_wins_over_the_agent_env_is_not_possible_through_the_pending_attribution(
        hooked: Repo) -> None:
    hooked.write('src/auth/login.py', LOGIN)
    hooked.add('src/auth/login.py')
    proc = hooked.aiguard('attribution', env={'CLAUDECODE': '1', 'AIGUARD_AI': 'none'})
    assert proc.stdout.startswith('AI-assisted (claude-code)'), proc.stdout
    assert 'declared human (AI-Assisted: none / AIGUARD_AI=none), but the assistant\'s own evidence ' \
           '(env:CLAUDECODE) says otherwise' in proc.stdout


def test_the_conflict_is_carried_in_the_trailer_so_ci_sees_it(hooked: Repo) -> None:
    proc = attempt(hooked, {'app.py': 'x = compute()\n'}, '-m', 'Add app', '--trailer', 'AI-Assisted: none',
                   env={'CLAUDECODE': '1'})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'conflict=declared-none' in message(hooked)
    doc = range_verdict(hooked)
    assert doc['ai_assisted'] and 'claude-code' in doc['tools']


def test_a_person_declaring_none_in_an_ide_terminal_is_human(hooked: Repo) -> None:
    proc = attempt(hooked, {'src/auth/login.py': LOGIN}, '-m', 'Add login',
                   env={'TERM_PROGRAM': 'vscode', 'GIT_PAGER': 'cat', 'CURSOR_TRACE_ID': 'x', 'AIGUARD_AI': 'none'})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'Assisted-by' not in message(hooked) and 'warning' not in proc.stderr


def test_an_assistants_lines_committed_from_a_persons_shell_are_ai(hooked: Repo) -> None:
    ledger.record_edit(hooked.path, 'src/auth/login.py', LOGIN.splitlines(), 'claude-code', 's1')
    proc = attempt(hooked, {'src/auth/login.py': LOGIN}, '-m', 'Add login')
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and 'POL001' in out and 'claude-code' in out, out


def test_an_assistants_lines_declared_human_are_still_ai(hooked: Repo) -> None:
    ledger.record_edit(hooked.path, 'src/auth/login.py', LOGIN.splitlines(), 'cursor', 's1')
    proc = attempt(hooked, {'src/auth/login.py': LOGIN}, '-m', 'Add login', '--trailer', 'AI-Assisted: none',
                   env={'AIGUARD_AI': 'none'})
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and 'POL001' in out, out
    assert 'ledger:cursor' in out


def test_no_verify_still_carries_the_ledger_to_ci(hooked: Repo) -> None:
    """--no-verify skips pre-commit and commit-msg, not prepare-commit-msg: the trailer is written
    and range mode holds the commit to the AI tier."""
    ledger.record_edit(hooked.path, 'src/auth/login.py', LOGIN.splitlines(), 'codex', 's1')
    proc = attempt(hooked, {'src/auth/login.py': LOGIN}, '--no-verify', '-m', 'Add login')
    assert proc.returncode == 0
    assert 'AI-Assisted: codex; score=90; signals=ledger:codex' in message(hooked)
    ci = hooked.aiguard('hook', 'ci', env={'PRE_COMMIT_FROM_REF': 'HEAD~1', 'PRE_COMMIT_TO_REF': 'HEAD'})
    assert ci.returncode == 1 and 'POL001' in ci.stdout, ci.stdout + ci.stderr


@pytest.mark.parametrize('damage', ['not a key\n', '', None])
def test_a_damaged_key_counts_the_recorded_files_as_the_assistants(hooked: Repo, damage: str | None) -> None:
    ledger.record_edit(hooked.path, 'src/auth/login.py', LOGIN.splitlines(), 'claude-code', 's1')
    directory = ledger.ledger_dir(hooked.path)
    if damage is None:
        os.remove(f'{directory}/key')
    else:
        with open(f'{directory}/key', 'w') as f:
            f.write(damage)
    proc = attempt(hooked, {'src/auth/login.py': 'def login(user):\n    return False\n'}, '-m', 'Add login')
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and 'POL001' in out, out
    assert 'aiguard: warning: the edit ledger key is missing or damaged' in out
    # the assistant's next edit sets the damaged ledger aside; its old records no longer count
    ledger.record_edit(hooked.path, 'other.py', ['value = compute_total(items)'], 'claude-code', 's1')
    kept_aside = ['edits.bad'] if damage is None else ['edits.bad', 'key.bad']
    assert sorted(os.listdir(directory)) == sorted(['compacted', 'edits', 'key', 'lock', *kept_aside])
    proc = hooked.git('commit', '-q', '-m', 'Add login', check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_damaged_records_are_skipped_with_a_warning_and_the_rest_still_match(hooked: Repo) -> None:
    ledger.record_edit(hooked.path, 'src/auth/login.py', LOGIN.splitlines(), 'claude-code', 's1')
    with open(os.path.join(ledger.ledger_dir(hooked.path), 'edits'), 'ab') as f:
        now = int(time.time())
        f.write(b'garbage\tline\n1\t%d\tx\t-\tsrc/auth/login.py\tnot-a-hash\n\xff\xfe\n' % now)
    proc = attempt(hooked, {'src/auth/login.py': LOGIN}, '-m', 'Add login')
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and 'POL001' in out, out
    assert 'aiguard: warning: 3 damaged edit ledger record(s) were ignored' in out

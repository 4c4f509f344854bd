"""The edit ledger: lines an assistant wrote make a person's commit AI-assisted."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from aiguard import ledger
from tests.repo import Repo
from tests.test_git_calls import _subcommands
from tests.test_lazy_imports import _commit_twice

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


def recorded_hashes(repo: Repo) -> dict[str, set[str]]:
    reading = ledger.read(repo.path)
    assert reading is not None and reading.problems == ()
    return {path: set(entries) for path, entries in reading.lines.items()}


def hashes_of(repo: Repo, lines: list[str]) -> set[str]:
    reading = ledger.read(repo.path)
    assert reading is not None and reading.key is not None
    digest = ledger.line_hasher(reading.key)
    return {digest(data) for data in map(ledger.normalise, lines) if data is not None}


WRITER = '''
import sys
from aiguard import ledger
root, worker = sys.argv[1], int(sys.argv[2])
for i in range(40):
    lines = [f"value_{worker}_{i}_{j} = compute({j})" for j in range(30)]
    ledger.record_edit(root, f"pkg/mod_{worker % 3}.py", lines, "claude-code", f"session-{worker}")
    if i % 10 == 0:
        ledger.compact(root)
'''


def test_concurrent_hooks_lose_nothing_and_corrupt_nothing(hooked: Repo) -> None:
    procs = [subprocess.Popen([sys.executable, '-c', WRITER, hooked.path, str(w)], env=hooked.env)
             for w in range(6)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 6
    got = recorded_hashes(hooked)
    for w in range(6):
        want = hashes_of(hooked, [f'value_{w}_{i}_{j} = compute({j})' for i in range(40) for j in range(30)])
        assert want <= got[f'pkg/mod_{w % 3}.py'], w
    edits = ledger_files(hooked)['edits']
    assert edits.endswith(b'\n') and all(len(line) < 4096 for line in edits.split(b'\n'))


def test_committed_lines_leave_the_ledger_at_the_next_recorded_edit(hooked: Repo) -> None:
    ledger.record_edit(hooked.path, 'app.py', HANDLER.splitlines(), 'claude-code', 's1')
    ledger.record_edit(hooked.path, 'later.py', ['pending = not_committed_yet()'], 'claude-code', 's1')
    hooked.commit_files({'app.py': HANDLER}, 'Add handler')
    assert 'app.py' in recorded_hashes(hooked)  # until an assistant edits again
    ledger.record_edit(hooked.path, 'other.py', ['another = line_of_code()'], 'claude-code', 's1')
    assert sorted(recorded_hashes(hooked)) == ['later.py', 'other.py']


def test_a_stashed_edit_is_still_the_assistants_when_it_comes_back(hooked: Repo) -> None:
    hooked.commit_files({'app.py': 'print("start")\n'}, 'app')
    ledger.record_edit(hooked.path, 'app.py', HANDLER.splitlines(), 'gemini-cli', 's1')
    hooked.write('app.py', 'print("start")\n' + HANDLER)
    hooked.git('stash', '-q')
    ledger.record_edit(hooked.path, 'other.py', ['another = line_of_code()'], 'gemini-cli', 's1')  # compacts
    hooked.git('stash', 'pop', '-q')
    hooked.add('app.py')
    hooked.git('commit', '-q', '-m', 'Add handler')
    assert 'Assisted-by: Gemini CLI:unknown' in message(hooked)


def test_a_rename_keeps_the_lines_and_amend_keeps_the_trailer(hooked: Repo) -> None:
    base = 'import os\n\n\ndef main():\n    print(os.getcwd())\n    return os.environ.copy()\n'
    hooked.commit_files({'old.py': base}, 'Add old')
    ledger.record_edit(hooked.path, 'old.py', HANDLER.splitlines(), 'copilot', 's1')
    hooked.git('mv', 'old.py', 'new.py')
    hooked.write('new.py', base + HANDLER)
    hooked.add('new.py')
    proc = hooked.git('commit', '-q', '-m', 'Move', check=False)
    assert proc.returncode == 0, proc.stderr
    assert 'R' in hooked.git('show', '--format=', '--name-status', '-M', 'HEAD').stdout
    assert 'AI-Assisted: copilot' in message(hooked)
    hooked.write('notes.md', 'by hand\n')
    hooked.add('notes.md')
    hooked.git('commit', '-q', '--amend', '--no-edit')
    assert 'AI-Assisted: copilot' in message(hooked)


def test_records_past_their_age_are_forgotten(hooked: Repo) -> None:
    ledger.record_edit(hooked.path, 'app.py', HANDLER.splitlines(), 'claude-code', 's1')
    path = os.path.join(ledger.ledger_dir(hooked.path), 'edits')
    with open(path) as f:
        fields = f.read().split('\t')
    fields[1] = str(int(time.time()) - ledger.MAX_AGE - 60)
    with open(path, 'w') as f:
        f.write('\t'.join(fields))
    hooked.write('app.py', HANDLER)
    hooked.add('app.py')
    assert json.loads(hooked.aiguard('attribution', '--format', 'json').stdout)['ai_assisted'] is False


def test_the_ledger_is_bounded(hooked: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, 'MAX_BYTES', 64 * 1024)
    for i in range(400):
        ledger.record_edit(hooked.path, f'f{i}.py', [f'value_{i}_{j} = compute({j})' for j in range(20)],
                           'claude-code', 's1')
    size = os.path.getsize(os.path.join(ledger.ledger_dir(hooked.path), 'edits'))
    assert size <= 64 * 1024
    assert 'f399.py' in recorded_hashes(hooked) and 'f0.py' not in recorded_hashes(hooked)  # oldest go first


def test_an_oversized_ledger_is_read_from_its_newest_records_with_a_warning(
        hooked: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(30):
        ledger.record_edit(hooked.path, f'f{i}.py', [f'value_{i}_{j} = compute({j})' for j in range(20)],
                           'claude-code', 's1')
    monkeypatch.setattr(ledger, 'READ_LIMIT', 2048)
    reading = ledger.read(hooked.path)
    assert reading is not None and 'f29.py' in reading.lines and 'f0.py' not in reading.lines
    assert reading.problems and 'over its' in reading.problems[0] and 'oldest records were not matched' in \
        reading.problems[0]


def test_paths_outside_the_work_tree_and_common_lines_are_not_recorded(hooked: Repo, tmp_path) -> None:
    ledger.record_edit(hooked.path, str(tmp_path / 'elsewhere.py'), ['value = compute(x)'], 'cursor', None)
    ledger.record_edit(hooked.path, 'a.py', ['}', 'pass', '    else:', '', '# --'], 'cursor', None)
    assert not os.path.exists(os.path.join(ledger.ledger_dir(hooked.path), 'edits'))


def test_worktrees_share_one_ledger(hooked: Repo, tmp_path) -> None:
    other = str(tmp_path / 'wt')
    hooked.git('worktree', 'add', '-q', other, '-b', 'side')
    ledger.record_edit(other, 'app.py', HANDLER.splitlines(), 'amp', 's1')
    assert os.path.exists(os.path.join(hooked.path, '.git', 'aiguard', 'ledger', 'edits'))
    with open(os.path.join(other, 'app.py'), 'w') as f:
        f.write(HANDLER)
    side = Repo(other)
    side.add('app.py')
    proc = side.git('commit', '-q', '-m', 'Add handler', check=False)
    assert proc.returncode == 0, proc.stderr
    assert 'Assisted-by: Amp:unknown' in side.git('log', '-1', '--format=%B').stdout


def test_the_commit_hook_looks_for_the_ledger_where_it_is_written(repo: Repo) -> None:
    from aiguard.attribution import LEDGER_EDITS

    assert os.path.join(ledger.ledger_dir(repo.path), 'edits') == \
        os.path.join(repo.path, '.git', LEDGER_EDITS)


def test_a_reindented_line_stays_the_assistants(repo: Repo) -> None:
    repo.commit_files({'README.md': 'hello\n'}, 'start')
    ledger.record_edit(repo.path, 'app.py', ['    value = compute_total(items)'], 'claude-code', 's1')
    repo.write('app.py', 'if ready:\n        value = compute_total(items)   \n')
    repo.add('app.py')
    doc = json.loads(repo.aiguard('attribution', '--format', 'json').stdout)
    assert doc['reasons'] == ['1 of 2 added lines were written by Claude Code (edit ledger: 1 file)']


def test_a_commit_with_a_ledger_starts_no_more_git_processes(repo: Repo, git_log: str) -> None:
    repo.commit_files({'README.md': '# Project\n', 'app.py': 'x = 1\n'}, 'start')
    ledger.record_edit(repo.path, 'README.md', ['More words from the assistant.'], 'claude-code', 's1')
    repo.write('README.md', '# Project\n\nMore words from the assistant.\n')
    repo.add('README.md')
    repo.git('config', 'user.name', 'Ada Human')
    repo.git('config', 'user.email', 'ada@example.com')
    for name in ('GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'):
        del repo.env[name]
    os.remove(git_log)
    proc = repo.aiguard('hook', 'pre-commit')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # as test_git_calls' docs commit: the policy files' and the blob's cat-file among them
    assert sorted(_subcommands(git_log)) == ['cat-file', 'cat-file', 'diff-index', 'diff-index', 'rev-parse', 'var']
    doc = json.loads(repo.aiguard('attribution', '--format', 'json').stdout)
    assert doc['ai_assisted'] and doc['tools'] == ['claude-code']  # the ledger was read, not skipped


def test_a_docs_commit_with_an_empty_ledger_imports_no_ledger_code(repo: Repo) -> None:
    directory = os.path.join(repo.path, '.git', 'aiguard', 'ledger')
    os.makedirs(directory)
    open(os.path.join(directory, 'edits'), 'wb').close()
    loaded = _commit_twice(repo, {'docs/guide.md': '# Guide\n\nRun the tests before you push.\n'})
    assert 'aiguard.ledger' not in loaded and 'hashlib' not in loaded


def test_matching_a_ledger_loads_no_openssl(repo: Repo) -> None:
    ledger.record_edit(repo.path, 'docs/guide.md', ['Run the tests before you push.'], 'claude-code', 's1')
    loaded = _commit_twice(repo, {'docs/guide.md': '# Guide\n\nRun the tests before you push.\n'})
    assert 'aiguard.ledger' in loaded and 'hashlib' not in loaded and '_hashlib' not in loaded


def test_through_pre_commit_the_named_staged_files_are_matched(repo: Repo) -> None:
    repo.commit_files({'.aiguard.yaml': 'human_only: ["src/auth/**"]\n', 'src/auth/login.py': 'import os\n'},
                      'start')
    ledger.record_edit(repo.path, 'src/auth/login.py', HANDLER.splitlines(), 'cursor', 's1')
    repo.write('src/auth/login.py', 'import os\n' + HANDLER)
    repo.add('src/auth/login.py')
    proc = repo.aiguard('hook', 'pre-commit', 'src/auth/login.py')  # as pre-commit runs the `aiguard` id
    assert proc.returncode == 1 and 'POL001' in proc.stdout and '(cursor)' in proc.stdout, proc.stdout


def test_an_unwritable_ledger_is_a_clean_error(repo: Repo) -> None:
    with open(os.path.join(repo.path, '.git', 'aiguard'), 'w') as f:
        f.write('in the way\n')
    with pytest.raises(ledger.LedgerError, match=r'aiguard/ledger: cannot write the edit ledger: '):
        ledger.record_edit(repo.path, 'app.py', ['value = compute_total(items)'], 'claude-code', 's1')


def test_an_append_still_being_written_is_not_damage(repo: Repo) -> None:
    ledger.record_edit(repo.path, 'app.py', HANDLER.splitlines(), 'claude-code', 's1')
    with open(os.path.join(ledger.ledger_dir(repo.path), 'edits'), 'ab') as f:
        f.write(b'1\t1796598922\tclaude-code\t-\tapp')  # no newline yet
    reading = ledger.read(repo.path)
    assert reading is not None and reading.problems == () and list(reading.lines) == ['app.py']

"""`aiguard agent ASSISTANT EVENT`: each assistant's documented hook JSON in, its exact reply out.

The payloads follow the schemas cited in docs/agents.md; every test runs the real command
on a real repository, as the assistant would.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from aiguard import agent_settings
from tests.repo import Repo, init_repo
from tests.test_canary import canaries

NO_VERIFY = ('aiguard refused this command: `git commit -n` skips the hooks that run aiguard; fix what they '
             'report instead. The checks are not optional for an assistant; fix what they report, or ask the '
             'person to decide.')
SQL = 'def find(cur, name):\n    cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n'
SQL_FINDING = ('app/db.py:2:5: PY001 [high] SQL built with string formatting reaches execute(); '
               'pass the values as parameters (blocking)')
BLOCK_HEAD = ('aiguard: this edit adds 1 problem(s) that block a commit of AI-written code. Fix them in the code '
              'now (a parameterized query, a secret read from the environment, ...); do not add suppression '
              'comments or move the code to avoid the check.')
TAIL = '`aiguard explain RULE_ID` shows how to fix each one.'


@pytest.fixture
def project(tmp_path) -> Repo:
    repo = init_repo(str(tmp_path / 'project'))
    repo.commit_files({'README.md': 'project\n', 'app/__init__.py': ''})
    return repo


def hook(repo: Repo, assistant: str, event: str, payload: dict[str, object] | str,
         cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return repo.aiguard('agent', assistant, event, input=text, cwd=cwd)


# ------------------------------------------------------------- each assistant's documented payloads


def claude_pre(repo: Repo, command: str) -> dict[str, object]:
    return {'session_id': 'abc123', 'transcript_path': '/tmp/t.jsonl', 'cwd': repo.path,
            'permission_mode': 'default', 'hook_event_name': 'PreToolUse', 'tool_name': 'Bash',
            'tool_input': {'command': command, 'description': 'commit the work'}, 'tool_use_id': 'toolu_01'}


def claude_write(repo: Repo, path: str, content: str) -> dict[str, object]:
    return {'session_id': 'abc123', 'transcript_path': '/tmp/t.jsonl', 'cwd': repo.path,
            'permission_mode': 'default', 'hook_event_name': 'PostToolUse', 'tool_name': 'Write',
            'tool_input': {'file_path': os.path.join(repo.path, path), 'content': content},
            'tool_response': {'filePath': os.path.join(repo.path, path), 'success': True},
            'tool_use_id': 'toolu_02'}


def codex_pre(repo: Repo, command: str) -> dict[str, object]:
    return {'cwd': repo.path, 'hook_event_name': 'PreToolUse', 'model': 'gpt-5-codex',
            'permission_mode': 'default', 'session_id': 's-1', 'tool_input': {'command': command},
            'tool_name': 'Bash', 'tool_use_id': 'call_1', 'transcript_path': None}


def gemini_pre(repo: Repo, command: str) -> dict[str, object]:
    return {'session_id': 'g-1', 'transcript_path': '/tmp/g.json', 'cwd': repo.path,
            'hook_event_name': 'BeforeTool', 'timestamp': '2026-12-06T23:00:00Z',
            'tool_name': 'run_shell_command', 'tool_input': {'command': command}}


def cursor_pre(repo: Repo, command: str) -> dict[str, object]:
    return {'hook_event_name': 'beforeShellExecution', 'conversation_id': 'conv-1', 'generation_id': 'gen-1',
            'workspace_roots': [repo.path], 'command': command, 'cwd': repo.path}


def copilot_pre(repo: Repo, command: str) -> dict[str, object]:
    return {'sessionId': 'cp-1', 'timestamp': 1704614400000, 'cwd': repo.path, 'toolName': 'bash',
            'toolArgs': json.dumps({'command': command})}


DENIALS = {
    'claude': (claude_pre, lambda r: {'hookSpecificOutput': {
        'hookEventName': 'PreToolUse', 'permissionDecision': 'deny', 'permissionDecisionReason': r}}),
    'codex': (codex_pre, lambda r: {'hookSpecificOutput': {
        'hookEventName': 'PreToolUse', 'permissionDecision': 'deny', 'permissionDecisionReason': r}}),
    'gemini': (gemini_pre, lambda r: {'decision': 'deny', 'reason': r}),
    'cursor': (cursor_pre, lambda r: {'permission': 'deny', 'user_message': r, 'agent_message': r}),
    'copilot': (copilot_pre, lambda r: {'permissionDecision': 'deny', 'permissionDecisionReason': r}),
}
ALLOW_STDOUT = {'claude': '', 'codex': '', 'gemini': '{}\n', 'cursor': '{}\n', 'copilot': ''}


@pytest.mark.parametrize('assistant', sorted(DENIALS))
def test_pre_tool_denies_no_verify_in_each_format(project: Repo, assistant: str) -> None:
    payload, expected = DENIALS[assistant]
    proc = hook(project, assistant, 'pre-tool', payload(project, 'git add -A && git commit -n -m wip'))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == expected(NO_VERIFY)
    assert proc.stderr == ''


@pytest.mark.parametrize('assistant', sorted(DENIALS))
def test_pre_tool_allows_an_ordinary_commit_in_each_format(project: Repo, assistant: str) -> None:
    payload, _ = DENIALS[assistant]
    proc = hook(project, assistant, 'pre-tool', payload(project, 'git commit -m "-n is not a flag here"'))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, ALLOW_STDOUT[assistant], '')


def test_copilot_tool_args_as_an_object(project: Repo) -> None:
    payload = copilot_pre(project, '')
    payload['toolArgs'] = {'command': 'git push --no-verify'}
    proc = hook(project, 'copilot', 'pre-tool', payload)
    assert json.loads(proc.stdout)['permissionDecision'] == 'deny'


def test_pre_tool_refuses_an_edit_tool_writing_a_git_hook(project: Repo) -> None:
    payload = claude_write(project, '.git/hooks/pre-commit', '#!/bin/sh\nexit 0\n')
    payload.update(hook_event_name='PreToolUse')
    del payload['tool_response']
    proc = hook(project, 'claude', 'pre-tool', payload)
    out = json.loads(proc.stdout)['hookSpecificOutput']
    assert out['permissionDecision'] == 'deny'
    assert out['permissionDecisionReason'] == (
        'aiguard refused this edit: ' + os.path.join(project.path, '.git/hooks/pre-commit') + ' is the git hooks '
        'directory; an assistant may not change the hooks that check its work (a person edits this file).')


@pytest.mark.parametrize('path', ['.claude/settings.json', '.claude/settings.local.json', '.gemini/settings.json'])
def test_pre_tool_refuses_an_edit_of_the_assistants_hook_settings(project: Repo, path: str) -> None:
    payload = claude_write(project, path, '{"disableAllHooks": true}')
    payload.update(hook_event_name='PreToolUse')
    proc = hook(project, 'claude', 'pre-tool', payload)
    reason = json.loads(proc.stdout)['hookSpecificOutput']['permissionDecisionReason']
    assert "is an assistant's hook settings" in reason


def test_reading_the_hook_settings_is_not_refused(project: Repo) -> None:
    payload = {'sessionId': 'cp-1', 'timestamp': 1704614400000, 'cwd': project.path, 'toolName': 'view',
               'toolArgs': {'path': os.path.join(project.path, '.claude/settings.json')}}
    proc = hook(project, 'copilot', 'pre-tool', payload)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, '', '')


def test_codex_apply_patch_into_git_hooks_is_refused(project: Repo) -> None:
    payload = codex_pre(project, '*** Begin Patch\n*** Add File: .git/hooks/commit-msg\n+exit 0\n*** End Patch\n')
    payload['tool_name'] = 'apply_patch'
    proc = hook(project, 'codex', 'pre-tool', payload)
    assert json.loads(proc.stdout)['hookSpecificOutput']['permissionDecision'] == 'deny'


# ------------------------------------------------------------- post-tool: feedback on what the edit added


def test_claude_write_with_sql_injection_is_handed_back_as_a_block(project: Repo) -> None:
    project.write('app/db.py', SQL)
    proc = hook(project, 'claude', 'post-tool', claude_write(project, 'app/db.py', SQL))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {'decision': 'block', 'reason': f'{BLOCK_HEAD}\n{SQL_FINDING}\n{TAIL}'}


def test_a_secret_is_reported_redacted_never_in_full(project: Repo) -> None:
    secret = canaries()['aws']
    text = f'AWS_ACCESS_KEY_ID = "{secret}"\n'
    project.write('app/settings.py', text)
    proc = hook(project, 'claude', 'post-tool', claude_write(project, 'app/settings.py', text))
    reason = json.loads(proc.stdout)['reason']
    assert 'app/settings.py:1:22: SEC002 [critical] AWS access key id: AKIA…(20 chars) (blocking)' in reason
    assert secret not in proc.stdout + proc.stderr


def test_only_what_the_edit_added_counts(project: Repo) -> None:
    secret = canaries()['github']
    project.commit_files({'app/old.py': f'TOKEN = "{secret}"\n'})  # already committed: not this edit's
    project.write('app/old.py', f'TOKEN = "{secret}"\nRETRIES = 3\n')
    proc = hook(project, 'claude', 'post-tool', claude_write(project, 'app/old.py', 'RETRIES = 3\n'))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, '', '')


def test_a_finding_under_the_threshold_is_context_not_a_block(project: Repo) -> None:
    project.write('Dockerfile', 'FROM python\nUSER app\n')
    proc = hook(project, 'claude', 'post-tool', claude_write(project, 'Dockerfile', 'FROM python\n'))
    out = json.loads(proc.stdout)
    assert list(out) == ['hookSpecificOutput']
    assert out['hookSpecificOutput']['hookEventName'] == 'PostToolUse'
    assert out['hookSpecificOutput']['additionalContext'] == (
        'aiguard: notes on this edit (1; they do not block a commit):\n'
        'Dockerfile:1:6: DOCKER001 [low] A base image has no tag or uses :latest (python is untagged)\n' + TAIL)


def test_a_human_only_path_is_refused_at_edit_time(project: Repo) -> None:
    project.commit_files({'.aiguard.yaml': 'human_only: ["app/auth/**"]\n'})
    project.write('app/auth/login.py', 'ALLOWED = True\n')
    proc = hook(project, 'claude', 'post-tool', claude_write(project, 'app/auth/login.py', 'ALLOWED = True\n'))
    reason = json.loads(proc.stdout)['reason']
    assert 'app/auth/login.py:1:1: POL001' in reason and 'human-only' in reason


def test_an_uncommitted_config_the_assistant_writes_does_not_silence_its_feedback(project: Repo) -> None:
    project.write('.aiguard.yaml', 'exclude: ["**"]\nrules: {PY001: off}\n')  # untracked, as an agent writes it
    project.write('app/db.py', SQL)
    proc = hook(project, 'claude', 'post-tool', claude_write(project, 'app/db.py', SQL))
    assert json.loads(proc.stdout) == {'decision': 'block', 'reason': f'{BLOCK_HEAD}\n{SQL_FINDING}\n{TAIL}'}


def test_an_ignored_file_is_not_scanned(project: Repo) -> None:
    secret = canaries()['stripe']
    project.commit_files({'.gitignore': '.env\n'})
    project.write('.env', f'STRIPE_KEY={secret}\n')
    proc = hook(project, 'claude', 'post-tool', claude_write(project, '.env', f'STRIPE_KEY={secret}\n'))
    assert (proc.returncode, proc.stdout) == (0, '')


def test_codex_apply_patch_is_scanned(project: Repo) -> None:
    project.write('app/db.py', SQL)
    patch = '*** Begin Patch\n*** Add File: app/db.py\n' + ''.join('+' + ln + '\n' for ln in SQL.splitlines()) + \
        '*** End Patch\n'
    payload = {**codex_pre(project, patch), 'hook_event_name': 'PostToolUse', 'tool_name': 'apply_patch',
               'tool_response': 'Success. Updated the following files:\nA app/db.py\n', 'turn_id': 't-1'}
    proc = hook(project, 'codex', 'post-tool', payload)
    assert json.loads(proc.stdout) == {'decision': 'block', 'reason': f'{BLOCK_HEAD}\n{SQL_FINDING}\n{TAIL}'}


def test_gemini_after_tool_appends_context(project: Repo) -> None:
    project.write('app/db.py', SQL)
    payload = {**gemini_pre(project, ''), 'hook_event_name': 'AfterTool', 'tool_name': 'write_file',
               'tool_input': {'file_path': os.path.join(project.path, 'app/db.py'), 'content': SQL},
               'tool_response': {'llmContent': 'ok', 'returnDisplay': 'ok'}}
    proc = hook(project, 'gemini', 'post-tool', payload)
    assert json.loads(proc.stdout) == {'hookSpecificOutput': {'additionalContext': f'{BLOCK_HEAD}\n{SQL_FINDING}\n{TAIL}'}}


def test_gemini_replace_relative_to_its_cwd(project: Repo) -> None:
    project.write('app/db.py', SQL)
    payload = {**gemini_pre(project, ''), 'hook_event_name': 'AfterTool', 'tool_name': 'replace',
               'cwd': os.path.join(project.path, 'app'),
               'tool_input': {'file_path': 'db.py', 'old_string': 'x', 'new_string': SQL},
               'tool_response': {'llmContent': 'ok', 'returnDisplay': 'ok'}}
    proc = hook(project, 'gemini', 'post-tool', payload)
    assert SQL_FINDING in json.loads(proc.stdout)['hookSpecificOutput']['additionalContext']


def test_cursor_after_file_edit(project: Repo) -> None:
    project.write('app/db.py', SQL)
    payload = {'hook_event_name': 'afterFileEdit', 'conversation_id': 'conv-1', 'generation_id': 'gen-1',
               'workspace_roots': [project.path], 'file_path': os.path.join(project.path, 'app/db.py'),
               'edits': [{'old_string': '', 'new_string': SQL}]}
    proc = hook(project, 'cursor', 'post-tool', payload)
    assert json.loads(proc.stdout) == {'additional_context': f'{BLOCK_HEAD}\n{SQL_FINDING}\n{TAIL}'}


def test_copilot_post_tool_tells_the_person(project: Repo) -> None:
    project.write('app/db.py', SQL)
    payload = {'sessionId': 'cp-1', 'timestamp': 1704614400000, 'cwd': project.path, 'toolName': 'create',
               'toolArgs': {'path': os.path.join(project.path, 'app/db.py'), 'file_text': SQL},
               'toolResult': {'resultType': 'success', 'textResultForLlm': 'created'}}
    proc = hook(project, 'copilot', 'post-tool', payload)
    assert (proc.returncode, proc.stdout) == (2, '')
    assert proc.stderr == f'{BLOCK_HEAD}\n{SQL_FINDING}\n{TAIL}\n'


@pytest.mark.parametrize('assistant', ['claude', 'codex', 'copilot'])
def test_a_clean_edit_says_nothing(project: Repo, assistant: str) -> None:
    project.write('app/ok.py', 'VALUE = 1\n')
    proc = hook(project, assistant, 'post-tool', claude_write(project, 'app/ok.py', 'VALUE = 1\n'))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, '', '')


# ------------------------------------------------------------- errors and odd input


@pytest.mark.parametrize('assistant', sorted(DENIALS))
def test_bad_input_says_so_without_blocking(project: Repo, assistant: str) -> None:
    proc = hook(project, assistant, 'post-tool', '{"tool_name": ')
    assert proc.returncode == 1  # non-blocking in every protocol (2 would block)
    assert proc.stdout == ''
    assert proc.stderr.startswith(f'aiguard: error: agent hook {assistant} post-tool failed: the hook input is not JSON')
    assert 'Traceback' not in proc.stderr


def test_a_broken_config_is_a_hook_error_not_a_block(project: Repo) -> None:
    project.commit_files({'.aiguard.yaml': 'fail_on: sometimes\n'})
    project.write('app/db.py', SQL)
    proc = hook(project, 'claude', 'post-tool', claude_write(project, 'app/db.py', SQL))
    assert proc.returncode == 1 and proc.stdout == ''
    assert proc.stderr.startswith('aiguard: error: agent hook claude post-tool failed: ')
    assert 'fail_on' in proc.stderr


def test_outside_a_repository_nothing_happens(tmp_path, project: Repo) -> None:
    elsewhere = tmp_path / 'loose'
    elsewhere.mkdir()
    (elsewhere / 'db.py').write_text(SQL)
    payload = claude_write(project, 'x', SQL)
    payload.update(cwd=str(elsewhere), tool_input={'file_path': str(elsewhere / 'db.py'), 'content': SQL})
    proc = hook(project, 'claude', 'post-tool', payload, cwd=str(elsewhere))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, '', '')


def test_the_installed_command_runs_from_any_directory_without_a_virtualenv(project: Repo) -> None:
    assert project.aiguard('init', '--agents', '--assistant', 'claude').returncode == 0
    with open(os.path.join(project.path, '.claude/settings.json')) as f:
        settings = json.load(f)
    pre = settings['hooks']['PreToolUse'][-1]['hooks'][0]['command']
    assert pre.startswith(sys.executable) or pre.startswith("'" + sys.executable)
    sub = os.path.join(project.path, 'app')
    env = {**project.env, 'PATH': '/usr/bin:/bin'}
    env.pop('VIRTUAL_ENV', None)
    proc = subprocess.run(['/bin/sh', '-c', pre], cwd=sub, env=env, input=json.dumps(
        claude_pre(project, 'HUSKY=0 git commit -m x')), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    reason = json.loads(proc.stdout)['hookSpecificOutput']['permissionDecisionReason']
    assert 'HUSKY=0' in reason
    assert agent_settings.is_ours(settings['hooks']['PreToolUse'][-1]['hooks'][0])


# ------------------------------------------------------------- stop: the end of the turn carries what post-tool could not


def copilot_post(repo: Repo, path: str, text: str) -> dict[str, object]:
    return {'sessionId': 'cp-9', 'timestamp': 1704614400000, 'cwd': repo.path, 'toolName': 'edit',
            'toolArgs': {'path': os.path.join(repo.path, path), 'new_str': text},
            'toolResult': {'resultType': 'success', 'textResultForLlm': 'edited'}}


def copilot_stop(repo: Repo) -> dict[str, object]:
    return {'sessionId': 'cp-9', 'timestamp': 1704614400001, 'cwd': repo.path,
            'transcriptPath': '/tmp/cp.jsonl', 'stopReason': 'end_turn'}


def test_copilot_agent_stop_sends_the_agent_back_until_fixed(project: Repo) -> None:
    project.write('app/db.py', SQL)
    assert hook(project, 'copilot', 'post-tool', copilot_post(project, 'app/db.py', SQL)).returncode == 2
    proc = hook(project, 'copilot', 'stop', copilot_stop(project))
    head = BLOCK_HEAD.replace('this edit adds', 'your edits left')
    assert json.loads(proc.stdout) == {'decision': 'block', 'reason': f'{head}\n{SQL_FINDING}\n{TAIL}'}
    fixed = 'def find(cur, name):\n    cur.execute("SELECT * FROM users WHERE name = ?", (name,))\n'
    project.write('app/db.py', fixed)
    assert hook(project, 'copilot', 'post-tool', copilot_post(project, 'app/db.py', fixed)).returncode == 0
    proc = hook(project, 'copilot', 'stop', copilot_stop(project))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, '', '')


def test_copilot_agent_stop_gives_up_after_three_reminders(project: Repo) -> None:
    project.write('app/db.py', SQL)
    hook(project, 'copilot', 'post-tool', copilot_post(project, 'app/db.py', SQL))
    for _ in range(3):
        assert json.loads(hook(project, 'copilot', 'stop', copilot_stop(project)).stdout)['decision'] == 'block'
    proc = hook(project, 'copilot', 'stop', copilot_stop(project))
    assert (proc.returncode, proc.stdout) == (0, '')
    assert 'remain after 3 reminders; the commit hook will block them' in proc.stderr


def test_cursor_stop_asks_for_a_follow_up(project: Repo) -> None:
    project.write('app/db.py', SQL)
    payload = {'hook_event_name': 'afterFileEdit', 'conversation_id': 'conv-7', 'generation_id': 'gen-1',
               'workspace_roots': [project.path], 'file_path': os.path.join(project.path, 'app/db.py'),
               'edits': [{'old_string': '', 'new_string': SQL}]}
    hook(project, 'cursor', 'post-tool', payload)
    proc = hook(project, 'cursor', 'stop', {'hook_event_name': 'stop', 'conversation_id': 'conv-7',
                                            'generation_id': 'gen-2', 'workspace_roots': [project.path],
                                            'status': 'completed', 'loop_count': 0})
    assert json.loads(proc.stdout) == {
        'followup_message': f'{BLOCK_HEAD.replace("this edit adds", "your edits left")}\n{SQL_FINDING}\n{TAIL}'}


# ------------------------------------------------------------- the edit ledger's interface


LEDGER_STUB = '''
import json, os, sys, types
stub = types.ModuleType('aiguard.ledger')
def record_edit(root, path, added_lines, tool, session):
    with open(os.environ['LEDGER_LOG'], 'a') as f:
        f.write(json.dumps([root, path, list(added_lines), tool, session]) + '\\n')
stub.record_edit = record_edit
sys.modules['aiguard.ledger'] = stub
'''


def test_post_tool_records_the_edit_in_the_ledger(project: Repo) -> None:
    from aiguard import ledger

    project.commit_files({'app/util.py': 'TIMEOUT = 10\nRETRIES = 2\n'})
    project.write('app/util.py', 'TIMEOUT = 10\nBACKOFF_SECONDS = 1.5\nRETRIES = 2\nMAX_WAIT = 30\n')
    proc = hook(project, 'claude', 'post-tool', claude_write(project, 'app/util.py', ''))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, '', '')
    reading = ledger.read(project.path, ['app/util.py'])
    assert reading is not None and not reading.problems
    entries = reading.lines['app/util.py']
    assert len(entries) == 2  # the two added lines, not the two the file had
    assert {e.tool for e in entries.values()} == {'claude-code'}
    with open(os.path.join(ledger.ledger_dir(project.path), 'edits'), 'rb') as f:
        stored = f.read()
    assert b'BACKOFF' not in stored and b'MAX_WAIT' not in stored  # hashes, never content
    # whoever commits the lines, the commit counts as AI-assisted by Claude Code
    project.add('app/util.py')
    attribution = json.loads(project.aiguard('attribution', '--format', 'json').stdout)
    assert attribution['ai_assisted'] is True and attribution['tools'] == ['claude-code']


def test_post_tool_hands_the_ledger_the_lines_the_edit_added(project: Repo, tmp_path) -> None:
    site = tmp_path / 'site'
    site.mkdir()
    (site / 'sitecustomize.py').write_text(LEDGER_STUB)
    log = tmp_path / 'ledger.log'
    project.commit_files({'app/util.py': 'A = 1\nB = 2\n'})
    project.write('app/util.py', 'A = 1\nNEW = 3\nB = 2\nLAST = 4\n')
    project.write('app/fresh.py', 'X = 1\n')
    env = {'PYTHONPATH': str(site), 'LEDGER_LOG': str(log)}
    for path in ('app/util.py', 'app/fresh.py', 'README.md'):  # README.md: unchanged, nothing to record
        payload = claude_write(project, path, '')
        proc = project.aiguard('agent', 'claude', 'post-tool', input=json.dumps(payload), env=env)
        assert proc.returncode == 0, proc.stderr
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    root = os.path.realpath(project.path)
    assert [[os.path.realpath(e[0]), *e[1:]] for e in entries] == [
        [root, 'app/util.py', ['NEW = 3', 'LAST = 4'], 'Claude Code', 'abc123'],
        [root, 'app/fresh.py', ['X = 1'], 'Claude Code', 'abc123'],
    ]

"""`aiguard init --agents`: aiguard's hooks merged into each assistant's settings, never clobbering."""
from __future__ import annotations

import json
import os
import shlex
import sys

import pytest

from aiguard import agent_settings
from tests.repo import Repo

PY = shlex.quote(sys.executable)


def read_json(repo: Repo, name: str) -> dict[str, object]:
    with open(os.path.join(repo.path, name), encoding='utf-8') as f:
        return json.load(f)


def test_each_assistant_gets_its_documented_shape(repo: Repo) -> None:
    proc = repo.aiguard('init', '--agents')
    assert proc.returncode == 0, proc.stderr
    assert read_json(repo, '.claude/settings.json') == {'hooks': {
        'PreToolUse': [{'matcher': 'Bash|Write|Edit|MultiEdit', 'hooks': [
            {'type': 'command', 'command': f'{PY} -m aiguard agent claude pre-tool'}]}],
        'PostToolUse': [{'matcher': 'Write|Edit|MultiEdit|NotebookEdit', 'hooks': [
            {'type': 'command', 'command': f'{PY} -m aiguard agent claude post-tool'}]}],
    }}
    assert read_json(repo, '.cursor/hooks.json') == {'version': 1, 'hooks': {
        'beforeShellExecution': [{'command': f'{PY} -m aiguard agent cursor pre-tool'}],
        'afterFileEdit': [{'command': f'{PY} -m aiguard agent cursor post-tool'}],
        'stop': [{'command': f'{PY} -m aiguard agent cursor stop'}],
    }}
    assert read_json(repo, '.gemini/settings.json') == {'hooks': {
        'BeforeTool': [{'matcher': 'run_shell_command|write_file|replace', 'hooks': [
            {'type': 'command', 'command': f'{PY} -m aiguard agent gemini pre-tool', 'name': 'aiguard-pre-tool'}]}],
        'AfterTool': [{'matcher': 'write_file|replace', 'hooks': [
            {'type': 'command', 'command': f'{PY} -m aiguard agent gemini post-tool', 'name': 'aiguard-post-tool'}]}],
    }}
    assert read_json(repo, '.codex/hooks.json') == {'hooks': {
        'PreToolUse': [{'matcher': 'Bash|apply_patch', 'hooks': [
            {'type': 'command', 'command': f'{PY} -m aiguard agent codex pre-tool'}]}],
        'PostToolUse': [{'matcher': 'apply_patch|Edit|Write', 'hooks': [
            {'type': 'command', 'command': f'{PY} -m aiguard agent codex post-tool'}]}],
    }}
    assert read_json(repo, '.github/hooks/aiguard.json') == {'version': 1, 'hooks': {
        'preToolUse': [{'type': 'command', 'bash': f'{PY} -m aiguard agent copilot pre-tool', 'timeoutSec': 30}],
        'postToolUse': [{'type': 'command', 'bash': f'{PY} -m aiguard agent copilot post-tool', 'timeoutSec': 30}],
        'agentStop': [{'type': 'command', 'bash': f'{PY} -m aiguard agent copilot stop', 'timeoutSec': 30}],
    }}
    assert 'hooks = true' in proc.stdout  # how Codex's feature flag is turned on


MINE = {
    'permissions': {'allow': ['Bash(npm test)']},
    'model': 'opus',
    'hooks': {
        'PreToolUse': [{'matcher': 'Bash', 'hooks': [{'type': 'command', 'command': './scripts/guard.sh'}]}],
        'Stop': [{'hooks': [{'type': 'command', 'command': 'make lint'}]}],
    },
}


def test_merge_keeps_everything_and_is_idempotent(repo: Repo) -> None:
    repo.write('.claude/settings.json', json.dumps(MINE))
    assert repo.aiguard('init', '--agents', '--assistant', 'claude').returncode == 0
    merged = read_json(repo, '.claude/settings.json')
    assert merged['permissions'] == MINE['permissions'] and merged['model'] == 'opus'
    assert merged['hooks']['Stop'] == MINE['hooks']['Stop']
    assert merged['hooks']['PreToolUse'][0] == MINE['hooks']['PreToolUse'][0]
    assert len(merged['hooks']['PreToolUse']) == 2
    with open(os.path.join(repo.path, '.claude/settings.json'), 'rb') as f:
        before = f.read()
    proc = repo.aiguard('init', '--agents', '--assistant', 'claude')
    with open(os.path.join(repo.path, '.claude/settings.json'), 'rb') as f:
        assert f.read() == before
    assert 'skipped  .claude/settings.json: already has the aiguard hooks' in proc.stdout


def test_uninstall_removes_only_aiguards_entries(repo: Repo) -> None:
    repo.write('.claude/settings.json', json.dumps(MINE))
    repo.write('.cursor/hooks.json', json.dumps({'version': 1, 'hooks': {'afterFileEdit': [{'command': 'fmt'}]}}))
    assert repo.aiguard('init', '--agents').returncode == 0
    proc = repo.aiguard('init', '--agents', '--uninstall')
    assert proc.returncode == 0, proc.stderr
    assert read_json(repo, '.claude/settings.json') == MINE
    assert read_json(repo, '.cursor/hooks.json') == {'version': 1, 'hooks': {'afterFileEdit': [{'command': 'fmt'}]}}
    for name in ('.gemini/settings.json', '.codex/hooks.json', '.github/hooks/aiguard.json'):
        assert not os.path.exists(os.path.join(repo.path, name)), name  # held only aiguard's hooks
    assert os.path.exists(os.path.join(repo.path, 'AGENTS.md'))  # guidance is not a hook setting
    again = repo.aiguard('init', '--agents', '--uninstall')
    assert 'updated' not in again.stdout


def test_a_moved_interpreter_replaces_the_old_entry(tmp_path) -> None:
    root = str(tmp_path)
    spec = next(s for s in agent_settings.HOOK_FILES if s.assistant == 'codex')
    agent_settings.apply(root, spec, True, python='/old/venv/bin/python')
    agent_settings.apply(root, spec, True, python='/new venv/bin/python')
    with open(os.path.join(root, spec.path)) as f:
        data = json.load(f)
    commands = [h['command'] for g in data['hooks']['PreToolUse'] for h in g['hooks']]
    assert commands == ["'/new venv/bin/python' -m aiguard agent codex pre-tool"]


def test_a_file_that_is_not_json_is_left_alone(repo: Repo) -> None:
    text = '{\n  // Gemini settings with a comment\n  "theme": "dark"\n}\n'
    repo.write('.gemini/settings.json', text)
    proc = repo.aiguard('init', '--agents', '--assistant', 'gemini')
    assert proc.returncode == 0
    with open(os.path.join(repo.path, '.gemini/settings.json')) as f:
        assert f.read() == text
    assert 'skipped  .gemini/settings.json: not valid JSON (comments?); not changed, add the aiguard entries by hand' \
        in proc.stdout
    assert '"BeforeTool"' in proc.stdout  # the snippet to paste


@pytest.mark.parametrize('content', ['[]', '{"hooks": []}', '{"hooks": {"PreToolUse": {}}}'])
def test_unexpected_shapes_are_left_alone(repo: Repo, content: str) -> None:
    repo.write('.claude/settings.json', content)
    proc = repo.aiguard('init', '--agents', '--assistant', 'claude')
    assert proc.returncode == 0
    with open(os.path.join(repo.path, '.claude/settings.json')) as f:
        assert f.read() == content
    assert 'skipped  .claude/settings.json' in proc.stdout


def test_uninstall_needs_agents(repo: Repo) -> None:
    proc = repo.aiguard('init', '--uninstall')
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("aiguard: error: --uninstall only applies to --agents "
                                   "(the assistants' hook settings)")


def test_other_tools_entries_are_not_taken_for_aiguards() -> None:
    assert not agent_settings.is_ours({'command': 'echo aiguard'})
    assert not agent_settings.is_ours({'command': 'npx my-aiguardian agent x'})
    assert agent_settings.is_ours({'command': '/usr/bin/aiguard agent claude pre-tool'})
    assert agent_settings.is_ours({'bash': "'/opt/py 3/bin/python' -m aiguard agent copilot post-tool"})

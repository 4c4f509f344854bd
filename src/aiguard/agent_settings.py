"""`aiguard init --agents`: aiguard's hook entries in each assistant's settings file, merged in.

Each file is read as JSON and written back with every key it had; only entries whose
command runs `aiguard agent` are aiguard's, so a second run changes nothing and
`--uninstall` removes those entries alone. A file that is not valid JSON is never
rewritten: the entries to add by hand are printed instead.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from aiguard import atomic, records
from aiguard.scaffold import Outcome

OURS = re.compile(r'(^|[\s/\\"\'])(-m\s+)?aiguard[\s"\']+agent\s')


@records.record(frozen=True)
class HookFile:
    """Where one assistant reads hooks and how its entries look."""

    assistant: str
    path: str
    style: str  # 'groups': {event: [{matcher, hooks: [...]}]}; 'flat': {version: 1, hooks: {event: [entry]}}
    pre_event: str
    post_event: str
    pre_matcher: str = ''
    post_matcher: str = ''
    stop_event: str = ''  # where the post-edit reply does not reach the model: the end of the turn does

    def events(self) -> list[tuple[str, str, str]]:
        """(event name in the file, aiguard's event, matcher) for each wired event."""
        out = [(self.pre_event, 'pre-tool', self.pre_matcher), (self.post_event, 'post-tool', self.post_matcher)]
        return out + ([(self.stop_event, 'stop', '')] if self.stop_event else [])


HOOK_FILES: tuple[HookFile, ...] = (
    HookFile('claude', '.claude/settings.json', 'groups', 'PreToolUse', 'PostToolUse',
             'Bash|Write|Edit|MultiEdit', 'Write|Edit|MultiEdit|NotebookEdit'),
    HookFile('cursor', '.cursor/hooks.json', 'flat', 'beforeShellExecution', 'afterFileEdit', stop_event='stop'),
    HookFile('gemini', '.gemini/settings.json', 'groups', 'BeforeTool', 'AfterTool',
             'run_shell_command|write_file|replace', 'write_file|replace'),
    HookFile('codex', '.codex/hooks.json', 'groups', 'PreToolUse', 'PostToolUse',
             'Bash|apply_patch', 'apply_patch|Edit|Write'),
    HookFile('copilot', '.github/hooks/aiguard.json', 'flat', 'preToolUse', 'postToolUse', stop_event='agentStop'),
)
NOTES = {
    'codex': 'Codex runs hooks with its hooks feature on: `[features] hooks = true` in ~/.codex/config.toml '
             '(`codex_hooks = true` before 0.124)',
}


def command(assistant: str, event: str, python: str | None = None) -> str:
    """The hook command: this interpreter's absolute path, so no PATH or virtualenv is needed."""
    return f'{shlex.quote(python or sys.executable)} -m aiguard agent {assistant} {event}'


def is_ours(entry: Any) -> bool:
    """An entry (or command hook) that runs `aiguard agent`."""
    if not isinstance(entry, Mapping):
        return False
    return any(isinstance(entry.get(k), str) and OURS.search(entry[k]) for k in ('command', 'bash', 'powershell'))


def _entry(spec: HookFile, event: str, python: str | None) -> dict[str, Any]:
    cmd = command(spec.assistant, event, python)
    if spec.assistant == 'copilot':
        return {'type': 'command', 'bash': cmd, 'timeoutSec': 30}
    if spec.assistant == 'cursor':
        return {'command': cmd}
    hook: dict[str, Any] = {'type': 'command', 'command': cmd}
    if spec.assistant == 'gemini':
        hook['name'] = f'aiguard-{event}'
    return hook


def _without_ours(items: list[Any], style: str) -> list[Any]:
    if style == 'flat':
        return [e for e in items if not is_ours(e)]
    kept = []
    for group in items:
        if isinstance(group, dict) and isinstance(group.get('hooks'), list) and any(map(is_ours, group['hooks'])):
            rest = [h for h in group['hooks'] if not is_ours(h)]
            if rest:
                kept.append({**group, 'hooks': rest})
        else:
            kept.append(group)
    return kept


def merged(spec: HookFile, data: dict[str, Any], install: bool, python: str | None = None) -> dict[str, Any]:
    """`data` with aiguard's entries replaced (install) or removed; every other key kept."""
    out = dict(data)
    if spec.style == 'flat' and install:
        out.setdefault('version', 1)
    hooks = out.get('hooks')
    if hooks is None:
        hooks = {}
    if not isinstance(hooks, dict):
        raise ValueError('"hooks" is not an object')
    hooks = dict(hooks)
    for event, ours, matcher in spec.events():
        items = hooks.get(event, [])
        if not isinstance(items, list):
            raise ValueError(f'"hooks.{event}" is not a list')
        items = _without_ours(items, spec.style)
        if install:
            entry = _entry(spec, ours, python)
            items.append(entry if spec.style == 'flat' else {'matcher': matcher, 'hooks': [entry]})
        if items:
            hooks[event] = items
        else:
            hooks.pop(event, None)
    if hooks or 'hooks' in data:
        out['hooks'] = hooks
    return out


def _empty(data: Mapping[str, Any]) -> bool:
    """Nothing left but an empty skeleton aiguard would have written."""
    return not data.get('hooks') and set(data) <= {'version', 'hooks'}


def apply(root: str, spec: HookFile, install: bool, python: str | None = None) -> Outcome:
    """Merge (or remove) aiguard's entries in one assistant's file."""
    full = os.path.join(root, spec.path)
    exists = os.path.lexists(full)
    data: dict[str, Any] = {}
    if exists:
        if os.path.islink(full) or not os.path.isfile(full):
            return Outcome(spec.path, False, 'not a regular file; not changed')
        try:
            with open(full, encoding='utf-8') as f:
                loaded = json.load(f)
        except (ValueError, OSError) as e:
            why = e.strerror if isinstance(e, OSError) else 'not valid JSON (comments?)'
            return _by_hand(spec, f'{why}; not changed, add the aiguard entries by hand', install, python)
        if not isinstance(loaded, dict):
            return _by_hand(spec, 'not a JSON object; not changed', install, python)
        data = loaded
    elif not install:
        return Outcome(spec.path, False, 'absent; nothing to remove')
    try:
        new = merged(spec, data, install, python)
    except ValueError as e:
        return _by_hand(spec, f'{e}; not changed', install, python)
    if exists and new == data:
        return Outcome(spec.path, False, 'already has the aiguard hooks' if install else 'has no aiguard hooks')
    if not install and _empty(new):
        os.remove(full)
        return Outcome(spec.path, False, 'removed: it held only aiguard\'s hooks', updated=True)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    atomic.write(full, json.dumps(new, indent=2) + '\n')
    note = NOTES.get(spec.assistant, '') if install else 'aiguard hooks removed'
    if not exists:
        return Outcome(spec.path, True, note)
    return Outcome(spec.path, False, ('aiguard hooks added; ' + note).rstrip('; ') if install else note, updated=True)


def _by_hand(spec: HookFile, note: str, install: bool, python: str | None) -> Outcome:
    snippet = json.dumps(merged(spec, {}, True, python), indent=2) + '\n' if install else ''
    return Outcome(spec.path, False, note, snippet)


def install(root: str, assistants: Sequence[str] | None = None, uninstall: bool = False,
            python: str | None = None) -> list[Outcome]:
    """aiguard's hooks for each assistant (all five by default)."""
    return [apply(root, spec, not uninstall, python) for spec in HOOK_FILES
            if not assistants or spec.assistant in assistants]

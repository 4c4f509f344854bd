"""`aiguard agent ASSISTANT EVENT`: the hooks an assistant runs around its own tool calls.

`pre-tool` refuses shell commands that skip or rewire the checks (guardrails.py) and
writes into the git hooks directory; `post-tool` scans what an edit added, at the AI
tier, and hands the findings back to the model in the assistant's own format. Each
assistant's input and output schema, with its sources, is in docs/agents.md.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from aiguard import atomic, records
from aiguard.config import Config
from aiguard.deadline import ScanTimeout
from aiguard.errors import FatalError

ASSISTANTS: dict[str, str] = {
    'claude': 'Claude Code', 'cursor': 'Cursor', 'gemini': 'Gemini CLI', 'codex': 'Codex',
    'copilot': 'GitHub Copilot',
}
EVENTS = ('pre-tool', 'post-tool', 'stop')
# assistants whose post-edit reply does not reach the model: their end-of-turn hook carries it
STOP_FEEDBACK = frozenset(('copilot', 'cursor'))
MAX_STOP_BLOCKS = 3  # end-of-turn refusals per session before the assistant may stop anyway
MAX_SESSION_PATHS = 500
# tool names (lower case) across the five assistants
SHELL_TOOLS = frozenset(('bash', 'run_shell_command', 'shell', 'exec_command', 'local_shell', 'powershell',
                         'container.exec', 'unified_exec'))
EDIT_TOOLS = frozenset(('write', 'edit', 'multiedit', 'notebookedit', 'write_file', 'replace', 'apply_patch',
                        'create', 'str_replace_editor', 'file_edit'))
PATH_KEYS = ('file_path', 'path', 'filePath', 'notebook_path', 'filepath')
TEXT_KEYS = ('content', 'new_string', 'file_text', 'new_str', 'new_source', 'newText')
MAX_FINDINGS_SHOWN = 20
ERROR_EXIT = 1  # non-blocking in every protocol here: exit 2 would block or deny


@records.record
class ToolCall:
    """One tool call, whatever the assistant's format."""

    tool: str
    cwd: str
    session: str | None = None
    command: str | None = None  # a shell tool's command line
    paths: tuple[str, ...] = ()  # files an edit tool writes


@records.record
class Reply:
    """What the hook prints and its exit status."""

    stdout: str = ''
    stderr: str = ''
    code: int = 0


def run(assistant: str, event: str, stdin_text: str | None = None) -> int:
    """Read the assistant's JSON from stdin, answer on stdout; never raises."""
    try:
        if assistant not in ASSISTANTS:
            raise FatalError(f'unknown assistant {assistant!r}; one of: {", ".join(ASSISTANTS)}')
        if event not in EVENTS:
            raise FatalError(f'unknown event {event!r}; one of: {", ".join(EVENTS)}')
        text = sys.stdin.read() if stdin_text is None else stdin_text
        reply = handle(assistant, event, _payload(text))
    except (Exception, ScanTimeout) as e:  # noqa: BLE001 - a hook that fails says so, the assistant goes on
        if os.environ.get('AIGUARD_DEBUG'):
            raise
        from aiguard.scan import _safe

        message = str(e) if isinstance(e, FatalError) else f'{type(e).__name__}: {_safe(str(e))}'
        reply = Reply(stderr=f'aiguard: error: agent hook {assistant} {event} failed: {message}\n', code=ERROR_EXIT)
    if reply.stdout:
        sys.stdout.write(reply.stdout)
    if reply.stderr:
        sys.stderr.write(reply.stderr)
    return reply.code


def _payload(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text) if text.strip() else None
    except json.JSONDecodeError as e:
        raise FatalError(f'the hook input is not JSON ({e.msg} at character {e.pos})') from None
    if not isinstance(data, dict):
        raise FatalError('the hook input is not a JSON object')
    return data


def handle(assistant: str, event: str, payload: Mapping[str, Any]) -> Reply:
    """The reply to one hook call."""
    if event == 'stop':
        return stop(assistant, payload)
    call = read_call(assistant, payload)
    if event == 'pre-tool':
        reason = pre_tool_refusal(call)
        return deny(assistant, reason) if reason else allow(assistant)
    return post_tool(assistant, call)


# ---------------------------------------------------------------- reading each assistant's input


def read_call(assistant: str, payload: Mapping[str, Any]) -> ToolCall:
    """The tool call in `payload`, in any of the five formats."""
    cwd = _cwd(payload)
    session = _first_str(payload, ('session_id', 'sessionId', 'conversation_id'))
    if assistant == 'cursor':
        if isinstance(payload.get('command'), str):  # beforeShellExecution
            return ToolCall('shell', cwd, session, command=payload['command'])
        if isinstance(payload.get('file_path'), str):  # afterFileEdit
            return ToolCall('edit', cwd, session, paths=(payload['file_path'],))
    tool = _first_str(payload, ('tool_name', 'toolName')) or ''
    args: Any = payload.get('tool_input', payload.get('toolArgs'))
    if isinstance(args, str):  # Copilot's toolArgs may arrive as a JSON string
        try:
            args = json.loads(args)
        except ValueError:
            args = {'command': args}
    if not isinstance(args, dict):
        args = {}
    kind = tool.lower()
    if kind == 'apply_patch' or (kind in ('edit', 'write') and assistant == 'codex'):
        patch = args.get('command') if isinstance(args.get('command'), str) else args.get('input')
        return ToolCall('edit', cwd, session, paths=tuple(patch_paths(patch if isinstance(patch, str) else '')))
    if kind in SHELL_TOOLS and isinstance(args.get('command'), str):
        return ToolCall('shell', cwd, session, command=args['command'])
    paths = tuple(v for k in PATH_KEYS if isinstance(v := args.get(k), str))
    writes = any(k in args for k in (*TEXT_KEYS, 'edits'))
    if kind in EDIT_TOOLS or (paths and writes):  # a read (`view`, `read_file`) writes nothing
        return ToolCall('edit', cwd, session, paths=paths[:1])
    return ToolCall(tool or 'unknown', cwd, session)


def _first_str(payload: Mapping[str, Any], keys: Sequence[str]) -> str | None:
    return next((v for k in keys if isinstance(v := payload.get(k), str) and v), None)


def _cwd(payload: Mapping[str, Any]) -> str:
    cwd = payload.get('cwd')
    if not isinstance(cwd, str) or not cwd:
        roots = payload.get('workspace_roots')
        cwd = roots[0] if isinstance(roots, list) and roots and isinstance(roots[0], str) else os.getcwd()
    return cwd if os.path.isdir(cwd) else os.getcwd()  # a directory removed since: where the hook runs


def patch_paths(patch: str) -> list[str]:
    """The files a Codex `apply_patch` body writes (`*** Add File:`, `*** Update File:`, `*** Move to:`)."""
    markers = ('*** Add File: ', '*** Update File: ', '*** Move to: ')
    return [line[len(m):].strip() for line in patch.splitlines() for m in markers if line.startswith(m)]


# ---------------------------------------------------------------- pre-tool: guardrails


def pre_tool_refusal(call: ToolCall) -> str | None:
    """Why this call must not run, or None."""
    if call.command is not None:
        from aiguard.guardrails import refusal

        reason = refusal(call.command)
        if reason:
            return f'aiguard refused this command: {reason}. The checks are not optional for an assistant; ' \
                   'fix what they report, or ask the person to decide.'
        return None
    from aiguard.guardrails import protected_path

    for path in call.paths:
        found = protected_path(os.path.normpath(os.path.join(call.cwd, path)))
        if found:
            return f'aiguard refused this edit: {path} is {found}; an assistant may not change the hooks ' \
                   'that check its work (a person edits this file).'
    return None


def deny(assistant: str, reason: str) -> Reply:
    """Refuse a tool call the way `assistant` documents it."""
    if assistant in ('claude', 'codex'):
        out: dict[str, Any] = {'hookSpecificOutput': {
            'hookEventName': 'PreToolUse', 'permissionDecision': 'deny', 'permissionDecisionReason': reason}}
    elif assistant == 'gemini':
        out = {'decision': 'deny', 'reason': reason}
    elif assistant == 'cursor':
        out = {'permission': 'deny', 'user_message': reason, 'agent_message': reason}
    else:  # copilot
        out = {'permissionDecision': 'deny', 'permissionDecisionReason': reason}
    return Reply(json.dumps(out) + '\n')


def allow(assistant: str) -> Reply:
    """No opinion: the assistant's own permission rules decide."""
    return Reply('{}\n' if assistant in ('gemini', 'cursor') else '')


# ---------------------------------------------------------------- post-tool: feedback and ledger


def _committed_config(root: str) -> Config:
    """HEAD's config, as the commit hook reads it: a work-tree edit the assistant makes to
    .aiguard.yaml never changes how its own edits are judged."""
    from aiguard import git, policyfiles

    return policyfiles.load_config(root, 'HEAD' if git.head(root) else None)


def post_tool(assistant: str, call: ToolCall) -> Reply:
    """Scan what the edit added; record its lines in the edit ledger; tell the model."""
    if call.tool != 'edit' or not call.paths:
        return allow(assistant) if assistant in ('gemini', 'cursor') else Reply()
    from aiguard import changes, git
    try:
        root = git.toplevel(call.cwd)
    except git.GitError:
        return allow(assistant) if assistant in ('gemini', 'cursor') else Reply()  # not a repository
    rel = _inside(root, call.cwd, call.paths)
    cfg = _committed_config(root)
    from aiguard import edits

    files, skipped = edits.edited_files(root, rel, changes.Limits(cfg.max_file_size, cfg.exclude))
    warning = _record(root, files, call, assistant)
    result = edits.scan(root, cfg, files, skipped, _attribution(assistant))
    if result.errors:
        raise FatalError('; '.join(result.errors))
    if assistant in STOP_FEEDBACK and call.session and result.blocking:
        _remember(root, call.session, [f.path for f in result.blocking])
    if not result.findings:
        reply = allow(assistant) if assistant in ('gemini', 'cursor') else Reply()
    else:
        reply = feedback(assistant, _feedback_text(result.findings), bool(result.blocking))
    reply.stderr = warning + reply.stderr
    return reply


def _inside(root: str, cwd: str, paths: Sequence[str]) -> list[str]:
    """The edited paths relative to the repository root; outside it and inside .git are dropped."""
    real_root = os.path.realpath(root)
    out = []
    for p in paths:
        full = os.path.realpath(os.path.join(cwd, p))
        rel = os.path.relpath(full, real_root).replace(os.sep, '/')
        if rel.startswith('../') or rel == '..' or rel == '.' or rel.split('/')[0] == '.git':
            continue
        out.append(rel)
    return out


def _attribution(assistant: str) -> Any:
    from aiguard.attribution import Attribution

    name = ASSISTANTS[assistant]
    return Attribution(True, 100.0, (name,), (f'written by {name} (its own edit hook)',))


def _record(root: str, files: Sequence[Any], call: ToolCall, assistant: str) -> str:
    """Hand the added lines to the edit ledger (hashes only); a failure is reported, the edit stands."""
    from aiguard import ledger

    for f in files:
        lines = f.added_text()
        if not lines:
            continue
        try:
            ledger.record_edit(root, f.path, lines, ASSISTANTS[assistant], call.session)
        except ledger.LedgerError as e:
            return f'aiguard: warning: {e}\n'
    return ''


def _feedback_text(findings: Sequence[Any]) -> str:
    from aiguard.report.text import line

    blocking = [f for f in findings if f.blocking]
    shown = (blocking or list(findings))[:MAX_FINDINGS_SHOWN]
    if blocking:
        head = (f'aiguard: this edit adds {len(blocking)} problem(s) that block a commit of AI-written code. '
                'Fix them in the code now (a parameterized query, a secret read from the environment, ...); '
                'do not add suppression comments or move the code to avoid the check.')
    else:
        head = f'aiguard: notes on this edit ({len(findings)}; they do not block a commit):'
    body = '\n'.join(line(f) for f in shown)
    more = len(blocking or findings) - len(shown)
    tail = f'\n... and {more} more' if more > 0 else ''
    return f'{head}\n{body}{tail}\n`aiguard explain RULE_ID` shows how to fix each one.'


def feedback(assistant: str, text: str, blocking: bool) -> Reply:
    """Hand findings back to the model the way `assistant` lets a hook do it."""
    if assistant in ('claude', 'codex'):
        if blocking:
            return Reply(json.dumps({'decision': 'block', 'reason': text}) + '\n')
        return Reply(json.dumps({'hookSpecificOutput': {
            'hookEventName': 'PostToolUse', 'additionalContext': text}}) + '\n')
    if assistant == 'gemini':
        return Reply(json.dumps({'hookSpecificOutput': {'additionalContext': text}}) + '\n')
    if assistant == 'cursor':
        return Reply(json.dumps({'additional_context': text}) + '\n')
    # copilot: postToolUse output is not processed; exit 2 shows stderr to the person
    return Reply(stderr=text + '\n', code=2 if blocking else 0)


# ---------------------------------------------------------------- stop: what is still wrong at the end of a turn


def _session_file(root: str, session: str) -> str:
    import hashlib

    from aiguard import git

    name = hashlib.sha256(session.encode('utf-8', 'replace')).hexdigest()[:32]
    return os.path.join(git.git_common_dir(root), 'aiguard', 'agent-sessions', f'{name}.json')


def _load_session(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_session(path: str, data: Mapping[str, Any]) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    atomic.write(path, json.dumps(data))


def _remember(root: str, session: str, paths: Sequence[str]) -> None:
    """Paths (never content) whose edits left blocking findings, for the end-of-turn hook."""
    state_path = _session_file(root, session)
    state = _load_session(state_path)
    known = [p for p in state.get('paths', []) if isinstance(p, str)]
    state['paths'] = list(dict.fromkeys([*known, *paths]))[-MAX_SESSION_PATHS:]
    _save_session(state_path, state)


def stop(assistant: str, payload: Mapping[str, Any]) -> Reply:
    """At the end of a turn: if files this session edited still hold blocking findings,
    send the assistant back to fix them (Copilot's agentStop, Cursor's stop)."""
    session = _first_str(payload, ('session_id', 'sessionId', 'conversation_id'))
    if assistant not in STOP_FEEDBACK or not session:
        return allow(assistant) if assistant in ('gemini', 'cursor') else Reply()
    from aiguard import changes, edits, git

    try:
        root = git.toplevel(_cwd(payload))
    except git.GitError:
        return allow(assistant) if assistant == 'cursor' else Reply()
    state_path = _session_file(root, session)
    state = _load_session(state_path)
    paths = [p for p in state.get('paths', []) if isinstance(p, str)]
    if not paths:
        return allow(assistant) if assistant == 'cursor' else Reply()
    cfg = _committed_config(root)
    files, skipped = edits.edited_files(root, paths, changes.Limits(cfg.max_file_size, cfg.exclude))
    result = edits.scan(root, cfg, files, skipped, _attribution(assistant))
    blocking = result.blocking
    blocks = int(state.get('stop_blocks', 0)) if isinstance(state.get('stop_blocks', 0), int) else 0
    if not blocking or blocks >= MAX_STOP_BLOCKS:
        os.remove(state_path)
        if blocking:
            return Reply('{}\n' if assistant == 'cursor' else '', stderr=(
                f'aiguard: {len(blocking)} blocking finding(s) remain after {blocks} reminders; '
                'the commit hook will block them\n'))
        return allow(assistant) if assistant == 'cursor' else Reply()
    state.update(paths=sorted({f.path for f in blocking}), stop_blocks=blocks + 1)
    _save_session(state_path, state)
    text = _feedback_text(blocking).replace('this edit adds', 'your edits left', 1)
    if assistant == 'cursor':
        return Reply(json.dumps({'followup_message': text}) + '\n')
    return Reply(json.dumps({'decision': 'block', 'reason': text}) + '\n')

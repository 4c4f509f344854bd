"""The environment of the process running the hook: agent shells and ancestors.

Assistants set variables in the shells they drive (R7, R10, R12 in
docs/attribution.md), so a commit an agent makes is recognised before any
trailer exists. Evidence records variable names, never their values (they
hold session and thread ids). A variable can leak into a person's shell
started from an agent session (P7): the reason says "agent session", not
"AI wrote this".
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from aiguard import records
from aiguard.attribution.model import Signal

Test = Callable[[Mapping[str, str]], bool]


@records.record(frozen=True)
class EnvRule:
    names: tuple[str, ...]  # the variables the rule reads (all are shown)
    weight: int
    tool: str
    test: Test


def _set(name: str) -> Test:
    return lambda env: bool(env.get(name, '').strip())


def _eq(name: str, *values: str) -> Test:
    return lambda env: env.get(name, '').strip().lower() in values


def _contains(name: str, part: str) -> Test:
    return lambda env: part in env.get(name, '').lower()


def _all(*tests: Test) -> Test:
    return lambda env: all(t(env) for t in tests)


STRONG, MEDIUM, WEAK = 80, 50, 20

ENV_RULES: tuple[EnvRule, ...] = (
    EnvRule(('CLAUDECODE',), STRONG, 'claude-code', _set('CLAUDECODE')),
    EnvRule(('CLAUDE_CODE_ENTRYPOINT',), STRONG, 'claude-code', _set('CLAUDE_CODE_ENTRYPOINT')),
    EnvRule(('CLAUDE_CODE_REMOTE',), STRONG, 'claude-code', _eq('CLAUDE_CODE_REMOTE', 'true', '1')),
    EnvRule(('GEMINI_CLI',), STRONG, 'gemini-cli', _eq('GEMINI_CLI', '1', 'true')),
    EnvRule(('CODEX_THREAD_ID',), STRONG, 'codex', _set('CODEX_THREAD_ID')),
    EnvRule(('CODEX_INTERNAL_ORIGINATOR_OVERRIDE',), STRONG, 'codex',
            _eq('CODEX_INTERNAL_ORIGINATOR_OVERRIDE', 'codex_web_agent')),
    EnvRule(('CURSOR_AGENT',), STRONG, 'cursor', _eq('CURSOR_AGENT', '1', 'true')),
    EnvRule(('CURSOR_EXTENSION_HOST_ROLE',), STRONG, 'cursor',
            _eq('CURSOR_EXTENSION_HOST_ROLE', 'agent-exec')),
    EnvRule(('AMP_CURRENT_THREAD_ID',), STRONG, 'amp', _set('AMP_CURRENT_THREAD_ID')),
    EnvRule(('AGENT',), STRONG, 'amp', _eq('AGENT', 'amp')),
    EnvRule(('AGENT',), STRONG, 'crush', _eq('AGENT', 'crush')),
    EnvRule(('AI_AGENT',), STRONG, 'crush', _eq('AI_AGENT', 'crush')),
    EnvRule(('CRUSH',), STRONG, 'crush', _eq('CRUSH', '1', 'true')),
    EnvRule(('CLINE_ACTIVE',), STRONG, 'cline', _eq('CLINE_ACTIVE', 'true', '1')),
    EnvRule(('AUGMENT_AGENT',), STRONG, 'augment', _eq('AUGMENT_AGENT', '1', 'true')),
    EnvRule(('QWEN_CODE',), STRONG, 'qwen-code', _eq('QWEN_CODE', '1', 'true')),
    EnvRule(('PI_CODING_AGENT',), STRONG, 'pi', _eq('PI_CODING_AGENT', 'true', '1')),
    EnvRule(('OZ_RUN_ID',), STRONG, 'warp', _set('OZ_RUN_ID')),
    EnvRule(('OPENCODE',), STRONG, 'opencode', _set('OPENCODE')),
    EnvRule(('HOME', 'USER'), STRONG, 'jules',
            _all(_eq('HOME', '/home/jules'), _eq('USER', 'swebot'))),
    EnvRule(('CODEX_SANDBOX',), MEDIUM, 'codex', _set('CODEX_SANDBOX')),
    EnvRule(('CODEX_SANDBOX_NETWORK_DISABLED',), MEDIUM, 'codex', _set('CODEX_SANDBOX_NETWORK_DISABLED')),
    # Junie and Q leave no trailer; these are set only in the shells the agents drive
    EnvRule(('JUNIE_DATA',), STRONG, 'junie', _set('JUNIE_DATA')),
    EnvRule(('JUNIE_SHIM_PATH',), STRONG, 'junie', _set('JUNIE_SHIM_PATH')),
    EnvRule(('AWS_EXECUTION_ENV',), STRONG, 'amazon-q', _contains('AWS_EXECUTION_ENV', 'amazonq')),
    EnvRule(('COPILOT_MODEL',), MEDIUM, 'copilot', _set('COPILOT_MODEL')),
    EnvRule(('COPILOT_ALLOW_ALL',), MEDIUM, 'copilot', _set('COPILOT_ALLOW_ALL')),
    EnvRule(('HOSTNAME',), MEDIUM, 'cursor', _eq('HOSTNAME', 'cursor')),
    EnvRule(('CURSOR_TRACE_ID',), WEAK, 'cursor', _set('CURSOR_TRACE_ID')),
    EnvRule(('CODEIUM_EDITOR_APP_ROOT',), WEAK, 'windsurf', _set('CODEIUM_EDITOR_APP_ROOT')),
    EnvRule(('TERM_PROGRAM', 'GIT_PAGER'), WEAK, 'copilot',
            _all(_eq('TERM_PROGRAM', 'vscode'), _eq('GIT_PAGER', 'cat'))),
    EnvRule(('REPL_ID',), WEAK, 'unspecified', _set('REPL_ID')),
)

# R8: process names of agent CLIs (comm, or the script a runtime runs).
AGENT_PROCESSES: Mapping[str, str] = {
    'claude': 'claude-code', 'codex': 'codex', 'gemini': 'gemini-cli', 'aider': 'aider',
    'cursor-agent': 'cursor', 'amp': 'amp', 'opencode': 'opencode', 'goose': 'goose',
    'crush': 'crush', 'droid': 'droid', 'pi': 'pi', 'qwen': 'qwen-code', 'auggie': 'augment',
}
_RUNTIMES = frozenset(('node', 'bun', 'deno', 'python', 'python3'))
_SHELLS = frozenset(('sh', 'bash', 'zsh', 'dash', 'fish', 'ksh', 'busybox'))
MAX_ANCESTORS = 16


def env_signals(environ: Mapping[str, str]) -> list[Signal]:
    """R7/R10/R12 from the variables; only names go into the evidence."""
    out = []
    for rule in ENV_RULES:
        if rule.test(environ):
            names = '+'.join(rule.names)
            strength = {STRONG: 'an agent session', MEDIUM: 'an agent sandbox'}.get(
                rule.weight, 'an IDE terminal (human or agent)')
            out.append(Signal(f'env:{names}', rule.weight,
                              f'committed from {strength}: {names} is set', rule.tool, False, 'env'))
    author = environ.get('GIT_AUTHOR_NAME', '') + environ.get('GIT_COMMITTER_NAME', '')
    if '(aider)' in author:
        out.append(Signal('env:GIT_AUTHOR_NAME', 95,
                          'aider set GIT_AUTHOR_NAME/GIT_COMMITTER_NAME to "… (aider)" for this commit',
                          'aider', False, 'identity'))
    return out


def _read(path: str) -> bytes:
    with open(path, 'rb') as f:
        return f.read(4096)


def _process_name(pid: int) -> str:
    comm = _read(f'/proc/{pid}/comm').decode('utf-8', 'replace').strip()
    if comm in _RUNTIMES or comm.startswith('python'):
        argv = _read(f'/proc/{pid}/cmdline').split(b'\0')
        for arg in argv[1:3]:
            base = os.path.basename(arg.decode('utf-8', 'replace'))
            if base and not base.startswith('-'):
                return base.removesuffix('.js').removesuffix('.mjs')
    return comm


def _ancestors(pid: int) -> list[str]:
    """Process names from `pid` upwards (at most MAX_ANCESTORS)."""
    names = []
    for _ in range(MAX_ANCESTORS):
        if pid <= 1:
            break
        names.append(_process_name(pid))
        stat = _read(f'/proc/{pid}/stat').decode('utf-8', 'replace')
        pid = int(stat.rsplit(')', 1)[1].split()[1])
    return names


def process_signals(start: int | None = None) -> list[Signal]:
    """R8: git (or this command) was started by an agent CLI, directly or through its shell.

    Only the process that ran git counts, with at most a few shells in
    between: an agent further up (a test runner, make or an editor started
    from an agent session) does not make every commit below it AI-assisted.
    Linux /proc only; a few small reads.
    """
    if not sys.platform.startswith('linux'):
        return []
    try:
        chain = _ancestors(os.getppid() if start is None else start)
    except (OSError, ValueError, IndexError):
        return []
    i = chain.index('git') + 1 if 'git' in chain[:8] else 0
    shells = 0
    while i < len(chain) and chain[i] in _SHELLS and shells < 3:
        i += 1
        shells += 1
    name = chain[i] if i < len(chain) else ''
    tool = AGENT_PROCESSES.get(name)
    if tool is None:
        return []
    return [Signal(f'process:{name}', 70, f'committed from an agent session: git was run by "{name}"',
                   tool, False, 'process')]

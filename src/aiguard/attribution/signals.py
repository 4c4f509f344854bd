"""The catalogue: which identities, trailers and message lines mean which assistant.

Every entry comes from docs/attribution.md (sources in
/work/shared/reference/attribution-signals.md). Weights follow the rule
numbers there (R1..R14): an exact agent identity is near-certain, a name
that merely looks like an assistant is weak, because people are called
Claude, Devin and Jules too.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from aiguard.attribution.model import Signal
from aiguard.attribution.trailers import Trailer
from aiguard.regexes import lazy

# Display names for `Assisted-by: AGENT:MODEL`; the key is the slug used in
# `AI-Assisted:`, in `tools` and in reports.
TOOLS: dict[str, str] = {
    'claude-code': 'Claude Code',
    'copilot': 'GitHub Copilot',
    'copilot-autofix': 'Copilot Autofix',
    'cursor': 'Cursor',
    'aider': 'Aider',
    'codex': 'OpenAI Codex',
    'chatgpt': 'ChatGPT',
    'gemini-cli': 'Gemini CLI',
    'gemini-code-assist': 'Gemini Code Assist',
    'jules': 'Google Jules',
    'devin': 'Devin',
    'openhands': 'OpenHands',
    'amp': 'Amp',
    'windsurf': 'Windsurf',
    'cline': 'Cline',
    'roo': 'Roo Code',
    'amazon-q': 'Amazon Q Developer',
    'junie': 'JetBrains Junie',
    'opencode': 'OpenCode',
    'warp': 'Warp Oz',
    'augment': 'Auggie',
    'qwen-code': 'Qwen Code',
    'crush': 'Crush',
    'pi': 'pi',
    'goose': 'Goose',
    'droid': 'Factory Droid',
    'coderabbit': 'CodeRabbit',
    'sourcery': 'Sourcery',
    'ellipsis': 'Ellipsis',
    'gru': 'Gru',
    'sweep': 'Sweep',
    'unspecified': 'AI assistant',
}

# What people write in `AI-Assisted:` / `Assisted-by:` / `AIGUARD_AI=`, to the slug.
_ALIASES: dict[str, str] = {
    'claude': 'claude-code', 'claude code': 'claude-code', 'claudecode': 'claude-code',
    'anthropic': 'claude-code', 'github copilot': 'copilot', 'copilot': 'copilot',
    'copilot-cli': 'copilot', 'copilot cli': 'copilot', 'copilot agent': 'copilot',
    'copilot-agent': 'copilot', 'github-copilot': 'copilot', 'cursor': 'cursor',
    'cursor agent': 'cursor', 'cursor-agent': 'cursor', 'aider': 'aider', 'codex': 'codex',
    'openai codex': 'codex', 'codex-cli': 'codex', 'codex cli': 'codex', 'chatgpt': 'chatgpt', 'openai': 'chatgpt',
    'gemini': 'gemini-cli', 'gemini cli': 'gemini-cli', 'gemini-cli': 'gemini-cli',
    'gemini code assist': 'gemini-code-assist', 'jules': 'jules', 'google jules': 'jules',
    'devin': 'devin', 'devin ai': 'devin', 'openhands': 'openhands', 'all hands': 'openhands',
    'amp': 'amp', 'sourcegraph amp': 'amp', 'windsurf': 'windsurf', 'codeium': 'windsurf',
    'cascade': 'windsurf', 'cline': 'cline', 'roo': 'roo', 'roo code': 'roo', 'roo-code': 'roo',
    'roomote': 'roo', 'amazon q': 'amazon-q', 'amazon-q': 'amazon-q', 'amazonq': 'amazon-q',
    'q developer': 'amazon-q', 'junie': 'junie', 'jetbrains junie': 'junie',
    'opencode': 'opencode', 'warp': 'warp', 'oz': 'warp', 'augment': 'augment',
    'auggie': 'augment', 'qwen': 'qwen-code', 'qwen code': 'qwen-code', 'crush': 'crush',
    'goose': 'goose', 'droid': 'droid', 'factory': 'droid',
}

# Names that are also ordinary words or other tools (goose migrations, Warp
# the terminal) only count when they are the whole value.
_EXACT_ONLY = frozenset(('goose', 'crush', 'droid', 'factory', 'oz', 'amp', 'warp', 'cascade', 'q developer', 'pi'))
_PREFIX_ALIASES = tuple(sorted(
    ((a, s) for a, s in _ALIASES.items() if a not in _EXACT_ONLY), key=lambda kv: -len(kv[0])))

# R1: exact agent e-mail addresses (compared lower-case).
AGENT_EMAILS: dict[str, str] = {
    'noreply@anthropic.com': 'claude-code',
    'no-reply@anthropic.com': 'claude-code',
    'cursoragent@cursor.com': 'cursor',
    'openhands@all-hands.dev': 'openhands',
    'openhands@openhands.dev': 'openhands',
    'amp@ampcode.com': 'amp',
    'oz-agent@warp.dev': 'warp',
    'aider@aider.chat': 'aider',
    'noreply@aider.chat': 'aider',
    'noreply@aider.dev': 'aider',
    'roomote@roocode.com': 'roo',
    'noreply@opencode.ai': 'opencode',
    'gemini-cli-agent@google.com': 'gemini-cli',
    'codex@openai.com': 'codex',
    'noreply@openai.com': 'codex',
    'devin-ai-integration[bot]@users.noreply.github.com': 'devin',
}

# R1: GitHub logins in `[N+]login@users.noreply.github.com` (lower-case).
AGENT_LOGINS: dict[str, str] = {
    'copilot': 'copilot',
    'copilot-swe-agent[bot]': 'copilot',
    'copilot-swe-agent': 'copilot',
    'devin-ai-integration[bot]': 'devin',
    'google-labs-jules[bot]': 'jules',
    'claude[bot]': 'claude-code',
    'chatgpt-codex-connector[bot]': 'codex',
    'cursor[bot]': 'cursor',
    'cursoragent': 'cursor',
    'gemini-code-assist[bot]': 'gemini-code-assist',
    'amazon-q-developer[bot]': 'amazon-q',
    'openhands-agent': 'openhands',
    'github-advanced-security[bot]': 'copilot-autofix',
    'coderabbitai[bot]': 'coderabbit',
    'sourcery-ai[bot]': 'sourcery',
    'ellipsis-dev[bot]': 'ellipsis',
    'gru-agent[bot]': 'gru',
    'factory-droid[bot]': 'droid',
    'sweep-ai[bot]': 'sweep',
}

# P4: bots that are not AI; an identity here never scores.
NON_AI_LOGINS = frozenset((
    'dependabot[bot]', 'dependabot-preview[bot]', 'renovate[bot]', 'renovate-bot',
    'github-actions[bot]', 'github-actions', 'pre-commit-ci[bot]', 'autofix-ci[bot]',
    'dotnet-maestro[bot]', 'snyk-bot', 'mergify[bot]', 'semantic-release-bot', 'imgbot[bot]',
    'web-flow', 'allcontributors[bot]', 'greenkeeper[bot]', 'pyup-bot', 'codecov[bot]',
))
NON_AI_EMAILS = frozenset((
    'noreply@github.com', 'support@dependabot.com', 'bot@renovateapp.com',
    'renovate@whitesourcesoftware.com', 'action@github.com', 'snyk-bot@snyk.io',
    'semantic-release-bot@martynus.net', 'imgbotapp@gmail.com',
))

_NOREPLY = lazy(r'^(?:\d+\+)?(?P<login>[^@]+)@users\.noreply\.github\.com$')
# one way to match only (the name is stripped after): `\s*[^<]*?\s*` was quadratic on long blank values
_IDENT = lazy(r'^(?P<name>[^<]*)<(?P<email>[^<>]*)>\s*$')
# R11: a co-author name that starts like an assistant's, with an unknown e-mail.
_ASSISTANT_NAME = lazy(
    r'^(claude|copilot|cursor|codex|devin|gemini|jules|aider|openhands|amp|windsurf|'
    r'cline|junie|opencode|codeium)\b', re.IGNORECASE,
)
# A model named as co-author: people are not called "GPT-4o" or "Claude Opus 4.5".
_MODEL_NAME = lazy(
    r'\b(gpt-?\d[\w.-]*|o[134](?:-mini|-pro)?|claude[ -](?:\d|opus|sonnet|haiku|fable|instant)'
    r'|gemini[ -](?:\d|pro|flash|ultra)|llama[ -]?\d|qwen[\d.-]*(?:coder)?|deepseek|'
    r'mistral|codestral|grok[ -]?\d|kimi[ -]k\d|glm-\d)', re.IGNORECASE,
)
_AI_WORDS = lazy(r'\b(llm|ai|gpt|chatbot|language model|assistant|agent|copilot)\b', re.IGNORECASE)
_AIDER_NAME = lazy(r'\(aider\)\s*$')
_AIDER_COAUTHOR_MODEL = lazy(r'^aider \((?P<model>[^)]+)\)$', re.IGNORECASE)

# aiguard-tag's mark on an AI-Assisted trailer: the assistant's own evidence overrode a human declaration
CONFLICT = 'conflict=declared-none'
HUMAN_DECLARATIONS = frozenset(('none', 'no', 'false', 'human', 'human-only', '0', 'off'))
# R5: session trailers written by the tools themselves.
SESSION_TRAILERS: dict[str, tuple[str, re.Pattern[str]]] = {
    'claude-session': ('claude-code', lazy(r'claude\.ai/code|claude\.com', re.I)),
    'amp-thread': ('amp', lazy(r'ampcode\.com/threads/', re.I)),
    'agent-logs-url': ('copilot', lazy(r'github\.com/.+/sessions/', re.I)),
    'made-with': ('cursor', lazy(r'^cursor\b', re.I)),
}
# R6 and friends: lines the tools put in the message body.
MESSAGE_PATTERNS: tuple[tuple[str, int, str, re.Pattern[str], str], ...] = (
    ('message:generated-with-claude-code', 85, 'claude-code',
     lazy(r'^\W{0,4}Generated with \[?Claude Code', re.I | re.M), '"Generated with Claude Code" in the message'),
    ('message:made-with-cursor', 80, 'cursor',
     lazy(r'^\W{0,4}Made with \[Cursor\]\(https://cursor\.com', re.I | re.M), '"Made with Cursor" footer in the message'),
    ('message:codex-task-link', 85, 'codex',
     lazy(r'https://chatgpt\.com/codex/tasks/task_'), 'a Codex task link in the message'),
    ('message:cursor-agent-link', 80, 'cursor',
     lazy(r'https://cursor\.com/agents/bc-'), 'a Cursor background-agent link in the message'),
    ('message:devin-session-link', 80, 'devin',
     lazy(r'https://app\.devin\.ai/sessions/'), 'a Devin session link in the message'),
    ('message:jules-task-link', 80, 'jules',
     lazy(r'https://jules\.google\.com/task/'), 'a Jules task link in the message'),
)
_AIDER_SUBJECT = lazy(r'^aider: ')
_EMOJI_SUBJECT = lazy('[\U0001F916\u2728\U0001F680]')


def normalise_tool(text: str) -> str:
    """The slug for a tool name as people write it; `unspecified` when unknown."""
    t = text.strip().lower().strip('"\'')
    if t in TOOLS:
        return t
    if t in _ALIASES:
        return _ALIASES[t]
    for alias, slug in _PREFIX_ALIASES:
        if re.match(rf'{re.escape(alias)}\b', t):
            return slug
    return 'unspecified'


def known_tool(text: str) -> bool:
    return normalise_tool(text) != 'unspecified' or bool(_MODEL_NAME.search(text))


def split_ident(value: str) -> tuple[str, str]:
    """(name, email) of `Name <email>`; email '' when there is none."""
    m = _IDENT.match(value)
    if m is None:
        return value.strip(), ''
    return m.group('name').strip(), m.group('email').strip().lower()


def agent_for_email(email: str) -> str | None:
    """The assistant a (lower-case) e-mail belongs to, or None."""
    if email in AGENT_EMAILS:
        return AGENT_EMAILS[email]
    m = _noreply(email)
    if m is not None:
        return AGENT_LOGINS.get(m.group('login'))
    return None


def _noreply(email: str) -> re.Match[str] | None:
    # most addresses are not GitHub's: no regex to compile for them
    return _NOREPLY.match(email) if '@users.noreply.github.com' in email else None


def is_non_ai_bot(name: str, email: str) -> bool:
    if email in NON_AI_EMAILS:
        return True
    m = _noreply(email)
    login = m.group('login') if m else ''
    return login in NON_AI_LOGINS or name.strip().lower() in NON_AI_LOGINS


def identity_signals(role: str, name: str, email: str, ignored: Iterable[str] = (),
                     inherited: bool = False, where: str = '') -> list[Signal]:
    """R1/R2: the author or committer is an agent."""
    email = email.strip().lower()
    if email in ignored or is_non_ai_bot(name, email):
        return []
    who = f'{name} <{email}>'
    tool = agent_for_email(email)
    if tool is not None:
        return [Signal(f'identity:{role}', 95, f'{role} {who} is the {TOOLS[tool]} agent identity{where}',
                       tool, inherited, 'identity')]
    if '(aider)' in name and _AIDER_NAME.search(name):  # the literal first: no regex for most names
        return [Signal(f'identity:{role}-aider', 95, f'{role} name "{name}" carries aider\'s "(aider)" mark{where}',
                       'aider', inherited, 'identity')]
    return []


def coauthor_signal(t: Trailer, ignored: Iterable[str], inherited: bool, where: str,
                    people: Iterable[str] = ()) -> Signal | None:
    """R3/R9/R11: what one Co-authored-by trailer says. `people`: e-mails the repository
    knows as people (its .mailmap), never taken for an assistant by their name alone."""
    name, email = split_ident(t.value)
    if email in ignored or is_non_ai_bot(name, email):
        return None
    tool = agent_for_email(email)
    if email == 'copilot@github.com':
        return Signal('trailer:co-authored-by-vscode-copilot', 60,
                      f'Co-authored-by: {t.value} (added by VS Code\'s Copilot setting, also to hand-written work){where}',
                      'copilot', inherited, 'trailer')
    if tool is not None:
        return Signal('trailer:co-authored-by', 90, f'Co-authored-by names the {TOOLS[tool]} identity {email}{where}',
                      tool, inherited, 'trailer')
    if _MODEL_NAME.search(name):
        return Signal('trailer:co-authored-by-model', 75, f'Co-authored-by names a model: "{name}"{where}',
                      normalise_tool(name), inherited, 'trailer')
    if _ASSISTANT_NAME.match(name) and email not in people:
        return Signal('trailer:co-authored-by-name', 40,
                      f'Co-authored-by "{name}" has an assistant\'s name but an unknown e-mail{where}',
                      normalise_tool(name), inherited, 'trailer')
    return None


def _declared_tool(value: str) -> str:
    head = re.split(r'[;,]', value, maxsplit=1)[0]
    agent = head.split(':', 1)[0]
    return normalise_tool(agent)


def trailer_signals(items: Sequence[Trailer], ignored: Iterable[str] = (),
                    inherited: bool = False, where: str = '',
                    people: Iterable[str] = ()) -> tuple[list[Signal], bool]:
    """(signals, declared_human) from a message's trailer block."""
    ignored = frozenset(ignored)
    out: list[Signal] = []
    human = False
    for t in items:
        key, value = t.token, t.value.strip()
        marked = inherited or 'inherited=' in value
        w = where if (where or not marked) else ' (tagged as inherited)'
        if key == 'co-authored-by':
            s = coauthor_signal(t, ignored, marked, w, people)
            if s is not None:
                out.append(s)
        elif key in ('ai-assisted', 'ai-assisted-by'):
            first = re.split(r'[;,]', value, maxsplit=1)[0].strip().lower()
            if first in HUMAN_DECLARATIONS:
                human = True
                continue
            tool = 'unspecified' if first in ('true', 'yes', '1') else _declared_tool(value)
            # aiguard-tag recorded that the agent's own evidence overrode "AI-Assisted: none"
            kind = 'recorded' if CONFLICT in value else 'trailer'
            out.append(Signal(f'trailer:{key}', 90, f'{t.key}: {_short(value)} declares AI assistance{w}',
                              tool, marked, kind))
        elif key == 'assisted-by':
            name, email = split_ident(value)
            tool = _declared_tool(value)
            if email and agent_for_email(email) is None and tool == 'unspecified':
                continue  # "Assisted-by: Jane Doe <jane@example.com>": a person helped
            if ':' in value or known_tool(value) or _AI_WORDS.search(value):
                out.append(Signal('trailer:assisted-by', 90, f'Assisted-by: {_short(value)} declares AI assistance{w}',
                                  tool, marked, 'trailer'))
            else:  # "Assisted-by: Jane Doe": the kernel format is AGENT:MODEL, this may be a person
                out.append(Signal('trailer:assisted-by-name', 40,
                                  f'Assisted-by: {_short(value)} is not in AGENT:MODEL form{w}',
                                  None, marked, 'trailer'))
        elif key == 'generated-by':
            if known_tool(value):
                out.append(Signal('trailer:generated-by', 90, f'Generated-by: {_short(value)} names an AI tool{w}',
                                  _declared_tool(value), marked, 'trailer'))
            else:
                out.append(Signal('trailer:generated-by-unknown', 40,
                                  f'Generated-by: {_short(value)} names no known AI tool{w}',
                                  None, marked, 'trailer'))
        elif key in SESSION_TRAILERS:
            tool, pattern = SESSION_TRAILERS[key]
            if pattern.search(value):
                out.append(Signal(f'trailer:{key}', 90, f'{t.key}: session trailer of {TOOLS[tool]}{w}',
                                  tool, marked, 'trailer'))
    return out, human


def message_signals(message: str, inherited: bool = False, where: str = '') -> list[Signal]:
    """R6 and the aider subject prefix: what the message text says."""
    out = []
    subject = message.split('\n', 1)[0]
    if _AIDER_SUBJECT.match(subject):
        out.append(Signal('message:aider-prefix', 90, f'the subject starts with "aider: "{where}',
                          'aider', inherited, 'message'))
    for name, weight, tool, pattern, reason in MESSAGE_PATTERNS:
        if pattern.search(message):
            out.append(Signal(name, weight, reason + where, tool, inherited, 'message'))
    if _EMOJI_SUBJECT.search(subject):
        out.append(Signal('message:emoji-subject', 5, f'an emoji (🤖 ✨ 🚀) in the subject{where}',
                          None, inherited, 'content'))
    return out


def model_hint(items: Sequence[Trailer]) -> str | None:
    """A model name from the trailers (Claude's co-author name, aider's), if any."""
    for t in items:
        if t.token != 'co-authored-by':
            continue
        name, _email = split_ident(t.value)
        m = _AIDER_COAUTHOR_MODEL.match(name)
        if m:
            return m.group('model')
        if re.match(r'^Claude [A-Z]', name) and _MODEL_NAME.search(name):
            return re.sub(r'\s*\(.*\)$', '', name).lower().replace(' ', '-')
    return None


def _short(value: str) -> str:
    return value if len(value) <= 80 else value[:77] + '...'

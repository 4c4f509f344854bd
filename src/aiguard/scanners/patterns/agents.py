"""Agent instruction files (AGENTS.md, CLAUDE.md, .cursor/rules, ...) and MCP server configs
(.mcp.json, .cursor/mcp.json, .vscode/mcp.json, claude_desktop_config.json, ...).

An instruction is not reported where it is forbidden: on a line that negates it ("never use
--no-verify"), in a list whose lead-in line negates ("Do not use:"), or under a heading that does.

An assistant starts every server its config names, with the user's rights, whenever it opens the
project: a server fetched unpinned from a registry runs whatever its publisher releases next, and
a secret written into the config is committed with it. The checks register with the patterns
engine (rules/patterns-agents.yaml). JSON with comments and trailing commas (VS Code's JSONC) is
read too; a config that still does not parse is reported by the engine as not checked.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from aiguard.scanners.patterns import unicode  # noqa: F401  (AGENT001's check, agent_hidden_text, lives there)
from aiguard.scanners.patterns.source import Hit, Source, check

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _jsonc(text: str) -> Any:
    """JSON, or JSON with // and /* */ comments and trailing commas; None when neither parses."""
    import json

    try:
        return json.loads(text)
    except ValueError:
        pass
    stripped = re.sub(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', lambda m: m.group() if m.group()[0] == '"' else '',
                      text, flags=re.DOTALL)
    stripped = re.sub(r',(\s*[}\]])', r'\1', stripped)
    try:
        return json.loads(stripped)
    except ValueError:
        return None


def servers(src: Source) -> list[tuple[str, dict[str, Any]]]:
    """(name, entry) of every MCP server the config declares (`mcpServers`, or VS Code's `servers`)."""
    cache = src._cache('mcp')
    if 'servers' not in cache:
        found: list[tuple[str, dict[str, Any]]] = []
        todo = [_jsonc(src.text)]
        while todo:
            node = todo.pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in ('mcpServers', 'servers', 'mcp_servers') and isinstance(value, dict):
                        found.extend((str(k), v) for k, v in value.items()
                                     if isinstance(v, dict) and ('command' in v or 'url' in v or 'args' in v))
                    else:
                        todo.append(value)
            elif isinstance(node, list):
                todo.extend(node)
        cache['servers'] = found
    return cache['servers']


def _argv(entry: dict[str, Any]) -> list[str]:
    command = entry.get('command')
    args = entry.get('args')
    words = [command] if isinstance(command, str) else []
    if isinstance(args, list):
        words += [a for a in args if isinstance(a, str)]
    if len(words) == 1 and ' ' in words[0]:
        words = words[0].split()  # "command": "npx -y pkg"
    return words


def _line_of(src: Source, name: str, needle: str) -> tuple[int, int]:
    """Where `needle` first appears after the server's name (or the name itself)."""
    start = 0
    key = f'"{name}"'
    for n, line in enumerate(src.lines):
        if key in line:
            start = n
            break
    for n in range(start, len(src.lines)):
        i = src.lines[n].find(needle)
        if i >= 0:
            return n + 1, i + 1
    return start + 1, 1


_RUNNERS = {'npx': 'npm', 'bunx': 'npm', 'uvx': 'pypi', 'pipx': 'pypi', 'pnpx': 'npm'}
_VALUE_FLAGS = frozenset(('-p', '--package', '--from', '--with', '--python', '-e', '--env', '-v', '--volume',
                          '--name', '--network', '--mount', '--env-file', '-w', '--workdir', '--entrypoint', '-u',
                          '--user', '--registry', '--cache', '--index-url', '--spec'))
_EXACT = re.compile(r'^v?\d+(?:\.\d+){0,3}(?:[-+][\w.]+)?$')
_COMMIT = re.compile(r'^[0-9a-f]{40}$')


def _package(words: list[str]) -> tuple[str, str] | None:
    """(kind, spec) of the package a launcher fetches and runs, if the command is one."""
    if not words:
        return None
    tool = words[0].rsplit('/', 1)[-1].removesuffix('.cmd').removesuffix('.exe')
    rest = words[1:]
    if tool in ('pnpm', 'yarn', 'npm') and rest[:1] in (['dlx'], ['exec']):
        tool, rest = 'npx', rest[1:]
    elif tool == 'uv' and rest[:2] == ['tool', 'run']:
        tool, rest = 'uvx', rest[2:]
    elif tool == 'pipx' and rest[:1] == ['run']:
        rest = rest[1:]
    elif tool == 'docker' and rest[:1] == ['run']:
        tool, rest = 'docker', rest[1:]
    if tool not in _RUNNERS and tool != 'docker':
        return None
    spec = None
    i = 0
    while i < len(rest):
        word = rest[i]
        if word in ('--from', '-p', '--package', '--spec') and i + 1 < len(rest):
            spec = rest[i + 1]  # the package the command comes from
            break
        if word.startswith(('--from=', '--package=', '--spec=')):
            spec = word.split('=', 1)[1]
            break
        if word in _VALUE_FLAGS:
            i += 2
            continue
        if word.startswith('-'):
            i += 1
            continue
        spec = word
        break
    if spec is None or spec.startswith(('.', '/', '~', '$')):
        return None  # a local file or a variable: not fetched by name
    return ('docker' if tool == 'docker' else _RUNNERS[tool], spec)


def unpinned(kind: str, spec: str) -> str | None:
    """Why a package spec is not pinned to one release (None: it is)."""
    if kind == 'docker':
        if '@sha256:' in spec:
            return None
        tag = spec.rsplit('/', 1)[-1].partition(':')[2]
        return f'{spec} is {"latest" if tag == "latest" else "untagged"}' if not tag or tag == 'latest' else None
    if kind == 'pypi':
        if spec.startswith('git+'):
            ref = spec.rpartition('@')[2]
            return None if _COMMIT.match(ref) else f'{spec} is not pinned to a commit'
        m = re.search(r'==\s*([\w.+-]+)$|@([\w.+-]+)$', spec)
        version = (m.group(1) or m.group(2)) if m else ''
        return None if _EXACT.match(version) else f'{spec} has no exact version'
    _, at, version = spec[1:].partition('@') if spec.startswith('@') else spec.partition('@')
    if at and _EXACT.match(version):
        return None
    return f'{spec} is @{version}' if at else f'{spec} has no version'


@check('mcp_unpinned_server')
def mcp_unpinned_server(src: Source) -> Iterator[Hit]:
    """A server started with npx / uvx / pipx run / docker run from a package with no exact version."""
    for name, entry in servers(src):
        found = _package(_argv(entry))
        if found is None:
            continue
        why = unpinned(*found)
        if why is not None:
            yield Hit(*_line_of(src, name, found[1]), detail=f'server {name}: {why}')


_REMOTE_SCRIPT = re.compile(
    r'(?i)\b(?:curl|wget)\b[^|]{0,300}\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\b(?:curl|wget)\b[^|]{0,300}\|\s*'
    r'(?:python3?|node|perl|ruby)\b|\$\(\s*(?:curl|wget)\b|<\(\s*(?:curl|wget)\b|\biwr\b[^|]{0,200}\|\s*iex\b'
    r'|DownloadString\(',
)


@check('mcp_remote_script')
def mcp_remote_script(src: Source) -> Iterator[Hit]:
    """A server whose command downloads a script and pipes it into a shell or interpreter."""
    for name, entry in servers(src):
        line = ' '.join(_argv(entry))
        if _REMOTE_SCRIPT.search(line):
            word = next((w for w in _argv(entry) if re.search(r'curl|wget|iwr|DownloadString', w)), name)
            yield Hit(*_line_of(src, name, word), detail=f'server {name}')


_SECRET_NAME = re.compile(
    r'(?i)(?:^|[_-])(?:api[_-]?key|apikey|token|secret|password|passwd|pat|private[_-]?key|access[_-]?key|'
    r'client[_-]?secret|auth|authorization|credentials?|x-api-key)(?:$|[_-])|_KEY$|^authorization$',
)
_REFERENCE = re.compile(r'^\$\{[^}]{1,200}\}$|^\$[A-Za-z_]\w*$|^%\w+%$|^\{env:[^}]+\}$|^\$\{(?:env|input):')
_PLACEHOLDER = re.compile(
    r'(?i)<[^>\n]{0,80}>|\byour[_-]|your(?:-|_|\s)?(?:api|key|token|secret)|x{4,}|\.\.\.|\*{3,}|changeme|replace|example|'
    r'placeholder|dummy|^(?:true|false|none|null|\d{1,6})$|\$\{|\benv:',
)
_SECRET_ARG = re.compile(r'(?i)^--?(?:api[_-]?key|token|secret|password|access[_-]?token|auth[_-]?token|client[_-]?secret)'
                         r'(?:=(?P<value>.+))?$')


def _literal_secret(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    v = value.strip()
    if v.lower().startswith(('bearer ', 'token ', 'basic ')):
        v = v.split(None, 1)[1] if ' ' in v else ''
    return len(v) >= 8 and not _REFERENCE.search(v) and not _PLACEHOLDER.search(v)


@check('mcp_inline_secret')
def mcp_inline_secret(src: Source) -> Iterator[Hit]:
    """A secret written into a server's env, headers, args or URL instead of a reference to one."""
    for name, entry in servers(src):
        for table in ('env', 'headers'):
            values = entry.get(table)
            if not isinstance(values, dict):
                continue
            for key, value in values.items():
                if _SECRET_NAME.search(str(key)) and _literal_secret(value):
                    yield Hit(*_line_of(src, name, f'"{key}"'), detail=f'server {name}: {table}.{key}')
        args = [a for a in entry.get('args') or () if isinstance(a, str)] if isinstance(entry.get('args'), list) else []
        for i, word in enumerate(args):
            m = _SECRET_ARG.match(word)
            if m is None:
                continue
            value = m.group('value') if m.group('value') is not None else (args[i + 1] if i + 1 < len(args) else None)
            if _literal_secret(value):
                yield Hit(*_line_of(src, name, word), detail=f'server {name}: argument {word.split("=", 1)[0]}')
        url = entry.get('url')
        if isinstance(url, str):
            m = re.search(r'(?i)[?&](?:api[_-]?key|token|key|access_token|secret)=([^&#\s]+)', url)
            if m and _literal_secret(m.group(1)):
                yield Hit(*_line_of(src, name, '"url"'), detail=f'server {name}: url query')


# -- instruction files ----------------------------------------------------------------------

_NEGATION = re.compile(
    r"(?i)\b(?:never|don'?t|do\s+not|must\s+not|mustn'?t|should\s+not|shouldn'?t|cannot|can'?t|avoid|"
    r"forbidden|prohibited|not\s+allowed|disallowed|instead\s+of|don'?ts)\b|(?<![-\w])no(?![-\w])",
)
_LIST_ITEM = re.compile(r'^\s*(?:[-*+]|\d{1,3}[.)])\s')
_HEADING = re.compile(r'^\s{0,3}#{1,6}\s')
_LOOK_BACK = 60


def _forbidden(src: Source, n: int) -> bool:
    """Line `n` forbids what it names: itself, its list's lead-in line or its section's heading negates."""
    if _NEGATION.search(src.line(n)):
        return True
    in_list = bool(_LIST_ITEM.match(src.line(n)))
    for k in range(n - 1, max(0, n - _LOOK_BACK), -1):
        line = src.line(k)
        if in_list and not line.strip():
            continue
        if in_list and (_LIST_ITEM.match(line) or line[:1] in (' ', '\t')):
            continue
        if in_list:
            in_list = False
            if _NEGATION.search(line):
                return True  # "Do not use:" followed by the list
        if _HEADING.match(line):
            return bool(_NEGATION.search(line))
    return False


def _instruction_hits(src: Source, patterns: tuple[re.Pattern[str], ...]) -> Iterator[Hit]:
    for n, line in enumerate(src.lines, 1):
        m = next((m for p in patterns for m in [p.search(line)] if m), None)
        if m is not None and not _forbidden(src, n):
            yield Hit(n, m.start() + 1)


_SKIPS_CHECKS = (
    re.compile(r'--no-verify\b'),
    re.compile(r'\bgit\s+commit\b[^\n`]{0,80}\s-[a-mo-zA-Z]{0,4}n\b'),
    re.compile(r'\b(?:SKIP=[\w,-]{1,80}\s+git\b|HUSKY=0|PRE_COMMIT_ALLOW_NO_CONFIG=1|AIGUARD_SKIP\w{0,40}=)'),
    re.compile(
        r'(?i)\b(?:disable|turn\s+off|switch\s+off|bypass|skip|ignore|silence|suppress|remove|delete|comment\s+out|'
        r'uninstall)\b[^.\n]{0,60}\b(?:security\s+(?:checks?|scans?|scanners?|scanning|hooks?|warnings?|rules?|reviews?)|'
        r'pre-commit(?:\s+hooks?)?|git\s+hooks?|commit\s+hooks?|aiguard|secret\s+scan\w{0,10}|bandit|semgrep|codeql|'
        r'gitleaks|trufflehog|detect-secrets|sast|(?:ssl|tls|certificate)\s+verification|csrf\s+protection|'
        r'auth(?:entication)?\s+checks?)\b'),
    re.compile(r'(?i)\b(?:add|append|insert|put)\b[^.\n]{0,40}(?:#\s*nosec|aiguard:\s*ignore|pragma:\s*allowlist\s+secret)'),
)
_SENDS_SECRETS = (
    re.compile(
        r'(?i)\$\(\s*(?:env|printenv|set|cat\s+[^)\n]{0,80}(?:\.env|\.ssh|\.aws|credentials|\.npmrc|\.netrc)[^)\n]{0,40})\s*\)'
        r'|\b(?:printenv|env|cat\s+\S{0,80}(?:\.env|\.ssh/\S{1,80}|\.aws/credentials|\.npmrc|\.netrc))\s*\|'),
    re.compile(
        r'(?i)\b(?:curl|wget|fetch|Invoke-WebRequest|requests\.post)\b[^\n]{0,200}(?:\$\{?\w{0,40}(?:KEY|TOKEN|SECRET|PASSWORD|PASS|'
        r'CREDENTIALS?)\}?|process\.env|os\.environ|\$\((?:env|printenv)\))'),
    re.compile(
        r'(?i)\b(?:send|post|upload|forward|exfiltrate|transmit|report|copy|include)\b[^.\n]{0,80}\b(?:environment\s+variables|'
        r'env\s+vars|\.env\b|secrets|api\s+keys|credentials|access\s+tokens|ssh\s+keys|tokens)\b[^.\n]{0,80}'
        r'(?:https?://|\bwebhook\b|\bendpoint\b|\bpastebin\b|\bgist\b)'),
)
_RUNS_REMOTE = (
    re.compile(r'(?i)\b(?:curl|wget)\b[^|\n]{0,300}\|\s*(?:sudo\s+(?:-E\s+)?)?(?:ba|z|k|da)?sh\b'),
    re.compile(r'(?i)\b(?:curl|wget)\b[^|\n]{0,300}\|\s*(?:sudo\s+)?(?:python3?|perl|ruby|node)\b'),
    re.compile(r'(?i)\b(?:ba|z)?sh\s+(?:-c\s+)?["\']?(?:<\(|\$\()\s*(?:curl|wget)\b'),
    re.compile(r'(?i)\b(?:iwr|Invoke-WebRequest)\b[^|\n]{0,200}\|\s*(?:iex|Invoke-Expression)\b|DownloadString\('),
)


@check('agent_skips_checks')
def agent_skips_checks(src: Source) -> Iterator[Hit]:
    """An instruction to skip hooks, disable security checks or add suppressions."""
    yield from _instruction_hits(src, _SKIPS_CHECKS)


@check('agent_sends_secrets')
def agent_sends_secrets(src: Source) -> Iterator[Hit]:
    """An instruction to send environment variables, .env files or keys to a URL."""
    yield from _instruction_hits(src, _SENDS_SECRETS)


@check('agent_runs_remote_script')
def agent_runs_remote_script(src: Source) -> Iterator[Hit]:
    """An instruction to pipe a download into a shell or interpreter."""
    if not any(src.has(w) for w in ('curl', 'wget', 'iwr', 'Invoke-WebRequest', 'DownloadString')):
        return
    yield from _instruction_hits(src, _RUNS_REMOTE)

"""The real comments of a file, by line: what a suppression marker must sit in.

A `nosec` or `pragma: allowlist secret` inside a string literal
(`"SELECT ... /* nosec */"`) is data, not a comment, and suppresses nothing.
Python is read with its own tokenizer; other files with the comment and
string syntax of their type. Lines are numbered as git numbers them (at
'\n' only), like ChangedFile.lines.
"""
from __future__ import annotations

import functools
import re

from aiguard import records

# (line comment starts, block comment (start, end) pairs, string quotes that may span lines)
_HASH = (('#',), (), ())
_C = (('//',), (('/*', '*/'),), ())
_JS = (('//',), (('/*', '*/'),), ('`',))
_SQL = (('--',), (('/*', '*/'),), ())
_HCL = (('#', '//'), (('/*', '*/'),), ())
_MARKUP = (('//',), (('<!--', '-->'), ('/*', '*/')), ('`',))
_PHP = (('//', '#'), (('/*', '*/'),), ())
# A file of unknown type: every common comment start counts, strings still do not.
_ANY = (('#', '//', '--', ';'), (('/*', '*/'), ('<!--', '-->')), ())

_BY_SUFFIX = {
    **dict.fromkeys(('.sh', '.bash', '.zsh', '.ksh', '.yml', '.yaml', '.toml', '.env', '.rb', '.pl',
                     '.r', '.cfg', '.conf', '.ini', '.properties', '.mk', '.ps1', '.dockerfile',
                     '.gitignore', '.txt', '.in'), _HASH),
    **dict.fromkeys(('.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts'), _JS),
    **dict.fromkeys(('.java', '.go', '.c', '.h', '.cc', '.cpp', '.hpp', '.cs', '.rs', '.kt', '.kts',
                     '.swift', '.scala', '.dart', '.groovy', '.gradle', '.jsonc', '.json5', '.css',
                     '.scss', '.less'), _C),
    **dict.fromkeys(('.sql',), _SQL),
    **dict.fromkeys(('.tf', '.tfvars', '.hcl'), _HCL),
    **dict.fromkeys(('.html', '.htm', '.xml', '.vue', '.svelte', '.md', '.svg'), _MARKUP),
    **dict.fromkeys(('.php',), _PHP),
}
_BY_NAME = {'dockerfile': _HASH, 'containerfile': _HASH, 'makefile': _HASH, 'gemfile': _HASH,
            'procfile': _HASH, 'jenkinsfile': _C}


@records.record(frozen=True)
class Comments:
    """Comment text on each line number; a line may hold several comments."""

    by_line: dict[int, str]

    def on(self, lineno: int) -> str:
        return self.by_line.get(lineno, '')


def is_python(path: str, content: bytes) -> bool:
    base = path.rsplit('/', 1)[-1]
    if base.endswith(('.py', '.pyw', '.pyi')):
        return True
    return '.' not in base and content.startswith(b'#!') and b'python' in content.split(b'\n', 1)[0]


def syntax_for(path: str, content: bytes) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...]]:
    base = path.rsplit('/', 1)[-1].lower()
    if base in _BY_NAME or base.startswith(('dockerfile.', 'containerfile.')) or base.startswith('.env'):
        return _BY_NAME.get(base, _HASH)
    dot = base.rfind('.')
    if dot > 0 and base[dot:] in _BY_SUFFIX:
        return _BY_SUFFIX[base[dot:]]
    if content.startswith(b'#!'):
        return _HASH  # a script named without an extension: sh, bash, ruby, perl all use '#'
    return _ANY


@functools.lru_cache(maxsize=32)
def of(path: str, content: bytes) -> Comments:
    """The comments of a file (cached: several findings ask about the same file)."""
    text = content.decode('utf-8', 'replace')
    if is_python(path, content):
        found = _python(text)
        if found is not None:
            return Comments(found)
        return Comments(_lex(text, ('#',), (), ()))  # does not tokenize: quotes end at the line
    line, block, spanning = syntax_for(path, content)
    return Comments(_lex(text, line, block, spanning))


def _lines(text: str) -> list[str]:
    """Lines as git numbers them, each with its '\n'."""
    parts = text.split('\n')
    out = [p + '\n' for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _python(text: str) -> dict[int, str] | None:
    """COMMENT tokens by row; None when the tokenizer gives up (the caller lexes by line)."""
    import tokenize

    lines = _lines(text)
    feed = iter(lines)
    out: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(lambda: next(feed, '')):
            if tok.type == tokenize.COMMENT:
                row = tok.start[0]
                out[row] = f'{out[row]} {tok.string}' if row in out else tok.string
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    return out


def _lex(text: str, line_starts: tuple[str, ...], blocks: tuple[tuple[str, str], ...],
         spanning: tuple[str, ...]) -> dict[int, str]:
    """Comments by line for a C-, shell- or markup-like syntax.

    Quotes ' and " end at the end of the line (unterminated, they still hide
    the rest of it); quotes in `spanning` (JS template literals) and block
    comments run across lines.
    """
    out: dict[int, list[str]] = {}
    lineno = 1
    pos = 0
    for m in _token_regex(line_starts, blocks, spanning).finditer(text):
        if m.lastgroup == 'string':
            continue
        lineno += text.count('\n', pos, m.start())
        pos = m.start()
        for k, piece in enumerate(m.group().split('\n')):
            out.setdefault(lineno + k, []).append(piece)
    return {k: ' '.join(v) for k, v in out.items()}


@functools.lru_cache(maxsize=None)
def _token_regex(line_starts: tuple[str, ...], blocks: tuple[tuple[str, str], ...],
                 spanning: tuple[str, ...]) -> re.Pattern[str]:
    """Strings and comments in one alternation: whichever starts first wins, as in a lexer."""
    strings = []
    for q in '"\'`':
        if q in spanning:
            strings.append(f'{q}(?:\\\\[\\s\\S]|[^{q}\\\\])*{q}?')
        else:
            strings.append(f'{q}(?:\\\\[^\\n]|[^{q}\\\\\\n])*{q}?')
    comments = [re.escape(s) + '[^\\n]*' for s in line_starts]
    comments += [f'{re.escape(b)}[\\s\\S]*?(?:{re.escape(e)}|\\Z)' for b, e in blocks]
    return re.compile(f'(?P<string>{"|".join(strings)})|(?P<comment>{"|".join(comments)})')

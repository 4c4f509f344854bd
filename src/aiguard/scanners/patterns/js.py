"""Regex-level checks of JavaScript and TypeScript (rules of patterns-js.yaml) the syntax tree does not answer."""
from __future__ import annotations

import re
from collections.abc import Iterator

from aiguard.regexes import lazy
from aiguard.scanners.patterns.source import Hit, Source, _capped, check

_TEMPLATE = lazy(r'`([^`]{0,4000})`')
_SQL_SHAPE = lazy(
    r'\b(?:SELECT\s[^`;]{0,1000}?\bFROM|select\s[^`;]{0,1000}?\bfrom|INSERT\s+INTO|insert\s+into|'
    r'UPDATE\s+[\w."\[\]]{1,80}\s+SET|update\s+[\w."\[\]]{1,80}\s+set|DELETE\s+FROM|delete\s+from)\b',
)
_INTERP = lazy(r'\$\{([^}`]{0,300})\}')
_SAFE_INTERP = lazy(
    r'^\s*(?:[A-Z][A-Z0-9_]{0,60}|[\w$.]{0,60}[Pp]laceholders?\w{0,30}(?:\.join\([^)]{0,20}\))?)\s*$'
    r"|'\?'|\"\?\"|=>\s*['\"`]\?|\$\{",
)
_SQL_CONCAT = lazy(
    r"""(['"])\s{0,20}(?:SELECT\s[^'"\n]{0,300}?\bFROM|select\s[^'"\n]{0,300}?\bfrom|INSERT\s+INTO|"""
    r"""insert\s+into|UPDATE\s+\S{1,80}\s+SET|update\s+\S{1,80}\s+set|DELETE\s+FROM|delete\s+from)\b"""
    r"""[^'"\n]{0,300}\1\s{0,5}\+\s{0,5}(?P<expr>(?![A-Z][A-Z0-9_]{0,60}\b)[\w$])""",
)


@check('js_sql_string')
def js_sql_string(src: Source) -> Iterator[Hit]:
    """SQL text built with ${} interpolation (untagged template) or + concatenation."""
    text = src.text
    for m in _TEMPLATE.finditer(text):
        before = text[m.start() - 1] if m.start() else ''
        if before.isalnum() or before in '_$)]':
            continue  # a tagged template (sql`...`) parameterizes its values
        body = m.group(1)
        if not _SQL_SHAPE.search(body):
            continue
        for i in _INTERP.finditer(body):
            prev = body[i.start() - 1] if i.start() else ''
            if prev == '$' or _SAFE_INTERP.search(i.group(1)):
                continue  # $${n} numbers a placeholder; constants and '?' lists are not input
            line, col = src.position(m.start(1) + i.start())
            yield Hit(line, col)
            break
    for m in _SQL_CONCAT.finditer(text):
        line, col = src.position(m.start())
        yield Hit(line, col)


_HTML_TEMPLATE_SINK = lazy(
    r'\.(?:inner|outer)HTML\s*\+?=\s*`|\.insertAdjacentHTML\s*\(\s*[\'"]\w{1,12}[\'"]\s*,\s*`'
    r'|\bdocument\.write(?:ln)?\s*\(\s*`',
)
_ESCAPED_INTERP = lazy(
    r'^\s*(?:[A-Z][A-Z0-9_]{0,60}|[\w$.]{1,80}\.length|\d{1,20})\s*$'
    r'|^\s*(?:DOMPurify\.sanitize|sanitize\w{0,20}|escape\w{0,20}|esc\w{0,12}|encodeURI(?:Component)?'
    r'|Number|parseInt|parseFloat|[\w$.]{0,40}\.toFixed|[\w$.]{0,40}\.toLocale\w{0,20}|i18n\.t|t)\s*\(',
)


@check('js_html_template_sink')
def js_html_template_sink(src: Source) -> Iterator[Hit]:
    """A template literal written as HTML whose ${} values are not escaped or constant."""
    text = src.text
    for m in _HTML_TEMPLATE_SINK.finditer(text):
        start = m.end()
        close = text.find('`', start, start + 6000)
        body = text[start:close if close >= 0 else start + 6000]
        for i in _INTERP.finditer(body):
            if not _ESCAPED_INTERP.search(i.group(1)):
                yield Hit(*src.position(start + i.start()))
                break


_JWT_VERIFY = lazy(r'\b(?:jwt|jsonwebtoken|JWT)\.verify\s*\(')


@check('js_jwt_verify_no_algorithms')
def js_jwt_verify_no_algorithms(src: Source) -> Iterator[Hit]:
    """jwt.verify(...) whose arguments (up to the closing paren) never name `algorithms`."""
    for m in _capped(_JWT_VERIFY.finditer(src.text)):
        args = _call_args(src.text, m.end() - 1)
        if args and not any('algorithms' in a for _, a in args):
            yield Hit(*src.position(m.start()))

_CALL_TOKEN = lazy(r'[()\[\]{},\'"`]')


def _call_args(text: str, open_paren: int, limit: int = 2000) -> list[tuple[int, str]]:
    """Top-level arguments of the call whose `(` is at `open_paren`, with their offsets.

    Strings are skipped as opaque (escapes honoured); the scan stops at
    `limit` characters, so an unclosed call costs a bounded amount.
    """
    args: list[tuple[int, str]] = []
    depth, i, start = 0, open_paren + 1, open_paren + 1
    end = min(len(text), open_paren + limit)
    while True:
        tok = _CALL_TOKEN.search(text, i, end)
        if tok is None:
            break
        c, i = tok.group(), tok.start()
        if c in '\'"`':
            j = i + 1
            while True:  # to the closing quote, honouring backslash escapes
                close = text.find(c, j, end)
                if close < 0:
                    return []
                backslashes = len(text[j:close]) - len(text[j:close].rstrip('\\'))
                j = close + 1
                if backslashes % 2 == 0:
                    break
            i = j
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                args.append((start, text[start:i]))
                return args
            depth -= 1
        elif depth == 0:  # a comma between arguments
            args.append((start, text[start:i]))
            start = i + 1
        i += 1
    return []  # unclosed within the limit: no verdict


_JWT_CALL = lazy(r'\b(?:jwt|jsonwebtoken|JWT)\.(?:sign|verify)\s*\(')
# matched on an argument with its leading space stripped: a leading \s* is quadratic under search
_STRING_LITERAL = lazy(r'(?:\'[^\'\n]{1,300}\'|"[^"\n]{1,300}"|`[^`$\n]{1,300}`)\s*$')


@check('js_jwt_literal_key')
def js_jwt_literal_key(src: Source) -> Iterator[Hit]:
    """jwt.sign / jwt.verify whose key (second argument) is a string literal, or a constant bound to one."""
    for m in _capped(_JWT_CALL.finditer(src.text)):
        args = _call_args(src.text, m.end() - 1)
        if len(args) >= 2 and (_STRING_LITERAL.match(args[1][1].lstrip()) or _literal_constant(src, args[1][1].strip())):
            offset = args[1][0] + len(args[1][1]) - len(args[1][1].lstrip())
            yield Hit(*src.position(offset))


def _literal_constant(src: Source, name: str) -> bool:
    """True when `name` is bound once in the file, to a string literal (`const JWT_SECRET = "…"`)."""
    if not re.fullmatch(r'[A-Za-z_$][\w$]{0,60}', name):
        return False
    bound = re.findall(rf'(?<![\w$.]){re.escape(name)}\s*(?::\s*string\s*)?=(?![=>])([^\n;]*)', src.text)
    return len(bound) == 1 and bool(_STRING_LITERAL.match(bound[0].lstrip()))


_FUNCTION_CALL = lazy(r'Function\s*\(')  # literal first: far faster than a lookbehind


@check('js_dynamic_function')
def js_dynamic_function(src: Source) -> Iterator[Hit]:
    """Function(...) / new Function(...) with an argument that is not a string literal."""
    calls = (m for m in _FUNCTION_CALL.finditer(src.text)
             if not m.start() or not (src.text[m.start() - 1].isalnum() or src.text[m.start() - 1] in '_$.'))
    for m in _capped(calls):  # skipped above: AsyncFunction(, obj.Function(
        args = _call_args(src.text, m.end() - 1)
        if args and any(a.strip() for _, a in args) and not all(_STRING_LITERAL.match(a.lstrip()) for _, a in args):
            yield Hit(*src.position(m.start()))

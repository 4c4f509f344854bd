"""Text that is safe to print: file names quoted as git quotes them, no control characters.

A file name is the committer's choice: `a\\nb.py` would forge a line of the
report and `\\x1b[8m` would hide the rest of a terminal or CI log. Undecodable
bytes in a name (kept by git's -z output as surrogates) print as git's octal
escapes, and JSON and SARIF stay valid UTF-8.
"""
from __future__ import annotations

from aiguard.regexes import lazy

_C_ESCAPES = {'\a': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f',
              '\r': '\\r', '"': '\\"', '\\': '\\\\'}
_UNSAFE = lazy(r'[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]')


def _octal(ch: str) -> str:
    return ''.join(f'\\{b:03o}' for b in ch.encode('utf-8', 'surrogateescape'))


def quote_path(path: str) -> str:
    """`path` as is, or C-quoted like git's core.quotePath when it holds anything unprintable."""
    if path.isprintable() and '"' not in path and '\\' not in path and not _UNSAFE.search(path):
        return path
    return '"' + ''.join(
        _C_ESCAPES.get(ch) or (ch if ch.isprintable() and not _UNSAFE.match(ch) else _octal(ch))
        for ch in path
    ) + '"'


def printable(text: str) -> str:
    """A message with control, bidi and undecodable characters shown as escapes, on one line."""
    if text.isprintable() and not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: _C_ESCAPES.get(m.group()) or _octal(m.group()), text)


def valid_utf8(text: str) -> str:
    """Undecodable bytes (surrogates) replaced by U+FFFD: what a strict JSON reader accepts."""
    return _SURROGATE.sub('\ufffd', text)


_NON_ASCII = lazy(r'[^\x00-\x7f]')
_SURROGATE = lazy(r'[\ud800-\udfff]')


def ascii_json(body: str) -> str:
    """JSON text with every non-ASCII character escaped (they all sit inside strings)."""
    def escape(m: object) -> str:
        ch = m.group()  # type: ignore[attr-defined]
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            return f'\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}'
        return f'\\u{code:04x}'
    return _NON_ASCII.sub(escape, body)


def uri(path: str) -> str:
    """A relative URI for a repository path: percent-encoded UTF-8 (RFC 3986), bytes kept."""
    from urllib.parse import quote

    return quote(path.encode('utf-8', 'surrogateescape'), safe="/-._~!$&'()*+,;=:@")

"""Commit message trailers, found the way `git interpret-trailers --parse` finds them.

A port of git's trailer.c (2.39) rules, so a hook needs no subprocess to read
a message: the block is the last paragraph after the title, made only of
trailers or at least 25% trailers with one git-generated line
(`Signed-off-by: `, `(cherry picked from commit `); an indented line folds
into the trailer above; comment lines and everything below a scissors line
are ignored; with the divider on, a `---` line starts the patch. Characters
are classified as git does (ASCII only; space is " \\t\\n\\r").
"""
from __future__ import annotations

from aiguard import records

GIT_GENERATED_PREFIXES = ('Signed-off-by: ', '(cherry picked from commit ')
CUT_LINE = '------------------------ >8 ------------------------\n'
_SPACE = frozenset(' \t\n\r')


@records.record(frozen=True)
class Trailer:
    """One `Key: value` trailer; `value` is unfolded onto one line."""

    key: str
    value: str

    @property
    def token(self) -> str:
        """The key, lower-cased, for comparisons (git compares keys without case)."""
        return self.key.lower()


def _isspace(c: str) -> bool:
    return c in _SPACE


def _isalnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _trim(s: str) -> str:
    return s.strip(' \t\n\r')


def _next_line(s: str, i: int) -> int:
    j = s.find('\n', i)
    return len(s) if j < 0 else j + 1


def _last_line(s: str, length: int) -> int:
    """Start of the last line of s[:length]; a final newline belongs to it."""
    if length <= 0:
        return -1
    if length == 1:
        return 0
    return s.rfind('\n', 0, length - 1) + 1


def _is_blank_line(s: str, i: int) -> bool:
    while i < len(s) and s[i] != '\n' and _isspace(s[i]):
        i += 1
    return i >= len(s) or s[i] == '\n'


def find_separator(s: str, start: int = 0, separators: str = ':') -> int:
    """Offset of the separator in `Token<spaces>:`, or -1 when the line is no trailer."""
    whitespace_found = False
    i = start
    while i < len(s):
        c = s[i]
        if c in separators:
            return i - start
        if not whitespace_found and (_isalnum(c) or c == '-'):
            i += 1
            continue
        if i != start and c in ' \t':
            whitespace_found = True
            i += 1
            continue
        break
    return -1


def _find_patch_start(s: str) -> int:
    i = 0
    while i < len(s):
        if s.startswith('---', i) and i + 3 < len(s) and _isspace(s[i + 3]):
            return i
        i = _next_line(s, i)
    return len(s)


def _locate_scissors(s: str, length: int, comment: str) -> int:
    pattern = f'\n{comment} {CUT_LINE}'
    if s.startswith(pattern[1:]):
        return 0
    p = s.find(pattern)
    return p + 1 if p >= 0 else length


def _ignored_tail(s: str, length: int, comment: str) -> int:
    """Bytes at the end that are comments, blank lines or an old Conflicts: list."""
    boc = 0
    bol = 0
    in_conflicts = False
    cutoff = _locate_scissors(s, length, comment)
    while bol < cutoff:
        nl = s.find('\n', bol, cutoff)
        nxt = cutoff if nl < 0 else nl + 1
        if s.startswith(comment, bol) or s[bol] == '\n':
            if not boc:
                boc = bol
        elif s.startswith('Conflicts:\n', bol):
            in_conflicts = True
            if not boc:
                boc = bol
        elif in_conflicts and s[bol] == '\t':
            pass
        elif boc:
            boc = 0
            in_conflicts = False
        bol = nxt
    return length - boc if boc else length - cutoff


def _find_block_start(s: str, length: int, comment: str, separators: str) -> int:
    i = 0
    while i < length:
        if not s.startswith(comment, i) and _is_blank_line(s, i):
            break
        i = _next_line(s, i)
    end_of_title = i
    only_spaces = True
    recognized = False
    trailer_lines = non_trailer_lines = continuation = 0
    bol = _last_line(s, length)
    while bol >= end_of_title:
        here, bol = bol, _last_line(s, bol)
        if s.startswith(comment, here):
            non_trailer_lines += continuation
            continuation = 0
            continue
        if _is_blank_line(s, here):
            if only_spaces:
                continue
            non_trailer_lines += continuation
            if recognized and trailer_lines * 3 >= non_trailer_lines:
                return _next_line(s, here)
            if trailer_lines and not non_trailer_lines:
                return _next_line(s, here)
            return length
        only_spaces = False
        if s.startswith(GIT_GENERATED_PREFIXES, here):
            trailer_lines += 1
            continuation = 0
            recognized = True
            continue
        sep = find_separator(s, here, separators)
        if sep >= 1 and not _isspace(s[here]):
            trailer_lines += 1
            continuation = 0
        elif _isspace(s[here]):
            continuation += 1
        else:
            non_trailer_lines += 1 + continuation
            continuation = 0
    return length


def block_bounds(message: str, divider: bool = False, comment: str = '#',
                 separators: str = ':') -> tuple[int, int]:
    """(start, end) offsets of the trailer block; start == end when there is none.

    `divider=True` is `git interpret-trailers`' default (a `---` line starts
    a patch); commit messages are read without it, as `git log
    --format=%(trailers)` does.
    """
    patch = _find_patch_start(message) if divider else len(message)
    end = patch - _ignored_tail(message, patch, comment)
    start = _find_block_start(message, end, comment, separators)
    return min(start, end), end


def _unfold(value: str) -> str:
    out = []
    i = 0
    while i < len(value):
        c = value[i]
        i += 1
        if c == '\n':
            while i < len(value) and _isspace(value[i]):
                i += 1
            out.append(' ')
        else:
            out.append(c)
    return _trim(''.join(out))


def parse(message: str, divider: bool = False, comment: str = '#',
          separators: str = ':') -> list[Trailer]:
    """The trailers of `message`, in order, as `git interpret-trailers --parse` lists them."""
    start, end = block_bounds(message, divider, comment, separators)
    lines = message[start:end].split('\n')
    # split() drops the newlines git keeps; put them back except after the last
    raw = [line + '\n' for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    items: list[str] = []
    last: int | None = None
    for line in raw:
        if last is not None and line and _isspace(line[0]):
            items[last] += line
            continue
        items.append(line)
        last = len(items) - 1 if find_separator(line, 0, separators) >= 1 else None
    trailers = []
    for item in items:
        if item.startswith(comment):
            continue
        sep = find_separator(item, 0, separators)
        if sep >= 1:
            trailers.append(Trailer(_trim(item[:sep]), _unfold(_trim(item[sep + 1:]))))
    return trailers


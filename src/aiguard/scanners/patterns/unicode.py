"""Text that shows a reviewer something other than what a compiler or an assistant reads (issue 19).

- Bidirectional controls (Trojan Source, CVE-2021-42574): in source code any of them, as rustc and
  GitHub do (a string that needs one can spell it as an escape); in other text (docs, i18n
  catalogs) only one left open at the end of its line, GCC's "unpaired" rule: right-to-left
  prose closes what it opens, an attack lets the reordering run on.
- Mixed-script identifiers (homoglyphs, CVE-2021-42694): a name in code that mixes ASCII Latin with
  Cyrillic, Greek or Armenian letters that look like Latin ones (`isAdmіn` with a Cyrillic `і`).
  Strings and comments are left out; whole words in another script (`Δt`, Russian names) are fine.
- Invisible text in the files that instruct coding assistants (the "rules file backdoor"):
  zero-width characters, bidirectional controls, Unicode tag characters, invisible fillers.

The checks of the pack patterns-unicode (and AGENT001's of patterns-agents); they see only
files the engine's selector passes (pattern_files.wants_content), so ASCII-only files cost
nothing here.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from aiguard.scanners.pattern_files import CODE_SUFFIXES
from aiguard.scanners.patterns.source import Hit, Source, check

_BIDI = re.compile('[\u202a-\u202e\u2066-\u2069]')
_OPENERS = {'\u202a': 'LRE', '\u202b': 'RLE', '\u202d': 'LRO', '\u202e': 'RLO'}
_ISOLATES = {'\u2066': 'LRI', '\u2067': 'RLI', '\u2068': 'FSI'}
_NAMES = {**_OPENERS, **_ISOLATES, '\u202c': 'PDF', '\u2069': 'PDI'}


def _shown(ch: str) -> str:
    return f'U+{ord(ch):04X} {_NAMES.get(ch, "")}'.strip()


def _unpaired(line: str) -> str | None:
    """The first control a line leaves open (an embedding or override without PDF, an isolate without PDI)."""
    embeds: list[str] = []
    isolates: list[str] = []
    for ch in _BIDI.findall(line):
        if ch in _OPENERS:
            embeds.append(ch)
        elif ch in _ISOLATES:
            isolates.append(ch)
        elif ch == '\u202c' and embeds:
            embeds.pop()
        elif ch == '\u2069' and isolates:
            isolates.pop()
    left = embeds + isolates
    return left[0] if left else None


def is_code(path: str) -> bool:
    return path.endswith(CODE_SUFFIXES)


@check('bidi_controls')
def bidi_controls(src: Source) -> Iterator[Hit]:
    """Bidirectional controls: any in code, an unpaired one in other text."""
    if not _BIDI.search(src.text):
        return
    code = is_code(src.path)
    for n in sorted({src.position(m.start())[0] for m in _BIDI.finditer(src.text)}):
        line = src.line(n)
        ch = _BIDI.search(line).group() if code else _unpaired(line)  # type: ignore[union-attr]
        if ch is not None:
            yield Hit(n, line.index(ch) + 1, detail=_shown(ch))


# Letters of other scripts that render like Latin ones (from Unicode's confusables, the common cases).
_LOOKALIKES = frozenset(
    # Cyrillic
    '\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0455\u0456\u0458\u04bb\u0501\u051b\u051d\u04cf'
    '\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0405\u0406\u0408\u04ae\u051a\u051c'
    # Greek
    '\u03bf\u03bd\u03b9\u03c1\u03c5'
    '\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7'
    # Armenian
    '\u0585\u057d\u0570\u0578'
)
_IDENT = re.compile(r'[^\W\d]\w*')
_ASCII_LETTER = re.compile(r'[A-Za-z]')
# strings and comments on one line: their words are prose, not names
_NOT_CODE = re.compile(
    r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|`(?:\\.|[^`\\\n])*`|/\*.*?\*/|//.*|(?<![\w$])#(?![\w\[!]).*|\s--\s.*'
)


def _fullwidth_latin(ch: str) -> bool:
    return '\uff21' <= ch <= '\uff3a' or '\uff41' <= ch <= '\uff5a'


@check('mixed_script_identifiers')
def mixed_script_identifiers(src: Source) -> Iterator[Hit]:
    """A name in code mixing ASCII Latin letters with look-alike letters of another script."""
    if not is_code(src.path):
        return
    for n, line in enumerate(src.lines, 1):
        if line.isascii():
            continue
        code = _NOT_CODE.sub(lambda m: ' ' * len(m.group()), line)
        for m in _IDENT.finditer(code):
            word = m.group()
            if word.isascii() or not _ASCII_LETTER.search(word):
                continue
            odd = next((c for c in word if c in _LOOKALIKES or _fullwidth_latin(c)), None)
            if odd is not None:
                yield Hit(n, m.start() + 1, detail=f'{word} holds U+{ord(odd):04X}, which looks like a Latin letter')
                break


# Invisible in an editor and on GitHub, read by the model all the same.
_INVISIBLE = re.compile(
    '[\u200b-\u200d\u2060-\u2064\u180e\ufeff\u115f\u1160\u3164\uffa0\u202a-\u202e\u2066-\u2069'
    '\U000e0000-\U000e007f\U000e0100-\U000e01ef]'
)
_JOINERS = frozenset('\u200c\u200d')  # ZWNJ / ZWJ: Persian and Indic words, emoji sequences
_FLAG = '\U0001f3f4'  # a subdivision flag (England) is spelt with tag characters


def _legitimate(line: str, i: int, first_line: bool) -> bool:
    """A joiner inside a non-Latin word or an emoji, a flag's tags, or the file's byte order mark."""
    ch = line[i]
    if ch in _JOINERS:
        before = line[i - 1] if i else ' '
        after = line[i + 1] if i + 1 < len(line) else ' '
        return not before.isascii() and not after.isascii()
    if '\U000e0000' <= ch <= '\U000e007f':
        j = i
        while j > 0 and '\U000e0000' <= line[j - 1] <= '\U000e007f':
            j -= 1
        return j > 0 and line[j - 1] == _FLAG
    return ch == '\ufeff' and i == 0 and first_line


@check('agent_hidden_text')
def agent_hidden_text(src: Source) -> Iterator[Hit]:
    """Zero-width, bidirectional, tag and filler characters in an assistant's instructions."""
    if src.text.isascii():
        return
    for n, line in enumerate(src.lines, 1):
        if line.isascii():
            continue
        found = [m.start() for m in _INVISIBLE.finditer(line) if not _legitimate(line, m.start(), n == 1)]
        if found:
            yield Hit(n, found[0] + 1, detail=f'{len(found)} invisible character(s), first U+{ord(line[found[0]]):04X}')

"""Provider rules (SEC002, SEC003, SEC100+): one documented token format per rule."""
from __future__ import annotations

import re
from collections.abc import Iterator

from aiguard.regexes import lazy
from aiguard.scanners import secret_filters as filters
from aiguard.scanners.secrets.table import _Provider, _Table
from aiguard.scanners.secrets.text import _Hit, _Text

_EXAMPLE_VALUES = frozenset((
    'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAI44QH8DHBEXAMPLE',
    'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
))


_WORD = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-')


def _provider_hits(doc: _Text, table: _Table, present: set[str], low: str) -> Iterator[_Hit]:
    chosen = sorted({i for k in present for i in table.by_keyword.get(k, ())})
    windows: dict[str, list[tuple[int, int]]] = {}
    text = doc.text
    for i in chosen:
        p = table.provider(i)
        if p.mode == 'window':
            spans = _merge([w for k in p.keywords if k in present
                            for w in windows.setdefault(k, _keyword_lines(low, k))])
            matches: Iterator[re.Match[str]] = (m for lo, hi in spans for m in p.regex.finditer(text, lo, hi))
        else:
            matches = p.regex.finditer(text)
        context = p.value is not None
        for m in matches:
            start, end = m.span('secret')
            if p.mode == 'prefix' and start > 0 and text[start - 1] in _WORD:
                continue
            value = m.group('secret')
            checksum = filters.token_checksum(value)
            if checksum is False:
                continue  # GitHub and npm reject a token whose CRC32 does not match: a look-alike, never a key
            # a fixed-shape token next to `# example`, MOCK_… or sample is still a key; only its own
            # value (EXAMPLE, xxxx, …) or a line that calls it fake says otherwise; a valid checksum
            # outweighs the value's looks (a typed or made-up token matches one time in 62^6)
            around = doc.around(start)
            if (not checksum and _fake_token(value, p)) or (
                    filters.line_says_fake(around) if context else filters.line_says_not_real(around)):
                continue
            if context and (_foreign_prefix(value, p, table) or filters.names_something_else(m.group('cname'))):
                continue  # another format's token, or `segment_id = …`: not this provider's secret
            yield _Hit(p.rule_id, start, end, value, value)
    if any(k in present for k in ('akia', 'asia')):
        yield from _aws_pairs(doc, table)


def _foreign_prefix(value: str, p: _Provider, table: _Table) -> bool:
    """True when `value` starts with another format's prefix that this context rule does not expect."""
    low = value.lower()
    own = p.value or ''
    return any(low.startswith(k) and k.rstrip('-_.') not in own for k in table.prefixes)


def _keyword_lines(low: str, keyword: str) -> list[tuple[int, int]]:
    """(start, end) of each line holding `keyword`."""
    out = []
    i = low.find(keyword)
    while i >= 0:
        lo = low.rfind('\n', 0, i) + 1
        hi = low.find('\n', i)
        hi = len(low) if hi < 0 else hi
        out.append((lo, hi))
        i = low.find(keyword, hi)
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _fake_token(value: str, p: _Provider) -> bool:
    """True when a token-shaped value is a placeholder or too regular to be generated."""
    if value in _EXAMPLE_VALUES or 'EXAMPLE' in value or filters.is_placeholder_value(value):
        return True
    body = value[len(p.strip):] if p.strip and value.startswith(p.strip) else value
    # drop the fixed separators of structured formats before judging randomness
    if filters.placeholder(body):
        return True
    core = re.sub(r'[._\-:/]', '', body)
    # Unbroken capitals (an AWS key id body) read as "words" by vowel counts
    # alone about 2% of the time; words need case changes or separators.
    wordy = core != body or not core.isupper()
    if wordy and len(core) >= 20 and filters.looks_like_words(core):
        return True  # `ghp_apiTokenForTheStagingServerXyz`: words, not a generated token
    return filters.not_random(core, p.min_entropy) is not None


_AWS_ID = lazy(r'(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Z0-9])')
_QUOTED_40 = lazy(r'''(?<![A-Za-z0-9/+])["'=:\s](?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])''')


def _aws_pairs(doc: _Text, table: _Table) -> Iterator[_Hit]:
    """A 40-char base64 value within five lines of an access key id: the secret half.

    The lines near some key id are merged first and read once, so each value is
    judged once however many ids surround it (a CloudTrail log is one line of thousands).
    """
    rule = 'SEC003'
    starts = doc.starts
    near: list[tuple[int, int]] = []
    for m in _AWS_ID.finditer(doc.text):
        line, _ = doc.line_col(m.start())
        lo = starts[max(0, line - 6)]
        hi = starts[line + 5] if line + 5 < len(starts) else len(doc.text)
        if near and lo <= near[-1][1]:
            near[-1] = (near[-1][0], max(hi, near[-1][1]))
        else:
            near.append((lo, hi))
    for lo, hi in near:
        for s in _QUOTED_40.finditer(doc.text, lo, hi):
            value = s.group('secret')
            has = (any(c.isupper() for c in value) and any(c.islower() for c in value)
                   and any(c.isdigit() or c in '/+' for c in value))
            if not has or value in _EXAMPLE_VALUES or 'EXAMPLE' in value:
                continue
            if filters.not_random(value, 4.0):
                continue
            yield _Hit(rule, s.start('secret'), s.end('secret'), value, value)

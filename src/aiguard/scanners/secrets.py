"""Secret scanning on what a change adds.

Three layers, cheapest first, all on the staged text (never the work tree):

1. provider rules (SEC002, SEC003, SEC100+): one documented token format per
   rule; a rule's regex runs only when one of its literal keywords is in the
   file (`in` checks for a small change, one trie regex for a large one), on
   the lines holding the keyword when the format needs context;
2. structure (SEC001 private keys, SEC004 JWTs, SEC005 passwords in URLs,
   SEC009 service-account files), parsed and checked in code;
3. generic (SEC006 framework secrets, SEC007 secret-named assignments, SEC008
   env-lookup defaults): candidates found by aiguard's own extraction
   (assignments, call keywords, mappings, headers, env files), dropped by
   aiguard's filters, then by detect-secrets' heuristic filters, imported
   only when a candidate survives that far.

A value never leaves this module unredacted: messages carry `redact(value)`,
fingerprints hash it.
"""
from __future__ import annotations

import bisect
import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence

from aiguard import records
from aiguard.changes import ChangedFile
from aiguard.findings import GENERIC_SECRET_RULES, Finding, redact
from aiguard.regexes import lazy
from aiguard.rules import RULES_DIR, Rule
from aiguard.scanners import ScanContext, finding
from aiguard.scanners import secret_filters as filters

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; Any is for annotations only
if TYPE_CHECKING:
    from typing import Any

NAME = 'secrets'
PACK = 'secrets'
_MAX_LINE = 4000  # longer lines (minified code, data blobs) get provider rules only


def wants(path: str) -> bool:
    """Every text file may hold a secret."""
    return True


def scan(files: Sequence[ChangedFile], ctx: ScanContext) -> list[Finding]:
    """Findings for every secret in `files`; values are redacted."""
    out: list[Finding] = []
    for f in files:
        out.extend(scan_text(f.path, f.text))
    return out


# --- rule table ----------------------------------------------------------------

@records.record
class _Provider:
    """One provider rule; its regex is compiled on first use.

    `mode` says where the regex runs: 'prefix' over the whole text (the
    pattern starts with a literal, which `re` finds fast; the left word
    boundary is checked in Python), 'window' on the lines holding a keyword
    (context rules and patterns without a literal start), 'file' over the
    whole text (the keyword may sit elsewhere in the file).
    """

    rule_id: str
    keywords: tuple[str, ...]
    source: str
    min_entropy: float
    strip: str  # known prefix removed before judging randomness
    mode: str
    value: str | None  # the value regex of a context rule, None for a token format
    _regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.source)
        return self._regex


@records.record
class _Table:
    rows: list[tuple[Any, ...]]  # each provider's fields, made a _Provider when first asked
    keywords: tuple[str, ...]
    prefixes: tuple[str, ...]  # literal prefixes of provider formats
    by_keyword: dict[str, tuple[int, ...]]  # keyword -> indexes of providers it triggers
    scanned: int = 0  # bytes seen by this process: decides when the trie pays off
    _keyword_regex: re.Pattern[str] | None = None
    _implied: dict[str, tuple[str, ...]] | None = None
    _made: dict[int, _Provider] = records.field(default_factory=dict)

    def provider(self, i: int) -> _Provider:
        """The i-th provider rule (a small change asks for a few of ~330)."""
        p = self._made.get(i)
        if p is None:
            p = self._made[i] = _Provider(*self.rows[i])
        return p

    @property
    def providers(self) -> list[_Provider]:
        return [self.provider(i) for i in range(len(self.rows))]

    @property
    def keyword_regex(self) -> re.Pattern[str]:
        if self._keyword_regex is None:
            self._keyword_regex = re.compile(_trie_regex(self.keywords))
        return self._keyword_regex

    @property
    def implied(self) -> dict[str, tuple[str, ...]]:
        """keyword -> the keywords inside it (the trie reports only the longest match)."""
        if self._implied is None:
            self._implied = {w: tuple(o for o in self.keywords if o != w and o in w) for w in self.keywords}
        return self._implied


_TOKEN_START = r'(?<![A-Za-z0-9_\-])'
_TOKEN_END = r'(?![A-Za-z0-9_\-])'
_ASSIGN_OP = (
    r'''[\s'"\]\)]{0,3}(?:=|:=|::|:|=>|\?=|,|\(|\|\|=?|\?\?=?)\s{0,4}'''  # operator, call or mapping
    r'''(?:[A-Za-z_]\w{0,30}\s{0,2}[=:]\s{0,2})?'''  # a keyword argument after the call: Client(api_key=
    r'''[`'"]?\s{0,2}(?:Bearer\s{1,4}|Token\s{1,4}|Basic\s{1,4})?'''
)


def _provider_source(data: dict[str, object]) -> tuple[str, str]:
    """The regex source of a provider rule and the mode it runs in."""
    if 'context' in data:
        value = str(data['value'])
        return (rf'(?i:(?P<cname>(?:{data["context"]})[\w.\-]{{0,30}}?)){_ASSIGN_OP}'
                rf'(?P<secret>{value}){_TOKEN_END}'), 'window'
    pattern = str(data['pattern'])
    file_scope = data.get('scope') == 'file'
    if data.get('bounded') or '(?P<secret>' in pattern:
        return pattern, 'file' if file_scope else 'window'
    if len(_literal_prefix(pattern)) >= 2 and not file_scope and '|' not in pattern.split('(', 1)[0]:
        return rf'(?P<secret>{pattern}){_TOKEN_END}', 'prefix'
    return rf'{_TOKEN_START}(?P<secret>{pattern}){_TOKEN_END}', 'file' if file_scope else 'window'


def _literal_prefix(pattern: str) -> str:
    m = re.match(r'[A-Za-z0-9_\-]+', pattern.replace('\\.', '.').replace('\\-', '-'))
    return m.group(0) if m else ''


def _format_prefixes(data: dict[str, object], keywords: Sequence[str]) -> Iterator[str]:
    """Keywords that start a token of this format (used to spot malformed tokens)."""
    if 'context' in data or data.get('bounded'):
        return
    pattern = str(data.get('pattern', '')).lower()
    for k in keywords:
        if len(k) == 2 and pattern[:2] != k:
            continue
        if (k[0].isalnum() and '=' not in k and ':' not in k and not (k.isalpha() and len(k) >= 5)
                and not re.search(r'[a-z]{5,}-[a-z]{4,}', k)):
            yield k


def _trie_regex(words: Sequence[str]) -> str:
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[''] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ''
        body = alts[0] if len(alts) == 1 else '(?:' + '|'.join(alts) + ')'
        return f'(?:{body})?' if '' in node else body

    return build(root)


_MODES = frozenset(('window', 'file', 'prefix'))
_STRUCTURAL = ('SEC001', 'SEC004', 'SEC005', 'SEC006', 'SEC007', 'SEC008', 'SEC009')


def _cached(kind: str, build, valid):  # noqa: ANN001, ANN202 - build() -> marshal-able data
    """`build()` through the rule-data cache, keyed by the secrets pack's identity; what is
    read back must pass `valid(data, source)`, or it is built again.

    Parsing the YAML costs ~30 ms and building the table more.
    """
    from aiguard.rules import cached_build

    source = os.path.join(RULES_DIR, f'{PACK}.yaml')
    return cached_build(source, f'secret-{kind}', build, lambda data: valid(data, source))


def _valid_table(data: object, source: str) -> bool:
    """A table as _build_engine makes it, one provider for each rule the pack declares
    beyond the structural ones (an empty or cut table would switch providers off)."""
    from aiguard.rules import count_ids

    if not isinstance(data, dict) or set(data) != {'providers', 'prefixes', 'keywords', 'by_keyword'}:
        return False
    providers, keywords, by_keyword = data['providers'], data['keywords'], data['by_keyword']
    if not isinstance(providers, list) or len(providers) != count_ids(source) - len(_STRUCTURAL):
        return False
    try:  # whole-list checks in C: this runs on every commit
        return (set(map(type, providers)) == {tuple} and set(map(len, providers)) == {7}
                and {p[5] for p in providers} <= _MODES and set(map(type, by_keyword.values())) == {tuple}
                and type(keywords) is tuple and type(data['prefixes']) is tuple
                and by_keyword.keys() == set(keywords) and all(by_keyword.values())
                and set().union(*by_keyword.values()) <= set(range(len(providers))))
    except (TypeError, ValueError, AttributeError):  # an empty tuple, a value of the wrong kind
        return False


def _pack_items() -> list[dict[str, Any]]:
    """The YAML pack as plain data (validated by valid_pack_data)."""
    def parse() -> list[dict[str, Any]]:
        import yaml

        loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
        with open(os.path.join(RULES_DIR, f'{PACK}.yaml'), encoding='utf-8') as f:
            return yaml.load(f, Loader=loader)  # noqa: S506 - a safe loader

    from aiguard.rules import valid_pack_data

    return _cached('rules', parse, valid_pack_data)


def _build_engine() -> dict[str, object]:
    """What scanning needs from the pack (no docs): provider sources, keywords, prefixes."""
    providers = []
    prefixes: set[str] = set()
    for item in _pack_items():
        if item['id'] in _STRUCTURAL:
            continue
        keywords = tuple(str(k).lower() for k in item.get('keywords', ()))
        strip = str(item.get('strip', ''))
        if not strip and 'context' not in item:
            strip = _literal_prefix(str(item.get('pattern', '')))
        source, mode = _provider_source(item)
        value = str(item['value']).lower() if 'context' in item else None
        providers.append((item['id'], keywords, source, float(item.get('entropy', 3.0)), strip, mode, value))
        prefixes.update(_format_prefixes(item, keywords))
    words = sorted({k for p in providers for k in p[1]}, key=lambda w: (-len(w), w))
    by_keyword: dict[str, list[int]] = {}
    for i, p in enumerate(providers):
        for k in p[1]:
            by_keyword.setdefault(k, []).append(i)
    return {'providers': providers, 'prefixes': tuple(sorted(prefixes)), 'keywords': tuple(words),
            'by_keyword': {k: tuple(v) for k, v in by_keyword.items()}}


@functools.lru_cache(maxsize=1)
def _table() -> _Table:
    # the kind names the data's shape: a cache written by an older build is not read
    engine = _cached('table-2', _build_engine, _valid_table)
    return _Table(engine['providers'], engine['keywords'], engine['prefixes'], engine['by_keyword'])


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, Rule]:
    """Rule objects (with docs), built only when there is a finding to report."""
    from aiguard.rules import _rule

    return {str(item['id']): _rule(item, PACK) for item in _pack_items()}


def rules() -> dict[str, Rule]:
    """Every secret rule, by id."""
    return _rules()


# --- scanning -------------------------------------------------------------------

@records.record
class _Hit:
    rule: str  # rule id
    start: int
    end: int
    value: str
    key: str
    span_end: int | None = None  # offset of the last character for multi-line findings


class _Text:
    """A file's text with offset → line/column lookups."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.kind = filters.path_kind(path)
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer('\n', self.text)]
        return self._starts

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def around(self, offset: int, reach: int = 200) -> str:
        """The line holding `offset`, cut to `reach` characters either side (minified files)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        lo = max(self.starts[i], offset - reach)
        end = self.text.find('\n', offset, offset + reach)
        return self.text[lo: end if end >= 0 else min(len(self.text), offset + reach)]

    def line_at(self, offset: int) -> str:
        i = bisect.bisect_right(self.starts, offset) - 1
        end = self.text.find('\n', self.starts[i])
        return self.text[self.starts[i]: end if end >= 0 else len(self.text)]


def scan_text(path: str, text: str) -> list[Finding]:
    """Findings for every secret in one file's text (the engine's pure core)."""
    return _findings(*_hits(path, text))


def scan_values(path: str, text: str) -> list[tuple[Finding, str]]:
    """Each finding of `scan_text` with the value it found: for a caller that hashes or masks
    the value in memory (imported allowlists, foreign messages), never one that keeps it."""
    doc, hits = _hits(path, text)
    return list(zip(_findings(doc, hits), [h.value for h in hits]))


def _hits(path: str, text: str) -> tuple[_Text, list[_Hit]]:
    table = _table()
    doc = _Text(path, text)
    hits: list[_Hit] = []
    low = text.lower()
    if len(low) != len(text):  # 'İ'.lower() is two characters: keep offsets aligned
        low = text.translate(_ASCII_LOWER)
    present = _present_keywords(table, low)
    if '-----begin' in low:
        hits.extend(_private_keys(doc))
    if 'service_account' in low:
        hits.extend(_service_account(doc))
    hits.extend(_provider_hits(doc, table, present, low))
    if 'eyj' in low:
        hits.extend(_jwts(doc))
    if '://' in low or '-u ' in low or '--user' in low or '=' in low and (
            'pass' in low or 'pwd' in low or 'token=' in low or 'key=' in low or 'secret=' in low):
        hits.extend(_url_passwords(doc))
    if doc.kind not in ('lock', 'docs'):
        hits.extend(_generic(doc, low))  # docs show made-up credentials by the dozen
    return doc, _dedupe(hits)


_SMALL = 32_000
_ASCII_LOWER = str.maketrans('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')


def _present_keywords(table: _Table, low: str) -> set[str]:
    """Which rule keywords occur in the text.

    A small change (a commit's usual fare) takes one `in` per keyword; past
    ~128 kB of text one pass of a trie regex is cheaper, compiled only then
    (compiling it costs ~25 ms).
    """
    table.scanned += len(low)
    if table._keyword_regex is None and len(low) < _SMALL and table.scanned < _SMALL * 4:
        return {k for k in table.keywords if k in low}
    present: set[str] = set()
    for m in table.keyword_regex.finditer(low):
        word = m.group(0)
        if word not in present:
            present.add(word)
            present.update(table.implied.get(word, ()))
    return present


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """One finding per value span: the first (most specific) rule wins.

    The spans kept are disjoint, so their starts and ends sort alike: a new span
    overlaps a kept one only if it overlaps its two neighbours (n log n, not n²).
    """
    kept: list[_Hit] = []
    starts: list[int] = []
    ends: list[int] = []
    for h in hits:
        i = bisect.bisect_right(starts, h.start)
        if (i > 0 and h.start < ends[i - 1]) or (i < len(starts) and starts[i] < h.end):
            continue
        kept.append(h)
        starts.insert(i, h.start)
        ends.insert(i, h.end)
    return kept


def _findings(doc: _Text, hits: list[_Hit]) -> list[Finding]:
    out = []
    for h in hits:
        line, col = doc.line_col(h.start)
        end_line = doc.line_col(h.span_end)[0] if h.span_end is not None else None
        rule = _rules()[h.rule]
        what = re.sub(r'^(?:An?|The) ', '', rule.summary.replace(' is committed', ''))
        out.append(finding(
            rule, doc.path, line, col, f'{what}: {redact(h.value, h.rule not in GENERIC_SECRET_RULES)}', h.key,
            end_line=end_line if end_line and end_line > line else None,
        ))
    return out


# --- provider rules ---------------------------------------------------------------

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
            # a fixed-shape token next to `# example`, MOCK_… or sample is still a key; only its own
            # value (EXAMPLE, xxxx, …) or a line that calls it fake says otherwise
            around = doc.around(start)
            if _fake_token(value, p) or (filters.line_says_fake(around) if context else filters.line_says_not_real(around)):
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


# --- private keys, service accounts, JWTs, URLs -----------------------------------

_KEY_BEGIN = lazy(
    r'-----BEGIN[ A-Z0-9_-]{0,40}?PRIVATE KEY(?: BLOCK)?-----'
)
_KEY_END = lazy(r'-----END[ A-Z0-9_-]{0,40}?PRIVATE KEY(?: BLOCK)?-----')
_KEY_HEADER_LINE = lazy(r'^(?:Proc-Type|DEK-Info|Comment|Version|Hash):.*$', re.MULTILINE)


_BODY_LINE = lazy(r'''[\s"'+,]{0,40}(?P<b64>[A-Za-z0-9+/=]{4,20000})[\s"'+,\\]{0,40}''')


def _private_keys(doc: _Text) -> Iterator[_Hit]:
    rule = 'SEC001'
    for m in _KEY_BEGIN.finditer(doc.text):
        end = _KEY_END.search(doc.text, m.end(), m.end() + 20000)
        stop = end.start() if end else min(len(doc.text), m.end() + 20000)
        region = doc.text[m.end():stop].replace('\\r', '').replace('\\n', '\n')
        body = _key_body(region)
        if len(body) < 16 or filters.placeholder(body) or '...' in region[:len(body) + 200]:
            continue
        if len(body) >= 64 and filters.not_random(body[:200], 3.0):
            continue
        span_end = (end.end() - 1) if end else m.end() + len(region) - 1
        # the hit covers the whole block, so nothing inside it is reported twice
        yield _Hit(rule, m.start(), span_end + 1, body, body, span_end=span_end)


def _key_body(region: str) -> str:
    """The base64 lines right after a BEGIN line (header fields skipped); stops at anything else."""
    parts = []
    lines = region.split('\n')
    if lines and not lines[0].strip(' \t\r"\'+,\\'):
        lines = lines[1:]  # the rest of the BEGIN line
    for line in lines:
        bare = line.strip(' \t\r"\'+,\\')
        if not bare or _KEY_HEADER_LINE.match(bare):
            continue
        m = _BODY_LINE.fullmatch(line)
        if not m:
            break
        parts.append(m.group('b64'))
    return ''.join(parts)


def _service_account(doc: _Text) -> Iterator[_Hit]:
    m = re.search(r'"type"\s*:\s*"service_account"', doc.text)
    if not m:
        return
    key_id = re.search(r'"private_key_id"\s*:\s*"(?P<secret>[0-9a-f]{40})"', doc.text)
    has_key = re.search(r'"private_key"\s*:\s*"-----BEGIN', doc.text)
    if key_id and has_key and not filters.not_random(key_id.group('secret'), 3.0):
        yield _Hit('SEC009', key_id.start('secret'), key_id.end('secret'),
                   key_id.group('secret'), key_id.group('secret'))


_JWT = lazy(
    r'(?<![A-Za-z0-9_\-])(?P<secret>eyJ[A-Za-z0-9_-]{10,2000}\.eyJ[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{16,1000})'
    r'(?![A-Za-z0-9_\-])'
)


def _b64json(part: str) -> object:
    import base64
    import binascii
    import json

    try:
        raw = base64.urlsafe_b64decode(part + '=' * (-len(part) % 4))
        return json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _jwts(doc: _Text) -> Iterator[_Hit]:
    rule = 'SEC004'
    for m in _JWT.finditer(doc.text):
        token = m.group('secret')
        head, payload, _sig = token.split('.')
        h, p = _b64json(head), _b64json(payload)
        if not isinstance(h, dict) or not isinstance(p, dict):
            continue
        if str(h.get('alg', 'none')).lower() == 'none':
            continue
        if p.get('name') == 'John Doe' or p.get('sub') == '1234567890':
            continue  # the jwt.io documentation sample
        if p.get('role') == 'anon':
            continue  # a Supabase anon key is public by design (row-level security guards the data)
        if filters.line_says_fake(doc.around(m.start())):
            continue
        yield _Hit(rule, m.start('secret'), m.end('secret'), token, token)


_URL_CRED = lazy(
    r'://(?P<user>[^\s:/@\'"`<>(){}\[\],;]{0,64}):'
    r'(?P<secret>[^\s/@\'"`<>,]{1,128})@(?P<host>[A-Za-z0-9._\-\[\]%]{1,253})'
)
_CURL_USER = lazy(  # curl -u user:password, wget --user … --password is a CLI flag
    r'''(?:^|\s)(?:-u|--user)\s{1,4}["']?(?P<user>[^:\s"'$]{1,64}):(?P<secret>[^\s"'@]{4,128})["']?(?=\s|$)'''
)
_QUERY_SECRET = lazy(
    r'''[?&](?P<name>password|passwd|pwd|pass|access_token|api_key|apikey|api-key|secret|client_secret|auth_token)='''
    r'''(?P<secret>[^&\s"'#<>`]{6,300})''', re.IGNORECASE,
)
_CONN_PASSWORD = lazy(r'(?i)(?:^|[;"\'\s])(?:password|pwd)\s?=\s?(?P<secret>[^;"\'\s]{3,128})(?=;|["\'\s]|$)')


def _url_passwords(doc: _Text) -> Iterator[_Hit]:
    rule = 'SEC005'
    for m in _URL_CRED.finditer(doc.text):
        if m.start() == 0 or not doc.text[m.start() - 1].isalnum():
            continue  # no scheme
        password = m.group('secret')
        if filters.url_password(m.group('user'), password, m.group('host'), doc.kind):
            continue
        yield _Hit(rule, m.start('secret'), m.end('secret'), password, password)
    for m in _CURL_USER.finditer(doc.text):
        password = m.group('secret')
        if filters.url_password(m.group('user'), password, '', doc.kind):
            continue
        yield _Hit(rule, m.start('secret'), m.end('secret'), password, password)
    for m in _QUERY_SECRET.finditer(doc.text):
        value = m.group('secret')
        cls = filters.secret_class(m.group('name')) or 'token'
        if filters.generic_value(value, cls, doc.kind) or filters.line_says_fake(doc.around(m.start())):
            continue
        yield _Hit(rule, m.start('secret'), m.end('secret'), value, value)
    for m in _CONN_PASSWORD.finditer(doc.text):
        line = doc.line_at(m.start())
        if ';' not in line or not re.search(r'(?i)(?:server|host|data source|user id|uid|database)\s?=', line):
            continue  # only ADO.NET / ODBC style connection strings
        password = m.group('secret')
        if filters.url_password('', password, '', doc.kind):
            continue
        yield _Hit(rule, m.start('secret'), m.end('secret'), password, password)


# --- generic layer --------------------------------------------------------------------

_GENERIC_WORDS = ('pass', 'pwd', 'secret', 'tok', 'key', 'auth', 'cred', 'bearer', 'pw', '_pat')
_ASSIGN_HINT = lazy(r'''[=:,<>(]|\s[A-Za-z0-9]''')
_QUOTED_ASSIGN = lazy(
    r'''(?<![\w.\-$@\\])(?P<name>[A-Za-z_@$][\w.\-$@]{0,80}?|\[["'][\w.\-]{1,80}["']\])'''
    r'''(?P<close>["']?\]?["']?)'''
    r'''(?:\s{0,2}:\s{0,2}[A-Za-z_][\w\[\]., |]{0,40}?)?\s{0,3}'''
    r'''(?P<op>:=|=>|\?\?=|\|\|=|=(?!=)|:(?!:)|,)\s{0,4}'''
    r'''(?:[rRbBuU]{1,2}(?=["']))?(?P<q>["'`])(?P<value>[^"'`\n\\]{1,300})(?P=q)'''
)
_SETTER = lazy(  # setPassword("…"), withApiKey("…"), .token("…"): one literal argument
    r'''(?<![\w$])(?P<name>[A-Za-z_$][\w$]{0,60})\(\s{0,2}(?P<q>["'])(?P<value>[^"'\n\\]{6,300})(?P=q)\s{0,2}\)'''
)
_UNQUOTED_ASSIGN = lazy(
    r'''^\s{0,40}(?:export\s{1,4}|ENV\s{1,4}|ARG\s{1,4}|set\s{1,4}|SET\s{1,4}|-\s{1,4})?(?P<name>[A-Za-z_][\w.\-]{0,80})'''
    r'''\s{0,3}(?P<op>=|:|\s)\s{0,3}(?P<value>[^\s'"#;,{}\[\]()`]{6,300})\s*(?:[#;].*)?$'''
)
_AUTH_PAIR = lazy(
    r'''(?:\bauth\s?=\s?\(|BasicAuth\(|DigestAuth\(|basic_auth\s?=\s?\(|\.auth\()\s?["'][^"'\n]{1,64}["']\s?,\s?'''
    r'''["'](?P<value>[^"'\n\\]{1,128})["']'''
)
_CLI_ARG = lazy(
    r'''(?:(?:^|\s)(?:-e|--env|--build-arg)\s+|(?:^|\s)--)(?P<name>[A-Za-z_][\w.\-]{0,60})[= ]'''
    r'''(?P<q>["']?)(?P<value>[^\s"'`;|&]{6,300})(?P=q)(?=\s|$)'''
    r'''|^\s{0,40}(?:machine\s{1,9}\S{1,200}\s{1,9}login\s{1,9}\S{1,200}\s{1,9})?password\s{1,9}(?P<nvalue>\S{6,300})\s{0,40}$'''  # .netrc
)
_ENV_LINE = lazy(r'\s{0,40}(?:export\s{1,4})?[A-Z][A-Z0-9_]{2,80}=')
_XML_ELEMENT = lazy(r'<(?P<name>[\w:.\-]{1,60})>(?P<value>[^<\s]{6,300})</(?P=name)>')
_XML_ADD = lazy(r'''<add\s+key=["'](?P<name>[^"']{1,80})["']\s+value=["'](?P<value>[^"']{6,300})["']''')
_AUTH_HEADER = lazy(
    r'(?i)authorization["\']?\s?[:=,]\s?["\']?\s?(?:bearer|token|basic)\s+(?P<value>[A-Za-z0-9._~+/=\-]{16,500})'
)
_ENV_DEFAULT = lazy(
    r'''(?:os\.getenv|os\.environ\.get|environ\.get|getenv|env\.str|env|config|ENV\.fetch|System\.getenv\(\)\.getOrDefault|'''
    r'''Environment\.GetEnvironmentVariable)\(\s*["'](?P<name>[\w.\-]{1,80})["']\s*,\s*(?:default\s*=\s*)?'''
    r'''(?P<q>["'])(?P<value>[^"'\n\\]{1,300})(?P=q)'''
    r'''|process\.env(?:\.(?P<jsname>\w{1,80})|\[["'](?P<jsname2>[\w.\-]{1,80})["']\])\s*(?:\|\||\?\?)\s*(?P<jq>["'`])(?P<jsvalue>[^"'`\n\\]{1,300})(?P=jq)'''
    r'''|\$\{(?P<shname>\w{1,80}):?-(?P<shvalue>[^}\s'"]{1,300})\}'''
    r'''|ENV\[["'](?P<rbname>\w{1,80})["']\]\s*\|\|\s*(?P<rq>["'])(?P<rbvalue>[^"'\n\\]{1,300})(?P=rq)'''
)


def _generic(doc: _Text, low: str) -> Iterator[_Hit]:
    text = doc.text
    unquoted = doc.kind in ('config', 'docs') or doc.path.endswith(('Dockerfile', '.env'))
    # str.find per trigger word is much faster than one alternation regex
    spans = _merge([w for word in _GENERIC_WORDS for w in _keyword_lines(low, word)])
    for lo, hi in spans:
        if hi - lo <= _MAX_LINE and _ASSIGN_HINT.search(text, lo, hi):
            for a, b in _line_bounds(text, lo, hi):
                yield from _generic_line(doc, text[a:b], a, unquoted)


def _line_bounds(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    while lo <= hi:
        end = text.find('\n', lo, hi)
        end = hi if end < 0 else end
        yield lo, end
        lo = end + 1


def _generic_line(doc: _Text, line: str, lo: int, unquoted: bool) -> Iterator[_Hit]:
    quoted = '"' in line or "'" in line or '`' in line
    if '${' in line or quoted and ('env' in line or 'ENV' in line or 'config(' in line):
        yield from _env_defaults(doc, line, lo)
    if quoted:
        yield from _quoted(doc, line, lo)
    if quoted and 'uth' in line:
        for m in _AUTH_PAIR.finditer(line):
            hit = _judge(doc, 'SEC007', 'password', m.group('value'), lo + m.start('value'), line)
            if hit:
                yield hit
    if 'uthorization' in line or 'UTHORIZATION' in line:
        for m in _AUTH_HEADER.finditer(line):
            hit = _judge(doc, 'SEC007', 'Authorization', m.group('value'), lo + m.start('value'), line)
            if hit:
                yield hit
    if '<' in line and '>' in line:
        for rx in (_XML_ELEMENT, _XML_ADD):
            for m in rx.finditer(line):
                hit = _judge(doc, _generic_rule(m.group('name')), m.group('name'), m.group('value'),
                             lo + m.start('value'), line)
                if hit:
                    yield hit
    if '-' in line or 'password' in line:
        for m in _CLI_ARG.finditer(line):
            name = m.group('name') or 'password'
            group = 'value' if m.group('value') is not None else 'nvalue'
            hit = _judge(doc, _generic_rule(name), name, m.group(group), lo + m.start(group), line)
            if hit:
                yield hit
    if unquoted or _ENV_LINE.match(line):
        assign = _UNQUOTED_ASSIGN.match(line)
        if assign and (assign.group('op') != ' ' or line.lstrip().startswith(('ENV ', 'ARG '))):
            hit = _judge(doc, _generic_rule(assign.group('name')), assign.group('name'), assign.group('value'),
                         lo + assign.start('value'), line)
            if hit:
                yield hit


def _env_defaults(doc: _Text, line: str, lo: int) -> Iterator[_Hit]:
    for m in _ENV_DEFAULT.finditer(line):
        name = m.group('name') or m.group('jsname') or m.group('jsname2') or m.group('shname') or m.group('rbname')
        group = next(g for g in ('value', 'jsvalue', 'shvalue', 'rbvalue') if m.group(g) is not None)
        hit = _judge(doc, 'SEC008', name, m.group(group), lo + m.start(group), line)
        if hit:
            yield hit


def _quoted(doc: _Text, line: str, lo: int) -> Iterator[_Hit]:
    yield from _quoted_in(doc, line, line, lo)
    if '\\"' in line:  # code inside a JSON string (notebooks): \" -> ` "` keeps the offsets
        yield from _quoted_in(doc, line.replace('\\"', ' "'), line, lo)
    yield from _setters(doc, line, lo)


def _quoted_in(doc: _Text, view: str, line: str, lo: int) -> Iterator[_Hit]:
    for m in _QUOTED_ASSIGN.finditer(view):
        name = m.group('name').strip('[]"\'')
        # `f("password", "x")` and `setPassword("x")` pair a name and a value only by
        # position: demand a machine-made value (PHP's define('DB_PASSWORD', …) excepted)
        strict = m.group('op') == ',' and 'define(' not in line
        hit = _judge(doc, _generic_rule(name), name, m.group('value'), lo + m.start('value'), line,
                     strict=strict)
        if hit:
            yield hit


def _setters(doc: _Text, line: str, lo: int) -> Iterator[_Hit]:
    if '(' in line:
        for m in _SETTER.finditer(line):
            hit = _judge(doc, _generic_rule(m.group('name')), m.group('name'), m.group('value'),
                         lo + m.start('value'), line, strict=True)
            if hit:
                yield hit


def _generic_rule(name: str) -> str:
    """SEC006 for framework signing secrets, SEC007 for any other secret name."""
    return 'SEC006' if filters.is_framework_name(name) else 'SEC007'


def _judge(doc: _Text, rule: str, name: str, value: str, offset: int, line: str,
           strict: bool = False) -> _Hit | None:
    """A generic hit when `name` is a secret name and `value` survives every filter."""
    cls = filters.secret_class(name)
    if cls is None and rule == 'SEC006':
        cls = 'secret'
    if cls is None:
        return None
    if filters.generic_value(value, cls, 'strict' if strict else doc.kind) or filters.line_says_fake(line):
        return None
    if value.lower().startswith(_table().prefixes) or value.startswith('eyJ'):
        return None  # a provider's format (or a JWT) that its own rule rejected: malformed
    v = value.rstrip()
    for prefix in ('Bearer ', 'bearer ', 'Basic ', 'Token ', 'token '):
        if v.startswith(prefix):
            offset += len(prefix)
            v = v[len(prefix):]
    if filters.detect_secrets_filter(v, line):
        return None
    return _Hit(rule, offset, offset + len(v), v, v)


# --- files over max_file_size: read in pieces ------------------------------------------

# A token never spans more than this (a private key block holds at most 20,000 characters):
# each piece is read again from this far back, so no token is cut in two.
STREAM_OVERLAP = 64 * 1024


def scan_pieces(path: str, pieces: Iterable[bytes]) -> list[Finding]:
    """Findings for every secret in a file read piece by piece (one too large to hold whole);
    memory holds one piece and the overlap. Lines count every newline before, as git's do."""
    found: dict[tuple[str, int, str], Finding] = {}
    carry = b''
    lines_before = 0  # newlines before the window
    shift = 0  # bytes of the window's first line that lie before the window
    it = iter(pieces)
    piece = next(it, None)
    while piece is not None:
        following = next(it, None)
        window = carry + piece
        cut = len(window)
        if following is not None:
            cut = max(len(window) - STREAM_OVERLAP, 1)
            newline = window.rfind(b'\n', 0, cut)
            if newline >= cut - STREAM_OVERLAP:
                cut = newline + 1  # the next window starts a line, when one starts near
        for f in scan_text(path, window.decode('utf-8', 'replace')):
            line = f.line + lines_before
            column = f.column + shift if f.line == 1 else f.column
            end = f.end_line + lines_before if f.end_line else None
            found.setdefault((f.rule_id, line, f.fingerprint),
                             records.replace(f, line=line, column=column, end_line=end))
        newlines = window.count(b'\n', 0, cut)
        last_newline = window.rfind(b'\n', 0, cut)
        shift = cut - last_newline - 1 if last_newline >= 0 else shift + cut
        lines_before += newlines
        carry = window[cut:]
        piece = following
    return sorted(found.values(), key=lambda f: (f.line, f.column, f.rule_id))

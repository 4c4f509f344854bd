"""The provider rule table: built from rules/secrets.yaml once, kept in the rule-data cache,
and the Rule objects (with docs) made only when there is a finding to report."""
from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence

from aiguard import records
from aiguard.rules import RULES_DIR, Rule

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; Any is for annotations only
if TYPE_CHECKING:
    from typing import Any

PACK = 'secrets'


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
    from aiguard.rules import read_pack_data

    return read_pack_data(PACK)


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
    from aiguard import rules

    # keyed by the pack and by this module and rules/, which build the table: no version to bump
    source = os.path.join(RULES_DIR, f'{PACK}.yaml')
    engine = rules.cached_build(source, 'secret-table', _build_engine, lambda data: _valid_table(data, source),
                                (__file__, rules.__file__))
    return _Table(engine['providers'], engine['keywords'], engine['prefixes'], engine['by_keyword'])


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, Rule]:
    """Rule objects (with docs), built only when there is a finding to report."""
    from aiguard.rules import _rule

    return {str(item['id']): _rule(item, PACK) for item in _pack_items()}


def rules() -> dict[str, Rule]:
    """Every secret rule, by id."""
    return _rules()

"""Rule data: one YAML file per pack, one id, CWE and doc per rule.

A pack is `rules/<pack>.yaml`: a list of mappings with `id`, `name`,
`category`, `severity`, `cwe`, `confidence`, `summary`, `doc` (what, why,
example, use_instead) and engine-specific keys kept in `Rule.data`.
"""
from __future__ import annotations

import functools
import marshal
import os
import sys
from collections.abc import Callable, Mapping, Sequence

from aiguard import records
from aiguard.findings import Severity

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    from typing import Any

RULES_DIR = os.path.dirname(__file__)
_REQUIRED = ('id', 'name', 'category', 'severity', 'cwe', 'summary', 'doc')
_DOC_PARTS = ('what', 'why', 'example', 'use_instead')
# Every key a rule may have, by the engine that reads its pack (patterns-js: patterns): a key
# no engine reads is a typo (`not_patern:`) that would silently drop a condition.
_COMMON_KEYS = frozenset((*_REQUIRED, 'confidence', 'default', 'introduced'))
ENGINE_KEYS = {
    'patterns': frozenset(('pattern', 'patterns', 'scope', 'not_pattern', 'not_file_pattern', 'file_pattern',
                           'files', 'check', 'tree', 'tree_also', 'contains', 'not_after', 'examples',
                           'doc_check')),  # doc_check: where and as what the doc's example is tested
    'python': frozenset(('bandit', 'replaces_bandit', 'bandit_min_severity', 'bandit_min_confidence', 'examples')),
    'secrets': frozenset(('pattern', 'keywords', 'format', 'entropy', 'context', 'value', 'bounded', 'scope',
                          'strip', 'notes')),
    'policy': frozenset(),
}


@records.record(frozen=True)
class Rule:
    """One check, with the documentation `aiguard explain` prints."""

    id: str
    name: str
    category: str
    severity: Severity
    cwe: str | None
    confidence: str
    summary: str
    what: str
    why: str
    example: str
    use_instead: str
    pack: str
    data: Mapping[str, Any]

    def explain(self) -> str:
        """The rule's doc as plain text, ruff style."""
        cwe = self.cwe or 'none'
        # optional pack-specific sections: a token `format`, the `notes` on filters
        extra = ''.join(
            f'\n## {title}\n{str(self.data[key]).strip()}\n'
            for key, title in (('format', 'Format'), ('notes', 'Filters'))
            if self.data.get(key)
        )
        return (
            f'{self.id} ({self.name})\n'
            f'{self.summary}\n\n'
            f'Category: {self.category}   Severity: {self.severity.label}   '
            f'Confidence: {self.confidence}   CWE: {cwe}\n\n'
            f'## What it does\n{self.what.strip()}\n\n'
            f'## Why is this bad?\n{self.why.strip()}\n\n'
            f'## Example\n{_indent(self.example)}\n\n'
            f'## Use instead\n{_indent(self.use_instead)}\n'
            f'{extra}'
        )


def _indent(text: str) -> str:
    return '\n'.join('    ' + line if line else '' for line in text.strip('\n').splitlines())


class RuleDataError(RuntimeError):
    """A rule pack shipped with aiguard is malformed: a bug, not user error."""


def pack_names() -> list[str]:
    return sorted(
        f[:-5] for f in os.listdir(RULES_DIR) if f.endswith('.yaml')
    )


def cached_build(source: str, kind: str, build: Callable[[], Any],
                 valid: Callable[[Any], bool] | None = None, code: Sequence[str] = ()) -> Any:
    """`build()`, through a marshal cache in the user cache dir keyed by the identity of
    `source` and of the `code` files that build from it.

    A commit hook runs hundreds of times a day; importing PyYAML and parsing
    a pack (or building a table from it) costs more than the scan of a small
    change. The cache holds rule data only (never anything from a scanned
    repository) and is keyed by the size, mtime and inode of the source file
    and of the code that builds it, so an edited pack, or an edit of the code
    that turns it into a table, is built again with no version to bump (a stat
    costs microseconds; a digest of the files would cost a commit milliseconds).
    The newest CACHE_KEEP entries of a kind stay: a user
    with two installs (pre-commit's and one on PATH) does not have each evict
    the other's on every run. What is read back is an input like any other:
    `valid(data)` must hold (shape and completeness), or it is built again.
    """
    st = os.stat(source)
    # device and inode tell two installs apart whose packs share size and mtime
    key = f'{st.st_mtime_ns:x}-{st.st_size:x}-{st.st_dev:x}-{st.st_ino:x}-{sys.hexversion:x}-{code_identity(code):x}'
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    cache = os.path.join(base, 'aiguard', f'{kind}-{key}.marshal')
    try:
        with open(cache, 'rb') as f:
            # loads(read()): load(f) reads a file object in many small calls, ~10x slower
            data = marshal.loads(f.read(CACHE_MAX_BYTES + 1))  # aiguard: ignore[PY007] plain data this function wrote; marshal runs no code
        if valid is None or valid(data):
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass  # unreadable or doubtful: built again and rewritten below
    data = build()
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        from aiguard import atomic  # only when the cache is (re)built

        atomic.write(cache, marshal.dumps(data))
        _prune(os.path.dirname(cache), kind)
    except (OSError, ValueError):
        pass  # an unwritable cache only costs speed
    return data


def code_identity(paths: Sequence[str]) -> int:
    """A number that changes when any of `paths` is edited or replaced (their size, mtime, inode)."""
    stats = [os.stat(p) for p in paths]
    # a tuple of ints hashes alike in every process (only str and bytes hashing is salted)
    return hash(tuple((st.st_mtime_ns, st.st_size, st.st_ino) for st in stats)) & 0xFFFF_FFFF_FFFF_FFFF


CACHE_KEEP = 4
CACHE_MAX_BYTES = 64 * 1024 * 1024  # a truncated read fails to unmarshal: rebuilt


def count_ids(source: str) -> int:
    """How many rules a pack's YAML declares (its `- id:` lines), without parsing it."""
    with open(source, 'rb') as f:
        data = f.read()
    return data.count(b'\n- id:') + data.startswith(b'- id:')


def valid_pack_data(data: Any, source: str) -> bool:
    """True for a pack as YAML parses it: one mapping per rule, each with its keys and doc."""
    if not isinstance(data, list) or len(data) != count_ids(source):
        return False
    return all(
        isinstance(item, dict) and all(k in item for k in _REQUIRED)
        and isinstance(item['id'], str) and isinstance(item['doc'], dict)
        for item in data
    )


def _prune(directory: str, kind: str) -> None:
    """Remove all but the newest CACHE_KEEP entries of `kind` (others may be in use elsewhere)."""
    entries = []
    for name in os.listdir(directory):
        if name.startswith(f'{kind}-') and name.endswith('.marshal') and _is_key(name[len(kind) + 1:-8]):
            path = os.path.join(directory, name)
            try:
                entries.append((os.stat(path).st_mtime_ns, path))
            except OSError:
                continue
    for _, path in sorted(entries, reverse=True)[CACHE_KEEP:]:
        try:
            os.unlink(path)
        except OSError:
            pass


def _is_key(text: str) -> bool:
    # the six hex fields cached_build writes (five before code was keyed: pruned as they age);
    # kind `x` never takes kind `x-2`'s entries
    parts = text.split('-')
    return len(parts) in (5, 6) and all(p and not p.strip('0123456789abcdef') for p in parts)


def read_pack_data(pack: str) -> Any:
    """A pack's YAML as plain data, cached (see cached_build): the one reader of the packs."""
    source = os.path.join(RULES_DIR, f'{pack}.yaml')

    def parse() -> Any:
        import yaml

        loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
        with open(source, encoding='utf-8') as f:
            return yaml.load(f, Loader=loader)  # noqa: S506 - a safe loader

    return cached_build(source, f'pack-{pack}', parse, lambda data: valid_pack_data(data, source), (__file__,))


@functools.lru_cache(maxsize=None)
def load_pack(pack: str) -> dict[str, Rule]:
    """The rules of one pack, by id."""
    doc = read_pack_data(pack)
    rules: dict[str, Rule] = {}
    for item in doc or ():
        rule = _rule(item, pack)
        if rule.id in rules:
            raise RuleDataError(f'{pack}.yaml: duplicate rule id {rule.id}')
        rules[rule.id] = rule
    return rules


def _rule(item: Mapping[str, Any], pack: str) -> Rule:
    missing = [k for k in _REQUIRED if k not in item]
    if missing:
        raise RuleDataError(f'{pack}.yaml: rule {item.get("id")!r} lacks {", ".join(missing)}')
    check_keys(item, pack)
    doc = item['doc']
    missing = [k for k in _DOC_PARTS if not (doc.get(k) or '').strip()]
    if missing:
        raise RuleDataError(f'{pack}.yaml: rule {item["id"]} doc lacks {", ".join(missing)}')
    data = {k: v for k, v in item.items() if k not in (*_REQUIRED, 'confidence')}
    return Rule(
        id=item['id'], name=item['name'], category=item['category'],
        severity=Severity.parse(item['severity']), cwe=item['cwe'],
        confidence=item.get('confidence', 'high'), summary=item['summary'],
        what=doc['what'], why=doc['why'], example=doc['example'],
        use_instead=doc['use_instead'], pack=pack, data=data,
    )


def check_keys(item: Mapping[str, Any], pack: str) -> None:
    """RuleDataError naming the pack, rule and key when a rule has a key its engine does not read."""
    known = _COMMON_KEYS | ENGINE_KEYS.get(pack.split('-', 1)[0], frozenset())
    nested = {'doc': frozenset(_DOC_PARTS), 'examples': frozenset(('bad', 'good')),
              'not_after': frozenset(('pattern', 'lines'))}
    for key, value in item.items():
        if key not in known:
            raise RuleDataError(f'{pack}.yaml: rule {item.get("id")} has an unknown key {key!r} '
                                f'(known: {", ".join(sorted(known))})')
        if key in nested and isinstance(value, Mapping):
            unknown = sorted(set(value) - nested[key])
            if unknown:
                raise RuleDataError(f'{pack}.yaml: rule {item.get("id")} has an unknown key '
                                    f'{key}.{unknown[0]} (known: {", ".join(sorted(nested[key]))})')


def enabled(rule: Rule, config_rules: Mapping[str, Any]) -> bool:
    """Rules marked `default: off` run only when .aiguard.yaml's `rules:` names them."""
    if rule.data.get('default') == 'off':
        return config_rules.get(rule.id) is not None
    return True


def all_rules() -> dict[str, Rule]:
    """Every rule of every pack, by id."""
    rules: dict[str, Rule] = {}
    for pack in pack_names():
        for rid, rule in load_pack(pack).items():
            if rid in rules:
                raise RuleDataError(f'rule id {rid} is in both {rules[rid].pack} and {pack}')
            rules[rid] = rule
    return rules

""".aiguard.yaml → frozen records; every error names file, key and fix."""
from __future__ import annotations

import os
import re
from collections.abc import Mapping

from aiguard import records
from aiguard.deadline import DEFAULT_SECONDS
from aiguard.errors import FatalError
from aiguard.findings import SEVERITY_NAMES, Severity
from aiguard.globs import GlobError, compile_glob
from aiguard.regexes import lazy

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    from typing import Any

CONFIG_NAMES = ('.aiguard.yaml', '.aiguard.yml')
DEFAULT_MAX_FILE_SIZE = 1024 * 1024
MAX_CONFIG_BYTES = 1024 * 1024
_RULE_ID = lazy(r'^[A-Z][A-Z0-9]*-?[0-9]{3,4}$')
THRESHOLD_NAMES = (*SEVERITY_NAMES, 'never')
# a baseline path inside the repository: relative, no `..`, no control characters
_BASELINE_NAME = r'^(?!/)(?!(?:.*/)?\.\.(?:/|\Z))[^\x00-\x1f\x7f]+\Z'
# a SARIF file CI wrote: a path (relative to the repository root, or absolute), no control characters
_SARIF_NAME = r'^[^\x00-\x1f\x7f]+\Z'
_FOREIGN_RULE = lazy(r'^[a-z0-9][a-z0-9_.-]{0,39}:[\x21-\x7e]{1,200}$')
_PACK_ID = lazy(rb'^- id: *([A-Z][A-Z0-9-]*)', re.MULTILINE)
_QUOTED = lazy(r"'[^']*'|\"[^\"]*\"")


class ConfigError(FatalError):
    """A problem in .aiguard.yaml."""


@records.record(frozen=True)
class Tier:
    """Severity at which a change blocks, for human and AI-assisted changes.

    None means never block.
    """

    human: Severity | None = Severity.HIGH
    ai: Severity | None = Severity.MEDIUM


@records.record(frozen=True)
class ReviewConfig:
    required_for_ai: bool = True
    trailer: str = 'Reviewed-by'
    scope: str = 'commit'
    approvals: bool = False  # in CI, read the pull/merge request's approvals (the one network call)


@records.record(frozen=True)
class SuppressionConfig:
    ai_may_add: bool = False  # an AI-assisted change that adds a suppression comment blocks (POL003)


@records.record(frozen=True)
class TagConfig:
    enabled: bool = True
    assisted_by: bool = True
    ai_assisted: bool = True


@records.record(frozen=True)
class AttributionConfig:
    threshold: int = 70
    env: bool = True
    content: bool = True
    ledger: bool = True
    ignore_identities: tuple[str, ...] = ()
    tag: TagConfig = TagConfig()


ENGINE_NAMES = ('secrets', 'python', 'patterns')  # every scanner engine, in the order they run


@records.record(frozen=True)
class ScannerSwitches:
    """Which engines run (`scanners:`): one switch for each of ENGINE_NAMES."""

    secrets: bool = True
    python: bool = True
    patterns: bool = True


@records.record(frozen=True)
class Config:
    """The repository's policy; every field has a sensible default."""

    path: str | None = None
    # where the repository's policy files (this config, the baseline) were read from:
    # '' the index, a commit, or None (no config in git: the defaults)
    source: str | None = None
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    fail_on: Tier = Tier()
    roles: Mapping[str, tuple[str, ...]] = records.field(default_factory=dict)
    role_fail_on: Mapping[str, Tier] = records.field(default_factory=dict)
    human_only: tuple[str, ...] = ()
    ai_allowed: tuple[str, ...] = ()
    rules: Mapping[str, Severity | None] = records.field(default_factory=dict)
    review: ReviewConfig = ReviewConfig()
    suppressions: SuppressionConfig = SuppressionConfig()
    attribution: AttributionConfig = AttributionConfig()
    scanners: ScannerSwitches = ScannerSwitches()
    baseline: str = '.aiguard-baseline.json'
    fail_closed: bool = True
    timeout: int = DEFAULT_SECONDS
    sarif_in: tuple[str, ...] = ()  # other scanners' SARIF files (aiguard scan, hook ci), repository-relative


class _Reader:
    """Validates one loaded document; each error says where and how to fix."""

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def fail(self, key: str, problem: str, fix: str) -> ConfigError:
        return ConfigError(f'{self.filename}: key {_shown_key(key)}: {problem}; {fix}')

    def mapping(self, key: str, value: Any, allowed: tuple[str, ...] | None) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, f'expected a mapping, got {_kind(value)}', 'write "key: value" pairs')
        for k in value:
            if not isinstance(k, str):
                raise self.fail(key, f'a key is {_kind(k)}, not a string', 'quote the key')
            if allowed is not None and k not in allowed:
                where = f'{key}.{k}' if key else k
                raise self.fail(where, 'unknown key', f'use one of: {", ".join(allowed)}')
        return value

    def boolean(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f'expected true or false, got {_kind(value)}', 'write true or false')
        return value

    def integer(self, key: str, value: Any, lo: int, hi: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            shown = repr(value) if isinstance(value, (int, float)) else _kind(value)
            raise self.fail(key, f'expected a whole number from {lo} to {hi}, got {shown[:40]}', 'fix the number')
        return value

    def string(self, key: str, value: Any, pattern: str | None = None) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f'expected a non-empty string, got {_kind(value)}', 'write a string')
        if pattern and not re.match(pattern, value):
            raise self.fail(key, 'the value is not valid', f'it must match {pattern}')
        return value

    def choice(self, key: str, value: Any, choices: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value not in choices:
            # the value itself is never shown: a config can hold anything, a password too
            raise self.fail(key, 'the value is not allowed', f'use one of: {", ".join(choices)}')
        return value

    def globs(self, key: str, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(key, f'expected a list of globs, got {_kind(value)}', 'write a YAML list of strings')
        out = []
        for item in value:
            if not isinstance(item, str):
                raise self.fail(key, f'a glob is {_kind(item)}, not a string', 'quote each glob')
            try:
                compile_glob(item)
            except GlobError as e:
                raise self.fail(key, str(e), 'fix the glob (e.g. "src/**/*.py")') from None
            out.append(item)
        return tuple(out)

    def threshold(self, key: str, value: Any) -> Severity | None:
        name = self.choice(key, value, THRESHOLD_NAMES)
        return None if name == 'never' else Severity.parse(name)

    def tier(self, key: str, value: Any, default: Tier) -> Tier:
        if isinstance(value, str):
            sev = self.threshold(key, value)
            return Tier(human=sev, ai=sev)
        m = self.mapping(key, value, ('human', 'ai'))
        return Tier(
            human=self.threshold(f'{key}.human', m['human']) if 'human' in m else default.human,
            ai=self.threshold(f'{key}.ai', m['ai']) if 'ai' in m else default.ai,
        )


# a key errors may show: config words and rule ids; anything else could be a file's content
_PLAIN_KEY = lazy(r'^(?:(?:[a-z][a-z0-9_-]{0,30}|[A-Z]{1,6}-?[0-9]{3,4})(?:\.(?=.)|\Z))*\Z')


def _shown_key(key: str) -> str:
    return repr(key) if _PLAIN_KEY.match(key) else '(not shown: not a plain name)'


def _kind(value: Any) -> str:
    if value is None:
        return 'nothing'
    return {dict: 'a mapping', list: 'a list', str: 'a string', bool: 'a boolean',
            int: 'a number', float: 'a number'}.get(type(value), type(value).__name__)


TOP_KEYS = (
    'version', 'exclude', 'max_file_size', 'fail_on', 'roles', 'role_fail_on',
    'human_only', 'ai_allowed', 'rules', 'review', 'suppressions', 'attribution', 'scanners',
    'baseline', 'fail_closed', 'timeout', 'sarif_in',
)


def parse(doc: Any, filename: str) -> Config:
    """Validate a loaded YAML document into a Config."""
    r = _Reader(filename)
    top = r.mapping('', doc, TOP_KEYS)
    kw: dict[str, Any] = {'path': filename}
    if 'version' in top and top['version'] != 1:
        raise r.fail('version', 'this version is not supported', 'use version: 1')
    if 'exclude' in top:
        kw['exclude'] = r.globs('exclude', top['exclude'])
    if 'human_only' in top:
        kw['human_only'] = r.globs('human_only', top['human_only'])
    if 'ai_allowed' in top:
        kw['ai_allowed'] = r.globs('ai_allowed', top['ai_allowed'])
    if 'max_file_size' in top:
        kw['max_file_size'] = r.integer('max_file_size', top['max_file_size'], 1, 2**40)
    if 'fail_on' in top:
        kw['fail_on'] = r.tier('fail_on', top['fail_on'], Tier())
    if 'roles' in top:
        roles = r.mapping('roles', top['roles'], None)
        kw['roles'] = {
            r.string(f'roles.{k}', k, r'^[a-z][a-z0-9_-]*$'): r.globs(f'roles.{k}', v)
            for k, v in roles.items()
        }
    if 'role_fail_on' in top:
        rf = r.mapping('role_fail_on', top['role_fail_on'], None)
        from aiguard.policy import DEFAULT_ROLES  # lazy: policy imports this module

        for k in rf:
            if k not in DEFAULT_ROLES and k not in kw.get('roles', {}):
                raise r.fail(f'role_fail_on.{k}', 'no such role',
                             f'use a built-in role ({", ".join(DEFAULT_ROLES)}) or define it under roles:')
        kw['role_fail_on'] = {
            k: r.tier(f'role_fail_on.{k}', v, Tier()) for k, v in rf.items()
        }
    if 'rules' in top:
        rules = r.mapping('rules', top['rules'], None)
        out: dict[str, Severity | None] = {}
        known = _known_rule_ids() if rules else frozenset()
        for rid, v in rules.items():
            if _FOREIGN_RULE.match(rid):
                pass  # another scanner's rule, read from SARIF (`semgrep:python.lang...`)
            elif not _RULE_ID.match(rid) or rid not in known:
                raise r.fail(f'rules.{rid}', 'no such rule', 'see `aiguard rules` for the ids')
            choice = r.choice(f'rules.{rid}', v if v is not False else 'off', ('off', *SEVERITY_NAMES))
            out[rid] = None if choice == 'off' else Severity.parse(choice)
        kw['rules'] = out
    if 'review' in top:
        m = r.mapping('review', top['review'], ('required_for_ai', 'trailer', 'scope', 'approvals'))
        kw['review'] = ReviewConfig(
            required_for_ai=r.boolean('review.required_for_ai', m.get('required_for_ai', True)),
            trailer=r.string('review.trailer', m.get('trailer', 'Reviewed-by'), r'^[A-Za-z0-9-]+$'),
            scope=r.choice('review.scope', m.get('scope', 'commit'), ('commit', 'range')),
            approvals=r.boolean('review.approvals', m.get('approvals', False)),
        )
    if 'suppressions' in top:
        m = r.mapping('suppressions', top['suppressions'], ('ai_may_add',))
        kw['suppressions'] = SuppressionConfig(
            ai_may_add=r.boolean('suppressions.ai_may_add', m.get('ai_may_add', False)),
        )
    if 'attribution' in top:
        kw['attribution'] = _attribution(r, top['attribution'])
    if 'scanners' in top:
        m = r.mapping('scanners', top['scanners'], ENGINE_NAMES)
        kw['scanners'] = ScannerSwitches(**{
            k: r.boolean(f'scanners.{k}', v) for k, v in m.items()
        })
    if 'baseline' in top:
        kw['baseline'] = r.string('baseline', top['baseline'], _BASELINE_NAME)
    if 'fail_closed' in top:
        kw['fail_closed'] = r.boolean('fail_closed', top['fail_closed'])
    if 'timeout' in top:
        kw['timeout'] = r.integer('timeout', top['timeout'], 0, 86400)
    if 'sarif_in' in top:
        names = top['sarif_in'] if isinstance(top['sarif_in'], list) else [top['sarif_in']]
        kw['sarif_in'] = tuple(r.string('sarif_in', n, _SARIF_NAME) for n in names)
    return Config(**kw)


def _attribution(r: _Reader, value: Any) -> AttributionConfig:
    m = r.mapping('attribution', value, ('threshold', 'env', 'content', 'ledger', 'ignore_identities', 'tag'))
    kw: dict[str, Any] = {}
    if 'threshold' in m:
        kw['threshold'] = r.integer('attribution.threshold', m['threshold'], 1, 100)
    for k in ('env', 'content', 'ledger'):
        if k in m:
            kw[k] = r.boolean(f'attribution.{k}', m[k])
    if 'ignore_identities' in m:
        ids = m['ignore_identities']
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise r.fail('attribution.ignore_identities', 'expected a list of emails', 'write a YAML list of strings')
        kw['ignore_identities'] = tuple(i.lower() for i in ids)
    if 'tag' in m:
        t = m['tag']
        if isinstance(t, bool):
            kw['tag'] = TagConfig(enabled=t)
        else:
            tm = r.mapping('attribution.tag', t, ('enabled', 'assisted_by', 'ai_assisted'))
            kw['tag'] = TagConfig(**{k: r.boolean(f'attribution.tag.{k}', v) for k, v in tm.items()})
    return AttributionConfig(**kw)


def _known_rule_ids() -> frozenset[str]:
    """Every rule id the packs declare (`aiguard rules`), read from their `- id:` lines."""
    from aiguard.rules import RULES_DIR, pack_names

    ids: set[str] = set()
    for pack in pack_names():
        with open(os.path.join(RULES_DIR, f'{pack}.yaml'), 'rb') as f:
            ids.update(m.decode() for m in _PACK_ID.findall(f.read()))
    return frozenset(ids)


def find(root: str) -> str | None:
    """The config file in the work tree at the repository root, if any (`aiguard init`)."""
    for name in CONFIG_NAMES:
        path = os.path.join(root, name)
        if os.path.isfile(path):
            return path
    return None


def load(root: str, path: str | None = None) -> Config:
    """The config file at `path` (an operator's --config), or the one in the work tree
    (`aiguard init` only: a scan reads the policy from git, see policyfiles); defaults
    when there is none."""
    from aiguard.readlimit import TooLarge, read_capped

    if path is None:
        path = find(root)
        if path is None:
            return Config()
    shown = os.path.relpath(path, root) if os.path.isabs(path) else path
    try:
        raw = read_capped(path, MAX_CONFIG_BYTES)
    except TooLarge:
        raise ConfigError(f'{shown}: larger than 1 MiB; a config this large is a mistake') from None
    except IsADirectoryError:
        raise ConfigError(f'{shown}: is a directory, not a config file') from None
    except FileNotFoundError:
        what = 'a dangling symbolic link' if os.path.islink(path) else 'no such file'
        raise ConfigError(f'{shown}: {what}; name an existing config file') from None
    except OSError as e:
        raise ConfigError(f'{shown}: cannot read: {e.strerror}') from None
    return from_bytes(raw, shown)


class _UniqueKeys:
    """Loader mix-in: a key given twice in one mapping is an error, not "the last one wins"."""

    _aiguard_name: str  # the config's shown name, set by the class _loader makes

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[object] = set()
        for key_node, _value in getattr(node, 'value', ()):
            if getattr(key_node, 'tag', '').endswith(':merge'):
                continue
            key = getattr(key_node, 'value', None)
            if isinstance(key, str):
                if key in seen:
                    line = key_node.start_mark.line + 1
                    raise ConfigError(f'{self._aiguard_name}: duplicate key {_shown_key(key)} at line {line}; '
                                      f'keep one of them')
                seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


def from_bytes(raw: bytes, shown: str, source: str | None = None) -> Config:
    """Parse a config's bytes; `shown` names it in errors, `source` is where it was read."""
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f'{shown}: larger than 1 MiB; a config this large is a mistake')
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        raise ConfigError(f'{shown}: not UTF-8 text; save it as UTF-8') from None
    import yaml  # lazy: only repositories with a config pay for it

    base = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
    loader = type('Loader', (_UniqueKeys, base), {'_aiguard_name': shown})
    try:
        doc = yaml.load(text, Loader=loader)  # noqa: S506  # aiguard: ignore[PY008] a SafeLoader with unique keys
    except yaml.YAMLError as e:
        mark = getattr(e, 'problem_mark', None)
        where = f' at line {mark.line + 1}' if mark is not None else ''
        # yaml quotes the text it stumbled on: never show it
        problem = _QUOTED.sub("'…'", getattr(e, 'problem', None) or 'invalid YAML')[:80]
        raise ConfigError(f'{shown}: YAML error{where}: {problem}; fix the syntax') from None
    except RecursionError:
        raise ConfigError(f'{shown}: YAML nested too deeply; simplify the file') from None
    return records.replace(parse(doc, shown), source=source)

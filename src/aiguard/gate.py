"""Gate: rule switches, suppressions, baseline, added lines → what blocks."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence

from aiguard import records
from aiguard.changes import ChangedFile
from aiguard.errors import FatalError
from aiguard.findings import Finding, Severity, publish
from aiguard.policy import Policy
from aiguard.regexes import lazy

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms
if TYPE_CHECKING:
    from collections import Counter

# ids: aiguard's (SEC002), and other scanners' from SARIF (semgrep:python.lang.x, eslint:@scope/rule)
_AIGUARD_IGNORE = lazy(r'aiguard:\s*ignore\[([A-Za-z0-9_,\s:./@-]+)\]([^\n]*)')
# As bandit reads it: the marker right after a comment start (or another comment's text).
_NOSEC = lazy(r'(?:#|//|/\*|--|<!--|;)\s*nosec\b:?([^#\n]*)', re.IGNORECASE)
_ALLOWLIST = lazy(r'pragma:\s*allowlist[ -]secret', re.IGNORECASE)
_ALLOWLIST_NEXT = lazy(r'pragma:\s*allowlist[ -]nextline[ -]secret', re.IGNORECASE)
# gitleaks' own marker; unlike gitleaks, only inside a real comment
_GITLEAKS_ALLOW = lazy(r'gitleaks:allow\b')
# Cheap test before any file is lexed for its comments.
_ANY_MARKER = lazy(r'nosec|aiguard:\s*ignore|allowlist|gitleaks:allow', re.IGNORECASE)
_ID_TOKEN = lazy(r'^(?:B\d{3}|[A-Z]{2,6}\d{3})$')
_BANDIT_TEST = lazy(r'\(bandit (B\d{3})\)$')
_SEPARATORS = lazy(r'[\s,:]+')
BASELINE_VERSION = 2


@records.record(frozen=True)
class Verdict:
    """Whether a comment suppresses a finding (`why`), or why one on its line does not (`note`)."""

    why: str | None = None
    note: str | None = None


def _comment(file: ChangedFile, lineno: int) -> str:
    """The text of the real comments on a line ('' when a marker is only in code or a string)."""
    from aiguard import comments

    return comments.of(file.path, file.content).on(lineno)


def bandit_tests(f: Finding) -> frozenset[str]:
    """The bandit test ids a finding IS: bandit's own result reported under an aiguard rule,
    or an aiguard check that replaces bandit's (`replaces_bandit:` in the rule pack)."""
    m = _BANDIT_TEST.search(f.message)
    if m:
        return frozenset((m.group(1),))
    if not f.rule_id.startswith('PY'):
        return frozenset()
    from aiguard.rules import load_pack

    rule = load_pack('python').get(f.rule_id)
    return frozenset(rule.data.get('replaces_bandit') or ()) if rule else frozenset()


def _nosec_names(listed: str) -> set[str] | None:
    """Test ids (and bandit test names) a nosec comment names; None when it names none (blanket)."""
    names: set[str] = set()
    for token in _SEPARATORS.split(listed.strip()):
        if _ID_TOKEN.match(token.upper() if token[:1] in 'bB' else token):
            names.add(token.upper())
        elif '_' in token and token.isidentifier():
            test_id = _bandit_id_for_name(token.lower())
            if test_id:
                names.add(test_id)
    return names or None


def _bandit_id_for_name(name: str) -> str | None:
    """bandit's own lookup of a test by name (`# nosec hardcoded_sql_expressions`)."""
    try:
        from bandit.core import extension_loader
    except ImportError:
        return None
    return extension_loader.MANAGER.get_test_id(name) or None


def check(f: Finding, file: ChangedFile) -> Verdict:
    """Whether a comment in the code suppresses `f`; only real comments count."""
    line = file.line_text(f.line)
    prev = file.line_text(f.line - 1) if f.category == 'secret' else ''
    if not (_ANY_MARKER.search(line) or _ANY_MARKER.search(prev)):
        return Verdict()
    comment = _comment(file, f.line)
    if f.category == 'policy':
        named = {i.strip() for m in _AIGUARD_IGNORE.finditer(comment) for i in m.group(1).split(',')}
        if f.rule_id in named or 'all' in named or _NOSEC.search(comment):
            return Verdict(note='a policy finding cannot be suppressed in the code; only .aiguard.yaml changes it')
        return Verdict()
    notes = []
    for m in _AIGUARD_IGNORE.finditer(comment):
        ids = {i.strip() for i in m.group(1).split(',')}
        if f.rule_id in ids or 'all' in ids:
            reason = m.group(2).strip(' -:#*/')
            if reason:
                return Verdict(f'aiguard: ignore ({reason})')
            notes.append(f'the aiguard: ignore[{f.rule_id}] on this line gives no reason, so it is not honoured')
    if f.category == 'secret':
        if _ALLOWLIST.search(comment) or _ALLOWLIST_NEXT.search(_comment(file, f.line - 1)):
            return Verdict('pragma: allowlist secret')
        if _GITLEAKS_ALLOW.search(comment):
            return Verdict('gitleaks:allow')
    elif f.category == 'sast':
        # bandit's marker: for aiguard's checks and bandit's, not another scanner's (SARIF)
        nosec = _NOSEC.search(comment) if ':' not in f.rule_id or f.rule_id.startswith('bandit:') else None
        if nosec:
            names = _nosec_names(nosec.group(1))
            if names is None or f.rule_id in names or names & bandit_tests(f):
                return Verdict('nosec')
            notes.append(f'the nosec on this line names {", ".join(sorted(names))} only')
    if not notes and (_ANY_MARKER.search(line) and not _ANY_MARKER.search(comment)):
        notes.append('the suppression marker on this line is not in a comment, so it is not honoured')
    return Verdict(note='; '.join(notes) or None)


def suppression(f: Finding, file: ChangedFile) -> str | None:
    """Why `f` is suppressed by a comment on its line, or None."""
    return check(f, file).why


SUPPRESSION_KINDS = (
    ('aiguard: ignore', _AIGUARD_IGNORE), ('nosec', _NOSEC),
    ('pragma: allowlist secret', _ALLOWLIST), ('pragma: allowlist nextline secret', _ALLOWLIST_NEXT),
    ('gitleaks:allow', _GITLEAKS_ALLOW),
)


def added_suppressions(file: ChangedFile) -> list[tuple[int, str]]:
    """(line, kind) of each suppression comment on a line the change adds."""
    if not _ANY_MARKER.search(file.text):
        return []
    out = []
    for n, line in enumerate(file.lines, 1):
        if not file.counts(n) or not _ANY_MARKER.search(line):
            continue
        comment = _comment(file, n)
        for kind, pattern in SUPPRESSION_KINDS:
            if pattern.search(comment):
                out.append((n, kind))
                break
    return out


@records.record(frozen=True)
class Baseline:
    """Accepted findings by fingerprint; never holds a secret value.

    Version 2 holds a random per-repository `salt`, and a secret's entry is
    its slow salted hash (findings.publish). Version 1 (unsalted) is still
    read, and `legacy` says how many of its entries a dictionary could reverse.
    """

    fingerprints: frozenset[str] = frozenset()
    salt: str | None = None
    version: int = BASELINE_VERSION
    legacy: int = 0
    # how many findings of each fingerprint the files held when they were accepted: a copy
    # of an accepted line is a new finding (entries written before counts: one each)
    counts: Mapping[str, int] = records.field(default_factory=dict)

    def entry(self, f: Finding) -> str | None:
        """The baseline entry that stands for `f`, or None."""
        if not self.fingerprints:
            return None
        if f.fingerprint in self.fingerprints:
            return f.fingerprint  # a version 1 entry, or a finding with no secret
        if self.version >= 2:
            published = publish(f, self.salt)
            if published in self.fingerprints:
                return published
        return None

    def accepts(self, f: Finding) -> bool:
        return self.entry(f) is not None

    def notice(self, name: str) -> str | None:
        """What to tell the user about this baseline, if anything."""
        if not self.legacy:
            return None
        return (f'{name} is a version 1 baseline: {self.legacy} secret fingerprint(s) in it are unsalted '
                f'hashes a dictionary can reverse; run `aiguard baseline update` to rewrite it salted')

    @classmethod
    def load(cls, root: str, name: str) -> Baseline:
        """The baseline file in the work tree (what `aiguard baseline update` rewrites)."""
        from aiguard.policyfiles import MAX_BASELINE_BYTES
        from aiguard.readlimit import TooLarge, read_capped

        try:
            raw = read_capped(os.path.join(root, name), MAX_BASELINE_BYTES)
        except FileNotFoundError:
            return cls()
        except TooLarge:
            raise FatalError(f'{name}: larger than {MAX_BASELINE_BYTES // (1024 * 1024)} MiB; not an aiguard baseline') from None
        except OSError as e:
            raise FatalError(f'{name}: not a readable aiguard baseline ({e.strerror}); '
                             f'run `aiguard baseline create`') from None
        return cls.parse(name, baseline_text(raw, name))

    @classmethod
    def parse(cls, name: str, text: str) -> Baseline:
        """A baseline from its JSON text; FatalError (naming `name`, never the content) says how
        to regenerate a bad one."""
        import json  # lazy: most repositories have no baseline

        try:
            doc = json.loads(text)
        except (ValueError, RecursionError):
            raise FatalError(f'{name}: not a readable aiguard baseline (invalid JSON); '
                             f'run `aiguard baseline create`') from None
        if not isinstance(doc, dict) or doc.get('version') not in (1, 2) or \
                not isinstance(doc.get('findings'), list):
            raise FatalError(f'{name}: not an aiguard baseline (version 1 or 2); '
                             f'run `aiguard baseline create` to regenerate it')
        salt = doc.get('salt')
        if doc['version'] == 2 and not (isinstance(salt, str) and _SALT.match(salt)):
            raise FatalError(f'{name}: its salt is missing or malformed; run `aiguard baseline create` to regenerate it')
        counts: dict[str, int] = {}
        legacy = 0
        for item in doc['findings']:
            if isinstance(item, dict) and isinstance(item.get('fingerprint'), str):
                count = item.get('count', 1)  # baselines written before counts: one each
                if type(count) is not int or count < 1:
                    raise FatalError(f"{name}: a finding's count is not a whole number; "
                                     f'run `aiguard baseline update`')
                counts[item['fingerprint']] = counts.get(item['fingerprint'], 0) + count
                if doc['version'] == 1 and str(item.get('rule_id', '')).startswith('SEC'):
                    legacy += 1
        return cls(frozenset(counts), salt if doc['version'] == 2 else None, doc['version'], legacy, counts)


def baseline_text(raw: bytes, name: str) -> str:
    """A baseline's bytes as text; FatalError when they are not UTF-8."""
    try:
        return raw.decode('utf-8')
    except UnicodeDecodeError:
        raise FatalError(f'{name}: not a readable aiguard baseline (not UTF-8); '
                         f'run `aiguard baseline create`') from None


_SALT = lazy(r'^[0-9a-f]{16,64}$')


def new_salt() -> str:
    return os.urandom(16).hex()


def write_baseline(root: str, name: str, findings: Iterable[Finding], salt: str) -> int:
    """Write `findings` as the baseline (secrets by their salted slow hash); returns how many."""
    import json

    by_fingerprint: dict[str, dict[str, object]] = {}
    for f in {(f.path, f.line, f.rule_id): f for f in findings}.values():
        fp = publish(f, salt)
        item = by_fingerprint.setdefault(fp, {'fingerprint': fp, 'rule_id': f.rule_id, 'path': f.path, 'count': 0})
        item['count'] += 1  # type: ignore[operator]
    items = sorted(by_fingerprint.values(), key=lambda d: (str(d['path']), str(d['rule_id']), str(d['fingerprint'])))
    doc = {'version': BASELINE_VERSION, 'tool': 'aiguard', 'salt': salt, 'findings': items}
    path = os.path.join(root, name)
    from aiguard import atomic

    atomic.write(path, json.dumps(doc, indent=2) + '\n')
    return len(items)


def _check_once(f: Finding, file: ChangedFile, said: dict[tuple[str, int, str, str, str], Verdict]) -> Verdict:
    """`check`, asked once per line and rule: thousands of hits on one long line
    (a minified file, a one-line log) would read that line once each."""
    key = (f.path, f.line, f.rule_id, f.category, f.message if f.category == 'sast' else '')
    if key not in said:
        said[key] = check(f, file)
    return said[key]


def _baseline_budget(raw: Sequence[Finding], files: dict[str, ChangedFile], baseline: Baseline) -> dict[str, int]:
    """How many more findings of each entry the baseline accepts: its count, less the findings
    on lines the change leaves as they were (accepted, and still are). So a line that moves
    stays accepted and a copy of it that the change adds is new."""
    if not baseline.fingerprints:
        return {}
    budget = {fp: baseline.counts.get(fp, 1) for fp in baseline.fingerprints}
    kept = set()
    for f in raw:
        file = files.get(f.path)
        if file is not None and not file.counts(f.line, f.end_line):
            entry = baseline.entry(f)
            if entry is not None:
                kept.add((entry, f.path, f.line, f.rule_id))
    for entry, *_where in kept:
        budget[entry] -= 1
    return budget


@records.record
class GateResult:
    findings: list[Finding]
    suppressed: int = 0
    baselined: int = 0


def needs_old_version(raw: Sequence[Finding], files: dict[str, ChangedFile], policy: Policy,
                      baseline: Baseline) -> list[str]:
    """Paths of changed files with a finding that nothing else settles (rule off, suppressed,
    baselined) and that is off the lines the change adds or is about a whole function or stage
    (Finding.key): whether the change introduced it, only the file's old version can say.
    Usually none, and then no old version is read."""
    out: dict[str, None] = {}
    for f in raw:
        file = files.get(f.path)
        if file is None or file.old_oid is None or f.path in out or f.category == 'policy':
            continue
        if f.key is None and file.counts(f.line, f.end_line):
            continue
        if policy.severity_for(f.rule_id, f.severity) is None or suppression(f, file):
            continue
        if not baseline.accepts(f):
            out[f.path] = None
    return list(out)


def apply(
        raw: Sequence[Finding], files: dict[str, ChangedFile], policy: Policy,
        ai_assisted: bool, baseline: Baseline, commit: str | None = None,
        old: Mapping[str, Sequence[Finding] | None] | None = None,
) -> GateResult:
    """Keep findings that belong to the change, and mark those that block.

    A finding belongs to the change when it is on a line the change adds, or
    when it is in a file of `old` (findings of the version the change replaces)
    and that version has no finding of the same identity: what a deleted
    safeguard (session.clear(), a USER line) leaves behind. A finding about a
    whole function or stage (Finding.key) that the old version has is not the
    change's even on an added line: the function moved, or its `def` changed.
    A file whose old version an engine could not check (None in `old`: a syntax
    error) has nothing known to be old: its findings all count.
    """
    result = GateResult([])
    seen: set[tuple[str, int, str]] = set()
    said: dict[tuple[str, int, str, str, str], Verdict] = {}
    unmatched = _old_identities(old or {})
    budget = _baseline_budget(raw, files, baseline)
    accepted: set[tuple[str, int, str]] = set()
    for f in raw:
        sev = policy.severity_for(f.rule_id, f.severity)
        if sev is None:
            continue
        file = files.get(f.path)
        if file is not None:
            added = f.category == 'policy' or file.counts(f.line, f.end_line)  # policy: the change's, not a line's
            compared = f.category != 'policy' and (f.key is not None or not added) and f.path in unmatched
            left = unmatched[f.path] if compared else None
            if left is not None and left[f.identity] > 0:
                left[f.identity] -= 1  # the same finding, already in the old version
                continue
            if not added:
                if not compared:
                    continue  # off the added lines, and no old version to say it is new
                why = introduced_why(f) if left is not None else UNCHECKED_OLD
                f = records.replace(f, message=f'{f.message} (introduced by this change: {why})')
            verdict = _check_once(f, file, said)
            if verdict.why:
                result.suppressed += 1
                continue
            if verdict.note:
                f = records.replace(f, message=f'{f.message} ({verdict.note})')
        entry = baseline.entry(f)
        if entry is not None:
            place = (f.path, f.line, f.rule_id)
            if place in accepted or budget.get(entry, 0) > 0:
                if place not in accepted:
                    budget[entry] -= 1
                    accepted.add(place)
                result.baselined += 1
                continue
        key = (f.path, f.line, f.rule_id)
        if key in seen:
            continue
        seen.add(key)
        threshold = policy.threshold(f.path, ai_assisted)
        # a policy finding blocks unless it is information for the reviewer (POL004)
        blocking = policy.policy_blocks(f.rule_id) and sev > Severity.INFO if f.category == 'policy' else (
            threshold is not None and sev >= threshold)
        result.findings.append(records.replace(
            f, severity=sev, blocking=blocking, commit=commit,
        ))
    return result


UNCHECKED_OLD = "the file's previous version could not be checked, so nothing in it is known to be old"


def _old_identities(old: Mapping[str, Sequence[Finding] | None]) -> dict[str, Counter[tuple[str, str]] | None]:
    from collections import Counter  # lazy: only a change with findings off its added lines

    return {path: None if found is None else Counter(f.identity for f in found) for path, found in old.items()}


def introduced_why(f: Finding) -> str:
    """Why a finding off the added lines counts: the rule's own words (`introduced:` in its
    YAML) for what the change took away, or what is true of every such finding."""
    from aiguard.rules import all_rules

    rule = all_rules().get(f.rule_id)
    said = rule.data.get('introduced') if rule is not None else None
    return str(said).strip() if said else "this finding is not in the file's previous version"

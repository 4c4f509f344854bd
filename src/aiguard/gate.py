"""Gate: rule switches, suppressions, baseline, added lines → what blocks."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence

from aiguard import records
from aiguard.changes import ChangedFile
from aiguard.errors import FatalError
from aiguard.findings import Finding
from aiguard.policy import Policy
from aiguard.regexes import lazy

_AIGUARD_IGNORE = lazy(r'aiguard:\s*ignore\[([A-Za-z0-9_,\s-]+)\]([^\n]*)')
_NOSEC = lazy(r'(?:#|//|/\*)\s*nosec\b([^#\n]*)', re.IGNORECASE)
_ALLOWLIST = lazy(r'pragma:\s*allowlist[ -]secret', re.IGNORECASE)
_ALLOWLIST_NEXT = lazy(r'pragma:\s*allowlist[ -]nextline[ -]secret', re.IGNORECASE)
BASELINE_VERSION = 1


def suppression(f: Finding, file: ChangedFile) -> str | None:
    """Why `f` is suppressed by a comment on its line, or None."""
    line = file.line_text(f.line)
    for m in _AIGUARD_IGNORE.finditer(line):
        ids = {i.strip() for i in m.group(1).split(',')}
        reason = m.group(2).strip(' -:#*/')
        if (f.rule_id in ids or 'all' in ids) and reason:
            return f'aiguard: ignore ({reason})'
    if f.category == 'secret':
        prev = file.line_text(f.line - 1)
        if _ALLOWLIST.search(line) or _ALLOWLIST_NEXT.search(prev):
            return 'pragma: allowlist secret'
    elif f.category == 'sast':
        m = _NOSEC.search(line)
        if m:
            listed = {t for t in re.split(r'[\s,:]+', m.group(1)) if t}
            ids = {t for t in listed if re.match(r'^[A-Z]+-?\d+$', t)}
            # `# nosec B602` names bandit's ids: honoured as bandit would.
            if not ids or f.rule_id in ids or any(re.match(r'^B\d{3}$', i) for i in ids):
                return 'nosec'
    return None


def unreasoned_ignores(file: ChangedFile) -> list[int]:
    """Lines with an `aiguard: ignore[...]` that gives no reason (not honoured)."""
    bad = []
    for n, line in enumerate(file.lines, 1):
        for m in _AIGUARD_IGNORE.finditer(line):
            if not m.group(2).strip(' -:#*/'):
                bad.append(n)
    return bad


@records.record(frozen=True)
class Baseline:
    """Accepted findings by fingerprint; never holds a secret value."""

    fingerprints: frozenset[str] = frozenset()

    @classmethod
    def load(cls, root: str, name: str) -> Baseline:
        path = os.path.join(root, name)
        try:
            with open(path, encoding='utf-8') as f:
                text = f.read()
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as e:
            raise FatalError(f'{name}: not a readable aiguard baseline ({e}); run `aiguard baseline create`') from None
        import json  # lazy: most repositories have no baseline

        try:
            doc = json.loads(text)
        except ValueError as e:
            raise FatalError(f'{name}: not a readable aiguard baseline ({e}); run `aiguard baseline create`') from None
        if not isinstance(doc, dict) or doc.get('version') != BASELINE_VERSION or \
                not isinstance(doc.get('findings'), list):
            raise FatalError(f'{name}: not an aiguard baseline (version {BASELINE_VERSION}); run `aiguard baseline create`')
        fps = set()
        for item in doc['findings']:
            if isinstance(item, dict) and isinstance(item.get('fingerprint'), str):
                fps.add(item['fingerprint'])
        return cls(frozenset(fps))


def write_baseline(root: str, name: str, findings: Iterable[Finding]) -> int:
    """Write `findings` as the baseline; returns how many were recorded."""
    import json

    items = sorted(
        {f.fingerprint: {'fingerprint': f.fingerprint, 'rule_id': f.rule_id, 'path': f.path}
         for f in findings}.values(),
        key=lambda d: (d['path'], d['rule_id'], d['fingerprint']),
    )
    doc = {'version': BASELINE_VERSION, 'tool': 'aiguard', 'findings': items}
    path = os.path.join(root, name)
    tmp = f'{path}.tmp{os.getpid()}'
    with open(tmp, 'w', encoding='utf-8') as f:
        json.dump(doc, f, indent=2)
        f.write('\n')
    os.replace(tmp, path)
    return len(items)


@records.record
class GateResult:
    findings: list[Finding]
    suppressed: int = 0
    baselined: int = 0


def apply(
        raw: Sequence[Finding], files: dict[str, ChangedFile], policy: Policy,
        ai_assisted: bool, baseline: Baseline, commit: str | None = None,
) -> GateResult:
    """Keep findings that belong to the change, and mark those that block."""
    result = GateResult([])
    seen: set[tuple[str, int, str]] = set()
    for f in raw:
        sev = policy.severity_for(f.rule_id, f.severity)
        if sev is None:
            continue
        file = files.get(f.path)
        if file is not None:
            if not file.counts(f.line, f.end_line):
                continue
            if suppression(f, file):
                result.suppressed += 1
                continue
        if f.fingerprint in baseline.fingerprints:
            result.baselined += 1
            continue
        key = (f.path, f.line, f.rule_id)
        if key in seen:
            continue
        seen.add(key)
        threshold = policy.threshold(f.path, ai_assisted)
        blocking = f.category == 'policy' or (threshold is not None and sev >= threshold)
        result.findings.append(records.replace(
            f, severity=sev, blocking=blocking, commit=commit,
        ))
    return result

"""`aiguard baseline import PATH`: the allowlists a team already audited for detect-secrets
(`.secrets.baseline`) and gitleaks (`.gitleaksignore`), turned into entries of aiguard's own
baseline.

Each foreign entry is matched, at import time, against what aiguard's secrets engine finds
in the file it names: a detect-secrets `hashed_secret` (SHA-1 of the value) against the SHA-1
of each value aiguard finds in that file, computed in memory; a gitleaks fingerprint
(`commit:path:rule:line`, or `path:rule:line`) against aiguard's secrets on that line of that
version. What matches is written as aiguard's own entry (the salted slow hash of its
fingerprint, with a count), so the imported allowlist is read, trusted and reviewed exactly
as the baseline is; the foreign files are never read by a scan. No value, and no unsalted
hash of one, is stored.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence

from aiguard import git, records
from aiguard.errors import FatalError
from aiguard.findings import Finding
from aiguard.regexes import lazy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_ALLOWLIST_BYTES = 32 * 1024 * 1024
MAX_FILE_BYTES = 64 * 1024 * 1024
_SHA1 = lazy(r'^[0-9a-f]{40}$')
_COMMIT = lazy(r'^[0-9a-f]{7,64}$')


@records.record(frozen=True)
class Entry:
    """One foreign allowlist entry: where it points, and what it accepts there."""

    source: str  # detect-secrets | gitleaks
    path: str
    line: int | None  # gitleaks: the line; detect-secrets: shown only
    rule: str  # the foreign tool's rule or type, for messages
    hashed_secret: str | None = None  # detect-secrets: SHA-1 of the value
    commit: str | None = None  # gitleaks: the commit the fingerprint names


def parse(raw: bytes, shown: str) -> list[Entry]:
    """The entries of a .secrets.baseline (JSON) or a .gitleaksignore (lines); FatalError
    (one line, naming the file) when it is neither."""
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        raise FatalError(f'{shown}: not UTF-8 text; not a .secrets.baseline or .gitleaksignore') from None
    if text.lstrip().startswith('{'):
        return _detect_secrets(text, shown)
    return _gitleaks(text, shown)


def _detect_secrets(text: str, shown: str) -> list[Entry]:
    import json

    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        raise FatalError(f'{shown}: not a detect-secrets baseline (invalid JSON)') from None
    if not isinstance(doc, dict) or not isinstance(doc.get('results'), dict):
        raise FatalError(f'{shown}: not a detect-secrets baseline (no "results" object)')
    out = []
    for filename, items in doc['results'].items():
        if not isinstance(items, list):
            raise FatalError(f'{shown}: not a detect-secrets baseline (the results of a file are not a list)')
        for item in items:
            hashed = item.get('hashed_secret') if isinstance(item, dict) else None
            if not isinstance(hashed, str) or not _SHA1.match(hashed):
                raise FatalError(f'{shown}: not a detect-secrets baseline (a hashed_secret is not a SHA-1)')
            line = item.get('line_number')
            out.append(Entry('detect-secrets', _clean_path(filename, shown),
                             line if type(line) is int else None, str(item.get('type', 'secret'))[:60], hashed))
    return out


def _gitleaks(text: str, shown: str) -> list[Entry]:
    out = []
    for n, raw_line in enumerate(text.splitlines(), 1):
        line = raw_line.strip()
        if not line or line.startswith('#'):
            continue
        parts = line.split(':')
        if len(parts) < 3 or not parts[-1].isdigit():
            raise FatalError(f'{shown}: line {n} is not a gitleaks fingerprint (commit:path:rule:line or path:rule:line)')
        commit = parts[0] if len(parts) >= 4 and _COMMIT.match(parts[0]) else None
        path = ':'.join(parts[1:-2] if commit else parts[:-2])
        out.append(Entry('gitleaks', _clean_path(path, shown), int(parts[-1]), parts[-2][:60], commit=commit))
    return out


def _clean_path(path: str, shown: str) -> str:
    import posixpath

    norm = posixpath.normpath(path.replace('\\', '/'))
    if not path or norm.startswith(('../', '/')) or norm == '..':
        raise FatalError(f'{shown}: an entry names a path outside the repository')
    return norm


def _hash(value: str) -> str:
    import hashlib

    return hashlib.sha1(value.encode('utf-8'), usedforsecurity=False).hexdigest()


def _versions(root: str, entries: Sequence[Entry]) -> dict[str, str | None]:
    """The text of each version the entries name (`:path` the index, `commit:path`); None when absent."""
    names = list(dict.fromkeys(f'{e.commit or ""}:{e.path}' for e in entries))
    try:
        found = git.read_objects(names, root, max_output=MAX_FILE_BYTES)
    except git.OutputTooLarge:
        raise FatalError(f'the files these entries name hold more than {MAX_FILE_BYTES // (1024 * 1024)} MiB; '
                         f'import the allowlist in parts') from None
    return {n: found[n][1].decode('utf-8', 'replace') if n in found and found[n][0] == 'blob' else None for n in names}


def match(root: str, entries: Sequence[Entry]) -> tuple[list[Finding], list[Entry]]:
    """The findings of aiguard's secrets engine that the entries accept, and the entries that
    accept nothing aiguard finds."""
    from aiguard.scanners.secrets import scan_values

    versions = _versions(root, entries)
    accepted: dict[tuple[str, int, int, str], Finding] = {}
    unmatched = []
    found_in: dict[str, list[tuple[Finding, str]]] = {}
    for e in entries:
        name = f'{e.commit or ""}:{e.path}'
        text = versions.get(name)
        if text is None:
            unmatched.append(e)
            continue
        if name not in found_in:
            found_in[name] = scan_values(e.path, text)
        hits = [f for f, value in found_in[name] if _accepts(e, f, value)]
        if not hits:
            unmatched.append(e)
        for f in hits:
            accepted[(f.path, f.line, f.column, f.rule_id)] = f
    return list(accepted.values()), unmatched


def _accepts(e: Entry, f: Finding, value: str) -> bool:
    if e.hashed_secret is not None:
        # detect-secrets hashes the value as it found it; aiguard's may keep the quotes
        return e.hashed_secret in (_hash(value), _hash(value.strip('\'"')))
    last = f.end_line or f.line
    return e.line is not None and f.line <= e.line <= last


def write(root: str, name: str, findings: Sequence[Finding], source: str) -> int:
    """Merge `findings` into the baseline file `name` (kept salt, kept entries); how many
    entries it adds or raises."""
    import json

    from aiguard.findings import publish
    from aiguard.gate import BASELINE_VERSION, Baseline, new_salt
    from aiguard.readlimit import read_capped

    path = os.path.join(root, name)
    old = Baseline.load(root, name)
    if old.fingerprints and old.version < 2:
        raise FatalError(f'{name} is a version 1 baseline; run `aiguard baseline update` first, then import')
    salt = old.salt or new_salt()
    listed: list[Any] = []
    if old.fingerprints:  # Baseline.load has checked it: version 2 JSON with a salt and findings
        listed = json.loads(read_capped(path, 32 * 1024 * 1024))['findings']
    items: dict[str, dict[str, Any]] = {i['fingerprint']: i for i in listed
                                         if isinstance(i, dict) and isinstance(i.get('fingerprint'), str)}
    counts: dict[str, dict[str, Any]] = {}
    for f in findings:
        fp = publish(f, salt)
        item = counts.setdefault(fp, {'fingerprint': fp, 'rule_id': f.rule_id, 'path': f.path, 'count': 0,
                                      'imported_from': source})
        item['count'] += 1
    changed = 0
    for fp, item in counts.items():
        before = items.get(fp)
        if before is None or int(before.get('count', 1)) < item['count']:
            items[fp] = {**(before or {}), **item}
            changed += 1
    doc = {'version': BASELINE_VERSION, 'tool': 'aiguard', 'salt': salt,
           'findings': sorted(items.values(), key=lambda d: (str(d.get('path')), str(d.get('rule_id')), d['fingerprint']))}
    from aiguard import atomic

    atomic.write(path, json.dumps(doc, indent=2) + '\n')
    return changed


def run(root: str, path: str, baseline_name: str) -> int:
    """The `baseline import` command."""
    from aiguard.readlimit import TooLarge, read_capped
    from aiguard.report.safe import printable

    shown = path
    try:
        raw = read_capped(path, MAX_ALLOWLIST_BYTES)
    except TooLarge:
        raise FatalError(f'{shown}: larger than 32 MiB; not an allowlist aiguard imports') from None
    except OSError as e:
        raise FatalError(f'{shown}: cannot read ({e.strerror or "not a regular file"})') from None
    entries = parse(raw, shown)
    source = entries[0].source if entries else 'allowlist'
    findings, unmatched = match(root, entries)
    changed = write(root, baseline_name, findings, source)
    print(f'aiguard: {len(entries) - len(unmatched)} of {len(entries)} {source} entr{"y" if len(entries) == 1 else "ies"} '
          f'matched {len(findings)} secret finding(s); {changed} baseline entr{"y" if changed == 1 else "ies"} '
          f'written to {baseline_name}: commit it (a change to it is reviewed as POL004)')
    for line in _unmatched_lines(unmatched):
        print(printable(line), file=sys.stderr)
    return 0


def _unmatched_lines(unmatched: Sequence[Entry]) -> Iterator[str]:
    from aiguard.report.safe import quote_path

    for e in unmatched[:50]:
        where = f'{quote_path(e.path)}:{e.line}' if e.line else quote_path(e.path)
        at = f' at commit {e.commit[:12]}' if e.commit else ''
        yield (f'aiguard: note: {where}{at}: {e.source} {e.rule}: aiguard finds no secret this entry accepts '
               f'there (not imported)')
    if len(unmatched) > 50:
        yield f'aiguard: note: and {len(unmatched) - 50} more entries not imported'

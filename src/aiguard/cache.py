"""Engine results keyed by (engine, blob id, path, rules+config+version digest).

Stored in SQLite under the git directory, so concurrent runs are safe and
the work tree is never touched. Only what a report shows is stored: rule ids,
positions, redacted messages and fingerprints, never a secret value.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence

from aiguard import __version__, records
from aiguard.changes import Skip
from aiguard.config import Config
from aiguard.findings import CATEGORIES, Finding, Severity
from aiguard.regexes import lazy

SCHEMA = 2
_KEYS_PER_QUERY = 500  # under SQLite's smallest limit on a statement's variables (999)
_RULE_ID = lazy(r'^[A-Z][A-Z0-9]*-?[0-9]{3,4}\Z')
_PKG_DIR = os.path.dirname(os.path.abspath(__file__))


def code_digest() -> str:
    """Changes whenever aiguard's code or rule data changes (editable installs too)."""
    h = hashlib.sha256(f'{__version__}:{SCHEMA}'.encode())
    for dirpath, dirnames, filenames in os.walk(_PKG_DIR):
        dirnames[:] = sorted(d for d in dirnames if d != '__pycache__')
        for name in sorted(filenames):
            if name.endswith(('.py', '.yaml', '.json')):
                st = os.stat(os.path.join(dirpath, name))
                h.update(f'{dirpath[len(_PKG_DIR):]}/{name}:{st.st_size}:{st.st_mtime_ns}'.encode())
    return h.hexdigest()


def config_digest(config: Config) -> str:
    """What in the config can change an engine's raw findings (`rules` switches on the
    rules marked `default: off`; the gate applies severities, but keying by them is cheap)."""
    rules = sorted((k, None if v is None else int(v)) for k, v in config.rules.items())
    relevant = (config.scanners, config.max_file_size, sorted(config.exclude), rules)
    return hashlib.sha256(repr(relevant).encode()).hexdigest()


@records.record
class Entry:
    findings: list[Finding]
    skips: list[Skip]


def _encode(entry: Entry) -> str:
    return json.dumps({
        'f': [[f.rule_id, f.category, int(f.severity), f.line, f.column, f.message, f.cwe,
               f.fingerprint, f.confidence, f.end_line, f.key] for f in entry.findings],
        's': [[s.reason, s.engine, s.failure] for s in entry.skips],
    }, separators=(',', ':'))


def _decode(path: str, raw: str) -> Entry | None:
    """The entry `_encode` wrote, or None for anything else (the entry is then scanned again
    and rewritten): what is read back is an input, not a trusted value."""
    try:
        doc = json.loads(raw)
        if type(doc) is not dict or set(doc) != {'f', 's'}:
            return None
        findings = [_finding(path, *row) for row in doc['f']]
        skips = [Skip(path, s[0], s[1], s[2])  # a failure stays one
                 for s in doc['s']
                 if type(s) is list and len(s) == 3 and type(s[0]) is str and type(s[1]) is str
                 and type(s[2]) is bool]
    except (ValueError, TypeError, RecursionError):  # not JSON, rows of the wrong length or kind
        return None
    if len(skips) != len(doc['s']):
        return None
    return Entry(findings, skips)


def _finding(path: str, rule_id: object, category: object, severity: object, line: object, column: object,
             message: object, cwe: object, fingerprint: object, confidence: object, end_line: object,
             key: object) -> Finding:
    """One cached finding, each field checked; TypeError or ValueError when one is wrong."""
    if not (type(rule_id) is str and _RULE_ID.match(rule_id) and category in CATEGORIES and type(severity) is int
            and type(line) is int and line >= 1 and type(column) is int and column >= 0
            and type(message) is str and (cwe is None or type(cwe) is str)
            and type(fingerprint) is str and fingerprint and type(confidence) is str
            and (end_line is None or (type(end_line) is int and end_line >= line))
            and (key is None or type(key) is str)):
        raise ValueError('not a cached finding')
    return Finding(rule_id=rule_id, category=category, severity=Severity(severity), path=path, line=line,
                   column=column, message=message, cwe=cwe, fingerprint=fingerprint, confidence=confidence,
                   end_line=end_line, key=key)


class ResultCache:
    """A best-effort cache: any storage problem turns it off for the run."""

    def __init__(self, directory: str, digest: str) -> None:
        self.digest = digest
        self._db = None
        try:
            import sqlite3

            os.makedirs(directory, exist_ok=True)
            self._db = sqlite3.connect(os.path.join(directory, 'results.sqlite3'), timeout=10)
            self._db.execute('PRAGMA journal_mode=WAL')
            self._db.execute('PRAGMA synchronous=NORMAL')
            self._db.execute(
                'CREATE TABLE IF NOT EXISTS results (k TEXT PRIMARY KEY, v TEXT NOT NULL)',
            )
            self._db.commit()
        except Exception:  # noqa: BLE001 - a broken cache must never break a scan
            self._db = None

    def _key(self, engine: str, oid: str, path: str) -> str:
        return hashlib.sha256(f'{self.digest}\0{engine}\0{oid}\0{path}'.encode(
            'utf-8', 'surrogateescape')).hexdigest()

    def get_many(self, engine: str, items: Sequence[tuple[str, str]]) -> dict[str, Entry]:
        """Cached entries by path for (oid, path) pairs."""
        if self._db is None or not items:
            return {}
        keys = {self._key(engine, oid, path): path for oid, path in items if oid}
        found: dict[str, Entry] = {}
        try:
            klist = list(keys)
            for i in range(0, len(klist), _KEYS_PER_QUERY):
                chunk = klist[i:i + _KEYS_PER_QUERY]
                rows = self._db.execute(
                    f'SELECT k, v FROM results WHERE k IN ({",".join("?" * len(chunk))})', chunk,
                ).fetchall()
                for k, v in rows:
                    entry = _decode(keys[k], v) if isinstance(v, str) else None
                    if entry is not None:  # a doubtful entry is a miss: scanned and rewritten
                        found[keys[k]] = entry
        except Exception:  # noqa: BLE001
            self.close()
            return {}
        return found

    def put_many(self, engine: str, items: Iterable[tuple[str, str, Entry]]) -> None:
        if self._db is None:
            return
        rows = [(self._key(engine, oid, path), _encode(e)) for oid, path, e in items if oid]
        try:
            with self._db:
                self._db.executemany('INSERT OR REPLACE INTO results (k, v) VALUES (?, ?)', rows)
        except Exception:  # noqa: BLE001
            self.close()

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except Exception:  # noqa: BLE001
                pass
            self._db = None


def open_cache(root: str, config: Config) -> ResultCache | None:
    """The repository's result cache, or None when it cannot be used."""
    from aiguard import git

    try:
        directory = os.path.join(git.git_common_dir(root), 'aiguard')
    except Exception:  # noqa: BLE001
        return None
    return ResultCache(directory, f'{code_digest()}:{config_digest(config)}')

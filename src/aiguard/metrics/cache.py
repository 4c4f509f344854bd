"""The report cache: per-commit records and remediation outcomes in the git directory.

Keyed by a digest of aiguard's code, rule packs, the config and the engines that
exist; it holds rule ids, paths, line numbers and hashes, never file content.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from typing import Dict, Optional, Tuple

from aiguard import atomic, git
from aiguard.config import Config
from aiguard.metrics.commits import CommitRecord
from aiguard.records import replace

CACHE_FORMAT = 1
KEEP_CACHE_FILES = 4
Known = Dict[str, Tuple[Optional[str], str]]  # "commit:fingerprint" → (remediated by, checked through)


def cache_key(config: Config) -> str:
    """Digest of the code, the rules, the config and the engines that exist."""
    from aiguard import scanners

    h = hashlib.sha256()
    from aiguard.cache import code_digest

    h.update(code_digest().encode())
    h.update(repr(replace(config, path=None)).encode())
    h.update(repr([(e, scanners.available(e)) for e in sorted(scanners.ENGINES)]).encode())
    for name in ('bandit', 'detect_secrets'):
        h.update(_dist_version(name).encode())
    return h.hexdigest()[:24]


def _dist_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name.replace('_', '-'))
    except metadata.PackageNotFoundError:
        return '-'


class Cache:
    """Per-commit records in `<git dir>/aiguard/report-cache/`, one JSON line each."""

    def __init__(self, root: str, key: str, enabled: bool = True) -> None:
        self.enabled = enabled
        self.dir = os.path.join(git.git_common_dir(root), 'aiguard', 'report-cache')
        self.path = os.path.join(self.dir, f'v{CACHE_FORMAT}-{key}.jsonl')
        self._pending: list[str] = []

    def load(self) -> dict[str, CommitRecord]:
        if not self.enabled:
            return {}
        records: dict[str, CommitRecord] = {}
        try:
            with open(self.path, encoding='utf-8') as f:
                for line in f:
                    try:
                        rec = CommitRecord.from_json(json.loads(line))
                    except (ValueError, KeyError, TypeError):
                        continue  # a torn last line from an interrupted run
                    records[rec.oid] = rec
        except FileNotFoundError:
            pass
        except OSError as e:
            print(f'aiguard: warning: cannot read the report cache: {e.strerror}', file=sys.stderr)
        return records

    def add(self, rec: CommitRecord) -> None:
        if self.enabled and not rec.errors:
            self._pending.append(json.dumps(rec.to_json(), separators=(',', ':')))
            if len(self._pending) >= 500:
                self.flush()

    @property
    def known_path(self) -> str:
        return self.path[:-len('.jsonl')] + '-remediation.json'

    def load_known(self) -> Known:
        """Remediation outcomes of the last run."""
        if not self.enabled:
            return {}
        try:
            with open(self.known_path, encoding='utf-8') as f:
                doc = json.load(f)
            return {k: (v[0], v[1]) for k, v in doc.items()}
        except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
            return {}

    def save_known(self, known: Known) -> None:
        if not self.enabled:
            return
        try:
            os.makedirs(self.dir, exist_ok=True)
            atomic.write(self.known_path, json.dumps(known, separators=(',', ':')))
        except OSError as e:
            print(f'aiguard: warning: cannot write the report cache: {e.strerror}', file=sys.stderr)

    def flush(self) -> None:
        if not self._pending:
            return
        try:
            os.makedirs(self.dir, exist_ok=True)
            self._prune()
            with open(self.path, 'a', encoding='utf-8') as f:
                f.write('\n'.join(self._pending) + '\n')
        except OSError as e:
            print(f'aiguard: warning: cannot write the report cache: {e.strerror}', file=sys.stderr)
            self.enabled = False
        self._pending = []

    def _prune(self) -> None:
        """Keep the newest few files: another config or version may be run again, most never are."""
        mine = os.path.basename(self.path)
        others = [os.path.join(self.dir, n) for n in os.listdir(self.dir) if n.endswith('.jsonl') and n != mine]
        others.sort(key=os.path.getmtime, reverse=True)
        for path in others[KEEP_CACHE_FILES - 1:]:
            for stale in (path, path[:-len('.jsonl')] + '-remediation.json'):
                if os.path.exists(stale):
                    os.unlink(stale)

"""Secret scanning on what a change adds."""
from __future__ import annotations

import re
from collections.abc import Sequence

from aiguard.changes import ChangedFile
from aiguard.findings import Finding, redact
from aiguard.rules import Rule, load_pack
from aiguard.scanners import ScanContext, finding

NAME = 'secrets'


def wants(path: str) -> bool:
    """Every text file may hold a secret."""
    return True


def _compiled() -> list[tuple[Rule, re.Pattern[str]]]:
    return [(r, re.compile(r.data['pattern'])) for r in load_pack('secrets').values()]


def scan(files: Sequence[ChangedFile], ctx: ScanContext) -> list[Finding]:
    """Findings for every secret in `files`; values are redacted."""
    rules = _compiled()
    out: list[Finding] = []
    for f in files:
        for lineno, line in enumerate(f.lines, 1):
            for rule, pat in rules:
                for m in pat.finditer(line):
                    value = m.group('secret') if 'secret' in pat.groupindex else m.group(0)
                    out.append(finding(
                        rule, f.path, lineno, m.start() + 1,
                        f'{rule.summary}: {redact(value)}', value,
                    ))
    return out

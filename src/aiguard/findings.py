"""Finding, Severity, content fingerprints and redaction."""
from __future__ import annotations

import enum

from aiguard import records
from aiguard.regexes import lazy


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so that thresholds compare with >=."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Severity from its lowercase name; ValueError names the choices."""
        try:
            return cls[value.strip().upper()]
        except (KeyError, AttributeError):
            raise ValueError(
                f'{value!r} is not a severity (choose from {", ".join(SEVERITY_NAMES)})',
            ) from None


SEVERITY_NAMES = tuple(s.label for s in Severity)
CATEGORIES = ('secret', 'sast', 'policy')


@records.record(frozen=True)
class Finding:
    """One problem at one place; `message` never holds a secret value."""

    rule_id: str
    category: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str
    cwe: str | None
    fingerprint: str
    blocking: bool = False
    confidence: str = 'high'
    commit: str | None = None
    end_line: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            'rule_id': self.rule_id,
            'category': self.category,
            'severity': self.severity.label,
            'path': self.path,
            'line': self.line,
            'column': self.column,
            'message': self.message,
            'cwe': self.cwe,
            'fingerprint': self.fingerprint,
            'blocking': self.blocking,
        }


_SPACE = lazy(r'\s+')


def fingerprint(rule_id: str, path: str, content: str) -> str:
    """A hash of what was found, not where: stable when the line moves.

    `content` is the matched text (a secret) or the line; whitespace is
    normalised so re-indenting does not resurrect a baselined finding.
    """
    import hashlib  # lazy: a clean commit never hashes anything

    norm = _SPACE.sub(' ', content).strip()
    h = hashlib.sha256()
    for part in (rule_id, path, norm):
        h.update(part.encode('utf-8', 'surrogateescape'))
        h.update(b'\0')
    return h.hexdigest()[:32]


def redact(secret: str) -> str:
    """The first four characters and the length, never more."""
    if len(secret) <= 8:
        return f'***({len(secret)} chars)'
    return f'{secret[:4]}…({len(secret)} chars)'

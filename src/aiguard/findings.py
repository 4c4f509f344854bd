"""Finding, Severity, content fingerprints and redaction."""
from __future__ import annotations

import enum
import functools

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
    # What the finding is about where its line does not say it (a function's qualified name, a
    # Dockerfile's final stage): with the rule, what matches it across two versions of a file.
    # None: its fingerprint does. Never holds file content beyond such a name.
    key: str | None = None

    @property
    def identity(self) -> tuple[str, str]:
        """What a finding is the same as in another version of its file (at the same path)."""
        return self.rule_id, self.key if self.key is not None else self.fingerprint

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
    """A hash of what was found, not where: stable when the line moves. Internal (caches,
    the gate); a secret's is written out only through `publish`.

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


def redact(secret: str, prefix: bool = True) -> str:
    """The first four characters and the length, never more; the length only when `prefix`
    is False (a generic password's first letters are part of the secret, a token's are not)."""
    if len(secret) <= 8 or not prefix:
        return f'***({len(secret)} chars)'
    return f'{secret[:4]}…({len(secret)} chars)'


_TOKENISH = lazy(r'[A-Za-z0-9+/=_.~-]{16,}')  # a run of characters a token or key could be


def redact_tokens(text: str) -> str:
    """`text` (an error message, which may quote a file) with every token-like run redacted."""
    return _TOKENISH.sub(lambda m: redact(m.group()), text)


# Passwords and secrets with no provider format: their first characters are the secret's own.
GENERIC_SECRET_RULES = frozenset(('SEC005', 'SEC006', 'SEC007', 'SEC008'))
# Code findings whose fingerprinted line holds a literal credential (PY018, TF007, K8S008 ...).
CREDENTIAL_CWES = frozenset(('CWE-798', 'CWE-259', 'CWE-321', 'CWE-522'))
DEFAULT_SALT = 'aiguard/fingerprint/v2'  # without a baseline: still slow, not yet the repository's own
# scrypt cost: ~4 MB and a few ms per distinct secret, paid only for what is written out
_SCRYPT = {'n': 2 ** 12, 'r': 8, 'p': 1, 'dklen': 16}


def sensitive(rule_id: str, category: str, cwe: str | None) -> bool:
    """True when a finding's fingerprint is computed from a secret value."""
    return category == 'secret' or cwe in CREDENTIAL_CWES


@functools.lru_cache(maxsize=1 << 16)
def published(fingerprint: str, salt: str) -> str:
    """A slow salted hash of an internal fingerprint: what JSON, SARIF and the baseline hold
    for a secret, so a dictionary costs an scrypt per guess and per repository."""
    import hashlib

    return hashlib.scrypt(fingerprint.encode(), salt=salt.encode(), **_SCRYPT).hex()


def publish(f: Finding, salt: str | None) -> str:
    """The fingerprint of `f` as written to disk or output (unchanged for a finding with no secret)."""
    if sensitive(f.rule_id, f.category, f.cwe):
        return published(f.fingerprint, salt or DEFAULT_SALT)
    return f.fingerprint

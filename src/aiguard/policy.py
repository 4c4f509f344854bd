"""Path roles, tiers and human-only zones → the threshold for each file."""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping

from aiguard.config import Config, Tier
from aiguard.findings import Severity
from aiguard.globs import matches

# Built-in roles; `roles:` in .aiguard.yaml adds globs to these or new roles.
DEFAULT_ROLES: Mapping[str, tuple[str, ...]] = {
    'auth': (
        '**/auth/**', '**/*auth*.py', '**/*auth*.[jt]s', '**/login*', '**/session*',
        '**/permission*', '**/oauth*', '**/jwt*', '**/sso/**', '**/accounts/**',
    ),
    'crypto': ('**/crypto/**', '**/*crypt*', '**/*cipher*', '**/security/**', '**/*signing*'),
    'payments': ('**/payment*', '**/billing/**', '**/checkout*', '**/invoice*', '**/stripe*'),
    'secrets-handling': (
        '**/secrets/**', '**/*secret*', '**/*credential*', '**/vault*', '**/kms*',
        '.env', '.env.*', '**/*.env',
    ),
    'logging': ('**/logging/**', '**/log/**', '**/*logger*', '**/*logging*'),
    'migrations': ('**/migrations/**', '**/alembic/**', '**/migrate/**'),
    'tests': (
        'tests/**', 'test/**', '**/tests/**', '**/test/**', '**/test_*.py', '**/*_test.py',
        '**/*_test.go', '**/*.test.[jt]s', '**/*.test.[jt]sx', '**/*.spec.[jt]s',
        '**/__tests__/**', '**/conftest.py', '**/testdata/**', '**/fixtures/**',
    ),
    'docs': ('docs/**', 'doc/**', '*.md', '*.rst', '*.adoc', '*.txt'),
    'generated': (
        '**/*_pb2.py', '**/*_pb2_grpc.py', '**/*.min.js', '**/*.min.css', '**/generated/**',
        '**/vendor/**', '**/node_modules/**', '**/dist/**',
    ),
}

SENSITIVE = Tier(human=Severity.MEDIUM, ai=Severity.LOW)
# Built-in thresholds by role; the strictest role of a file wins.
DEFAULT_ROLE_FAIL_ON: Mapping[str, Tier] = {
    'auth': SENSITIVE,
    'crypto': SENSITIVE,
    'payments': SENSITIVE,
    'secrets-handling': SENSITIVE,
    'docs': Tier(human=Severity.HIGH, ai=Severity.HIGH),
    'tests': Tier(human=Severity.HIGH, ai=Severity.HIGH),
    'generated': Tier(human=Severity.CRITICAL, ai=Severity.CRITICAL),
}


def _stricter(a: Severity | None, b: Severity | None) -> Severity | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


@dataclasses.dataclass(frozen=True)
class Policy:
    """What blocks where, derived from the config once per run."""

    config: Config

    @functools.cached_property
    def role_globs(self) -> dict[str, tuple[str, ...]]:
        roles = {k: tuple(v) for k, v in DEFAULT_ROLES.items()}
        for role, globs in self.config.roles.items():
            roles[role] = (*roles.get(role, ()), *globs)
        return roles

    @functools.cached_property
    def role_tiers(self) -> dict[str, Tier]:
        return {**DEFAULT_ROLE_FAIL_ON, **self.config.role_fail_on}

    @functools.cached_property
    def _role_cache(self) -> dict[str, tuple[str, ...]]:
        return {}

    def roles(self, path: str) -> tuple[str, ...]:
        """Every role whose globs match `path`."""
        found = self._role_cache.get(path)
        if found is None:
            found = tuple(r for r, globs in self.role_globs.items() if matches(path, globs))
            self._role_cache[path] = found
        return found

    def threshold(self, path: str, ai_assisted: bool) -> Severity | None:
        """The lowest severity that blocks in `path`; None means nothing blocks.

        A role's tier replaces the default; among several roles the
        strictest wins. AI-assisted changes use the `ai` side, except under
        `ai_allowed`, where AI is held to the human tier.
        """
        use_ai = ai_assisted and not self.is_ai_allowed(path)
        tiers = [self.role_tiers[r] for r in self.roles(path) if r in self.role_tiers]
        if not tiers:
            tiers = [self.config.fail_on]
        result: Severity | None = None
        first = True
        for tier in tiers:
            sev = tier.ai if use_ai else tier.human
            result = sev if first else _stricter(result, sev)
            first = False
        return result

    def is_human_only(self, path: str) -> bool:
        return bool(self.config.human_only) and matches(path, self.config.human_only)

    def is_ai_allowed(self, path: str) -> bool:
        return bool(self.config.ai_allowed) and matches(path, self.config.ai_allowed)

    def severity_for(self, rule_id: str, default: Severity) -> Severity | None:
        """The configured severity of a rule; None when it is turned off."""
        if rule_id in self.config.rules:
            return self.config.rules[rule_id]
        return default

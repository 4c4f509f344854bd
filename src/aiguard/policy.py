"""Path roles, tiers and human-only zones → the threshold for each file."""
from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from aiguard import records
from aiguard.config import Config, Tier
from aiguard.findings import Severity
from aiguard.git import CommitInfo
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


@records.record(frozen=True)
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

    def policy_blocks(self, rule_id: str) -> bool:
        """Policy findings block, except a suppression an AI change adds where the policy allows it."""
        return not (rule_id == 'POL003' and self.config.suppressions.ai_may_add)

    def severity_for(self, rule_id: str, default: Severity) -> Severity | None:
        """The configured severity of a rule; None when it is turned off."""
        if rule_id in self.config.rules:
            return self.config.rules[rule_id]
        return default


@records.record(frozen=True)
class ReviewGap:
    """An AI-assisted commit without a sign-off from a second person."""

    commit: str
    subject: str
    author: str
    reason: str


def _people(info: CommitInfo) -> tuple[set[str], set[str]]:
    """E-mails and names that cannot review `info`: its author and whoever prompted the agent."""
    from aiguard.attribution import signals, trailers

    emails = {info.author_email.lower()}
    names = {info.author_name.replace('(aider)', '').strip().casefold()}
    agent_author = bool(signals.identity_signals('author', info.author_name, info.author_email))
    coauthors = [signals.split_ident(t.value) for t in trailers.parse(info.message)
                 if t.token == 'co-authored-by']
    for name, email in coauthors:
        if email and signals.agent_for_email(email) is None:
            emails.add(email)  # a co-author wrote the change, so is no second pair of eyes
            names.add(name.strip().casefold())
    if agent_author and not signals.is_non_ai_bot(info.committer_name, info.committer_email.lower()):
        emails.add(info.committer_email.lower())
        names.add(info.committer_name.strip().casefold())
    return emails, names


def reviewers(info: CommitInfo, trailer: str) -> list[tuple[str, str]]:
    """(name, email) of each `trailer` (Reviewed-by) in the commit's trailer block."""
    from aiguard.attribution import signals, trailers

    key = trailer.lower()
    return [signals.split_ident(t.value) for t in trailers.parse(info.message) if t.token == key]


def review_gap(config: Config, info: CommitInfo, others: Sequence[CommitInfo] = ()) -> ReviewGap | None:
    """Why `info` lacks the review `review:` asks for, or None when it has it.

    With `scope: range`, a sign-off on any commit of the range (`others`)
    covers every commit of it, as long as the reviewer wrote none of them.
    """
    review = config.review
    candidates = [info, *others] if review.scope == 'range' else [info]
    emails, names = _people(info)
    for other in candidates:
        for name, email in reviewers(other, review.trailer):
            if email and email in emails:
                continue
            if not email and name.strip().casefold() in names:
                continue
            if review.scope == 'range' and any(
                    email and email == o.author_email.lower() for o in candidates):
                continue
            return None
    given = [f'{n} <{e}>' if e else n for n, e in reviewers(info, review.trailer)]
    why = (f'its only {review.trailer}: is from its author or the person who prompted the agent '
           f'({", ".join(given)})' if given else f'it has no {review.trailer}: trailer')
    subject = info.message.split('\n', 1)[0][:72]
    return ReviewGap(info.oid, subject, f'{info.author_name} <{info.author_email}>', why)

"""Path roles, tiers and human-only zones → the threshold for each file."""
from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from aiguard import records
from aiguard.config import Config, Tier
from aiguard.findings import Severity
from aiguard.git import CommitInfo
from aiguard.globs import matches
from aiguard.regexes import lazy
from aiguard.scanners.pattern_files import AGENT_INSTRUCTION_FILES, MCP_PROJECT_CONFIGS

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


# Files that decide how aiguard judges changes (POL004/POL005): its config and baseline, the
# hooks that run it, the assistants' hook settings; the root-level ones by exact path.
POLICY_ROOT_FILES = frozenset((
    '.aiguard.yaml', '.aiguard.yml', '.aiguard-baseline.json',
    '.pre-commit-config.yaml', '.pre-commit-config.yml', '.pre-commit-hooks.yaml',
    '.bandit',  # bandit's skips and exclude_dirs apply to aiguard's bandit checks
))
POLICY_FILES: tuple[str, ...] = (
    '.claude/settings.json', '.claude/settings.local.json', '.cursor/hooks.json',
    '.gemini/settings.json', '.codex/hooks.json', '.codex/config.toml', '.github/hooks/*.json',
)
# MCP server configs (issue 19) start programs with the user's rights whenever an assistant opens
# the project, as the hook settings above do: policy files.
POLICY_FILES += MCP_PROJECT_CONFIGS
# Files that instruct coding assistants (AGENTS.md, CLAUDE.md, .cursor/rules, ...): a change is
# shown to the reviewer (POL004) but never blocked for being AI-assisted, since assistants keep
# their own notes there; what they say is checked by the AGENT rules.
INSTRUCTION_FILES: tuple[str, ...] = AGENT_INSTRUCTION_FILES
# CI configurations: policy files when one of their versions runs aiguard.
CI_ROOT_FILES = frozenset(('.gitlab-ci.yml', 'azure-pipelines.yml', 'bitbucket-pipelines.yml', 'Jenkinsfile'))
CI_FILES: tuple[str, ...] = (
    '.github/workflows/*.yml', '.github/workflows/*.yaml', '.gitlab/**/*.yml', '.circleci/config.yml',
)


def is_policy_file(path: str, config: Config) -> bool:
    """True for a file that decides how aiguard judges changes (CI files aside)."""
    return path in POLICY_ROOT_FILES or path == config.baseline or matches(path, POLICY_FILES)


def is_instruction_file(path: str) -> bool:
    """True for a file that instructs coding assistants (reported, not blocked: POL004)."""
    # every commit asks: the words these paths hold spare most the glob match (~0.6 ms to compile)
    return any(w in path for w in _INSTRUCTION_WORDS) and matches(path, INSTRUCTION_FILES)


_INSTRUCTION_WORDS = ('AGENT', 'CLAUDE', 'GEMINI', 'cursor', 'windsurf', 'clinerules', 'copilot-instructions', '.github/',
                      '.claude/')


def is_ci_file(path: str) -> bool:
    """True for a CI configuration (a policy file when it runs aiguard)."""
    return path in CI_ROOT_FILES or matches(path, CI_FILES)


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


_ANGLE_EMAIL = lazy(r'<\s*(?:mailto:)?([^<>\s]+@[^<>\s]+?)\s*>')
# starts only at a token boundary: no retry from each character of a long run (linear time)
_BARE_EMAIL = lazy(r'(?<![^\s<>()"\',;])([^\s<>()"\',;@]+@[^\s<>()"\',;@]+)')
_COMMENT = lazy(r'\([^()]*\)')
_SPACES = lazy(r'\s+')


def identity(value: str) -> tuple[str, str]:
    """(name, email) of a trailer value, normalised for comparison: `Dev <dev@corp.io> (me)`,
    `dev@corp.io`, `<DEV@corp.io>` and `Dev (me) <dev@corp.io>` all give ('dev', 'dev@corp.io')."""
    m = _ANGLE_EMAIL.search(value) or _BARE_EMAIL.search(value)
    email = m.group(1).strip('.').lower() if m else ''
    if email.startswith('mailto:'):
        email = email[len('mailto:'):]
    rest = value[:m.start()] + ' ' + value[m.end():] if m else value
    name = _SPACES.sub(' ', _COMMENT.sub(' ', rest).replace('(aider)', '')).strip(' "\'<>,;').casefold()
    return name, email


@records.record(frozen=True)
class People:
    """Who cannot review a commit, compared through the repository's .mailmap."""

    emails: frozenset[str]
    names: frozenset[str]
    aliases: Mapping[str, str]

    def includes(self, name: str, email: str) -> bool:
        if email:
            return email in self.emails or self.aliases.get(email, email) in self.emails
        return bool(name) and name in self.names


def _people(info: CommitInfo, aliases: Mapping[str, str]) -> People:
    """Its author and whoever prompted the agent (co-authors; the committer of an agent's commit)."""
    from aiguard.attribution import signals, trailers

    emails = {info.author_email.lower()}
    names = {identity(info.author_name)[0]}
    agent_author = bool(signals.identity_signals('author', info.author_name, info.author_email))
    for t in trailers.parse(info.message):
        if t.token == 'co-authored-by':
            name, email = identity(t.value)
            if email and signals.agent_for_email(email) is None:
                emails.add(email)  # a co-author wrote the change, so is no second pair of eyes
                names.add(name)
    if agent_author and not signals.is_non_ai_bot(info.committer_name, info.committer_email.lower()):
        emails.add(info.committer_email.lower())
        names.add(identity(info.committer_name)[0])
    emails |= {aliases[e] for e in emails if e in aliases}
    names |= {aliases[f'name:{e}'] for e in emails if f'name:{e}' in aliases}
    return People(frozenset(emails), frozenset(names), aliases)


def people_of(info: CommitInfo, aliases: Mapping[str, str]) -> People:
    """Who cannot sign `info` off: its author, co-authors, and an agent's committer."""
    return _people(info, aliases)


def is_assistant(value: str) -> bool:
    """A reviewer that is an AI assistant: its e-mail, its "(aider)" mark, or its name with no e-mail."""
    from aiguard.attribution import signals

    name, email = identity(value)
    if '(aider)' in value.lower() or (email and signals.agent_for_email(email) is not None):
        return True
    if email and signals.is_non_ai_bot(name, email):
        return True  # dependabot does not review either
    return not email and bool(name) and bool(signals._ASSISTANT_NAME.match(name))  # noqa: SLF001


def made_by_agent(info: CommitInfo) -> bool:
    """The commit's author or committer is an agent identity: it can write any trailer it likes."""
    from aiguard.attribution import signals

    return bool(signals.identity_signals('author', info.author_name, info.author_email)
                or signals.identity_signals('committer', info.committer_name, info.committer_email))


def reviewers(info: CommitInfo, trailer: str) -> list[str]:
    """The value of each `trailer` (Reviewed-by) in the commit's trailer block."""
    from aiguard.attribution import trailers

    key = trailer.lower()
    return [t.value for t in trailers.parse(info.message) if t.token == key]


def review_gap(config: Config, info: CommitInfo, others: Sequence[CommitInfo] = (),
               aliases: Mapping[str, str] | None = None) -> ReviewGap | None:
    """Why `info` lacks the review `review:` asks for, or None when it has it.

    With `scope: range`, a sign-off on any commit of the range (`others`)
    covers every commit of it, as long as the reviewer wrote none of them.
    Identities are compared normalised (e-mail case, brackets, comments,
    `aliases` from .mailmap); an assistant is never a reviewer, and no trailer
    in a commit an agent authored or committed counts (the agent could have
    typed it).
    """
    review = config.review
    aliases = aliases or {}
    candidates = [info, *others] if review.scope == 'range' else [info]
    people = _people(info, aliases)
    authors = [_people(o, aliases) for o in candidates] if review.scope == 'range' else []
    rejected: dict[str, list[str]] = {}
    for other in candidates:
        by_agent = made_by_agent(other)
        for value in reviewers(other, review.trailer):
            name, email = identity(value)
            who = value.strip()[:80]
            if people.includes(name, email):
                rejected.setdefault('from its author or the person who prompted the agent', []).append(who)
            elif is_assistant(value):
                rejected.setdefault('from an assistant, not a person', []).append(who)
            elif by_agent:
                rejected.setdefault('in a commit an agent authored or committed, where the agent can '
                                    'write its own trailers', []).append(who)
            elif any(email and p.includes('', email) for p in authors):
                rejected.setdefault('from someone who wrote a commit of the range', []).append(who)
            else:
                return None
    if rejected:
        why = f'its {review.trailer}: does not count: ' + '; '.join(
            f'{reason} ({", ".join(dict.fromkeys(who))})' for reason, who in rejected.items())
    else:
        why = f'it has no {review.trailer}: trailer'
    subject = info.message.split('\n', 1)[0][:72]
    return ReviewGap(info.oid, subject, f'{info.author_name} <{info.author_email}>', why)

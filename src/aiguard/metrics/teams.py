"""Teams from CODEOWNERS: who owns a path, with GitHub's rules, read from the committed tree.

GitHub reads the first of .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS. Each line is a
pattern and its owners; the last line whose pattern matches a path decides its owners (a
line without owners leaves the path unowned). Patterns follow gitignore, as GitHub documents
them: no `/` but a trailing one matches at any depth, a leading or inner `/` anchors at the
root, `dir/` and `dir` hold everything below, and `docs/*` holds only docs/'s own files.
`!` negation is not supported by GitHub, and such a line is skipped as GitHub skips it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from aiguard import globs, policyfiles
from aiguard.config import ConfigError
from aiguard.records import record

LOCATIONS = ('.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS')  # GitHub's order: the first found counts
MAX_BYTES = 3 * 1024 * 1024  # GitHub ignores a CODEOWNERS file over 3 MB
UNOWNED = '(no owner)'
_WILD = re.compile(r'[*?\[]')
_FIELD = re.compile(r'(?:\\.|[^\s\\])+')  # a pattern or owner; `\ ` escapes a space


@record(frozen=True)
class Rule:
    """One CODEOWNERS line: its pattern (as a regex) and owners."""

    pattern: str
    regex: re.Pattern[str]
    owners: tuple[str, ...]


@record(frozen=True)
class Owners:
    """The CODEOWNERS file a report uses (None: there is none) and its rules in order."""

    path: str | None
    rules: tuple[Rule, ...] = ()
    skipped: int = 0  # lines GitHub would not read either

    def of(self, path: str) -> tuple[str, ...]:
        """The owners of `path`: the last matching rule's; () when none matches or it lists none."""
        for rule in reversed(self.rules):
            if rule.regex.match(path):
                return rule.owners
        return ()

    def teams_of(self, path: str) -> tuple[str, ...]:
        """The groups `path` counts under: each owner, or UNOWNED."""
        return self.of(path) or (UNOWNED,)


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """A CODEOWNERS pattern as a regex over repository-relative paths (GlobError when invalid)."""
    source = globs.glob_source(pattern)
    last = pattern.rstrip('/').rsplit('/', 1)[-1]
    if not pattern.endswith('/') and _WILD.search(last) and last != '**':
        # `docs/*` owns docs/'s files, not those of its subdirectories (GitHub's documented example)
        source = source[:-len('(?:/.*)?$')] + '$'
    return re.compile(source, re.DOTALL)


def parse(text: str, path: str | None = None) -> Owners:
    """The rules of a CODEOWNERS file's text."""
    rules = []
    skipped = 0
    for line in text.splitlines():
        fields = _FIELD.findall(line.strip())
        if not fields or fields[0].startswith('#'):
            continue
        pattern, owners = fields[0].replace('\\ ', ' '), []
        for owner in fields[1:]:
            if owner.startswith('#'):
                break  # a comment after the owners
            owners.append(owner)
        if pattern.startswith('!'):
            skipped += 1
            continue
        try:
            regex = pattern_regex(pattern.replace('\\#', '#'))
        except (globs.GlobError, re.error):
            skipped += 1
            continue
        rules.append(Rule(pattern, regex, tuple(owners)))
    return Owners(path, tuple(rules), skipped)


def read(root: str, source: str) -> Owners:
    """The CODEOWNERS of commit `source`, a commit id (never the work tree; policyfiles keeps what it
    read by name, so a moving name such as HEAD would be read once); Owners(None) when it has none."""
    policyfiles.prefetch(root, [f'{source}:{name}' for name in LOCATIONS])
    for name in LOCATIONS:
        try:
            content = policyfiles.read(root, source, name, MAX_BYTES)
        except ConfigError:
            continue  # a directory, an outside link, too large: GitHub would not read it either
        if content is not None:
            return parse(content.decode('utf-8', 'replace'), name)
    return Owners(None)


def team_names(owners: Owners, paths: Sequence[str]) -> set[str]:
    """Every team owning one of `paths`."""
    return {team for p in paths for team in owners.teams_of(p)}

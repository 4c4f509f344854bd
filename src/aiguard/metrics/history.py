"""History reading: HEAD's commits in one `git log`, the first-parent line, `--since`."""
from __future__ import annotations

import re
import time
from collections.abc import Sequence

from aiguard import git
from aiguard.errors import FatalError
from aiguard.git import CommitInfo
from aiguard.records import fields, record


@record(frozen=True)
class Commit(CommitInfo):
    """One commit's header, as the single `git log` pass reads it: CommitInfo plus commit time."""

    commit_time: int = 0

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    def info(self) -> CommitInfo:
        return CommitInfo(**{name: getattr(self, name) for name in fields(CommitInfo)})


def read_history(root: str, rev: str = 'HEAD') -> list[Commit]:
    """Every commit reachable from `rev`, parents before children."""
    return [Commit(**{name: getattr(info, name) for name in fields(CommitInfo)}, commit_time=commit_time)
            for info, commit_time in git.log_commits(root, '--topo-order', '--reverse', rev, '--')]


def first_parent_line(commits: Sequence[Commit], head: str) -> list[str]:
    """HEAD's first-parent chain, oldest first."""
    by_oid = {c.oid: c for c in commits}
    line = []
    oid: str | None = head
    while oid is not None and oid in by_oid:
        line.append(oid)
        parents = by_oid[oid].parents
        oid = parents[0] if parents else None
    line.reverse()
    return line


def landings(commits: Sequence[Commit], mainline: Sequence[str]) -> dict[str, int]:
    """For each commit, the index in `mainline` of the commit that brought it in.

    Mainline commits land at themselves; a side-branch commit lands at the
    first merge whose history contains it.
    """
    by_oid = {c.oid: c for c in commits}
    landed: dict[str, int] = {}
    for i, oid in enumerate(mainline):
        landed[oid] = i
        stack = list(by_oid[oid].parents[1:])
        while stack:
            cur = stack.pop()
            if cur in landed or cur not in by_oid:
                continue
            landed[cur] = i
            stack.extend(by_oid[cur].parents)
    return landed


_ISO_DATE = re.compile(r'^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?Z?)?$')
_RELATIVE = re.compile(r'^\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago$')


def since_epoch(root: str, since: str) -> int:
    """`--since` ("2024-01-31", "2024-01-31T12:00", "6 months ago") → epoch seconds (UTC)."""
    import calendar

    text = since.strip()
    m = _ISO_DATE.match(text)
    if m:
        parts = [int(g) if g else 0 for g in m.groups()]
        try:
            time.strptime(text[:10], '%Y-%m-%d')
        except ValueError:
            m = None
        else:
            return calendar.timegm((*parts, 0, 0, 0))
    if m is None and _RELATIVE.match(text):
        # git's approxidate knows months and years of varying length
        out = git.cmd_output('rev-parse', f'--since={text}', cwd=root).strip()
        if out.startswith('--max-age='):
            return int(out.split('=', 1)[1])
    raise FatalError(f'--since {since!r} is not a date (use 2024-01-31, 2024-01-31T12:00 or "6 months ago")')


def adoption_time(root: str) -> int | None:
    """When .aiguard.yaml first appeared on the first-parent line, if it did."""
    out = git.cmd_output(
        'log', '--first-parent', '-m', '--diff-filter=A', '--format=%ct', 'HEAD', '--',
        '.aiguard.yaml', '.aiguard.yml', cwd=root,
    ).split()
    return min(int(t) for t in out) if out else None


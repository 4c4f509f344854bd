"""Collection: the history, every commit's record (scanned or cached) and the findings' lifecycles."""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

from aiguard import changes, git
from aiguard.config import Config
from aiguard.errors import FatalError
from aiguard.metrics.cache import Cache, cache_key
from aiguard.metrics.commits import CommitRecord, scan_commits
from aiguard.metrics.history import Commit, adoption_time, first_parent_line, landings, read_history
from aiguard.metrics import teams
from aiguard.metrics.remediation import Lifecycle, track
from aiguard.metrics.teams import Owners
from aiguard.records import record


@record
class History:
    """Everything the report is computed from."""

    commits: list[Commit]
    records: dict[str, CommitRecord]
    lives: list[Lifecycle]
    window: list[Commit]
    as_of: int
    adopted_at: int | None
    config: Config
    scanned: int = 0
    cached: int = 0
    human_only: Callable[[str], bool] = lambda path: False
    owners: Owners = Owners(None)
    repository: str = ''  # the name the organisation report shows: the work tree's directory


def progress_printer(stream: Any = None) -> Callable[[int, int], None] | None:
    """A `done/total` line rewritten in place on a terminal; None elsewhere."""
    stream = stream or sys.stderr
    if not (hasattr(stream, 'isatty') and stream.isatty()):
        return None
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < 0.2:
            return
        last[0] = now
        pct = 100 * done // total if total else 100
        end = '\n' if done >= total else ''
        stream.write(f'\raiguard report: scanning commits {done}/{total} ({pct}%){end}')
        stream.flush()
    return show


def collect(root: str, config: Config, since: int | None = None, use_cache: bool = True,
            progress: Callable[[int, int], None] | None = None) -> History:
    """Walk HEAD's history and compute every commit's record (from cache when possible)."""
    head = git.resolve_commit('HEAD', root)
    if head is None:
        raise FatalError('no commits yet: nothing to report')
    commits = read_history(root, head)
    window = [c for c in commits if not c.is_merge and (since is None or c.commit_time >= since)]
    cache = Cache(root, cache_key(config), use_cache)
    records = cache.load()
    todo = [c for c in window if c.oid not in records]
    limits = changes.Limits(config.max_file_size, config.exclude)
    done = len(window) - len(todo)
    if progress and todo:
        progress(done, len(window))
    try:
        for batch in scan_commits(root, config, todo, limits):
            for rec in batch:
                records[rec.oid] = rec
                cache.add(rec)
            done += len(batch)
            if progress:
                progress(done, len(window))
    finally:
        cache.flush()
    mainline = first_parent_line(commits, head)
    landed = landings(commits, mainline)
    times = {c.oid: c.commit_time for c in commits}
    introduced = [
        (f, c, records[c.oid].ai_assisted) for c in window for f in records[c.oid].findings
    ]
    lives, known = track(root, config, introduced, mainline, landed, times, cache.load_known())
    cache.save_known(known)
    as_of = _now()
    adopted = adoption_time(root)
    for life in lives:
        seen = max(life.introduced_at, adopted) if adopted is not None else as_of
        life.detected_at = min(seen, life.remediated_at) if life.remediated_at is not None else seen
    from aiguard.policy import Policy

    policy = Policy(config)
    return History(commits, records, lives, window, as_of, adopted, config,
                   scanned=len(todo), cached=len(window) - len(todo),
                   human_only=lambda p: policy.is_human_only(p) and not policy.is_ai_allowed(p),
                   owners=teams.read(root, head), repository=os.path.basename(os.path.normpath(root)))


def _now() -> int:
    """The report's reference time; SOURCE_DATE_EPOCH makes it reproducible."""
    fixed = os.environ.get('SOURCE_DATE_EPOCH', '').strip()
    if fixed.isdigit():
        return int(fixed)
    return int(time.time())

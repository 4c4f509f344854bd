"""Remediation: when (if ever) each introduced finding left HEAD's first-parent line.

A finding introduced by commit C counts from the mainline commit L that brought C in
(C itself, or the merge). It is remediated at the first mainline commit at or after L
(after, when L is C) that deletes its file, or whose version of the file no longer
holds the finding's line and, scanned again, no longer yields its fingerprint. A
finding its line does not hold (a function-level finding, or one a deleted line made)
is followed by rule and identity instead: it is remediated at the first version that,
scanned again, no longer yields it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from aiguard import changes, git
from aiguard.changes import Change, ChangedFile, ChangeSet
from aiguard.config import Config
from aiguard.metrics.cache import Known
from aiguard.metrics.commits import Introduced, identity_hash, line_hash
from aiguard.metrics.history import Commit
from aiguard.records import record


def path_events(root: str, paths: Iterable[str],
                after: str | None = None) -> dict[str, list[tuple[str, str | None]]]:
    """Per path, each mainline commit (after `after`) that changed it: (commit, new blob or None)."""
    events: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    wanted = sorted(set(paths))
    revs = ['HEAD', '--not', after] if after else ['HEAD']
    for i in range(0, len(wanted), 500):
        out = git.cmd_output_b(
            '--literal-pathspecs', 'log', '--first-parent', '-m', '--raw', '-z', '--no-abbrev',
            '--no-renames', '--format=%H', *revs, '--', *wanted[i:i + 500], cwd=root,
        )
        for commit, entries in git.parse_raw_log(out):
            for e in entries:
                events[e.path].append((commit, None if e.status == 'D' else e.new_oid))
    for path in events:
        events[path].reverse()  # git log is newest first
    return events


@record
class Lifecycle:
    """One introduced finding over time (epoch seconds)."""

    finding: Introduced
    commit: str
    ai_assisted: bool
    introduced_at: int
    remediated_by: str | None = None
    remediated_at: int | None = None
    detected_at: int | None = None


def track(root: str, config: Config, introduced: Sequence[tuple[Introduced, Commit, bool]],
          mainline: Sequence[str], landed: dict[str, int], times: dict[str, int],
          known: Known | None = None) -> tuple[list[Lifecycle], Known]:
    """When (if ever) each introduced finding left the first-parent line.

    `known` holds the outcome of an earlier run: a remediation still on the
    mainline is kept, and an open finding is followed only past the commit
    it was last checked at. Returns the lifecycles and the new `known`.
    """
    known = known or {}
    index = {oid: i for i, oid in enumerate(mainline)}
    lives = []
    # (life, first mainline index to look at) per path, for the findings still to follow
    todo: dict[str, list[tuple[Lifecycle, int]]] = defaultdict(list)
    for f, c, ai in introduced:
        life = Lifecycle(f, c.oid, ai, c.commit_time)
        lives.append(life)
        land = landed.get(c.oid)
        if land is None:
            continue
        start = land + 1 if mainline[land] == c.oid else land
        by, through = known.get(f'{c.oid}:{f.fingerprint}', (None, ''))
        if by is not None and by in index:
            life.remediated_by, life.remediated_at = by, times[by]
            continue
        if by is None and through in index:
            start = max(start, index[through] + 1)
        todo[f.path].append((life, start))
    first = min((start for items in todo.values() for _, start in items), default=len(mainline))
    if todo and first < len(mainline):
        after = mainline[first - 1] if first > 0 else None
        events = path_events(root, todo, after)
        stream = git.BlobReader(root)
        try:
            for path, items in todo.items():
                _follow(root, config, stream, path, items, events.get(path, ()), index, times)
        finally:
            stream.close()
    head = mainline[-1] if mainline else ''
    return lives, {f'{x.commit}:{x.finding.fingerprint}': (x.remediated_by, head) for x in lives}


def _follow(root: str, config: Config, stream: git.BlobReader, path: str,
            items: list[tuple[Lifecycle, int]], events: Iterable[tuple[str, str | None]],
            index: dict[str, int], times: dict[str, int]) -> None:
    """Walk one path's mainline events once, closing each finding whose line and fingerprint are gone."""
    open_items = list(items)
    for commit, blob in events:
        at = index.get(commit)
        if at is None:
            continue
        due = [(life, start) for life, start in open_items if at >= start]
        if not due:
            continue
        content = stream.read(blob) if blob is not None else None
        hashes: set[str] = set()
        if content is not None:
            hashes = {line_hash(line) for line in content.decode('utf-8', 'replace').splitlines()}
        fingerprints: set[str] | None = None
        for life, start in due:
            f = life.finding
            if f.line_hash in hashes:
                continue
            if content is not None:
                if fingerprints is None:
                    # The line changed; the finding may survive it (re-indented, reformatted).
                    fingerprints = _fingerprints(root, config, path, blob or '', content)
                if f.fingerprint in fingerprints or f.line_hash in fingerprints:
                    continue
            life.remediated_by, life.remediated_at = commit, times[commit]
            open_items.remove((life, start))
        if not open_items:
            return


def _fingerprints(root: str, config: Config, path: str, blob: str, content: bytes) -> set[str]:
    """The fingerprints and identity hashes of what a version of a file holds."""
    from aiguard.scan import ScanRequest, run_changeset

    cs = ChangeSet('all-files', root, (Change((ChangedFile(path, blob, changes.as_text(content), None),)),))
    request = ScanRequest(mode='all-files', policy_checks=False, use_baseline=False,
                          use_cache=False, environ={})
    found = run_changeset(root, config, request, cs).findings
    return {x.fingerprint for x in found} | {identity_hash(x) for x in found}

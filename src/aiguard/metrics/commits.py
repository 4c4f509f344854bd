"""Per-commit scan: each commit in the window checked as range mode checks it, kept as a CommitRecord."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from typing import Any

from aiguard import changes, git, workers
from aiguard.changes import Change, ChangeSet
from aiguard.config import Config
from aiguard.findings import Finding
from aiguard.metrics.history import Commit
from aiguard.records import astuple, record

CHUNK = 200  # commits read from git at once
PARALLEL_MIN_COMMITS = 2 * CHUNK
_SPACE = re.compile(r'\s+')


@record(frozen=True)
class Introduced:
    """A finding a commit introduced; `line_hash` identifies its line, not its content, or
    (starting with 'k') the finding itself (identity_hash) when its line does not say it."""

    rule_id: str
    category: str
    severity: str
    path: str
    line: int
    fingerprint: str
    line_hash: str


@record(frozen=True)
class CommitRecord:
    """What one non-merge commit did: attribution, lines added per path, findings."""

    oid: str
    ai_assisted: bool
    tools: tuple[str, ...]
    lines: dict[str, int]
    findings: tuple[Introduced, ...]
    errors: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            'oid': self.oid, 'ai': self.ai_assisted, 'tools': list(self.tools),
            'lines': self.lines, 'errors': self.errors,
            'findings': [astuple(f) for f in self.findings],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CommitRecord:
        return cls(
            d['oid'], bool(d['ai']), tuple(d['tools']), dict(d['lines']),
            tuple(Introduced(*f) for f in d['findings']), int(d.get('errors', 0)),
        )


def identity_hash(f: Finding) -> str:
    """A finding that its line does not hold (a function that no longer clears the session,
    one a deleted line made), by rule and identity: scanned again until it is gone."""
    return 'k' + hashlib.sha256('\0'.join(f.identity).encode('utf-8', 'surrogateescape')).hexdigest()[:15]


def line_hash(text: str) -> str:
    """A short hash of one line, whitespace-normalised; it cannot be read back."""
    norm = _SPACE.sub(' ', text).strip()
    return hashlib.sha256(norm.encode('utf-8', 'surrogateescape')).hexdigest()[:16]


def _split_raw(out: bytes, wanted: set[str]) -> dict[str, list[git.RawEntry]]:
    """`git diff-tree --stdin -z --raw` output → raw entries per commit."""
    result: dict[str, list[git.RawEntry]] = {}
    for oid, entries in git.parse_raw_log(out):
        if oid not in wanted:
            raise git.GitError(f'unexpected git diff-tree output: {oid[:40]!r}')
        result.setdefault(oid, []).extend(entries)
    return result


def _split_patch(out: bytes, wanted: set[str],
                 removed: dict[str, dict[str, set[int]]] | None = None) -> dict[str, dict[str, set[int]]]:
    """`git diff-tree --stdin -p -U0` output → added line numbers per path per commit; into
    `removed`, the lines beside what each commit deletes (git.parse_added_lines).

    A commit header is a bare oid line; no diff header or hunk line can be one.
    """
    result: dict[str, dict[str, set[int]]] = {}
    current: str | None = None
    start = 0
    pos = 0
    for raw in out.split(b'\n'):
        if len(raw) in (40, 64) and raw.decode('ascii', 'replace') in wanted:
            if current is not None:
                result[current] = git.parse_added_lines(out[start:pos], _slot(removed, current))
            current = raw.decode()
            start = pos + len(raw) + 1
        pos += len(raw) + 1
    if current is not None:
        result[current] = git.parse_added_lines(out[start:], _slot(removed, current))
    return result


def _slot(removed: dict[str, dict[str, set[int]]] | None, oid: str) -> dict[str, set[int]] | None:
    return removed.setdefault(oid, {}) if removed is not None else None


def load_changes(root: str, commits: Sequence[Commit],
                 limits: changes.Limits) -> Iterator[tuple[Commit, Change, dict[str, int]]]:
    """Each commit's Change (as range mode builds it) and its added-line count per path.

    Reads a chunk of commits with four git processes instead of five per commit.
    A rename or copy adds only the lines it changes.
    """
    for start in range(0, len(commits), CHUNK):
        chunk = commits[start:start + CHUNK]
        wanted = {c.oid for c in chunk}
        stdin = ('\n'.join(c.oid for c in chunk) + '\n').encode()
        raw = _split_raw(git.cmd_output_b(
            'diff-tree', '--stdin', '--root', '-r', '-z', '--no-abbrev', *git._DIFF_OPTS,
            cwd=root, stdin=stdin,
        ), wanted)
        removed: dict[str, dict[str, set[int]]] = {}
        added = _split_patch(git.cmd_output_b(
            'diff-tree', '--stdin', '--root', '-r', '-p', '-U0', *git._DIFF_OPTS,
            cwd=root, stdin=stdin,
        ), wanted, removed)
        plans = []
        to_read: list[changes.Wanted] = []
        for c in chunk:
            lines_by_path = added.get(c.oid, {})
            if c.parents:  # a root commit only adds files: none to ask again
                # files git showed no lines of (-diff, UTF-16): asked again as text, as range mode does
                changes.add_opaque_lines(root, c.parents[0], c.oid, raw.get(c.oid, ()), lines_by_path, limits,
                                         removed.setdefault(c.oid, {}))
            entries = changes.included(
                changes.wanted_from_diff(raw.get(c.oid, ()), lines_by_path, removed.get(c.oid)), limits)
            # every path the commit touches counts, with the lines it adds (0 for a pure rename)
            counts = {w.path: len(lines_by_path.get(w.path, ())) for w in entries}
            readable, skipped = changes.plan(entries)
            plans.append((c, counts, readable, skipped))
            to_read += readable
        blobs = changes.read_blobs(root, to_read, limits)
        for c, counts, readable, skipped in plans:
            files, more = changes.materialize(readable, blobs, limits, missing_fails=False)
            for f in files:
                if f.binary:
                    counts.pop(f.path, None)  # scanned as its printable runs, but its lines are not code
                elif f.added_lines is None and not counts.get(f.path):
                    counts[f.path] = len(f.lines)  # new to git as binary (-diff, UTF-16): every line is added
            for s in (*skipped, *more):
                if s.reason in ('binary file', 'symbolic link') or s.reason.startswith('submodule'):
                    counts.pop(s.path, None)  # not text: its lines are not counted
            yield c, Change(tuple(files), tuple(skipped + more), c.info()), counts


def scan_commit(root: str, config: Config, commit: Commit, change: Change,
                counts: dict[str, int]) -> CommitRecord:
    """Check one commit as range mode does and keep what the metrics need."""
    from aiguard.scan import ScanRequest, run_changeset

    request = ScanRequest(mode='range', policy_checks=False, use_baseline=False, use_cache=False)
    result = run_changeset(root, config, request, ChangeSet('range', root, (change,)))
    files = {f.path: f for f in change.files}
    found = []
    for f in result.findings:
        if f.category == 'policy':
            continue
        file = files.get(f.path)
        text = file.line_text(f.line) if file is not None else ''
        # a finding its line does not hold is followed by what it is, not by where
        by_identity = f.key is not None or (file is not None and not file.counts(f.line, f.end_line))
        found.append(Introduced(
            f.rule_id, f.category, f.severity.label, f.path, f.line, f.fingerprint,
            identity_hash(f) if by_identity else line_hash(text),
        ))
    a = result.attribution
    return CommitRecord(commit.oid, a.ai_assisted, tuple(a.tools), counts, tuple(found), len(result.errors))


def scan_commits(root: str, config: Config, commits: Sequence[Commit],
                 limits: changes.Limits) -> Iterator[list[CommitRecord]]:
    """Records of `commits` in order, in batches; on every core for long histories."""
    cores = workers.cores()
    if not (cores > 1 and len(commits) >= PARALLEL_MIN_COMMITS and workers.can_fork()):
        for commit, change, counts in load_changes(root, commits, limits):
            yield [scan_commit(root, config, commit, change, counts)]
        return
    # Small chunks keep the cores busy to the end; each worker reads its own chunk from git.
    size = max(20, min(CHUNK, len(commits) // (cores * 4)))
    chunks = [list(commits[i:i + size]) for i in range(0, len(commits), size)]
    _WORKER[:] = [root, config, limits]
    yield from workers.fork_map(_scan_chunk, chunks, cores)


_WORKER: list[Any] = []  # what the forked workers inherit: root, config, limits


def _scan_chunk(chunk: list[Commit]) -> list[CommitRecord]:
    root, config, limits = _WORKER
    return [scan_commit(root, config, c, change, counts) for c, change, counts in load_changes(root, chunk, limits)]

"""`aiguard report`: AI adoption, vulnerability density, remediation and review over history.

One header pass (`git log`) reads every commit reachable from HEAD. Each
non-merge commit in the window is checked exactly as range mode checks it
(attribution, every engine, the gate's added-line filter) through
`scan.run_changeset`; the per-commit result is cached in the git directory,
keyed by a digest of aiguard's code, rule packs and the config. The cache
holds rule ids, paths, line numbers and hashes, never file content.

Remediation follows the first-parent line of HEAD: a finding introduced by
commit C counts from the mainline commit L that brought C in (C itself, or
the merge). It is remediated at the first mainline commit at or after L
(after, when L is C) that deletes its file, or whose version of the file no
longer holds the finding's line and, scanned again, no longer yields its
fingerprint. A finding its line does not hold (a function-level finding, or
one a deleted line made) is followed by rule and identity instead: it is
remediated at the first version that, scanned again, no longer yields it.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Dict, Optional, Tuple

from aiguard import __version__, changes, git
from aiguard.changes import Change, ChangedFile, ChangeSet, Skip
from aiguard.config import Config
from aiguard.errors import FatalError
from aiguard.findings import Finding
from aiguard.git import CommitInfo
from aiguard.records import astuple, fields, record, replace

CACHE_FORMAT = 1
KEEP_CACHE_FILES = 4
CHUNK = 200
DAY = 86400.0
_SPACE = re.compile(r'\s+')
Known = Dict[str, Tuple[Optional[str], str]]  # "commit:fingerprint" → (remediated by, checked through)
# Directories whose children are the interesting unit ("src/auth", not "src").
_CONTAINER_DIRS = frozenset(('src', 'lib', 'app', 'apps', 'packages', 'pkg', 'services', 'cmd', 'internal'))


# ---------------------------------------------------------------- history --

@record(frozen=True)
class Commit(CommitInfo):
    """One commit's header, as the single `git log` pass reads it: CommitInfo plus commit time."""

    commit_time: int = 0

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    def info(self) -> CommitInfo:
        return CommitInfo(**{name: getattr(self, name) for name in fields(CommitInfo)})


_LOG_FIELDS = 9
_LOG_FORMAT = '%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%at%x00%ct%x00%B'


def read_history(root: str, rev: str = 'HEAD') -> list[Commit]:
    """Every commit reachable from `rev`, parents before children."""
    out = git.cmd_output_b(
        'log', '--topo-order', '--reverse', '-z', '--no-show-signature', '--no-use-mailmap',
        f'--format={_LOG_FORMAT}', rev, '--', cwd=root,
    ).decode('utf-8', 'replace')
    parts = out.split('\0')
    commits = []
    for i in range(0, len(parts) - _LOG_FIELDS + 1, _LOG_FIELDS):
        oid, parents, an, ae, cn, ce, at, ct, msg = parts[i:i + _LOG_FIELDS]
        oid = oid.strip('\n')  # git separates records with a newline after the NUL
        commits.append(Commit(
            oid=oid, parents=tuple(parents.split()), author_name=an, author_email=ae,
            committer_name=cn, committer_email=ce, author_time=int(at or 0),
            message=msg.rstrip('\n') + '\n', commit_time=int(ct or 0),
        ))
    return commits


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


# ---------------------------------------------------------- per commit scan --

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
    parts = out.split(b'\0')
    result: dict[str, list[git.RawEntry]] = {}
    current: list[git.RawEntry] | None = None
    i = 0
    while i < len(parts):
        tok = parts[i]
        if not tok:
            i += 1
            continue
        if tok.startswith(b':'):
            old_mode, new_mode, old_oid, new_oid, status = tok[1:].decode().split(' ')
            if status[0] in 'RC':
                old_path, path = git.decode_path(parts[i + 1]), git.decode_path(parts[i + 2])
                i += 3
            else:
                old_path, path = None, git.decode_path(parts[i + 1])
                i += 2
            if current is not None:
                current.append(git.RawEntry(old_mode, new_mode, old_oid, new_oid, status[0], path, old_path))
            continue
        oid = tok.decode('ascii', 'replace').strip()
        if oid not in wanted:
            raise git.GitError(f'unexpected git diff-tree output: {oid[:40]!r}')
        current = result.setdefault(oid, [])
        i += 1
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


PARALLEL_MIN_COMMITS = 2 * CHUNK
_WORKER: list[Any] = []


def scan_commits(root: str, config: Config, commits: Sequence[Commit],
                 limits: changes.Limits) -> Iterator[list[CommitRecord]]:
    """Records of `commits` in order, in batches; on every core for long histories."""
    import multiprocessing

    workers = min(os.cpu_count() or 1, 8)
    parallel = (
        workers > 1 and len(commits) >= PARALLEL_MIN_COMMITS
        and 'fork' in multiprocessing.get_all_start_methods()
        and not os.environ.get('AIGUARD_NO_PARALLEL')
    )
    if not parallel:
        for commit, change, counts in load_changes(root, commits, limits):
            yield [scan_commit(root, config, commit, change, counts)]
        return
    from concurrent.futures import ProcessPoolExecutor

    # Small chunks keep the cores busy to the end; each worker reads its own chunk from git.
    size = max(20, min(CHUNK, len(commits) // (workers * 4)))
    chunks = [list(commits[i:i + size]) for i in range(0, len(commits), size)]
    _WORKER[:] = [root, config, limits]
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context('fork'),
                               initializer=_worker_init)
    try:
        yield from pool.map(_scan_chunk, chunks)
    except BaseException:
        for proc in list(getattr(pool, '_processes', {}).values()):
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _worker_init() -> None:
    os.environ['AIGUARD_NO_PARALLEL'] = '1'  # engines must not fork again inside a worker


def _scan_chunk(chunk: list[Commit]) -> list[CommitRecord]:
    root, config, limits = _WORKER
    return [scan_commit(root, config, c, change, counts) for c, change, counts in load_changes(root, chunk, limits)]


# ------------------------------------------------------------------- cache --

def cache_key(config: Config) -> str:
    """Digest of the code, the rules, the config and the engines that exist."""
    from aiguard import scanners

    h = hashlib.sha256()
    from aiguard.cache import code_digest

    h.update(code_digest().encode())
    h.update(repr(replace(config, path=None)).encode())
    h.update(repr([(e, scanners.available(e)) for e in sorted(scanners.ENGINES)]).encode())
    for name in ('bandit', 'detect_secrets'):
        h.update(_dist_version(name).encode())
    return h.hexdigest()[:24]


def _dist_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name.replace('_', '-'))
    except metadata.PackageNotFoundError:
        return '-'


class Cache:
    """Per-commit records in `<git dir>/aiguard/report-cache/`, one JSON line each."""

    def __init__(self, root: str, key: str, enabled: bool = True) -> None:
        self.enabled = enabled
        self.dir = os.path.join(git.git_common_dir(root), 'aiguard', 'report-cache')
        self.path = os.path.join(self.dir, f'v{CACHE_FORMAT}-{key}.jsonl')
        self._pending: list[str] = []

    def load(self) -> dict[str, CommitRecord]:
        if not self.enabled:
            return {}
        records: dict[str, CommitRecord] = {}
        try:
            with open(self.path, encoding='utf-8') as f:
                for line in f:
                    try:
                        rec = CommitRecord.from_json(json.loads(line))
                    except (ValueError, KeyError, TypeError):
                        continue  # a torn last line from an interrupted run
                    records[rec.oid] = rec
        except FileNotFoundError:
            pass
        except OSError as e:
            print(f'aiguard: warning: cannot read the report cache: {e.strerror}', file=sys.stderr)
        return records

    def add(self, rec: CommitRecord) -> None:
        if self.enabled and not rec.errors:
            self._pending.append(json.dumps(rec.to_json(), separators=(',', ':')))
            if len(self._pending) >= 500:
                self.flush()

    @property
    def known_path(self) -> str:
        return self.path[:-len('.jsonl')] + '-remediation.json'

    def load_known(self) -> Known:
        """Remediation outcomes of the last run."""
        if not self.enabled:
            return {}
        try:
            with open(self.known_path, encoding='utf-8') as f:
                doc = json.load(f)
            return {k: (v[0], v[1]) for k, v in doc.items()}
        except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
            return {}

    def save_known(self, known: Known) -> None:
        if not self.enabled:
            return
        try:
            os.makedirs(self.dir, exist_ok=True)
            tmp = f'{self.known_path}.{os.getpid()}'
            with open(tmp, 'w', encoding='utf-8') as f:
                json.dump(known, f, separators=(',', ':'))
            os.replace(tmp, self.known_path)
        except OSError as e:
            print(f'aiguard: warning: cannot write the report cache: {e.strerror}', file=sys.stderr)

    def flush(self) -> None:
        if not self._pending:
            return
        try:
            os.makedirs(self.dir, exist_ok=True)
            self._prune()
            with open(self.path, 'a', encoding='utf-8') as f:
                f.write('\n'.join(self._pending) + '\n')
        except OSError as e:
            print(f'aiguard: warning: cannot write the report cache: {e.strerror}', file=sys.stderr)
            self.enabled = False
        self._pending = []

    def _prune(self) -> None:
        """Keep the newest few files: another config or version may be run again, most never are."""
        mine = os.path.basename(self.path)
        others = [os.path.join(self.dir, n) for n in os.listdir(self.dir) if n.endswith('.jsonl') and n != mine]
        others.sort(key=os.path.getmtime, reverse=True)
        for path in others[KEEP_CACHE_FILES - 1:]:
            for stale in (path, path[:-len('.jsonl')] + '-remediation.json'):
                if os.path.exists(stale):
                    os.unlink(stale)


# ------------------------------------------------------------- remediation --

class BlobStream:
    """One long-running `git cat-file --batch` for reading many blobs in turn."""

    def __init__(self, root: str) -> None:
        self.proc = subprocess.Popen(
            ('git', 'cat-file', '--batch'), cwd=root, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env=git._git_env(),
        )

    def read(self, oid: str) -> bytes | None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(oid.encode() + b'\n')
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) != 3:
            return None
        data = self.proc.stdout.read(int(header[2]) + 1)
        return data[:-1]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


def path_events(root: str, paths: Iterable[str],
                after: str | None = None) -> dict[str, list[tuple[str, str | None]]]:
    """Per path, each mainline commit (after `after`) that changed it: (commit, new blob or None)."""
    events: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    wanted = sorted(set(paths))
    revs = ['HEAD', '--not', after] if after else ['HEAD']
    for i in range(0, len(wanted), 500):
        out = git.cmd_output_b(
            '--literal-pathspecs', 'log', '--first-parent', '-m', '--raw', '-z', '--no-abbrev',
            '--no-renames', '--format=%x01%H', *revs, '--', *wanted[i:i + 500], cwd=root,
        )
        commit = ''
        parts = out.split(b'\0')
        j = 0
        while j < len(parts):
            tok = parts[j].lstrip(b'\n')
            if tok.startswith(b'\x01'):
                commit = tok[1:].decode().strip()
                j += 1
                continue
            if tok.startswith(b':'):
                meta = tok[1:].decode().split(' ')
                path = git.decode_path(parts[j + 1])
                status = meta[4][0]
                events[path].append((commit, None if status == 'D' else meta[3]))
                j += 2
                continue
            j += 1
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
        stream = BlobStream(root)
        try:
            for path, items in todo.items():
                _follow(root, config, stream, path, items, events.get(path, ()), index, times)
        finally:
            stream.close()
    head = mainline[-1] if mainline else ''
    return lives, {f'{x.commit}:{x.finding.fingerprint}': (x.remediated_by, head) for x in lives}


def _follow(root: str, config: Config, stream: BlobStream, path: str,
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


def adoption_time(root: str) -> int | None:
    """When .aiguard.yaml first appeared on the first-parent line, if it did."""
    out = git.cmd_output(
        'log', '--first-parent', '-m', '--diff-filter=A', '--format=%ct', 'HEAD', '--',
        '.aiguard.yaml', '.aiguard.yml', cwd=root,
    ).split()
    return min(int(t) for t in out) if out else None


# ------------------------------------------------------------------ review --

def reviewed(config: Config, commit: Commit) -> bool:
    """The sign-off range mode asks of an AI-assisted commit is there (policy.review_gap)."""
    from aiguard.policy import review_gap

    return review_gap(config, commit.info()) is None


# ------------------------------------------------------------------ report --

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
                   human_only=lambda p: policy.is_human_only(p) and not policy.is_ai_allowed(p))


def _now() -> int:
    """The report's reference time; SOURCE_DATE_EPOCH makes it reproducible."""
    fixed = os.environ.get('SOURCE_DATE_EPOCH', '').strip()
    if fixed.isdigit():
        return int(fixed)
    return int(time.time())


def directory_of(path: str) -> str:
    """The directory a path is grouped under: its top directory ("src/x" under src/)."""
    parts = path.split('/')
    if len(parts) == 1:
        return '(root)'
    if parts[0] in _CONTAINER_DIRS and len(parts) > 2:
        return f'{parts[0]}/{parts[1]}'
    return parts[0]


def _month(epoch: int) -> str:
    return time.strftime('%Y-%m', time.gmtime(epoch))


def _iso(epoch: int | None) -> str | None:
    return None if epoch is None else time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(epoch))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _density(findings: int, lines: int) -> float | None:
    return round(findings * 1000 / lines, 2) if lines else None


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


class _Tally:
    """Commits, lines and findings split AI / human."""

    def __init__(self) -> None:
        self.commits = 0
        self.ai_commits = 0
        self.lines = {'ai': 0, 'human': 0}
        self.findings = {'ai': 0, 'human': 0}

    def row(self) -> dict[str, Any]:
        total_lines = self.lines['ai'] + self.lines['human']
        return {
            'commits': self.commits, 'ai_commits': self.ai_commits,
            'ai_commit_share': _share(self.ai_commits, self.commits),
            'lines_ai': self.lines['ai'], 'lines_human': self.lines['human'],
            'ai_line_share': _share(self.lines['ai'], total_lines),
            'findings_ai': self.findings['ai'], 'findings_human': self.findings['human'],
        }


def _published(f: Introduced) -> str:
    """A secret's fingerprint as outputs carry it: slow and salted (findings.publish)."""
    from aiguard.findings import DEFAULT_SALT, published, sensitive
    from aiguard.rules import all_rules

    rule = all_rules().get(f.rule_id)
    if sensitive(f.rule_id, f.category, rule.cwe if rule else None):
        return published(f.fingerprint, DEFAULT_SALT)
    return f.fingerprint


def summarize(h: History) -> dict[str, Any]:
    """The report as one JSON-ready document (the design's keys plus breakdowns)."""
    total = _Tally()
    months: dict[str, _Tally] = defaultdict(_Tally)
    dirs: dict[str, _Tally] = defaultdict(_Tally)
    authors: dict[str, _Tally] = defaultdict(_Tally)
    author_names: dict[str, str] = {}
    tools: dict[str, _Tally] = defaultdict(_Tally)
    by_cat: dict[str, dict[str, int]] = defaultdict(lambda: {'ai': 0, 'human': 0})
    by_sev: dict[str, dict[str, int]] = defaultdict(lambda: {'ai': 0, 'human': 0})
    by_rule: dict[str, dict[str, int]] = defaultdict(lambda: {'ai': 0, 'human': 0})
    review_total = review_ok = 0
    unreviewed: list[str] = []
    in_human_only: list[str] = []
    errors = 0
    for c in h.window:
        rec = h.records[c.oid]
        side = 'ai' if rec.ai_assisted else 'human'
        email = c.author_email.strip().lower() or c.author_name
        author_names.setdefault(email, c.author_name)
        groups = [total, months[_month(c.author_time)], authors[email]]
        if rec.ai_assisted:
            groups.append(tools[rec.tools[0] if len(rec.tools) == 1 else (', '.join(rec.tools) or 'unknown')])
        touched_dirs = {directory_of(p) for p in rec.lines}
        for t in groups:
            t.commits += 1
            t.ai_commits += rec.ai_assisted
            t.lines[side] += sum(rec.lines.values())
            t.findings[side] += len(rec.findings)
        for d in touched_dirs:
            dirs[d].commits += 1
            dirs[d].ai_commits += rec.ai_assisted
        for p, n in rec.lines.items():
            dirs[directory_of(p)].lines[side] += n
        for f in rec.findings:
            dirs[directory_of(f.path)].findings[side] += 1
            by_cat[f.category][side] += 1
            by_sev[f.severity][side] += 1
            by_rule[f.rule_id][side] += 1
        errors += rec.errors
        if rec.ai_assisted:
            if any(h.human_only(p) for p in rec.lines):
                in_human_only.append(c.oid)
            review_total += 1
            if reviewed(h.config, c):
                review_ok += 1
            else:
                unreviewed.append(c.oid)

    lines = total.lines

    def dens(table: dict[str, dict[str, int]]) -> dict[str, Any]:
        return {k: {**v, 'density_ai': _density(v['ai'], lines['ai']),
                    'density_human': _density(v['human'], lines['human'])}
                for k, v in sorted(table.items())}

    remediated = [x for x in h.lives if x.remediated_at is not None]

    def days(items: Iterable[Lifecycle], end: str) -> list[float]:
        out = []
        for x in items:
            stop = getattr(x, end)
            if stop is not None:
                out.append((stop - x.introduced_at) / DAY)
        return out

    def medians(end: str, items: Sequence[Lifecycle]) -> dict[str, float | None]:
        return {
            'all': _median(days(items, end)),
            'ai': _median(days([x for x in items if x.ai_assisted], end)),
            'human': _median(days([x for x in items if not x.ai_assisted], end)),
        }

    window_times = [c.commit_time for c in h.window]
    return {
        'version': 1,
        'tool': {'name': 'aiguard', 'version': __version__},
        'as_of': _iso(h.as_of),
        'history': {
            'head': h.commits[-1].oid if h.commits else None,
            'first': _iso(min(window_times)) if window_times else None,
            'last': _iso(max(window_times)) if window_times else None,
            'merges': sum(1 for c in h.commits if c.is_merge),
            'scanned': h.scanned, 'from_cache': h.cached, 'scan_errors': errors,
        },
        'commits': {'total': total.commits, 'ai_assisted': total.ai_commits,
                    'ai_share': _share(total.ai_commits, total.commits)},
        'lines_added': {'ai': lines['ai'], 'human': lines['human'],
                        'ai_share': _share(lines['ai'], lines['ai'] + lines['human'])},
        'findings_introduced': dict(total.findings),
        'density_per_kloc': {'ai': _density(total.findings['ai'], lines['ai']),
                             'human': _density(total.findings['human'], lines['human'])},
        'by_month': [{'month': k, **v.row()} for k, v in sorted(months.items())],
        'by_directory': [{'directory': k, **v.row()} for k, v in
                         sorted(dirs.items(), key=lambda kv: (-sum(kv[1].lines.values()), kv[0]))],
        'by_author': [{'author': author_names[k], 'email': k, **v.row()} for k, v in
                      sorted(authors.items(), key=lambda kv: (-kv[1].commits, kv[0]))],
        'by_tool': [{'tool': k, **v.row()} for k, v in
                    sorted(tools.items(), key=lambda kv: (-kv[1].commits, kv[0]))],
        'findings_by_category': dens(by_cat),
        'findings_by_severity': dens(by_sev),
        'findings_by_rule': dens(by_rule),
        'remediation': {
            'introduced': len(h.lives),
            'remediated': len(remediated),
            'open': len(h.lives) - len(remediated),
            'aiguard_adopted_at': _iso(h.adopted_at),
            'median_days_to_detection': medians('detected_at', h.lives),
            'median_days_to_remediation': medians('remediated_at', remediated),
        },
        'review': {
            'trailer': h.config.review.trailer,
            'ai_commits': review_total, 'reviewed': review_ok,
            'coverage': _share(review_ok, review_total),
            'unreviewed': unreviewed[-50:],
        },
        'human_only': {'ai_commits': len(in_human_only), 'commits': in_human_only[-50:]},
        'findings': [{
            'rule_id': x.finding.rule_id, 'category': x.finding.category,
            'severity': x.finding.severity, 'path': x.finding.path, 'line': x.finding.line,
            'fingerprint': _published(x.finding), 'commit': x.commit, 'ai_assisted': x.ai_assisted,
            'introduced_at': _iso(x.introduced_at), 'detected_at': _iso(x.detected_at),
            'remediated_at': _iso(x.remediated_at), 'remediated_by': x.remediated_by,
        } for x in h.lives],
    }


# ---------------------------------------------------------------- markdown --

def _pct(x: float | None) -> str:
    return '–' if x is None else f'{x * 100:.1f}%'


def _num(x: float | None) -> str:
    return '–' if x is None else f'{x:g}'


def _md_cell(text: str) -> str:
    return text.replace('|', '\\|').replace('\n', ' ')


def render_markdown(doc: dict[str, Any]) -> str:
    """The report for pull requests and wikis."""
    c, la, fi, de = doc['commits'], doc['lines_added'], doc['findings_introduced'], doc['density_per_kloc']
    rem, rev, hist = doc['remediation'], doc['review'], doc['history']
    out = [
        '# aiguard governance report', '',
        f'History up to `{(hist["head"] or "")[:12]}`, commits from {(hist["first"] or "–")[:10]} to '
        f'{(hist["last"] or "–")[:10]} (as of {doc["as_of"][:10]}).', '',
        '| | AI-assisted | human-only | total |', '|---|---:|---:|---:|',
        f'| commits | {c["ai_assisted"]} ({_pct(c["ai_share"])}) | {c["total"] - c["ai_assisted"]} | {c["total"]} |',
        f'| lines added | {la["ai"]} ({_pct(la["ai_share"])}) | {la["human"]} | {la["ai"] + la["human"]} |',
        f'| findings introduced | {fi["ai"]} | {fi["human"]} | {fi["ai"] + fi["human"]} |',
        f'| findings per 1,000 added lines | {_num(de["ai"])} | {_num(de["human"])} | |',
        '',
        '## Review coverage', '',
        f'{rev["reviewed"]} of {rev["ai_commits"]} AI-assisted commits carry a `{rev["trailer"]}:` '
        f'sign-off from someone other than their author ({_pct(rev["coverage"])}).', '',
        *([f'{doc["human_only"]["ai_commits"]} AI-assisted commit(s) changed human-only paths.', '']
          if doc['human_only']['ai_commits'] else []),
        '## Time to detection and remediation', '',
        f'{rem["introduced"]} findings introduced, {rem["remediated"]} remediated, {rem["open"]} still present. '
        + (f'aiguard adopted (`.aiguard.yaml` added) {rem["aiguard_adopted_at"]}.'
           if rem['aiguard_adopted_at'] else 'aiguard is not configured in this history (no `.aiguard.yaml`).'),
        '', '| median days | all | AI-assisted | human-only |', '|---|---:|---:|---:|',
    ]
    for label, key in (('to detection', 'median_days_to_detection'), ('to remediation', 'median_days_to_remediation')):
        m = rem[key]
        out.append(f'| {label} | {_num(m["all"])} | {_num(m["ai"])} | {_num(m["human"])} |')
    still_open = [f for f in doc['findings'] if f['remediated_at'] is None]
    if still_open:
        out += ['', '## Findings still present', '',
                '| rule | severity | where | introduced | commit | AI-assisted |', '|---|---|---|---|---|---|']
        for f in still_open[:30]:
            out.append(f'| {f["rule_id"]} | {f["severity"]} | `{_md_cell(f["path"])}:{f["line"]}` | '
                       f'{f["introduced_at"][:10]} | `{f["commit"][:10]}` | {"yes" if f["ai_assisted"] else "no"} |')
        if len(still_open) > 30:
            out.append(f'\n{len(still_open) - 30} more in the JSON report.')
    for title, key in (('By severity', 'findings_by_severity'), ('By category', 'findings_by_category'),
                       ('By rule', 'findings_by_rule')):
        table = doc[key]
        if not table:
            continue
        out += ['', f'## Findings introduced: {title.lower()}', '',
                f'| {title.split()[1]} | AI | human | AI per kloc | human per kloc |', '|---|---:|---:|---:|---:|']
        for k, v in table.items():
            out.append(f'| {k} | {v["ai"]} | {v["human"]} | {_num(v["density_ai"])} | {_num(v["density_human"])} |')
    for title, key, label in (('By month', 'by_month', 'month'), ('By directory', 'by_directory', 'directory'),
                              ('By author', 'by_author', 'author'), ('By tool', 'by_tool', 'tool')):
        rows = doc[key]
        if not rows:
            continue
        out += ['', f'## AI adoption: {title.lower()}', '',
                f'| {label} | commits | AI commits | AI lines | human lines | AI line share | findings AI | findings human |',
                '|---|---:|---:|---:|---:|---:|---:|---:|']
        for r in rows[:40]:
            out.append(
                f'| {_md_cell(str(r[label]))} | {r["commits"]} | {r["ai_commits"]} | {r["lines_ai"]} | '
                f'{r["lines_human"]} | {_pct(r["ai_line_share"])} | {r["findings_ai"]} | {r["findings_human"]} |')
        if len(rows) > 40:
            out.append(f'\n{len(rows) - 40} more in the JSON report.')
    out += ['', f'<sub>aiguard {doc["tool"]["version"]}: {hist["scanned"]} commits scanned, '
                f'{hist["from_cache"]} from cache. Definitions: docs/metrics.md.</sub>', '']
    return '\n'.join(out)


# --------------------------------------------------------------------- CLI --

def run(args: Any) -> int:
    """`aiguard report`: compute, render and write the report."""
    from aiguard.commands import config_at

    root = git.toplevel(os.getcwd())
    cfg = config_at(root, args, 'HEAD')  # the committed policy
    since = since_epoch(root, args.since) if args.since else None
    history = collect(root, cfg, since, use_cache=not getattr(args, 'no_cache', False),
                      progress=progress_printer())
    doc = summarize(history)
    if args.format == 'json':
        body = json.dumps(doc, indent=2, ensure_ascii=False) + '\n'
    elif args.format == 'html':
        from aiguard import metrics_html
        body = metrics_html.render(doc)
    else:
        body = render_markdown(doc)
    if args.output:
        with open(args.output, 'w', encoding='utf-8') as f:
            f.write(body)
        c = doc['commits']
        print(f'aiguard: wrote {args.output}: {c["total"]} commits, {c["ai_assisted"]} AI-assisted, '
              f'{sum(doc["findings_introduced"].values())} findings introduced')
    else:
        sys.stdout.write(body)
    if doc['history']['scan_errors']:
        print(f'aiguard: warning: {doc["history"]["scan_errors"]} scanner error(s) while reading history; '
              f'those commits were not cached', file=sys.stderr)
    return 0

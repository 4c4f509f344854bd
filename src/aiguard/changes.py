"""ChangeSet: what a mode selects, with the added line numbers of each file."""
from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator, Sequence

from aiguard import git, records
from aiguard.errors import FatalError
from aiguard.git import CommitInfo

BINARY_SNIFF = 8000
WHOLE = 'W'  # ChangedFile.status of a file read whole, outside any change (all-files, a named unstaged file)


@records.record(frozen=True)
class ChangedFile:
    """One file as it will be committed (or as a commit holds it).

    `added_lines` is None when every line counts (the file is new, or the mode
    scans whole files). A changed file judged by its added lines also has the
    blob it replaces (`old_oid`) and, in `removed_at`, the lines beside each
    place the change deletes lines: what it makes worse elsewhere is found
    against the old version (gate.needs_old_version).
    """

    path: str
    oid: str
    content: bytes
    added_lines: frozenset[int] | None = None
    status: str = 'A'
    old_path: str | None = None
    old_oid: str | None = None
    removed_at: frozenset[int] = frozenset()
    binary: bool = False  # a NUL byte in the first 8000 bytes, not UTF-16/32: `content` is its printable runs

    @functools.cached_property
    def text(self) -> str:
        return self.content.decode('utf-8', 'replace')

    @functools.cached_property
    def lines(self) -> list[str]:
        # git numbers lines at '\n' alone; str.splitlines() also breaks at \f, \v,
        # \x1c-\x1e, \x85, \u2028 and lone \r, which shifts later lines off the diff
        lines = self.text.split('\n')
        if lines[-1] == '':
            lines.pop()
        return [line[:-1] if line.endswith('\r') else line for line in lines]

    def line_text(self, lineno: int) -> str:
        lines = self.lines
        return lines[lineno - 1] if 0 < lineno <= len(lines) else ''

    def counts(self, line: int, end_line: int | None = None) -> bool:
        """True when a finding spanning these lines is part of the change."""
        if self.added_lines is None:
            return True
        last = end_line if end_line and end_line >= line else line
        return any(n in self.added_lines for n in range(line, last + 1))


@records.record(frozen=True)
class Skip:
    """A file (or part of a scan) that was not scanned, and why."""

    path: str
    reason: str
    engine: str = 'all'
    # True when the file should have been scanned and could not be: with
    # fail_closed (the default) that is an error, not a skip.
    failure: bool = False
    # A file over max_file_size that can still be read in pieces (secrets): its blob, or the
    # work tree (an untracked file); and the lines its change adds (None: all)
    oid: str = ''
    work_tree: bool = False
    added_lines: frozenset[int] | None = None

    @property
    def streamable(self) -> bool:
        return bool(self.oid) or self.work_tree

    def to_json(self) -> dict[str, str]:
        reason = self.reason if self.engine == 'all' else f'{self.engine}: {self.reason}'
        return {'path': self.path, 'reason': reason}


@records.record(frozen=True)
class Change:
    """The files of one commit in range mode, or of the pending change."""

    files: tuple[ChangedFile, ...]
    skipped: tuple[Skip, ...] = ()
    commit: CommitInfo | None = None
    # every entry of the change's diff, deletions and excluded paths too (policy files)
    touched: tuple[git.RawEntry, ...] = ()


@records.record(frozen=True)
class ChangeSet:
    """Everything a scan looks at, one Change per commit (one otherwise)."""

    mode: str
    root: str
    changes: tuple[Change, ...]

    @property
    def files(self) -> list[ChangedFile]:
        return [f for c in self.changes for f in c.files]

    @property
    def skipped(self) -> list[Skip]:
        return [s for c in self.changes for s in c.skipped]


@records.record(frozen=True)
class Limits:
    """What not to read: excluded globs and the size limit."""

    max_file_size: int
    excluded: tuple[str, ...] = ()


def is_binary(content: bytes) -> bool:
    """git's own test: a NUL byte in the first 8000 bytes."""
    return b'\0' in content[:BINARY_SNIFF]


_UTF16_BOMS = (b'\xff\xfe', b'\xfe\xff')
_UTF32_BOMS = (b'\xff\xfe\x00\x00', b'\x00\x00\xfe\xff')
# Bytes no text holds: NUL and the C0 controls but \t \n \v \f \r and ESC.
_NOT_TEXT = bytes(range(0, 9)) + bytes(range(14, 27)) + bytes(range(28, 32)) + b'\x7f'
_PRINTABLE = bytes.maketrans(_NOT_TEXT, b' ' * len(_NOT_TEXT))


def unicode_kind(sample: bytes) -> str | None:
    """The codec of UTF-16 or UTF-32 text, known by its BOM or, without one, by where its
    NUL bytes fall (ASCII in UTF-16LE: every odd byte); None for anything else."""
    if sample.startswith(_UTF32_BOMS):
        return 'utf-32'
    if sample.startswith(_UTF16_BOMS):
        return 'utf-16'
    n = len(sample) - len(sample) % 4
    if n < 4 or b'\0' not in sample:
        return None
    nul = [sample[i:n:4].count(0) / (n // 4) for i in range(4)]
    if min(nul[1:]) > 0.9 and nul[0] < 0.5:
        return 'utf-32-le'
    if min(nul[:3]) > 0.9 and nul[3] < 0.5:
        return 'utf-32-be'
    odd, even = (nul[1] + nul[3]) / 2, (nul[0] + nul[2]) / 2
    if odd > 0.5 and even < 0.1:
        return 'utf-16-le'
    if even > 0.5 and odd < 0.1:
        return 'utf-16-be'
    return None


def printable(content: bytes) -> bytes:
    """Binary content as the text a secret could hide in: NUL and control bytes become spaces,
    so printable runs stay apart and every newline stays on the line git counts."""
    return content.translate(_PRINTABLE)


def as_text(content: bytes) -> bytes:
    """What the engines read: the content; UTF-16 or UTF-32 text (with or without a BOM) as
    UTF-8; binary content (a NUL in the first 8000 bytes) as its printable runs."""
    kind = unicode_kind(content[:BINARY_SNIFF])
    if kind is not None:
        content = content.decode(kind, 'replace').encode('utf-8', 'surrogatepass')
    return printable(content) if is_binary(content) else content


def lines_are_gits(content: bytes) -> bool:
    """False for UTF-16 and UTF-32 text, whose newlines git does not count: all of it counts."""
    return unicode_kind(content[:BINARY_SNIFF]) is None


def text_pieces(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """`as_text` for a file read in pieces (one over max_file_size), piece by piece."""
    it = iter(pieces)
    first = next(it, b'')
    kind = unicode_kind(first[:BINARY_SNIFF])
    if kind is None:
        binary = is_binary(first)
        yield printable(first) if binary else first
        for piece in it:
            yield printable(piece) if binary else piece
        return
    import codecs

    decoder = codecs.getincrementaldecoder(kind)('replace')
    yield printable(decoder.decode(first).encode('utf-8', 'surrogatepass'))
    for piece in it:
        yield printable(decoder.decode(piece).encode('utf-8', 'surrogatepass'))
    yield printable(decoder.decode(b'', final=True).encode('utf-8', 'surrogatepass'))


@records.record
class Wanted:
    """A blob a change asks to scan, before it is read."""

    path: str
    oid: str
    mode: str
    added: frozenset[int] | None
    status: str
    old_path: str | None = None
    old_oid: str | None = None
    removed: frozenset[int] = frozenset()


def wanted_from_diff(raw: Sequence[git.RawEntry], added: dict[str, set[int]],
                     removed: dict[str, set[int]] | None = None) -> list[Wanted]:
    """What a diff asks to read: each new or changed path, with the lines it adds (None: all)
    and, from `removed` (git.parse_added_lines), the lines beside what it deletes."""
    wanted = []
    for e in raw:
        if e.status in ('D', 'U'):
            continue  # deleted; unmerged: git refuses to commit it anyway
        lines = None if e.status == 'A' else frozenset(added.get(e.path, ()))
        if e.status == 'T' and e.old_mode in (git.MODE_SYMLINK, git.MODE_SUBMODULE):
            lines = None  # a link became a file: all of it is new
        elif e.status != 'A' and e.path not in added and e.old_oid != e.new_oid:
            lines = None  # new content git showed no lines of (binary to git, as UTF-16 is): all counts
        if lines is None:
            wanted.append(Wanted(e.path, e.new_oid, e.new_mode, lines, e.status, e.old_path))
        else:  # judged by what it adds and what it makes worse: the old version may be asked
            gone = frozenset((removed or {}).get(e.path, ()))
            wanted.append(Wanted(e.path, e.new_oid, e.new_mode, lines, e.status, e.old_path, e.old_oid, gone))
    return wanted


def included(wanted: Sequence[Wanted], limits: Limits) -> list[Wanted]:
    """`wanted` without the excluded paths."""
    if not limits.excluded:
        return list(wanted)
    from aiguard.globs import matches

    return [w for w in wanted if not matches(w.path, limits.excluded)]


def plan(wanted: Sequence[Wanted]) -> tuple[list[Wanted], list[Skip]]:
    """What to read, and what is skipped without reading it (links, submodules); entries
    that neither add nor delete a line (a mode change, a pure rename) drop out."""
    readable: list[Wanted] = []
    skipped: list[Skip] = []
    for w in wanted:
        if w.mode == git.MODE_SUBMODULE:
            skipped.append(Skip(w.path, 'submodule (scan it in its own repository)'))
        elif w.mode == git.MODE_SYMLINK:
            skipped.append(Skip(w.path, 'symbolic link'))
        elif w.added is not None and not w.added and not w.removed:
            continue
        else:
            readable.append(w)
    return readable, skipped


def materialize(readable: Sequence[Wanted], blobs: dict[str, bytes | int], limits: Limits,
                missing_fails: bool = True) -> tuple[list[ChangedFile], list[Skip]]:
    """The files of `readable` from `blobs` (read_blobs), and what cannot be scanned."""
    files: list[ChangedFile] = []
    skipped: list[Skip] = []
    for w in readable:
        content = blobs.get(w.oid)
        if content is None:
            skipped.append(Skip(w.path, 'blob missing from the object database', failure=missing_fails))
        elif isinstance(content, int) or len(content) > limits.max_file_size:
            size = content if isinstance(content, int) else len(content)
            skipped.append(Skip(
                w.path, f'larger than max_file_size ({size} > {limits.max_file_size} bytes)',
                oid=w.oid, added_lines=w.added,
            ))
        else:
            # git numbers lines at 0x0A bytes, not UTF-16 newlines: there all counts
            wide = not lines_are_gits(content)
            added = None if wide else w.added
            files.append(ChangedFile(
                w.path, w.oid, as_text(content), added, w.status, w.old_path,
                w.old_oid if added is not None else None, w.removed if added is not None else frozenset(),
                binary=not wide and is_binary(content),
            ))
    return files, skipped


def _load(root: str, wanted: Sequence[Wanted], limits: Limits,
          ahead: Sequence[str] = ()) -> tuple[list[ChangedFile], list[Skip]]:
    """Read the blobs of `wanted`, skipping what cannot or need not be scanned; `ahead`:
    the oids a `read_ahead` started reading."""
    readable, skipped = plan(included(wanted, limits))
    files, more = materialize(readable, read_blobs(root, readable, limits, ahead), limits)
    return files, skipped + more


# Up to this many blobs are read in one `cat-file --batch` without asking their sizes first.
ONE_READ_MAX_BLOBS = 32


def read_blobs(root: str, wanted: Sequence[Wanted], limits: Limits,
               ahead: Sequence[str] = ()) -> dict[str, bytes | int]:
    """Blob contents by oid, or the size of a blob over the limit (not read); missing ones absent.

    A commit of a few files is read by one git process, stopped if it writes
    more than the files may hold in all; otherwise (or then) the sizes are
    asked first, so a huge blob is never read. The read `read_ahead` started
    serves when it holds every oid asked.
    """
    oids = list(dict.fromkeys(w.oid for w in wanted))
    if ahead and oids and set(oids) <= set(ahead):
        oids = list(ahead)
    if 0 < len(oids) <= ONE_READ_MAX_BLOBS:
        try:
            return dict(git.read_blobs(oids, root, max_output=(limits.max_file_size + 128) * len(oids)))
        except git.OutputTooLarge:
            pass
    sizes = git.blob_sizes(oids, root)
    out: dict[str, bytes | int] = {oid: size for oid, size in sizes.items() if size > limits.max_file_size}
    out.update(git.read_blobs([oid for oid in sizes if oid not in out], root))
    return out


def _from_diff(root: str, base: str, target: str | None, limits: Limits,
               paths: Sequence[str] = (),
               raw: Sequence[git.RawEntry] | None = None) -> tuple[list[ChangedFile], list[Skip]]:
    return _begin(root, base, target, limits, paths, raw).finish()


def between(root: str, base: str, target: str, limits: Limits,
            paths: Sequence[str] = ()) -> tuple[list[ChangedFile], list[Skip]]:
    """What `target` adds against `base` as one diff (a whole range, as a tool scanned its tip)."""
    return _from_diff(root, base, target, limits, paths)


@records.record
class Reading:
    """A diff whose blobs and added lines git is reading (started by `_begin`)."""

    root: str
    base: str
    target: str | None
    limits: Limits
    entries: list[git.RawEntry]
    modified: list[str]  # old and new paths of the changed (not added) entries
    ahead: list[str]  # oids a read_ahead started
    parents: list[str] | None = None  # a merge or an amend: the commits it is judged against (from_parents)
    touched: tuple[git.RawEntry, ...] = ()  # the whole diff, deletions too

    @property
    def paths(self) -> list[str]:
        """The paths that will be read, if their content and the config allow."""
        return [e.path for e in self.entries]

    def finish(self) -> tuple[list[ChangedFile], list[Skip]]:
        """The files, once git has answered."""
        root, base, target, limits, entries = self.root, self.base, self.target, self.limits, self.entries
        removed: dict[str, set[int]] = {}
        added = git.diff_added_lines(base, target, root, self.modified, removed=removed)
        add_opaque_lines(root, base, target, entries, added, limits, removed)
        return _load(root, wanted_from_diff(entries, added, removed), limits, self.ahead)


def add_opaque_lines(root: str, base: str, target: str | None, entries: Sequence[git.RawEntry],
                     added: dict[str, set[int]], limits: Limits,
                     removed: dict[str, set[int]] | None = None) -> None:
    """Into `added`: the lines of changed files git showed none of (a `-diff` attribute,
    UTF-16), asked again as text. Past twice max_file_size each they count whole."""
    opaque = [e for e in entries
              if e.status not in ('A', 'D', 'U') and e.path not in added and e.old_oid != e.new_oid]
    if not opaque:
        return
    paths = [p for e in opaque for p in ((e.old_path, e.path) if e.old_path else (e.path,))]
    try:
        added.update(git.diff_added_lines(
            base, target, root, paths, text=True, max_output=2 * limits.max_file_size * len(opaque),
            removed=removed,
        ))
    except git.OutputTooLarge:
        pass  # they count whole


def _begin(root: str, base: str, target: str | None, limits: Limits, paths: Sequence[str] = (),
           raw: Sequence[git.RawEntry] | None = None) -> Reading:
    """The diff's entries, with the reads of a small change started (git.start): they run
    while the caller does other work until `finish`."""
    if raw is None:
        raw = git.diff_raw(base, target, root, paths)
    entries = [e for e in raw if e.status != 'D']
    modified: list[str] = []
    for e in entries:
        if e.status != 'A':
            # rename detection needs both sides inside the pathspec
            modified.extend((e.old_path, e.path) if e.old_path else (e.path,))
    ahead = read_ahead(root, entries, limits)
    if ahead and modified:
        git.start_diff_added_lines(base, target, root, modified)
    return Reading(root, base, target, limits, entries, modified, ahead, touched=tuple(raw))


def read_ahead(root: str, entries: Sequence[git.RawEntry], limits: Limits) -> list[str]:
    """Start reading the blobs a few changed files may need while their added lines are
    asked (git.start); the oids started, a superset of what `_load` then reads."""
    # with no added lines known yet, every changed file counts whole: none drops out
    readable, _ = plan(included(wanted_from_diff(entries, {}), limits))
    oids = list(dict.fromkeys(w.oid for w in readable))
    if not 0 < len(oids) <= ONE_READ_MAX_BLOBS:
        return []
    git.start_read_blobs(oids, root)
    return oids


def staged_base(root: str) -> str:
    """HEAD, or the empty tree before the first commit."""
    return git.head(root) or git.empty_tree(root)


def staged(root: str, limits: Limits) -> ChangeSet:
    """The index against HEAD: what `git commit` would record."""
    return finish_staged(start_staged(root, limits))


def start_staged(root: str, limits: Limits) -> Reading:
    """`staged` in two steps: the diff now, the files (`finish_staged`) once git has read them;
    a commit hook loads the engines the paths need in between."""
    parents = pending_parents(root)
    if parents is not None:
        return Reading(root, '', None, limits, [], [], [], parents)
    # named `HEAD`, as the diff git.start_commit_hook may have begun already
    return _begin(root, 'HEAD' if git.head(root) else git.empty_tree(root), None, limits)


def finish_staged(reading: Reading) -> ChangeSet:
    if reading.parents is not None:  # a merge or an amend (an empty list: amending the first commit)
        parents = reading.parents or [git.empty_tree(reading.root)]
        files, skipped = from_parents(reading.root, parents, None, reading.limits)
        touched = added_by_all(reading.root, parents, None)
    else:
        files, skipped = reading.finish()
        touched = reading.touched
    return ChangeSet('staged', reading.root, (Change(tuple(files), tuple(skipped), None, touched),))


def pending_parents(root: str) -> list[str] | None:
    """The parents of the commit being made when they are not just HEAD: HEAD and MERGE_HEAD
    while a merge is concluded; HEAD's own when `git commit --amend` runs the hook."""
    merging = git.merge_heads(root)
    if merging:
        return ['HEAD', *merging]
    if amending() and git.head(root):
        return list(git.commit_info('HEAD', root).parents)
    return None


def amending() -> bool:
    """True when this process runs under `git commit --amend`, whose hooks get no argument or
    variable that says so: the command line of the git above us tells (where /proc exists)."""
    pid = os.getppid()
    for _ in range(4):  # git → hook script → pre-commit → aiguard at most
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                argv = f.read(1 << 16).split(b'\0')
            if os.path.basename(argv[0]) in (b'git', b'git.exe'):
                return _amends(argv[1:])
            with open(f'/proc/{pid}/stat', 'rb') as f:  # "pid (name) state ppid ..."
                pid = int(f.read(4096).rpartition(b')')[2].split()[1])
        except (OSError, ValueError, IndexError):
            return False
        if pid <= 1:
            return False
    return False


_GIT_VALUE_OPTIONS = frozenset((b'-c', b'-C', b'--git-dir', b'--work-tree', b'--namespace', b'--exec-path',
                                b'--config-env', b'--super-prefix'))
_AMEND = frozenset((b'--am', b'--ame', b'--amen', b'--amend'))  # parse-options takes unique prefixes


def _amends(args: Sequence[bytes]) -> bool:
    """Whether git arguments are a `commit` with `--amend` (the last of --amend/--no-amend)."""
    rest = iter(args)
    for arg in rest:
        if arg in _GIT_VALUE_OPTIONS:
            next(rest, None)
        elif not arg.startswith(b'-'):
            if arg != b'commit':
                return False
            break
    else:
        return False
    amend = False
    for arg in rest:
        if arg == b'--':
            break
        if arg in _AMEND:
            amend = True
        elif arg == b'--no-amend':
            amend = False
    return amend


def _resolve(ref: str, root: str, what: str) -> str:
    oid = git.resolve_commit(ref, root)
    if oid is None:
        raise FatalError(f'{what} {ref!r} is not a commit in this repository')
    return oid


def range_base(root: str, from_ref: str | None, to_ref: str, remote: str | None = None) -> str | None:
    """The commit whose policy files judge from..to: `from_ref`; for a new branch (none, the
    zero oid of a pre-push, or a commit this repository lacks), the commit where its
    first-parent line reaches what the remote (any remote) already has; None when that line
    starts with a new root commit (the defaults)."""
    if from_ref and not git.is_zero_oid(from_ref):
        if remote is None:
            return _resolve(from_ref, root, '--from-ref')
        found = git.resolve_commit(from_ref, root)
        if found is not None:
            return found
    to_oid = _resolve(to_ref, root, '--to-ref')
    new, boundary = git.first_parent_boundary(to_oid, root, remote)
    if not new:
        return to_oid  # nothing new: the tip's own policy
    return boundary


def commit_range(root: str, from_ref: str | None, to_ref: str, limits: Limits,
                 remote: str | None = None, whole: bool = False) -> ChangeSet:
    """Each commit in from..to, merges included (git.rev_list; `remote`: a push to it;
    `whole`: every commit of to_ref, for a branch that shares no history with another)."""
    to_oid = _resolve(to_ref, root, '--to-ref' if remote is None else 'the pushed object')
    from_oid = None
    if from_ref and not git.is_zero_oid(from_ref):
        if remote is not None:
            from_oid = git.resolve_commit(from_ref, root)  # a force push over a commit not here: None
        else:
            from_oid = _resolve(from_ref, root, '--from-ref')
    changes = []
    for oid in git.rev_list(from_oid, to_oid, root, remote, whole):
        changes.append(commit_change(root, oid, limits))
    return ChangeSet('range', root, tuple(changes))


def commit_change(root: str, rev: str, limits: Limits) -> Change:
    """What one commit added: against its parent; a merge, what none of its parents had."""
    info = git.commit_info(rev, root)
    if len(info.parents) > 1:
        files, skipped = from_parents(root, info.parents, info.oid, limits)
        return Change(tuple(files), tuple(skipped), info, added_by_all(root, info.parents, info.oid))
    base = info.parents[0] if info.parents else git.empty_tree(root)
    reading = _begin(root, base, info.oid, limits)
    files, skipped = reading.finish()
    return Change(tuple(files), tuple(skipped), info, reading.touched)


def added_by_all(root: str, parents: Sequence[str], target: str | None) -> tuple[git.RawEntry, ...]:
    """The diff entries of `target` (a merge, or the index) against its first parent whose
    path differs from every parent: what the merge itself changes (deletions too)."""
    diffs = [{e.path: e for e in git.diff_raw(parent, target, root)} for parent in parents]
    return tuple(e for path, e in diffs[0].items() if all(path in d for d in diffs[1:]))


def from_parents(root: str, parents: Sequence[str], target: str | None, limits: Limits,
                 paths: Sequence[str] = ()) -> tuple[list[ChangedFile], list[Skip]]:
    """What `target` (a merge commit, or the index while a merge is concluded) adds that no
    parent had: a path equal to some parent's version adds nothing (a clean merge adds
    nothing); in the others, the lines added against every parent count (a conflict
    resolution, an evil edit), as the lines a combined diff marks added in every column."""
    if len(parents) == 1:  # an amend: a commit against its parent, old versions and all
        return _from_diff(root, parents[0], target, limits, paths)
    diffs = [{e.path: e for e in git.diff_raw(parent, target, root, paths) if e.status != 'D'}
             for parent in parents]
    differing = [path for path in diffs[0] if all(path in d for d in diffs[1:])]
    lines: dict[str, frozenset[int] | None] = dict.fromkeys(differing)
    by_path: dict[str, Wanted] = {}  # each path as the first parent's diff has it
    for parent, diff in zip(parents, diffs):
        entries = [diff[path] for path in differing]
        modified = [p for e in entries if e.status != 'A' for p in ((e.old_path, e.path) if e.old_path else (e.path,))]
        added = git.diff_added_lines(parent, target, root, modified)
        add_opaque_lines(root, parent, target, entries, added, limits)
        for w in wanted_from_diff(entries, added):
            by_path.setdefault(w.path, w)
            if w.added is not None:
                seen = lines[w.path]
                lines[w.path] = w.added if seen is None else seen & w.added
    wanted = [Wanted(w.path, w.oid, w.mode, lines[w.path], w.status, w.old_path)
              for w in by_path.values() if lines[w.path] is None or lines[w.path]]
    return _load(root, wanted, limits)


def all_files(root: str, limits: Limits) -> ChangeSet:
    """Every tracked file as staged; every line counts."""
    entries = git.ls_files(root)
    return ChangeSet('all-files', root, (_whole(root, entries, limits),))


def _whole(root: str, entries: Sequence[git.IndexEntry], limits: Limits) -> Change:
    wanted = []
    skipped = []
    seen = set()
    for e in entries:
        if e.stage != 0:
            if e.path not in seen:
                skipped.append(Skip(e.path, 'unmerged (resolve the conflict first)'))
                seen.add(e.path)
            continue
        wanted.append(Wanted(e.path, e.oid, e.mode, None, WHOLE))
    files, more = _load(root, wanted, limits)
    return Change(tuple(files), tuple(skipped + more))


def named_paths(root: str, paths: Sequence[str], limits: Limits,
                cwd: str | None = None) -> ChangeSet:
    """Files named on the command line (as pre-commit passes them).

    A named file with staged changes counts only its added lines; one
    without counts whole, so the same hook serves commit and audit.
    Untracked files are read from the work tree. Relative names are taken
    from `cwd` (default: the repository root, where pre-commit runs hooks).
    """
    rel = _relative(root, paths, cwd or root)
    if not rel:
        return ChangeSet('paths', root, (Change(()),))
    base = staged_base(root)
    raw = git.diff_raw(base, None, root, rel)  # one diff and one ls-files serve every question
    parents = pending_parents(root)
    if parents is None:
        staged_files, staged_skips = _from_diff(root, base, None, limits, rel, raw)
    else:  # a merge or an amend: what no parent had
        staged_files, staged_skips = from_parents(root, parents or [git.empty_tree(root)], None, limits, rel)
    staged_entries = {e.path for e in raw}
    listed = git.ls_files(root, rel)
    whole = _whole(root, [e for e in listed if e.path not in staged_entries], limits)
    tracked = staged_entries | {e.path for e in listed}
    untracked_files, untracked_skips = _untracked(root, rel, tracked, limits)
    files = (*staged_files, *whole.files, *untracked_files)
    skipped = (*staged_skips, *whole.skipped, *untracked_skips)
    return ChangeSet('paths', root, (Change(files, skipped, None, tuple(raw)),))


def _relative(root: str, paths: Sequence[str], cwd: str) -> list[str]:
    out = []
    real_root = os.path.realpath(root)
    for p in paths:
        absolute = os.path.normpath(os.path.join(cwd, p))
        rel = os.path.relpath(absolute, root)
        if rel.startswith('..'):
            rel = os.path.relpath(os.path.realpath(absolute), real_root)
        if rel.startswith('..'):
            raise FatalError(f'{p}: outside the repository at {root}')
        out.append('.' if rel == '.' else rel.replace(os.sep, '/'))
    return out


def _untracked(root: str, rel: Sequence[str], tracked: set[str],
               limits: Limits) -> tuple[list[ChangedFile], list[Skip]]:
    from aiguard.globs import matches

    files: list[ChangedFile] = []
    skipped: list[Skip] = []
    for p in rel:
        if p == '.' or p in tracked or any(t.startswith(p.rstrip('/') + '/') for t in tracked):
            continue
        full = os.path.join(root, p)
        if os.path.isdir(full) or (limits.excluded and matches(p, limits.excluded)):
            continue
        if os.path.islink(full):
            skipped.append(Skip(p, 'symbolic link'))
            continue
        try:
            size = os.path.getsize(full)
            if size > limits.max_file_size:
                skipped.append(Skip(p, f'larger than max_file_size ({size} > {limits.max_file_size} bytes)',
                                    work_tree=True))
                continue
            with open(full, 'rb') as f:
                content = f.read()
        except FileNotFoundError:
            raise FatalError(f'{p}: no such file') from None
        except OSError as e:
            skipped.append(Skip(p, f'unreadable: {e.strerror}', failure=True))
            continue
        files.append(ChangedFile(p, '', as_text(content), None, 'A'))
    return files, skipped


def old_versions(root: str, files: Sequence[ChangedFile], limits: Limits) -> dict[str, ChangedFile]:
    """By path, the version each of `files` replaces, whole and at the file's new path (a
    renamed file is compared with what it was); one that cannot be read is left out."""
    wanted = [Wanted(f.path, f.old_oid, '100644', None, 'A') for f in files if f.old_oid]
    if not wanted:
        return {}
    found, _ = materialize(wanted, read_blobs(root, wanted, limits), limits, missing_fails=False)
    return {f.path: f for f in found}

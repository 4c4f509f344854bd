"""Typed wrappers over git plumbing.

Every call uses plumbing or explicit options so the user's git config
(external diff, textconv, noprefix, colour, quotepath) cannot change what we
parse. The index is whatever GIT_INDEX_FILE names, so `git commit -a` and
`git commit --only` are scanned as git will commit them. The work tree is
never written. How git processes are spawned, started ahead and stopped is
in _git_process.py; this module says what to ask git and parses the answer.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence

from aiguard import records
from aiguard._git_process import (  # noqa: F401  (git's API: errors, and the process helpers tests reach)
    _STARTED,
    GitError,
    GitMissing,
    OutputTooLarge,
    _close,
    _collect,
    _git_env,
    _start,
    _stop,
    _stop_started,
    run,
    start,
    subcommand,
)
from aiguard.deadline import check as check_deadline
from aiguard.deadline import remaining
from aiguard.regexes import lazy

ZERO_OID_RE = lazy(r'^0+$')
MODE_SYMLINK = '120000'
MODE_SUBMODULE = '160000'
_DIFF_OPTS = (
    '--no-ext-diff', '--no-textconv', '--no-color',
    '--src-prefix=a/', '--dst-prefix=b/', '-M', '-C',
)


@records.record(frozen=True)
class RawEntry:
    """One line of `git diff --raw`: what happened to one path."""

    old_mode: str
    new_mode: str
    old_oid: str
    new_oid: str
    status: str
    path: str
    old_path: str | None = None


@records.record(frozen=True)
class IndexEntry:
    """One line of `git ls-files -s`."""

    mode: str
    oid: str
    stage: int
    path: str


@records.record(frozen=True)
class CommitInfo:
    """Who made a commit and what it says."""

    oid: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    committer_name: str
    committer_email: str
    author_time: int
    message: str


def cmd_output_b(
        *args: str,
        cwd: str | None = None,
        stdin: bytes | None = None,
        ok_codes: Sequence[int] = (0,),
        max_output: int | None = None,
) -> bytes:
    """Run git with `args`; GitError with git's own first line on failure.

    A call `start` began earlier (same arguments and directory) is not run
    again: its output is taken.
    """
    cmd = ('git', '-c', 'core.quotepath=on', *args)
    try:
        started = _STARTED.pop((cmd, cwd, stdin or b''), None)
        if started is not None:
            returncode, stdout, stderr = _collect(started, max_output)
        else:
            returncode, stdout, stderr = run(cmd, cwd, stdin, _git_env(), max_output)
    except FileNotFoundError:
        raise GitMissing('git is not installed or not on PATH') from None
    except OSError as e:
        raise GitError(f'could not run git: {e.strerror}') from None
    if returncode not in ok_codes:
        err = stderr.decode('utf-8', 'replace').strip().splitlines()
        first = err[0].strip() if err else f'exit status {returncode}'
        raise GitError(f'git {subcommand(args)} failed: {first}')
    return stdout



def start_commit_hook(cwd: str, named: bool) -> None:
    """Start what a pre-commit hook run from `cwd` asks git first: the toplevel
    (commands.repo_and_config) and the staged diff unless files are named
    (changes.staged). At the top of a work tree, where git and pre-commit run
    hooks, each is collected; elsewhere the unused ones are stopped at exit.
    Two at most: with a third, the processes took the core the hook's own
    start-up runs on (~1.5 ms of a docs commit, measured on 2 cores).
    """
    start(*TOPLEVEL_ARGS, cwd=cwd)
    # the committed policy files (policyfiles.object_names('HEAD')): the config comes first
    start(*CAT_BATCH, cwd=cwd, stdin=batch_input(POLICY_OBJECTS))
    if not named:
        start(*diff_raw_args('HEAD', None), cwd=cwd)


VAR_ARGS = ('var', '-l')
# what a commit hook reads first: HEAD's config (either name), baseline and bandit's configuration
# (policyfiles.object_names): bandit's is parsed only when a bandit check finds something
POLICY_OBJECTS = ('HEAD:.aiguard.yaml', 'HEAD:.aiguard.yml', 'HEAD:.aiguard-baseline.json',
                  'HEAD:pyproject.toml', 'HEAD:.bandit')




def stream_blob(oid: str, cwd: str, piece: int = 1 << 20) -> Iterator[bytes]:
    """Blob `oid` in pieces of about `piece` bytes, so a huge one is never held whole;
    git is stopped if the reader stops early or the run's deadline passes."""
    if not hasattr(os, 'posix_spawnp'):  # no streaming spawn here: the whole blob, once
        yield cmd_output_b('cat-file', 'blob', oid, cwd=cwd)
        return
    import select

    p = _start(('git', '-C', cwd, 'cat-file', 'blob', oid), b'', _git_env())
    status = None
    try:
        poller = select.poll()
        poller.register(p.out_r, select.POLLIN)
        held: list[bytes] = []
        size = 0
        while True:
            left = remaining()
            if not poller.poll(None if left is None else max(1, int(left * 1000) + 1)):
                check_deadline()
                continue
            data = os.read(p.out_r, 1 << 16)
            if not data:
                break
            held.append(data)
            size += len(data)
            if size >= piece:
                yield b''.join(held)
                held, size = [], 0
        if held:
            yield b''.join(held)
        err = os.read(p.err_r, 4096)
        status = os.waitpid(p.pid, 0)[1]
    finally:
        if status is None:
            _stop(p)
        _close(p)
    if os.waitstatus_to_exitcode(status) != 0:
        first = err.decode('utf-8', 'replace').strip().splitlines()
        raise GitError(f'git cat-file failed: {first[0] if first else "exit status " + str(status)}')


def cmd_output(*args: str, cwd: str | None = None) -> str:
    return cmd_output_b(*args, cwd=cwd).decode('utf-8', 'surrogateescape')


# toplevel → common git dir and git dir, learned by the same rev-parse that found the toplevel
_COMMON_DIRS: dict[str, str] = {}
_GIT_DIRS: dict[str, str] = {}
# toplevel → HEAD's oid (None before the first commit), also from that rev-parse; taken
# by the first head() call only, since HEAD may move later in a long-lived process
_HEADS: dict[str, str | None] = {}


TOPLEVEL_ARGS = (
    'rev-parse', '--show-toplevel', '--git-common-dir', '--absolute-git-dir', '-q', '--verify', 'HEAD^{commit}',
)


def toplevel(cwd: str | None = None) -> str:
    """The root of the work tree containing `cwd`."""
    try:
        out = cmd_output_b(
            *TOPLEVEL_ARGS, cwd=cwd, ok_codes=(0, 1),  # 1: no commit yet
        ).decode('utf-8', 'surrogateescape').splitlines()
    except GitMissing:
        raise
    except GitError:
        raise GitError(
            'not inside a git repository (run aiguard from a git work tree)',
        ) from None
    if len(out) < 3 or not out[0].strip():
        raise GitError('not inside a git work tree (bare repositories are not supported)')
    root = out[0].strip()
    _COMMON_DIRS[root] = os.path.abspath(os.path.join(cwd or os.getcwd(), out[1].strip()))
    _GIT_DIRS[root] = out[2].strip()
    _HEADS[root] = out[3].strip() if len(out) > 3 and out[3].strip() else None
    return root


def head(cwd: str) -> str | None:
    """HEAD's commit oid, or None before the first commit."""
    if cwd in _HEADS:
        return _HEADS.pop(cwd)
    return resolve_commit('HEAD', cwd)


def git_dir(cwd: str) -> str:
    """The absolute git directory (per worktree)."""
    if cwd in _GIT_DIRS:
        return _GIT_DIRS[cwd]
    return cmd_output('rev-parse', '--absolute-git-dir', cwd=cwd).strip()


def merge_heads(cwd: str) -> list[str]:
    """The commits a merge being concluded joins to HEAD (MERGE_HEAD); empty when none is."""
    try:
        from aiguard.readlimit import TooLarge, read_capped  # a FIFO or device is no MERGE_HEAD

        return read_capped(os.path.join(git_dir(cwd), 'MERGE_HEAD'), 1 << 16).decode('ascii', 'replace').split()
    except (OSError, TooLarge):
        return []


def git_common_dir(cwd: str) -> str:
    """The git directory shared by all worktrees."""
    if cwd in _COMMON_DIRS:
        return _COMMON_DIRS[cwd]
    out = cmd_output('rev-parse', '--git-common-dir', cwd=cwd).strip()
    return os.path.abspath(os.path.join(cwd, out))


def resolve_commit(rev: str, cwd: str) -> str | None:
    """The full oid of `rev` as a commit, or None when it does not exist."""
    out = cmd_output_b(
        'rev-parse', '-q', '--verify', '--end-of-options', f'{rev}^{{commit}}',
        cwd=cwd, ok_codes=(0, 1, 128),
    )
    oid = out.decode().strip()
    return oid or None


def empty_tree(cwd: str) -> str:
    """The empty tree's oid for this repository's hash algorithm."""
    return cmd_output_b(
        'hash-object', '-t', 'tree', '--stdin', cwd=cwd, stdin=b'',
    ).decode().strip()


def unquote_c(s: bytes) -> bytes:
    """Undo git's C-style path quoting ("a\\tb", octal escapes)."""
    if not (s.startswith(b'"') and s.endswith(b'"') and len(s) >= 2):
        return s
    s = s[1:-1]
    out = bytearray()
    i = 0
    simple = {
        ord('n'): b'\n', ord('t'): b'\t', ord('r'): b'\r', ord('"'): b'"',
        ord('\\'): b'\\', ord('a'): b'\a', ord('b'): b'\b', ord('f'): b'\f',
        ord('v'): b'\v',
    }
    while i < len(s):
        c = s[i]
        if c == ord('\\') and i + 1 < len(s):
            nxt = s[i + 1]
            if nxt in simple:
                out += simple[nxt]
                i += 2
                continue
            if 48 <= nxt <= 55 and i + 4 <= len(s):
                out.append(int(s[i + 1:i + 4], 8) & 0xFF)
                i += 4
                continue
        out.append(c)
        i += 1
    return bytes(out)


def decode_path(b: bytes) -> str:
    return b.decode('utf-8', 'surrogateescape')


def parse_raw_z(out: bytes) -> list[RawEntry]:
    """Parse `git diff --raw -z` output."""
    parts = out.split(b'\0')
    entries: list[RawEntry] = []
    i = 0
    while i < len(parts) and parts[i]:
        entry, i = _raw_entry(parts, i)
        entries.append(entry)
    return entries


def parse_raw_log(out: bytes) -> list[tuple[str, list[RawEntry]]]:
    """Parse `git diff-tree --stdin -z --raw` or `git log -z --raw` output: (the header line
    each commit's entries follow, its entries) in order. Paths are taken by position,
    so a path that reads like a commit id is never a header."""
    parts = out.split(b'\0')
    commits: list[tuple[str, list[RawEntry]]] = []
    i = 0
    while i < len(parts):
        tok = parts[i].lstrip(b'\n')  # git log ends a commit's entries with a newline
        if not tok:
            i += 1
        elif tok.startswith(b':'):
            if not commits:
                raise GitError(f'unexpected git --raw output: {tok[:40]!r}')
            parts[i] = tok
            entry, i = _raw_entry(parts, i)
            commits[-1][1].append(entry)
        else:
            commits.append((tok.decode('utf-8', 'replace').strip(), []))
            i += 1
    return commits


def _raw_entry(parts: list[bytes], i: int) -> tuple[RawEntry, int]:
    """The raw entry at parts[i] (its paths follow), and the index past it."""
    meta = parts[i].decode()
    if not meta.startswith(':'):
        raise GitError(f'unexpected git diff --raw output: {meta[:40]!r}')
    old_mode, new_mode, old_oid, new_oid, status = meta[1:].split(' ')
    if status[0] in 'RC':
        return RawEntry(old_mode, new_mode, old_oid, new_oid, status[0],
                        decode_path(parts[i + 2]), decode_path(parts[i + 1])), i + 3
    return RawEntry(old_mode, new_mode, old_oid, new_oid, status[0], decode_path(parts[i + 1]), None), i + 2


_HUNK_RE = re.compile(rb'^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@')


def parse_added_lines(patch: bytes, removed: dict[str, set[int]] | None = None) -> dict[str, set[int]]:
    """Map each new path in a `-U0` patch to the line numbers it adds; into `removed`, the
    new-version lines on either side of each place it deletes lines (0: before the first).

    Hunk bodies are consumed by count, so an added line that itself reads
    `+++ b/x` or `diff --git` cannot be taken for a header.
    """
    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    gone: set[int] | None = None
    old_left = new_left = 0
    lineno = 0
    for raw in patch.split(b'\n'):
        if old_left > 0 or new_left > 0:
            if raw.startswith(b'+'):
                if current is not None:
                    current.add(lineno)
                lineno += 1
                new_left -= 1
            elif raw.startswith(b'-'):
                old_left -= 1
            elif raw.startswith(b' '):
                lineno += 1
                old_left -= 1
                new_left -= 1
            continue
        if raw.startswith(b'+++ '):
            target = raw[4:]
            if target.endswith(b'\t'):
                # git appends a TAB after names that contain a space, quoted or
                # not; a name that itself ends in a TAB is always quoted
                target = target[:-1]
            if target == b'/dev/null':
                current = gone = None
            else:
                name = unquote_c(target)
                if name.startswith(b'b/'):
                    name = name[2:]
                current = added.setdefault(decode_path(name), set())
                gone = removed.setdefault(decode_path(name), set()) if removed is not None else None
        elif raw.startswith(b'@@ '):
            m = _HUNK_RE.match(raw)
            if m is None:
                raise GitError(f'unexpected diff hunk header: {raw[:60]!r}')
            old_left = int(m.group(1)) if m.group(1) is not None else 1
            lineno = int(m.group(2))
            new_left = int(m.group(3)) if m.group(3) is not None else 1
            if old_left and gone is not None:
                # with -U0 a hunk that deletes replaces new lines lineno.. (or sits after lineno when it adds none)
                first = lineno if new_left else lineno + 1
                gone.update((first - 1, first + new_left))
    return added


def diff_raw_args(base: str, target: str | None, paths: Sequence[str] = ()) -> tuple[str, ...]:
    """The git arguments `diff_raw` runs (for `start`)."""
    if target is None:
        args: tuple[str, ...] = ('diff-index', '--cached', '-r', '-z', '--no-abbrev', *_DIFF_OPTS, base)
    else:
        args = ('diff-tree', '-r', '-z', '--no-abbrev', *_DIFF_OPTS, base, target)
    # file names, not patterns: `[ab].py` names that file, not a.py and b.py
    return ('--literal-pathspecs', *args, '--', *paths)


def diff_raw(base: str, target: str | None, cwd: str, paths: Sequence[str] = ()) -> list[RawEntry]:
    """What changed from `base` to `target` (a commit) or to the index (None)."""
    return parse_raw_z(cmd_output_b(*diff_raw_args(base, target, paths), cwd=cwd))


def _added_lines_args(base: str, target: str | None, text: bool) -> list[str]:
    opts = [*_DIFF_OPTS, '--text'] if text else list(_DIFF_OPTS)
    if target is None:
        return ['--literal-pathspecs', 'diff-index', '--cached', '-p', '-U0', *opts, base]
    return ['--literal-pathspecs', 'diff-tree', '-r', '-p', '-U0', *opts, base, target]


# Paths per diff command: keeps each command line well under OS limits on huge changes.
_PATHS_PER_CALL = 500


def diff_added_lines(
        base: str, target: str | None, cwd: str, paths: Sequence[str] = (),
        text: bool = False, max_output: int | None = None, removed: dict[str, set[int]] | None = None,
) -> dict[str, set[int]]:
    """Added line numbers per path from `base` to `target` or the index; with `text`, also
    of files git would call binary (--text); `removed` as parse_added_lines fills it.
    OutputTooLarge past `max_output` bytes."""
    if not paths:
        return {}
    args = _added_lines_args(base, target, text)
    out = b''
    for chunk in _chunks(paths, _PATHS_PER_CALL):
        out += cmd_output_b(*args, '--', *chunk, cwd=cwd, max_output=max_output)
    return parse_added_lines(out, removed)


def start_diff_added_lines(base: str, target: str | None, cwd: str, paths: Sequence[str]) -> None:
    """Start the `diff_added_lines` of the same paths now (see `start`), if it is one call."""
    if 0 < len(paths) <= _PATHS_PER_CALL:
        start(*_added_lines_args(base, target, False), '--', *paths, cwd=cwd)


def _chunks(seq: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def ls_files(cwd: str, paths: Sequence[str] = ()) -> list[IndexEntry]:
    """Every entry of the index (or those matching literal `paths`)."""
    out = cmd_output_b(
        '--literal-pathspecs', 'ls-files', '-s', '-z', '--full-name', '--', *paths, cwd=cwd,
    )
    entries = []
    for rec in out.split(b'\0'):
        if not rec:
            continue
        meta, _, path = rec.partition(b'\t')
        mode, oid, stage = meta.decode().split(' ')
        entries.append(IndexEntry(mode, oid, int(stage), decode_path(path)))
    return entries


def ls_tree(rev: str, cwd: str, paths: Sequence[str] = ()) -> list[IndexEntry]:
    """Every blob of a commit's tree (or those at `paths`)."""
    out = cmd_output_b('ls-tree', '-r', '-z', '--full-tree', rev, '--', *paths, cwd=cwd)
    entries = []
    for rec in out.split(b'\0'):
        if not rec:
            continue
        meta, _, path = rec.partition(b'\t')
        mode, _type, oid = meta.decode().split(' ')
        entries.append(IndexEntry(mode, oid, 0, decode_path(path)))
    return entries


def blob_sizes(oids: Sequence[str], cwd: str) -> dict[str, int]:
    """Size in bytes of each blob; missing objects are left out."""
    if not oids:
        return {}
    out = cmd_output_b(
        'cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)',
        cwd=cwd, stdin=('\n'.join(oids) + '\n').encode(),
    )
    sizes = {}
    for line in out.decode().splitlines():
        parts = line.split(' ')
        if len(parts) == 3 and parts[1] == 'blob':
            sizes[parts[0]] = int(parts[2])
    return sizes


CAT_BATCH = ('cat-file', '--batch')


def batch_input(names: Sequence[str]) -> bytes:
    """`cat-file --batch` input: one object name a line."""
    return ('\n'.join(names) + '\n').encode('utf-8', 'surrogateescape')


def start_read_blobs(oids: Sequence[str], cwd: str) -> None:
    """Start the `read_blobs` of the same oids now (see `start`)."""
    uniq = list(dict.fromkeys(oids))
    if uniq:
        start(*CAT_BATCH, cwd=cwd, stdin=batch_input(uniq))


def read_blobs(oids: Sequence[str], cwd: str, max_output: int | None = None) -> dict[str, bytes]:
    """The content of each blob, read through one `cat-file --batch`; missing ones are left
    out. OutputTooLarge when the contents pass `max_output` bytes."""
    uniq = list(dict.fromkeys(oids))
    if not uniq:
        return {}
    return {k: v for k, (_t, v) in read_objects(uniq, cwd, max_output).items()}


def read_objects(names: Sequence[str], cwd: str,
                 max_output: int | None = None) -> dict[str, tuple[str, bytes]]:
    """(type, content) of each object name (an oid, `REV:path`, `:path` for the index), read
    through one `cat-file --batch`, by the name asked; missing ones are left out.
    OutputTooLarge when the contents pass `max_output` bytes."""
    uniq = list(dict.fromkeys(names))
    if not uniq:
        return {}
    out = cmd_output_b(*CAT_BATCH, cwd=cwd, stdin=batch_input(uniq), max_output=max_output)
    return parse_batch(out, uniq)


def parse_batch(out: bytes, names: Sequence[str]) -> dict[str, tuple[str, bytes]]:
    """`cat-file --batch` output, which answers each input line in order, by input name."""
    found: dict[str, tuple[str, bytes]] = {}
    pos = 0
    for name in names:
        if pos >= len(out):
            break
        nl = out.index(b'\n', pos)
        header = out[pos:nl].decode('utf-8', 'surrogateescape').rsplit(' ', 2)
        pos = nl + 1
        if len(header) != 3 or not header[2].isdigit():  # "<name> missing", "<name> ambiguous"
            continue
        size = int(header[2])
        found[name] = (header[1], out[pos:pos + size])
        pos += size + 1
    return found


class BlobReader:
    """One long-running `git cat-file --batch` that reads blobs in turn, each when it is asked
    for (the report follows many files through history; a process per read costs more)."""

    def __init__(self, cwd: str) -> None:
        import subprocess

        self.proc = subprocess.Popen(('git', *CAT_BATCH), cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=_git_env())

    def read(self, oid: str) -> bytes | None:
        """The blob's content; None when git has no such object."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(oid.encode() + b'\n')
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) != 3:
            return None
        return self.proc.stdout.read(int(header[2]) + 1)[:-1]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


def rev_list(from_ref: str | None, to_ref: str, cwd: str, remote: str | None = None,
             whole: bool = False) -> list[str]:
    """The commits in from..to, merges included, oldest first.

    Without `from_ref` (a new branch), those not on any remote; `whole`: every commit of to. With `remote` (a
    push), those not on that remote: neither `from_ref` (its branch's commit,
    None when this repository lacks it) nor its remote-tracking branches.
    """
    if whole:
        spec = [to_ref]
    elif remote is not None:
        spec = [to_ref, '--not', *([from_ref] if from_ref else []), f'--remotes={_glob_escape(remote)}']
    elif from_ref:
        spec = [f'{from_ref}..{to_ref}']
    else:
        spec = [to_ref, '--not', '--remotes']
    out = cmd_output('rev-list', '--reverse', '--topo-order', *spec, '--', cwd=cwd)
    return out.split()


def first_parent_boundary(to_ref: str, cwd: str, remote: str | None = None) -> tuple[bool, str | None]:
    """Whether `to_ref` has commits the remote (any remote when None) lacks, and the commit
    where its first-parent line reaches what the remote has (None: a new root commit)."""
    spec = f'--remotes={_glob_escape(remote)}' if remote is not None else '--remotes'
    lines = cmd_output('rev-list', '--first-parent', '--boundary', to_ref, '--not', spec, '--', cwd=cwd).split()
    boundary = [line[1:] for line in lines if line.startswith('-')]
    return bool(lines), (boundary[0] if boundary else None)


def _glob_escape(name: str) -> str:
    """`name` matched literally where git takes a glob (--remotes=): a URL may hold * ? [."""
    escaped = re.sub(r'([*?\[\]\\])', r'\\\1', name)
    # git appends the implied /* only to a pattern without glob characters
    return escaped if escaped == name else escaped + '/*'


_COMMIT_FMT = '%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%at%x00%B'


def commit_info(rev: str, cwd: str) -> CommitInfo:
    """Identity and message of one commit."""
    # raw identities: git's log.mailmap would rewrite them from a .mailmap the change itself can edit
    # (and open it even as a FIFO); attribution reads .mailmap itself, bounded
    out = cmd_output_b('log', '-1', '--no-show-signature', '--no-use-mailmap', f'--format={_COMMIT_FMT}', rev, '--',
                       cwd=cwd)
    return _parse_commit(out.decode('utf-8', 'replace'))


def _parse_commit(rec: str) -> CommitInfo:
    oid, parents, an, ae, cn, ce, at, msg = rec.split('\0', 7)
    return CommitInfo(
        oid=oid, parents=tuple(parents.split()), author_name=an, author_email=ae,
        committer_name=cn, committer_email=ce, author_time=int(at or 0),
        message=msg.rstrip('\n') + '\n',
    )


def log_commits(cwd: str, *args: str) -> list[tuple[CommitInfo, int]]:
    """Each commit `git log args` lists (raw identities, as `commit_info`), with its commit time."""
    out = cmd_output_b('log', '-z', '--no-show-signature', '--no-use-mailmap', f'--format=%ct%x00{_COMMIT_FMT}',
                       *args, cwd=cwd).decode('utf-8', 'replace')
    parts = out.split('\0')
    fields = 9
    return [(_parse_commit('\0'.join(parts[i + 1:i + fields])), int(parts[i].strip() or 0))
            for i in range(0, len(parts) - fields + 1, fields)]


def config_get(key: str, cwd: str) -> str | None:
    """One git config value, or None when unset."""
    out = cmd_output_b('config', '--get', key, cwd=cwd, ok_codes=(0, 1))
    val = out.decode('utf-8', 'replace').strip()
    return val or None


def is_zero_oid(ref: str | None) -> bool:
    return bool(ref) and ZERO_OID_RE.match(ref) is not None

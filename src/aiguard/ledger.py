"""The edit ledger: which lines an assistant wrote, recorded by its own edit hooks.

An assistant's post-edit hook (`aiguard agent <assistant> <event>`) calls
`record_edit` with the lines it added. The ledger keeps, per line, a keyed
hash (BLAKE2b with a random per-repository key, so a short line cannot be
found by hashing a dictionary), the path, the tool, a hash of the session id
and the time: never the content. At commit time `match` hashes the lines the
commit adds and finds the ones an assistant wrote, whoever commits them.

Layout, under the git common dir (shared by worktrees, never committed):

    aiguard/ledger/key       32 random bytes, hex (0600)
    aiguard/ledger/edits     append-only records, one line each (below)
    aiguard/ledger/lock      flock: appends share it, compaction takes it alone
    aiguard/ledger/compacted the HEAD the last compaction saw

A record: `1 TAB time TAB tool TAB session TAB path TAB hash,hash,...` with the
path's `%`, tab, CR and LF escaped. Each record is one write() under PIPE_BUF
through O_APPEND, so concurrent hooks never interleave. Compaction (after the
next recorded edit once HEAD moved, or past MAX_BYTES) drops lines that HEAD
holds (committed), records older than MAX_AGE and malformed lines, then the
oldest records until the file is under half of MAX_BYTES; it writes a new
file and renames it over the old, so a reader sees one or the other whole.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping, Sequence

from aiguard import records
from aiguard.errors import FatalError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from aiguard.attribution.model import Signal
    from aiguard.changes import ChangedFile

VERSION = '1'
MAX_AGE = 14 * 24 * 3600  # an edit never committed in two weeks is forgotten
MAX_BYTES = 4 << 20  # compaction brings the file back under half of this
READ_LIMIT = 8 << 20  # a commit reads at most the newest 8 MiB
RECORD_BYTES = 3584  # under PIPE_BUF (4096): one atomic append per record
MIN_CHARS = 6  # shorter lines (`pass`, `}`, `else:`) are everybody's
LOCK_TIMEOUT = 5.0
_KEY_BYTES = 32
_DIGEST = 8


class LedgerError(FatalError):
    """The ledger could not be written (locked too long, unwritable directory)."""


@records.record(frozen=True)
class Entry:
    """Who wrote one line hash of one path, and when."""

    tool: str
    session: str
    time: int


@records.record(frozen=True)
class Reading:
    """The ledger's records for some paths: path -> line hash -> newest entry."""

    lines: Mapping[str, Mapping[str, Entry]]
    key: bytes | None
    problems: tuple[str, ...] = ()


def ledger_dir(root: str) -> str:
    """The ledger's directory under the git common dir (shared by all worktrees)."""
    from aiguard import git

    return os.path.join(git.git_common_dir(root), 'aiguard', 'ledger')


def normalise(line: str) -> bytes | None:
    """The bytes hashed for a line; None when the line is too common to tell anyone's.

    Surrounding whitespace does not count (re-indenting a line keeps it the
    assistant's); a changed character does (the person rewrote it)."""
    text = line.strip()
    if len(text) < MIN_CHARS or not any(c.isalnum() for c in text):
        return None
    return text.encode('utf-8', 'surrogatepass')


def line_hasher(key: bytes) -> Callable[[bytes], str]:
    """A keyed hash of normalised line bytes, as short hex."""
    try:
        from _blake2 import blake2b  # hashlib would load OpenSSL first: ~20 ms of a commit
    except ImportError:
        from hashlib import blake2b

    base = blake2b(key=key, digest_size=_DIGEST, person=b'aiguard-line')

    def digest(data: bytes) -> str:
        h = base.copy()
        h.update(data)
        return h.hexdigest()

    return digest


def _escape(path: str) -> str:
    return path.replace('%', '%25').replace('\t', '%09').replace('\n', '%0A').replace('\r', '%0D')


def _unescape(text: str) -> str:
    return text.replace('%0D', '\r').replace('%0A', '\n').replace('%09', '\t').replace('%25', '%')


def _tool_slug(tool: str) -> str:
    from aiguard.attribution.signals import normalise_tool

    slug = normalise_tool(tool)
    if slug != 'unspecified':
        return slug
    cleaned = ''.join(c if c.isalnum() or c in '.-_' else '-' for c in tool.strip().lower())[:40].strip('-')
    return cleaned or 'unspecified'


def _relative(root: str, path: str) -> str | None:
    """`path` relative to the work tree root, '/'-separated; None when outside it."""
    full = path if os.path.isabs(path) else os.path.join(root, path)
    rel = os.path.relpath(os.path.normpath(full), root)
    if rel.startswith('..'):
        rel = os.path.relpath(os.path.realpath(full), os.path.realpath(root))
    if rel == '.' or rel.startswith('..') or os.path.isabs(rel):
        return None
    return rel.replace(os.sep, '/')


# -- the key -----------------------------------------------------------------------------

def _read_key(directory: str) -> bytes | None:
    """The repository's ledger key, or None when it is missing or not 64 hex digits."""
    try:
        with open(os.path.join(directory, 'key'), 'rb') as f:
            text = f.read(256).strip()
    except OSError:
        return None
    try:
        key = bytes.fromhex(text.decode('ascii'))
    except (UnicodeDecodeError, ValueError):
        return None
    return key if len(key) == _KEY_BYTES else None


def _make_key(directory: str) -> bytes:
    """The key, made once under the exclusive lock: written aside, then linked into place,
    so concurrent first hooks agree on one key and nobody reads a half-written file."""
    key = _read_key(directory)
    if key is not None:
        return key
    lock = _Lock(directory, exclusive=True, timeout=LOCK_TIMEOUT)
    if not lock.acquire():
        raise LedgerError(f'{directory}: the edit ledger stayed locked for {LOCK_TIMEOUT:.0f} s; edit not recorded')
    try:
        key = _read_key(directory)  # another hook may have made it while this one waited
        if key is not None:
            return key
        path = os.path.join(directory, 'key')
        edits = os.path.join(directory, 'edits')
        # records hashed with a lost or damaged key can never match again: kept aside, never read
        for name in (path, edits):
            if os.path.lexists(name):
                os.replace(name, name + '.bad')
        tmp = f'{path}.{os.getpid()}.tmp'
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, os.urandom(_KEY_BYTES).hex().encode() + b'\n')
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another hook was first (no flock on this system): use its key
        finally:
            os.unlink(tmp)
    finally:
        lock.release()
    key = _read_key(directory)
    if key is None:
        raise LedgerError(f'{directory}/key: cannot create the edit ledger key')
    return key


# -- writing -----------------------------------------------------------------------------

class _Lock:
    """flock on the ledger's lock file: shared for appends, exclusive for compaction."""

    def __init__(self, directory: str, exclusive: bool, timeout: float) -> None:
        self.path = os.path.join(directory, 'lock')
        self.exclusive = exclusive
        self.timeout = timeout
        self.fd = -1

    def acquire(self) -> bool:
        try:
            import fcntl
        except ImportError:  # no flock (Windows): appends stay atomic; compact() does not run
            return True
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        mode = (fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self.fd, mode)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(self.fd)
                    self.fd = -1
                    return False
                time.sleep(0.01)

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing drops the flock
            self.fd = -1


def _records(when: int, tool: str, session: str, path: str, hashes: Sequence[str]) -> list[bytes]:
    """The lines to append, each under RECORD_BYTES."""
    head = f'{VERSION}\t{when}\t{tool}\t{session}\t{_escape(path)}\t'
    room = max(RECORD_BYTES - len(head.encode()), _DIGEST * 2 + 1)
    per = max(1, room // (_DIGEST * 2 + 1))
    return [(head + ','.join(hashes[i:i + per]) + '\n').encode('utf-8', 'surrogatepass')
            for i in range(0, len(hashes), per)]


def record_edit(root: str, path: str, added_lines: Sequence[str], tool: str, session: str | None) -> None:
    """Record that `tool` wrote `added_lines` into `path` (relative to `root` or absolute).

    Keeps hashes only; lines too short to tell anyone's are left out; a path
    outside the work tree is ignored. Raises LedgerError (a FatalError) when
    the ledger cannot be written or cleaned up, GitError outside a repository;
    the caller reports it and the assistant's edit stands."""
    rel = _relative(root, path)
    if rel is None:
        return
    directory = ledger_dir(root)
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        key = _make_key(directory)
    except OSError as e:
        raise LedgerError(f'{directory}: cannot write the edit ledger: {e.strerror}') from None
    digest = line_hasher(key)
    hashes = list(dict.fromkeys(
        digest(data) for data in (normalise(line) for line in added_lines) if data is not None))
    if not hashes:
        return
    sess = digest(b'session\0' + session.encode('utf-8', 'surrogatepass')) if session else '-'
    chunks = _records(int(time.time()), _tool_slug(tool), sess, rel, hashes)
    lock = _Lock(directory, exclusive=False, timeout=LOCK_TIMEOUT)
    try:
        if not lock.acquire():
            raise LedgerError(f'{directory}: the edit ledger stayed locked for {LOCK_TIMEOUT:.0f} s; '
                              f'edit not recorded')
        fd = os.open(os.path.join(directory, 'edits'), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            for chunk in chunks:
                os.write(fd, chunk)
        finally:
            os.close(fd)
    except OSError as e:
        raise LedgerError(f'{directory}: cannot write the edit ledger: {e.strerror}') from None
    finally:
        lock.release()
    try:
        _compact_if_due(root, directory)
    except (OSError, FatalError) as e:  # git failed, disk full: the edit is in, the bounds wait
        raise LedgerError(f'{directory}: the edit was recorded, but the ledger clean-up failed: '
                          f'{getattr(e, "strerror", None) or e}') from None


# -- reading -----------------------------------------------------------------------------

def _fields(raw: bytes) -> list[str] | None:
    """(time, tool, session, escaped path, hashes) of one record; None when it is damaged."""
    try:
        parts = raw.decode('utf-8', 'surrogatepass').split('\t')
    except UnicodeDecodeError:
        return None
    if len(parts) != 6 or parts[0] != VERSION or not parts[1].isdigit():
        return None
    return parts[1:]

def _parse(data: bytes, wanted: Iterable[str] | None, now: int,
           ) -> tuple[dict[str, dict[str, Entry]], int]:
    """(path -> hash -> entry, number of malformed records) of the paths `wanted` (all: None)."""
    keep = None if wanted is None else {_escape(p) for p in wanted}
    out: dict[str, dict[str, Entry]] = {}
    bad = 0
    # a last line without its newline is an append still being written: not damage
    for raw in data[:data.rfind(b'\n') + 1].split(b'\n'):
        if not raw:
            continue
        parts = _fields(raw)
        if parts is None:
            bad += 1
            continue
        when_s, tool, session, path, hashes = parts
        if keep is not None and path not in keep:
            continue
        when = int(when_s)
        if now - when > MAX_AGE:
            continue
        per_path = out.setdefault(_unescape(path), {})
        entry = Entry(tool, session, when)
        for h in hashes.split(','):
            if len(h) == _DIGEST * 2:
                per_path[h] = entry
            else:
                bad += 1
                break
    return out, bad


def read(root: str, paths: Iterable[str] | None = None) -> Reading | None:
    """The ledger's records of `paths` (every path: None); None when there is no ledger.

    One read of the newest READ_LIMIT bytes; the problems found (damaged
    records, a missing key, an oversized file) are returned, never hidden."""
    directory = ledger_dir(root)
    try:
        f = open(os.path.join(directory, 'edits'), 'rb')
    except FileNotFoundError:
        return None
    except OSError as e:
        return Reading({}, None, (f'the edit ledger cannot be read ({e.strerror}): its records were not matched',))
    problems = []
    with f:
        size = os.fstat(f.fileno()).st_size
        if size > READ_LIMIT:
            f.seek(size - READ_LIMIT)
            data = f.read(READ_LIMIT)
            data = data[data.find(b'\n') + 1:]  # the first line read is cut
            problems.append(f'the edit ledger holds {size >> 20} MiB, over its {READ_LIMIT >> 20} MiB read '
                            f'limit: its oldest records were not matched')
        else:
            data = f.read()
    if not data.strip():
        return None
    lines, bad = _parse(data, paths, int(time.time()))
    if bad:
        problems.append(f'{bad} damaged edit ledger record(s) were ignored (the next recorded edit rewrites it)')
    key = _read_key(directory)
    if key is None:
        problems.append('the edit ledger key is missing or damaged: its records cannot be matched '
                        '(the next recorded edit sets the ledger aside and starts anew)')
    return Reading(lines, key, tuple(problems))


@records.record(frozen=True)
class Match:
    """The added lines of a change that one tool wrote, by the ledger."""

    tool: str
    lines: int
    files: int
    sessions: int
    verified: bool = True  # False: the key is lost, `files` hold records that cannot be checked


def match(root: str, files: Sequence[ChangedFile]) -> tuple[list[Match], int, tuple[str, ...]] | None:
    """(per-tool matches, countable added lines, problems) of a change; None without a ledger.

    A line matches when its keyed hash was recorded for the same path (or the
    path a rename came from) and has not expired."""
    wanted = {f.path for f in files} | {f.old_path for f in files if f.old_path}
    if not wanted:
        return None
    reading = read(root, wanted)
    if reading is None:
        return None
    if not reading.lines:
        return [], 0, reading.problems
    if reading.key is None:
        return _unverified(reading), 0, reading.problems
    digest = line_hasher(reading.key)
    found: dict[str, list[Entry]] = {}
    per_file: dict[str, set[str]] = {}
    countable = 0
    for f in files:
        recorded = {**reading.lines.get(f.old_path or '', {}), **reading.lines.get(f.path, {})}
        lines = f.lines
        numbers = range(1, len(lines) + 1) if f.added_lines is None else sorted(f.added_lines)
        for n in numbers:
            data = normalise(lines[n - 1]) if 0 < n <= len(lines) else None
            if data is None:
                continue
            countable += 1
            entry = recorded.get(digest(data)) if recorded else None
            if entry is not None:
                found.setdefault(entry.tool, []).append(entry)
                per_file.setdefault(entry.tool, set()).add(f.path)
    matches = [Match(tool, len(entries), len(per_file[tool]), len({e.session for e in entries}))
               for tool, entries in sorted(found.items(), key=lambda kv: -len(kv[1]))]
    return matches, countable, reading.problems


def _unverified(reading: Reading) -> list[Match]:
    """Per tool, the paths with records that a lost key leaves unchecked."""
    paths: dict[str, set[str]] = {}
    for path, entries in reading.lines.items():
        for entry in entries.values():
            paths.setdefault(entry.tool, set()).add(path)
    return [Match(tool, 0, len(p), 0, False) for tool, p in sorted(paths.items())]


LEDGER_WEIGHT = 90


def evidence(root: str, files: Sequence[ChangedFile]) -> list[Signal]:
    """Attribution signals from the ledger: one per tool whose lines the change adds, and a
    note (weight 0) for each problem, so a damaged ledger is never a silent pass."""
    from aiguard.attribution.model import Signal
    from aiguard.attribution.signals import TOOLS

    found = match(root, files)
    if found is None:
        return []
    matches, countable, problems = found
    out = []
    for m in matches:
        if not m.verified:
            out.append(Signal(
                f'ledger:{m.tool}', LEDGER_WEIGHT,
                f'the edit ledger holds {TOOLS.get(m.tool, m.tool)} edits of {m.files} of these files but its '
                f'key is missing or damaged: they cannot be told from other lines, so they count as written '
                f'by the assistant', m.tool, False, 'ledger'))
            continue
        sessions = f', {m.sessions} sessions' if m.sessions > 1 else ''
        out.append(Signal(
            f'ledger:{m.tool}', LEDGER_WEIGHT,
            f'{m.lines} of {countable} added lines were written by {TOOLS.get(m.tool, m.tool)} '
            f'(edit ledger: {m.files} file{"s" if m.files > 1 else ""}{sessions})',
            m.tool, False, 'ledger'))
    if problems:
        out.append(Signal('warning:ledger', 0, '; '.join(problems), None, False, 'warning'))
    return out


# -- compaction --------------------------------------------------------------------------

def _head_state(directory: str) -> str:
    try:
        with open(os.path.join(directory, 'compacted'), encoding='ascii') as f:
            return f.read(200).strip()
    except (OSError, UnicodeDecodeError):
        return ''


def _compact_if_due(root: str, directory: str) -> None:
    from aiguard import git

    head = git.resolve_commit('HEAD', root) or 'none'
    try:
        size = os.path.getsize(os.path.join(directory, 'edits'))
    except OSError:
        return
    state = _head_state(directory).split()
    stale = len(state) != 2 or not state[1].isdigit() or time.time() - int(state[1]) > 24 * 3600
    if size > MAX_BYTES or stale or state[0] != head:
        compact(root, head)


def _committed_hashes(root: str, head: str, paths: Sequence[str], digest: Callable[[bytes], str],
                      ) -> dict[str, set[str]]:
    """The line hashes of each path as HEAD holds it."""
    from aiguard import git

    if head == 'none' or not paths:
        return {}
    entries = {}
    for chunk in range(0, len(paths), 200):
        out = git.cmd_output_b('--literal-pathspecs', 'ls-tree', '-z', '--full-tree', head, '--',
                               *paths[chunk:chunk + 200], cwd=root)
        for rec in out.split(b'\0'):
            meta, _, name = rec.partition(b'\t')
            fields = meta.decode().split(' ')
            if len(fields) == 3 and fields[1] == 'blob':
                entries[git.decode_path(name)] = fields[2]
    blobs = git.read_blobs(list(entries.values()), root)
    out_hashes: dict[str, set[str]] = {}
    for path, oid in entries.items():
        text = blobs.get(oid, b'').decode('utf-8', 'replace')
        out_hashes[path] = {digest(d) for d in (normalise(ln) for ln in text.split('\n')) if d is not None}
    return out_hashes


def compact(root: str, head: str | None = None) -> None:
    """Rewrite the ledger without committed lines, expired or damaged records, and within
    its size bound; skipped when another hook holds the lock (the next edit retries)."""
    from aiguard import git

    if os.name != 'posix':
        return  # without flock a rename could drop a concurrent append: the size and age bounds wait
    directory = ledger_dir(root)
    head = head or git.resolve_commit('HEAD', root) or 'none'
    lock = _Lock(directory, exclusive=True, timeout=0.5)
    if not lock.acquire():
        return
    try:
        path = os.path.join(directory, 'edits')
        try:
            with open(path, 'rb') as f:
                data = f.read()
        except FileNotFoundError:
            return
        key = _read_key(directory)
        kept = _kept_records(root, head, data, key)
        from aiguard import atomic

        atomic.write(path, b''.join(kept), 0o600)
        with open(os.path.join(directory, 'compacted'), 'w', encoding='ascii') as f:
            f.write(f'{head} {int(time.time())}\n')
    finally:
        lock.release()


def _kept_records(root: str, head: str, data: bytes, key: bytes | None) -> list[bytes]:
    """The records compaction keeps, oldest first, within half of MAX_BYTES."""
    if key is None:
        return []  # hashes under a lost key can never match again
    now = int(time.time())
    records_: list[tuple[str, str, str, str, list[str]]] = []
    for raw in data.split(b'\n'):
        parts = _fields(raw)
        if parts is None or now - int(parts[0]) > MAX_AGE:
            continue
        hashes = parts[4].split(',')
        if all(len(h) == _DIGEST * 2 for h in hashes):
            records_.append((parts[0], parts[1], parts[2], _unescape(parts[3]), hashes))
    paths = sorted({r[3] for r in records_})
    committed = _committed_hashes(root, head, paths, line_hasher(key))
    out: list[bytes] = []
    for when, tool, session, path, hashes in records_:
        left = [h for h in hashes if h not in committed.get(path, ())]
        if left:
            out.extend(_records(int(when), tool, session, path, left))
    total = sum(len(r) for r in out)
    start = 0
    while total > MAX_BYTES // 2 and start < len(out):
        total -= len(out[start])
        start += 1
    return out[start:]

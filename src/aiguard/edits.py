"""What an assistant's edit added: each file's work tree against its index version, scanned at the AI tier."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from aiguard import changes, git, records
from aiguard.attribution import Attribution
from aiguard.changes import Change, ChangedFile, ChangeSet, Skip
from aiguard.config import Config
from aiguard.scan import ScanRequest, ScanResult, run_changeset


@records.record
class EditedFile:
    """One edited file: what it now holds and the lines the edit added (None: all of them)."""

    path: str
    content: bytes
    added_lines: frozenset[int] | None

    def added_text(self) -> list[str]:
        """The text of the added lines, as the ledger hashes them."""
        lines = self.content.decode('utf-8', 'replace').split('\n')
        if lines and lines[-1] == '':
            lines.pop()
        lines = [line[:-1] if line.endswith('\r') else line for line in lines]
        if self.added_lines is None:
            return lines
        return [lines[n - 1] for n in sorted(self.added_lines) if 0 < n <= len(lines)]


def _worktree_diff_args(paths: Sequence[str], base: str | None = None) -> tuple[str, ...]:
    extra = (base,) if base else ()
    return ('--literal-pathspecs', 'diff', '-p', '-U0', '--no-ext-diff', '--no-textconv', '--no-color',
            '--src-prefix=a/', '--dst-prefix=b/', *extra, '--', *paths)


def _status(root: str, paths: Sequence[str]) -> dict[str, str]:
    """Path -> 'modified', 'staged' (work tree equals the index, which differs from HEAD),
    'untracked', 'ignored' or 'unmerged'; unchanged files are absent."""
    out = git.cmd_output_b('--literal-pathspecs', 'status', '--porcelain=v2', '-z', '--untracked-files=all',
                           '--ignored=matching', '--no-renames', '--', *paths, cwd=root)
    states: dict[str, str] = {}
    for rec in out.split(b'\0'):
        if not rec:
            continue
        kind = rec[:1]
        if kind in (b'?', b'!'):
            states[git.decode_path(rec[2:])] = 'untracked' if kind == b'?' else 'ignored'
        elif kind == b'1':
            fields = rec.split(b' ', 8)
            xy = fields[1].decode()
            states[git.decode_path(fields[8])] = 'modified' if xy[1] != '.' else 'staged'
        elif kind == b'u':
            states[git.decode_path(rec.split(b' ', 10)[10])] = 'unmerged'
    return states


def edited_files(root: str, paths: Sequence[str], limits: changes.Limits) -> tuple[list[EditedFile], list[Skip]]:
    """The files at `paths` (relative to `root`) as the work tree holds them, with the lines that
    are not in their index version; untracked files count whole, ignored ones are not committed."""
    from aiguard.globs import matches

    wanted = sorted(set(paths))
    if not wanted:
        return [], []
    git.start(*_worktree_diff_args(wanted), cwd=root)  # runs beside `git status`
    states = _status(root, wanted)
    added = git.parse_added_lines(git.cmd_output_b(*_worktree_diff_args(wanted), cwd=root))
    staged = [p for p in wanted if states.get(p) == 'staged']
    if staged and git.head(root):
        added.update(git.parse_added_lines(git.cmd_output_b(*_worktree_diff_args(staged, 'HEAD'), cwd=root)))
    files: list[EditedFile] = []
    skipped: list[Skip] = []
    for path in wanted:
        state = states.get(path)
        if state in (None, 'ignored'):
            continue  # unchanged, or never committed
        if state == 'unmerged':
            skipped.append(Skip(path, 'unmerged (resolve the conflict first)'))
            continue
        if limits.excluded and matches(path, limits.excluded):
            continue
        full = os.path.join(root, path)
        if os.path.islink(full) or not os.path.isfile(full):
            continue
        try:
            if os.path.getsize(full) > limits.max_file_size:
                skipped.append(Skip(path, f'larger than max_file_size ({limits.max_file_size} bytes)'))
                continue
            with open(full, 'rb') as f:
                content = f.read()
        except OSError as e:
            skipped.append(Skip(path, f'unreadable: {e.strerror}', failure=True))
            continue
        lines: frozenset[int] | None = None
        if state != 'untracked':
            if path not in added:
                continue  # only deletions, or nothing git can number (binary)
            lines = frozenset(added[path])
        files.append(EditedFile(path, content, lines))
    return files, skipped


def blob_id(content: bytes) -> str:
    """The content's git blob id (SHA-1 form): a cache and fingerprint key for a work-tree file."""
    return hashlib.sha1(b'blob %d\0' % len(content) + content).hexdigest()  # noqa: S324 - git's own id


def scan(root: str, config: Config, files: Sequence[EditedFile], skipped: Sequence[Skip],
         attribution: Attribution) -> ScanResult:
    """The commit hook's engines, config and gate over what the edit added, at `attribution`'s tier."""
    changed: list[ChangedFile] = []
    more: list[Skip] = list(skipped)
    for f in files:
        # binary content is read as its printable runs; UTF-16/32 lines are not git's: all counts
        lines = f.added_lines if changes.lines_are_gits(f.content) else None
        changed.append(ChangedFile(f.path, blob_id(f.content), changes.as_text(f.content), lines,
                                   'A' if lines is None else 'M'))
    cs = ChangeSet('paths', root, (Change(tuple(changed), tuple(more)),))
    request = ScanRequest(mode='paths', use_cache=False, attribution=attribution)
    return run_changeset(root, config, request, cs)

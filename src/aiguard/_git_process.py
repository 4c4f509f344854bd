"""How git.py runs git: processes spawned directly, started ahead, fed and read without
blocking, stopped at the run's deadline. Private to git.py, which re-exports what others use."""
from __future__ import annotations

import errno
import os
from collections.abc import Mapping, Sequence

from aiguard.deadline import check as check_deadline
from aiguard.deadline import expired, remaining
from aiguard.errors import FatalError


class GitError(FatalError):
    """git failed or is missing; the message is one line."""


class GitMissing(GitError):
    """No git program to run."""


class OutputTooLarge(GitError):
    """git's output passed the limit the caller set; git was stopped."""


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    # Our parsing needs stable, untranslated output; never page or prompt.
    env.update(LC_ALL='C', GIT_PAGER='cat', GIT_TERMINAL_PROMPT='0')
    env.pop('GIT_EXTERNAL_DIFF', None)
    return env



def subcommand(args: Sequence[str]) -> str:
    """The git command `args` run (`diff-tree`), past the options before it (`-c k=v`, `--literal-pathspecs`)."""
    rest = iter(args)
    for arg in rest:
        if arg in ('-c', '-C'):
            next(rest, None)
        elif not arg.startswith('-'):
            return arg
    return 'git'


# (command, cwd, input) -> a git process started ahead by `start`, not yet collected
_STARTED: dict[tuple[tuple[str, ...], str | None, bytes], _Started] = {}


def start(*args: str, cwd: str | None = None, stdin: bytes = b'') -> None:
    """Start `git args` now, to run on another core while this process imports and
    reads; `cmd_output_b` with the same arguments later collects it. A hook knows
    its first questions before it has loaded the code that asks them. Nothing is
    started where git is not spawned directly; a failure to start is left for
    the real call to report; processes never collected are stopped at exit.
    """
    cmd = ('git', '-c', 'core.quotepath=on', *args)
    if not hasattr(os, 'posix_spawnp') or (cmd, cwd, stdin) in _STARTED:
        return
    if cwd is not None and not os.path.isdir(cwd):
        return
    try:
        started = _start(('git', '-C', cwd, *cmd[1:]) if cwd is not None else cmd, stdin, _git_env())
    except OSError:
        return
    if not _STARTED:
        import atexit

        atexit.register(_stop_started)
    _STARTED[(cmd, cwd, stdin)] = started



def _stop_started() -> None:
    while _STARTED:
        _stop(_STARTED.popitem()[1])


def run(cmd: Sequence[str], cwd: str | None, stdin: bytes | None,
        env: Mapping[str, str], max_output: int | None = None) -> tuple[int, bytes, bytes]:
    """(exit status, stdout, stderr) of a git command; stdin is empty unless given.
    OutputTooLarge (and git stopped) when stdout passes `max_output` bytes.

    On POSIX this spawns git directly: `subprocess` costs every hook run ~4 ms to
    import (locale, threading, selectors), more than the git process itself.
    """
    if cmd[0] != 'git' or not hasattr(os, 'posix_spawnp'):
        import subprocess

        try:
            proc = subprocess.run(cmd, cwd=cwd, input=stdin or b'', capture_output=True, env=env,
                                  timeout=remaining())
        except subprocess.TimeoutExpired:
            raise expired() from None
        if max_output is not None and len(proc.stdout) > max_output:
            raise OutputTooLarge(f'git {subcommand(cmd[1:])} wrote more than {max_output} bytes')
        return proc.returncode, proc.stdout, proc.stderr
    if cwd is not None:
        if not os.path.isdir(cwd):
            raise NotADirectoryError(errno.ENOTDIR, f'not a directory: {cwd}')
        cmd = ('git', '-C', cwd, *cmd[1:])  # posix_spawn has no cwd; git -C is the same
    return _collect(_start(cmd, stdin or b'', env), max_output)


class _Started:
    """A spawned git: its pid, the parent's ends of its pipes, the input not yet written."""

    __slots__ = ('cmd', 'pid', 'in_w', 'out_r', 'err_r', 'todo')

    def __init__(self, cmd: Sequence[str], pid: int, in_w: int, out_r: int, err_r: int,
                 todo: memoryview) -> None:
        self.cmd, self.pid, self.in_w, self.out_r, self.err_r, self.todo = cmd, pid, in_w, out_r, err_r, todo


def _start(cmd: Sequence[str], stdin: bytes, env: Mapping[str, str]) -> _Started:
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    # os.pipe() descriptors are close-on-exec; the child keeps only the dup2 copies
    actions = [(os.POSIX_SPAWN_DUP2, in_r, 0), (os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)]
    try:
        # not os.fork: measured end to end, the copy-on-write faults a forked child leaves
        # this process cost a commit hook more (~1.5 ms) than posix_spawn's wait for exec
        pid = os.posix_spawnp(cmd[0], list(cmd), env, file_actions=actions)
    except BaseException:
        for fd in (in_r, in_w, out_r, out_w, err_r, err_w):
            os.close(fd)
        raise
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    todo = memoryview(stdin)
    if todo:
        # what the pipe takes now is written now, so git can start on it at once
        os.set_blocking(in_w, False)
        try:
            todo = todo[os.write(in_w, todo[:65536]):]
        except (BlockingIOError, BrokenPipeError):
            pass
    if not todo:
        os.close(in_w)
        in_w = -1
    return _Started(cmd, pid, in_w, out_r, err_r, todo)


def _collect(p: _Started, max_output: int | None) -> tuple[int, bytes, bytes]:
    """Wait for a started git, feeding its input and reading its output."""
    import select

    in_w, out_r, err_r, todo = p.in_w, p.out_r, p.err_r, p.todo
    chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
    poller = select.poll()
    poller.register(out_r, select.POLLIN)
    poller.register(err_r, select.POLLIN)
    if in_w >= 0:
        poller.register(in_w, select.POLLOUT)
    open_reads = 2
    received = 0
    status = None
    try:
        while open_reads:
            left = remaining()  # a stalled git ends the run at its deadline, signal or not
            events = poller.poll(None if left is None else max(1, int(left * 1000) + 1))
            if not events and left is not None:
                check_deadline()
            for fd, event in events:
                if fd == in_w:
                    try:
                        todo = todo[os.write(in_w, todo[:65536]):]
                    except BrokenPipeError:  # git stopped reading: its exit status tells why
                        todo = todo[:0]
                    except BlockingIOError:
                        continue
                    if not todo:
                        poller.unregister(in_w)
                        os.close(in_w)
                        in_w = p.in_w = -1
                    continue
                data = os.read(fd, 1 << 16) if event & (select.POLLIN | select.POLLHUP) else b''
                if data:
                    chunks[fd].append(data)
                    if fd == out_r:
                        received += len(data)
                        if max_output is not None and received > max_output:
                            raise OutputTooLarge(f'git {subcommand(p.cmd[1:])} wrote more than {max_output} bytes')
                else:
                    poller.unregister(fd)
                    open_reads -= 1
        status = os.waitpid(p.pid, 0)[1]
    finally:
        if status is None:  # a timeout or ^C: do not leave git running
            _stop(p)
        _close(p)
    return os.waitstatus_to_exitcode(status), b''.join(chunks[out_r]), b''.join(chunks[err_r])


def _stop(p: _Started) -> None:
    from aiguard.deadline import signals

    try:
        os.kill(p.pid, signals().SIGKILL)
        os.waitpid(p.pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    _close(p)


def _close(p: _Started) -> None:
    for name in ('in_w', 'out_r', 'err_r'):
        fd = getattr(p, name)
        if fd >= 0:
            os.close(fd)
            setattr(p, name, -1)


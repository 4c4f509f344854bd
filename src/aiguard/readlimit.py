"""Bounded reads of the files aiguard reads for itself (config, baseline, caches, messages)."""
from __future__ import annotations

import errno
import os
import stat


class TooLarge(ValueError):
    """The file holds more than the caller allows."""


class NotRegularFile(OSError):
    """A device, FIFO or socket where a file was expected: never read (/dev/zero never ends)."""


def read_capped(path: str, limit: int) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most `limit` of them.

    OSError when it cannot be opened, is a directory (IsADirectoryError) or is not a
    regular file (NotRegularFile); TooLarge past `limit` bytes. A FIFO is opened without
    blocking, so it cannot hang the run.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0) | getattr(os, 'O_CLOEXEC', 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, 'is a directory')
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EINVAL, 'not a regular file')
        if st.st_size > limit:
            raise TooLarge(f'larger than {limit} bytes')
        chunks = []
        left = limit + 1  # one more than allowed tells a file that grew while read
        while left > 0:
            data = os.read(fd, min(left, 1 << 20))
            if not data:
                break
            chunks.append(data)
            left -= len(data)
    finally:
        os.close(fd)
    out = b''.join(chunks)
    if len(out) > limit:
        raise TooLarge(f'larger than {limit} bytes')
    return out

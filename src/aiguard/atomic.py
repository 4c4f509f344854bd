"""Whole-file writes of the files aiguard keeps (baseline, caches, ledger, agent settings)."""
from __future__ import annotations

import os


def write(path: str, data: bytes | str, mode: int | None = None) -> None:
    """Write `data` (str as UTF-8) to `path` whole or not at all: a temporary file beside it,
    then a rename, so a reader (another hook run) sees the old file or the new one, never half.
    `mode` sets the permissions before the file takes the name; the temporary file is removed
    when the write fails."""
    tmp = f'{path}.{os.getpid()}.tmp'
    try:
        with open(tmp, 'wb') as f:
            f.write(data.encode('utf-8') if isinstance(data, str) else data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise

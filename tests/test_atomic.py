"""atomic.write: a file aiguard keeps is replaced whole or left as it was."""
from __future__ import annotations

import os
import stat

import pytest

from aiguard import atomic


def test_writes_text_and_bytes_and_sets_the_mode(tmp_path) -> None:
    path = str(tmp_path / 'baseline.json')
    atomic.write(path, 'ünïcode\n')
    assert open(path, 'rb').read() == 'ünïcode\n'.encode()
    atomic.write(path, b'\x00raw', 0o600)
    assert open(path, 'rb').read() == b'\x00raw'
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert os.listdir(tmp_path) == ['baseline.json']


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path) -> None:
    path = str(tmp_path / 'edits')
    atomic.write(path, b'old')
    with pytest.raises(UnicodeEncodeError):
        atomic.write(path, 'half \udc80 written')  # fails after the temporary file is open
    assert open(path, 'rb').read() == b'old'
    assert os.listdir(tmp_path) == ['edits']

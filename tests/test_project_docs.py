"""The project's own documents keep the promises its metadata and docs make."""
from __future__ import annotations

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(name: str) -> str:
    with open(os.path.join(ROOT, name), encoding='utf-8') as f:
        return f.read()


def test_the_license_file_is_the_licence_the_metadata_names() -> None:
    declared = re.search(r'^license = "([^"]+)"', read('pyproject.toml'), re.MULTILINE)
    assert declared is not None and declared.group(1) == 'MIT'
    text = read('LICENSE')
    assert text.startswith('MIT License\n')
    assert re.search(r'^Copyright \(c\) \d{4} aiguard contributors$', text, re.MULTILINE)
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text

"""aiguard drives bandit's node visitor and plugin modules directly (scanners/python.py), which a
bandit release may change: pyproject.toml pins the range the Python engine's tests have passed on,
and a bandit outside it is named as untested (.ci/newest-bandit runs the tests on the newest)."""
from __future__ import annotations

import importlib.metadata
import os
import re

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = os.path.join(os.path.dirname(__file__), '..')


def pinned_range() -> Requirement:
    with open(os.path.join(ROOT, 'pyproject.toml'), encoding='utf-8') as f:
        (spec,) = re.findall(r'^\s*"(bandit[^"]*)"', f.read(), re.MULTILINE)
    return Requirement(spec)


def test_the_pin_is_a_closed_range() -> None:
    # an open upper bound would let the next minor release, untested, reach every commit
    operators = {s.operator for s in pinned_range().specifier}
    assert operators == {'>=', '<'}, pinned_range()


def test_the_installed_bandit_is_in_the_tested_range() -> None:
    installed = Version(importlib.metadata.version('bandit'))
    spec = pinned_range().specifier
    assert spec.contains(installed), (
        f'bandit {installed} is outside the tested range {spec}: run the Python engine tests on it '
        f'(.ci/newest-bandit) and widen the pin in pyproject.toml only when they pass')

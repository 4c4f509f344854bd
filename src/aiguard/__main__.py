from __future__ import annotations

from aiguard.cli import entry

entry()

"""aiguard: git hooks that govern AI-assisted changes."""
from __future__ import annotations

__version__ = "0.1.0"

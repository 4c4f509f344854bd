"""The one error type that is the user's problem, not a bug."""
from __future__ import annotations


class FatalError(RuntimeError):
    """A clean one-line message for the user; the CLI turns it into exit 2."""

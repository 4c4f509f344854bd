"""Content heuristics on the added lines: weak hints, capped, never decisive alone.

No vendor documents these; they come from "slop" linters and have real
false positives (docstrings, prompt templates, .env.example files), so each
kind counts once and together they add at most CONTENT_CAP (25) points.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from aiguard.attribution.model import Signal
from aiguard.changes import ChangedFile
from aiguard.globs import matches
from aiguard.regexes import lazy

_PROSE_FILES = ('*.md', '*.markdown', '*.rst', '*.txt', '*.adoc', '*.ipynb', '*.mdx')
_EXAMPLE_FILES = ('*.example', '*.sample', '*.template', '.env.example', '*.dist', 'docs/**', 'examples/**')
_MAX_LINES = 5000  # per file
_BUDGET = 20000  # lines per change: a hint is not worth more time on a huge change

# (name, weight, pattern, reason, applies to prose files too)
HEURISTICS: tuple[tuple[str, int, re.Pattern[str], str, bool], ...] = (
    ('content:markdown-fence', 10, lazy(r'^\s*```[\w+-]*\s*$'),
     'a leftover markdown fence (```) in source code', False),
    ('content:assistant-chatter', 10, lazy(
        r"\b(Here'?s the (updated|modified|complete|revised|corrected|full)|Here is the (updated|modified|"
        r"complete|revised|corrected)|Certainly!|As an AI\b|I'?ve (updated|modified|refactored) the)",
        re.IGNORECASE), 'assistant chat text ("Here\'s the updated…", "Certainly!") in source code', False),
    ('content:edit-placeholder', 10, lazy(
        r'(//|#|/\*|<!--)\s*\.\.\.\s*(existing|rest of( the)?|remaining|previous|other) (code|imports|'
        r'methods|functions|implementation)', re.IGNORECASE),
     'an edit-format leftover ("// ... existing code ...")', True),
    ('content:stub-marker', 5, lazy(
        r'(TODO: implement\b|#\s*Add your (code|logic) here|//\s*Add your (code|logic) here|'
        r'pass\s*#\s*placeholder|Implementation goes here)', re.IGNORECASE),
     'a stub marker ("TODO: implement", "Add your code here")', False),
    ('content:placeholder-credential', 5, lazy(
        r'(your[-_]?(api[-_]?key|token|secret|password)[-_]?here|YOUR_API_KEY|<your[-_ ]?(api[-_ ]?key|'
        r'token|secret)>|\bsk-x{8,}|["\']changeme["\'])', re.IGNORECASE),
     'a placeholder credential ("your-api-key-here", "YOUR_API_KEY")', False),
)


# A literal each line must hold for the heuristic's regex to match it: most lines skip the regex.
_NEEDLES = {'content:edit-placeholder': '...'}


def _added(f: ChangedFile) -> Iterable[str]:
    if f.added_lines is None:
        return f.lines[:_MAX_LINES]
    return (f.line_text(n) for n in sorted(f.added_lines)[:_MAX_LINES])


def content_signals(files: Sequence[ChangedFile]) -> list[Signal]:
    """One signal per heuristic that fires somewhere in the added lines."""
    found: dict[str, Signal] = {}
    budget = _BUDGET
    for f in files:
        if budget <= 0:
            break
        prose = matches(f.path, _PROSE_FILES)
        example = matches(f.path, _EXAMPLE_FILES)
        for line in _added(f):
            budget -= 1
            for name, weight, pattern, reason, in_prose in HEURISTICS:
                if name in found or (prose and not in_prose):
                    continue
                if name == 'content:placeholder-credential' and example:
                    continue
                needle = _NEEDLES.get(name)
                if needle is not None and needle not in line:
                    continue
                if pattern.search(line):
                    found[name] = Signal(name, weight, f'{reason}: {f.path}', None, False, 'content')
            if len(found) == len(HEURISTICS):
                return list(found.values())
    return list(found.values())

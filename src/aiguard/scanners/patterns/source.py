"""What a structural check reads (Source), returns (Hit), and how it registers (`@check`)."""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from aiguard import records

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    from typing import Any


@records.record(frozen=True)
class Hit:
    """Where a check found something (1-based), with an optional detail for the message."""

    line: int
    column: int = 1
    end_line: int | None = None
    detail: str = ''
    key: str = ''  # what a file-level hit is about (Finding.key): '' for a line's own problem


@records.record(frozen=True)
class Source:
    """One file's text as the rules see it: lines joined with '\\n', so offsets map to line numbers."""

    path: str
    lines: Sequence[str]
    text: str
    starts: Sequence[int]

    @classmethod
    def of(cls, path: str, lines: Sequence[str]) -> Source:
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        return cls(path, lines, '\n'.join(lines), starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ''

    def at(self, mark: Any) -> tuple[int, int]:
        """git's (line, column) of a YAML mark: YAML also ends lines at a lone CR, NEL and U+2028."""
        return self.position(mark.index)

    def has(self, needle: str) -> bool:
        """True when the text holds `needle` (cached: packs share needles)."""
        cache = self._cache('has')
        if needle not in cache:
            cache[needle] = needle in self.text
        return cache[needle]

    def lines_with(self, needle: str) -> list[int]:
        """0-based numbers of the lines holding `needle`, found with str.find (cached)."""
        cache = self._cache('lines')
        if needle not in cache:
            found = []
            text, starts = self.text, self.starts
            i = text.find(needle) if self.has(needle) else -1
            while i >= 0:
                n = bisect.bisect_right(starts, i) - 1
                found.append(n)
                i = text.find(needle, starts[n + 1]) if n + 1 < len(starts) else -1
            cache[needle] = found
        return cache[needle]

    def _cache(self, name: str) -> dict[str, Any]:
        return self.__dict__.setdefault(f'_{name}', {})  # frozen, but caches are not state


CheckFn = Callable[[Source], Iterable[Hit]]
CHECKS: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Register a structural check that rules name with `check: <name>`."""
    def register(fn: CheckFn) -> CheckFn:
        CHECKS[name] = fn
        return fn
    return register


def check_named(name: str, pack: str) -> CheckFn | None:
    """The check `name` a rule of `pack` names; it lives in the module named after the pack
    (patterns-k8s: patterns/k8s.py), imported only when a rule of that pack needs it."""
    if name not in CHECKS:
        _import_checks(pack)
    return CHECKS.get(name)


def all_checks() -> dict[str, CheckFn]:
    """Every registered check by name, each pack's check module imported."""
    from aiguard.scanners.pattern_files import PACKS

    for pack in PACKS:
        _import_checks(pack)
    return CHECKS


def _import_checks(pack: str) -> None:
    module = f'aiguard.scanners.patterns.{pack.removeprefix("patterns-")}'
    try:
        __import__(module)
    except ModuleNotFoundError as e:
        if e.name != module:
            raise  # a check module that fails to import is a bug, not a pack without checks


# A check looks at no more than this many candidates per file: generated or
# hostile files with thousands of them cost a bounded amount of time.
MAX_CANDIDATES = 300


def _capped(matches: Iterable[re.Match[str]]) -> Iterator[re.Match[str]]:
    for n, m in enumerate(matches):
        if n >= MAX_CANDIDATES:
            return
        yield m

"""A file's text as the secret layers read it (offsets to lines), and a hit in it."""
from __future__ import annotations

import bisect
import re

from aiguard import records
from aiguard.scanners import secret_filters as filters


@records.record
class _Hit:
    rule: str  # rule id
    start: int
    end: int
    value: str
    key: str
    span_end: int | None = None  # offset of the last character for multi-line findings


class _Text:
    """A file's text with offset → line/column lookups."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.kind = filters.path_kind(path)
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer('\n', self.text)]
        return self._starts

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def around(self, offset: int, reach: int = 200) -> str:
        """The line holding `offset`, cut to `reach` characters either side (minified files)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        lo = max(self.starts[i], offset - reach)
        end = self.text.find('\n', offset, offset + reach)
        return self.text[lo: end if end >= 0 else min(len(self.text), offset + reach)]

    def line_at(self, offset: int) -> str:
        i = bisect.bisect_right(self.starts, offset) - 1
        end = self.text.find('\n', self.starts[i])
        return self.text[self.starts[i]: end if end >= 0 else len(self.text)]

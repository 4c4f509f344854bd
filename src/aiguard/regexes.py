"""Regexes compiled on first use.

A commit hook imports modules holding ~60 regexes and uses a handful (a docs
change never asks whether a line is a Python stub marker); compiling them all
cost ~2.5 ms of every run. `lazy()` stands in for `re.compile()` at module
level: the pattern is compiled the first time a method is looked up, and the
compiled pattern's methods then become plain attributes, so hot loops pay
nothing for the indirection.
"""
from __future__ import annotations

import re

_METHODS = ('search', 'match', 'fullmatch', 'finditer', 'findall', 'sub', 'subn', 'split')


class LazyRegex:
    """A re.Pattern stand-in that compiles itself when first used; `compiled` is the re.Pattern.

    `where` names a rule-pack key the pattern came from: a bad pattern is then a
    RuleDataError that names it, raised when it is first used (tests compile all).
    """

    def __init__(self, pattern: str | bytes, flags: int = 0, where: str = '') -> None:
        self._source = pattern
        self._flags = flags
        self._where = where

    def __getattr__(self, name: str) -> object:
        if name.startswith('__'):
            raise AttributeError(name)  # copy/pickle probes: not a pattern method
        try:
            compiled = re.compile(self._source, self._flags)
        except re.error as e:
            if not self._where:
                raise
            from aiguard.rules import RuleDataError

            raise RuleDataError(f'{self._where} is not a regex: {e}') from None
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        for attr in ('pattern', 'flags', 'groups', 'groupindex'):
            setattr(self, attr, getattr(compiled, attr))
        self.compiled = compiled
        return compiled if name == 'compiled' else getattr(compiled, name)

    def __repr__(self) -> str:
        return f'lazy({self._source!r}, {self._flags})'


def lazy(pattern: str | bytes, flags: int = 0, where: str = '') -> re.Pattern:
    """Like re.compile(pattern, flags), compiled when first used; see LazyRegex for `where`."""
    return LazyRegex(pattern, flags, where)  # type: ignore[return-value]

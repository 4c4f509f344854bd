r"""Work counted, not timed: a test's bound on effort holds the same on a busy machine as on an idle one.

CPython's regex engine (sre) checks for pending signals every 4096 steps of its main loop, and the
interpreter checks at Python calls and loop back-edges. Here a signal is kept pending while the
measured code runs, and each time it is handled counts one unit of work: one per 4096 regex
steps, and one per Python call or loop iteration. The count is a deterministic function of the
code and its input. Past a budget the count raises BudgetExceeded inside the measured code, so a
runaway regex fails a test at once instead of hanging it.

sre repeats a single character (`\s*`, `[a-z]+`, `.*`) in a fast inner loop that its main loop
does not count: `every_step` gives the same regex with each repeated item in a capturing group,
which sre runs through its main loop, so that those steps count too.

The handler is a call: code that recurses until RecursionError would meet the limit inside the
handler, as a ctypes.ArgumentError it does not expect. Such code is measured with `calls`, which
counts function calls through sys.setprofile and leaves RecursionError as it is (regex steps
are not counted there).
"""
from __future__ import annotations

import ctypes
import functools
import itertools
import operator
import re
import signal
import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar('T')
SIGNAL = signal.SIGUSR1
REGEX_STEPS_PER_UNIT = 4096  # sre's signal-check interval (Modules/_sre/sre_lib.h)


class BudgetExceeded(Exception):
    """The measured code did more work than its budget."""


class _Converter:
    """The handler's argument converter, all in C (a Python frame would count against the
    recursion limit of the code measured): each call takes the next signal to raise again
    from `signals`; something not a number, once the budget is spent, makes the call fail."""

    def __init__(self, signals: Iterator[object]) -> None:
        self.from_param = functools.partial(next, signals)


_SPENT = object()  # not a number: ctypes refuses it, and the measured code stops with an ArgumentError
# The handler is C's raise(): the signal is pending again as soon as it is handled, with no
# Python frame in between in which the interpreter could handle it a second time.
_raise = getattr(ctypes.CDLL(None), 'raise')
_raise.restype = ctypes.c_int


class _Ignored:
    """The handler's second argument, the frame: passed on as a number raise() does not read."""

    from_param = id


def _convert(signals: Iterator[object]) -> None:
    _raise.argtypes = (_Converter(signals), _Ignored)  # called as handler(signum, frame)


def work(run: Callable[[], T], budget: int) -> tuple[int, T]:
    """(units of work `run` did, what it returned); BudgetExceeded once it passes `budget` units."""
    units = itertools.repeat(SIGNAL, budget)
    _convert(itertools.chain(units, itertools.repeat(_SPENT)))
    old = signal.signal(SIGNAL, _raise)
    try:
        _raise(SIGNAL, None)
        result = run()
    except ctypes.ArgumentError:
        if operator.length_hint(units):
            raise
        raise BudgetExceeded(f'more than {budget} units of work') from None
    finally:
        _convert(itertools.repeat(0))  # raise(0) sends nothing: the signal stops being pending
        signal.signal(SIGNAL, old)
    return budget - operator.length_hint(units), result


def calls(run: Callable[[], T], budget: int) -> tuple[int, T]:
    """(Python and C function calls `run` made, what it returned); BudgetExceeded past `budget` calls."""
    made = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal made
        if event in ('call', 'c_call'):
            made += 1
            if made > budget:
                raise BudgetExceeded(f'more than {budget} calls')

    sys.setprofile(count)
    try:
        result = run()
    finally:
        sys.setprofile(None)
    return made, result


def regex_work(pat: re.Pattern, subject: str | bytes, budget: int) -> int:
    """Units of work (4096 regex steps each) to find every match of `pat` in `subject`."""
    return work(lambda: pat.findall(subject), budget)[0]


if sys.version_info >= (3, 11):
    from re import _compiler as sre_compile
    from re import _constants as sre_constants
    from re import _parser as sre_parse
else:
    import sre_compile
    import sre_constants
    import sre_parse

_REPEATS = tuple(getattr(sre_constants, n) for n in ('MAX_REPEAT', 'MIN_REPEAT', 'POSSESSIVE_REPEAT')
                 if hasattr(sre_constants, n))


def every_step(pat: re.Pattern) -> re.Pattern:
    """`pat` with every repeated item in a capturing group: it matches the same text the same way,
    and every step of a repetition passes through sre's main loop, where regex_work counts it."""
    parsed = sre_parse.parse(pat.pattern, pat.flags)
    state = parsed.state

    def walk(sub: sre_parse.SubPattern) -> None:
        for i, (op, av) in enumerate(sub.data):
            if op in _REPEATS:
                low, high, item = av
                walk(item)
                group = state.opengroup()
                wrapped = sre_parse.SubPattern(state, [(sre_constants.SUBPATTERN, (group, 0, 0, item))])
                state.closegroup(group, wrapped)
                sub.data[i] = (op, (low, high, wrapped))
            elif op is sre_constants.SUBPATTERN:
                walk(av[-1])
            elif op is sre_constants.BRANCH:
                for branch in av[1]:
                    walk(branch)
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                walk(av[1])
            elif op is sre_constants.GROUPREF_EXISTS:
                walk(av[1])
                if av[2] is not None:
                    walk(av[2])
            elif op is getattr(sre_constants, 'ATOMIC_GROUP', None):
                walk(av)

    walk(parsed)
    return sre_compile.compile(parsed, pat.flags)

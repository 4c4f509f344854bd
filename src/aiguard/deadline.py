"""The run's deadline (`timeout` in .aiguard.yaml): past it the run ends, exit 2, nothing passed.

SIGALRM interrupts Python code (an engine, a check); git reads bound their
wait by `remaining()`, so a stalled git ends the run too, in any thread.
"""
from __future__ import annotations

import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DEFAULT_SECONDS = 600  # `timeout` when .aiguard.yaml sets none


class ScanTimeout(BaseException):
    """The run passed its deadline. A BaseException: no check's or engine's
    `except Exception` can swallow it and let the run pass late."""


# While a deadline is armed: [expires (time.monotonic()), seconds]; empty otherwise.
_armed: list[float] = []
# Once the deadline has passed: [when the run must be over although ScanTimeout was swallowed].
_backstop: list[float] = []
GRACE_SECONDS = 5  # after the deadline, for ScanTimeout to reach the top before the process just ends
# While any deadline is open: [when the outermost began, whether it set a SIGALRM handler, the one replaced].
_outer: list[object] = []


def remaining() -> float | None:
    """Seconds left (0 once passed), None without a deadline."""
    if not _armed:
        return None
    return max(0.0, _armed[0] - time.monotonic())


def check() -> None:
    """ScanTimeout once the deadline has passed, wherever the alarm's raise went."""
    if _armed and time.monotonic() >= _armed[0]:
        raise expired()


def expired() -> ScanTimeout:
    """The error that ends a run past its deadline; from now the alarm is the backstop."""
    if not _backstop:
        _backstop.append(time.monotonic() + GRACE_SECONDS)
        _set_alarm()
    return ScanTimeout(_message())


def _message() -> str:
    seconds = _armed[1] if _armed else 0
    return f'scan did not finish within {seconds:g} s (timeout in .aiguard.yaml); nothing was passed'


def _on_alarm(signum: int, frame: object) -> None:
    if _backstop and time.monotonic() >= _backstop[0]:
        # ScanTimeout was caught and the run went on (a bare `except:` in a check): end it here
        import os

        os.write(2, f'aiguard: error: {_message()}\n'.encode())
        os._exit(2)
    if _armed:
        raise expired()


class deadline:  # noqa: N801 - used like a function: `with deadline(seconds):`
    """Raise ScanTimeout `seconds` after the outermost deadline began (0: none).

    Nested, the inner one sets the run's timeout (the config's, once read),
    counted from when the outer began; on exit the outer's is back. The alarm
    is POSIX main thread only; git reads honour `remaining()` in any thread.
    A class rather than @contextmanager: contextlib costs every hook run ~1 ms.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.outer = False
        self.before: list[float] = []

    def __enter__(self) -> deadline:
        if not _outer:
            self.outer = True
            _outer[:] = [time.monotonic(), *_install_handler()]
        self.before = list(_armed)
        began = float(_outer[0])  # type: ignore[arg-type]
        _armed[:] = [began + self.seconds, self.seconds] if self.seconds > 0 else []
        _set_alarm()
        return self

    def __exit__(self, *exc: object) -> None:
        _armed[:] = self.before
        _set_alarm()
        if self.outer:
            _, installed, old = _outer
            _outer.clear()
            _backstop.clear()
            if installed:
                signals().signal(signals().SIGALRM, old)


def set_timeout(seconds: float) -> None:
    """The open deadline becomes `seconds` (0: none) after it began: the config's timeout, once read."""
    if not _outer:
        return
    _armed[:] = [float(_outer[0]) + seconds, seconds] if seconds > 0 else []  # type: ignore[arg-type]
    _set_alarm()


def signals() -> Any:
    """The signal functions and numbers. `_signal` is what `signal` wraps; importing
    `signal` itself builds its enums, ~1.2 ms of every commit hook (measured)."""
    try:
        import _signal as found  # type: ignore[import-not-found]  # no stub: it is the C half of `signal`
    except ImportError:  # an interpreter without CPython's module layout
        import signal as found
    return found


def _install_handler() -> tuple[bool, object]:
    """(True, the SIGALRM handler replaced), or (False, None) where no alarm can be set."""
    signal = signals()
    if not hasattr(signal, 'setitimer'):
        return False, None
    try:
        return True, signal.signal(signal.SIGALRM, _on_alarm)
    except ValueError:  # not the main thread
        return False, None


def _set_alarm() -> None:
    """The alarm at the armed deadline, or off, where the outermost deadline set a handler."""
    if not _outer or not _outer[1]:
        return
    signal = signals()
    left = remaining()
    if left is not None and _backstop:
        left = _backstop[0] - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, 0 if left is None else max(left, 0.001))

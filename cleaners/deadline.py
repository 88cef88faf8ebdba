"""The per-input time limit, shared by `clean_html` and `clean_text`.

Work is checked against a `Deadline` between stages. The stage that cannot be
checked from outside, trafilatura's extraction, runs under `interrupt_after`: on
the main thread of a Unix process a SIGALRM timer raises `ExtractionTimeout` inside
it, and fires again every 50 ms in case a broad `except` inside the library
swallows it. Elsewhere (worker threads, Windows) the check after the stage is what
stops the page; the pruning before it keeps that stage small.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from cleaners.errors import ExtractionTimeout

_REFIRE = 0.05


class Deadline:
    """The moment by which one page must be done."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._end - time.monotonic()

    def check(self) -> None:
        """Raise `ExtractionTimeout` when the time is up."""
        if self.remaining() <= 0:
            raise ExtractionTimeout(self.seconds)


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def interrupt_after(deadline: Deadline) -> Iterator[None]:
    """Run the block, interrupting it with `ExtractionTimeout` when the time is up."""
    deadline.check()
    if not _can_alarm() or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield  # someone else owns the timer, or we are not allowed one
        deadline.check()
        return

    def _raise(_signum: int, _frame: FrameType | None) -> None:
        raise ExtractionTimeout(deadline.seconds)

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, max(deadline.remaining(), 0.001), _REFIRE)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    deadline.check()

"""One run at a time: an exclusive `fcntl` lock on a file beside the state database.

The kernel drops the lock when the process ends, however it ends (SIGKILL included),
so a crashed run never leaves a stale lock behind. The holder writes its pid into the
file (and clears it when done) so that a second run can say who holds the lock.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from scraper.errors import RunLocked, StateError

# A holder writes its pid just after taking the lock; a run that finds the lock taken
# waits this long at most for that pid to appear (it is only for the message).
PID_WAIT = 2.0


def lock_path(state: Path) -> Path:
    return state.with_name(state.name + ".lock")


@contextmanager
def run_lock(state: Path) -> Iterator[None]:
    """Hold the run lock for `state` for the block; raise `RunLocked` if it is taken."""
    path = lock_path(state)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StateError(f"{path}: cannot open lock file: {error.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            who = f" (pid {holder})" if holder else ""
            raise RunLocked(f"another run is active on {state}{who}") from None
        with suppress(OSError):  # the pid is for the message only (a full disk: none)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            with suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def _holder(fd: int) -> int | None:
    """The pid of the live process holding the lock, once it has written it."""
    deadline = time.monotonic() + PID_WAIT
    while True:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if text.isdigit() and _alive(int(text)):
            return int(text)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.01)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True

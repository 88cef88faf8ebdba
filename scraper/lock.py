"""One run at a time: an exclusive `fcntl` lock on a file beside the state database.

The kernel drops the lock when the process ends, however it ends (SIGKILL included),
so a crashed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scraper.errors import RunLocked, StateError


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
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            who = f" (pid {holder})" if holder else ""
            raise RunLocked(f"another run is active on {state}{who}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)

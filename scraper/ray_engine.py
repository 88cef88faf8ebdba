"""Ray as the engine's executor: work runs as Ray tasks on a cluster, or on a local one.

    with ray_executor(address="head:6379") as executor:      # None: a local instance
        async for result in extract_pages(pages, executor=executor): ...
        executor.submit(run_shard, shard, ...)       # what `--engine ray` submits

`RayExecutor` is a `concurrent.futures.Executor` like `local_executor`'s pool: each
`submit(fn, *args)` is one Ray task calling `fn(*args)` in a worker process, its
future the task's. Ray reuses a worker process for later tasks, and the cleaners are
loaded (warmed up) once per process, before its first task. A task whose worker dies
(killed, out of memory) is retried once by Ray, then its future fails.

The executor connects at its first task, so a run with nothing to do starts nothing.
With no address a local Ray instance is started (`workers` CPUs, no dashboard) and
stopped at `shutdown`; in a process already connected to Ray (`ray.init` called by
the program or a test) that connection is used and left open. Ray is the extra
`ray`: without it, `ConfigError` says `pip install 'scraper[ray]'`.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Any

from scraper.errors import ConfigError
from scraper.extras import require

# A task whose worker process died is run once more before its future fails.
TASK_RETRIES = 1


class RayExecutor(Executor):
    """Runs each submitted call as a Ray task; see the module docstring."""

    def __init__(self, *, address: str | None = None, workers: int | None = None) -> None:
        self._address = address
        self._workers = workers
        self._task: Any = None
        self._started = False
        self._pending: list[Any] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if self._task is None:
            self._task = self._remote_call()
        ref = self._task.remote(fn, args, kwargs)
        self._pending.append(ref)
        future: Future[Any] = ref.future()
        return future

    def _remote_call(self) -> Any:
        import ray

        if not ray.is_initialized():
            _connect(self._address, self._workers)
            self._started = True
        return ray.remote(max_retries=TASK_RETRIES)(_call)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Cancel the tasks not finished when `cancel_futures` (Ctrl-C, an error), and
        stop the local instance or leave the cluster that this executor connected to."""
        import ray

        if cancel_futures:
            for ref in self._pending:
                ray.cancel(ref, force=True)
        self._pending = []
        self._task = None
        if self._started:
            self._started = False
            ray.shutdown()


def _call(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """In a Ray worker: the cleaners warmed up once per process, then the call."""
    _warmed()
    return fn(*args, **kwargs)


@functools.cache
def _warmed() -> None:
    from scraper.engine import warm_up

    warm_up()


@contextmanager
def ray_executor(*, address: str | None = None, workers: int | None = None) -> Iterator[Executor]:
    """A `RayExecutor` for the block, on the cluster at `address` (None: a local
    instance of `workers` CPUs, or the connection this process already has); work not
    finished when the block ends by an error or Ctrl-C is cancelled."""
    require("ray", "ray")
    executor = RayExecutor(address=address, workers=workers)
    try:
        yield executor
    except BaseException:
        executor.shutdown(cancel_futures=True)
        raise
    executor.shutdown()


def _connect(address: str | None, workers: int | None) -> None:
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report from a CLI run
    options: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,  # workers write nothing we want on stderr
        "logging_level": logging.ERROR,
    }
    try:
        if address is None:
            ray.init(address="local", num_cpus=workers, **options)
        else:
            _reachable(address)
            ray.init(address=address, **options)
    except Exception as error:  # Ray's own errors: no cluster there, a version mismatch
        where = f"at {address}" if address else "locally"
        reason = " ".join(str(error).split()) or type(error).__name__
        if isinstance(error, OSError):
            reason = error.strerror or reason
        raise ConfigError(f"cannot start Ray {where}: {reason}") from None


# Ray's client retries an unreachable cluster for minutes, printing a warning every few
# seconds; a HOST:PORT (or ray://HOST:PORT) that refuses a connection is said at once.
PROBE_SECONDS = 5


def _reachable(address: str) -> None:
    """Raise `OSError` unless something listens at `address`'s HOST:PORT (`auto` and
    other forms are left to Ray)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    with socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_SECONDS):
        pass

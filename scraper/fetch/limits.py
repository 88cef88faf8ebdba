"""Politeness: a global cap, a per-host cap, and spacing between requests to a host."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class _Host:
    def __init__(self, per_host: int, delay: float) -> None:
        self.slots = asyncio.Semaphore(per_host)
        self.delay = delay
        self.next_start = 0.0

    async def wait_turn(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        start = max(now, self.next_start)
        self.next_start = start + self.delay
        if start > now:
            await asyncio.sleep(start - now)


class HostLimits:
    """`turn(host)`: wait for a host slot, the host's delay, then a global slot."""

    def __init__(self, *, concurrency: int, per_host: int, delay: float) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._delay = delay
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        if host not in self._hosts:
            self._hosts[host] = _Host(self._per_host, self._delay)
        return self._hosts[host]

    def slow_down(self, host: str, delay: float) -> None:
        """Space requests to `host` by `delay` seconds when that is longer than now."""
        entry = self._host(host)
        entry.delay = max(entry.delay, delay)

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        entry = self._host(host)
        async with entry.slots:
            await entry.wait_turn()
            async with self._global:
                yield

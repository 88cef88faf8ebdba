"""Politeness: a global cap, a per-host cap, and spacing between requests to a host.

The per-host cap and the spacing are kept in this process, or also, given a
`HostPacer`, by it: cooperating workers share one (`scraper.state.frontier.SharedPacer`:
a host's request slots and next allowed time in their database), so a host's
`per_host` and delay hold across all of them. Shared spacing is
measured where the server sees it: `turn` waits until the host is free, the host
is taken (its next allowed time moved on) as the request's headers are about to be
written, and its next allowed time is counted again from when they have been
(`paced`, httpcore trace hooks): a request that left later than it took the host (a
busy machine) would otherwise land too close to the next one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, Protocol


class HostPacer(Protocol):
    """Per-host cap and spacing kept outside this process (thread-safe; it may block
    briefly)."""

    def enter(self, host: str, limit: int) -> int | None:
        """Hold one of `host`'s `limit` request slots: its number, or None when all are held."""
        ...

    def leave(self, host: str, slot: int) -> None:
        """Give back a slot `enter` gave."""
        ...

    def wait(self, host: str) -> float:
        """Seconds until `host` is free (0.0: now)."""
        ...

    def take(self, host: str, delay: float) -> float:
        """Take `host` for a request starting now (0.0), keeping it `delay` s from the
        next one; or, when its time has not come, the seconds to wait before asking again."""
        ...

    def sent(self, host: str, delay: float) -> None:
        """The request that took `host` is on its way: the next one `delay` s from now."""
        ...


# Seconds between looks at a host whose shared slots are all held.
SLOT_POLL = 0.05
_SENDING = frozenset({"http11.send_request_headers.started", "http2.send_request_headers.started"})
_SENT = frozenset({"http11.send_request_headers.complete", "http2.send_request_headers.complete"})


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
    """`turn(host)`: wait for a host slot, the host's delay, then a global slot (and
    with a pacer, then one of the host's slots shared by all processes)."""

    def __init__(
        self, *, concurrency: int, per_host: int, delay: float, pacer: HostPacer | None = None
    ) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._delay = delay
        self._pacer = pacer
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
            if self._pacer is None:
                await entry.wait_turn()
                async with self._global:
                    yield
                return
            pacer = self._pacer
            while (wait := await asyncio.to_thread(pacer.wait, host)) > 0:
                await asyncio.sleep(wait)
            async with self._global:
                # The shared slot last: held only while the request is in flight, never
                # while this process waits for a slot of its own. (A slot taken by a
                # call cancelled meanwhile is given back when the pacer closes.)
                while (slot := await asyncio.to_thread(pacer.enter, host, self._per_host)) is None:
                    await asyncio.sleep(SLOT_POLL)
                try:
                    yield
                finally:
                    await asyncio.to_thread(pacer.leave, host, slot)

    def paced(self, host: str) -> dict[str, Any]:
        """Request extensions for a request to `host`: with a pacer, a trace hook that
        takes the host just before the headers are written (waiting if another
        process took it meanwhile), and counts its delay again once they are."""
        pacer = self._pacer
        if pacer is None:
            return {}
        entry = self._host(host)

        async def trace(event: str, info: Mapping[str, Any]) -> None:
            # The pacer is called on the event loop itself (a short query): nothing
            # else runs between the host taken and the headers written.
            if event in _SENDING:
                while (wait := pacer.take(host, entry.delay)) > 0:
                    await asyncio.sleep(wait)
            elif event in _SENT:
                pacer.sent(host, entry.delay)

        return {"trace": trace}

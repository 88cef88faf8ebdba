"""robots.txt per origin (RFC 9309), read once per fetcher and kept for its lifetime."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from protego import Protego

from scraper.errors import ConnectError, FetchError, FetchTimeout, RobotsDisallowed
from scraper.fetch.page import FetchedPage

ROBOTS_MAX_BYTES = 500_000


@dataclass(frozen=True, slots=True)
class RobotsPolicy:
    """What robots.txt says for one origin; `failure` replaces every answer when set."""

    parser: Any = None  # a Protego parser, or None when everything is allowed
    failure: FetchError | None = None

    def check(self, url: str, token: str) -> None:
        """Raise when `url` may not be fetched by `token`."""
        if self.failure is not None:
            raise type(self.failure)(str(self.failure), url=url)
        if self.parser is not None and not self.parser.can_fetch(url, token):
            raise RobotsDisallowed("disallowed by robots.txt", url=url)

    def crawl_delay(self, token: str) -> float | None:
        delay = self.parser.crawl_delay(token) if self.parser is not None else None
        return float(delay) if delay is not None else None


def policy_from(page: FetchedPage) -> RobotsPolicy:
    """RFC 9309: 2xx rules apply, 4xx allows all, 5xx or unreachable disallows all."""
    error = page.error
    if isinstance(error, ConnectError | FetchTimeout):
        return RobotsPolicy(failure=type(error)(f"robots.txt: {error}"))
    if 200 <= page.status < 300 and error is None:
        text = page.body.decode("utf-8", errors="replace")
        return RobotsPolicy(parser=Protego.parse(text))
    if 400 <= page.status < 500 and page.status != 429:
        return RobotsPolicy()
    reason = f"answered {page.status}" if page.status else f"failed ({error})"
    return RobotsPolicy(failure=RobotsDisallowed(f"robots.txt {reason}; treated as disallow-all"))


class RobotsCache:
    """Reads `<origin>/robots.txt` with `download` at most once per origin."""

    def __init__(self, download: Callable[[str], Awaitable[FetchedPage]]) -> None:
        self._download = download
        self._policies: dict[str, RobotsPolicy] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def policy(self, origin: str) -> tuple[RobotsPolicy, bool]:
        """The origin's policy, and whether it was read just now."""
        if origin in self._policies:
            return self._policies[origin], False
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin in self._policies:
                return self._policies[origin], False
            policy = policy_from(await self._download(f"{origin}/robots.txt"))
            self._policies[origin] = policy
            return policy, True

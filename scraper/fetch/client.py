"""`Fetcher`: one `httpx.AsyncClient` with politeness, robots, retries and limits.

A fetch never raises for what a server or network does: every failure becomes a
`FetchedPage` with a typed `error`. Each hop of a redirect chain is checked
again (address guard, robots.txt, host limits) as if it were a new request.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType

import httpx

from cleaners import looks_binary
from scraper.errors import (
    ConnectError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    NotHTML,
    TooLarge,
    TooManyRedirects,
)
from scraper.fetch import guard
from scraper.fetch.body import read_body
from scraper.fetch.config import FetchConfig
from scraper.fetch.limits import HostLimits
from scraper.fetch.page import FetchedPage, FetchRequest
from scraper.fetch.pinning import PinnedBackend, PinnedTransport
from scraper.fetch.robots import ROBOTS_MAX_BYTES, RobotsCache
from scraper.fetch.translate import internal_error, map_errors

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"


@dataclass(frozen=True, slots=True)
class _Answer:
    final_url: str
    status: int = 0
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    error: FetchError | None = None

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key == name), None)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds asked for by a `Retry-After` value (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _retryable(answer: _Answer) -> bool:
    error = answer.error
    if isinstance(error, HTTPStatusError):
        return error.status == 429 or error.status >= 500
    return isinstance(error, ConnectError | FetchTimeout)


def _charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("'\""):
            return value.strip().strip("'\"").lower()
    return None


class Fetcher:
    """Use as `async with Fetcher(config) as fetcher: page = await fetcher.fetch(req)`."""

    def __init__(self, config: FetchConfig | None = None) -> None:
        self.config = config = config or FetchConfig()
        timeout = httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.read_timeout,
            pool=config.total_timeout,
        )
        self._backend = PinnedBackend(require_pin=not config.allow_private)
        limits = httpx.Limits(max_connections=config.concurrency)
        self._client = httpx.AsyncClient(
            transport=PinnedTransport(self._backend, limits=limits),
            timeout=timeout,
            headers={"User-Agent": config.user_agent, "Accept": _ACCEPT},
            follow_redirects=False,
            trust_env=False,
        )
        self._limits = HostLimits(
            concurrency=config.concurrency,
            per_host=config.per_host,
            delay=config.delay,
            pacer=config.pacer,
        )
        self._robots = RobotsCache(self._download_robots)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    async def fetch(
        self, request: FetchRequest | str, *, accept: frozenset[str] | None = HTML_TYPES
    ) -> FetchedPage:
        """Fetch one URL with retries; `accept` None takes any content type."""
        if isinstance(request, str):
            request = FetchRequest(url=request)
        started, fetched_at = time.monotonic(), _now_iso()
        try:
            answer = await self._with_retries(request, accept, self.config.max_bytes, robots=True)
        except Exception as error:  # a bug or an input nobody foresaw: this URL's failure only
            answer = _Answer(request.url, error=internal_error(error, request.url))
        return self._page(request.url, answer, time.monotonic() - started, fetched_at)

    @staticmethod
    def _page(url: str, answer: _Answer, elapsed: float, fetched_at: str) -> FetchedPage:
        return FetchedPage(
            url=url,
            final_url=answer.final_url,
            status=answer.status,
            headers=answer.headers,
            body=answer.body,
            charset=_charset(answer.header("content-type")),
            elapsed=elapsed,
            fetched_at=fetched_at,
            error=answer.error,
            not_modified=answer.status == 304 and answer.error is None,
        )

    async def _download_robots(self, url: str) -> FetchedPage:
        started, fetched_at = time.monotonic(), _now_iso()
        try:
            answer = await self._with_retries(
                FetchRequest(url=url), None, ROBOTS_MAX_BYTES, robots=False
            )
        except Exception as error:
            answer = _Answer(url, error=internal_error(error, url))
        return self._page(url, answer, time.monotonic() - started, fetched_at)

    async def _with_retries(
        self, request: FetchRequest, accept: frozenset[str] | None, max_bytes: int, *, robots: bool
    ) -> _Answer:
        attempt = 0
        while True:
            answer = await self._follow(request, accept, max_bytes, robots=robots)
            wait = self._retry_wait(answer, attempt)
            if wait is None:
                return answer
            attempt += 1
            await asyncio.sleep(wait)

    def _retry_wait(self, answer: _Answer, attempt: int) -> float | None:
        if attempt >= self.config.retries or not _retryable(answer):
            return None
        asked = retry_after_seconds(answer.header("retry-after"))
        if asked is not None:
            return asked if asked <= self.config.max_retry_after else None
        return float(self.config.backoff_base * 2**attempt * random.uniform(0.5, 1.5))

    async def _follow(
        self, request: FetchRequest, accept: frozenset[str] | None, max_bytes: int, *, robots: bool
    ) -> _Answer:
        url, seen = request.url, {request.url}
        for _ in range(self.config.max_redirects + 1):
            answer = await self._hop(url, request, accept, max_bytes, robots=robots)
            if answer.error is not None or answer.status not in _REDIRECTS:
                return answer
            location = answer.header("location")
            if not location:
                return replace(answer, error=HTTPStatusError("redirect without Location", url=url))
            url = str(httpx.URL(url).join(location))
            if url in seen:
                error = TooManyRedirects(f"redirect loop back to {url}", url=request.url)
                return replace(answer, error=error)
            seen.add(url)
        limit = self.config.max_redirects
        return _Answer(url, error=TooManyRedirects(f"more than {limit} redirects", url=request.url))

    async def _hop(
        self,
        url: str,
        request: FetchRequest,
        accept: frozenset[str] | None,
        max_bytes: int,
        *,
        robots: bool,
    ) -> _Answer:
        try:
            target = self._target(url)
            if not self.config.allow_private:
                await self._check_and_pin(target, url)
            if robots and self.config.respect_robots:
                await self._check_robots(target, url)
            async with self._limits.turn(target.netloc.decode("ascii")):
                with map_errors(url):
                    async with asyncio.timeout(self.config.total_timeout):
                        return await self._send(target, request, accept, max_bytes)
        except FetchError as error:
            error.url = error.url or url
            return _Answer(url, error=error)

    @staticmethod
    def _target(url: str) -> httpx.URL:
        with map_errors(url):
            target = httpx.URL(url)
        if target.scheme not in ("http", "https") or not target.host:
            raise InvalidURL("not an http(s) URL with a host", url=url)
        if target.port is not None and not 0 < target.port < 65536:
            raise InvalidURL(f"port {target.port} out of range", url=url)
        return target

    async def _check_and_pin(self, target: httpx.URL, url: str) -> None:
        """Resolve the host once, check every address, and connect only to those."""
        host = target.raw_host.decode("ascii")
        port = target.port or (443 if target.scheme == "https" else 80)
        with map_errors(url):
            async with asyncio.timeout(self.config.connect_timeout):
                addresses = await guard.check_host(host, port)
        self._backend.pin(host, addresses)

    async def _check_robots(self, target: httpx.URL, url: str) -> None:
        origin = f"{target.scheme}://{target.netloc.decode('ascii')}"
        policy, fresh = await self._robots.policy(origin)
        token = self.config.robots_token
        if fresh and (delay := policy.crawl_delay(token)) is not None:
            delay = min(delay, self.config.max_crawl_delay)
            self._limits.slow_down(target.netloc.decode("ascii"), delay)
        policy.check(url, token)

    async def _send(
        self,
        target: httpx.URL,
        request: FetchRequest,
        accept: frozenset[str] | None,
        max_bytes: int,
    ) -> _Answer:
        headers = {}
        if request.etag and _header_safe(request.etag):
            headers["If-None-Match"] = request.etag
        if request.last_modified and _header_safe(request.last_modified):
            headers["If-Modified-Since"] = request.last_modified
        paced = self._limits.paced(target.netloc.decode("ascii"))
        built = self._client.build_request("GET", target, headers=headers, extensions=paced)
        response = await self._client.send(built, stream=True)
        try:
            return await self._receive(response, accept, max_bytes)
        finally:
            await response.aclose()

    async def _receive(
        self, response: httpx.Response, accept: frozenset[str] | None, max_bytes: int
    ) -> _Answer:
        url = str(response.url)
        if not self.config.allow_private:
            stream = response.extensions.get("network_stream")
            peer = stream.get_extra_info("server_addr") if stream is not None else None
            guard.check_peer(str(peer[0]) if peer else None)
        status = response.status_code
        headers = tuple((key.lower(), value) for key, value in response.headers.multi_items())
        answer = _Answer(url, status, headers)
        if status in _REDIRECTS or status == 304:
            return answer
        if status >= 400:
            return replace(answer, error=HTTPStatusError(f"HTTP {status}", url=url, status=status))
        _check_head(response, accept, max_bytes)
        encoding = response.headers.get("content-encoding")
        body = await read_body(response.aiter_raw(), encoding, max_bytes)
        if accept is not None and looks_binary(body):
            raise NotHTML("binary content", url=url)
        return replace(answer, body=body)


def _header_safe(value: str) -> bool:
    """A validator a server gave back is sent again only as printable ASCII."""
    return value.isascii() and value.isprintable() and len(value) <= 1024


def _check_head(response: httpx.Response, accept: frozenset[str] | None, max_bytes: int) -> None:
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if accept is not None and content_type and content_type not in accept:
        raise NotHTML(f"content type {content_type} is not HTML or text")
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise TooLarge(f"Content-Length {length} over {max_bytes} bytes")

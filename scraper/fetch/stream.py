"""Many URLs at once: an async stream of pages as they complete, and its sync facade."""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Iterator

from scraper.fetch.client import HTML_TYPES, Fetcher
from scraper.fetch.config import FetchConfig
from scraper.fetch.page import FetchedPage, FetchRequest
from scraper.fetch.translate import internal_error

_DONE = object()


async def stream_pages(
    fetcher: Fetcher,
    requests: Iterable[FetchRequest | str],
    *,
    accept: frozenset[str] | None = HTML_TYPES,
) -> AsyncIterator[FetchedPage]:
    """Fetch `requests` with `fetcher`, yielding pages in completion order.

    The input is read lazily: at most a few times `concurrency` URLs are pending,
    so a sitemap of a million URLs costs no more memory than a short list.
    """
    window = max(4 * fetcher.config.concurrency, 16)
    source = iter(requests)
    pending: dict[asyncio.Task[FetchedPage], FetchRequest | str] = {}
    try:
        while True:
            while len(pending) < window and (item := next(source, None)) is not None:
                pending[asyncio.create_task(fetcher.fetch(item, accept=accept))] = item
            if not pending:
                return
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                yield task_outcome(task, pending.pop(task))
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


def task_outcome(task: asyncio.Task[FetchedPage], request: FetchRequest | str) -> FetchedPage:
    """The task's page; should the task itself fail (a bug), that URL's failed page, so
    that no exception inside a fetch can end the stream or be lost."""
    try:
        return task.result()
    except Exception as error:
        url = request if isinstance(request, str) else request.url
        return FetchedPage(url=url, final_url=url, error=internal_error(error, url))


async def afetch_many(
    requests: Iterable[FetchRequest | str], config: FetchConfig | None = None
) -> AsyncGenerator[FetchedPage, None]:
    """Fetch URLs concurrently and politely, yielding each page as it completes."""
    async with Fetcher(config) as fetcher:
        async for page in stream_pages(fetcher, requests):
            yield page


def fetch_many(
    urls: Iterable[FetchRequest | str], *, config: FetchConfig | None = None
) -> Iterator[FetchedPage]:
    """Synchronous `afetch_many`: pages stream in as they complete.

    The fetching runs on an event loop in a helper thread, so it keeps going
    (with its timeouts intact) while the caller handles each page. Leaving the
    loop early stops the fetching.
    """
    config = config or FetchConfig()
    out: queue.Queue[object] = queue.Queue(maxsize=2 * config.concurrency)
    stop = threading.Event()
    thread = threading.Thread(target=_pump, args=(urls, config, out, stop), daemon=True)
    thread.start()
    try:
        while (item := out.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, FetchedPage)
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            _drain(out)
            thread.join(timeout=0.05)


def _drain(out: queue.Queue[object]) -> None:
    try:
        while True:
            out.get_nowait()
    except queue.Empty:
        return


def _pump(
    urls: Iterable[FetchRequest | str],
    config: FetchConfig,
    out: queue.Queue[object],
    stop: threading.Event,
) -> None:
    try:
        asyncio.run(_produce(urls, config, out, stop))
    except BaseException as error:  # handed to the caller's thread and raised there
        out.put(error)
    out.put(_DONE)


async def _produce(
    urls: Iterable[FetchRequest | str],
    config: FetchConfig,
    out: queue.Queue[object],
    stop: threading.Event,
) -> None:
    pages = afetch_many(urls, config)
    try:
        async for page in pages:
            while not stop.is_set():
                try:
                    await asyncio.to_thread(out.put, page, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if stop.is_set():
                return
    finally:
        await pages.aclose()


def fetch(url: str, *, config: FetchConfig | None = None) -> FetchedPage:
    """Fetch one URL (robots.txt, limits and retries included) and return its page."""
    return asyncio.run(_fetch_one(url, config))


async def _fetch_one(url: str, config: FetchConfig | None) -> FetchedPage:
    async with Fetcher(config) as fetcher:
        return await fetcher.fetch(url)

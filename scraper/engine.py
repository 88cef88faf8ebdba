"""The engine: pages in, results out, in the order the source gave the pages.

    async for result in extract_pages(pages, executor=pool, clean_config=config):
        result.document or result.error        # one `PageResult` per page

A source (`scraper.sources`) gives `Page`s: fetched ones, files, WARC records,
standard input. Each is cleaned by `clean_page` in an executor: any
`concurrent.futures.Executor` does (`local_executor` for this machine, a thread pool
in tests; an executor on a cluster is one more, nothing else changes). A page that
already failed at its source passes through as its failure. At most `backlog` pages
are in the executor or waiting to be yielded, so a long source never sits in memory.

`scraper fetch`, `scraper run` and `scraper extract` are uses of `extract_pages`.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any, Literal

from cleaners import CleanConfig, Document
from scraper.errors import ErrorKind, ExtractFailed, InputError, ScraperError
from scraper.sources.sniff import inflate, looks_like_html, read_bytes

if TYPE_CHECKING:
    from scraper.fetch import FetchedPage


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One page to clean, from any source.

    name: what messages call it, and the document's `source` (a path as given,
        `PATH#URL` for an archived page, or the URL asked for).
    url: the address asked for (None for a file given no --url); final_url: after
        redirects. body: the bytes, or None to read `path` where the page is cleaned.
    encoding: the charset the server or archive declared. status, fetched_at: of the
        HTTP answer, when there was one. fetched: the fetcher's whole answer (headers,
        304), for the cron run. error: why the source has no page to clean.
    """

    name: str
    url: str | None = None
    final_url: str | None = None
    body: bytes | None = None
    path: str | None = None
    encoding: str | None = None
    status: int | None = None
    fetched_at: str | None = None
    fetched: FetchedPage | None = None
    error: ScraperError | None = None

    @property
    def unchanged(self) -> bool:
        """An HTTP 304: the page is as it was, nothing to clean."""
        return self.fetched is not None and self.fetched.not_modified


@dataclass(frozen=True, slots=True, kw_only=True)
class PageResult:
    """One page's outcome: a `document`, `unchanged` (HTTP 304), or an `error` whose
    `kind` names it (`timeout`, `robots`, `rejected`, `crash`, ...)."""

    page: Page
    document: Document | None = None
    error: ScraperError | None = None

    @property
    def name(self) -> str:
        return self.page.name

    @property
    def unchanged(self) -> bool:
        return self.page.unchanged

    @property
    def kind(self) -> Literal["fetched", "unchanged"] | ErrorKind:
        """A short stable name of the outcome, for summaries and logs."""
        if self.document is not None:
            return "fetched"
        if self.unchanged:
            return "unchanged"
        return error_kind(self.error)

    def to_dict(self) -> dict[str, Any]:
        """The document's data plus `url`, `final_url`, `status` and `fetched_at`:
        the same fields whichever source the page came from."""
        page = self.page
        record = self.document.to_dict() if self.document is not None else {}
        record.update(
            url=page.url if page.url is not None else record.get("url"),
            final_url=page.final_url,
            status=page.status,
            fetched_at=page.fetched_at,
        )
        return record


def error_kind(error: BaseException | None) -> ErrorKind:
    return error.kind if isinstance(error, ScraperError) else "error"


def clean_page(page: Page, config: CleanConfig | None) -> Document | ExtractFailed:
    """Clean one page (where the executor runs it); every error is returned."""
    from cleaners import Rejected, clean_html  # imported where the work runs

    try:
        data = page.body if page.fetched is not None else _file_page(page, config)
        assert data is not None
        url = page.final_url or page.url
        return clean_html(data, url=url, encoding=page.encoding, source=page.name, config=config)
    except Rejected as error:
        return ExtractFailed(str(error), kind=error.kind, reason=error.reason)
    except ScraperError as error:
        return ExtractFailed(str(error), kind=error_kind(error))
    except OSError as error:
        return ExtractFailed(error.strerror or str(error) or type(error).__name__, kind="read")
    except Exception as error:  # one bad page must not end a run
        return ExtractFailed(f"extractor crashed: {type(error).__name__}: {error}", kind="crash")


def _file_page(page: Page, config: CleanConfig | None) -> bytes:
    """A page from disk or an archive: read, inflated, and an HTML page."""
    data = page.body if page.body is not None else read_bytes(page.path or page.name)
    data = inflate(data, (config or CleanConfig()).max_bytes)
    if data.strip() and not looks_like_html(data):
        raise InputError("not an HTML page (for text, use scraper clean)")
    return data


CleanConfigFor = Callable[[Page], CleanConfig | None]
Outcome = Document | ExtractFailed


async def extract_pages(
    pages: Iterable[Page] | AsyncIterable[Page],
    *,
    executor: Executor,
    clean_config: CleanConfig | CleanConfigFor | None = None,
    backlog: int = 32,
) -> AsyncIterator[PageResult]:
    """Clean every page in `executor`, yielding results in the source's order.

    `clean_config` is one `CleanConfig`, or a function of the page giving one (the
    cron run's per-site template blocks). The source is read while pages are being
    cleaned, so a fetching source keeps fetching.
    """
    config_for = clean_config if callable(clean_config) else (lambda page: clean_config)
    room = asyncio.Semaphore(backlog)
    order: asyncio.Queue[tuple[Page, asyncio.Future[Outcome] | None] | None] = asyncio.Queue()
    feeder = asyncio.create_task(_feed(pages, executor, config_for, room, order))
    try:
        while (item := await order.get()) is not None:
            page, outcome = item
            result = await _result(page, outcome)
            room.release()
            yield result
        await feeder  # the source's own error, if it failed
    finally:
        feeder.cancel()
        await asyncio.gather(feeder, return_exceptions=True)


async def _feed(
    pages: Iterable[Page] | AsyncIterable[Page],
    executor: Executor,
    config_for: CleanConfigFor,
    room: asyncio.Semaphore,
    order: asyncio.Queue[tuple[Page, asyncio.Future[Outcome] | None] | None],
) -> None:
    """Submit every page that has something to clean; the end marker follows even
    when the source fails (its error then reaches the consumer)."""
    loop = asyncio.get_running_loop()
    try:
        async for page in _aiter(pages):
            await room.acquire()
            passed = page.error is not None or page.unchanged
            await order.put((page, None if passed else _submit(loop, executor, page, config_for)))
    finally:
        await order.put(None)


def _submit(
    loop: asyncio.AbstractEventLoop, executor: Executor, page: Page, config_for: CleanConfigFor
) -> asyncio.Future[Outcome]:
    try:
        return loop.run_in_executor(executor, clean_page, page, config_for(page))
    except Exception as error:  # a config function's bug, a pool shut down: this page's
        failed: asyncio.Future[Outcome] = loop.create_future()
        failed.set_result(ExtractFailed(_failed(error), kind="crash"))
        return failed


async def _result(page: Page, outcome: asyncio.Future[Outcome] | None) -> PageResult:
    """Whatever happens to the work, one result for the page."""
    if outcome is None:
        return PageResult(page=page, error=page.error)
    try:
        done = await outcome
    except BrokenProcessPool:
        done = ExtractFailed("extraction worker died", kind="crash")
    except Exception as error:  # pickling, an executor's own failure
        done = ExtractFailed(_failed(error), kind="crash")
    if isinstance(done, Document):
        return PageResult(page=page, document=done)
    return PageResult(page=page, error=done)


def _failed(error: Exception) -> str:
    return f"extraction failed: {type(error).__name__}: {error}"


async def _aiter(pages: Iterable[Page] | AsyncIterable[Page]) -> AsyncIterator[Page]:
    if isinstance(pages, AsyncIterable):
        async for page in pages:
            yield page
    else:
        for page in pages:
            yield page
            await asyncio.sleep(0)  # let finished pages be yielded between reads


# --- the local executor: this process, or a pool of worker processes

# A worker process starts in about a second (spawn, import, the language model), the
# time of tens of pages: one is worth starting per this many pages.
PAGES_PER_WORKER = 32


def default_workers(pages: int | None = None) -> int:
    """Worker processes for `pages` pages (None: unknown or many): never slower than one.

    The main process reads, fetches, orders and writes, so it keeps a core: on two
    cores or fewer one worker; above that one per `PAGES_PER_WORKER` pages, at most
    cores - 1.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    if cores <= 2:
        return 1
    count = pages if pages is not None else PAGES_PER_WORKER * cores
    return max(1, min(cores - 1, count // PAGES_PER_WORKER))


class InlineExecutor(Executor):
    """Runs each call at once in the calling thread: one worker and nothing to overlap
    (reading files) gains nothing from another process. On the main thread the
    cleaners' time limit can interrupt a page (SIGALRM)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
            if not isinstance(error, Exception):
                raise
        return future


@contextmanager
def local_executor(workers: int, *, inline: bool = False) -> Iterator[Executor]:
    """`process_pool(workers)` for the block, or the calling process itself when
    `inline` and one worker is asked for (nothing else would run beside it); work
    not started when the block ends (Ctrl-C, an error) is cancelled."""
    if inline and workers <= 1:
        yield InlineExecutor()
        return
    pool = process_pool(workers)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """Spawned worker processes (safe beside the fetching thread), each warmed up,
    ignoring Ctrl-C and ending with this process, even when it is killed."""
    context = multiprocessing.get_context("spawn")
    count = workers or default_workers()
    return ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_prepare)


_WARM_UP = (
    b"<html><body><article><h1>Warm up</h1><p>"
    + b"The council met on Tuesday to talk about the budget for the coming year. " * 6
    + b"</p></article></body></html>"
)


def _prepare() -> None:
    """In a worker: leave Ctrl-C to the main process, end with it (even when it is
    killed), and load the cleaners' lazy parts (the language model takes ~0.5 s) now,
    not within the first page's time limit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_once_gone, args=(parent.sentinel,), daemon=True).start()
    warm_up()


def warm_up() -> None:
    """Load the cleaners' lazy parts (the language model, the content model) by
    cleaning one small page: done once per worker, by any executor's workers."""
    from cleaners import clean_html

    with suppress(ScraperError):
        clean_html(_WARM_UP)


def _exit_once_gone(sentinel: int) -> None:
    wait([sentinel])
    os._exit(1)

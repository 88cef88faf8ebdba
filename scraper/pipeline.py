"""Fetch, then extract: pages from `afetch_many`, `clean_html` in a process pool.

    async for result in extract_pages(urls, fetch_config=..., clean_config=...):
        if result.document: ...          # fetched and extracted
        elif result.unchanged: ...       # 304
        else: log(result.url, result.error)

Extraction runs in worker processes, so the event loop keeps fetching while pages
are parsed; at most `backlog` fetched pages wait for a worker at any time.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from cleaners import CleanConfig, Document
from scraper.errors import ExtractFailed, RobotsDisallowed, ScraperError
from scraper.fetch import FetchConfig, FetchedPage, FetchRequest, afetch_many

CleanConfigFor = Callable[[FetchedPage], CleanConfig | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class PageResult:
    """One URL's outcome: a `document`, `unchanged` (304), or an `error`."""

    page: FetchedPage
    document: Document | None = None
    error: ScraperError | None = None

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def unchanged(self) -> bool:
        return self.page.not_modified

    @property
    def kind(self) -> str:
        """A short stable name of the outcome, for summaries and logs."""
        if self.document is not None:
            return "fetched"
        if self.unchanged:
            return "unchanged"
        if isinstance(self.error, RobotsDisallowed):
            return "robots"
        return str(getattr(self.error, "kind", "error"))

    def to_dict(self) -> dict[str, Any]:
        """The document's JSON data plus `url`, `final_url`, `status` and `fetched_at`."""
        record = self.document.to_dict() if self.document is not None else {}
        record.update(
            url=self.page.url,
            final_url=self.page.final_url,
            status=self.page.status,
            fetched_at=self.page.fetched_at,
        )
        return record


def extract_one(page: FetchedPage, config: CleanConfig | None) -> Document | ExtractFailed:
    """Run `clean_html` on a fetched page (in a worker process); errors are returned."""
    from cleaners import clean_html  # imported where the work runs

    try:
        return clean_html(
            page.body, url=page.final_url, encoding=page.charset, source=page.url, config=config
        )
    except ScraperError as error:
        return ExtractFailed(str(error), kind=_snake(type(error).__name__))
    except Exception as error:  # one bad page must not end a run
        return ExtractFailed(f"extractor crashed: {type(error).__name__}: {error}", kind="crash")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _as_result(page: FetchedPage, outcome: Document | ExtractFailed) -> PageResult:
    if isinstance(outcome, Document):
        return PageResult(page=page, document=outcome)
    return PageResult(page=page, error=outcome)


def default_workers() -> int:
    return max(1, (os.cpu_count() or 2) - 1)


def process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """A pool of fresh (spawned) interpreters: safe beside the fetching thread."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers or default_workers(), mp_context=context)


@dataclass
class _Run:
    executor: Executor
    config_for: CleanConfigFor
    backlog: asyncio.Semaphore
    out: asyncio.Queue[PageResult | None] = field(default_factory=lambda: asyncio.Queue(64))
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def extract(self, page: FetchedPage) -> None:
        """Extract `page` in the pool; whatever happens, one result for it comes out."""
        loop = asyncio.get_running_loop()
        try:
            outcome = await loop.run_in_executor(
                self.executor, extract_one, page, self.config_for(page)
            )
        except BrokenProcessPool:
            outcome = ExtractFailed("extraction worker died", kind="crash")
        except Exception as error:  # pickling, a config function's bug: still this page's
            reason = f"extraction failed: {type(error).__name__}: {error}"
            outcome = ExtractFailed(reason, kind="crash")
        finally:
            self.backlog.release()
        await self.out.put(_as_result(page, outcome))

    async def feed(self, pages: AsyncIterator[FetchedPage]) -> None:
        """Hand every page on. The end marker follows even when feeding fails, so the
        consumer never waits on a queue nobody fills; the error then reaches it."""
        try:
            await self._feed(pages)
        except Exception:
            await self.out.put(None)
            raise
        await self.out.put(None)

    async def _feed(self, pages: AsyncIterator[FetchedPage]) -> None:
        async for page in pages:
            if not page.ok:
                await self.out.put(PageResult(page=page, error=page.error))
                continue
            await self.backlog.acquire()
            task = asyncio.create_task(self.extract(page))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        await asyncio.gather(*self.tasks)


def _config_for(clean_config: CleanConfig | CleanConfigFor | None) -> CleanConfigFor:
    if callable(clean_config):
        return clean_config
    return lambda page: clean_config


async def extract_pages(
    requests: Iterable[FetchRequest | str],
    *,
    fetch_config: FetchConfig | None = None,
    clean_config: CleanConfig | CleanConfigFor | None = None,
    executor: Executor | None = None,
    backlog: int = 32,
) -> AsyncIterator[PageResult]:
    """Fetch `requests` and extract each page, yielding results as they complete.

    `clean_config` is one `CleanConfig`, or a function of the page giving one
    (for per-site template blocks). `executor` defaults to a new process pool,
    shut down at the end; pass your own to reuse warm workers across runs.
    """
    pool = executor or process_pool()
    run = _Run(pool, _config_for(clean_config), asyncio.Semaphore(backlog))
    feeder = asyncio.create_task(run.feed(afetch_many(requests, fetch_config)))
    try:
        while (result := await run.out.get()) is not None:
            yield result
        await feeder
    finally:
        feeder.cancel()
        for task in list(run.tasks):
            task.cancel()
        await asyncio.gather(feeder, *run.tasks, return_exceptions=True)
        if executor is None:
            pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class Tally:
    """Counts of outcomes for the end-of-run summary."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, result: PageResult) -> None:
        self.counts[result.kind] += 1

    def add_failure(self, error: ScraperError) -> None:
        self.counts[str(getattr(error, "kind", "error"))] += 1

    @property
    def failed(self) -> int:
        return sum(n for kind, n in self.counts.items() if kind not in _NOT_FAILED)

    def line(self) -> str:
        failures = sorted((k, n) for k, n in self.counts.items() if k not in _NOT_FAILED)
        detail = ", ".join(f"{kind} {n}" for kind, n in failures)
        c = self.counts
        head = (
            f"fetched {c['fetched']}, unchanged {c['unchanged']}, skipped by robots {c['robots']}"
        )
        return f"{head}, failed {self.failed}" + (f" ({detail})" if detail else "")


_NOT_FAILED = frozenset({"fetched", "unchanged", "robots"})

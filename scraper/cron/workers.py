"""Runs of a job whose state is a PostgreSQL database: cooperating workers.

    [job]
    state = "postgresql://scraper@db.internal:5432/news"
    lease = 60        # seconds a worker's claim on a URL lasts unless renewed

Any number of `scraper run` processes with this state, on any machines, share the
work instead of refusing each other (`scraper.state.frontier` has the protocol):
the first to arrive discovers the sources once for the run window; every worker
claims URLs in small leased batches, fetches and cleans them, and records each page
in the commit that settles its lease; a killed worker's leases run out and are
claimed again; each host's delay and `per_host` hold across all workers
(`SharedPacer`). A worker ends when every URL of the window is done.

The password comes from libpq (`PGPASSWORD`, `~/.pgpass`), never from the job file;
logs show the URL as written (it holds no secret).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import socket
import time
from collections.abc import AsyncGenerator
from concurrent.futures import Executor
from typing import cast

import httpcore

from scraper.cron.job import JobConfig
from scraper.cron.plan import Action, Plan, Planned, make_plan
from scraper.cron.record import JsonlRunFile, Recorder, output_name, repair
from scraper.cron.report import RunReport, iso, plan_run
from scraper.engine import Page, PageResult, extract_pages, process_pool
from scraper.errors import OutputError
from scraper.fetch import FetchedPage, Fetcher
from scraper.fetch.stream import task_outcome
from scraper.sources.urls import site_of
from scraper.sources.web import Entry, page_of
from scraper.state.frontier import Heartbeat, LeaseLost, SharedPacer, WorkerStore, worker_name
from scraper.state.location import DatabaseURL
from scraper.state.postgres import PostgresStore, schema_version
from scraper.state.sqlite import SQLiteStore

log = logging.getLogger(__name__)

# URLs claimed at a time: small, so that work spreads over the workers.
CLAIM_BATCH = 8
# Longest pause between looks at the window while others hold its last URLs.
POLL = 1.0


def run_worker(
    job: JobConfig, url: DatabaseURL, *, dry_run: bool = False, executor: Executor | None = None
) -> RunReport:
    """Run `job` once as one of its cooperating workers on the PostgreSQL state at `url`."""
    if dry_run:
        return _dry_run(job, url)
    name = worker_name()
    store = WorkerStore(url, worker=name, lease=job.lease)
    pacer = SharedPacer(url, worker=name, lease=job.lease)
    try:
        with Heartbeat(url, worker=name, lease=job.lease) as heartbeat:
            shared = dataclasses.replace(job, fetch=dataclasses.replace(job.fetch, pacer=pacer))
            return _Worker(shared, store, heartbeat).run(executor)
    finally:
        pacer.close()
        store.close()


def _dry_run(job: JobConfig, url: DatabaseURL) -> RunReport:
    """Plan from the state as it is (read-only); an empty database is an empty state."""
    store: PostgresStore | SQLiteStore
    if schema_version(url) == 0:
        store = SQLiteStore(":memory:")
    else:
        store = PostgresStore.open_readonly(url)
    try:
        return plan_run(job, store)
    finally:
        store.close()


class _Worker:
    def __init__(self, job: JobConfig, store: WorkerStore, heartbeat: Heartbeat) -> None:
        self.job, self.store, self.heartbeat = job, store, heartbeat
        self.now = time.time()
        self.started = iso(self.now)
        self.plan = Plan(items=(), clean=job.clean)

    def run(self, executor: Executor | None) -> RunReport:
        repaired = self._repair()
        self._join()
        spec = self.job.output
        name = output_name(self.started) if spec.kind == "jsonl" else spec.table
        run_id = self.store.begin_run(started=self.started, output=name)
        self.heartbeat.run_id = run_id
        file = (
            JsonlRunFile(spec.directory, name) if spec.directory and spec.kind == "jsonl" else None
        )
        recorder = Recorder(
            self.job, self.store, run_id=run_id, started=self.started, now=self.now,
            planned=(), file=file,
        )  # fmt: skip
        pool = executor or process_pool()
        try:
            asyncio.run(_prime_network())
            asyncio.run(self._work(pool, recorder))
        finally:
            self.store.release()  # what is left goes back to the others at once
            if executor is None:
                pool.shutdown(wait=True, cancel_futures=True)
        repaired += self._repair()  # workers killed while this one ran
        report = RunReport(
            run_id=run_id,
            started=self.started,
            ended=iso(time.time()),
            output=file.publish() if file else None,
            counts=dict(sorted((self.plan.counts() | recorder.counts).items())),
            planned=self.plan.items,
            repaired=repaired,
        )
        self.store.finish_run(
            run_id, ended=report.ended, counts=report.counts, exit_status=report.exit_status
        )
        return report

    def _repair(self) -> tuple[int, ...]:
        repaired = tuple(repair(self.store, self.job.output, iso(time.time())))
        for run_id in repaired:
            log.info("closed run %d of a worker that is gone", run_id)
        return repaired

    def _join(self) -> None:
        """Join the run window; discover it if this worker is the first (or the one
        that takes over from a discoverer that is gone)."""
        while (window := self.store.join_window()) is None:
            time.sleep(0.2)
        if not window.discover:
            return
        plan = make_plan(self.job, self.store, self.now)
        self.store.touch(
            [(item.entry.url, site_of(item.entry.url)) for item in plan.items], self.started
        )
        wanted = [
            (item.entry.url, item.entry.lastmod, item.action, site_of(item.entry.url))
            for item in plan.wanted
        ]
        if self.store.publish(wanted):
            self.plan = plan
            log.info(
                "window %d: discovered %d URLs, %d to fetch",
                window.id,
                len(plan.items),
                len(wanted),
            )
        else:  # another worker took discovery over meanwhile: join it
            self._join()

    async def _work(self, pool: Executor, recorder: Recorder) -> None:
        """Claim, fetch, clean and record until every URL of the window is done; a full
        disk ends this worker's run (the URLs it holds go back to the others)."""
        pages = self._pages(recorder)
        try:
            async for result in extract_pages(
                pages, executor=pool, clean_config=self.plan.clean_config
            ):
                self._record(recorder, result)
        except OutputError as error:
            log.error("%s; run stopped", error)
            recorder.counts["failed"] += 1
            recorder.counts["output_errors"] += 1
        finally:
            await pages.aclose()

    async def _pages(self, recorder: Recorder) -> AsyncGenerator[Page, None]:
        """The claimed URLs' pages as they are fetched, with one fetcher for the run.
        At most `ahead` URLs are held at a time, so that the others get their share;
        while the rest is leased by others, wait for it (or for their leases to end)."""
        ahead = max(CLAIM_BATCH, 2 * self.job.fetch.concurrency)
        running: dict[asyncio.Task[FetchedPage], str] = {}
        async with Fetcher(self.job.fetch) as fetcher:
            try:
                while True:
                    if len(running) < ahead:
                        for planned in self._claim(recorder, ahead - len(running)):
                            task = asyncio.create_task(fetcher.fetch(planned.request))
                            running[task] = planned.entry.url
                    if not running:
                        progress = self.store.progress()
                        if progress.done:
                            return
                        if not progress.claimable:
                            await asyncio.sleep(min(progress.wait + 0.05, POLL))
                        continue
                    done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                    for task in done:
                        yield page_of(task_outcome(task, running.pop(task)))
            finally:
                for task in running:
                    task.cancel()
                await asyncio.gather(*running, return_exceptions=True)

    def _claim(self, recorder: Recorder, room: int) -> list[Planned]:
        """Claim up to `room` URLs (a batch at most) and plan each from its state now."""
        claimed = self.store.claim(min(CLAIM_BATCH, room))
        states = self.store.url_states(item.url for item in claimed)
        plans = []
        for item in claimed:
            action = cast(Action, item.action)
            planned = Planned(Entry(item.url, item.lastmod), action, state=states.get(item.url))
            recorder.planned[item.url] = planned
            self._learn_templates(site_of(item.url))
            plans.append(planned)
        return plans

    def _learn_templates(self, site: str) -> None:
        """The site's learned template blocks, read once, when its first URL is claimed."""
        if self.job.templates.enabled and site not in self.plan.templates:
            self.plan.templates[site] = self.store.template_blocks(
                site, self.job.templates.min_pages
            )

    def _record(self, recorder: Recorder, result: PageResult) -> None:
        """Record one page; when its lease was lost, take back what was written of it."""
        size = recorder.file.size if recorder.file is not None else 0
        try:
            recorder.record(result)
        except LeaseLost as error:
            log.warning("%s", error)
            recorder.counts["lease_lost"] += 1
            if recorder.file is not None:
                recorder.file.cut_back(size)


async def _prime_network() -> None:
    """Load the network code httpx loads on its first connection (~0.1 s, more on a
    busy machine) now, by connecting to a socket of our own: else the first request
    leaves that much after taking its host, too close to the next worker's."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        stream = await httpcore.AnyIOBackend().connect_tcp("127.0.0.1", port, timeout=5.0)
        await stream.aclose()

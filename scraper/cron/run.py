"""`run_job`: one scheduled run of a job, from discovery to durable output.

    report = run_job(load_job("news.toml"))
    report.exit_status  # 0 ok, 1 some pages failed

A run: close runs a kill left open (`record.repair`), plan (`plan.make_plan`:
discover, decide each URL, read the learned templates), fetch and clean the wanted
pages (`scraper.engine`, cleaning in worker processes so fetching never waits for
it), and record each result (`record.Recorder`), in this thread, one page at a time.

One run at a time per SQLite state (`lock`); a PostgreSQL state is shared by every
worker running the job (`workers`). A run killed at any moment is finished by the
next one: see `record` for the ordering that makes replaying a run idempotent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import Executor

from scraper.cron.job import JobConfig
from scraper.cron.lock import run_lock
from scraper.cron.plan import Plan, make_plan
from scraper.cron.record import JsonlRunFile, Recorder, output_name, repair, run_parquet
from scraper.cron.report import RunReport, iso, plan_run
from scraper.engine import extract_pages, process_pool
from scraper.errors import OutputError
from scraper.sources.urls import site_of
from scraper.sources.web import fetched_pages
from scraper.state import SQLiteStore, StateStore
from scraper.state.location import DatabaseURL

log = logging.getLogger(__name__)


def run_job(
    job: JobConfig, *, dry_run: bool = False, executor: Executor | None = None
) -> RunReport:
    """Run `job` once; raise `RunLocked` if another run holds its state database.

    Pages are cleaned in `executor` (default: a new process pool for this run, whose
    workers end with the run however it ends); pass one to reuse warm workers.
    A dry run writes nothing, and opens an existing state database read-only.
    """
    if isinstance(job.state, DatabaseURL):
        from scraper.cron.workers import run_worker

        return run_worker(job, job.state, dry_run=dry_run, executor=executor)
    if dry_run:
        exists = job.state.exists()
        store = SQLiteStore.open_readonly(job.state) if exists else SQLiteStore(":memory:")
        try:
            return plan_run(job, store)
        finally:
            store.close()
    job.state.parent.mkdir(parents=True, exist_ok=True)
    with run_lock(job.state):
        store = SQLiteStore(job.state)
        try:
            return execute_run(job, store, executor=executor)
        finally:
            store.close()


def execute_run(
    job: JobConfig, store: StateStore, *, executor: Executor | None = None
) -> RunReport:
    """One run on `store` (its lock, if it needs one, already held)."""
    now = time.time()
    started = iso(now)
    repaired = tuple(repair(store, job.output, started))
    for run_id in repaired:
        log.info("closed run %d, which was interrupted", run_id)
    plan = make_plan(job, store, now)
    store.touch([(item.entry.url, site_of(item.entry.url)) for item in plan.items], started)
    spec = job.output
    in_file = spec.kind in ("jsonl", "parquet")  # parquet: the JSONL file, converted
    name = output_name(started) if in_file else spec.table
    run_id = store.begin_run(started=started, output=name)
    file = JsonlRunFile(spec.directory, name) if spec.directory and in_file else None
    recorder = Recorder(
        job, store, run_id=run_id, started=started, now=now, planned=plan.wanted, file=file
    )
    stopped: OutputError | None = None
    if plan.wanted:
        pool = executor or process_pool()
        try:
            stopped = asyncio.run(_fetch_and_record(job, plan, pool, recorder))
        finally:
            if executor is None:
                pool.shutdown(wait=True, cancel_futures=True)
    output = file.publish() if file else None
    if output is not None and spec.kind == "parquet":
        output = run_parquet(output)
    report = RunReport(
        run_id=run_id or None,
        started=started,
        ended=iso(time.time()),
        output=output,
        counts=dict(sorted((plan.counts() | recorder.counts).items())),
        planned=plan.items,
        repaired=repaired,
    )
    store.finish_run(
        run_id, ended=report.ended, counts=report.counts, exit_status=report.exit_status
    )
    if stopped is not None:  # said once the run is closed (if that fails, that is said)
        log.error("%s; run stopped", stopped)
    return report


async def _fetch_and_record(
    job: JobConfig, plan: Plan, pool: Executor, recorder: Recorder
) -> OutputError | None:
    """Fetch, clean and record. A full disk ends the run: under the run file, the
    run is closed with the failure counted (returned, to be said in one line); under
    the state, `StateWriteError` goes up and leaves the run open, as a kill would. The
    next run repairs either, and fetches the page it stopped at and those after it."""
    pages = fetched_pages([item.request for item in plan.wanted], job.fetch)
    try:
        async for result in extract_pages(pages, executor=pool, clean_config=plan.clean_config):
            recorder.record(result)
    except OutputError as error:
        recorder.counts["failed"] += 1
        recorder.counts["output_errors"] += 1
        return error
    return None

"""`run_job`: one scheduled run of a job, from discovery to durable output.

    report = run_job(load_job("news.toml"))
    report.exit_status  # 0 ok, 1 some pages failed

Pages are fetched and cleaned by `scraper.engine` (extraction in worker processes,
so fetching never waits for it); everything that touches the state or the output
happens here, in the run's own thread, one page at a time.

One run at a time per state database (`scraper.lock`). A run killed at any moment is
finished by the next one: see `scraper.run_output` for the ordering that makes
replaying a run idempotent. Templates are read from the state once, before any page
is cleaned, so the same input and state always give the same output.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cleaners import CleanConfig, Document, template_fingerprints
from scraper.dedup import most_similar, signature
from scraper.engine import Page, PageResult, extract_pages, process_pool
from scraper.errors import ExtractFailed, OutputError
from scraper.fetch import FetchedPage
from scraper.job import JobConfig
from scraper.lock import run_lock
from scraper.plan import Planned, decide, failure_schedule, site_of
from scraper.run_output import JsonlRunFile, output_name, repair
from scraper.sources.web import discover, fetched_pages
from scraper.state import Failure, PageRecord, SQLiteStore, StateStore, Written
from scraper.state.location import DatabaseURL

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunReport:
    """What a run did. `counts` keys: discovered, fetched, written, not_modified,
    unchanged, duplicates, near_duplicates, failed, gave_up, skipped, source_errors."""

    run_id: int | None
    started: str
    ended: str
    dry_run: bool = False
    output: Path | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    planned: tuple[Planned, ...] = ()
    repaired: tuple[int, ...] = ()

    @property
    def exit_status(self) -> int:
        return 1 if self.counts.get("failed", 0) or self.counts.get("source_errors", 0) else 0


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="microseconds")


def run_job(
    job: JobConfig, *, dry_run: bool = False, executor: Executor | None = None
) -> RunReport:
    """Run `job` once; raise `RunLocked` if another run holds its state database.

    Pages are cleaned in `executor` (default: a new process pool for this run, whose
    workers end with the run however it ends); pass one to reuse warm workers.
    A dry run writes nothing, and opens an existing state database read-only.
    A PostgreSQL state is shared by every worker running the job (`scraper.workers`).
    """
    if isinstance(job.state, DatabaseURL):
        from scraper.workers import run_worker

        return run_worker(job, job.state, dry_run=dry_run, executor=executor)
    if dry_run:
        store = (
            SQLiteStore.open_readonly(job.state) if job.state.exists() else SQLiteStore(":memory:")
        )
        try:
            return _Run(job, store, time.time()).plan_only()
        finally:
            store.close()
    job.state.parent.mkdir(parents=True, exist_ok=True)
    with run_lock(job.state):
        store = SQLiteStore(job.state)
        try:
            return _Run(job, store, time.time()).execute(executor)
        finally:
            store.close()


# Pages whose extraction failed for a reason of the moment (the machine's load, a
# worker that died) are retried with the usual backoff; any other failure is the page's.
TRANSIENT_EXTRACT_FAILURES = frozenset({"extraction_timeout", "crash"})


class _Run:
    def __init__(self, job: JobConfig, store: StateStore, now: float) -> None:
        self.job, self.store, self.now = job, store, now
        self.started = _iso(now)
        self.counts: Counter[str] = Counter()
        self.templates: dict[str, frozenset[str]] = {}
        self.states: dict[str, Planned] = {}
        self.run_id = 0
        self.file: JsonlRunFile | None = None

    def plan_only(self) -> RunReport:
        return self._report(None, self._plan(), dry_run=True)

    def execute(self, executor: Executor | None) -> RunReport:
        repaired = tuple(repair(self.store, self.job.output, self.started))
        for run_id in repaired:
            log.info("closed run %d, which was interrupted", run_id)
        plan = self._plan()
        self.store.touch([(p.entry.url, site_of(p.entry.url)) for p in plan], self.started)
        self._begin()
        wanted = [item for item in plan if item.action != "skip"]
        self.states = {item.entry.url: item for item in wanted}
        if wanted:
            pool = executor or process_pool()
            try:
                asyncio.run(self._fetch_and_clean(wanted, pool))
            finally:
                if executor is None:
                    pool.shutdown(wait=True, cancel_futures=True)
        output = self.file.publish() if self.file else None
        report = self._report(output, plan, repaired=repaired)
        self.store.finish_run(
            self.run_id, ended=report.ended, counts=report.counts, exit_status=report.exit_status
        )
        return report

    async def _fetch_and_clean(self, wanted: list[Planned], pool: Executor) -> None:
        """Fetch, clean and write; a full disk ends the run (one line, counted as a
        failure): the page it stopped at and those after it are fetched next run."""
        requests = [item.request for item in wanted]
        try:
            pages = fetched_pages(requests, self.job.fetch)
            async for result in extract_pages(
                pages, executor=pool, clean_config=self._config_for
            ):
                self._handle(result)
        except OutputError as error:
            log.error("%s; run stopped", error)
            self.counts["failed"] += 1
            self.counts["output_errors"] += 1

    def _config_for(self, page: Page) -> CleanConfig:
        """The job's cleaner options with the learned template blocks of the page's site."""
        blocks = self.templates.get(site_of(page.name), frozenset())
        return dataclasses.replace(self.job.clean, template_blocks=blocks)

    def _plan(self) -> tuple[Planned, ...]:
        found = asyncio.run(discover(self.job.sources, self.job.fetch))
        for url, reason in found.failures:
            log.warning("source %s: %s", url, reason)
        self.counts["source_errors"] = len(found.failures)
        self.counts["discovered"] = len(found.entries)
        states = self.store.url_states(entry.url for entry in found.entries)
        plan = tuple(decide(entry, states.get(entry.url), self.now) for entry in found.entries)
        self.counts["skipped"] = sum(item.action == "skip" for item in plan)
        if self.job.templates.enabled:
            for site in sorted({site_of(item.entry.url) for item in plan}):
                self.templates[site] = self.store.template_blocks(
                    site, self.job.templates.min_pages
                )
        return plan

    def _begin(self) -> None:
        spec = self.job.output
        name = output_name(self.started) if spec.kind == "jsonl" else spec.table
        self.run_id = self.store.begin_run(started=self.started, output=name)
        if spec.kind == "jsonl" and spec.directory is not None:
            self.file = JsonlRunFile(spec.directory, name)

    def _report(
        self,
        output: Path | None,
        plan: tuple[Planned, ...],
        *,
        dry_run: bool = False,
        repaired: tuple[int, ...] = (),
    ) -> RunReport:
        return RunReport(
            run_id=self.run_id or None,
            started=self.started,
            ended=_iso(time.time()),
            dry_run=dry_run,
            output=output,
            counts=dict(sorted(self.counts.items())),
            planned=plan,
            repaired=repaired,
        )

    # --- one page

    def _handle(self, result: PageResult) -> None:
        planned, page = self.states[result.name], result.page.fetched
        assert page is not None
        self.counts["fetched"] += 1
        if page.error is not None:
            self._fail(planned, page.status, f"{page.error.kind}: {page.error}")
        elif result.unchanged:
            self.counts["not_modified"] += 1
            self.store.record_page(self._record(planned, page))
        elif result.document is None:
            self._extract_failed(planned, page, result.error)
        else:
            self._clean(planned, page, result)

    def _record(
        self,
        planned: Planned,
        page: FetchedPage,
        *,
        body_hash: str | None = None,
        content_hash: str | None = None,
        signature: bytes | None = None,
    ) -> PageRecord:
        url = planned.entry.url
        return PageRecord(
            url=url,
            site=site_of(url),
            now=page.fetched_at or self.started,
            status=page.status,
            etag=page.etag,
            last_modified=page.last_modified,
            source_lastmod=planned.entry.lastmod,
            body_hash=body_hash,
            content_hash=content_hash,
            signature=signature,
        )

    def _fail(self, planned: Planned, status: int, reason: str, *, final: bool = False) -> None:
        attempts = (planned.state.attempts if planned.state else 0) + 1
        retry_at, gave_up = failure_schedule(attempts, self.now, self.job.retry)
        url = planned.entry.url
        self.counts["failed"] += 1
        self.counts["gave_up"] += gave_up or final
        log.warning("%s: %s%s", url, reason, " (giving up)" if gave_up or final else "")
        self.store.record_failure(
            Failure(
                url=url,
                site=site_of(url),
                now=self.started,
                status=status,
                error=reason,
                attempts=attempts,
                retry_at=None if final else retry_at,
                gave_up=gave_up or final,
            )
        )

    def _extract_failed(self, planned: Planned, page: FetchedPage, error: object) -> None:
        kind = error.kind if isinstance(error, ExtractFailed) else "extract"
        if kind in TRANSIENT_EXTRACT_FAILURES:
            self._fail(planned, page.status, f"extraction failed ({kind}): {error}")
        else:  # the page itself: the same next time
            self._fail(planned, page.status, f"not an article: {error}", final=True)

    def _clean(self, planned: Planned, page: FetchedPage, result: PageResult) -> None:
        body_hash = hashlib.sha256(page.body).hexdigest()
        if planned.state is not None and planned.state.body_hash == body_hash:
            self.counts["unchanged"] += 1
            self.store.record_page(self._record(planned, page))
            return
        self._dedup_or_write(planned, page, result, body_hash)

    def _dedup_or_write(
        self, planned: Planned, page: FetchedPage, result: PageResult, body_hash: str
    ) -> None:
        url, dedup, document = planned.entry.url, self.job.dedup, result.document
        assert document is not None
        near = dedup.near and document.word_count >= dedup.min_words
        sig = signature(document.text) if near else None
        record = self._record(
            planned, page, body_hash=body_hash, content_hash=document.sha256, signature=sig
        )
        holder = self.store.url_of_text(document.sha256)
        if holder == url:
            self.counts["unchanged"] += 1
            self.store.record_page(record)
            return
        if holder is None and sig is not None:
            others = [item for item in self.store.near_candidates(sig) if item[0] != url]
            holder = most_similar(sig, others, dedup.threshold)
            kind = "near"
        else:
            kind = "exact"
        if holder is not None:
            self.counts["duplicates" if kind == "exact" else "near_duplicates"] += 1
            log.info("%s: %s duplicate of %s", url, kind, holder)
            self.store.record_duplicate(record, kind=kind, of_url=holder, run_id=self.run_id)
            return
        self._write(planned, result, document, record)

    def _write(
        self, planned: Planned, result: PageResult, document: Document, record: PageRecord
    ) -> None:
        first = planned.state is None or planned.state.content_hash is None
        blocks: frozenset[str] = frozenset()
        if first and self.job.templates.enabled:
            blocks = template_fingerprints(document)
        data = result.to_dict()
        written = Written(
            sha256=document.sha256, run_id=self.run_id, signature=record.signature, blocks=blocks
        )
        if self.file is not None:
            written = dataclasses.replace(written, output_bytes=self.file.append(data))
        else:
            written = dataclasses.replace(written, row=json.dumps(data, ensure_ascii=False))
        table = self.job.output.table if self.file is None else None
        self.store.record_written(record, written, table)
        self.counts["written"] += 1
        log.info("%s: written (%d words)", planned.entry.url, document.word_count)

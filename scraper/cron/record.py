"""The recorder: each page's result into the state store and the run's output, in the
run's own thread, one page at a time.

fetch failed          a failure, retried with backoff (given up after `max_attempts`)
304, or same body     recorded as seen, nothing written
no article            given up at once (the page itself; the same next time), unless
                      the cause was of the moment (`TRANSIENT_EXTRACT_FAILURES`)
same text as another  an exact or near duplicate (`scraper.state.dedup`), not written
otherwise             written: the run file line fsync'ed, then the state commit that
                      records it (`scraper.cron.runfile`), the page's template blocks
                      counted for its site
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections import Counter

from cleaners import Document, template_fingerprints
from scraper.cron.job import JobConfig
from scraper.cron.plan import Planned, failure_schedule
from scraper.cron.runfile import JsonlRunFile
from scraper.engine import PageResult
from scraper.errors import ErrorKind
from scraper.fetch import FetchedPage
from scraper.sources.urls import site_of
from scraper.state import Failure, PageRecord, StateStore, Written
from scraper.state.dedup import most_similar, signature

log = logging.getLogger(__name__)

# Pages whose extraction failed for a reason of the moment (the machine's load, a
# worker that died) are retried with the usual backoff; any other failure is the page's.
TRANSIENT_EXTRACT_FAILURES: frozenset[ErrorKind] = frozenset({"extraction_timeout", "crash"})


class Recorder:
    """Records the results of one run (`run_id`), counting what became of each page."""

    def __init__(
        self,
        job: JobConfig,
        store: StateStore,
        *,
        run_id: int,
        started: str,
        now: float,
        planned: tuple[Planned, ...],
        file: JsonlRunFile | None,
    ) -> None:
        self.job, self.store, self.run_id, self.file = job, store, run_id, file
        self.started, self.now = started, now
        self.planned = {item.entry.url: item for item in planned}
        self.counts: Counter[str] = Counter()

    def record(self, result: PageResult) -> None:
        planned, page = self.planned[result.name], result.page.fetched
        assert page is not None, "the cron run's pages are fetched"
        self.counts["fetched"] += 1
        if page.error is not None:
            self._fail(planned, page.status, f"{page.error.kind}: {page.error}")
        elif result.unchanged:
            self.counts["not_modified"] += 1
            self.store.record_page(self._page_record(planned, page))
        elif result.document is None:
            self._extract_failed(planned, page, result)
        elif self._same_body(planned, page):
            self.counts["unchanged"] += 1
            self.store.record_page(self._page_record(planned, page))
        else:
            self._dedup_or_write(planned, page, result, result.document)

    def _page_record(
        self,
        planned: Planned,
        page: FetchedPage,
        *,
        content_hash: str | None = None,
        signature: bytes | None = None,
    ) -> PageRecord:
        url = planned.entry.url
        has_body = content_hash is not None
        return PageRecord(
            url=url,
            site=site_of(url),
            now=page.fetched_at or self.started,
            status=page.status,
            etag=page.etag,
            last_modified=page.last_modified,
            source_lastmod=planned.entry.lastmod,
            body_hash=hashlib.sha256(page.body).hexdigest() if has_body else None,
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

    def _extract_failed(self, planned: Planned, page: FetchedPage, result: PageResult) -> None:
        kind, error = result.kind, result.error
        if kind in TRANSIENT_EXTRACT_FAILURES:
            self._fail(planned, page.status, f"extraction failed ({kind}): {error}")
        else:  # the page itself: the same next time
            self._fail(planned, page.status, f"not an article: {error}", final=True)

    def _same_body(self, planned: Planned, page: FetchedPage) -> bool:
        known = planned.state.body_hash if planned.state is not None else None
        return known is not None and known == hashlib.sha256(page.body).hexdigest()

    def _dedup_or_write(
        self, planned: Planned, page: FetchedPage, result: PageResult, document: Document
    ) -> None:
        url, dedup = planned.entry.url, self.job.dedup
        near = dedup.near and document.word_count >= dedup.min_words
        sig = signature(document.text) if near else None
        record = self._page_record(planned, page, content_hash=document.sha256, signature=sig)
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

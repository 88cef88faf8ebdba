"""The recorder: each page's result into the run's output and the state store, in the
run's own thread, one page at a time, so that a run killed at any moment (or stopped
by a full disk) is finished by the next one with every page written exactly once.

fetch failed          a failure, retried with backoff (given up after `max_attempts`)
304, or same body     recorded as seen, nothing written
no article            given up at once (the page itself; the same next time), unless
                      the cause was of the moment (`TRANSIENT_EXTRACT_FAILURES`)
same text as another  an exact or near duplicate (`scraper.state.dedup`), not written
otherwise             written: the run file line, then the state commit that records
                      it, the page's template blocks counted for its site

The rule that makes a run safe to replay: JSONL output is one file per run,
`run-<start time>.jsonl` in the job's directory, written as a hidden
`.run-....jsonl.part` and renamed when the run ends. Each line is written and fsync'ed
*before* the state commit that records it together with the file's new length
(`runs.output_bytes`). So after a kill, the part file holds the committed lines plus
at most one uncommitted (maybe partial) line; `repair` cuts the file back to the
committed length and publishes it. The uncommitted page was never recorded, so the
next run fetches and writes it again: nothing lost, nothing twice.

Every write is checked whole (a short write is continued, a failed one undone): a
full disk (ENOSPC, or EFBIG at a file size limit) raises `OutputError` with the file
holding only whole, committed lines, and nothing is committed for the line that
failed. A state commit that cannot be written (`StateWriteError`) leaves the line in
the file uncommitted, as a kill would, for `repair` to cut. Either way the run ends,
and the next one fetches that page again.

Table output (SQLite, PostgreSQL): the document row is inserted in the state commit
itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from collections import Counter
from pathlib import Path
from typing import Any

from cleaners import Document, template_fingerprints
from scraper.cron.job import JobConfig, OutputSpec
from scraper.cron.plan import Planned, failure_schedule
from scraper.engine import PageResult
from scraper.errors import ErrorKind, OutputError
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


# --- the run file


def output_name(started: str) -> str:
    stamp = started.replace("+00:00", "Z").replace("-", "").replace(":", "")
    return f"run-{stamp}.jsonl"


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class JsonlRunFile:
    """The run's JSONL file, opened on the first document (no empty files)."""

    def __init__(self, directory: Path, name: str) -> None:
        self.final = directory / name
        self.part = directory / f".{name}.part"
        self._fd: int | None = None
        self.size = 0

    def append(self, record: dict[str, Any]) -> int:
        """Write one line and fsync it; return the file's new length."""
        if self._fd is None:
            self.final.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.part, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            _fsync_dir(self.part.parent)
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            _write_all(self._fd, line)
            os.fsync(self._fd)
        except OSError as error:
            self._undo()
            raise OutputError(f"{self.part}: cannot write: {error.strerror or error}") from None
        self.size += len(line)
        return self.size

    def cut_back(self, size: int) -> None:
        """Take back what was appended after `size` bytes, whose commit did not happen
        (a cooperating worker's lease was lost): the next line starts there."""
        if self._fd is not None and size < self.size:
            self.size = size
            self._undo()

    def _undo(self) -> None:
        """Cut the file back to its last whole line (what the state has committed)."""
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, self.size)
            os.fsync(self._fd)
        except OSError:
            pass  # `repair` cuts it on the next run: the state holds the true length

    def publish(self) -> Path | None:
        """Rename the finished file into place (None when no document was written)."""
        if self._fd is None:
            return None
        os.close(self._fd)
        self._fd = None
        if not self.size:  # every write failed: no empty files
            self.part.unlink(missing_ok=True)
            return None
        os.replace(self.part, self.final)
        _fsync_dir(self.final.parent)
        return self.final


def _write_all(fd: int, data: bytes) -> None:
    """Write all of `data`: `os.write` may write less (a signal, a nearly full disk)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(28, "No space left on device")
        view = view[written:]


def repair(store: StateStore, spec: OutputSpec, now: str) -> list[int]:
    """Close the runs a kill left open: cut their files to what was committed."""
    repaired = []
    for run in store.unfinished_runs():
        if spec.kind in ("jsonl", "parquet") and spec.directory is not None and run.output:
            _cut(spec.directory, run.output, run.output_bytes)
            if spec.kind == "parquet" and (spec.directory / run.output).exists():
                run_parquet(spec.directory / run.output)
        store.finish_run(run.id, ended=now, counts={"interrupted": 1}, exit_status=-1)
        repaired.append(run.id)
    return repaired


def run_parquet(path: Path) -> Path:
    """The published JSONL run file converted to Parquet beside it (then removed).

    Run again after a kill (by `repair`), it converts the file again: the JSONL file
    goes only once the Parquet file is in place.
    """
    from scraper.parquet import jsonl_to_parquet

    target = path.with_suffix(".parquet")
    jsonl_to_parquet(path, target)
    path.unlink()
    _fsync_dir(path.parent)
    return target


def _cut(directory: Path, name: str, length: int) -> None:
    part, final = directory / f".{name}.part", directory / name
    for path in (part, final):
        # Only ever shorter: a file shorter than its committed length is left as it is
        # (extending it would pad it with NUL bytes).
        if path.exists() and path.stat().st_size > length:
            with open(path, "r+b") as handle:
                handle.truncate(length)
                handle.flush()
                os.fsync(handle.fileno())
    if part.exists():
        if length:
            os.replace(part, final)
        else:
            part.unlink()
        _fsync_dir(directory)

"""The state store's interface: what a run needs to remember between runs.

Two implementations: `SQLiteStore` (one file, WAL mode) and `PostgresStore`
(`scraper.state.postgres`, the same schema; `scraper.state.frontier.WorkerStore` adds
what cooperating workers share). Another database can be added by implementing
`StateStore`. Times are ISO 8601 UTC strings; `retry_at` is Unix seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class UrlState:
    """Everything remembered about one URL."""

    url: str
    site: str
    first_seen: str
    last_seen: str
    last_status: int | None = None
    last_error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    source_lastmod: str | None = None
    body_hash: str | None = None
    content_hash: str | None = None
    signature: bytes | None = None
    attempts: int = 0
    retry_at: float | None = None
    gave_up: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class PageRecord:
    """What one successful answer (200 or 304) tells the store about its URL."""

    url: str
    site: str
    now: str
    status: int
    etag: str | None = None
    last_modified: str | None = None
    source_lastmod: str | None = None
    body_hash: str | None = None
    content_hash: str | None = None
    signature: bytes | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Written:
    """A document that was just made durable in the output, to record in one commit.

    output_bytes: the run file's committed length after this document (JSONL output).
    row: the JSON document for a table output, written in the same transaction.
    blocks: fingerprints of the page's text blocks, counted once per page for its site.
    """

    sha256: str
    run_id: int
    signature: bytes | None
    output_bytes: int | None = None
    row: str | None = None
    blocks: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    url: str
    site: str
    now: str
    status: int
    error: str
    attempts: int
    retry_at: float | None
    gave_up: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RunRecord:
    id: int
    started: str
    ended: str | None = None
    output: str | None = None
    output_bytes: int = 0
    exit_status: int | None = None
    counts: Mapping[str, int] = field(default_factory=dict)


class StateStore(Protocol):
    """The small interface a run uses; every method commits before it returns."""

    def close(self) -> None: ...

    def begin_run(self, *, started: str, output: str | None) -> int: ...

    def finish_run(
        self, run_id: int, *, ended: str, counts: Mapping[str, int], exit_status: int
    ) -> None: ...

    def unfinished_runs(self) -> list[RunRecord]: ...

    def recent_runs(self, limit: int) -> list[RunRecord]: ...

    def totals(self) -> dict[str, int]: ...

    def url_states(self, urls: Iterable[str]) -> dict[str, UrlState]: ...

    def touch(self, seen: Iterable[tuple[str, str]], now: str) -> None: ...

    def record_page(self, record: PageRecord) -> None: ...

    def record_written(self, record: PageRecord, written: Written, table: str | None) -> None: ...

    def record_duplicate(
        self, record: PageRecord, *, kind: str, of_url: str, run_id: int
    ) -> None: ...

    def record_failure(self, failure: Failure) -> None: ...

    def url_of_text(self, sha256: str) -> str | None: ...

    def near_candidates(self, signature: bytes) -> list[tuple[str, bytes]]: ...

    def template_blocks(self, site: str, min_pages: int) -> frozenset[str]: ...

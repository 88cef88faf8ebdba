"""`SQLiteStore`: the state store in one SQLite file, WAL mode, schema versioned.

The schema version is SQLite's `user_version`; `MIGRATIONS[i]` takes a database from
version i to i + 1, each in its own transaction. A file newer than this code is refused.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from scraper.errors import StateError, StateWriteError
from scraper.state.dedup import band_keys
from scraper.state.store import Failure, PageRecord, RunRecord, UrlState, Written

MIGRATIONS: tuple[str, ...] = (
    # 1: URLs, written documents, runs.
    """
    CREATE TABLE urls (
        url TEXT PRIMARY KEY, site TEXT NOT NULL,
        first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
        last_status INTEGER, last_error TEXT, etag TEXT, last_modified TEXT,
        source_lastmod TEXT, body_hash TEXT, content_hash TEXT, signature BLOB,
        attempts INTEGER NOT NULL DEFAULT 0, retry_at REAL, gave_up INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE documents (
        sha256 TEXT PRIMARY KEY, url TEXT NOT NULL, run_id INTEGER NOT NULL, signature BLOB
    );
    CREATE TABLE document_bands (band INTEGER NOT NULL, sha256 TEXT NOT NULL);
    CREATE INDEX document_bands_band ON document_bands (band);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY, started TEXT NOT NULL, ended TEXT, output TEXT,
        output_bytes INTEGER NOT NULL DEFAULT 0, exit_status INTEGER, counts TEXT
    );
    """,
    # 2: duplicates seen, and per-site template block counts.
    """
    CREATE TABLE duplicates (
        url TEXT NOT NULL, sha256 TEXT NOT NULL, kind TEXT NOT NULL, of_url TEXT NOT NULL,
        run_id INTEGER NOT NULL, PRIMARY KEY (url, sha256)
    );
    CREATE TABLE template_blocks (
        site TEXT NOT NULL, fingerprint TEXT NOT NULL, pages INTEGER NOT NULL,
        PRIMARY KEY (site, fingerprint)
    ) WITHOUT ROWID;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
# Names an output table may not take: the state's own tables and indexes, and
# SQLite's reserved prefix.
RESERVED_NAMES = frozenset(
    name.lower() for name in re.findall(r"CREATE (?:TABLE|INDEX) (\w+)", "".join(MIGRATIONS))
)


def reserved_table_name(name: str) -> bool:
    """True when `name` would clash with the state schema (or SQLite's own tables)."""
    return name.lower() in RESERVED_NAMES or name.lower().startswith("sqlite_")


# SQLite's primary codes for a write that could not reach the disk: SQLITE_FULL (a full
# disk, a short write) and SQLITE_IOERR (EFBIG at a file size limit, a failed fsync).
WRITE_FAILURES = frozenset({sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR})


@contextmanager
def _translated(path: Path, *, writing: bool = False) -> Iterator[None]:
    """sqlite3 errors become one-line `StateError`s naming the file; while `writing`,
    a write that could not reach the disk is a `StateWriteError`."""
    try:
        yield
    except sqlite3.Error as error:
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code
        if writing and code in WRITE_FAILURES:
            raise StateWriteError(f"{path}: cannot write the state: {error}") from None
        raise StateError(f"{path}: state database error: {error}") from None


class SQLiteStore:
    """The state store in a SQLite file (created, or migrated, when opened)."""

    def __init__(self, path: str | Path, *, migrate_to: int = SCHEMA_VERSION) -> None:
        self.path = Path(path)
        with _translated(self.path, writing=True):
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._migrate(migrate_to)

    @classmethod
    def open_readonly(cls, path: str | Path) -> SQLiteStore:
        """Open an existing state database to read it only (no migration, no writes)."""
        store = cls.__new__(cls)
        store.path = Path(path)
        with _translated(store.path):
            store._db = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True)
            store._db.row_factory = sqlite3.Row
            found = store.version
        if found != SCHEMA_VERSION:
            store.close()
            what = "not a state database" if found == 0 else f"schema version {found}"
            raise StateError(f"{store.path}: {what}; this program reads {SCHEMA_VERSION}")
        return store

    @property
    def version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, target: int) -> None:
        if self.version > SCHEMA_VERSION:
            raise StateError(
                f"{self.path}: schema version {self.version} is newer than this program "
                f"knows ({SCHEMA_VERSION}); upgrade scraper"
            )
        while self.version < target:
            step = self.version
            with self._tx() as db:
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {step + 1}")

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction; on any failure, the COMMIT's own included (a full disk),
        it is rolled back if SQLite has not done so already."""
        with _translated(self.path, writing=True):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    with suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with _translated(self.path):
            return self._db.execute(sql, tuple(params)).fetchall()

    def close(self) -> None:
        self._db.close()

    # --- runs

    def begin_run(self, *, started: str, output: str | None) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO runs (started, output) VALUES (?, ?)", (started, output)
            )
            return int(cursor.lastrowid or 0)

    def finish_run(
        self, run_id: int, *, ended: str, counts: Mapping[str, int], exit_status: int
    ) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE runs SET ended = ?, counts = ?, exit_status = ? WHERE id = ?",
                (ended, json.dumps(dict(counts), sort_keys=True), exit_status, run_id),
            )

    def unfinished_runs(self) -> list[RunRecord]:
        rows = self._query("SELECT * FROM runs WHERE ended IS NULL ORDER BY id")
        return [_run(row) for row in rows]

    def recent_runs(self, limit: int) -> list[RunRecord]:
        rows = self._query("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [_run(row) for row in rows]

    def totals(self) -> dict[str, int]:
        queries = {
            "urls": "SELECT count(*) FROM urls",
            "documents": "SELECT count(*) FROM documents",
            "duplicates": "SELECT count(*) FROM duplicates",
            "failing": "SELECT count(*) FROM urls WHERE last_error IS NOT NULL AND gave_up = 0",
            "gave_up": "SELECT count(*) FROM urls WHERE gave_up = 1",
            "runs": "SELECT count(*) FROM runs",
            "template_blocks": "SELECT count(*) FROM template_blocks",
        }
        return {name: int(self._query(sql)[0][0]) for name, sql in queries.items()}

    # --- URLs

    def url_states(self, urls: Iterable[str]) -> dict[str, UrlState]:
        wanted = list(urls)
        states: dict[str, UrlState] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._query(f"SELECT * FROM urls WHERE url IN ({marks})", chunk):
                states[row["url"]] = _url_state(row)
        return states

    def touch(self, seen: Iterable[tuple[str, str]], now: str) -> None:
        with self._tx() as db:
            db.executemany(
                "INSERT INTO urls (url, site, first_seen, last_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET last_seen = excluded.last_seen",
                [(url, site, now, now) for url, site in seen],
            )

    def record_page(self, record: PageRecord) -> None:
        with self._tx() as db:
            _update_url(db, record)

    def record_written(self, record: PageRecord, written: Written, table: str | None) -> None:
        with self._tx() as db:
            _update_url(db, record)
            db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?)",
                (written.sha256, record.url, written.run_id, written.signature),
            )
            if written.signature is not None:
                db.executemany(
                    "INSERT INTO document_bands VALUES (?, ?)",
                    [(key, written.sha256) for key in band_keys(written.signature)],
                )
            if written.output_bytes is not None:
                db.execute(
                    "UPDATE runs SET output_bytes = ? WHERE id = ?",
                    (written.output_bytes, written.run_id),
                )
            if table and written.row is not None:
                _insert_row(db, table, record.url, written)
            db.executemany(
                "INSERT INTO template_blocks VALUES (?, ?, 1) "
                "ON CONFLICT DO UPDATE SET pages = pages + 1",
                [(record.site, fp) for fp in sorted(written.blocks)],
            )

    def record_duplicate(self, record: PageRecord, *, kind: str, of_url: str, run_id: int) -> None:
        with self._tx() as db:
            _update_url(db, record)
            db.execute(
                "INSERT OR REPLACE INTO duplicates VALUES (?, ?, ?, ?, ?)",
                (record.url, record.content_hash, kind, of_url, run_id),
            )

    def record_failure(self, failure: Failure) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE urls SET last_status = ?, last_error = ?, attempts = ?, retry_at = ?, "
                "gave_up = ? WHERE url = ?",
                (
                    failure.status,
                    failure.error,
                    failure.attempts,
                    failure.retry_at,
                    int(failure.gave_up),
                    failure.url,
                ),
            )

    # --- dedup and templates

    def url_of_text(self, sha256: str) -> str | None:
        rows = self._query("SELECT url FROM documents WHERE sha256 = ?", (sha256,))
        return str(rows[0][0]) if rows else None

    def near_candidates(self, signature: bytes) -> list[tuple[str, bytes]]:
        keys = band_keys(signature)
        marks = ",".join("?" * len(keys))
        rows = self._query(
            "SELECT url, signature FROM documents WHERE sha256 IN "
            f"(SELECT sha256 FROM document_bands WHERE band IN ({marks})) ORDER BY rowid",
            keys,
        )
        return [(str(row[0]), bytes(row[1])) for row in rows]

    def template_blocks(self, site: str, min_pages: int) -> frozenset[str]:
        rows = self._query(
            "SELECT fingerprint FROM template_blocks WHERE site = ? AND pages >= ?",
            (site, min_pages),
        )
        return frozenset(str(row[0]) for row in rows)


def _update_url(db: sqlite3.Connection, record: PageRecord) -> None:
    db.execute(
        "UPDATE urls SET last_status = ?, last_error = NULL, attempts = 0, retry_at = NULL, "
        "gave_up = 0, etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
        "source_lastmod = coalesce(?, source_lastmod), body_hash = coalesce(?, body_hash), "
        "content_hash = coalesce(?, content_hash), signature = coalesce(?, signature) "
        "WHERE url = ?",
        (
            record.status,
            record.etag,
            record.last_modified,
            record.source_lastmod,
            record.body_hash,
            record.content_hash,
            record.signature,
            record.url,
        ),
    )


def _insert_row(db: sqlite3.Connection, table: str, url: str, written: Written) -> None:
    # `table` is checked to be a plain identifier when the job file is read.
    db.execute(
        f'CREATE TABLE IF NOT EXISTS "{table}" '
        "(sha256 TEXT PRIMARY KEY, url TEXT NOT NULL, run_id INTEGER NOT NULL, document TEXT)"
    )
    db.execute(
        f'INSERT INTO "{table}" VALUES (?, ?, ?, ?)',
        (written.sha256, url, written.run_id, written.row),
    )


def _url_state(row: sqlite3.Row) -> UrlState:
    values = dict(row)
    values["gave_up"] = bool(values["gave_up"])
    return UrlState(**values)


def _run(row: sqlite3.Row) -> RunRecord:
    counts = json.loads(row["counts"]) if row["counts"] else {}
    return RunRecord(
        id=row["id"],
        started=row["started"],
        ended=row["ended"],
        output=row["output"],
        output_bytes=row["output_bytes"],
        exit_status=row["exit_status"],
        counts=counts,
    )

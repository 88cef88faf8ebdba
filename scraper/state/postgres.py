"""`PostgresStore`: the state store in a PostgreSQL database (psycopg 3), schema versioned.

The twin of `SQLiteStore`: the same tables, the same `StateStore` methods, each
committing before it returns. The schema version is the one row of `scraper_schema`;
`MIGRATIONS[i]` takes a database from version i to i + 1, each in its own transaction
under an advisory lock, so workers starting together migrate once. A database newer
than this code is refused. Versions 1 and 2 are SQLite's; versions 3 to 5 add what
cooperating workers share (`scraper.state.frontier`): run windows, claimed URLs
with leases, each host's next allowed request time and its requests in flight.

psycopg comes with the extra `postgres`; without it, opening a store is one line
naming the extra.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from scraper.errors import StateError
from scraper.extras import require
from scraper.state.dedup import band_keys
from scraper.state.location import DatabaseURL
from scraper.state.store import Failure, PageRecord, RunRecord, UrlState, Written

if TYPE_CHECKING:
    import psycopg

MIGRATIONS: tuple[str, ...] = (
    # 1: URLs, written documents, runs.
    """
    CREATE TABLE urls (
        url TEXT PRIMARY KEY, site TEXT NOT NULL,
        first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
        last_status INTEGER, last_error TEXT, etag TEXT, last_modified TEXT,
        source_lastmod TEXT, body_hash TEXT, content_hash TEXT, signature BYTEA,
        attempts INTEGER NOT NULL DEFAULT 0, retry_at DOUBLE PRECISION,
        gave_up BOOLEAN NOT NULL DEFAULT FALSE
    );
    CREATE TABLE documents (
        seq BIGSERIAL UNIQUE, sha256 TEXT PRIMARY KEY, url TEXT NOT NULL,
        run_id BIGINT NOT NULL, signature BYTEA
    );
    CREATE TABLE document_bands (band BIGINT NOT NULL, sha256 TEXT NOT NULL);
    CREATE INDEX document_bands_band ON document_bands (band);
    CREATE TABLE runs (
        id BIGSERIAL PRIMARY KEY, started TEXT NOT NULL, ended TEXT, output TEXT,
        output_bytes BIGINT NOT NULL DEFAULT 0, exit_status INTEGER, counts TEXT
    );
    """,
    # 2: duplicates seen, and per-site template block counts.
    """
    CREATE TABLE duplicates (
        url TEXT NOT NULL, sha256 TEXT NOT NULL, kind TEXT NOT NULL, of_url TEXT NOT NULL,
        run_id BIGINT NOT NULL, PRIMARY KEY (url, sha256)
    );
    CREATE TABLE template_blocks (
        site TEXT NOT NULL, fingerprint TEXT NOT NULL, pages INTEGER NOT NULL,
        PRIMARY KEY (site, fingerprint)
    );
    """,
    # 3: cooperating workers: run windows, leased URLs, hosts' next allowed time.
    """
    ALTER TABLE runs ADD COLUMN worker TEXT;
    ALTER TABLE runs ADD COLUMN heartbeat DOUBLE PRECISION;
    CREATE TABLE windows (
        id BIGSERIAL PRIMARY KEY, opened DOUBLE PRECISION NOT NULL,
        discoverer TEXT, discovery_until DOUBLE PRECISION,
        discovered BOOLEAN NOT NULL DEFAULT FALSE,
        closed BOOLEAN NOT NULL DEFAULT FALSE
    );
    CREATE TABLE frontier (
        window_id BIGINT NOT NULL, position INTEGER NOT NULL, url TEXT NOT NULL,
        lastmod TEXT, action TEXT NOT NULL, host TEXT NOT NULL,
        owner TEXT, lease_until DOUBLE PRECISION, done BOOLEAN NOT NULL DEFAULT FALSE,
        PRIMARY KEY (window_id, url)
    );
    CREATE INDEX frontier_open ON frontier (window_id, position) WHERE NOT done;
    CREATE TABLE hosts (host TEXT PRIMARY KEY, next_at DOUBLE PRECISION NOT NULL);
    """,
    # 4: when a window closed (workers arriving just after it do not open another).
    """
    ALTER TABLE windows ADD COLUMN closed_at DOUBLE PRECISION;
    """,
    # 5: requests in flight to a host, from all workers: one row per slot held, leased.
    """
    CREATE TABLE host_slots (
        host TEXT NOT NULL, slot INTEGER NOT NULL, owner TEXT NOT NULL,
        until DOUBLE PRECISION NOT NULL, PRIMARY KEY (host, slot)
    );
    CREATE INDEX host_slots_owner ON host_slots (owner);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
RESERVED_NAMES = frozenset(
    name.lower()
    for name in [
        "scraper_schema",
        *re.findall(r"CREATE (?:TABLE|INDEX) (\w+)", "".join(MIGRATIONS)),
    ]
)
# Advisory lock keys (arbitrary, fixed): schema changes, and output tables' creation.
MIGRATION_LOCK = 7_301_001
TABLE_LOCK = 7_301_002


def reserved_table_name(name: str) -> bool:
    """True when `name` would clash with the state schema (or PostgreSQL's own names)."""
    return name.lower() in RESERVED_NAMES or name.lower().startswith("pg_")


def connect(url: DatabaseURL, *, readonly: bool = False) -> psycopg.Connection[Any]:
    """An autocommit connection to `url` (psycopg errors become a `StateError`)."""
    require("psycopg", "postgres")
    import psycopg

    with translated(url):
        db = psycopg.connect(url.url, autocommit=True, connect_timeout=10)
        if readonly:
            db.execute("SET default_transaction_read_only = on")
        return db


@contextmanager
def translated(url: DatabaseURL) -> Iterator[None]:
    """psycopg errors become one-line `StateError`s naming the database (no secrets)."""
    import psycopg

    try:
        yield
    except psycopg.Error as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise StateError(f"{url}: state database error: {reason}") from None


def schema_version(url: DatabaseURL) -> int:
    """The schema version of the database at `url` (0: not a state database), read only."""
    store = PostgresStore.__new__(PostgresStore)
    store.url, store._db, store._tables = url, connect(url, readonly=True), set()
    try:
        return store.version
    finally:
        store.close()


class PostgresStore:
    """The state store in a PostgreSQL database (created, or migrated, when opened)."""

    def __init__(self, url: DatabaseURL | str, *, migrate_to: int = SCHEMA_VERSION) -> None:
        self.url = url if isinstance(url, DatabaseURL) else DatabaseURL(url)
        self._db = connect(self.url)
        self._tables: set[str] = set()
        try:
            self._migrate(migrate_to)
        except BaseException:
            self._db.close()
            raise

    @classmethod
    def open_readonly(cls, url: DatabaseURL | str) -> PostgresStore:
        """Open an existing state database to read it only (no migration, no writes)."""
        store = cls.__new__(cls)
        store.url = url if isinstance(url, DatabaseURL) else DatabaseURL(url)
        store._db = connect(store.url, readonly=True)
        store._tables = set()
        found = store.version
        if found != SCHEMA_VERSION:
            store.close()
            what = "not a state database" if found == 0 else f"schema version {found}"
            raise StateError(f"{store.url}: {what}; this program reads {SCHEMA_VERSION}")
        return store

    @property
    def version(self) -> int:
        with translated(self.url):
            exists = self._db.execute("SELECT to_regclass('scraper_schema')").fetchone()
            if exists is None or exists[0] is None:
                return 0
            row = self._db.execute("SELECT version FROM scraper_schema").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self, target: int) -> None:
        while True:
            with self.tx() as db:
                db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                db.execute("CREATE TABLE IF NOT EXISTS scraper_schema (version INTEGER NOT NULL)")
                step = self.version
                if step > SCHEMA_VERSION:
                    raise StateError(
                        f"{self.url}: schema version {step} is newer than this program "
                        f"knows ({SCHEMA_VERSION}); upgrade scraper"
                    )
                if step >= target:
                    return
                db.execute(MIGRATIONS[step])
                db.execute("DELETE FROM scraper_schema")
                db.execute("INSERT INTO scraper_schema VALUES (%s)", (step + 1,))

    @contextmanager
    def tx(self) -> Iterator[psycopg.Connection[Any]]:
        """One transaction: committed at the end of the block, rolled back on an error."""
        with translated(self.url), self._db.transaction():
            yield self._db

    def query(
        self, sql: str, params: Iterable[Any] | Mapping[str, Any] = ()
    ) -> list[tuple[Any, ...]]:
        values = params if isinstance(params, Mapping) else tuple(params)
        with translated(self.url):
            return self._db.execute(sql, values).fetchall()

    def close(self) -> None:
        self._db.close()

    # --- runs

    def begin_run(self, *, started: str, output: str | None) -> int:
        with self.tx() as db:
            row = db.execute(
                "INSERT INTO runs (started, output) VALUES (%s, %s) RETURNING id",
                (started, output),
            ).fetchone()
        assert row is not None
        return int(row[0])

    def finish_run(
        self, run_id: int, *, ended: str, counts: Mapping[str, int], exit_status: int
    ) -> None:
        with self.tx() as db:
            db.execute(
                "UPDATE runs SET ended = %s, counts = %s, exit_status = %s WHERE id = %s",
                (ended, json.dumps(dict(counts), sort_keys=True), exit_status, run_id),
            )

    def unfinished_runs(self) -> list[RunRecord]:
        return [run_record(row) for row in self.query(f"{_RUNS} WHERE ended IS NULL ORDER BY id")]

    def recent_runs(self, limit: int) -> list[RunRecord]:
        return [
            run_record(row) for row in self.query(f"{_RUNS} ORDER BY id DESC LIMIT %s", (limit,))
        ]

    def totals(self) -> dict[str, int]:
        queries = {
            "urls": "SELECT count(*) FROM urls",
            "documents": "SELECT count(*) FROM documents",
            "duplicates": "SELECT count(*) FROM duplicates",
            "failing": "SELECT count(*) FROM urls WHERE last_error IS NOT NULL AND NOT gave_up",
            "gave_up": "SELECT count(*) FROM urls WHERE gave_up",
            "runs": "SELECT count(*) FROM runs",
            "template_blocks": "SELECT count(*) FROM template_blocks",
        }
        return {name: int(self.query(sql)[0][0]) for name, sql in queries.items()}

    # --- URLs

    def url_states(self, urls: Iterable[str]) -> dict[str, UrlState]:
        rows = self.query(f"SELECT {_URL_COLUMNS} FROM urls WHERE url = ANY(%s)", (list(urls),))
        return {row[0]: _url_state(row) for row in rows}

    def touch(self, seen: Iterable[tuple[str, str]], now: str) -> None:
        with self.tx() as db, db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO urls (url, site, first_seen, last_seen) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (url) DO UPDATE SET last_seen = excluded.last_seen",
                [(url, site, now, now) for url, site in sorted(seen)],
            )

    def record_page(self, record: PageRecord) -> None:
        with self.tx() as db:
            _update_url(db, record)
            self._settle(db, record.url)

    def record_written(self, record: PageRecord, written: Written, table: str | None) -> None:
        if table and written.row is not None:
            self._create_table(table)
        with self.tx() as db, db.cursor() as cursor:
            _update_url(db, record)
            self._settle(db, record.url)
            db.execute(
                "INSERT INTO documents (sha256, url, run_id, signature) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (sha256) DO NOTHING",
                (written.sha256, record.url, written.run_id, written.signature),
            )
            if written.signature is not None:
                cursor.executemany(
                    "INSERT INTO document_bands VALUES (%s, %s)",
                    [(key, written.sha256) for key in band_keys(written.signature)],
                )
            if written.output_bytes is not None:
                db.execute(
                    "UPDATE runs SET output_bytes = %s WHERE id = %s",
                    (written.output_bytes, written.run_id),
                )
            if table and written.row is not None:
                db.execute(
                    f'INSERT INTO "{table}" VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING',
                    (written.sha256, record.url, written.run_id, written.row),
                )
            cursor.executemany(
                "INSERT INTO template_blocks VALUES (%s, %s, 1) ON CONFLICT (site, fingerprint) "
                "DO UPDATE SET pages = template_blocks.pages + 1",
                [(record.site, fp) for fp in sorted(written.blocks)],
            )

    def _create_table(self, table: str) -> None:
        """The output table (`table` is checked to be a plain identifier at load)."""
        if table in self._tables:
            return
        with self.tx() as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (TABLE_LOCK,))
            db.execute(
                f'CREATE TABLE IF NOT EXISTS "{table}" (sha256 TEXT PRIMARY KEY, '
                "url TEXT NOT NULL, run_id BIGINT NOT NULL, document JSONB)"
            )
        self._tables.add(table)

    def record_duplicate(self, record: PageRecord, *, kind: str, of_url: str, run_id: int) -> None:
        with self.tx() as db:
            _update_url(db, record)
            self._settle(db, record.url)
            db.execute(
                "INSERT INTO duplicates VALUES (%s, %s, %s, %s, %s) ON CONFLICT (url, sha256) "
                "DO UPDATE SET kind = excluded.kind, of_url = excluded.of_url, "
                "run_id = excluded.run_id",
                (record.url, record.content_hash, kind, of_url, run_id),
            )

    def record_failure(self, failure: Failure) -> None:
        with self.tx() as db:
            db.execute(
                "UPDATE urls SET last_status = %s, last_error = %s, attempts = %s, "
                "retry_at = %s, gave_up = %s WHERE url = %s",
                (
                    failure.status,
                    failure.error,
                    failure.attempts,
                    failure.retry_at,
                    failure.gave_up,
                    failure.url,
                ),
            )
            self._settle(db, failure.url)

    def _settle(self, db: psycopg.Connection[Any], url: str) -> None:
        """Inside a page's commit: what else that commit must hold (a worker's lease)."""

    # --- dedup and templates

    def url_of_text(self, sha256: str) -> str | None:
        rows = self.query("SELECT url FROM documents WHERE sha256 = %s", (sha256,))
        return str(rows[0][0]) if rows else None

    def near_candidates(self, signature: bytes) -> list[tuple[str, bytes]]:
        rows = self.query(
            "SELECT url, signature FROM documents WHERE sha256 IN "
            "(SELECT sha256 FROM document_bands WHERE band = ANY(%s)) ORDER BY seq",
            (band_keys(signature),),
        )
        return [(str(row[0]), bytes(row[1])) for row in rows]

    def template_blocks(self, site: str, min_pages: int) -> frozenset[str]:
        rows = self.query(
            "SELECT fingerprint FROM template_blocks WHERE site = %s AND pages >= %s",
            (site, min_pages),
        )
        return frozenset(str(row[0]) for row in rows)


_URL_COLUMNS = (
    "url, site, first_seen, last_seen, last_status, last_error, etag, last_modified, "
    "source_lastmod, body_hash, content_hash, signature, attempts, retry_at, gave_up"
)
_RUNS = "SELECT id, started, ended, output, output_bytes, exit_status, counts FROM runs"


def _update_url(db: psycopg.Connection[Any], record: PageRecord) -> None:
    db.execute(
        "UPDATE urls SET last_status = %s, last_error = NULL, attempts = 0, retry_at = NULL, "
        "gave_up = FALSE, etag = coalesce(%s, etag), "
        "last_modified = coalesce(%s, last_modified), "
        "source_lastmod = coalesce(%s, source_lastmod), body_hash = coalesce(%s, body_hash), "
        "content_hash = coalesce(%s, content_hash), signature = coalesce(%s, signature) "
        "WHERE url = %s",
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


def _url_state(row: tuple[Any, ...]) -> UrlState:
    names = [name.strip() for name in _URL_COLUMNS.split(",")]
    values = dict(zip(names, row, strict=True))
    if values["signature"] is not None:
        values["signature"] = bytes(values["signature"])
    return UrlState(**values)


def run_record(row: tuple[Any, ...]) -> RunRecord:
    run_id, started, ended, output, output_bytes, exit_status, counts = row
    return RunRecord(
        id=int(run_id),
        started=started,
        ended=ended,
        output=output,
        output_bytes=int(output_bytes),
        exit_status=exit_status,
        counts=json.loads(counts) if counts else {},
    )

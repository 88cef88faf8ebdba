"""The state stores, SQLite on a real file and PostgreSQL on a real server, pass the same
tests: URLs, documents, runs, templates, migrations; then SQLite's own (WAL, the lock)."""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scraper.cron.lock import lock_path, run_lock
from scraper.errors import RunLocked, StateError
from scraper.state import SCHEMA_VERSION, Failure, PageRecord, SQLiteStore, StateStore, Written
from scraper.state.dedup import signature
from scraper.state.postgres import SCHEMA_VERSION as PG_SCHEMA_VERSION
from scraper.state.postgres import PostgresStore

NOW = "2024-05-01T12:00:00Z"
SIG = signature("the council voted to extend the night bus network to the suburbs")


Opener = Callable[..., Any]  # (migrate_to=...) -> a store on the test's database


@pytest.fixture(params=["sqlite", "postgresql"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """Opens a store of each kind on one database of this test (again and again)."""
    if request.param == "sqlite":
        return lambda **options: SQLiteStore(tmp_path / "state.db", **options)
    url = request.getfixturevalue("pg_url")
    return lambda **options: PostgresStore(url, **options)


@pytest.fixture
def store(opener: Opener) -> Iterator[Any]:
    opened = opener()
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    opened = SQLiteStore(tmp_path / "state.db")
    yield opened
    opened.close()


def rows(store: Any, sql: str) -> list[tuple[Any, ...]]:
    """Rows of a query on the store's own database, whatever its kind."""
    if isinstance(store, PostgresStore):
        return store.query(sql)
    return sqlite3.connect(store.path).execute(sql).fetchall()


def readonly(store: Any) -> Any:
    kind = type(store)
    return kind.open_readonly(store.url if isinstance(store, PostgresStore) else store.path)


def page(url: str, **values: object) -> PageRecord:
    return PageRecord(url=url, site="127.0.0.1", now=NOW, status=200, **values)  # type: ignore[arg-type]


def test_new_file_is_wal_and_current(sqlite_store: SQLiteStore) -> None:
    assert sqlite_store.version == SCHEMA_VERSION
    mode = sqlite3.connect(sqlite_store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_url_first_and_last_seen(store: StateStore) -> None:
    store.touch([("http://h/a", "h")], "2024-01-01T00:00:00Z")
    store.touch([("http://h/a", "h"), ("http://h/b", "h")], "2024-01-02T00:00:00Z")
    states = store.url_states(["http://h/a", "http://h/b", "http://h/c"])
    assert set(states) == {"http://h/a", "http://h/b"}
    assert states["http://h/a"].first_seen == "2024-01-01T00:00:00Z"
    assert states["http://h/a"].last_seen == "2024-01-02T00:00:00Z"


def test_written_document_is_recorded_with_validators_and_templates(store: StateStore) -> None:
    run = store.begin_run(started=NOW, output=None)
    store.touch([("http://h/a", "127.0.0.1")], NOW)
    record = page("http://h/a", etag='"v1"', content_hash="abc", signature=SIG)
    written = Written(
        sha256="abc",
        run_id=run,
        signature=SIG,
        output_bytes=120,
        blocks=frozenset({"f1", "f2"}),
    )
    store.record_written(record, written, table=None)
    state = store.url_states(["http://h/a"])["http://h/a"]
    assert (state.etag, state.content_hash, state.signature) == ('"v1"', "abc", SIG)
    assert store.url_of_text("abc") == "http://h/a"
    assert store.near_candidates(SIG) == [("http://h/a", SIG)]
    assert store.near_candidates(signature("an unrelated text about bread")) == []
    assert store.unfinished_runs()[0].output_bytes == 120
    assert store.template_blocks("127.0.0.1", 1) == {"f1", "f2"}
    assert store.template_blocks("127.0.0.1", 2) == frozenset()


def test_template_counts_grow_per_page_and_are_per_site(store: StateStore) -> None:
    run = store.begin_run(started=NOW, output=None)
    for number in range(3):
        url = f"http://h/{number}"
        store.touch([(url, "127.0.0.1")], NOW)
        blocks = frozenset({"footer", f"body{number}"})
        store.record_written(
            page(url),
            Written(sha256=str(number), run_id=run, signature=None, blocks=blocks),
            table=None,
        )
    assert store.template_blocks("127.0.0.1", 3) == {"footer"}
    assert store.template_blocks("other", 1) == frozenset()


def test_sqlite_output_row_is_written_in_the_same_transaction(store: StateStore) -> None:
    run = store.begin_run(started=NOW, output="articles")
    store.touch([("http://h/a", "h")], NOW)
    written = Written(sha256="s", run_id=run, signature=None, row='{"text": "x"}')
    store.record_written(page("http://h/a"), written, table="articles")
    found = rows(store, "SELECT url, document FROM articles")
    assert [(url, json.loads(doc) if isinstance(doc, str) else doc) for url, doc in found] == [
        ("http://h/a", {"text": "x"})
    ]


def test_failure_then_success_resets_attempts(store: StateStore) -> None:
    store.touch([("http://h/a", "h")], NOW)
    store.record_failure(
        Failure(
            url="http://h/a",
            site="h",
            now=NOW,
            status=503,
            error="503",
            attempts=2,
            retry_at=99.0,
            gave_up=False,
        )
    )
    state = store.url_states(["http://h/a"])["http://h/a"]
    assert (state.attempts, state.retry_at, state.last_error) == (2, 99.0, "503")
    assert store.totals()["failing"] == 1
    store.record_page(page("http://h/a", body_hash="b"))
    state = store.url_states(["http://h/a"])["http://h/a"]
    assert (state.attempts, state.retry_at, state.last_error) == (0, None, None)


def test_runs_are_listed_newest_first_with_counts(store: StateStore) -> None:
    first = store.begin_run(started="2024-01-01T00:00:00Z", output=None)
    store.finish_run(first, ended="2024-01-01T00:01:00Z", counts={"written": 3}, exit_status=0)
    second = store.begin_run(started="2024-01-02T00:00:00Z", output=None)
    assert [run.id for run in store.unfinished_runs()] == [second]
    runs = store.recent_runs(5)
    assert [run.id for run in runs] == [second, first]
    assert runs[1].counts == {"written": 3} and runs[1].exit_status == 0


def test_duplicate_is_recorded(store: StateStore) -> None:
    store.touch([("http://h2/a", "h2")], NOW)
    store.record_duplicate(
        page("http://h2/a", content_hash="s"), kind="near", of_url="http://h/a", run_id=1
    )
    assert store.totals()["duplicates"] == 1


def test_migration_from_version_1_keeps_data(opener: Opener) -> None:
    old = opener(migrate_to=1)
    assert old.version == 1
    old.touch([("http://h/a", "h")], NOW)
    old.close()
    new = opener()
    assert new.version == (PG_SCHEMA_VERSION if isinstance(new, PostgresStore) else SCHEMA_VERSION)
    assert "http://h/a" in new.url_states(["http://h/a"])
    assert new.template_blocks("h", 1) == frozenset()
    new.close()


def test_newer_schema_is_refused(opener: Opener) -> None:
    store = opener()
    if isinstance(store, PostgresStore):
        store.query("UPDATE scraper_schema SET version = version + 1 RETURNING version")
    else:
        sqlite3.connect(store.path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store.close()
    with pytest.raises(StateError, match="newer than this program knows"):
        opener()


def test_not_a_database_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "s.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StateError, match=r"s\.db: state database error"):
        SQLiteStore(tmp_path / "s.db")


def test_lock_is_exclusive_across_processes_and_released(tmp_path: Path) -> None:
    state = tmp_path / "s.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\nfrom scraper.cron.lock import run_lock\n"
            f"with run_lock(Path({str(state)!r})):\n print('held', flush=True)\n time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        expected = f"another run is active on .*pid {holder.pid}"
        with pytest.raises(RunLocked, match=expected), run_lock(state):
            pass
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    with run_lock(state):  # a killed holder leaves no stale lock
        pass


def test_open_readonly_reads_and_refuses_to_write(store: StateStore) -> None:
    store.touch([("http://h/a", "h")], NOW)
    reader = readonly(store)
    try:
        assert reader.totals()["urls"] == 1
        written = "attempt to write a readonly database|read-only transaction"
        with pytest.raises(StateError, match=written):
            reader.touch([("http://h/b", "h")], NOW)
    finally:
        reader.close()


def test_open_readonly_refuses_what_is_not_a_state_file(tmp_path: Path) -> None:
    (tmp_path / "empty.db").write_bytes(b"")
    with pytest.raises(StateError, match=r"empty\.db: not a state database; this program reads"):
        SQLiteStore.open_readonly(tmp_path / "empty.db")
    assert (tmp_path / "empty.db").read_bytes() == b""


def test_open_readonly_refuses_an_empty_postgres_database_and_creates_nothing(
    pg_url: str,
) -> None:
    with pytest.raises(StateError, match=r"test_\d+: not a state database; this program reads"):
        PostgresStore.open_readonly(pg_url)
    import psycopg

    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT to_regclass('scraper_schema')").fetchone() == (None,)


def test_lock_names_a_holder_that_writes_its_pid_late_not_a_dead_one(tmp_path: Path) -> None:
    state = tmp_path / "s.db"
    path = lock_path(state)
    path.write_text("999999999\n")  # left by a killed run: no such process
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # taken, but the pid is not written yet

        def write_pid() -> None:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)

        writer = threading.Timer(0.2, write_pid)
        writer.start()
        with pytest.raises(RunLocked, match=rf"\(pid {os.getpid()}\)$"), run_lock(state):
            pass
        writer.join()
    finally:
        os.close(fd)
    with run_lock(state):
        assert path.read_text() == f"{os.getpid()}\n"
    assert path.read_text() == ""  # cleared when the run ends

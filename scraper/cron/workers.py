"""Runs of a job whose state is a PostgreSQL database.

    [job]
    state = "postgresql://scraper@db.internal:5432/news"

The password comes from libpq (`PGPASSWORD`, `~/.pgpass`), never from the job file;
logs show the URL as written (it holds no secret).
"""

from __future__ import annotations

from concurrent.futures import Executor
from typing import TYPE_CHECKING

from scraper.cron.job import JobConfig
from scraper.state.location import DatabaseURL
from scraper.state.postgres import PostgresStore, schema_version
from scraper.state.sqlite import SQLiteStore

if TYPE_CHECKING:
    from scraper.cron.run import RunReport


def run_worker(
    job: JobConfig, url: DatabaseURL, *, dry_run: bool = False, executor: Executor | None = None
) -> RunReport:
    """Run `job` once on the PostgreSQL state at `url`."""
    from scraper.cron.run import execute_run

    if dry_run:
        return _dry_run(job, url)
    store = PostgresStore(url)
    try:
        return execute_run(job, store, executor=executor)
    finally:
        store.close()


def _dry_run(job: JobConfig, url: DatabaseURL) -> RunReport:
    """Plan from the state as it is (read-only); an empty database is an empty state."""
    from scraper.cron.run import plan_run

    store: PostgresStore | SQLiteStore
    if schema_version(url) == 0:
        store = SQLiteStore(":memory:")
    else:
        store = PostgresStore.open_readonly(url)
    try:
        return plan_run(job, store)
    finally:
        store.close()

"""Runs of a job whose state is a PostgreSQL database.

    [job]
    state = "postgresql://scraper@db.internal:5432/news"

The password comes from libpq (`PGPASSWORD`, `~/.pgpass`), never from the job file;
logs show the URL as written (it holds no secret).
"""

from __future__ import annotations

import time
from concurrent.futures import Executor
from typing import TYPE_CHECKING

from scraper.job import JobConfig
from scraper.state.location import DatabaseURL
from scraper.state.postgres import PostgresStore, schema_version
from scraper.state.sqlite import SQLiteStore

if TYPE_CHECKING:
    from scraper.run import RunReport


def run_worker(
    job: JobConfig, url: DatabaseURL, *, dry_run: bool = False, executor: Executor | None = None
) -> RunReport:
    """Run `job` once on the PostgreSQL state at `url`."""
    from scraper.run import _Run

    if dry_run:
        return _dry_run(job, url)
    store = PostgresStore(url)
    try:
        return _Run(job, store, time.time()).execute(executor)
    finally:
        store.close()


def _dry_run(job: JobConfig, url: DatabaseURL) -> RunReport:
    """Plan from the state as it is (read-only); an empty database is an empty state."""
    from scraper.run import _Run

    store: PostgresStore | SQLiteStore
    if schema_version(url) == 0:
        store = SQLiteStore(":memory:")
    else:
        store = PostgresStore.open_readonly(url)
    try:
        return _Run(job, store, time.time()).plan_only()
    finally:
        store.close()

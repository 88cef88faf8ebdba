"""`scraper state STATE`: what a job's state database holds, and its last runs.

STATE is a SQLite file or a postgresql:// URL (the job's `[job] state`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scraper.cli.common import EXIT_USAGE, report_failure
from scraper.errors import ConfigError, StateError
from scraper.state import RunRecord, SQLiteStore
from scraper.state.location import DatabaseURL, is_database_url, password_problem

if TYPE_CHECKING:
    from scraper.state.postgres import PostgresStore


@click.command()
@click.argument("database", metavar="STATE", type=click.Path(dir_okay=False))
@click.option("-n", "--runs", "limit", default=10, show_default=True, help="Runs to list.")
def state(database: str, limit: int) -> None:
    """Print counts and the last runs of a job's state database.

    \b
    Examples:
      scraper state /var/lib/scraper/news.db
      scraper state postgresql://scraper@db.internal/news
    """
    if is_database_url(database):
        problem = password_problem(database)
        if problem is not None:
            report_failure(str(DatabaseURL(database)), problem)
            sys.exit(EXIT_USAGE)
    elif not Path(database).is_file():
        report_failure(database, "no such state database")
        sys.exit(EXIT_USAGE)
    try:
        totals, runs = _read(database, limit)
    except (StateError, ConfigError) as error:  # its message names the database
        click.echo(f"scraper: {error}", err=True)
        sys.exit(EXIT_USAGE)
    for name, value in totals.items():
        click.echo(f"{name:16} {value}")
    click.echo("")
    click.echo(f"{'run':>5}  {'started':32}  {'exit':>4}  counts")
    for run in runs:
        status = "open" if run.exit_status is None else str(run.exit_status)
        counts = " ".join(f"{key}={value}" for key, value in run.counts.items() if value)
        click.echo(f"{run.id:>5}  {run.started:32}  {status:>4}  {counts}")


def _read(database: str, limit: int) -> tuple[dict[str, int], list[RunRecord]]:
    store: SQLiteStore | PostgresStore
    if is_database_url(database):
        from scraper.state.postgres import PostgresStore

        store = PostgresStore.open_readonly(DatabaseURL(database))
    else:
        store = SQLiteStore.open_readonly(database)
    try:
        return store.totals(), store.recent_runs(limit)
    finally:
        store.close()

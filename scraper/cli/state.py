"""`scraper state STATE.db`: what a job's state database holds, and its last runs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scraper.cli.common import EXIT_USAGE, report_failure
from scraper.errors import StateError
from scraper.state import SQLiteStore


@click.command()
@click.argument("database", metavar="STATE.db", type=click.Path(dir_okay=False))
@click.option("-n", "--runs", "limit", default=10, show_default=True, help="Runs to list.")
def state(database: str, limit: int) -> None:
    """Print counts and the last runs of a job's state database.

    \b
    Example:
      scraper state /var/lib/scraper/news.db
    """
    if not Path(database).is_file():
        report_failure(database, "no such state database")
        sys.exit(EXIT_USAGE)
    try:
        store = SQLiteStore.open_readonly(database)
        try:
            totals, runs = store.totals(), store.recent_runs(limit)
        finally:
            store.close()
    except StateError as error:  # its message names the file
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

"""`scraper bench`: quality and speed, next to a peer measured in the same run."""

from __future__ import annotations

import os

import click

DEFAULT_DATA = os.environ.get("SCRAPER_BENCH_DATA", "../shared/data")


@click.group()
def bench() -> None:
    """Score and time the toolkit on the evaluation sets.

    \b
    Examples:
      scraper bench text --data ../shared/data
    """

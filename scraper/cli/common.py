"""What every command shares: output options, error lines and exit codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from scraper.output import FORMATS

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3

F = TypeVar("F", bound=Callable[..., Any])


def output_options(func: F) -> F:
    """`-o/--output` and `--format`, the same on every command that writes documents."""
    func = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True, allow_dash=True),
        default="-",
        show_default=True,
        help="Write here instead of stdout (written atomically).",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="jsonl",
        show_default=True,
        help="jsonl: one JSON object per document; txt or md: readable text.",
    )(func)


def report_failure(name: str, reason: object) -> None:
    """One line on stderr naming the input and the reason."""
    click.echo(f"scraper: {name}: {reason}", err=True)

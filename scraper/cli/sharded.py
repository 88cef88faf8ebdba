"""`scraper extract --engine ray`: shards on a Ray cluster, parts into the -o directory.

One line on stderr per page that gave no document (as `--engine local`), and per
shard whose task failed; exit codes as every command's (0, 1, 2, 130).
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from cleaners import CleanConfig
from scraper.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    Tally,
    report_failure,
)
from scraper.distributed import FORMATS, ShardOutcome, extract_parts
from scraper.errors import ConfigError


class _Parts:
    """The tally's writer: the parts are written where the shards run."""

    count = 0

    def write(self, record: dict[str, Any]) -> None:
        raise AssertionError("sharded runs write parts, not records")

    def discard(self) -> None:
        pass


def run_sharded(
    inputs: list[str],
    *,
    output: str,
    fmt: str,
    config: CleanConfig,
    url: str | None,
    workers: int | None,
    address: str | None,
    shard_size: int,
) -> NoReturn:
    """Run the shards on Ray (see `scraper.distributed`), report, exit with the code."""
    if output == "-" or fmt not in FORMATS:
        raise click.UsageError("--engine ray writes jsonl or parquet parts: give -o DIRECTORY")
    from scraper.ray_engine import ray_executor

    tally = Tally(_Parts())
    shards = {"done": 0, "skipped": 0, "failed": 0}
    try:
        with ray_executor(address=address, workers=workers) as executor:
            outcomes = extract_parts(
                inputs,
                output,
                executor=executor,
                fmt=fmt,
                config=config,
                url=url,
                shard_size=shard_size,
            )
            for outcome in outcomes:
                _report(outcome, fmt, tally, shards)
    except ConfigError as error:
        click.echo(f"scraper: {error}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo(f"scraper: interrupted: {tally.line()}; completed shards are kept", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if sys.stderr.isatty():
        counts = ", ".join(f"{key} {n}" for key, n in shards.items())
        click.echo(f"scraper: {tally.line()}; shards: {counts}", err=True)
    sys.exit(EXIT_SOME_FAILED if tally.bad or shards["failed"] else EXIT_OK)


def _report(outcome: ShardOutcome, fmt: str, tally: Tally, shards: dict[str, int]) -> None:
    tally.written += outcome.written
    for failure in outcome.failures:
        tally.failure(failure.name, failure.reason, rejected=failure.rejected)
    if outcome.error is not None:
        shard = outcome.shard
        more = f" and {len(shard.inputs) - 1} more" if len(shard.inputs) > 1 else ""
        report_failure(f"shard {shard.part(fmt)} ({shard.inputs[0]}{more})", outcome.error)
        shards["failed"] += 1
    else:
        shards["skipped" if outcome.skipped else "done"] += 1

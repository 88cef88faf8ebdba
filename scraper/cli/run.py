"""`scraper run JOB`: one scheduled run of a job file, quiet unless something fails."""

from __future__ import annotations

import errno
import json
import logging
import sqlite3
import sys
from collections import Counter

import click

from scraper.cli.common import EXIT_LOCKED, EXIT_SOME_FAILED, EXIT_USAGE
from scraper.cron.job import LOG_FORMATS, load_job
from scraper.cron.report import RunReport
from scraper.cron.run import run_job
from scraper.errors import ConfigError, RunLocked, ScraperError, StateWriteError

# A disk that is full (or a file size limit, a quota) is of the moment, not the job's:
# like a failed page, exit 1, and the next run repairs what this one left.
DISK_FULL = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                "level": record.levelname.lower(),
                "logger": record.name,
                "message": record.getMessage(),
            },
            ensure_ascii=False,
        )


def configure_logging(fmt: str, verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    text = logging.Formatter("scraper: %(levelname)s: %(message)s")
    handler.setFormatter(JsonFormatter() if fmt == "json" else text)
    logger = logging.getLogger("scraper")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def _why(error: BaseException) -> str:
    """One line for an error of the file system or the database, naming the path."""
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror}"
    return " ".join(str(error).split()) or type(error).__name__


def _summary(report: RunReport) -> str:
    counts = " ".join(f"{key}={value}" for key, value in report.counts.items())
    where = f" -> {report.output}" if report.output else ""
    return f"run {report.run_id}: {counts}{where}"


def _print_plan(report: RunReport) -> None:
    """What a dry run would fetch: one `action<TAB>url[<TAB>reason]` line per URL on
    stdout, and a one-line total on stderr."""
    for item in report.planned:
        why = f"\t{item.reason}" if item.reason else ""
        click.echo(f"{item.action}\t{item.entry.url}{why}")
    actions = Counter(item.action for item in report.planned)
    fetch = sum(n for action, n in actions.items() if action != "skip")
    detail = ", ".join(f"{action} {n}" for action, n in sorted(actions.items()) if action != "skip")
    click.echo(
        f"dry run: would fetch {fetch}"
        + (f" ({detail})" if detail else "")
        + f", skip {actions['skip']}; nothing was fetched or written",
        err=True,
    )


@click.command()
@click.argument("job_file", metavar="JOB", type=click.Path(dir_okay=False))
@click.option("-v", "--verbose", is_flag=True, help="Log each page and a summary (stderr).")
@click.option(
    "--log-format",
    type=click.Choice(LOG_FORMATS),
    default=None,
    help="text, or json (one object a line) for log collectors. [default: the job's]",
)
@click.option(
    "--dry-run", is_flag=True, help="Print what would be fetched; fetch no page, write nothing."
)
def run(job_file: str, verbose: bool, log_format: str | None, dry_run: bool) -> None:
    """Run a job once: fetch what is new or changed, write clean articles.

    Silent on success unless -v. Exit codes: 0 ok, 1 some pages or sources failed
    (or the disk filled up: the next run takes it up), 2 bad job file or usage (also
    a state or output path that cannot be used), 3 another run of this job is
    active, 130 interrupted.

    \b
    Examples:
      scraper run /etc/scraper/news.toml
      scraper run news.toml --dry-run
      */30 * * * * scraper run /etc/scraper/news.toml --log-format json
    """
    configure_logging(log_format or "text", verbose)
    try:
        job = load_job(job_file)
        configure_logging(log_format or job.log_format, verbose)
        report = run_job(job, dry_run=dry_run)
    except ConfigError as error:
        logging.getLogger("scraper").error("%s", error)
        sys.exit(EXIT_USAGE)
    except RunLocked as error:
        logging.getLogger("scraper").error("%s", error)
        sys.exit(EXIT_LOCKED)
    except StateWriteError as error:  # a full disk: the next run repairs the run
        logging.getLogger("scraper").error("%s; run stopped", error)
        sys.exit(EXIT_SOME_FAILED)
    except ScraperError as error:
        logging.getLogger("scraper").error("%s", error)
        sys.exit(EXIT_USAGE)
    except OSError as error:
        logging.getLogger("scraper").error("%s: cannot run the job: %s", job_file, _why(error))
        sys.exit(EXIT_SOME_FAILED if error.errno in DISK_FULL else EXIT_USAGE)
    except (sqlite3.Error, ValueError) as error:  # a state or output path unusable
        logging.getLogger("scraper").error("%s: cannot run the job: %s", job_file, _why(error))
        sys.exit(EXIT_USAGE)
    if dry_run:
        _print_plan(report)
    else:
        logging.getLogger("scraper").info("%s", _summary(report))
    sys.exit(EXIT_SOME_FAILED if report.exit_status else 0)

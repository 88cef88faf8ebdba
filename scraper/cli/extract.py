"""`scraper extract`: HTML files in, clean articles out, in input order."""

from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import click

from cleaners import clean_html
from scraper.cli.common import EXIT_OK, EXIT_SOME_FAILED, output_options, report_failure
from scraper.errors import ScraperError
from scraper.output import open_writer

SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")

# (path as given, document as a dict or None, reason of the failure or None)
Outcome = tuple[str, dict[str, Any] | None, str | None]


def find_inputs(paths: Iterable[str]) -> list[str]:
    """The HTML files named or held (recursively, sorted) by directories in `paths`."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            files = sorted(str(p) for p in Path(path).rglob("*") if p.is_file())
            found.extend(f for f in files if f.lower().endswith(SUFFIXES))
        else:
            found.append(path)
    return found


def extract_file(path: str, url: str | None = None) -> Outcome:
    """Read and extract one file; errors become the reason, never an exception."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        if path.lower().endswith(".gz"):
            data = gzip.decompress(data)
        document = clean_html(data, url=url, source=path)
    except OSError as error:
        return path, None, error.strerror or str(error)
    except (ScraperError, EOFError, gzip.BadGzipFile) as error:
        return path, None, str(error)
    return path, document.to_dict(), None


def run_all(paths: list[str], url: str | None, jobs: int) -> Iterator[Outcome]:
    """Outcomes in input order; across `jobs` processes when more than one."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield extract_file(path, url)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(extract_file, paths, chunksize=4)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--url", help="The URL the page came from (one input only).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: all cores].",
)
@output_options
def extract(
    paths: tuple[str, ...], url: str | None, jobs: int | None, output: str, fmt: str
) -> None:
    """Extract the article and its metadata from HTML pages.

    Each PATH is an .html, .htm or .html.gz file, or a directory searched for them.
    One document per page is written in input order, with `source` set to the path.
    A page that cannot be read or extracted is reported on stderr and skipped; the
    exit code is then 1. A progress bar is shown on a terminal only.

    \b
    Examples:
      scraper extract page.html --url https://example.org/a
      scraper extract pages/ -o articles.jsonl -j 4
      scraper extract page.html.gz --format md
    """
    inputs = find_inputs(paths)
    if url and len(inputs) > 1:
        raise click.UsageError("--url applies to a single input")
    failed = 0
    with open_writer(output, fmt) as writer, _progress(len(inputs)) as advance:
        for path, document, reason in run_all(inputs, url, jobs or os.cpu_count() or 1):
            if document is None:
                report_failure(path, reason)
                failed += 1
            else:
                writer.write(document)
            advance()
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def _progress(total: int) -> Any:
    """A context giving `advance()`: a rich bar on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return nullcontext(lambda: None)
    return _Bar(total)


class _Bar:
    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import Progress

        self._progress = Progress(console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task("extracting", total=total)

    def __enter__(self) -> Any:
        self._progress.start()
        return lambda: self._progress.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

"""`scraper extract`: HTML files in, clean articles out, in input order."""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from cleaners import clean_html
from cleaners.config import CleanConfig
from scraper.cli.common import EXIT_OK, EXIT_SOME_FAILED, output_options, report_failure
from scraper.errors import InputTooLarge, ScraperError
from scraper.output import open_writer
from scraper.sources.warc import is_warc, iter_warc

# A gzipped page may not inflate past the cleaners' own input limit.
MAX_INFLATED = CleanConfig().max_bytes
SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".warc", ".warc.gz", ".arc", ".arc.gz")
# Pages kept in flight per worker, so a huge archive never sits in memory at once.
BACKLOG_PER_JOB = 4

# (name of the input, document as a dict or None, reason of the failure or None)
Outcome = tuple[str, dict[str, Any] | None, str | None]


@dataclass(frozen=True, slots=True)
class Task:
    """One page to extract: a file to read, or bytes already read (a WARC record)."""

    name: str
    path: str | None = None
    data: bytes | None = None
    url: str | None = None
    encoding: str | None = None


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


def iter_tasks(inputs: list[str], url: str | None) -> Iterator[Task | Outcome]:
    """A task per page; a WARC archive gives one per HTML record, or a failure outcome."""
    for path in inputs:
        if not is_warc(path):
            yield Task(path, path=path, url=url)
            continue
        try:
            with open(path, "rb") as handle:
                for page in iter_warc(handle):
                    name = f"{path}#{page.url}"
                    yield Task(name, data=page.body, url=page.url, encoding=page.charset)
        except OSError as error:
            yield path, None, error.strerror or str(error)
        except ScraperError as error:
            yield path, None, str(error)


def extract_task(task: Task) -> Outcome:
    """Read and extract one page; errors become the reason, never an exception."""
    try:
        data = task.data if task.data is not None else _read(task.path or task.name)
        document = clean_html(data, url=task.url, encoding=task.encoding, source=task.name)
    except OSError as error:
        return task.name, None, error.strerror or str(error)
    except (ScraperError, EOFError, gzip.BadGzipFile, zlib.error) as error:
        return task.name, None, str(error)
    return task.name, document.to_dict(), None


def extract_file(path: str, url: str | None = None) -> Outcome:
    """Read and extract one HTML file."""
    return extract_task(Task(path, path=path, url=url))


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        if not path.lower().endswith(".gz"):
            return handle.read()
        data = zlib.decompressobj(wbits=31).decompress(handle.read(), MAX_INFLATED + 1)
    if len(data) > MAX_INFLATED:
        raise InputTooLarge(len(data), MAX_INFLATED)
    return data


def run_all(inputs: list[str], url: str | None, jobs: int) -> Iterator[Outcome]:
    """Outcomes in input order; across `jobs` processes when more than one."""
    tasks = iter_tasks(inputs, url)
    if jobs <= 1 or (len(inputs) <= 1 and not any(is_warc(p) for p in inputs)):
        for task in tasks:
            yield task if isinstance(task, tuple) else extract_task(task)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[Outcome] | Outcome] = deque()
        for task in tasks:
            pending.append(task if isinstance(task, tuple) else pool.submit(extract_task, task))
            while len(pending) > jobs * BACKLOG_PER_JOB:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _result(item: Future[Outcome] | Outcome) -> Outcome:
    return item if isinstance(item, tuple) else item.result()


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

    Each PATH is an .html, .htm or .html.gz file, a WARC archive (.warc, .warc.gz:
    every HTML response in it is a page, `source` = PATH#URL), or a directory searched
    for them. One document per page is written in input order, with `source` set to
    the path as given.
    A page that cannot be read or extracted is reported on stderr and skipped; the
    exit code is then 1. A progress bar is shown on a terminal only.

    \b
    Examples:
      scraper extract page.html --url https://example.org/a
      scraper extract pages/ -o articles.jsonl -j 4
      scraper extract page.html.gz --format md
      scraper extract crawl.warc.gz -o articles.jsonl
    """
    inputs = find_inputs(paths)
    if url and len(inputs) > 1:
        raise click.UsageError("--url applies to a single input")
    failed = 0
    total = None if any(is_warc(p) for p in inputs) else len(inputs)
    with open_writer(output, fmt) as writer, _progress(total) as advance:
        for path, document, reason in run_all(inputs, url, jobs or os.cpu_count() or 1):
            if document is None:
                report_failure(path, reason)
                failed += 1
            else:
                writer.write(document)
            advance()
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


def _progress(total: int | None) -> Any:
    """A context giving `advance()`: a rich bar on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return nullcontext(lambda: None)
    return _Bar(total)


class _Bar:
    def __init__(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import Progress

        self._progress = Progress(console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task("extracting", total=total)

    def __enter__(self) -> Any:
        self._progress.start()
        return lambda: self._progress.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

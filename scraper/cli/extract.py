"""`scraper extract`: HTML files and WARC archives in, clean articles out, in input order."""

from __future__ import annotations

import io
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from scraper.cli.common import Tally, output_options, reason_of, run_inputs
from scraper.errors import InputError, ScraperError
from scraper.inputs import (
    head_of,
    inflate,
    inflated_head,
    kind_of,
    looks_like_html,
    read_bytes,
)

# A gzipped page may not inflate past the cleaners' own input limit (CleanConfig).
MAX_INFLATED = 20_000_000
# Names that say "page" or "archive": such files in a directory are inputs even when
# their content is not (an empty or corrupt page is reported, not passed over).
SUFFIXES = (
    ".html",
    ".htm",
    ".xhtml",
    ".html.gz",
    ".htm.gz",
    ".warc",
    ".warc.gz",
    ".arc",
    ".arc.gz",
)
# Pages kept in flight per worker, so a huge archive never sits in memory at once.
BACKLOG_PER_JOB = 4
# A worker process starts in ~0.1-1 s (fork, or spawn and import), the time of tens of
# pages: one is worth starting per this many pages.
PAGES_PER_WORKER = 32


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input's result: a document (as a dict), or the reason there is none;
    `rejected` names why a readable page held no article (`empty`, `http_404`, ...)."""

    name: str
    document: dict[str, Any] | None = None
    error: str | None = None
    rejected: str | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """One page to extract: a file to read, or bytes already read (a WARC record)."""

    name: str
    path: str | None = None
    data: bytes | None = None
    url: str | None = None
    encoding: str | None = None


def find_inputs(paths: Iterable[str]) -> list[str]:
    """`paths` with directories replaced by the pages and archives they hold.

    A directory is searched recursively (sorted) for files whose content is an HTML
    page or a WARC archive, whatever their names, or whose names say they are (so
    that an empty or broken `page.html` is reported); other files there are passed
    over. A file named on its own is always an input.
    """
    found: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            files = sorted(str(p) for p in Path(path).rglob("*") if p.is_file())
            found.extend(f for f in files if _holds_pages(f))
        else:
            found.append(path)
    return found


def _holds_pages(path: str) -> bool:
    if path.lower().endswith(SUFFIXES):
        return True
    try:
        return kind_of(head_of(path)) != "other"
    except OSError:
        return True  # named below with its reason


def iter_tasks(inputs: list[str], url: str | None) -> Iterator[Task | Outcome]:
    """A task per page; a WARC archive gives one per HTML record, or an outcome."""
    for path in inputs:
        try:
            if path == "-":
                yield from _stdin_tasks(url)
            elif kind_of(head_of(path)) == "warc":
                with open(path, "rb") as handle:
                    yield from _warc_tasks(path, handle)
            else:
                yield Task(path, path=path, url=url)
        except (OSError, ScraperError) as error:
            yield Outcome(path, error=reason_of(error))


def _stdin_tasks(url: str | None) -> Iterator[Task | Outcome]:
    data = read_bytes("-")
    if kind_of(inflated_head(data)) == "warc":
        yield from _warc_tasks("-", io.BytesIO(data))
    else:
        yield Task("-", data=data, url=url)


def _warc_tasks(name: str, stream: Any) -> Iterator[Task | Outcome]:
    from scraper.sources.warc import iter_warc

    for page in iter_warc(stream):
        page_name = f"{name}#{page.url}"
        if page.status >= 400:
            yield Outcome(
                page_name,
                error=f"not an article (http_{page.status})",
                rejected=f"http_{page.status}",
            )
        else:
            yield Task(page_name, data=page.body, url=page.url, encoding=page.charset)


def extract_task(task: Task) -> Outcome:
    """Read and extract one page; errors become the reason, never an exception."""
    from cleaners import Rejected, clean_html

    try:
        data = task.data if task.data is not None else read_bytes(task.path or task.name)
        data = inflate(data, MAX_INFLATED)
        if data.strip() and not looks_like_html(data):
            raise InputError("not an HTML page (for text, use scraper clean)")
        document = clean_html(data, url=task.url, encoding=task.encoding, source=task.name)
    except Rejected as error:
        return Outcome(task.name, error=str(error), rejected=error.reason)
    except (OSError, ScraperError) as error:
        return Outcome(task.name, error=reason_of(error))
    return Outcome(task.name, document=document.to_dict())


def default_jobs(inputs: int) -> int:
    """Workers for `inputs` pages when -j is not given: never slower than one.

    The main process reads, orders and writes, so it keeps a core: on two cores or
    fewer one worker (the main process itself) is fastest; above that, one worker
    per `PAGES_PER_WORKER` pages (a worker's start costs tens of pages), at most
    cores - 1. `inputs` is -1 when unknown (a WARC archive, standard input).
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    if cores <= 2:
        return 1
    pages = inputs if inputs >= 0 else PAGES_PER_WORKER * cores
    return max(1, min(cores - 1, pages // PAGES_PER_WORKER))


def run_all(inputs: list[str], url: str | None, jobs: int) -> Iterator[Outcome]:
    """Outcomes in input order; across `jobs` processes when more than one."""
    tasks = iter_tasks(inputs, url)
    if jobs <= 1:
        for task in tasks:
            yield task if isinstance(task, Outcome) else extract_task(task)
        return
    import cleaners.html  # noqa: F401  (loaded once here, shared by forked workers)

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
    try:
        pending: deque[Future[Outcome] | Outcome] = deque()
        for task in tasks:
            pending.append(task if isinstance(task, Outcome) else pool.submit(extract_task, task))
            while len(pending) > jobs * BACKLOG_PER_JOB:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the main process's to handle (it cancels the rest)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _result(item: Future[Outcome] | Outcome) -> Outcome:
    return item if isinstance(item, Outcome) else item.result()


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--url", help="The URL the page came from (one input only).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes [default: 1 on two cores or fewer, else one per 32 pages "
    "up to cores - 1].",
)
@output_options
def extract(
    paths: tuple[str, ...], url: str | None, jobs: int | None, output: str, fmt: str
) -> None:
    """Extract the article and its metadata from HTML pages.

    Each PATH is an HTML page (.html, .php, .xhtml, no suffix: known by its content),
    gzipped or not, a WARC archive (plain or gzipped: every HTML response in it is a
    page, `source` = PATH#URL), - for standard input (a page or an archive), or a
    directory searched recursively for pages and archives. One document per page is
    written in input order, with `source` set to the path as given. A page that
    cannot be read, inflated or extracted, is not HTML, or holds no article (`empty`,
    `not_article`, `http_404` for an archived error page) is one line on stderr and no
    document. A progress bar is shown on a terminal only.

    \b
    Exit codes:
      0    every page gave an article
      1    some pages failed or held no article
      2    bad usage, or -o cannot be written
      130  interrupted (Ctrl-C); 141 stdout closed early (| head)

    \b
    Examples:
      scraper extract page.html --url https://example.org/a
      scraper extract pages/ -o articles.jsonl -j 4
      scraper extract page.html.gz --format md
      scraper extract crawl.warc.gz -o articles.jsonl
      curl -s https://example.org/a | scraper extract - --url https://example.org/a
    """
    inputs = find_inputs(paths)
    if url and len(inputs) > 1:
        raise click.UsageError("--url applies to a single input")
    whole = all(p != "-" and _is_page(p) for p in inputs)
    workers = jobs or default_jobs(len(inputs) if whole else -1)

    def work(tally: Tally) -> None:
        with _progress(len(inputs) if whole else None) as advance:
            for outcome in run_all(inputs, url, workers):
                if outcome.document is not None:
                    tally.document(outcome.document)
                else:
                    reason = outcome.error or "failed"
                    tally.failure(outcome.name, reason, rejected=outcome.rejected)
                advance()

    run_inputs(output, fmt, work)


def _is_page(path: str) -> bool:
    try:
        return kind_of(head_of(path)) != "warc"
    except OSError:
        return True


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

"""`scraper fetch`: URLs, lists, sitemaps and feeds in; extracted articles out."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import click

from scraper.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    build_config,
    config_option,
    output_options,
    progress_bar,
    report_failure,
    writer_or_exit,
)
from scraper.engine import PageResult, default_workers, error_kind, extract_pages, local_executor
from scraper.errors import ScraperError
from scraper.fetch import FetchConfig
from scraper.output import Writer
from scraper.sources.urls import read_url_file, read_url_lines
from scraper.sources.web import SourceSpec, discover, fetched_pages


@dataclass
class FetchTally:
    """Counts of outcomes for the end-of-run summary."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str) -> None:
        self.counts[kind] += 1

    @property
    def failed(self) -> int:
        return sum(n for kind, n in self.counts.items() if kind not in _NOT_FAILED)

    def line(self) -> str:
        failures = sorted((k, n) for k, n in self.counts.items() if k not in _NOT_FAILED)
        detail = ", ".join(f"{kind} {n}" for kind, n in failures)
        c = self.counts
        head = (
            f"fetched {c['fetched']}, unchanged {c['unchanged']}, skipped by robots {c['robots']}"
        )
        return f"{head}, failed {self.failed}" + (f" ({detail})" if detail else "")


_NOT_FAILED = frozenset({"fetched", "unchanged", "robots"})


def _sources(
    paths: tuple[str, ...], urls: tuple[str, ...], sitemaps: tuple[str, ...], feeds: tuple[str, ...]
) -> list[SourceSpec]:
    """The command's sources in order: listed URLs, then sitemaps, then feeds."""
    found = read_url_lines(urls, "argument")
    for path in paths:
        found += read_url_file(path)
    specs = [SourceSpec(kind="urls", urls=tuple(found))] if found else []
    specs += [SourceSpec(kind="sitemap", url=url) for url in sitemaps]
    return specs + [SourceSpec(kind="feed", url=url) for url in feeds]


async def _run(
    sources: list[SourceSpec],
    config: FetchConfig,
    writer: Writer,
    tally: FetchTally,
) -> None:
    found = await discover(sources, config)
    for source, error in found.failures:
        report_failure(source, error)
        tally.add(error_kind(error))
    pages = fetched_pages([entry.url for entry in found.entries], config)
    with (
        progress_bar(len(found.entries), "fetching") as advance,
        local_executor(default_workers()) as executor,  # cleaning beside the fetching
    ):
        async for result in extract_pages(pages, executor=executor):
            _handle(result, writer, tally)
            advance()


def _handle(result: PageResult, writer: Writer, tally: FetchTally) -> None:
    tally.add(result.kind)
    if result.document is not None:
        writer.write(result.to_dict())
    elif result.error is not None:
        report_failure(result.name, result.error)


# FetchConfig fields as flags: (field, flag, bounds, help); defaults are the class's.
_FLAGS = (
    ("concurrency", "--concurrency", click.IntRange(1, 512), "Requests in flight at once."),
    ("per_host", "--per-host", click.IntRange(1, 64), "Requests in flight at once to one host."),
    (
        "delay",
        "--delay",
        click.FloatRange(0, 3600),
        "Seconds between requests to one host (a longer Crawl-delay wins).",
    ),
    (
        "total_timeout",
        "--timeout",
        click.FloatRange(0, 3600, min_open=True),
        "Seconds one request may take, body included (also caps connect and read).",
    ),
    ("max_bytes", "--max-bytes", click.IntRange(1), "Largest body."),
    ("retries", "--retries", click.IntRange(0, 10), "Extra attempts."),
    ("user_agent", "--user-agent", None, "User-Agent to send (and match robots.txt with)."),
)


def fetch_options(func: Any) -> Any:
    """The fetcher's options (`_FLAGS`) as flags of `scraper fetch`."""
    for name, flag, bounds, text in reversed(_FLAGS):
        func = config_option(FetchConfig, name, flag, type=bounds, help=text)(func)
    return func


@click.command()
@click.argument("urls", nargs=-1, metavar="[URL...]")
@click.option(
    "-i",
    "--input",
    "inputs",
    multiple=True,
    type=click.Path(allow_dash=True),
    help="A file of URLs, one a line (# comments); - for stdin. Repeatable.",
)
@click.option("--sitemap", "sitemaps", multiple=True, help="A sitemap or sitemap index URL.")
@click.option("--feed", "feeds", multiple=True, help="An RSS or Atom feed URL.")
@output_options
@fetch_options
@click.option("--allow-private", is_flag=True, help="Allow private/loopback addresses.")
def fetch(
    *,
    urls: tuple[str, ...],
    inputs: tuple[str, ...],
    sitemaps: tuple[str, ...],
    feeds: tuple[str, ...],
    output: str,
    fmt: str,
    **options: Any,
) -> None:
    """Fetch pages politely and write the article of each.

    One JSON object per extracted page: the document plus url, final_url, status
    and fetched_at. Each URL that fails is one line on stderr naming it and the
    reason; a summary line ends the run. robots.txt is obeyed.

    \b
    Exit codes:
      0  every URL fetched (or unchanged) and extracted
      1  some URLs failed or were skipped by robots.txt (see stderr)
      2  bad usage or input (an unreadable list, a line that is not a URL,
         -o cannot be written)
      130  interrupted (Ctrl-C), after the summary so far; 141 stdout closed early

    \b
    Examples:
      scraper fetch https://example.org/news/1 -o articles.jsonl
      scraper fetch -i urls.txt --delay 2
      scraper fetch --sitemap https://example.org/sitemap.xml --concurrency 8
    """
    config = build_config(FetchConfig, _timeouts(options))
    try:
        sources = _sources(inputs, urls, sitemaps, feeds)
    except ScraperError as error:
        raise click.UsageError(str(error)) from None
    if not sources:
        raise click.UsageError("give URLs, -i FILE, --sitemap or --feed")
    tally = FetchTally()
    try:
        with writer_or_exit(output, fmt) as writer:
            asyncio.run(_run(sources, config, writer, tally))
            if writer.count == 0 and tally.failed:
                writer.discard()  # every URL failed: the previous file stays
    except KeyboardInterrupt:
        click.echo(f"scraper: interrupted: {tally.line()}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    click.echo(f"scraper: {tally.line()}", err=True)
    sys.exit(EXIT_SOME_FAILED if tally.failed or tally.counts["robots"] else EXIT_OK)


def _timeouts(options: dict[str, Any]) -> dict[str, Any]:
    """`--timeout T` bounds the whole request, its read and its connect (which keeps
    its own default when that is shorter)."""
    total = options.get("total_timeout")
    if total is None:
        return options
    connect = min(FetchConfig().connect_timeout, total)
    return {**options, "connect_timeout": connect, "read_timeout": total}

"""`scraper fetch`: URLs, lists, sitemaps and feeds in; extracted articles out."""

from __future__ import annotations

import asyncio
import sys
from contextlib import nullcontext
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress

from scraper.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    output_options,
    report_failure,
    writer_or_exit,
)
from scraper.errors import ScraperError
from scraper.fetch import DEFAULT_USER_AGENT, FetchConfig
from scraper.output import Writer
from scraper.pipeline import Tally, extract_pages
from scraper.sources import read_url_lines
from scraper.sources.collect import collect_urls


def _read_lists(paths: tuple[str, ...], urls: tuple[str, ...]) -> list[str]:
    found = read_url_lines(urls, "argument")
    for path in paths:
        if path == "-":
            found += read_url_lines(sys.stdin, "<stdin>")
            continue
        try:
            with open(path, encoding="utf-8") as handle:
                found += read_url_lines(handle, path)
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or error
            raise click.UsageError(f"cannot read {path}: {reason}") from None
    return found


async def _run(
    *,
    urls: list[str],
    sitemaps: tuple[str, ...],
    feeds: tuple[str, ...],
    config: FetchConfig,
    writer: Writer,
    progress: Progress | None,
    tally: Tally,
) -> None:
    collected = await collect_urls(urls, sitemaps=sitemaps, feeds=feeds, config=config)
    for source, error in collected.failed:
        report_failure(source, error)
        tally.add_failure(error)
    task = progress.add_task("fetching", total=len(collected.urls)) if progress else None
    async for result in extract_pages(collected.urls, fetch_config=config):
        tally.add(result)
        if result.document is not None:
            writer.write(result.to_dict())
        elif result.error is not None:
            report_failure(result.url, result.error)
        if progress is not None and task is not None:
            progress.advance(task)


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
@click.option("--concurrency", type=click.IntRange(1, 512), default=16, show_default=True)
@click.option("--per-host", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option(
    "--delay",
    type=click.FloatRange(0, 3600),
    default=1.0,
    show_default=True,
    help="Seconds between requests to one host (a longer Crawl-delay wins).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, 3600, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds one request may take, body included.",
)
@click.option("--max-bytes", type=click.IntRange(1), default=10_000_000, show_default=True)
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True)
@click.option("--user-agent", help="User-Agent to send (and match robots.txt with).")
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
    try:
        config = _config(**options)
        found = _read_lists(inputs, urls)
    except ScraperError as error:
        raise click.UsageError(str(error)) from None
    if not (found or sitemaps or feeds):
        raise click.UsageError("give URLs, -i FILE, --sitemap or --feed")
    tally = Tally()
    try:
        with writer_or_exit(output, fmt) as writer, _bar() as bar:
            asyncio.run(
                _run(
                    urls=found,
                    sitemaps=sitemaps,
                    feeds=feeds,
                    config=config,
                    writer=writer,
                    progress=bar,
                    tally=tally,
                )
            )
            if writer.count == 0 and tally.failed:
                writer.discard()  # every URL failed: the previous file stays
    except KeyboardInterrupt:
        click.echo(f"scraper: interrupted: {tally.line()}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    click.echo(f"scraper: {tally.line()}", err=True)
    sys.exit(EXIT_SOME_FAILED if tally.failed or tally.counts["robots"] else EXIT_OK)


def _bar() -> Any:
    if not sys.stderr.isatty():
        return nullcontext()
    return Progress(console=Console(stderr=True), transient=True)


def _config(
    *,
    concurrency: int,
    per_host: int,
    delay: float,
    timeout: float,
    max_bytes: int,
    retries: int,
    user_agent: str | None,
    allow_private: bool,
) -> FetchConfig:
    return FetchConfig(
        concurrency=concurrency,
        per_host=per_host,
        delay=delay,
        total_timeout=timeout,
        connect_timeout=min(10.0, timeout),
        read_timeout=timeout,
        max_bytes=max_bytes,
        retries=retries,
        allow_private=allow_private,
        user_agent=user_agent or DEFAULT_USER_AGENT,
    )

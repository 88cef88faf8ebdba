"""`scraper extract`: HTML files and WARC archives in, clean articles out, in input order."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

import click

from cleaners import CleanConfig
from scraper.cli.common import (
    Tally,
    build_config,
    clean_options,
    output_options,
    progress_bar,
    run_inputs,
)
from scraper.distributed import SHARD_SIZE
from scraper.engine import Page, PageResult, default_workers, extract_pages, local_executor
from scraper.sources.files import file_pages, find_inputs, is_one_page

# Pages kept in flight per worker, so a huge archive never sits in memory at once.
BACKLOG_PER_JOB = 4


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
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this machine's processes; ray: shards on a Ray cluster, one part each "
    "in the -o directory, a rerun redoing only unfinished shards (needs .[ray]).",
)
@click.option(
    "--address",
    help="The Ray cluster (HOST:6379, run on one of its nodes) [default: a local "
    "instance of -j CPUs].",
)
@click.option(
    "--shard-size",
    type=click.IntRange(min=1),
    default=SHARD_SIZE,
    show_default=True,
    help="Page files per shard with --engine ray (a WARC archive is a shard of its own).",
)
@clean_options
@output_options
def extract(
    paths: tuple[str, ...],
    *,
    url: str | None,
    jobs: int | None,
    engine: str,
    address: str | None,
    shard_size: int,
    output: str,
    fmt: str,
    **clean: Any,
) -> None:
    """Extract the article and its metadata from HTML pages.

    Each PATH is an HTML page (.html, .php, .xhtml, no suffix: known by its content),
    gzipped or not, a WARC archive (plain or gzipped: every HTML response in it is a
    page, `source` = PATH#URL), - for standard input (a page or an archive), or a
    directory searched recursively for pages and archives. One document per page is
    written in input order, with `source` set to the path as given. A page that
    cannot be read, inflated or extracted, is not HTML, or holds no article (`empty`,
    `not_article`, `http_404` for an archived error page) is one line on stderr and no
    document. A progress bar is shown on a terminal only. With --engine ray, -o is a
    directory of parts (part-NNNNN-ID.jsonl or .parquet, each with a .done marker;
    the parts in name order are the documents in input order); a rerun skips the
    shards already done.

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
      scraper extract crawl/ --engine ray -o parts/ --format parquet
    """
    config = build_config(CleanConfig, clean)
    inputs = find_inputs(paths)
    if url and len(inputs) > 1:
        raise click.UsageError("--url applies to a single input")
    if engine == "ray":
        from scraper.cli.sharded import run_sharded

        run_sharded(
            inputs,
            output=output,
            fmt=fmt,
            config=config,
            url=url,
            workers=jobs,
            address=address,
            shard_size=shard_size,
        )
    whole = all(is_one_page(p) for p in inputs)
    workers = jobs or default_workers(len(inputs) if whole else None)

    def work(tally: Tally) -> None:
        with progress_bar(len(inputs) if whole else None, "extracting") as advance:
            pages = file_pages(inputs, url)
            asyncio.run(_extract(pages, config, workers, tally.result, advance))

    run_inputs(output, fmt, work)


# With --engine ray, -o names a directory of parts: the shared -o option refuses a
# directory before the command runs, so extract's own copy of it lets one through (a
# file writer still refuses it: "cannot write DIR: it is a directory", exit 2).
for _param in extract.params:
    if _param.name == "output":
        _param.type = click.Path(allow_dash=True)


async def _extract(
    pages: Iterable[Page],
    config: CleanConfig,
    workers: int,
    handle: Callable[[PageResult], None],
    advance: Callable[[], None],
) -> None:
    with local_executor(workers, inline=True) as executor:
        backlog = workers * BACKLOG_PER_JOB
        async for result in extract_pages(
            pages, executor=executor, clean_config=config, backlog=backlog
        ):
            handle(result)
            advance()

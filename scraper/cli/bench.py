"""`scraper bench`: quality and speed, next to a peer measured in the same run."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

import click

Command = TypeVar("Command", bound=Callable[..., object])

DEFAULT_DATA = os.environ.get("SCRAPER_BENCH_DATA", "../shared/data")


# Benchmarks of our engines alone (no peer measured beside them).
WITHOUT_PEER = frozenset({"workers", "ray"})


def _seeds_option(shown: str) -> Callable[[Command], Command]:
    """`--seeds N,N,...` of the benchmarks with out-of-sample models (`_seeds` reads it);
    `shown` says how the bench prints each draw."""
    return click.option(
        "--seeds",
        default="",
        metavar="N,N,...",
        help=f"Out of sample once per LightGBM seed ({shown}): how far the training draw "
        "alone moves the figures. Default: the shipped seed only.",
    )


@click.group()
@click.pass_context
def bench(context: click.Context) -> None:
    """Score and time the toolkit on the evaluation sets.

    \b
    Examples:
      scraper bench text --data ../shared/data
    """
    from scraper.extras import require

    if context.invoked_subcommand not in WITHOUT_PEER:
        require("trafilatura", "bench")  # the peer measured in every other benchmark


@bench.command("text")
@click.option("--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True)
@click.option("--set", "sets", multiple=True, type=click.Choice(["aeb", "mhb-dev", "wcxb-dev"]))
@click.option("--no-peers", is_flag=True, help="Only our cleaner, no jusText or as-is rows.")
@click.option(
    "--out-of-set/--in-set-only",
    default=True,
    show_default=True,
    help="Also train text models with each text's site and set left out (minutes; .[train]).",
)
@_seeds_option("a column each, then their mean")
def bench_text(
    data: str, sets: tuple[str, ...], no_peers: bool, out_of_set: bool, seeds: str
) -> None:
    """clean_text on <set>-dirty, scored against <set>/ground-truth.json.

    Prints shingle F1, precision, recall, median ms/doc and docs/s for our cleaner,
    the text as it is, and jusText on the lines, all measured in this run; then the
    out-of-sample table (text block models that never saw the text's site or set).

    \b
    Examples:
      scraper bench text --data ../shared/data
      scraper bench text --seeds 7,1,2             # three draws of the fold models
      scraper bench text --set aeb --in-set-only
    """
    from pathlib import Path

    from scraper.bench import text

    drawn = _seeds(seeds, out_of_set)
    chosen = sets or text.SETS
    results = text.run(Path(data), chosen, peers=not no_peers)
    click.echo(text.format_results(results))
    if out_of_set:
        from scraper.extras import require

        require("lightgbm", "train")
        click.echo(text.out_of_set(Path(data), chosen, results, drawn))


@bench.command("html")
@click.option("--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True)
@click.option(
    "--set",
    "set_name",
    type=click.Choice(["aeb", "mhb-dev", "wcxb-dev", "all"]),
    default="all",
    show_default=True,
)
@click.option(
    "--out-of-set/--in-set-only",
    default=True,
    show_default=True,
    help="Also train models with each page's site and set left out (minutes; needs .[train]).",
)
@_seeds_option("a column each, then their mean")
def bench_html(data: str, set_name: str, out_of_set: bool, seeds: str) -> None:
    """clean_html on <set>/html, scored against <set>/ground-truth.json.

    Prints shingle F1, precision, recall, median and slowest ms/page, pages/s and
    the speed ratio to trafilatura.extract, measured on the same pages in this run
    and process, then the peak memory of the process.

    \b
    Examples:
      scraper bench html --set aeb
      scraper bench html --data ../shared/data --set all
      scraper bench html --seeds 7,1,2             # three draws of the fold models
    """
    from pathlib import Path

    from scraper.bench import html

    drawn = _seeds(seeds, out_of_set)
    chosen = html.SETS if set_name == "all" else (set_name,)
    results = html.run(Path(data), chosen)
    click.echo(html.format_results(results))
    if out_of_set:
        from scraper.extras import require

        require("lightgbm", "train")
        click.echo(html.out_of_set(Path(data), chosen, results, drawn))


@bench.command("structure")
@click.option("--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True)
@click.option("--set", "sets", multiple=True, type=click.Choice(["wcxb-dev", "aeb", "mhb-dev"]))
def bench_structure(data: str, sets: tuple[str, ...]) -> None:
    """Tables, code blocks, headings and lists of the article kept as Markdown structure.

    For each element of the source page whose text is in the gold, is it a table, a
    code block, a heading or a list in the Markdown of clean_html (to_markdown) and
    of trafilatura (output_format="markdown"), run on the same pages? Prints the
    share kept per kind, with the number of elements found.

    \b
    Examples:
      scraper bench structure --data ../shared/data
      scraper bench structure --set wcxb-dev
    """
    from pathlib import Path

    from scraper.extras import require

    require("markdown_it", "bench")
    from scraper.bench import structure

    click.echo(structure.format_results(structure.run(Path(data), sets or structure.SETS)))


@bench.command("parquet")
@click.option("--docs", type=click.IntRange(1), default=100_000, show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="bench.parquet")
def bench_parquet(docs: int, output: str) -> None:
    """Write generated documents (~600 words, with blocks) to Parquet; print peak memory.

    \b
    Examples:
      scraper bench parquet --docs 100000 -o /tmp/bench.parquet
    """
    import time
    from pathlib import Path

    from scraper.parquet import memory_bench

    start = time.perf_counter()
    rows, peak = memory_bench(Path(output), docs)
    seconds = time.perf_counter() - start
    size = Path(output).stat().st_size / 2**20
    click.echo(f"{rows} documents, {size:.0f} MiB file, {seconds:.0f} s, peak RSS {peak:.0f} MiB")


@bench.command("fetch")
@click.option("--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), help="Extraction processes [CPUs - 1].")
@click.option("--concurrency", type=click.IntRange(1, 256), default=16, show_default=True)
def bench_fetch(data: str, workers: int | None, concurrency: int) -> None:
    """Fetch + extract the AEB pages from 10 loopback hosts (127.0.0.2-11), delay 0.

    Prints pages/s for extract-only from disk, our pipeline, and a hand-written
    httpx + trafilatura pipeline, all in this run, then peak memory.

    \b
    Examples:
      scraper bench fetch --data ../shared/data
    """
    from pathlib import Path

    from scraper.bench import fetch

    rows, memory = fetch.run(Path(data), workers=workers, concurrency=concurrency)
    click.echo(fetch.format_results(rows, memory))


@bench.command("metadata")
@click.option("--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True)
@click.option(
    "--out-of-sample/--in-set-only",
    default=True,
    show_default=True,
    help="Also train metadata models with each page's site left out (minutes; .[train]).",
)
@_seeds_option("one row each")
def bench_metadata(data: str, out_of_sample: bool, seeds: str) -> None:
    """Title, authors and date of clean_html on wcxb-dev and clean_text on the seeds.

    Prints per-field accuracy (title: normalised equality; authors: the same set of
    names; date: the same calendar day as written) over the pages whose gold has a
    value, and how many pages without gold got a value anyway (invented), for us and
    trafilatura's bare_extraction(with_metadata=True) in the same run. wcxb-dev is
    reported in two halves: the held-out half (page id's SHA-1 ending 8-f, never
    looked at while writing the rules) first, then the development half. The first
    row is out of sample: each page's metadata chosen by a model trained without its
    site (5 folds of whole sites); the shipped model's row is in set (it was trained
    on every wcxb-dev page).

    \b
    Examples:
      scraper bench metadata --data ../shared/data
      scraper bench metadata --seeds 7,1,2       # three out-of-sample rows
      scraper bench metadata --in-set-only
    """
    from pathlib import Path

    from scraper.bench import metadata

    if out_of_sample:
        from scraper.extras import require

        require("lightgbm", "train")
    drawn = _seeds(seeds, out_of_sample)
    click.echo(metadata.run(Path(data), out_of_sample=out_of_sample, seeds=drawn).format())


def _seeds(seeds: str, out_of_sample: bool) -> tuple[int, ...]:
    """The training seeds of `--seeds` ("7,1,2"), each once; a usage error (exit 2) when
    they are not whole numbers, or are given where no model is trained."""
    try:
        drawn = tuple(dict.fromkeys(int(seed) for seed in seeds.split(",") if seed.strip()))
    except ValueError:
        message = f"not a list of whole numbers: {seeds!r}"
        raise click.BadParameter(message, param_hint="--seeds") from None
    if drawn and not out_of_sample:
        raise click.BadParameter("seeds draw the out-of-sample models", param_hint="--seeds")
    return drawn


@bench.command("workers")
@click.option("--pages", type=click.IntRange(1), default=300, show_default=True)
@click.option("--hosts", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--delay", type=click.FloatRange(0), default=0.2, show_default=True)
@click.option(
    "--latency", type=click.FloatRange(0), default=0.2, show_default=True,
    help="Seconds each site takes to answer a page.",
)  # fmt: skip
@click.option(
    "--concurrency", type=click.IntRange(1), default=2, show_default=True,
    help="Requests in flight per worker ([fetch] concurrency).",
)  # fmt: skip
@click.option(
    "--per-host", type=click.IntRange(1), default=2, show_default=True,
    help="Requests in flight to one host, over all workers ([fetch] per_host).",
)  # fmt: skip
@click.option("--workers", type=click.IntRange(2, 16), default=3, show_default=True)
def bench_workers(
    *,
    pages: int,
    hosts: int,
    delay: float,
    latency: float,
    concurrency: int,
    per_host: int,
    workers: int,
) -> None:
    """One `scraper run` worker, then --workers together, on one PostgreSQL state.

    Starts a throwaway PostgreSQL cluster (needs its binaries and .[postgres]) and
    --hosts loopback sites (127.0.0.2, ...; a sitemap or an RSS feed each, the pages
    split between them). Prints each trial's wall time and its ratio to one worker's,
    whether every page is in the run files exactly once, and the smallest gap between
    two requests to one host by the sites' own logs (at least --delay).

    \b
    Examples:
      scraper bench workers
      scraper bench workers --pages 60 --workers 2
    """
    from scraper.bench import workers as bench_module
    from scraper.extras import require

    require("psycopg", "postgres")
    setup = bench_module.Setup(
        pages=pages,
        hosts=hosts,
        delay=delay,
        latency=latency,
        concurrency=concurrency,
        per_host=per_host,
    )
    trials = bench_module.run(setup, (1, workers))
    click.echo(bench_module.format_results(setup, trials))


@bench.command("ray")
@click.option("--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True)
@click.option(
    "--shard-size", type=click.IntRange(1), default=25, show_default=True,
    help="Page files per shard (the AEB archive is one shard).",
)  # fmt: skip
@click.option(
    "--timeout", type=click.FloatRange(0, 3600, min_open=True), default=60.0,
    show_default=True, help="Seconds one input may take, in every run alike.",
)  # fmt: skip
def bench_ray(data: str, shard_size: int, timeout: float) -> None:
    """extract --engine ray vs --engine local on wcxb-dev and a WARC of the AEB pages.

    Builds the WARC in a temporary directory, runs `scraper extract` with the local
    engine (the reference), then times extract_parts on a new local Ray instance of 1
    and of 2 CPUs (workers warmed up first), then `scraper extract --engine ray`
    itself. Prints documents, seconds and pages/s per run, whether its parts equal
    the local engine's output byte for byte, and the 2-CPU / 1-CPU throughput ratio.
    Needs .[ray] and two free cores for a fair ratio.

    \b
    Examples:
      scraper bench ray --data ../shared/data
    """
    from pathlib import Path

    from scraper.bench import ray_extract
    from scraper.extras import require

    require("ray", "ray")
    rows = ray_extract.run(Path(data), shard_size=shard_size, timeout=timeout)
    click.echo(ray_extract.format_results(rows))

"""`scraper clean`: dirty text files in, clean articles out."""

from __future__ import annotations

from typing import Any

import click

from cleaners import CleanConfig
from scraper.cli.common import Tally, build_config, clean_options, output_options, run_inputs


def _read(path: str, config: CleanConfig) -> bytes:
    """The bytes of `path`, inflated when they are gzip (by content, not name), no
    larger than the cleaners' input limit."""
    from scraper.sources.sniff import inflate, read_bytes  # bounded: /dev/zero too

    return inflate(read_bytes(path), config.max_bytes)


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from cleaners import canonical_encoding

    if value is not None and canonical_encoding(value) is None:
        raise click.BadParameter(f"unknown encoding {value!r}")
    return value


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--url", help="The page URL the text came from (one input only).")
@click.option(
    "--encoding",
    callback=_check_encoding,
    help="The inputs' encoding (e.g. latin-1, cp1251). [default: BOM, UTF-8, else detected]",
)
@clean_options
@output_options
def clean(
    paths: tuple[str, ...],
    url: str | None,
    encoding: str | None,
    output: str,
    fmt: str,
    **options: Any,
) -> None:
    """Clean dirty scraped text into articles with metadata.

    Each PATH is a text file (gzipped or not), or - for standard input. Its bytes are
    inflated when they are gzip (a truncated file is an error), then decoded by
    BOM, else --encoding, else UTF-8, else by detection (charset-normalizer). One
    document per input is written, in input order, with `source` set to the path as
    given. An input that cannot be read, is binary, or holds no article (`empty`,
    `not_article`) is one line on stderr and no document.

    \b
    Exit codes:
      0    every input gave an article
      1    some inputs failed or held no article
      2    bad usage, or -o cannot be written
      130  interrupted (Ctrl-C); 141 stdout closed early (| head)

    \b
    Examples:
      scraper clean page.txt
      scraper clean dumps/*.txt -o articles.jsonl
      scraper clean old-latin1.txt --encoding latin-1
      cat page.txt | scraper clean - --format md
    """
    config = build_config(CleanConfig, options)
    if url and len(paths) > 1:
        raise click.UsageError("--url applies to a single input")

    def work(tally: Tally) -> None:
        from cleaners import ScraperError, clean_text

        for path in paths:
            try:
                data = _read(path, config)
                document = clean_text(data, encoding=encoding, url=url, source=path, config=config)
            except (OSError, ScraperError) as error:
                tally.error(path, error)
                continue
            tally.document(document.to_dict())

    run_inputs(output, fmt, work)

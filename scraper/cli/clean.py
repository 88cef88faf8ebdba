"""`scraper clean`: dirty text files in, clean articles out."""

from __future__ import annotations

import sys

import click

from cleaners import clean_text
from cleaners.decode import decode_bytes
from scraper.cli.common import EXIT_OK, EXIT_SOME_FAILED, output_options, report_failure
from scraper.errors import ScraperError
from scraper.output import open_writer


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--url", help="The page URL the text came from (one input only).")
@output_options
def clean(paths: tuple[str, ...], url: str | None, output: str, fmt: str) -> None:
    """Clean dirty scraped text into articles with metadata.

    Each PATH is a text file, or - for standard input. One document per input is
    written, in input order, with `source` set to the path as given. An input that
    cannot be read or is not text is reported on stderr and skipped; the exit code
    is then 1.

    \b
    Examples:
      scraper clean page.txt
      scraper clean dumps/*.txt -o articles.jsonl
      cat page.txt | scraper clean - --format md
    """
    if url and len(paths) > 1:
        raise click.UsageError("--url applies to a single input")
    failed = 0
    with open_writer(output, fmt) as writer:
        for path in paths:
            try:
                document = clean_text(decode_bytes(_read(path)), url=url, source=path)
            except (OSError, ScraperError) as error:
                reason = error.strerror if isinstance(error, OSError) else error
                report_failure(path, reason or error)
                failed += 1
                continue
            writer.write(document.to_dict())
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)

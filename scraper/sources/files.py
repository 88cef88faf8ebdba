"""Files as a source: pages in files and directories, WARC records, standard input.

`file_pages` turns paths into the engine's `Page`s: a page file is read where it is
cleaned; an archive gives a page per HTML record; an input that cannot be read is a
page with its error. What a file is comes from its content (`sniff`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from cleaners import Rejected
from scraper.engine import Page
from scraper.errors import InputError
from scraper.sources.sniff import head_of, inflated_head, kind_of, read_bytes
from scraper.sources.warc import iter_warc

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


def is_one_page(path: str) -> bool:
    """True when `path` is a single page (not stdin, not an archive)."""
    if path == "-":
        return False
    try:
        return kind_of(head_of(path)) != "warc"
    except OSError:
        return True


def file_pages(inputs: Iterable[str], url: str | None = None) -> Iterator[Page]:
    """A page per file (read where it is cleaned), per HTML record of a WARC archive,
    or for standard input; an input that cannot be read is a page with its `error`."""
    for path in inputs:
        try:
            if path == "-":
                yield from _stdin_pages(url)
            elif kind_of(head_of(path)) == "warc":
                with open(path, "rb") as handle:
                    yield from _warc_pages(path, handle)
            else:
                yield Page(name=path, path=path, url=url)
        except OSError as error:
            reason = error.strerror or str(error) or type(error).__name__
            yield Page(name=path, error=InputError(reason))
        except InputError as error:
            yield Page(name=path, error=error)


def _stdin_pages(url: str | None) -> Iterator[Page]:
    data = read_bytes("-")
    if kind_of(inflated_head(data)) == "warc":
        yield from _warc_pages("-", io.BytesIO(data))
    else:
        yield Page(name="-", body=data, url=url)


def _warc_pages(name: str, stream: BinaryIO) -> Iterator[Page]:
    for record in iter_warc(stream):
        failed = record.status >= 400  # an archived error page holds no article
        yield Page(
            name=f"{name}#{record.url}",
            url=record.url,
            body=None if failed else record.body,
            encoding=record.charset,
            status=record.status,
            fetched_at=record.date,
            error=Rejected(f"http_{record.status}") if failed else None,
        )

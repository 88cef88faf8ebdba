"""Files as a source: pages, text dumps and archives, known by their content, not name.

A gzip file is inflated (by its magic bytes, whatever its suffix) within a size limit,
and a truncated or corrupt one is an `InputError`; a WARC/ARC archive is known by its
first bytes (also gzipped); an HTML page by its start or its first tags, as browsers
sniff (`index.php`, `page.xhtml`, `index.html?p=2` and names without a suffix too).
`file_pages` turns paths (files, directories, archives, "-" for stdin) into the
engine's `Page`s. Reading a file never loads the fetcher (httpx).
"""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from cleaners import Rejected
from scraper.engine import Page
from scraper.errors import InputError, InputTooLarge

GZIP_MAGIC = b"\x1f\x8b"
WARC_SIGNATURES = (b"WARC/", b"filedesc://")
Kind = Literal["warc", "html", "other"]

_SNIFF_BYTES = 8192
# What an HTML page starts with (after a BOM and white space), as browsers sniff it,
# or a tag only HTML has, somewhere near the start (after a preamble or a comment).
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title"
    rb"|b|br|p|!--|meta|link|article|section|header|nav|main|span|ul)[\s/>]",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(rb"<(?:html|head|body|title|meta|div|p|article)[\s/>]", re.IGNORECASE)
_XML_HTML = re.compile(rb"<\?xml[^>]*>\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+)?html", re.I | re.S)


MAX_READ = 64_000_000  # no page (gzip or not) is larger; /dev/zero must not fill memory


def read_bytes(path: str, limit: int = MAX_READ) -> bytes:
    """The bytes of `path` (standard input for "-"), at most `limit` of them.

    Raises `OSError`, or `InputTooLarge` for a longer (or endless) file.
    """
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(len(data), limit)
    return data


def head_of(path: str) -> bytes:
    """The first bytes of `path`, inflated when it is gzip. Raises `OSError`."""
    with open(path, "rb") as handle:
        return inflated_head(handle.read(_SNIFF_BYTES))


def inflated_head(data: bytes) -> bytes:
    """The first bytes of `data`, inflated when it is gzip (b"" when that fails)."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(GZIP_MAGIC):
        try:
            return zlib.decompressobj(wbits=31).decompress(head, _SNIFF_BYTES)
        except zlib.error:
            return b""
    return head


def kind_of(head: bytes) -> Kind:
    """What the (inflated) first bytes of a file say it is."""
    if head.startswith(WARC_SIGNATURES):
        return "warc"
    return "html" if looks_like_html(head) else "other"


def looks_like_html(data: bytes) -> bool:
    """True when the start of `data` is an HTML (or XHTML) page."""
    head = _ascii_head(data[:_SNIFF_BYTES])
    stripped = head.lstrip()
    if _HTML_START.match(stripped) or _XML_HTML.match(stripped):
        return True
    return len(_HTML_TAG.findall(head)) >= 2


def _ascii_head(head: bytes) -> bytes:
    """`head` as ASCII-compatible bytes (a UTF-16 page re-encoded), BOM removed."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom) :].decode(codec, errors="ignore")
            return text.encode("ascii", errors="replace")
    return head.removeprefix(codecs.BOM_UTF8)


def inflate(data: bytes, limit: int) -> bytes:
    """`data` inflated when it is gzip (every member), else as it is.

    Raises `InputError` when it is truncated or corrupt and `InputTooLarge` when it
    inflates past `limit` bytes.
    """
    if not data.startswith(GZIP_MAGIC):
        return data
    out: list[bytes] = []
    size = 0
    while data:
        inflater = zlib.decompressobj(wbits=31)
        try:
            chunk = inflater.decompress(data, limit + 1 - size)
        except zlib.error as error:
            raise InputError(f"corrupt gzip data ({error})") from None
        size += len(chunk)
        out.append(chunk)
        if size > limit:
            raise InputTooLarge(size, limit)
        if not inflater.eof:
            raise InputError("truncated gzip data (the file ends before its end marker)")
        data = inflater.unused_data.lstrip(b"\x00")  # padding between members is allowed
    return b"".join(out)


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
    from scraper.sources.warc import iter_warc

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

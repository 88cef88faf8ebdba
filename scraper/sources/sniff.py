"""What a file is, by its content, not its name, and reading it within limits.

A gzip file is inflated (by its magic bytes, whatever its suffix) within a size limit,
and a truncated or corrupt one is an `InputError`; a WARC/ARC archive is known by its
first bytes (also gzipped); an HTML page by its start or its first tags, as browsers
sniff (`index.php`, `page.xhtml`, `index.html?p=2` and names without a suffix too).
Nothing here loads the fetcher (httpx) or the archive reader (warcio).
"""

from __future__ import annotations

import codecs
import re
import sys
import zlib
from typing import Literal

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

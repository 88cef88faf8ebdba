"""WARC archives as a source: each HTML response record is one page.

Read with warcio (plain or gzipped WARC/ARC); records that are not HTTP responses with an
HTML content type are skipped. Bodies are capped at `max_bytes` while reading.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from scraper.errors import InputError

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SIGNATURES = (b"WARC/", b"filedesc://")


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One archived HTML response."""

    url: str
    body: bytes
    charset: str | None
    date: str | None


def is_warc(path: str) -> bool:
    return path.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def iter_warc(stream: BinaryIO, *, max_bytes: int = 20_000_000) -> Iterator[WarcPage]:
    """The HTML response records of a WARC stream, in archive order.

    Raises `InputError` when the stream is not a WARC archive.
    """
    _check_signature(stream)
    try:
        for record in ArchiveIterator(stream):
            page = _page(record, max_bytes)
            if page is not None:
                yield page
    except ArchiveLoadFailed as error:
        raise InputError(f"not a WARC archive: {error}") from None


def _check_signature(stream: BinaryIO) -> None:
    """Refuse what is not a WARC or ARC file (warcio would read anything as ARC)."""
    head = stream.read(512)
    stream.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            head = b""
    if not head.startswith(_SIGNATURES):
        raise InputError("not a WARC archive (no WARC/ARC header at the start)")


def _page(record: object, max_bytes: int) -> WarcPage | None:
    if getattr(record, "rec_type", None) != "response":
        return None
    http = getattr(record, "http_headers", None)
    if http is None:
        return None
    message = Message()
    message["content-type"] = http.get_header("Content-Type") or ""
    if message.get_content_type() not in _HTML_TYPES:
        return None
    body = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(body) > max_bytes:
        return None
    headers = record.rec_headers  # type: ignore[attr-defined]
    return WarcPage(
        url=headers.get_header("WARC-Target-URI") or "",
        body=body,
        charset=str(message.get_param("charset") or "") or None,
        date=headers.get_header("WARC-Date"),
    )

"""WARC archives as a source: each HTML response record is one page.

Read with warcio (plain or gzipped WARC/ARC, known by content, not name); records
that are not HTTP responses with an HTML content type, and redirects, are skipped.
Bodies are capped at `max_bytes` while reading. warcio reads a cut-off archive as
if it ended there, so the archive is checked on the side: a gzip member that never
ends, a record shorter than its `Content-Length`, or bytes left after the last
record raise `InputError` once the complete records before it were given.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from scraper.errors import InputError
from scraper.sources.sniff import GZIP_MAGIC, WARC_SIGNATURES

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_INFLATE_STEP = 1 << 20


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One archived HTML response; `status` is its HTTP status (4xx/5xx are kept so
    that the caller can reject them by name)."""

    url: str
    body: bytes
    charset: str | None
    date: str | None
    status: int = 200


def iter_warc(stream: BinaryIO, *, max_bytes: int = 20_000_000) -> Iterator[WarcPage]:
    """The HTML response records of a WARC stream, in archive order.

    Raises `InputError` when the stream is not a WARC archive, or (after the
    complete records) when it is truncated or corrupt.
    """
    gzipped, is_arc = _check_signature(stream)
    checked = _Checked(stream, gzipped=gzipped, check_tail=not is_arc)
    try:
        records = ArchiveIterator(checked)
        for record in records:
            page = _page(record, max_bytes)
            _drain(record)  # a page is given only once its record proved complete
            if page is not None:
                yield page
    except InputError:
        raise
    except ArchiveLoadFailed as error:
        raise InputError(f"not a WARC archive: {error}") from None
    except zlib.error as error:
        raise InputError(f"corrupt gzip data in the archive ({error})") from None
    except Exception as error:  # warcio fails on broken headers in its own ways
        raise InputError(f"corrupt WARC archive ({type(error).__name__}: {error})") from None
    checked.finish(records.offset)


def _check_signature(stream: BinaryIO) -> tuple[bool, bool]:
    """Refuse what is not a WARC or ARC file (warcio would read anything as ARC);
    (gzipped, ARC rather than WARC)."""
    head = stream.read(512)
    stream.seek(0)
    gzipped = head.startswith(GZIP_MAGIC)
    if gzipped:
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            head = b""
    if not head.startswith(WARC_SIGNATURES):
        raise InputError("not a WARC archive (no WARC/ARC header at the start)")
    return gzipped, not head.startswith(b"WARC/")


def _drain(record: Any) -> None:
    """Read the rest of a record, and refuse one cut short."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    if getattr(stream, "limit", 0) > 0:
        raise InputError("truncated WARC archive (a record ends before its Content-Length)")


class _Checked:
    """The archive's bytes passed through to warcio, gzip framing checked on the side."""

    def __init__(self, stream: BinaryIO, *, gzipped: bool, check_tail: bool) -> None:
        self._stream = stream
        self._check_tail = check_tail
        self._inflater = zlib.decompressobj(wbits=31) if gzipped else None
        self._in_member = False
        self._tail = b""
        self._total = 0  # bytes read from the stream

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        self._total += len(chunk)
        if self._inflater is not None:
            self._feed(chunk)
        elif chunk:
            self._tail = (self._tail + chunk)[-8:]
        return chunk

    def _feed(self, chunk: bytes) -> None:
        while chunk:
            assert self._inflater is not None
            self._in_member = True
            self._inflater.decompress(chunk, _INFLATE_STEP)
            while self._inflater.unconsumed_tail:
                self._inflater.decompress(self._inflater.unconsumed_tail, _INFLATE_STEP)
            if not self._inflater.eof:
                return
            chunk = self._inflater.unused_data
            self._inflater = zlib.decompressobj(wbits=31)
            self._in_member = False

    def finish(self, end: int) -> None:
        """Raise `InputError` when the archive stopped inside a gzip member or record.

        `end` is where the last complete record ended (warcio's offset): bytes after
        it are a record cut short, even one whose headers are whole but body missing.
        """
        while self.read(1 << 16):
            pass
        if end < self._total:
            raise InputError("truncated WARC archive (it ends inside a record)")
        if self._in_member:
            raise InputError("truncated WARC archive (the last gzip member never ends)")
        cut = self._tail and not self._tail.endswith(b"\r\n\r\n")
        if self._inflater is None and self._check_tail and cut:
            raise InputError("truncated WARC archive (it ends inside a record)")


def _page(record: Any, max_bytes: int) -> WarcPage | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    http = record.http_headers
    message = Message()
    message["content-type"] = http.get_header("Content-Type") or ""
    if message.get_content_type() not in _HTML_TYPES:
        return None
    status = _status(http.get_statuscode())
    if 100 <= status < 200 or 300 <= status < 400:
        return None  # informational and redirects: the page is elsewhere
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return None
    headers = record.rec_headers
    return WarcPage(
        url=headers.get_header("WARC-Target-URI") or "",
        body=body,
        charset=str(message.get_param("charset") or "") or None,
        date=headers.get_header("WARC-Date"),
        status=status,
    )


def _status(code: object) -> int:
    try:
        return int(str(code))
    except ValueError:
        return 200  # ARC records and odd lines carry no usable status: read the body

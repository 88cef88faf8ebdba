"""Read a body while streaming, capped before and after each `Content-Encoding` layer.

The raw bytes are decoded here, not by httpx, so that every layer's output is
counted as it is produced: a compression bomb (even "gzip, gzip") fails with
`TooLarge` after at most `max_bytes` of output per layer, never inflating in memory.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import AsyncIterable
from typing import IO, Protocol, cast

import brotli  # type: ignore[import-untyped]
import zstandard

from scraper.errors import ContentDecodingError, TooLarge

_ZSTD_CHUNK = 65_536


class _Layer(Protocol):
    def feed(self, data: bytes) -> bytes: ...
    def flush(self) -> bytes: ...


class _Budget:
    """Counts one layer's output and fails once it passes the limit."""

    def __init__(self, limit: int, what: str) -> None:
        self.limit = limit
        self.used = 0
        self.what = what

    @property
    def room(self) -> int:
        """Bytes still allowed (never more than a C size can hold)."""
        return min(self.limit - self.used, sys.maxsize - 1)

    def spend(self, data: bytes) -> bytes:
        self.used += len(data)
        if self.used > self.limit:
            raise TooLarge(f"{self.what} over {self.limit} bytes")
        return data


class _Zlib:
    def __init__(self, budget: _Budget, wbits: int) -> None:
        self._budget = budget
        self._wbits = wbits
        self._obj: zlib._Decompress | None = None

    def feed(self, data: bytes) -> bytes:
        if self._obj is None:
            if not data:
                return b""
            self._obj = zlib.decompressobj(self._pick_wbits(data))
        try:
            # One byte more than the room left: getting it proves the limit is passed.
            return self._budget.spend(self._obj.decompress(data, self._budget.room + 1))
        except zlib.error as error:
            raise ContentDecodingError(f"corrupt compressed body: {error}") from None

    def _pick_wbits(self, data: bytes) -> int:
        # "deflate" is zlib-wrapped by the standard, raw deflate by some servers.
        if self._wbits == zlib.MAX_WBITS and (data[0] & 0x0F) != 8:
            return -zlib.MAX_WBITS
        return self._wbits

    def flush(self) -> bytes:
        return self._budget.spend(self._obj.flush()) if self._obj else b""


class _Brotli:
    def __init__(self, budget: _Budget) -> None:
        self._budget = budget
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes) -> bytes:
        parts = []
        try:
            out = self._obj.process(data, output_buffer_limit=self._budget.room + 1)
            parts.append(self._budget.spend(out))
            while not self._obj.can_accept_more_data():
                out = self._obj.process(b"", output_buffer_limit=self._budget.room + 1)
                parts.append(self._budget.spend(out))
        except brotli.error as error:
            raise ContentDecodingError(f"corrupt brotli body: {error}") from None
        return b"".join(parts)

    def flush(self) -> bytes:
        return b""


class _Sink:
    """Where zstandard writes its output, at most `_ZSTD_CHUNK` bytes at a time."""

    def __init__(self, budget: _Budget) -> None:
        self.budget = budget
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(self.budget.spend(bytes(data)))
        return len(data)


class _Zstd:
    def __init__(self, budget: _Budget) -> None:
        self._sink = _Sink(budget)
        dctx = zstandard.ZstdDecompressor(max_window_size=1 << 27)
        self._writer = dctx.stream_writer(cast(IO[bytes], self._sink), write_size=_ZSTD_CHUNK)

    def feed(self, data: bytes) -> bytes:
        try:
            self._writer.write(data)
        except zstandard.ZstdError as error:
            raise ContentDecodingError(f"corrupt zstd body: {error}") from None
        out = b"".join(self._sink.parts)
        self._sink.parts.clear()
        return out

    def flush(self) -> bytes:
        return b""


def _layer(coding: str, max_bytes: int) -> _Layer:
    budget = _Budget(max_bytes, f"body decoded from {coding}")
    if coding in ("gzip", "x-gzip"):
        return _Zlib(budget, 16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return _Zlib(budget, zlib.MAX_WBITS)
    if coding == "br":
        return _Brotli(budget)
    if coding == "zstd":
        return _Zstd(budget)
    raise ContentDecodingError(f"unsupported Content-Encoding {coding!r}")


class Decoder:
    """The layers of a `Content-Encoding` header, undone last-applied first."""

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        self._layers = [_layer(coding, max_bytes) for coding in reversed(codings)]

    def feed(self, data: bytes) -> bytes:
        for layer in self._layers:
            data = layer.feed(data)
        return data

    def flush(self) -> bytes:
        data = b""
        for layer in self._layers:
            data = layer.feed(data) + layer.flush() if data else layer.flush()
        return data


async def read_body(
    chunks: AsyncIterable[bytes], content_encoding: str | None, max_bytes: int
) -> bytes:
    """The decoded body of `chunks`; `TooLarge` as soon as any layer passes `max_bytes`."""
    decoder = Decoder(content_encoding, max_bytes)
    raw = _Budget(max_bytes, "body")
    final = _Budget(max_bytes, "decoded body")
    parts: list[bytes] = []
    async for chunk in chunks:
        parts.append(final.spend(decoder.feed(raw.spend(chunk))))
    parts.append(final.spend(decoder.flush()))
    return b"".join(parts)

"""Layered decoding with a cap per layer, and the address guard, on real bytes."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator

import brotli
import pytest
import zstandard

from scraper.errors import ContentDecodingError, TooLarge
from scraper.fetch import guard
from scraper.fetch.body import read_body

TEXT = b"<p>" + b"an honest sentence. " * 500 + b"</p>"
ENCODERS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": lambda data: zstandard.ZstdCompressor().compress(data),
}


async def _chunks(data: bytes, size: int = 1000) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def decode(data: bytes, coding: str | None, limit: int) -> bytes:
    return asyncio.run(read_body(_chunks(data), coding, limit))


@pytest.mark.parametrize("coding", sorted(ENCODERS))
def test_each_coding_decodes(coding: str) -> None:
    assert decode(ENCODERS[coding](TEXT), coding, 1_000_000) == TEXT


@pytest.mark.parametrize("coding", sorted(ENCODERS))
def test_each_coding_stops_a_bomb(coding: str) -> None:
    bomb = ENCODERS[coding](b"\0" * 30_000_000)
    with pytest.raises(TooLarge):
        decode(bomb, coding, 100_000)


def test_stacked_codings_are_undone_last_first() -> None:
    data = brotli.compress(gzip.compress(TEXT))
    assert decode(data, "gzip, br", 1_000_000) == TEXT


def test_raw_deflate_is_accepted() -> None:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    data = packer.compress(TEXT) + packer.flush()
    assert decode(data, "deflate", 1_000_000) == TEXT


def test_exact_limit_passes_and_one_more_byte_fails() -> None:
    assert decode(gzip.compress(TEXT), "gzip", len(TEXT)) == TEXT
    with pytest.raises(TooLarge):
        decode(gzip.compress(TEXT), "gzip", len(TEXT) - 1)


def test_unknown_and_corrupt_codings() -> None:
    with pytest.raises(ContentDecodingError, match="unsupported"):
        decode(TEXT, "compress", 1_000_000)
    with pytest.raises(ContentDecodingError, match="corrupt"):
        decode(b"\x1f\x8b" + b"garbage" * 10, "gzip", 1_000_000)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("::ffff:127.0.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
    ],
)
def test_address_guard(address: str, public: bool) -> None:
    assert guard.is_public(address) is public

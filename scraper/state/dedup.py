"""Duplicate detection: exact (SHA-256 of the clean text) and near (MinHash over shingles).

A text's near-duplicate fingerprint is a MinHash signature of its word 3-shingles:
`PERMUTATIONS` values, each the least of one seeded hash over the shingles. The share
of equal values estimates the Jaccard similarity of two shingle sets. For lookup the
signature is cut into `BANDS` bands; texts sharing any band's key are candidates (the
usual LSH banding: a pair with similarity 0.8 shares a band with probability > 0.999).
Deterministic across runs and machines: BLAKE2b and fixed seeds, never `hash()`.

The state stores index signatures by `band_keys`; the recorder (`scraper.cron.record`)
computes them and picks the most similar candidate a store returns.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable
from struct import pack, unpack

_WORD = re.compile(r"\w+")
SHINGLE = 3
PERMUTATIONS = 64
BANDS = 16
_ROWS = PERMUTATIONS // BANDS
_PRIME = (1 << 61) - 1
_SEEDS = random.Random(20240501)
_COEFFICIENTS = tuple(
    (_SEEDS.randrange(1, _PRIME), _SEEDS.randrange(0, _PRIME)) for _ in range(PERMUTATIONS)
)


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _base(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")


def signature(text: str) -> bytes:
    """The MinHash signature of `text`, packed as `PERMUTATIONS` 8-byte integers: per
    permutation `(a, b)`, the least `(a * x + b) mod (2**61 - 1)` over the shingles' base
    hashes `x` (`scraper.state.minhash` computes them all at once in 64-bit numpy,
    imported here at first use so that the CLI starts without numpy)."""
    from scraper.state.minhash import least_hashes

    values = [_base(shingle) for shingle in shingles(text)] or [0]
    return pack(f">{PERMUTATIONS}Q", *least_hashes(values, _COEFFICIENTS, _PRIME))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    left, right = unpack(f">{PERMUTATIONS}Q", a), unpack(f">{PERMUTATIONS}Q", b)
    same: int = sum(x == y for x, y in zip(left, right, strict=True))
    return same / PERMUTATIONS


def band_keys(sig: bytes) -> list[int]:
    """One signed 63-bit key per band (band index included), for an indexed lookup."""
    size = 8 * _ROWS
    keys = []
    for band in range(BANDS):
        chunk = bytes([band]) + sig[band * size : (band + 1) * size]
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big") >> 1)
    return keys


def most_similar(
    sig: bytes, candidates: Iterable[tuple[str, bytes]], threshold: float
) -> str | None:
    """The candidate key most similar to `sig`, if at least `threshold` similar."""
    best: tuple[float, str] | None = None
    for key, other in candidates:
        score = similarity(sig, other)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, key)
    return best[1] if best else None


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

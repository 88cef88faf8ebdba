"""Rebuild `cleaners/data/langid/model.npz.zst` from the installed py3langid model.

    python -m scraper.langid_model

py3langid ships its model LZMA-compressed: inflating its 68 MB takes ~0.5 s, most of
a one-file `scraper clean`. The same arrays recompressed with zstandard (level 19,
same npz inside) inflate in ~0.1 s. `cleaners.language` loads this copy, and falls
back to py3langid's own when the copy is missing.
"""

from __future__ import annotations

import hashlib
import lzma
from pathlib import Path

import zstandard
from py3langid.langid import MODEL_DIR, MODEL_FILE

TARGET = Path(__file__).parent.parent / "cleaners" / "data" / "langid" / "model.npz.zst"


def build(target: Path = TARGET) -> str:
    """Write the zstd copy; return the SHA-256 of the npz it holds."""
    with lzma.open(MODEL_DIR / MODEL_FILE) as source:
        npz = source.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(zstandard.ZstdCompressor(level=19).compress(npz))
    return hashlib.sha256(npz).hexdigest()


if __name__ == "__main__":
    print(f"{TARGET}: npz sha256 {build()}")

"""Rebuild `cleaners/data/langid/model.zst` from the installed py3langid model.

    python -m scraper.langid_model

py3langid ships its model as an LZMA-compressed npz: inflating its 68 MB and reading
the arrays out of the zip takes ~0.6 s, most of a one-file `scraper clean`. The same
arrays, raw and zstd-compressed (level 19), load in ~0.15 s: `cleaners.language`
reads them back (the layout is its `read_model`), and falls back to py3langid's file
when the copy is missing.

Layout, once inflated: an 8-byte little-endian header length, a JSON header
`{name: [dtype, shape, offset]}`, then each array's bytes (C order) at its offset.
"""

from __future__ import annotations

import io
import json
import lzma
import struct
from pathlib import Path

import numpy as np
import zstandard
from py3langid.langid import MODEL_DIR, MODEL_FILE

TARGET = Path(__file__).parent.parent / "cleaners" / "data" / "langid" / "model.zst"
NAMES = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def pack(arrays: dict[str, np.ndarray]) -> bytes:
    """The arrays in the layout above (uncompressed)."""
    header: dict[str, list[object]] = {}
    chunks: list[bytes] = []
    offset = 0
    for name in NAMES:
        array = np.ascontiguousarray(arrays[name])
        header[name] = [array.dtype.str, list(array.shape), offset]
        chunks.append(array.tobytes())
        offset += array.nbytes
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + b"".join(chunks)


def build(target: Path = TARGET) -> None:
    with lzma.open(MODEL_DIR / MODEL_FILE) as source, np.load(io.BytesIO(source.read())) as npz:
        packed = pack({name: npz[name] for name in NAMES})
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(zstandard.ZstdCompressor(level=19).compress(packed))


if __name__ == "__main__":
    build()
    print(TARGET)

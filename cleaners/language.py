"""Language identification (ISO 639-1) with py3langid, CJK scripts decided first.

py3langid's model is loaded once per process, on first use, from the zstd copy in
`data/langid/` (built from py3langid's own by `python -m scraper.langid_model`; it
loads in ~0.15 s where py3langid's LZMA npz takes ~0.6 s), or from py3langid's
file when the copy is missing.
"""

from __future__ import annotations

import functools
import json
import math
import re
import struct
from pathlib import Path
from typing import Any

from cleaners.textstats import CJK_CHAR, cjk_ratio

_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_SAMPLE = 400
_MODEL = Path(__file__).parent / "data" / "langid" / "model.zst"


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of `text`'s main language, or None when there is too little."""
    sample = text[:_SAMPLE]
    if len(sample.strip()) < 20:
        return None
    if len(_HANGUL.findall(sample)) > len(sample) * 0.3:
        return "ko"
    if cjk_ratio(sample) > 0.3:
        kana = len(_KANA.findall(sample))
        return "ja" if kana >= 3 and kana * 10 >= len(CJK_CHAR.findall(sample)) else "zh"
    code, _score = _identifier().classify(sample)
    return str(code)


@functools.cache
def _identifier() -> Any:
    """py3langid's classifier over its model, loaded once."""
    from py3langid.langid import LanguageIdentifier

    if not _MODEL.exists():
        from py3langid.langid import MODEL_FILE

        return LanguageIdentifier.from_model_file(MODEL_FILE)
    from py3langid.modelio import _to_array

    arrays = read_model(_MODEL.read_bytes())
    return LanguageIdentifier(
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"].tolist(),
        _to_array(arrays["nextmove"]),
        arrays["out_feat"].tolist(),
        tk_row=_to_array(arrays["nextmove_row"]),
    )


def read_model(compressed: bytes) -> dict[str, Any]:
    """The arrays of a model file (layout: `scraper.langid_model`), as views of its bytes."""
    import numpy as np
    import zstandard

    data = zstandard.ZstdDecompressor().decompress(compressed)
    (size,) = struct.unpack_from("<Q", data)
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    return {
        name: np.frombuffer(
            data, dtype=np.dtype(dtype), count=math.prod(shape), offset=base + offset
        ).reshape(shape)
        for name, (dtype, shape, offset) in header.items()
    }

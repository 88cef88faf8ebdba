"""Language identification (ISO 639-1) with py3langid, CJK scripts decided first.

py3langid's model is loaded once per process, on first use, from the zstd copy in
`data/langid/` (built from py3langid's own by `python -m scraper.langid_model`; it
inflates in ~0.1 s where py3langid's LZMA file takes ~0.5 s), or from py3langid's
file when the copy is missing.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path
from typing import Any

from cleaners.textstats import CJK_CHAR, cjk_ratio

_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_SAMPLE = 400
_MODEL = Path(__file__).parent / "data" / "langid" / "model.npz.zst"


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
    import numpy as np
    import zstandard
    from py3langid.modelio import _to_array

    npz = zstandard.ZstdDecompressor().decompress(_MODEL.read_bytes())
    with np.load(io.BytesIO(npz), allow_pickle=False) as data:
        return LanguageIdentifier(
            np.asarray(data["ptc"]),
            np.asarray(data["pc"]),
            data["classes"].tolist(),
            _to_array(data["nextmove"]),
            data["out_feat"].tolist(),
            tk_row=_to_array(data["nextmove_row"]),
        )

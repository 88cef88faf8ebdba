"""Language identification (ISO 639-1) with py3langid, CJK scripts decided first."""

from __future__ import annotations

import re

from py3langid.langid import classify

from cleaners.textstats import CJK_CHAR, cjk_ratio

_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_SAMPLE = 400


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
    code, _score = classify(sample)
    return str(code)

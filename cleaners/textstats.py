"""Counting words and characters the same way in every language."""

from __future__ import annotations

import re

# One CJK ideograph or kana counts as one word; other scripts (Korean too, which
# spaces its words) count runs of letters and digits.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
CJK_CHAR = re.compile(rf"[{_CJK}]")


def word_count(text: str) -> int:
    """Words in `text`, counting each CJK character as one word."""
    return len(_WORD.findall(text))


def cjk_ratio(text: str) -> float:
    """Share of the non-space characters of `text` that are CJK."""
    stripped = len(text) - text.count(" ")
    if stripped <= 0:
        return 0.0
    return len(CJK_CHAR.findall(text)) / stripped

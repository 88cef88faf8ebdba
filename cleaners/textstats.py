"""Counting words and characters the same way in every language."""

from __future__ import annotations

import re

# One CJK ideograph or kana counts as one word; other scripts (Korean too, which
# spaces its words) count runs of letters and digits.
CJK_RANGE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{CJK_RANGE}]|[^\W{CJK_RANGE}]+")
CJK_CHAR = re.compile(rf"[{CJK_RANGE}]")


def word_count(text: str) -> int:
    """Words in `text`, counting each CJK character as one word."""
    return sum(1 for _ in _WORD.finditer(text))  # no list of every word (a 19 MB text)


def cjk_ratio(text: str) -> float:
    """Share of the non-space characters of `text` that are CJK."""
    stripped = len(text) - text.count(" ")
    if stripped <= 0:
        return 0.0
    return sum(1 for _ in CJK_CHAR.finditer(text)) / stripped

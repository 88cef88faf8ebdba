"""Counting words and characters the same way in every language."""

from __future__ import annotations

import re

# One CJK ideograph or kana counts as one word; other scripts (Korean too, which
# spaces its words) count runs of letters and digits.
CJK_RANGE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(rf"[{CJK_RANGE}]")
_CJK_RUN = re.compile(rf"[{CJK_RANGE}]+")
_OTHER_WORD = re.compile(rf"[^\W{CJK_RANGE}]+")


_LISTED = 100_000  # characters: up to this, matches are counted from a list of them


def count_matches(pattern: re.Pattern[str], text: str) -> int:
    """How many times `pattern` matches in `text`. A long text is counted one match at a
    time: no list of the matches, nor of the pieces a substitution would join (a 19 MB
    text has millions); a short one from the list `findall` makes in C (a quarter less
    time than a Python loop over the matches on block-sized texts)."""
    if len(text) <= _LISTED:
        return len(pattern.findall(text))
    return sum(1 for _ in pattern.finditer(text))


def cjk_count(text: str) -> int:
    """CJK characters in `text`, counted by runs (a CJK text has a run per clause, not
    a match per character: millions of matches for a 6 MB paragraph)."""
    if text.isascii():
        return 0
    return sum(match.end() - match.start() for match in _CJK_RUN.finditer(text))


def word_count(text: str) -> int:
    """Words in `text`, counting each CJK character as one word."""
    return cjk_count(text) + count_matches(_OTHER_WORD, text)


def cjk_ratio(text: str) -> float:
    """Share of the non-space characters of `text` that are CJK."""
    stripped = len(text) - text.count(" ")
    if stripped <= 0:
        return 0.0
    return cjk_count(text) / stripped

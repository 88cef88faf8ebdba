"""Block labels from gold text, with the matching the benchmark metric uses.

The page's blocks are read as one stream of `\\w+` tokens. A token is covered when
one of the token 4-grams it belongs to (within the stream) is a 4-gram of the gold
text; a block's label is the share of its tokens that are covered. A nav item next
to the article's first sentence is not covered (the 4-grams crossing into it are not
in the gold), a one-word heading of the article is (the 4-gram from it into the
first sentence is). No hand labelling: every page with a gold text is training data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_TOKEN = re.compile(r"\w+")
_N = 4


def coverage(blocks: Sequence[str], gold: str) -> tuple[list[float], list[int]]:
    """(share of each block's tokens covered by `gold`, each block's token count)."""
    gold_tokens = _TOKEN.findall(gold)
    counts = [len(_TOKEN.findall(text)) for text in blocks]
    stream = [token for text in blocks for token in _TOKEN.findall(text)]
    if len(gold_tokens) < _N:
        known = set(gold_tokens)
        covered = [token in known for token in stream]
    else:
        covered = _covered(stream, _grams(gold_tokens))
    shares, start = [], 0
    for count in counts:
        hits = sum(covered[start : start + count])
        shares.append(hits / count if count else 0.0)
        start += count
    return shares, counts


def _grams(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + _N]) for i in range(len(tokens) - _N + 1)}


def _covered(stream: list[str], gold: set[tuple[str, ...]]) -> list[bool]:
    covered = [False] * len(stream)
    for i in range(len(stream) - _N + 1):
        if tuple(stream[i : i + _N]) in gold:
            for j in range(i, i + _N):
                covered[j] = True
    return covered

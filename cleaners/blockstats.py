"""Per-block evidence: weight (CJK-aware length), sentence punctuation, list-ness, UI words.

These are the general signals the header and boilerplate steps decide on; nothing here
knows any site or phrase beyond the lexicons' UI words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cleaners.characters import LIST_ITEM
from cleaners.draft import Block
from cleaners.lexicon import lexicon
from cleaners.textstats import cjk_count, count_matches

# One CJK character carries about as much as this many Latin characters.
CJK_WEIGHT = 2.5
# A block this heavy with sentence punctuation is prose.
PROSE_WEIGHT = 90

_SENTENCE_END = re.compile(r"[.!?。！？…;；:：\"”»)）]['\"”’»)）]*$")
_SENTENCE_INNER = re.compile(r"[.!?;][\s\"”’)]|[。！？；，,、]")
_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W_]+")
# Blocks longer than this are not checked word by word for UI words.
_UI_LIMIT = 120


@dataclass(frozen=True, slots=True)
class Stats:
    weight: float
    sentences: int
    ends_sentence: bool
    bullet: bool
    words: int
    ui_share: float
    has_letters: bool

    @property
    def prose(self) -> bool:
        """Long enough and punctuated like running text."""
        return self.weight >= PROSE_WEIGHT and (self.sentences > 0 or self.ends_sentence)


def stats(block: Block) -> Stats:
    """The evidence for one block (cached: the header and body steps both ask; only
    blocks up to a few kB, so the cache never keeps large texts alive)."""
    return _cached_stats(block) if len(block.text) <= _CACHED_CHARS else _stats(block)


_CACHED_CHARS = 4096


@lru_cache(maxsize=8192)
def _cached_stats(block: Block) -> Stats:
    return _stats(block)


def _stats(block: Block) -> Stats:
    text = block.text
    cjk = cjk_count(text)
    weight = len(text) - cjk + cjk * CJK_WEIGHT
    if len(text) <= _UI_LIMIT:
        words = _WORDS.findall(text.casefold())
        ui = lexicon().ui_words
        ui_share = sum(1 for w in words if w in ui) / len(words) if words else 0.0
        n_words = len(words)
    else:  # long blocks are never menus: skip the word-by-word look-up
        ui_share, n_words = 0.0, text.count(" ") + 1
    return Stats(
        weight=weight,
        sentences=count_matches(_SENTENCE_INNER, text),
        ends_sentence=_SENTENCE_END.search(text) is not None,
        bullet=block.tag == "li" or LIST_ITEM.match(text) is not None,
        words=n_words if not cjk else max(n_words, int(cjk / 1.5)),
        ui_share=ui_share,
        has_letters=_LETTER.search(text) is not None,
    )

"""Boilerplate removal: everything around and inside the article that is not the article.

The evidence, gathered by general rules (`read_evidence`):
1. the lexicons name a block's kind (ad, widget, related, disclaimer, credit, ...);
2. code (CSS/JS text) and short blocks repeated within the page are chrome;
3. the body span is the run of blocks with the best sum of prose scores (long,
   punctuated text scores up; short, list-like, UI-word blocks score down);
4. inside the body, a terminal marker (a "related"/"comments"/"tags" heading) after the
   body has started ends the span (cleaners/body.py).
The decision is learned: the text block model (`cleaners.textblocks`, trained on the
dirty twins of the labelled sets) weighs that evidence with the block's own text
facts and its neighbours, and keeps what it calls article text.
"""

from __future__ import annotations

import re
from collections import Counter

from cleaners.blockstats import Stats, stats
from cleaners.body import Evidence, body_span
from cleaners.document import RemovalKind
from cleaners.draft import Block, Draft
from cleaners.lexicon import lexicon, normalize
from cleaners.textblocks import Span, keep_mask, shipped_text_model

_CODE = re.compile(r"[{};]|:\s*[#\w-]+\s*[;}]|\bfunction\b|=>|\bvar\b|!important")
_SHORT = 40
# Blocks longer than this are never a whole lexicon phrase (the longest is far shorter).
_KEYED = 100
# A repeated short line of this many words that ends like a sentence is content.
_REFRAIN_WORDS = 4
# An image caption is shorter than this (weight, see blockstats).
_CAPTION_WEIGHT = 250


def _is_code(text: str) -> bool:
    """CSS or JavaScript that leaked into the text."""
    if len(text) < 30 or ("{" not in text and ";" not in text):
        return False
    hits = len(_CODE.findall(text))
    return (hits >= 4 and hits * 12 > len(text) * 0.5) or text.count("{") >= 3


def label(block: Block, key: str, seen: Counter[str]) -> RemovalKind | None:
    """The kind of boilerplate one block is on its own evidence, or None."""
    kind = lexicon().match(block.text, key)
    if kind:
        return kind
    if _is_code(block.text):
        return "code"
    if key and len(block.text) <= _SHORT and seen[key] > 1:
        st = stats(block)
        if not (st.words >= _REFRAIN_WORDS and st.ends_sentence):  # a sentence said again
            return "repeated"
    return None


def score(block: Block, st: Stats, kind: RemovalKind | None) -> float:
    """How much a block looks like article text (positive) or chrome (negative)."""
    if kind is not None:
        return -40.0
    if not st.has_letters:
        return -10.0
    if st.prose:
        return min(st.weight, 800.0) * (0.5 if st.bullet else 1.0)
    if st.ui_share >= 0.5 and st.words <= 8:
        return -25.0
    if st.bullet:
        # a list item written like content (several words) is neutral; menus are not
        return 2.0 if st.words >= 6 and st.weight >= 40 else -18.0
    if st.weight >= 50 and (st.sentences or st.ends_sentence):
        return st.weight * 0.4
    return -12.0


def read_evidence(blocks: tuple[Block, ...]) -> tuple[Evidence, Span]:
    """Each block's stats, kind and prose score, and the hand rules' body span."""
    # whole-block phrases and repeats are short: long blocks need no key
    keys = [normalize(b.text) if len(b.text) <= _KEYED else "" for b in blocks]
    # a short block said more than once on the page is chrome
    seen = Counter(k for k, b in zip(keys, blocks, strict=True) if len(b.text) <= _SHORT)
    kinds = [label(b, k, seen) for b, k in zip(blocks, keys, strict=True)]
    sts = [stats(b) for b in blocks]
    _mark_captions(kinds, sts)
    scores = [score(b, st, k) for b, st, k in zip(blocks, sts, kinds, strict=True)]
    ev = Evidence(blocks, sts, kinds, scores)
    start, end = body_span(ev)
    _mark_symbol_lines(kinds, sts)
    repeats = tuple(seen[k] if k else 0 for k in keys)
    return ev, Span(start, end, repeats)


def remove_boilerplate(draft: Draft) -> Draft:
    """Keep the blocks the text block model calls article text; record why the others
    went (their kind, or navigation/footer by where they lie against the body span)."""
    blocks = draft.blocks
    if not blocks:
        return draft
    ev, span = read_evidence(blocks)
    model = draft.config.text_model or shipped_text_model()
    kept = keep_mask(model, ev, span)
    added = tuple(b for i, b in enumerate(blocks) if kept[i] and not span.start <= i < span.end)
    keep: list[Block] = []
    dropped: list[tuple[RemovalKind, Block]] = []
    for i, block in enumerate(blocks):
        if kept[i]:
            keep.append(block)
        else:
            dropped.append((ev.kinds[i] or _place(i, span), block))
    return draft.drop(keep, dropped).replace(added=added)


def _place(i: int, span: Span) -> RemovalKind:
    if i < span.start:
        return "navigation"
    return "footer" if i >= span.end else "boilerplate"


def _mark_captions(kinds: list[RemovalKind | None], sts: list[Stats]) -> None:
    """The unpunctuated line just before an image credit is that image's caption."""
    for i in range(1, len(kinds)):
        j = i - 1
        before = sts[j]
        plain = not before.ends_sentence and not before.bullet
        if kinds[i] == "credit" and kinds[j] is None and plain and before.weight < _CAPTION_WEIGHT:
            kinds[j] = "caption"


def _mark_symbol_lines(kinds: list[RemovalKind | None], sts: list[Stats]) -> None:
    """Lines of symbols only (bullets, separators, rules of underscores) are chrome,
    inside the body span or out of it (where the text block model could add them)."""
    for i in range(len(kinds)):
        if kinds[i] is None and not sts[i].has_letters and sts[i].weight < 10:
            kinds[i] = "widget"

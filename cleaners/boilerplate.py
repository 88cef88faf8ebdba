"""Boilerplate removal: everything around and inside the article that is not the article.

Decided by general evidence, in this order:
1. the lexicons name a block's kind (ad, widget, related, disclaimer, credit, ...);
2. code (CSS/JS text) and short blocks repeated within the page are chrome;
3. the body is the run of blocks with the best sum of prose scores (long, punctuated
   text scores up; short, list-like, UI-word blocks score down); what lies outside it
   is navigation and footer;
4. inside the body, a terminal marker (a "related"/"comments"/"tags" heading, or a
   disclaimer) after the body has started ends the article: the rest is cut whole.
"""

from __future__ import annotations

import re
from collections import Counter

from cleaners.blockstats import Stats, stats
from cleaners.draft import Block, Draft
from cleaners.lexicon import TERMINAL_KINDS, lexicon, normalize

_CODE = re.compile(r"[{};]|:\s*[#\w-]+\s*[;}]|\bfunction\b|=>|\bvar\b|!important")
_SHORT = 40
# Blocks longer than this are never a whole lexicon phrase (the longest is far shorter).
_KEYED = 100
# A repeated short line of this many words that ends like a sentence is content.
_REFRAIN_WORDS = 4
# Prose weight the body must have before a terminal marker may end it.
_BODY_BEFORE_CUT = 180
# A "related" box inside an article holds at most this many blocks.
_BOX_LIMIT = 10
# An image caption is shorter than this (weight, see blockstats).
_CAPTION_WEIGHT = 250
# A section heading such as "Related stories" has at most this many words.
_HEADING_WORDS = 4
# How much sharing (or not) the body's indentation moves a block's score.
_INDENT_PULL = 8.0


def _is_code(text: str) -> bool:
    """CSS or JavaScript that leaked into the text."""
    if len(text) < 30 or ("{" not in text and ";" not in text):
        return False
    hits = len(_CODE.findall(text))
    return (hits >= 4 and hits * 12 > len(text) * 0.5) or text.count("{") >= 3


def label(block: Block, key: str, seen: Counter[str]) -> str | None:
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


def score(block: Block, st: Stats, kind: str | None) -> float:
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


def best_run(scores: list[float]) -> tuple[int, int]:
    """[start, end) of the contiguous run with the largest sum (Kadane)."""
    best, best_span = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for i, value in enumerate(scores):
        if total <= 0:
            total, start = value, i
        else:
            total += value
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def remove_boilerplate(draft: Draft) -> Draft:
    blocks = draft.blocks
    if not blocks:
        return draft
    # whole-block phrases and repeats are short: long blocks need no key
    keys = [normalize(b.text) if len(b.text) <= _KEYED else "" for b in blocks]
    # repetition is evidence of page chrome in a whole page, not in extracted content
    seen = Counter(
        k for k, b in zip(keys, blocks, strict=True) if len(b.text) <= _SHORT and not draft.focused
    )
    kinds = [label(b, k, seen) for b, k in zip(blocks, keys, strict=True)]
    sts = [stats(b) for b in blocks]
    _mark_captions(kinds, sts)
    scores = [score(b, st, k) for b, st, k in zip(blocks, sts, kinds, strict=True)]
    if draft.focused:
        start, end = 0, _terminal_cut(kinds, sts)
    else:
        start, end = _body_span(blocks, kinds, sts, scores)
    _mark_inner_chrome(kinds, sts, start, end)
    keep: list[Block] = []
    dropped: list[tuple[str, Block]] = []
    for i, block in enumerate(blocks):
        if kinds[i] is not None:
            dropped.append((kinds[i] or "", block))
        elif start <= i < end:
            keep.append(block)
        else:
            dropped.append(("navigation" if i < start else "footer", block))
    return draft.drop(keep, dropped)


def _body_span(
    blocks: tuple[Block, ...], kinds: list[str | None], sts: list[Stats], scores: list[float]
) -> tuple[int, int]:
    """[start, end) of the article among a whole page's blocks."""
    start, end = best_run(scores)
    if _weigh_indent(blocks, sts, kinds, scores, (start, end)):
        start, end = best_run(scores)
    if _penalize_after_terminal(kinds, sts, scores, start):
        start, end = best_run(scores)
    end = _extend_tail(blocks, kinds, sts, end)
    return _extend_head(kinds, sts, start), end


def _terminal_cut(kinds: list[str | None], sts: list[Stats]) -> int:
    """Already-extracted content: inline boxes are labelled, the end is the first cut."""
    spans = _terminal_spans(kinds, sts, 0)
    return spans[0][0] if spans else len(kinds)


def _mark_captions(kinds: list[str | None], sts: list[Stats]) -> None:
    """The unpunctuated line just before an image credit is that image's caption."""
    for i in range(1, len(kinds)):
        j = i - 1
        before = sts[j]
        plain = not before.ends_sentence and not before.bullet
        if kinds[i] == "credit" and kinds[j] is None and plain and before.weight < _CAPTION_WEIGHT:
            kinds[j] = "caption"


def _mark_inner_chrome(kinds: list[str | None], sts: list[Stats], start: int, end: int) -> None:
    """Inside the body, lines of symbols only (bullets, separators) are chrome."""
    for i in range(start, end):
        if kinds[i] is None and not sts[i].has_letters and sts[i].weight < 10:
            kinds[i] = "widget"


def _weigh_indent(
    blocks: tuple[Block, ...],
    sts: list[Stats],
    kinds: list[str | None],
    scores: list[float],
    span: tuple[int, int],
) -> bool:
    """In a text dump that keeps indentation, the body's lines share one indent.

    Blocks at the body's indent are pulled towards the article, others pushed away.
    Returns whether scores changed (never for text without indentation).
    """
    weights: Counter[int] = Counter()
    for i in range(*span):
        if sts[i].prose and kinds[i] is None:
            weights[blocks[i].indent] += int(sts[i].weight)
    if not weights or len({b.indent for b in blocks}) < 2:
        return False
    body_indent = weights.most_common(1)[0][0]
    for i, block in enumerate(blocks):
        if kinds[i] is not None:
            continue
        if block.indent == body_indent:
            scores[i] += _INDENT_PULL if scores[i] < 0 else 0.0
        else:
            scores[i] = scores[i] * 0.8 if scores[i] > 0 else scores[i] - _INDENT_PULL
    return True


def _penalize_after_terminal(
    kinds: list[str | None], sts: list[Stats], scores: list[float], start: int
) -> bool:
    """Nothing after a terminal marker (or inside an inline box) scores as article.

    Returns whether scores changed.
    """
    spans = _terminal_spans(kinds, sts, start)
    for first, stop in spans:
        for j in range(first, stop):
            scores[j] = -abs(scores[j]) - 1.0
    return bool(spans)


def _terminal_spans(kinds: list[str | None], sts: list[Stats], start: int) -> list[tuple[int, int]]:
    """[first, stop) spans that are not article: inline boxes, then the cut to the end.

    Markers before the body (sidebars, menus) do not count: only prose from `start`
    on does. A "related" box inside the article (the marker, a short list, then the
    article's prose again) is only the box: the scan goes on after it.
    """
    spans: list[tuple[int, int]] = []
    prose_seen = 0.0
    i = start
    while i < len(kinds):
        if kinds[i] in TERMINAL_KINDS and prose_seen >= _BODY_BEFORE_CUT:
            box_end = _inline_box_end(kinds, sts, i)
            if box_end is None:
                spans.append((i, len(kinds)))
                break
            for j in range(i, box_end):  # the box goes, wherever the body ends up
                kinds[j] = kinds[j] or "related"
            i = box_end
            continue
        if sts[i].prose and kinds[i] is None:
            prose_seen += sts[i].weight
        i += 1
    return spans


def _inline_box_end(kinds: list[str | None], sts: list[Stats], marker: int) -> int | None:
    """Where the article resumes after a "related" box at `marker`, or None (it ends).

    A box is the heading and a short list (items, or lines the lexicon knows), after
    which the article's own text comes back: prose within three blocks, with no list
    items right after it (a feed of teasers has them).
    """
    if kinds[marker] != "related":
        return None
    if sts[marker].words > _HEADING_WORDS:
        return marker + 1  # "Related: <a title>": one inline link, not a section heading
    n = len(kinds)
    j = marker + 1
    while j < n and j - marker <= _BOX_LIMIT and (sts[j].bullet or kinds[j] is not None):
        j += 1
    if j == marker + 1 or j >= n or j - marker > _BOX_LIMIT:
        return None
    k = j
    while k < n and k - j < 3 and not sts[k].prose:
        if sts[k].ends_sentence:
            return None  # teasers written as sentences: a related section, not a box
        k += 1
    if k >= n or not sts[k].prose or kinds[k] is not None:
        return None
    if any(sts[x].bullet for x in range(k, min(k + 3, n))):
        return None  # teasers and ads go on: a related section, not a box
    return j


def _extend_tail(
    blocks: tuple[Block, ...], kinds: list[str | None], sts: list[Stats], end: int
) -> int:
    """Keep a short sign-off (name, date) that ends the article just before a cut."""
    limit = min(len(blocks), end + 3)
    j = end
    while j < limit and kinds[j] is None and not sts[j].bullet and sts[j].weight < 40:
        j += 1
    if j == len(blocks) or (j < len(blocks) and kinds[j] in TERMINAL_KINDS):
        return j
    return end


def _extend_head(kinds: list[str | None], sts: list[Stats], start: int) -> int:
    """Keep a short lead sentence standing just before the body."""
    for _ in range(2):
        i = start - 1
        if i < 0 or kinds[i] is not None or sts[i].bullet or not sts[i].ends_sentence:
            break
        if sts[i].weight < 15 or not sts[i].has_letters:
            break
        start = i
    return start

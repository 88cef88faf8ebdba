"""Where the article is among a page's blocks: the body span and what ends it.

Works on `Evidence`: the blocks with their stats, labels (boilerplate kinds from the
lexicons and other evidence, or None) and prose scores. Functions here may label more
blocks (inline "related" boxes) and rescore them; they never look at a site or phrase.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cleaners.blockstats import Stats
from cleaners.document import RemovalKind
from cleaners.draft import Block
from cleaners.lexicon import TERMINAL_KINDS

# Prose weight the body must have before a terminal marker may end it.
_BODY_BEFORE_CUT = 180
# A "related" box inside an article holds at most this many blocks.
_BOX_LIMIT = 10
# A section heading such as "Related stories" has at most this many words.
_HEADING_WORDS = 4
# A sentence really ends here (a closing quote or bracket alone does not end one).
_FULL_STOP = re.compile(r"[.!?。！？…]['\"”’»)）]*$")
_SEPARATORS = re.compile(r"\S\s*[|•·]\s*\S")
# How much sharing (or not) the body's indentation moves a block's score.
_INDENT_PULL = 8.0


@dataclass
class Evidence:
    """What the boilerplate step knows of each block, index by index."""

    blocks: tuple[Block, ...]
    sts: list[Stats]
    kinds: list[RemovalKind | None]
    scores: list[float]

    def __len__(self) -> int:
        return len(self.blocks)


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


def body_span(ev: Evidence) -> tuple[int, int]:
    """[start, end) of the article among a whole page's blocks."""
    start, end = best_run(ev.scores)
    if _weigh_indent(ev, (start, end)):
        start, end = best_run(ev.scores)
    if _penalize_after_terminal(ev, start):
        start, end = best_run(ev.scores)
    return _extend_head(ev, start), _extend_tail(ev, end)


def _weigh_indent(ev: Evidence, span: tuple[int, int]) -> bool:
    """In a text dump that keeps indentation, the body's lines share one indent.

    Blocks at the body's indent are pulled towards the article, others pushed away.
    Returns whether scores changed (never for text without indentation).
    """
    weights: Counter[int] = Counter()
    for i in range(*span):
        if ev.sts[i].prose and ev.kinds[i] is None:
            weights[ev.blocks[i].indent] += int(ev.sts[i].weight)
    if not weights or len({b.indent for b in ev.blocks}) < 2:
        return False
    body_indent = weights.most_common(1)[0][0]
    for i, block in enumerate(ev.blocks):
        if ev.kinds[i] is not None:
            continue
        value = ev.scores[i]
        if block.indent == body_indent:
            ev.scores[i] = value + _INDENT_PULL if value < 0 else value
        else:
            ev.scores[i] = value * 0.8 if value > 0 else value - _INDENT_PULL
    return True


def _penalize_after_terminal(ev: Evidence, start: int) -> bool:
    """Nothing after a terminal marker scores as article. Returns whether scores changed."""
    spans = _terminal_spans(ev, start)
    for first, stop in spans:
        for j in range(first, stop):
            ev.scores[j] = -abs(ev.scores[j]) - 1.0
    return bool(spans)


def _terminal_spans(ev: Evidence, start: int) -> list[tuple[int, int]]:
    """[first, end of page) for the terminal cut, if any; inline boxes are labelled.

    Markers before the body (sidebars, menus) do not count: only prose from `start`
    on does. A "related" box inside the article (the marker, a short list, then the
    article's prose again) is only the box: the scan goes on after it.
    """
    prose_seen = 0.0
    i = start
    while i < len(ev):
        if ev.kinds[i] in TERMINAL_KINDS and prose_seen >= _BODY_BEFORE_CUT:
            box_end = _inline_box_end(ev, i)
            if box_end is None:
                return [(i, len(ev))]
            for j in range(i, box_end):  # the box goes, wherever the body ends up
                ev.kinds[j] = ev.kinds[j] or "related"
            i = box_end
            continue
        if ev.sts[i].prose and ev.kinds[i] is None:
            prose_seen += ev.sts[i].weight
        i += 1
    return []


def _listish(ev: Evidence, i: int) -> bool:
    """A list item, a line the lexicon knows, or several titles run together with |."""
    st = ev.sts[i]
    if st.bullet or ev.kinds[i] is not None:
        return True
    return not st.prose and _SEPARATORS.search(ev.blocks[i].text) is not None


def _inline_box_end(ev: Evidence, marker: int) -> int | None:
    """Where the article resumes after a "related" box at `marker`, or None (it ends).

    A box is the heading and a short list (items, lines the lexicon knows, titles run
    together), after which the article's own text comes back: prose within three
    blocks, with no list items right after it (a feed of teasers has them).
    """
    if ev.kinds[marker] != "related":
        return None
    if ev.sts[marker].words > _HEADING_WORDS:
        return marker + 1  # "Related: <a title>": one inline link, not a section heading
    n = len(ev)
    j = marker + 1
    while j < n and j - marker <= _BOX_LIMIT and _listish(ev, j):
        j += 1
    if j == marker + 1 or j >= n or j - marker > _BOX_LIMIT:
        return None
    k = j
    while k < n and k - j < 3 and not ev.sts[k].prose:
        if ev.sts[k].ends_sentence:
            return None  # teasers written as sentences: a related section, not a box
        k += 1
    if k >= n or not ev.sts[k].prose or ev.kinds[k] is not None:
        return None
    if any(ev.sts[x].bullet for x in range(k, min(k + 3, n))):
        return None  # teasers and ads go on: a related section, not a box
    return j


def _extend_tail(ev: Evidence, end: int) -> int:
    """Keep a short sign-off (name, date) that ends the article just before a cut."""
    n = len(ev)
    j = end
    while j < min(n, end + 3) and ev.kinds[j] is None and not ev.sts[j].bullet:
        if ev.sts[j].weight >= 40:
            break
        j += 1
    if j == n or ev.kinds[j] in TERMINAL_KINDS:
        return j
    return end


def _extend_head(ev: Evidence, start: int) -> int:
    """Keep a short lead sentence standing just before the body."""
    for _ in range(2):
        i = start - 1
        if i < 0 or ev.kinds[i] is not None:
            break
        st = ev.sts[i]
        full_stop = _FULL_STOP.search(ev.blocks[i].text) is not None
        if st.bullet or not full_stop or st.weight < 15 or not st.has_letters:
            break
        start = i
    return start

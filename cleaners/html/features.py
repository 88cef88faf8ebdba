"""The features of each block that the content scorer reads.

Generic facts only, in any language: no site, page or word of one language. Per
block: its text (length, words, CJK share, link density, sentence punctuation,
separators, repetition on the page, overlap with the page's title, presence in the
page's structured data); its element (tag, depth, the context it sits in: lists,
tables, navigation, footers, elements whose class or id names furniture or content);
its surroundings (the text and link share of its element, parent and grandparent,
whether it lies in the element with the most paragraph text, its neighbours, how
many blocks share its structural position); and the page (its size, its share of
paragraph text, the types its JSON-LD and OpenGraph declare). `FEATURES` names the
columns in order; the model file records them, and loading checks they agree.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cleaners.html.domblocks import CONTEXT_BITS, Element, PageBlocks
from cleaners.textstats import CJK_CHAR

_OWNER_TAGS = (
    ("p",),
    ("div", "section", "article", "main", "body", "center"),
    ("li",),
    ("td", "th", "tr", "tbody", "thead", "tfoot", "table", "caption"),
    ("h1",),
    ("h2", "h3", "h4", "h5", "h6", "hgroup"),
    ("pre",),
    ("blockquote",),
    ("dd", "dt", "dl"),
    ("figcaption", "figure"),
    ("header", "footer", "nav", "aside", "form", "fieldset", "legend", "address"),
    ("summary", "details", "option", "menu", "dialog"),
)
_TAG_COLUMN = {tag: i for i, group in enumerate(_OWNER_TAGS) for tag in group}
# JSON-LD / OpenGraph types, grouped by the kind of page they announce
PAGE_KINDS = (
    ("article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle"),
    ("product", "offer", "aggregateoffer", "productgroup"),
    ("discussionforumposting", "qapage", "question", "answer", "socialmediaposting", "comment"),
    ("itemlist", "collectionpage", "searchresultspage", "offercatalog"),
    ("techarticle", "howto", "apireference", "softwaresourcecode", "softwareapplication"),
    ("recipe", "event", "service", "localbusiness", "organization", "faqpage", "course"),
)
_SENTENCE_END = re.compile(r"[.!?。！？]")
_COMMA = re.compile(r"[,，、;；]")
_SEPARATOR = re.compile(r"[|•·›»/>«‹]")
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"\w+")
_ENDS = frozenset('.!?。！？:;"”’)')
_BULLET = re.compile(r"^(?:[*•·●○◦▪▫■□►▶»›>+\-–—|]|\d{1,2}[.)、])\s")
_LONG_BLOCK = 10_000  # characters: counted without building a list of matches
_SHORT_WORDS = 30  # title overlap is read on blocks of at most this many words
_IN_STRUCTURED_MIN = 15  # characters: shorter blocks are found anywhere

TEXT_FEATURES = (
    "log_chars",
    "log_words",
    "cjk_share",
    "link_density",
    "log_sentence_ends",
    "sentence_ends_per_word",
    "ends_like_sentence",
    "commas_per_word",
    "digit_share",
    "chars_per_word",
    "separators_per_word",
    "has_copyright_sign",
    "log_lines",
    "log_repeats",
    "title_overlap",
    "in_structured_data",
    "starts_with_bullet",
)
OWNER_FEATURES = tuple(f"owner_{group[0]}" for group in _OWNER_TAGS) + tuple(
    f"context_bit_{bit}" for bit in range(CONTEXT_BITS)
)
TREE_FEATURES = (
    "owner_text_share",
    "owner_link_density",
    "owner_log_blocks",
    "parent_text_share",
    "parent_link_density",
    "parent_log_blocks",
    "grandparent_text_share",
    "grandparent_link_density",
    "grandparent_log_blocks",
    "depth",
    "relative_depth",
    "in_paragraph_container",
    "container_text_share",
    "position",
    "chars_before_share",
    "log_same_position",
    "prev_log_chars",
    "prev_link_density",
    "next_log_chars",
    "next_link_density",
    "prev2_log_chars",
    "next2_log_chars",
)
PAGE_FEATURES = (
    "page_log_chars",
    "page_log_blocks",
    "page_paragraph_share",
    "page_link_density",
    *(f"page_declares_{group[0]}" for group in PAGE_KINDS),
)
FEATURES = TEXT_FEATURES + OWNER_FEATURES + TREE_FEATURES + PAGE_FEATURES


@dataclass(frozen=True, slots=True, kw_only=True)
class PageFacts:
    """What the page says about itself, beside its blocks."""

    title: str = ""
    structured_text: str = ""  # JSON-LD articleBody/description, squashed (no spaces)
    declared: frozenset[str] = frozenset()  # lower-cased JSON-LD @types and og:type


def block_features(page: PageBlocks, facts: PageFacts) -> npt.NDArray[np.float32]:
    """One row of `FEATURES` per block of `page`."""
    n = len(page.blocks)
    if n == 0:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    rows = np.empty((n, len(FEATURES)), dtype=np.float32)  # each group written in place
    start = 0
    for columns in (_text_columns, _owner_columns, _tree_columns, _page_columns):
        group = columns(page, facts)
        width = group.shape[-1]
        rows[:, start : start + width] = group
        del group  # a page of 300,000 blocks: one group at a time
        start += width
    return rows


def _text_columns(page: PageBlocks, facts: PageFacts) -> npt.NDArray[np.float64]:
    counts = Counter(block.text for block in page.blocks)
    title_tokens = {t.lower() for t in _TOKEN.findall(facts.title)}
    rows = np.empty((len(page.blocks), len(TEXT_FEATURES)))  # filled row by row: no tuples kept
    for i, block in enumerate(page.blocks):
        text = block.text
        chars = len(text)
        cjk = 0 if text.isascii() else _count(CJK_CHAR, text)
        words = max(1, text.count(" ") + text.count("\n") + 1 + cjk)  # one space between words
        ends = _count(_SENTENCE_END, text)
        rows[i] = (
            math.log1p(chars),
            math.log1p(words),
            cjk / chars,
            block.link_chars / chars,
            math.log1p(ends),
            ends / words,
            1.0 if text[-1] in _ENDS else 0.0,
            _count(_COMMA, text) / words,
            _count(_DIGIT, text) / chars,
            chars / words,
            _count(_SEPARATOR, text) / words,
            1.0 if "©" in text else 0.0,
            math.log1p(text.count("\n")),
            math.log(counts[text]),
            _title_overlap(text, words, title_tokens),
            _in_structured(text, facts.structured_text),
            1.0 if _BULLET.match(text) else 0.0,
        )
    return rows


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Matches of `pattern` in `text`; in long blocks without a list of them."""
    return len(pattern.findall(text)) if len(text) < _LONG_BLOCK else pattern.subn("", text)[1]


def _title_overlap(text: str, words: int, title_tokens: set[str]) -> float:
    if not title_tokens or words > _SHORT_WORDS:
        return 0.0
    tokens = {t.lower() for t in _TOKEN.findall(text)}
    return len(tokens & title_tokens) / len(tokens | title_tokens) if tokens else 0.0


def _in_structured(text: str, structured: str) -> float:
    if not structured or len(text) < _IN_STRUCTURED_MIN:
        return 0.0
    return 1.0 if "".join(text.split()) in structured else 0.0


def _owner_columns(page: PageBlocks, facts: PageFacts) -> npt.NDArray[np.float64]:
    del facts  # the signature every column group shares
    n = len(page.blocks)
    tags = np.zeros((n, len(_OWNER_TAGS)))
    bits = np.zeros((n, CONTEXT_BITS))
    contexts = np.array([block.context for block in page.blocks], dtype=np.int64)
    for i, block in enumerate(page.blocks):
        column = _TAG_COLUMN.get(page.elements[block.owner].tag)
        if column is not None:
            tags[i, column] = 1.0
    for bit in range(CONTEXT_BITS):
        bits[:, bit] = (contexts >> bit) & 1
    return np.hstack([tags, bits])


def _tree_columns(page: PageBlocks, facts: PageFacts) -> npt.NDArray[np.float64]:
    del facts  # the signature every column group shares
    elements = page.elements
    n = len(page.blocks)
    total = max(1, elements[0].chars)
    chars = np.array([e.chars for e in elements], dtype=np.float64)
    links = np.array([e.link_chars for e in elements], dtype=np.float64)
    nblocks = np.array([e.blocks for e in elements], dtype=np.float64)
    parents = np.array([max(e.parent, 0) for e in elements], dtype=np.int64)
    depths = np.array([e.depth for e in elements], dtype=np.float64)
    owner = np.array([b.owner for b in page.blocks], dtype=np.int64)
    parent = parents[owner]
    grandparent = parents[parent]
    columns = []
    for level in (owner, parent, grandparent):
        columns += [
            chars[level] / total,
            links[level] / np.maximum(chars[level], 1.0),
            np.log1p(nblocks[level]),
        ]
    container, container_share = _paragraph_container(elements, total)
    start, end = container, elements[container].end if container >= 0 else -1
    block_chars = np.array([len(b.text) for b in page.blocks], dtype=np.float64)
    block_links = np.array([b.link_chars for b in page.blocks], dtype=np.float64) / block_chars
    log_chars = np.log1p(block_chars)
    columns += [
        depths[owner],
        depths[owner] / max(1.0, float(depths.max())),
        ((owner >= start) & (owner < end)).astype(np.float64),
        np.full(n, container_share),
        np.arange(n) / max(1, n - 1),
        (np.cumsum(block_chars) - block_chars) / total,
        np.log(_same_position(page, owner)),
        _shift(log_chars, 1),
        _shift(block_links, 1),
        _shift(log_chars, -1),
        _shift(block_links, -1),
        _shift(log_chars, 2),
        _shift(log_chars, -2),
    ]
    return np.column_stack(columns)


def _paragraph_container(elements: list[Element], total: int) -> tuple[int, float]:
    """The element whose `<p>` children hold the most text (readability's choice)."""
    scores: dict[int, float] = {}
    for element in elements:
        if element.tag == "p" and element.parent >= 0:
            scores[element.parent] = scores.get(element.parent, 0.0) + element.chars
            grandparent = elements[element.parent].parent
            if grandparent >= 0:
                scores[grandparent] = scores.get(grandparent, 0.0) + element.chars * 0.5
    if not scores:
        return -1, 0.0
    best = max(scores, key=lambda key: scores[key])
    return best, elements[best].chars / total


def _same_position(page: PageBlocks, owner: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """How many blocks sit in an element of the same tag under a parent of the same tag."""
    elements = page.elements
    keys = [
        (elements[o].tag, elements[elements[o].parent].tag if elements[o].parent >= 0 else "")
        for o in owner.tolist()
    ]
    counts = Counter(keys)
    return np.array([counts[key] for key in keys], dtype=np.float64)


def _shift(values: npt.NDArray[np.float64], by: int) -> npt.NDArray[np.float64]:
    """`values` moved `by` places (the previous block's value for 1), -1 past the ends."""
    shifted = np.full_like(values, -1.0)
    if by > 0:
        shifted[by:] = values[:-by]
    else:
        shifted[:by] = values[-by:]
    return shifted


def _page_columns(page: PageBlocks, facts: PageFacts) -> npt.NDArray[np.float64]:
    body = page.elements[0]
    total = max(1, body.chars)
    paragraph = sum(e.chars for e in page.elements if e.tag == "p")
    declared = [1.0 if facts.declared.intersection(group) else 0.0 for group in PAGE_KINDS]
    return np.array(
        [
            math.log1p(body.chars),
            math.log1p(len(page.blocks)),
            paragraph / total,
            body.link_chars / total,
            *declared,
        ]
    )


CONTEXT_FEATURES = (
    "first_stage",
    "prev_first_stage",
    "next_first_stage",
    "prev2_first_stage",
    "next2_first_stage",
    "window_first_stage",
    "page_max_first_stage",
    "page_mean_first_stage",
    "content_chars_before_share",
    "between_confident_blocks",
    "siblings_first_stage",
    "cousins_first_stage",
    "same_position_first_stage",
)
_WINDOW = 3  # blocks on each side
_CONFIDENT = 0.8


def block_groups(page: PageBlocks) -> npt.NDArray[np.intp]:
    """Per block: its element's parent, grandparent, and structural position (ids).

    Blocks sharing a parent are siblings (a post's paragraphs, a list's items);
    blocks at the same position (tag, parent's tag, depth) repeat one template (the
    entries of a listing, the posts of a thread).
    """
    elements = page.elements
    positions: dict[tuple[str, str, int], int] = {}
    rows = []
    for block in page.blocks:
        owner = elements[block.owner]
        parent = max(owner.parent, 0)
        grandparent = max(elements[parent].parent, 0)
        key = (owner.tag, elements[parent].tag, owner.depth)
        rows.append((parent, grandparent, positions.setdefault(key, len(positions))))
    return np.array(rows, dtype=np.intp).reshape(-1, 3)


def _group_mean(
    groups: npt.NDArray[np.intp], values: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """For each row, the weighted mean of `values` over the rows of its group."""
    sums = np.bincount(groups, weights=values * weights)
    totals = np.bincount(groups, weights=weights)
    return np.asarray(sums[groups] / np.maximum(totals[groups], 1e-9), dtype=np.float64)


def context_features(
    rows: npt.NDArray[np.float32], first: npt.NDArray[np.float64], groups: npt.NDArray[np.intp]
) -> npt.NDArray[np.float32]:
    """`rows` with `CONTEXT_FEATURES` appended: what the first stage said around each block.

    `groups` is `block_groups` of the same blocks.
    """
    n = len(first)
    chars = np.expm1(rows[:, FEATURES.index("log_chars")].astype(np.float64))
    weighted = np.concatenate([[0.0], np.cumsum(first * chars)])
    sizes = np.concatenate([[0.0], np.cumsum(chars)])
    low = np.clip(np.arange(n) - _WINDOW, 0, n)
    high = np.clip(np.arange(n) + _WINDOW + 1, 0, n)
    window = (weighted[high] - weighted[low]) / np.maximum(sizes[high] - sizes[low], 1.0)
    content = chars * (first >= 0.5)
    before = (np.cumsum(content) - content) / max(float(content.sum()), 1.0)
    confident = np.flatnonzero(first >= _CONFIDENT)
    positions = np.arange(n)
    between = (
        ((positions >= confident[0]) & (positions <= confident[-1])).astype(np.float64)
        if len(confident)
        else np.zeros(n)
    )
    total = max(float(chars.sum()), 1.0)
    columns = np.column_stack(
        [
            first,
            _shift(first, 1),
            _shift(first, -1),
            _shift(first, 2),
            _shift(first, -2),
            window,
            np.full(n, first.max() if n else 0.0),
            np.full(n, float((first * chars).sum()) / total),
            before,
            between,
            *(_group_mean(groups[:, column], first, chars) for column in range(3)),
        ]
    )
    return np.hstack([rows, columns]).astype(np.float32)

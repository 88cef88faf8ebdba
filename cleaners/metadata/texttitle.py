"""The title of dirty text, when its header lines name none: a learned line chooser.

A dump of a page usually holds its headline as a line of its own, somewhere above
the body (after the menus, before or after the byline), and often twice (the
breadcrumb, the heading). `cleaners.header` takes it when a dateline or a byline
anchors it; this step looks for it when they do not. Each short single line of the
`WINDOW` blocks above the body's first block (and of its first lines) is a candidate, described
by generic facts: where it stands on the page and against the body's first block, its
length and capitals, whether it reads like a sentence or a menu, how often the page
repeats it, how many of its words the URL's path and the body's first lines hold. A
tree ensemble (`cleaners.metadata.textlines`; `cleaners/data/models/text_title.json`,
retrained by `scraper train text-title` from the gold titles of wcxb-dev-dirty) scores
each; the best becomes the title when it reaches the model's threshold, else the title
stays unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import unquote

import numpy as np
import numpy.typing as npt

from cleaners.blockstats import stats
from cleaners.draft import Block, Draft
from cleaners.lexicon import normalize
from cleaners.metadata.textlines import lines_from, shipped_line_model
from cleaners.urls import url_path

MODEL_FILE = "text_title.json"
WINDOW = 200  # blocks above the body's first one that may hold the title
_MAX_CHARS = 300  # a longer line is prose, not a headline
_BODY_LINES = 3  # the body's first blocks, whose words a headline announces
_WORD = re.compile(r"\w+")
_YEAR = re.compile(r"\d{4}")
_SEPARATOR = re.compile(r"\s[|\-–—:·•»]\s")
_ENDS = frozenset(".!?。:;,")
SOURCE = "text:title-line"

FEATURES = (
    "index",
    "position",
    "from_body",
    "chars",
    "tokens",
    "words",
    "ui_share",
    "bullet",
    "ends_sentence",
    "sentences",
    "capitals",
    "repeats",
    "in_url_share",
    "url_covered",
    "in_body_share",
    "ends_with_punctuation",
    "has_year",
    "heading",
    "separators",
)


def title_candidates(
    given: Sequence[Block], body: int | None, url: str | None
) -> tuple[npt.NDArray[np.float32], list[int]]:
    """The feature rows of the candidate lines of `given` (the text's blocks as
    segmented), with their indices; `body`: the index of the body's first block."""
    start, end = _window(len(given), body)
    short = [
        (index, text, normalize(text))
        for index in range(start, end)
        if (text := given[index].text.strip()) and len(text) <= _MAX_CHARS and "\n" not in text
    ]
    repeats = Counter(key for _index, _text, key in short)
    slug = {w.lower() for w in _WORD.findall(unquote(url_path(url))) if not w.isdigit()}
    lead = given[body : body + _BODY_LINES] if body is not None else ()
    body_words = {w.lower() for b in lead for w in _WORD.findall(b.text)}
    rows: list[list[float]] = []
    indices: list[int] = []
    for index, text, key in short:
        block = given[index]
        tokens = [w.lower() for w in _WORD.findall(text)]
        if not tokens:
            continue
        unique = set(tokens)
        st = stats(block)
        words = text.split()
        rows.append(
            [
                index,
                index / max(1, len(given)),
                lines_from(index, body),
                len(text),
                len(tokens),
                st.words,
                st.ui_share,
                float(st.bullet),
                float(st.ends_sentence),
                st.sentences,
                sum(w[:1].isupper() for w in words) / max(1, len(words)),
                repeats[key],
                len(unique & slug) / len(unique),
                len(unique & slug) / len(slug) if slug else -1.0,
                len(unique & body_words) / len(unique),
                float(text[-1] in _ENDS),
                float(bool(_YEAR.search(text))),
                float(block.tag.startswith("h")),
                len(_SEPARATOR.findall(text)),
            ]
        )
        indices.append(index)
    if not rows:
        return np.zeros((0, len(FEATURES)), dtype=np.float32), []
    return np.asarray(rows, dtype=np.float32), indices


def _window(blocks: int, body: int | None) -> tuple[int, int]:
    """The blocks that may hold the title: the `WINDOW` above the body's first block and
    its first lines, or the first `WINDOW` when the body is not known."""
    if body is None:
        return 0, min(blocks, WINDOW)
    return max(0, body - WINDOW), min(blocks, body + _BODY_LINES)


def learned_title(draft: Draft) -> Draft:
    """The title from the text's lines, when the header lines gave none (`draft.given`:
    the blocks as segmented; the body is what the steps before kept)."""
    if draft.meta.title or not draft.given:
        return draft
    model = draft.config.text_title_model or shipped_line_model(MODEL_FILE, FEATURES)
    rows, indices = title_candidates(draft.given, body_start(draft), draft.meta.url)
    best = model.best(rows, url=draft.meta.url)
    if best is None:
        return draft
    title = draft.given[indices[best]].text.strip()
    return draft.replace(meta=draft.meta.with_source("title", title, SOURCE))


def body_start(draft: Draft) -> int | None:
    """Where the body's first block stands among the given blocks: the first kept block
    that the text block model did not add (`Draft.added`); None when there is none."""
    given = draft.given
    added = {id(block) for block in draft.added}
    first = next((b for b in draft.blocks if id(b) not in added), None)
    if first is None:
        return None
    for index, block in enumerate(given):
        if block is first:
            return index
    text = first.text.strip()
    return next((i for i, block in enumerate(given) if block.text.strip() == text), None)

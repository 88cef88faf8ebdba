"""The authors of dirty text, when its header lines name none: a learned line chooser.

`cleaners.header` takes authors from a byline among the header lines, or a name beside
their dateline. A dump of a page often has neither there: the name stands alone below
the headline or the date, under the article ("About the author"), or is the page's
poster. Each short line of the text's first `HEAD` blocks and its last `TAIL` that
reads as person names (`cleaners.metadata.people`: roles, "Staff", "admin" and the like
are no names) is a candidate, described by generic facts: where it stands on the page
and against the body's first block, the title's line and the date's line, how much of
the line the names are, whether a byline label ("By", "Autor:") precedes them, their
capitals and digits, how often the page repeats the line, how many of their words the
URL holds. A tree ensemble (`cleaners.metadata.textlines`;
`cleaners/data/models/text_authors.json`, retrained by `scraper train text-authors`
from wcxb-dev-dirty's gold authors) scores each; the best line's names become the
authors when it reaches the model's threshold, else the authors stay unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from cleaners.blockstats import stats
from cleaners.dates import find_date
from cleaners.draft import Block, Draft
from cleaners.metadata.people import people
from cleaners.metadata.textdate import date_line, title_line
from cleaners.metadata.textlines import lines_from, shipped_line_model
from cleaners.metadata.texttitle import body_start
from cleaners.metadata.visible import bylines

MODEL_FILE = "text_authors.json"
HEAD = 300  # the text's first blocks, where a byline stands
TAIL = 40  # ... and its last ones (an author's box under the article)
_MAX_CHARS = 100  # a longer line is prose that names someone, not a byline
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_LIST_MARK = re.compile(r"^[*+•◦▪‣]\s+")  # a dump's list item: the name follows it
# Chinese names have 2-4 characters, Japanese ones a few more: a longer run of CJK
# characters alone on a line (no space, no "、" between names) names no one
_CJK_NAME_CHARS = 8
_CJK_ONLY = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af·]+")
SOURCE = "text:author-line"

FEATURES = (
    "index",
    "position",
    "from_body",
    "from_title",
    "from_date",
    "chars",
    "names",
    "words_per_name",
    "names_share",
    "labelled",
    "capitalised",
    "digits",
    "repeats",
    "ui_share",
    "bullet",
    "heading",
    "in_url",
    "from_end",
    "has_date",
)


def author_candidates(
    given: Sequence[Block],
    url: str | None,
    *,
    body: int | None,
    title: int | None,
    dated: int | None,
) -> tuple[npt.NDArray[np.float32], list[tuple[str, ...]]]:
    """The feature rows of the candidate lines of `given` (the text's blocks as
    segmented), with the names each gives; `body`, `title`, `dated`: the indices of the
    body's first block, the title's line and the date's line (None when not known)."""
    total = len(given)
    indices = sorted({*range(min(total, HEAD)), *range(max(0, total - TAIL), total)})
    texts = [given[i].text.strip() for i in indices]
    repeats = Counter(texts)
    slug = {w.lower() for w in _WORD.findall(url or "")}
    rows: list[list[float]] = []
    values: list[tuple[str, ...]] = []
    for index, text in zip(indices, texts, strict=True):
        line = _line(text) if text and len(text) <= _MAX_CHARS else None
        if line is None:
            continue
        st = stats(given[index])
        rows.append(
            [
                index,
                index / max(1, total),
                lines_from(index, body),
                lines_from(index, title),
                lines_from(index, dated),
                *line.facts[:7],
                repeats[text],
                st.ui_share,
                float(st.bullet),
                float(given[index].tag.startswith("h")),
                len(line.words & slug),
                total - index,
                line.facts[7],
            ]
        )
        values.append(line.names)
    if not rows:
        return np.zeros((0, len(FEATURES)), dtype=np.float32), []
    return np.asarray(rows, dtype=np.float32), values


@dataclass(frozen=True, slots=True)
class _Line:
    """What one line of names says by itself: its names, their words (lower case), and
    its features from "chars" to "digits", then "has_date"."""

    names: tuple[str, ...]
    words: frozenset[str]
    facts: tuple[float, ...]


@lru_cache(maxsize=16384)
def _line(text: str) -> _Line | None:
    """The names of one line and what the line says by itself, None when it names no
    one (cached: a dump repeats its menus, and a site's pages repeat theirs)."""
    if len(text) > _CJK_NAME_CHARS and _CJK_ONLY.fullmatch(text):
        return None  # a line of CJK text with no separator is a phrase, not names
    names = people([text])
    if not names:
        return None
    joined = " ".join(names)
    words = joined.split()
    facts = (
        len(text),
        len(names),
        len(words) / len(names),
        len(joined) / len(text),
        bool(bylines((text,))),
        sum(w[:1].isupper() for w in words) / len(words),
        _DIGIT.search(joined) is not None,
        find_date(text) is not None,
    )
    return _Line(names, frozenset(w.lower() for w in _WORD.findall(joined)), facts)


def learned_authors(draft: Draft) -> Draft:
    """The authors from the text's lines, when the header lines named none
    (`draft.given`: the blocks as segmented; the body is what the steps before kept)."""
    if draft.meta.authors or not draft.given:
        return draft
    model = draft.config.text_authors_model or shipped_line_model(MODEL_FILE, FEATURES)
    rows, values = author_candidates(
        draft.given,
        draft.meta.url,
        body=body_start(draft),
        title=title_line(draft.given, draft.meta.title),
        dated=date_line(draft.given, draft.meta.published),
    )
    best = model.best(rows, url=draft.meta.url)
    if best is None:
        return draft
    names = tuple(_LIST_MARK.sub("", name) for name in values[best])  # "* Jane Doe"
    return draft.replace(meta=draft.meta.with_source("authors", names, SOURCE))

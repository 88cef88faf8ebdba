"""The features of a metadata candidate, one row per candidate, per field.

Every field's row starts with the one-hot of the sources that gave the value
(`candidates.*_SOURCES`), how many sources agree on it, how many distinct values the
page offers, where it first appeared, and whether the page declares an article.
Then, per field:
- title: length, words, whether it was cut from a longer value, whether it agrees
  with the `<h1>` and with `<title>`, whether it is a site name, its capitals;
- authors: names, words per name, capitalised words, digits, non-Latin script,
  whether the names are printed on the page and in the header, whether one looks
  like the site's name, how many `rel=author` names and bylines the page has;
- published: time and offset given, the day printed on the page or in the header,
  whether only update-like sources gave it, its distance in days from the earliest
  and the latest candidate and from the URL's date, whether it is the earliest, where
  the page first prints it (top to bottom) and how many days the page prints.
Every row ends with the page's own columns (`cleaners.metadata.kind`: what kind of
page it is, from its markup and its layout), the same for all its candidates.
Features are generic: no site names, no page ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from cleaners.dates import find_date
from cleaners.metadata.candidates import (
    AUTHOR_SOURCES,
    DATE_SOURCES,
    TITLE_SOURCES,
    Candidate,
    Names,
    PageFacts,
    date_kind,
    key,
)
from cleaners.metadata.kind import page_features
from cleaners.metadata.titles import UNSPACED_CHAR, agrees, overlap
from cleaners.metadata.visible import shows_relative_date

_COMMON = (
    "n_sources",
    "sources_gap",
    "n_candidates",
    "first",
    "article",
    "ld_article",
    "ld_news",
)
TITLE_FEATURES = (
    *TITLE_SOURCES,
    *_COMMON,
    "chars",
    "words",
    "cut_only",
    "agrees_h1",
    "equals_h1",
    "in_title",
    "equals_title",
    "is_site",
    "has_site",
    "capitals",
    "separators",
    "longest_share",
    "h1_overlap",
    "title_overlap",
    "title_prefix",
    "h1s",
    "headline_at",
)
AUTHOR_FEATURES = (
    *AUTHOR_SOURCES,
    *_COMMON,
    "names",
    "words_per_name",
    "capitalised",
    "digits",
    "non_latin",
    "chars",
    "shown",
    "shown_all",
    "in_header",
    "like_site",
    "rel_authors",
    "bylines",
    "single_word",
)
DATE_FEATURES = (
    *DATE_SOURCES,
    *_COMMON,
    "has_time",
    "has_offset",
    "shown",
    "in_header",
    "relative_shown",
    "modified_only",
    "from_earliest",
    "to_latest",
    "from_url",
    "earliest",
    "days",
    "printed_at",
    "printed_days",
)
_MODIFIED = frozenset({"json-ld:modified", "meta:modified", "itemprop:dateModified"})
_MODIFIED |= {"dateline:updated"}
_SEPARATOR = re.compile(r"\s[|\-–—:·•»]\s|[|｜_]")
_NO_URL = -1.0
_SHORT_LINE = 200  # characters: a longer line is prose, not a dateline
T = TypeVar("T")


def _common(c: Candidate[T], all_: Sequence[Candidate[T]], facts: PageFacts) -> list[float]:
    return [
        len(c.sources),
        max(len(o.sources) for o in all_) - len(c.sources),
        len(all_),
        c.first,
        facts.article,
        facts.ld_article,
        facts.ld_news,
    ]


def _one_hot(sources: tuple[str, ...], vocabulary: tuple[str, ...]) -> list[float]:
    return [float(s in sources) for s in vocabulary]


def title_rows(found: Sequence[Candidate[str]], facts: PageFacts) -> npt.NDArray[np.float32]:
    h1 = facts.header.lines[facts.header.headline] if facts.header.headline is not None else ""
    titles = [c.value for c in found if "title" in c.sources]
    page_title = titles[0] if titles else ""
    longest = max((len(c.value) for c in found), default=1)
    site_keys = [key(s) for s in facts.sites if key(s)]
    rows = []
    for c in found:
        k = key(c.value)
        rows.append(
            [
                *_one_hot(c.sources, TITLE_SOURCES),
                *_common(c, found, facts),
                len(c.value),
                _words(c.value),
                all(s.endswith(":cut") for s in c.sources),
                bool(h1) and agrees(h1, c.value),
                bool(h1) and key(h1) == k,
                bool(page_title) and k in key(page_title),
                bool(page_title) and key(page_title) == k,
                k in site_keys,
                any(s in k for s in site_keys if len(s) >= 4),
                sum(w[:1].isupper() for w in c.value.split()) / max(1, len(c.value.split())),
                len(_SEPARATOR.findall(c.value)),
                len(c.value) / max(1, longest),
                overlap(h1, c.value),
                overlap(page_title, c.value),
                bool(page_title) and key(page_title).startswith(k),
                facts.h1s,
                _headline_at(facts),
            ]
        )
    return _matrix(rows, TITLE_FEATURES)


def author_rows(found: Sequence[Candidate[Names]], facts: PageFacts) -> npt.NDArray[np.float32]:
    shown = facts.header.shown_text()
    header = "\n".join(facts.header.window()).casefold()
    site_keys = [key(s) for s in facts.sites if len(key(s)) >= 3]
    rows = []
    for c in found:
        words = [w for name in c.value for w in name.split()]
        keys = [key(n) for n in c.value]
        rows.append(
            [
                *_one_hot(c.sources, AUTHOR_SOURCES),
                *_common(c, found, facts),
                len(c.value),
                len(words) / max(1, len(c.value)),
                sum(w[:1].isupper() for w in words) / max(1, len(words)),
                any(ch.isdigit() for ch in "".join(c.value)),
                not "".join(c.value).isascii(),
                sum(len(n) for n in c.value),
                any(n.casefold() in shown for n in c.value),
                all(n.casefold() in shown for n in c.value),
                any(n.casefold() in header for n in c.value),
                any(s in k or k in s for k in keys for s in site_keys if k),
                facts.rel_authors,
                facts.bylines,
                any(len(n.split()) == 1 for n in c.value),
            ]
        )
    return _matrix(rows, AUTHOR_FEATURES)


def date_rows(found: Sequence[Candidate[str]], facts: PageFacts) -> npt.NDArray[np.float32]:
    days = [_day(c.value) for c in found]
    known = [d for d in days if d is not None]
    earliest, latest = (min(known), max(known)) if known else (None, None)
    where = _printed_at(facts.header.lines, frozenset(c.value[:4] for c in found))
    url_day = next((days[i] for i, c in enumerate(found) if "url" in c.sources), None)
    window_days = facts.header.shown_days(frozenset(c.value[:4] for c in found), window=True)
    relative = shows_relative_date(facts.header.window())
    rows = []
    for c, d in zip(found, days, strict=True):
        rows.append(
            [
                *_one_hot(tuple(date_kind(s) for s in c.sources), DATE_SOURCES),
                *_common(c, found, facts),
                "T" in c.value,
                bool(re.search(r"(?:[+-]\d{2}:?\d{2}|Z)$", c.value)),
                c.value[:10] in where,
                c.value[:10] in window_days,
                relative,
                all(date_kind(s) in _MODIFIED for s in c.sources),
                _days(earliest, d),
                _days(d, latest),
                abs(_days(url_day, d)) if url_day and d else _NO_URL,
                d is not None and d == earliest,
                len(set(known)),
                where.get(c.value[:10], -1.0),
                len(where),
            ]
        )
    return _matrix(rows, DATE_FEATURES)


def feature_names(field: str) -> tuple[str, ...]:
    """The features of field `field`'s rows: its own, then the page's."""
    own = {"title": TITLE_FEATURES, "authors": AUTHOR_FEATURES, "published": DATE_FEATURES}
    return (*own[field], *page_features())


def with_page(rows: npt.NDArray[np.float32], page: Sequence[float]) -> npt.NDArray[np.float32]:
    """`rows` with the page's columns after each."""
    columns = np.asarray(page, dtype=np.float32)
    return np.hstack([rows, np.broadcast_to(columns, (len(rows), len(columns)))])


def _printed_at(lines: Sequence[str], years: frozenset[str]) -> dict[str, float]:
    """{calendar day: where the page first prints it, 0 top to 1 bottom} for the days of
    `years` printed in short lines (a footer's "last updated" sits low, a byline high;
    a listing prints many)."""
    where: dict[str, float] = {}
    for index, line in enumerate(lines):
        if len(line) >= _SHORT_LINE or not any(year in line for year in years):
            continue
        found = find_date(line)
        if found:
            where.setdefault(found.iso[:10], index / max(1, len(lines)))
    return where


def _words(text: str) -> float:
    """Words, CJK-aware: a Han, kana or Hangul character counts as 1/1.5 of a word."""
    cjk = len(UNSPACED_CHAR.findall(text))
    return len(UNSPACED_CHAR.sub(" ", text).split()) + cjk / 1.5


def _headline_at(facts: PageFacts) -> float:
    """Where the `<h1>` stands among the page's lines (0 top, 1 bottom; -1 none)."""
    if facts.header.headline is None:
        return -1.0
    return facts.header.headline / max(1, len(facts.header.lines))


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def _days(a: date | None, b: date | None) -> float:
    return float((b - a).days) if a and b else 0.0


def _matrix(rows: list[list[float]], names: tuple[str, ...]) -> npt.NDArray[np.float32]:
    if not rows:
        return np.zeros((0, len(names)), dtype=np.float32)
    return np.asarray(rows, dtype=np.float32)

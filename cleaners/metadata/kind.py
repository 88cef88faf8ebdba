"""What kind of page the metadata comes from: the page columns of every candidate's row.

Whether a page has an author or a publication date at all depends on its kind: an
article or a forum thread has them; a product, service, documentation or listing
page mostly has none, though its markup may still carry a date (the template's, a
release, the last build) or a name (a reviewer, a poster). The chooser learns this
from generic page facts, the ones the page-type model reads (`cleaners.html.pagetype`):
- from the markup (`page_kind`, read with the candidates): the types its JSON-LD and
  OpenGraph declare (the content model's groups, `cleaners.html.features.PAGE_KINDS`),
  `og:type`, the URL's path depth and date, common words of its path
  (`data/html/url_words.txt`), how many `<article>`, `<time>`, `<h2>` and `<form>`
  elements the page holds;
- from the page's layout (`layout_of`, the page-type row of the content stage): its
  size, link density, the share of its text in paragraphs, list items, cells, code
  and headings, how much of it repeats one template.
"""

from __future__ import annotations

import math
import re
from functools import cache

import numpy as np
import numpy.typing as npt
from selectolax.lexbor import LexborHTMLParser

from cleaners.metadata import tags
from cleaners.metadata.jsonld import Graph
from cleaners.metadata.when import url_date
from cleaners.urls import url_path

_URL_TOKEN = re.compile(r"[a-z]+")
_ELEMENTS = ("article", "time", "h2", "form")
# page-type features that the markup part already holds in its own way
_NOT_LAYOUT = ("declares_", "url_")


@cache
def _vocabulary() -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...], tuple[str, ...]]:
    """The declared-type groups, the URL words and the page-type model's features
    (imported here: `cleaners.html` imports this package)."""
    from cleaners.html.features import PAGE_KINDS
    from cleaners.html.lexicon import words
    from cleaners.html.pagetype import feature_names

    return PAGE_KINDS, tuple(sorted(words("url_words"))), feature_names()


def page_features() -> tuple[str, ...]:
    """The page columns, in order: `page_kind`'s, then `layout_of`'s."""
    groups, url_words, type_features = _vocabulary()
    return (
        *(f"declares_{group[0]}" for group in groups),
        "og_article",
        "og_website",
        "og_other",
        "url_depth",
        "url_dated",
        *(f"count_{tag}" for tag in _ELEMENTS),
        *(f"url_{word}" for word in url_words),
        *(name for name in type_features if not name.startswith(_NOT_LAYOUT)),
    )


def page_kind(
    tree: LexborHTMLParser, graph: Graph, meta: tags.Meta, url: str | None
) -> tuple[float, ...]:
    """The markup part of the page columns."""
    groups, url_words, _type_features = _vocabulary()
    og_type = (meta.get("og:type") or [""])[0].strip().casefold()
    declared = {t for o in graph.objects for t in o.types} | ({og_type} if og_type else set())
    path = url_path(url)
    tokens = set(_URL_TOKEN.findall(path))
    return (
        *(float(bool(declared.intersection(group))) for group in groups),
        float(og_type == "article"),
        float(og_type == "website"),
        float(og_type not in ("", "article", "website")),
        float(len([part for part in path.split("/") if part])),
        float(url_date(url) is not None),
        *(math.log1p(len(tree.css(tag))) for tag in _ELEMENTS),
        *(float(word in tokens) for word in url_words),
    )


def layout_of(type_row: npt.NDArray[np.float32]) -> tuple[float, ...]:
    """The layout part of the page columns, from the page-type row of the page
    (`cleaners.html.pagetype.page_row`)."""
    _groups, _url_words, type_features = _vocabulary()
    return tuple(
        float(value)
        for name, value in zip(type_features, type_row, strict=True)
        if not name.startswith(_NOT_LAYOUT)
    )

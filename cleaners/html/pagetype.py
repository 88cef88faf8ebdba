"""What kind of page this is: article, forum, product, documentation, listing or other.

A page-level classifier over generic facts: how the page's text is laid out (shares
in paragraphs, list items, cells, code, headings; how much of it repeats one
template; link density), the types its JSON-LD and OpenGraph declare, and common
words of the URL's path (`data/html/url_words.txt`). One tree ensemble per type
(one against the rest), trained by `scraper train html` on the labelled sets
(`data/models/page_type.json`); the most probable type wins.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from cleaners.html.domblocks import PageBlocks
from cleaners.html.features import PAGE_KINDS, PageFacts
from cleaners.html.lexicon import words
from cleaners.model import TreeEnsemble, ensemble_from_dict, read_model_file
from cleaners.urls import url_path

PAGE_TYPES = ("article", "forum", "product", "documentation", "listing", "other")
MODEL_FILE = "page_type.json"
_TAG_GROUPS = (("p",), ("li", "dd", "dt"), ("td", "th", "tr"), ("pre",), ("h1", "h2", "h3", "h4"))
_URL_TOKEN = re.compile(r"[a-z]+")
_TEMPLATE_BLOCKS = 5  # a structural position holding this many blocks repeats a template


@cache
def feature_names() -> tuple[str, ...]:
    """The page-level features, in order (the URL words come from the data file)."""
    return (
        "log_chars",
        "log_blocks",
        "link_density",
        *(f"share_{group[0]}" for group in _TAG_GROUPS),
        "article_elements",
        "form_elements",
        "template_share",
        "template_groups",
        *(f"declares_{group[0]}" for group in PAGE_KINDS),
        *(f"url_{word}" for word in sorted(words("url_words"))),
    )


def page_row(page: PageBlocks, facts: PageFacts, url: str | None) -> npt.NDArray[np.float32]:
    """The page-level feature row of a page."""
    elements = page.elements
    total = max(1, elements[0].chars)
    owners = Counter[str]()
    for block in page.blocks:
        owners[elements[block.owner].tag] += len(block.text)
    tags = Counter(element.tag for element in elements)
    positions = Counter(
        (elements[b.owner].tag, elements[max(elements[b.owner].parent, 0)].tag) for b in page.blocks
    )
    template = sum(count for count in positions.values() if count >= _TEMPLATE_BLOCKS)
    path = set(_URL_TOKEN.findall(url_path(url)))
    return np.array(
        [
            math.log1p(elements[0].chars),
            math.log1p(len(page.blocks)),
            elements[0].link_chars / total,
            *(sum(owners[tag] for tag in group) / total for group in _TAG_GROUPS),
            math.log1p(tags["article"]),
            math.log1p(tags["form"]),
            template / max(1, len(page.blocks)),
            math.log1p(sum(1 for c in positions.values() if c >= _TEMPLATE_BLOCKS)),
            *(1.0 if facts.declared.intersection(group) else 0.0 for group in PAGE_KINDS),
            *(1.0 if word in path else 0.0 for word in sorted(words("url_words"))),
        ],
        dtype=np.float32,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PageTypeModel:
    """One binary ensemble per page type; the most probable type wins.

    The ensembles are also stacked into one (`stacked`, `owner`: the type of each
    tree) so that a page takes one pass over all trees.
    """

    ensembles: tuple[TreeEnsemble, ...]
    record: dict[str, Any]
    stacked: TreeEnsemble
    owner: npt.NDArray[np.intp]

    def page_type(self, row: npt.NDArray[np.float32]) -> str:
        leaves = self.stacked.leaves(row[None, :])[:, 0]
        raw = np.bincount(self.owner, weights=leaves, minlength=len(self.ensembles))
        return PAGE_TYPES[int(np.argmax(raw))]

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(feature_names()),
            "types": list(PAGE_TYPES),
            "record": self.record,
            "ensembles": [ensemble.to_dict() for ensemble in self.ensembles],
        }


def type_model_from_dict(data: dict[str, Any]) -> PageTypeModel:
    if tuple(data["features"]) != feature_names() or tuple(data["types"]) != PAGE_TYPES:
        raise ValueError("the page-type model and the feature code disagree: retrain the model")
    ensembles = tuple(ensemble_from_dict(item) for item in data["ensembles"])
    width = max(len(tree) for item in data["ensembles"] for tree in item["feature"])
    stacked: dict[str, list[list[Any]]] = {key: [] for key in _ARRAYS}
    for item in data["ensembles"]:
        for key in _ARRAYS:
            stacked[key] += [_pad(tree, width) for tree in item[key]]
    owner = [i for i, item in enumerate(data["ensembles"]) for _tree in item["feature"]]
    return PageTypeModel(
        ensembles=ensembles,
        record=data["record"],
        stacked=ensemble_from_dict(
            {**stacked, "depth": max(e.depth for e in ensembles), "bias": 0.0}
        ),
        owner=np.array(owner, dtype=np.intp),
    )


_ARRAYS = ("feature", "threshold", "left", "right", "value")


def _pad(tree: list[Any], width: int) -> list[Any]:
    """A tree's node list padded to `width` (padding nodes are never reached)."""
    return tree + [0] * (width - len(tree))


@cache
def shipped_type_model() -> PageTypeModel:
    """The shipped page-type model, loaded once per process."""
    return type_model_from_dict(read_model_file(MODEL_FILE))

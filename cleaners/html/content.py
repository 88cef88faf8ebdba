"""Main content by a learned block scorer.

The page is read as blocks (`domblocks`), each block described by generic features
(`features`), and a small tree ensemble trained on labelled pages of many kinds
(`cleaners/data/models/html_blocks.json`, retrained by `scraper train html`) gives
each block the probability that a reader would call it the page's content. The
blocks at or above the model's threshold, in reading order, are the content.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from selectolax.lexbor import LexborHTMLParser

from cleaners.draft import HTML_ROLES, Block
from cleaners.html.domblocks import IN_PRE, PageBlocks, page_blocks
from cleaners.html.features import (
    CONTEXT_FEATURES,
    FEATURES,
    PageFacts,
    block_features,
    block_groups,
    context_features,
)
from cleaners.html.lexicon import words
from cleaners.html.pagetype import page_row, shipped_type_model
from cleaners.html.structure import PageShapes
from cleaners.html.structured import LinkedData
from cleaners.model import TreeEnsemble, ensemble_from_dict, read_model_file

MODEL_FILE = "html_blocks.json"
_LEAD_BLOCKS = 6  # blocks above the content read for header lines (dateline, byline, source)
_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_PAGE_MARKUP = "p,article,section,h1,h2,h3,ul,ol,table"


def read_page(
    tree: LexborHTMLParser, ld: LinkedData
) -> tuple[PageBlocks, npt.NDArray[np.float32], PageFacts]:
    """The blocks of `tree` and their features; scripts, styles and media are stripped.

    `<noscript>` holding markup is what the page shows a reader without scripts (the
    crawler view of forum software, for one): it is parsed as part of the page.
    """
    facts = page_facts(tree, ld)
    for node in tree.css("body noscript"):
        if node.css_first(_PAGE_MARKUP) is not None:
            node.unwrap()
    tree.strip_tags(sorted(words("prune_tags")), recursive=True)
    body = tree.body
    page = page_blocks(body) if body is not None else PageBlocks()
    return page, block_features(page, facts), facts


def page_facts(tree: LexborHTMLParser, ld: LinkedData) -> PageFacts:
    """The page's title, structured text and declared types (read before stripping)."""
    title_node = tree.css_first("title")
    declared: set[str] = set()
    for node in tree.css('script[type="application/ld+json"]'):
        for found in _TYPE.findall(node.text(deep=True)[:100_000]):
            declared.update(_types(found))
    og_type = tree.css_first('meta[property="og:type"]')
    if og_type is not None:
        declared.add(og_type.attributes.get("content") or "")
    structured = " ".join(text for text in (ld.body, ld.description) if text)
    return PageFacts(
        title=title_node.text(deep=True) if title_node is not None else "",
        structured_text="".join(structured.split()),
        declared=frozenset(str(kind).lower() for kind in declared),
    )


def _types(found: str) -> list[str]:
    """The type names of one `"@type": ...` value (a string or a list; broken JSON: none)."""
    try:
        value = json.loads(found)
    except ValueError:
        return []
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentModel:
    """Two stages: block features first, then the same with what stage one said nearby.

    A block's probability is stage two's, blended with stage one's own (`first_weight`):
    stage two reads the page around the block, which on a page of link lists around a
    short article can outvote what the block itself shows. A block at or above the
    decision is content: `article_decision` on a page the page-type model calls an
    article (a reader came for the story alone), `decision` on any other page (its
    items, posts or specifications are many short blocks); code (`<pre>`) needs no
    more than `decision` on any page (see `_decisions`).
    """

    first: TreeEnsemble
    second: TreeEnsemble
    decision: float
    record: dict[str, Any]
    first_weight: float = 0.0
    article_decision: float | None = None  # None: `decision` on every page

    def decision_for(self, page_type: str | None) -> float:
        """The probability a block of a page of `page_type` must reach to be content."""
        if page_type == "article" and self.article_decision is not None:
            return self.article_decision
        return self.decision

    def probabilities(
        self, rows: npt.NDArray[np.float32], groups: npt.NDArray[np.intp]
    ) -> npt.NDArray[np.float64]:
        """Each block's probability of being content (`groups`: see `block_groups`)."""
        if not len(rows):
            return np.zeros(0)
        first = self.first.predict(rows)
        second = self.second.predict(context_features(rows, first, groups))
        return self.first_weight * first + (1.0 - self.first_weight) * second

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "context_features": list(CONTEXT_FEATURES),
            "decision": self.decision,
            "article_decision": self.article_decision,
            "first_weight": self.first_weight,
            "record": self.record,
            "stages": [self.first.to_dict(), self.second.to_dict()],
        }


def model_from_dict(data: dict[str, Any]) -> ContentModel:
    """A `ContentModel` from its file's JSON; the feature lists must match this code."""
    if tuple(data["features"]) != FEATURES or tuple(data["context_features"]) != CONTEXT_FEATURES:
        raise ValueError("the content model and the feature code disagree: retrain the model")
    first, second = (ensemble_from_dict(stage) for stage in data["stages"])
    return ContentModel(
        first=first,
        second=second,
        decision=float(data["decision"]),
        record=data["record"],
        first_weight=float(data.get("first_weight", 0.0)),
        article_decision=(
            None if data.get("article_decision") is None else float(data["article_decision"])
        ),
    )


@cache
def shipped_model() -> ContentModel:
    """The shipped block model (`data/models/html_blocks.json`), loaded once per process."""
    return model_from_dict(read_model_file(MODEL_FILE))


@dataclass(frozen=True, slots=True)
class Content:
    """A page read as blocks, its type, and the blocks a model kept."""

    page: PageBlocks
    type_row: npt.NDArray[np.float32]  # the page-type model's row (`pagetype.page_row`)
    page_type: str | None
    blocks: tuple[Block, ...]
    lead: tuple[Block, ...] = ()  # blocks just above the content, left out (datelines)


def scored_blocks(
    tree: LexborHTMLParser,
    ld: LinkedData,
    model: ContentModel | None = None,
    url: str | None = None,
) -> Content:
    """The page's blocks, its type, and the blocks `model` (the shipped one by default)
    calls content on a page of that type."""
    page, features, facts = read_page(tree, ld)
    type_row = page_row(page, facts, url)
    kind = shipped_type_model().page_type(type_row)
    if not page.blocks:
        return Content(page, type_row, kind, ())
    model = model or shipped_model()
    keep = model.probabilities(features, block_groups(page)) >= _decisions(page, model, kind)
    first = int(np.argmax(keep)) if keep.any() else 0
    lead = np.zeros_like(keep)
    lead[max(0, first - _LEAD_BLOCKS) : first] = True
    return Content(page, type_row, kind, to_blocks(page, keep), to_blocks(page, lead & ~keep))


def _decisions(page: PageBlocks, model: ContentModel, kind: str | None) -> npt.NDArray[np.float64]:
    """Each block's decision: its page type's, but code (`<pre>`) never above `decision`."""
    decisions = np.full(len(page.blocks), model.decision_for(kind))
    code = np.array([bool(block.context & IN_PRE) for block in page.blocks])
    decisions[code] = np.minimum(decisions[code], model.decision)
    return decisions


def to_blocks(page: PageBlocks, keep: npt.NDArray[np.bool_]) -> tuple[Block, ...]:
    """The kept blocks as `Block`s with their structural role (and shape: `structure`)."""
    elements = page.elements
    shapes = PageShapes(page)
    return tuple(
        Block(
            block.text,
            tag=HTML_ROLES.get(elements[block.owner].tag, "p"),
            shape=shapes.of(block.owner),
        )
        for block, kept in zip(page.blocks, keep.tolist(), strict=True)
        if kept
    )

"""The value every cleaning step takes and returns.

A `Draft` is the article in the making: its blocks (paragraphs, headings, list items),
the metadata found so far and what was removed. Steps never mutate a draft; they
return a new one with `draft.replace(...)`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from cleaners.config import CleanConfig
from cleaners.document import Metadata, RemovalKind, Removed
from cleaners.structure import Shape

# `Metadata` (a draft's `meta`) is declared with the `Document` whose fields it is.
__all__ = ["HTML_ROLES", "Block", "Draft", "Metadata", "excerpt"]

# HTML elements that give a block its structural role (`Block.tag`); text in any
# other block-level element is a paragraph ("p").
HTML_ROLES: dict[str, str] = {
    **{f"h{i}": "h" for i in range(1, 7)},
    "li": "li",
    "dt": "li",
    "dd": "li",
    "pre": "pre",
    "blockquote": "quote",
    "figcaption": "caption",
    "caption": "caption",
    "td": "td",
    "th": "td",
}


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like unit of text.

    `tag` is the structural role: "p", "h" (heading), "li" (list item), "pre",
    "quote", "caption" or "td". `indent` is the leading white space the line had in a
    text dump (0 for HTML). `shape` is what the extractor knows of its structure
    (heading level, the list, table or code block it belongs to; see
    `cleaners.structure`), None when only `tag` is known.
    """

    text: str
    tag: str = "p"
    indent: int = 0
    shape: Shape | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """The article in the making, passed from step to step."""

    blocks: tuple[Block, ...]
    meta: Metadata = field(default_factory=Metadata)
    removed: tuple[Removed, ...] = ()
    source: str | None = None
    config: CleanConfig = field(default_factory=CleanConfig)
    # True when a main-content extractor already chose these blocks (the HTML path):
    # the steps then remove labelled boilerplate and cut at terminal markers, but do
    # not select a body region again.
    focused: bool = False
    # Metadata fields a learned chooser already decided, a value or none (the HTML
    # path: authors and the publication date where the page offered candidates): the
    # header step still takes their lines out of the text but does not fill them.
    settled: frozenset[str] = frozenset()
    # The text's blocks as segmented, before any step (the text path: the title step
    # looks among the lines the body does not keep).
    given: tuple[Block, ...] = ()
    # The blocks the text block model kept that the boilerplate rules left out (the text
    # path): the learned title, date and author lines are read against the body's first
    # block that is not one of these, so what the model adds around the body (a teaser,
    # the headline line) does not move it.
    added: tuple[Block, ...] = ()

    def replace(self, **changes: Any) -> Draft:
        return dataclasses.replace(self, **changes)

    def drop(self, keep: list[Block], dropped: list[tuple[RemovalKind, Block]]) -> Draft:
        """A draft holding `keep`, with each `(kind, block)` of `dropped` recorded."""
        if not dropped:
            return self
        records = tuple(Removed(kind, excerpt(block.text)) for kind, block in dropped)
        return self.replace(blocks=tuple(keep), removed=self.removed + records)


def excerpt(text: str, limit: int = 80) -> str:
    """The start of `text`, cut at `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

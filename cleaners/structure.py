"""The typed blocks a `Document` is made of, and the shape a draft block carries.

`Document.blocks` is a tuple of these, in reading order:

    Heading(text, level)            level 1-6
    Paragraph(text)
    ListBlock(items)                items in order; ListItem(text, depth, ordered):
                                    depth 0 is the outer list, 1 a list inside its
                                    item above, ...; ordered: the item's own list is
                                    numbered
    Table(rows, header)             rows of cell texts; header: the first row is the
                                    header row (<th> or <thead>)
    Code(text, language)            text verbatim (line breaks and indentation kept);
                                    language when the page declares one, else None
    Quote(text)                     paragraphs separated by one blank line
    Caption(text)                   a figure's or a table's caption

`Document.text` is the plain view of the same blocks: the same words, in the same
order. As JSON (`Document.to_dict()["blocks"]`) each block is an object with `kind`
(`heading`, `paragraph`, `list`, `table`, `code`, `quote`, `caption`) and its fields:
`{"kind": "heading", "text": "Setup", "level": 2}`,
`{"kind": "list", "items": [{"text": "a", "depth": 0, "ordered": false}]}`,
`{"kind": "table", "rows": [["Name", "Age"], ["Ana", "31"]], "header": true}`,
`{"kind": "code", "text": "x = 1\\n", "language": "python"}`.

`Shape` is what an extractor knows of one draft block (`cleaners.draft.Block.shape`):
its kind and the container it belongs to, so that list items, table cells and the
lines of one code block can be grouped back together (`cleaners.assemble`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Shape:
    """The structural role of one draft block, and the container it belongs to.

    kind: "heading", "paragraph", "item", "cell", "code", "quote" or "caption"; from
        plain text also "row" (a table row, cells split by pipes or runs of spaces) and
        "rule" (a line of markup only, such as `---` under a heading: no typed block).
    level: heading level (1-6); for an item, its list depth (1 = outer list).
    group: the container (list, table, code block, quote) the block belongs to, an id
        unique within the page; blocks of one container that follow each other are
        one typed block. -1: none.
    unit: the list item or table cell the block belongs to (several blocks of one
        item or cell are one text); row: the table row.
    """

    kind: str
    level: int = 0
    group: int = -1
    unit: int = -1
    row: int = -1
    ordered: bool = False
    header: bool = False
    code: str | None = None  # the code block's text verbatim, when known
    language: str | None = None
    marked: bool = False  # the text starts with a marker (bullet, number, `#`) to take off


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2
    kind = "heading"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "level": self.level}


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    kind = "paragraph"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class ListItem:
    text: str
    depth: int = 0
    ordered: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "depth": self.depth, "ordered": self.ordered}


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[ListItem, ...]
    kind = "list"

    @property
    def ordered(self) -> bool:
        """True when the outer list is numbered."""
        return bool(self.items) and self.items[0].ordered

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "items": [item.to_dict() for item in self.items]}


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    header: bool = False
    kind = "table"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "rows": [list(row) for row in self.rows], "header": self.header}


@dataclass(frozen=True, slots=True)
class Code:
    text: str
    language: str | None = None
    kind = "code"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "language": self.language}


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    kind = "quote"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Caption:
    text: str
    kind = "caption"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}


TypedBlock = Heading | Paragraph | ListBlock | Table | Code | Quote | Caption


def block_from_dict(data: dict[str, Any]) -> TypedBlock:
    """The typed block of its JSON form (see the module docstring)."""
    kind = data.get("kind")
    text = str(data.get("text") or "")
    if kind == "heading":
        return Heading(text, int(data.get("level") or 2))
    if kind == "list":
        items = tuple(
            ListItem(str(item["text"]), int(item.get("depth", 0)), bool(item.get("ordered")))
            for item in data.get("items") or ()
        )
        return ListBlock(items)
    if kind == "table":
        rows = tuple(tuple(str(cell) for cell in row) for row in data.get("rows") or ())
        return Table(rows, bool(data.get("header")))
    if kind == "code":
        return Code(text, data.get("language") or None)
    if kind == "quote":
        return Quote(text)
    if kind == "caption":
        return Caption(text)
    return Paragraph(text)


def plain_parts(block: TypedBlock) -> list[str]:
    """The block's text as paragraphs of plain text (what `Document.text` holds)."""
    if isinstance(block, ListBlock):
        return [item.text for item in block.items]
    if isinstance(block, Table):
        return [cell for row in block.rows for cell in row if cell]
    if isinstance(block, Code):
        return [" ".join(block.text.split())]
    if isinstance(block, Quote):
        return block.text.split("\n\n")
    return [block.text]

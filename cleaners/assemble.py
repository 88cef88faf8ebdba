"""Draft blocks with their shapes become the typed blocks of a `Document`.

Blocks of one container that follow each other are one typed block: the items of a
list (nested lists included), the cells of a table, the lines of a code block, the
paragraphs of a quote. A block without a shape takes its role from `Block.tag`.
The texts given are the blocks' normalized texts (empty: the block is left out, as
it is left out of `Document.text`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from itertools import groupby

from cleaners.characters import CONTROL
from cleaners.draft import Block
from cleaners.structure import (
    Caption,
    Code,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Shape,
    Table,
    TypedBlock,
)

# Block.tag -> shape, for blocks no extractor shaped (text input, structured data)
_TAG_SHAPES = {
    "h": Shape("heading", level=2),
    "li": Shape("item", level=1),
    "pre": Shape("code"),
    "quote": Shape("quote"),
    "caption": Shape("caption"),
}
_PARAGRAPH = Shape("paragraph")
_GROUPED = frozenset({"item", "cell", "row", "code", "quote"})
# what plain text marks an item, a heading or a row with, taken off when `Shape.marked`
_MARKER = re.compile(r"^(?:[*•·+\-–—▪◦●○■□➢►✓✔]|\d{1,3}[.)]|#{1,6})\s+")
_CLOSING = re.compile(r"\s+#+$")
_ROW_SPLIT = re.compile(r"\s*\|\s*")
_COLUMNS = re.compile(r"\s{2,}")

Shaped = tuple[Block, Shape, str]


def assemble(blocks: Sequence[Block], texts: Sequence[str]) -> tuple[TypedBlock, ...]:
    """The typed blocks of `blocks`, whose normalized texts are `texts`."""
    shaped = [
        (block, shape, _unmarked(text) if shape.marked else text)
        for block, text in zip(blocks, texts, strict=True)
        if text and (shape := _shape(block)).kind != "rule"
    ]
    out: list[TypedBlock] = []
    for key, run in groupby(enumerate(shaped), key=lambda pair: _key(pair[0], pair[1][1])):
        members = [item for _, item in run]
        out.extend(_typed(key[0], members))
    return tuple(out)


def _shape(block: Block) -> Shape:
    if block.shape is not None:
        return block.shape
    return _TAG_SHAPES.get(block.tag, _PARAGRAPH)


def _unmarked(text: str) -> str:
    return _CLOSING.sub("", _MARKER.sub("", text, count=1)) or text


def _key(index: int, shape: Shape) -> tuple[str, int]:
    """Blocks with one key in a row are one typed block."""
    if shape.kind in _GROUPED:
        return shape.kind, shape.group if shape.group >= 0 else -2
    return shape.kind, -3 - index  # never grouped


def _typed(kind: str, members: list[Shaped]) -> Iterator[TypedBlock]:
    if kind == "item":
        yield ListBlock(_items(members))
    elif kind == "cell":
        yield _table(members)
    elif kind == "row":
        yield _text_table(members)
    elif kind == "code":
        yield _code(members)
    elif kind == "quote":
        yield Quote("\n\n".join(text for _, _, text in members))
    elif kind == "heading":
        level = members[0][1].level
        yield Heading(members[0][2], min(6, max(1, level)))
    elif kind == "caption":
        yield Caption(members[0][2])
    else:
        yield Paragraph(members[0][2])


def _items(members: list[Shaped]) -> tuple[ListItem, ...]:
    """One item per list item (its blocks joined), depths made to step by one."""
    units = [list(run) for _, run in groupby(members, key=lambda m: _unit(m[1]))]
    top = min(shape.level for _, shape, _ in members)
    items: list[ListItem] = []
    for unit in units:
        shape = unit[0][1]
        depth = shape.level - top
        depth = min(depth, items[-1].depth + 1) if items else 0
        text = " ".join(text for _, _, text in unit)
        items.append(ListItem(text, depth, shape.ordered))
    return tuple(items)


def _unit(shape: Shape) -> object:
    return shape.unit if shape.unit >= 0 else object()  # unknown: each block its own


def _table(members: list[Shaped]) -> Table:
    rows: list[list[str]] = []
    header_rows: list[bool] = []
    for _, row_members in groupby(members, key=lambda m: _unit_row(m[1])):
        row = list(row_members)
        cells = [
            " ".join(t for _, _, t in cell) for _, cell in groupby(row, key=lambda m: m[1].unit)
        ]
        rows.append(cells)
        header_rows.append(all(shape.header for _, shape, _ in row))
    return Table(tuple(tuple(row) for row in rows), header=header_rows[0])


def _text_table(members: list[Shaped]) -> Table:
    """Rows of plain text: cells between pipes, or between runs of spaces."""
    rows = []
    for block, _, text in members:
        if "|" in text:
            cells = _ROW_SPLIT.split(text.strip().strip("|").strip())
        else:
            cells = [" ".join(cell.split()) for cell in _COLUMNS.split(block.text.strip())]
        rows.append(tuple(cells))
    return Table(tuple(rows), header=members[0][1].header)


def _unit_row(shape: Shape) -> object:
    return shape.row if shape.row >= 0 else object()


def _code(members: list[Shaped]) -> Code:
    shape = members[0][1]
    if shape.code is not None:
        text = shape.code
    else:
        text = "\n".join(block.text for block, _, _ in members)
    return Code(verbatim(text), shape.language)


def verbatim(text: str) -> str:
    """Code as written: NFC, no trailing spaces, no blank lines around it, tabs kept."""
    text = CONTROL.sub("", unicodedata.normalize("NFC", text).replace("\r\n", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)

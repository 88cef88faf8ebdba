"""A `Document` as GitHub-flavoured Markdown.

The title is a `#` heading, then one italic line of metadata (authors, date, site,
URL), then the blocks: `#` headings by level, `-` and `1.` lists (nested lists
indented under their item), pipe tables with a header row, fenced code with its
language, `>` quotes, captions in italics. Text is escaped so that it reads back as
the same text: characters Markdown would take for markup (`*`, `_`, backticks,
brackets, `<`, a `#` or `1.` starting a line, `|` in a table cell) get a backslash.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cleaners.structure import (
    Caption,
    Code,
    Heading,
    ListBlock,
    Quote,
    Table,
    TypedBlock,
)

if TYPE_CHECKING:
    from cleaners.document import Document

_INLINE = re.compile(r"([\\`*_\[\]<~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# what would start a block: a quote, heading, list item or rule; a number's `.` or `)`
_LINE_START = re.compile(
    r"^(\s*(?:\d{1,9}(?=[.)](?:\s|$)))?)(>|#(?=#*(?:\s|$))|\+(?=\s|$)|-(?=[\s-]|$)|[.)])"
)
_BACKTICKS = re.compile(r"`+")


def to_markdown(document: Document) -> str:
    """The document as Markdown, ending with one newline."""
    parts = []
    if document.title:
        parts.append(f"# {escape(document.title)}")
    facts = [", ".join(document.authors), document.published or ""]
    facts += [document.site_name or "", document.url or document.source or ""]
    line = " · ".join(escape(fact, start=False) for fact in facts if fact)
    if line:
        parts.append(f"*{line}*")
    if document.blocks:
        parts.extend(block_markdown(block) for block in document.blocks)
    elif document.text:
        parts.extend(escape(paragraph) for paragraph in document.text.split("\n\n"))
    return "\n\n".join(parts) + "\n"


def block_markdown(block: TypedBlock) -> str:
    """One block as Markdown (no blank line around it)."""
    if isinstance(block, Heading):
        text = escape(block.text, start=False)
        text = text[:-1] + "\\#" if text.endswith("#") else text
        return f"{'#' * block.level} {text}"
    if isinstance(block, ListBlock):
        return _list(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Code):
        return _code(block)
    if isinstance(block, Quote):
        return "\n>\n".join(f"> {escape(p)}" for p in block.text.split("\n\n"))
    if isinstance(block, Caption):
        return f"*{escape(block.text)}*"
    return escape(block.text)


def escape(text: str, *, start: bool = True) -> str:
    """`text` with a backslash before what Markdown would read as markup."""
    text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
    return _LINE_START.sub(r"\1\\\2", text) if start else text


def _list(block: ListBlock) -> str:
    lines = []
    indents: list[int] = []  # the indent of the items at each depth
    numbers: list[int] = []
    marker_width = 0  # of the item above
    for item in block.items:
        depth = min(item.depth, len(indents))
        del indents[depth + 1 :], numbers[depth + 1 :]
        if depth == len(indents):  # a new list, inside the item above
            indents.append(indents[-1] + marker_width if indents else 0)
            numbers.append(0)
        numbers[depth] += 1
        marker = f"{numbers[depth]}." if item.ordered else "-"
        marker_width = len(marker) + 1
        lines.append(f"{' ' * indents[depth]}{marker} {escape(item.text)}")
    return "\n".join(lines)


def _table(block: Table) -> str:
    if not block.rows:
        return ""
    width = max(len(row) for row in block.rows)
    rows = [[_cell(cell) for cell in row] + [""] * (width - len(row)) for row in block.rows]
    lines = [_row(rows[0]), _row(["---"] * width)]
    lines.extend(_row(row) for row in rows[1:])
    return "\n".join(lines)


def _cell(text: str) -> str:
    return escape(text, start=False).replace("|", "\\|")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _code(block: Code) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(block.text)), default=0)
    fence = "`" * max(3, longest + 1)
    language = (block.language or "").replace("`", "")
    return f"{fence}{language}\n{block.text}\n{fence}"

"""The structure of a chosen block, read from the block-level elements above it.

The block walk (`domblocks`) records each block-level element's tag and parent; this
module reads, for the element that holds a block, what the block is: a heading and
its level, an item of a list (its depth, numbered or not, the outer list it belongs
to), a cell of a data table (its row, header or not), a line of a code block, a
quote or a caption. A table that lays out a page (one nesting tables, holding
headings, or more paragraphs than cells) is no data table: its cells are read as if
it were not there. Code is then read verbatim from its `<pre>` element, with the
language the page declares (`class="language-python"`, `data-lang`, ...).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.draft import Block
from cleaners.html.domblocks import Element, PageBlocks
from cleaners.structure import Shape

_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_LISTS = frozenset({"ul", "ol", "dl", "menu"})
_ITEMS = frozenset({"li", "dt", "dd"})
_CELLS = frozenset({"td", "th"})
# a data table's cells hold on average at most this many blocks and characters
_CELL_BLOCKS = 4
_CELL_CHARS = 1500
_LANGUAGE = re.compile(
    r"(?:^|\s)(?:language|lang|highlight-source|highlight)-([\w+#.-]+)|brush:\s*([\w+#.-]+)",
    re.IGNORECASE,
)
_NOT_LANGUAGES = frozenset({"none", "plain", "plaintext", "text", "txt", "nohighlight", "default"})


class _ChainShapes:
    """The shape a chain of enclosing elements (ids and tags, innermost first) gives."""

    def __init__(self) -> None:
        self._data_tables: dict[int, bool] = {}

    def _data_table(self, key: int) -> bool:
        raise NotImplementedError

    def _is_data_table(self, key: int) -> bool:
        known = self._data_tables.get(key)
        if known is None:
            known = self._data_tables[key] = self._data_table(key)
        return known

    def _read(self, chain: list[int], tags: list[str]) -> Shape:
        cell = self._cell(chain, tags)
        if cell is not None:  # a code block inside a data table's cell is cell text
            return cell
        if "pre" in tags:
            return Shape("code", group=chain[tags.index("pre")])
        for position, tag in enumerate(tags):
            if tag in _HEADINGS:
                return Shape("heading", level=_HEADINGS[tag])
            if tag in _ITEMS:
                return _item(chain[position:], tags[position:])
            if tag == "blockquote":
                return Shape("quote", group=chain[position])
            if tag in ("figcaption", "caption"):
                return Shape("caption")
        return Shape("paragraph")

    def _cell(self, chain: list[int], tags: list[str]) -> Shape | None:
        """A cell of the nearest data table above, if any."""
        for position, tag in enumerate(tags):
            if tag != "table" or not self._is_data_table(chain[position]):
                continue
            inside = tags[:position]
            cells = [i for i, t in enumerate(inside) if t in _CELLS]
            rows = [i for i, t in enumerate(inside) if t == "tr"]
            if not cells or not rows:
                return None  # a caption, or text loose in the table
            cell = cells[-1]
            header = tags[cell] == "th" or "thead" in inside
            return Shape(
                "cell",
                group=chain[position],
                unit=chain[cell],
                row=chain[rows[-1]],
                header=header,
            )
        return None


def _item(chain: list[int], tags: list[str]) -> Shape:
    """An item: its depth is the number of lists around it, its group the outer one."""
    lists = [position for position, tag in enumerate(tags) if tag in _LISTS]
    # the outer list; for an item outside any list, what holds it
    group = chain[lists[-1]] if lists else chain[min(1, len(chain) - 1)]
    return Shape(
        "item",
        level=max(1, len(lists)),
        group=group,
        unit=chain[0],
        ordered=bool(lists) and tags[lists[0]] == "ol",
    )


class PageShapes(_ChainShapes):
    """Shapes of the blocks of one page, element by element (each element read once)."""

    def __init__(self, page: PageBlocks) -> None:
        super().__init__()
        self._elements = page.elements
        self._shapes: dict[int, Shape] = {}

    def of(self, owner: int) -> Shape:
        """The shape of a block held by element `owner`."""
        shape = self._shapes.get(owner)
        if shape is None:
            chain = []
            index = owner
            while index > 0:
                chain.append(index)
                index = self._elements[index].parent
            tags = [self._elements[i].tag for i in chain]
            shape = self._shapes[owner] = self._read(chain, tags)
        return shape

    def _data_table(self, key: int) -> bool:
        return _data_table(self._elements, key)


class FragmentShapes(_ChainShapes):
    """Shapes of the blocks of an HTML fragment (structured data), node by node."""

    def __init__(self, root: LexborNode) -> None:
        super().__init__()
        self._root = root.mem_id
        self._nodes: dict[int, LexborNode] = {}

    def of(self, node: LexborNode) -> Shape:
        chain, tags = [], []
        current: LexborNode | None = node
        while current is not None and current.mem_id != self._root:
            self._nodes[current.mem_id] = current
            chain.append(current.mem_id)
            tags.append(current.tag or "")
            current = current.parent
        shape = self._read(chain, tags)
        if shape.kind == "code":
            pre = self._nodes[shape.group]
            shape = dataclasses.replace(shape, code=pre_text(pre), language=_language(pre))
        return shape

    def _data_table(self, key: int) -> bool:
        table = self._nodes[key]
        if len(table.css("table")) > 1 or table.css_first("h1,h2,h3,h4,h5,h6") is not None:
            return False
        cells = len(table.css("td,th"))
        rows = len(table.css("tr"))
        blocks = len(table.css("p,li,div,pre,blockquote"))
        chars = len(table.text(deep=True))
        return (
            rows >= 1
            and cells >= 2
            and cells > rows
            and blocks <= _CELL_BLOCKS * cells
            and chars <= _CELL_CHARS * cells
        )


def _data_table(elements: Sequence[Element], index: int) -> bool:
    """True for a table of data: rows of two cells or more, short cells, no layout inside.

    A table laying out a page holds other tables or headings, or long cells (many
    paragraphs, or much text, in a cell on average).
    """
    table = elements[index]
    cells = rows = 0
    for element in elements[index + 1 : table.end]:
        tag = element.tag
        if tag == "table" or tag in _HEADINGS:
            return False
        cells += tag in _CELLS
        rows += tag == "tr"
    return (
        rows >= 1
        and cells >= 2
        and cells > rows
        and table.blocks <= _CELL_BLOCKS * cells
        and table.chars <= _CELL_CHARS * cells
    )


def with_code(
    blocks: tuple[Block, ...], tree: LexborHTMLParser, page: PageBlocks
) -> tuple[Block, ...]:
    """`blocks` with each code block's text read verbatim, and its language.

    The n-th `<pre>` element of the walk is the n-th `<pre>` node of the (stripped)
    tree; when their counts differ the block texts stand (line breaks kept).
    """
    wanted = {b.shape.group for b in blocks if b.shape is not None and b.shape.kind == "code"}
    if not wanted or tree.body is None:
        return blocks
    pres = [i for i, element in enumerate(page.elements) if element.tag == "pre"]
    nodes = tree.body.css("pre")
    if len(nodes) != len(pres):
        return blocks
    found = {i: node for i, node in zip(pres, nodes, strict=True) if i in wanted}
    codes = {i: (pre_text(node), _language(node)) for i, node in found.items()}
    return tuple(_with_text(block, codes) for block in blocks)


def _with_text(block: Block, codes: dict[int, tuple[str, str | None]]) -> Block:
    shape = block.shape
    if shape is None or shape.kind != "code" or shape.group not in codes:
        return block
    text, language = codes[shape.group]
    return dataclasses.replace(
        block, shape=dataclasses.replace(shape, code=text, language=language)
    )


def pre_text(pre: LexborNode) -> str:
    """The text of a `<pre>` as shown: its text, a `<br>` a line break."""
    if pre.css_first("br") is None:
        return pre.text(deep=True, strip=False)
    parts = []
    for node in pre.traverse(include_text=True):
        if node.tag == "-text":
            parts.append(node.text_content or "")
        elif node.tag == "br":
            parts.append("\n")
    return "".join(parts)


def _language(pre: LexborNode) -> str | None:
    """The language a code block declares on itself, its `<code>` or its parent."""
    parent = pre.parent
    candidates = [pre, pre.css_first("code"), parent, parent.parent if parent else None]
    for node in candidates:
        if node is None:
            continue
        attrs = node.attributes
        for key in ("data-lang", "data-language"):
            value = (attrs.get(key) or "").strip().lower()
            if value and value not in _NOT_LANGUAGES:
                return value
        match = _LANGUAGE.search(attrs.get("class") or "")
        value = (match.group(1) or match.group(2)).lower() if match else ""
        if value and value not in _NOT_LANGUAGES:
            return value
    return None

"""Blocks from extracted content: trafilatura's XML body or an HTML fragment.

Each paragraph-like element becomes one `Block` with its structural role and the
share of its text inside links.
"""

from __future__ import annotations

from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.draft import Block

# trafilatura's output tags -> Block.tag
_XML_ROLES = {
    "p": "p",
    "head": "h",
    "item": "li",
    "quote": "quote",
    "code": "pre",
    "cell": "td",
}
_LINE_BREAK = "\n"
_XML_CONTAINERS = frozenset({"list", "table", "div", "body", "doc", "main"})
_ROW = "row"  # a table row is one block: its cells' texts, space-separated
_HTML_ROLES = {
    "p": "p",
    "h1": "h",
    "h2": "h",
    "h3": "h",
    "h4": "h",
    "h5": "h",
    "h6": "h",
    "li": "li",
    "blockquote": "quote",
    "pre": "pre",
    "figcaption": "caption",
    "td": "td",
    "th": "td",
}


def from_xml(body: Any) -> tuple[Block, ...]:
    """Blocks of a trafilatura body element (an lxml element)."""
    blocks: list[Block] = []
    _collect_container(body, blocks)
    return tuple(blocks)


def _collect_xml(element: Any, blocks: list[Block]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == _ROW:
        cells = (_xml_text(cell).strip() for cell in element.iterchildren())
        _add_block(blocks, " ".join(cell for cell in cells if cell), element.iter("ref"), "td")
        return
    role = _XML_ROLES.get(tag)
    if (role is None and tag in _XML_CONTAINERS) or (role == "quote" and _has_blocks(element)):
        _collect_container(element, blocks)
        return
    _add_block(blocks, _xml_text(element), element.iter("ref"), role or "p")


def _collect_container(element: Any, blocks: list[Block]) -> None:
    """Blocks of a container; loose text between its blocks (text and tails) is a "p"."""
    loose: list[Any] = []  # inline children and text runs not yet emitted
    parts = [element.text or ""]
    for child in element.iterchildren():
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _XML_ROLES or tag in _XML_CONTAINERS or tag == _ROW:
            _add_block(blocks, "".join(parts), _refs(loose), "p")
            loose, parts = [], []
            _collect_xml(child, blocks)
        elif tag:
            loose.append(child)
            _append_text(child, parts)
        parts.append(child.tail or "")
    _add_block(blocks, "".join(parts), _refs(loose), "p")


def _refs(inline: list[Any]) -> list[Any]:
    return [ref for element in inline for ref in element.iter("ref")]


def _add_block(blocks: list[Block], text: str, refs: Any, role: str) -> None:
    text = text.strip()
    if not text:
        return
    links = sum(len("".join(ref.itertext())) for ref in refs)
    blocks.append(Block(text, tag=role, link_density=min(1.0, links / len(text))))


def _xml_text(element: Any) -> str:
    """The text of `element`, a line break where trafilatura marked one (`<lb/>`)."""
    parts: list[str] = []
    _append_text(element, parts)
    return "".join(parts)


def _append_text(element: Any, parts: list[str]) -> None:
    if next(element.iter("lb"), None) is None:
        parts.extend(element.itertext())  # no line break inside: lxml gathers it in C
        return
    if element.tag == "lb":
        parts.append(_LINE_BREAK)
    elif element.text:
        parts.append(element.text)
    for child in element.iterchildren():
        _append_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def _has_blocks(element: Any) -> bool:
    return any(child.tag in ("p", "list", "head") for child in element.iterchildren())


def from_html(fragment: str) -> tuple[Block, ...]:
    """Blocks of an HTML fragment (an article body found in structured data)."""
    root = LexborHTMLParser(fragment).body
    if root is None:
        return ()
    nodes = root.css(",".join(_HTML_ROLES))
    blocks = [_html_block(node) for node in nodes if not _inside_role(node, root)]
    if not blocks:
        text = root.text(deep=True, separator="\n")
        return tuple(Block(line.strip()) for line in text.split("\n") if line.strip())
    return tuple(block for block in blocks if block.text)


def from_text(text: str) -> tuple[Block, ...]:
    """Blocks of plain text (JSON-LD `articleBody`): one per non-empty line."""
    return tuple(Block(line.strip()) for line in text.splitlines() if line.strip())


def _html_block(node: LexborNode) -> Block:
    text = node.text(deep=True, strip=False).strip()
    links = sum(len(a.text(deep=True, strip=True)) for a in node.css("a"))
    density = min(1.0, links / len(text)) if text else 0.0
    return Block(text, tag=_HTML_ROLES.get(node.tag or "", "p"), link_density=density)


def _inside_role(node: LexborNode, root: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != root.mem_id:
        if (parent.tag or "") in _HTML_ROLES:
            return True
        parent = parent.parent
    return False

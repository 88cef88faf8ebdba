"""HTML fragments inside text: parsed with selectolax and turned into blocks.

Used by segmentation when a dirty text carries markup (raw, or once unescaped), so the
fragment's paragraphs, headings and list items become blocks instead of tag soup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.draft import Block

_DROP = frozenset(
    {"script", "style", "template", "noscript", "svg", "iframe", "object", "head", "button"}
)
_ROLES = {
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
_BLOCKS = frozenset(
    {
        *_ROLES,
        *("p", "div", "section", "article", "main", "header", "footer", "aside", "nav"),
        *("ul", "ol", "dl", "table", "tr", "thead", "tbody", "form", "figure", "hr"),
        *("address", "center", "details", "summary", "fieldset"),
    }
)
_SPACE = re.compile(r"\s+")
_TAG = re.compile(
    r"</?(?:p|div|br|span|h[1-6]|li|ul|ol|table|tr|td|strong|em|b|i|a|img|section|article"
    r"|style|script|blockquote|figure|figcaption|pre)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)


def count_tags(text: str) -> int:
    """How many common HTML tags `text` holds."""
    return sum(1 for _ in _TAG.finditer(text))


def fragment_blocks(markup: str) -> list[Block]:
    """The blocks of an HTML fragment, in document order."""
    body = LexborHTMLParser(markup).body
    if body is None:
        return []
    collector = _Collector()
    collector.walk(body, "p")
    collector.flush()
    return collector.blocks


class _Collector:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._role = "p"

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._parts)).strip()
        if text:
            self.blocks.append(Block(text, self._role))
        self._parts = []

    def walk(self, node: LexborNode, role: str) -> None:
        for child in _children(node):
            tag = child.tag
            if tag == "-text":
                if not self._parts:
                    self._role = role
                self._parts.append(child.text_content or "")
            elif tag == "br":
                self.flush()
            elif tag in _DROP or tag is None or tag.startswith("-"):
                continue
            elif tag in _BLOCKS:
                self.flush()
                self.walk(child, _ROLES.get(tag, role if tag != "div" else "p"))
                self.flush()
            else:
                self.walk(child, role)


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        yield child
        child = child.next

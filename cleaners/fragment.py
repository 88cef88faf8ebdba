"""HTML fragments inside text: parsed with selectolax and turned into blocks.

Used by segmentation when a dirty text carries markup (raw, or once unescaped), so the
fragment's paragraphs, headings and list items become blocks instead of tag soup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.depth import nests_as_deep_as
from cleaners.draft import HTML_ROLES, Block
from cleaners.html.lexicon import words

_DROP = frozenset(
    {"script", "style", "template", "noscript", "svg", "iframe", "object", "head", "button"}
)
_SPACE = re.compile(r"\s+")
_MAX_DEPTH = 512
_DROP_OPEN = re.compile(r"<(script|style|template)\b", re.I)
_BLOCK_BREAK = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|tr|section|article|blockquote|pre)\b[^<>]*+>", re.I
)
_ANY_TAG = re.compile(r"<[^<>]*+>")
_TAG = re.compile(
    r"</?(?:p|div|br|span|h[1-6]|li|ul|ol|table|tr|td|strong|em|b|i|a|img|section|article"
    r"|style|script|blockquote|figure|figcaption|pre)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)


def count_tags(text: str) -> int:
    """How many common HTML tags `text` holds."""
    return sum(1 for _ in _TAG.finditer(text))


def strip_tags(markup: str) -> list[Block]:
    """Blocks of a fragment too deep to parse in time: tags dropped, breaks at blocks."""
    text = _BLOCK_BREAK.sub("\n", drop_comments(drop_scripts(markup)))
    text = html.unescape(_ANY_TAG.sub("", text))
    return [Block(line.strip()) for line in text.splitlines() if line.strip()]


def drop_scripts(markup: str) -> str:
    """`markup` without <script>, <style> and <template> elements, in one pass: an
    element left open runs to the end (as a parser reads it), so no opener is
    followed to the end of the input more than once."""
    kept: list[str] = []
    position = 0
    while (opener := _DROP_OPEN.search(markup, position)) is not None:
        kept.append(markup[position : opener.start()])
        closer = re.compile(rf"</{opener.group(1)}\s*>", re.I).search(markup, opener.end())
        if closer is None:
            return " ".join(kept)
        kept.append(" ")
        position = closer.end()
    kept.append(markup[position:])
    return "".join(kept)


def drop_comments(markup: str) -> str:
    """`markup` without `<!-- -->` comments, in one pass (an open one runs to the end)."""
    kept: list[str] = []
    position = 0
    while (start := markup.find("<!--", position)) >= 0:
        kept.append(markup[position:start])
        end = markup.find("-->", start + 4)
        if end < 0:
            return "".join(kept)
        position = end + 3
    kept.append(markup[position:])
    return "".join(kept)


def fragment_blocks(markup: str) -> list[Block]:
    """The blocks of an HTML fragment, in document order.

    Parsers take quadratic time on pathological nesting, so a fragment nesting deeper
    than any real page is split on its tags instead of parsed.
    """
    if nests_as_deep_as(markup, _MAX_DEPTH):
        return strip_tags(markup)
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

    def walk(self, root: LexborNode, role: str) -> None:
        """Depth-first over `root`'s children, without recursion (pages nest deeply)."""
        stack: list[tuple[LexborNode | None, str]] = []
        stack.extend((c, role) for c in list(_children(root))[::-1])
        while stack:
            node, role = stack.pop()
            if node is None:  # the end of a block element
                self.flush()
                continue
            tag = node.tag
            if tag == "-text":
                if not self._parts:
                    self._role = role
                self._parts.append(node.text_content or "")
            elif tag == "br":
                self.flush()
            elif tag in _DROP or tag is None or tag.startswith("-"):
                continue
            elif tag in words("block_tags"):
                self.flush()
                inner = HTML_ROLES.get(tag, role if tag != "div" else "p")
                stack.append((None, role))
                stack.extend((c, inner) for c in list(_children(node))[::-1])
            else:
                stack.extend((c, role) for c in list(_children(node))[::-1])


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        yield child
        child = child.next

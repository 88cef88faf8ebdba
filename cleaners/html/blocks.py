"""Blocks from structured data: an HTML fragment or plain text (JSON-LD, script blobs).

Each paragraph-like element becomes one `Block` with its structural role and the
share of its text inside links.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.draft import HTML_ROLES, Block
from cleaners.html.structure import FragmentShapes

# The elements of structured-data HTML that make blocks: paragraphs and the roles
# (definition lists and table captions stay inside the blocks around them; as blocks
# of their own, mhb-dev F1 fell 0.905 -> 0.899).
_FRAGMENT_ROLES = {
    "p": "p",
    **{tag: role for tag, role in HTML_ROLES.items() if tag not in ("dt", "dd", "caption")},
}


def from_html(fragment: str) -> tuple[Block, ...]:
    """Blocks of an HTML fragment (an article body found in structured data)."""
    root = LexborHTMLParser(fragment).body
    if root is None:
        return ()
    nodes = root.css(",".join(_FRAGMENT_ROLES))
    shapes = FragmentShapes(root)
    blocks = [_html_block(node, shapes) for node in nodes if not _inside_role(node, root)]
    if not blocks:
        text = root.text(deep=True, separator="\n")
        return tuple(Block(line.strip()) for line in text.split("\n") if line.strip())
    return tuple(block for block in blocks if block.text)


def from_text(text: str) -> tuple[Block, ...]:
    """Blocks of plain text (JSON-LD `articleBody`): one per non-empty line."""
    return tuple(Block(line.strip()) for line in text.splitlines() if line.strip())


def _html_block(node: LexborNode, shapes: FragmentShapes) -> Block:
    text = node.text(deep=True, strip=False).strip()
    tag = _FRAGMENT_ROLES.get(node.tag or "", "p")
    return Block(text, tag=tag, shape=shapes.of(node))


def _inside_role(node: LexborNode, root: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != root.mem_id:
        if (parent.tag or "") in _FRAGMENT_ROLES:
            return True
        parent = parent.parent
    return False

"""The page as text blocks, each with the DOM facts the content scorer reads.

A block is a run of text and inline elements under one block-level element (a
paragraph, a list item, a cell, a heading, the loose text of a `<div>`), in reading
order. Walking the body once, each block-level element gets a record: its tag, its
parent, the structural context it inherits (inside a `<nav>`, a `<footer>`, a list,
an element whose class or id names furniture or content, ...) and, once its subtree
is walked, the characters of text and of link text below it. Scripts, styles, media
and form controls are stripped before the walk (`data/html/prune_tags.txt`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from selectolax.lexbor import LexborNode

from cleaners.html.lexicon import words

# Context bits an element passes to everything below it.
IN_NAV = 1 << 0
IN_HEADER = 1 << 1
IN_FOOTER = 1 << 2
IN_ASIDE = 1 << 3
IN_FORM = 1 << 4
IN_ARTICLE = 1 << 5
IN_MAIN = 1 << 6
IN_LIST = 1 << 7
IN_TABLE = 1 << 8
IN_QUOTE = 1 << 9
IN_FIGURE = 1 << 10
IN_LINK = 1 << 11
NAMED_OVERLAY = 1 << 12  # an ancestor's class/id names an overlay (consent, pop-up, ...)
NAMED_CONTENT = 1 << 13  # an ancestor's class/id names content
HIDDEN = 1 << 14
ROLE_FURNITURE = 1 << 15
IN_HEADING = 1 << 16
IN_DL = 1 << 17
IN_PRE = 1 << 18
IN_DETAILS = 1 << 19
NAMED_COMMENTS = 1 << 20  # ... names comments
NAMED_LINKS = 1 << 21  # ... names link furniture (sharing, related reading)
NAMED_ADS = 1 << 22  # ... names advertising
NAMED_HIDDEN = 1 << 23  # ... says hidden
CONTEXT_BITS = 24
# data/html/named_<kind>.txt: the class/id words of each kind, and the bit they set
_NAMED = (
    ("overlay", NAMED_OVERLAY),
    ("comments", NAMED_COMMENTS),
    ("links", NAMED_LINKS),
    ("ads", NAMED_ADS),
    ("hidden", NAMED_HIDDEN),
    ("content", NAMED_CONTENT),
)

_TAG_BITS = {
    "nav": IN_NAV,
    "header": IN_HEADER,
    "footer": IN_FOOTER,
    "aside": IN_ASIDE,
    "form": IN_FORM,
    "article": IN_ARTICLE,
    "main": IN_MAIN,
    "ul": IN_LIST,
    "ol": IN_LIST,
    "table": IN_TABLE,
    "blockquote": IN_QUOTE,
    "figure": IN_FIGURE,
    "a": IN_LINK,
    "h1": IN_HEADING,
    "h2": IN_HEADING,
    "h3": IN_HEADING,
    "h4": IN_HEADING,
    "h5": IN_HEADING,
    "h6": IN_HEADING,
    "dl": IN_DL,
    "pre": IN_PRE,
    "details": IN_DETAILS,
    "dialog": HIDDEN,
}
_FURNITURE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog"}
)
_CONTENT_ROLES = frozenset({"main", "article"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
_MAX_NAME = 200  # class/id strings longer than this are read in part (cache keys stay small)
# white space to make one space: runs of two or more, or one that is not a plain space
# (a single space matches nothing, so a long paragraph is not cut into millions of
# pieces by the substitution)
_SPACE = re.compile(r"[^\S\n]{2,}|[^\S \n]")
_LONG_RUN = 10_000  # characters
_TEXT = "-text"


@dataclass(slots=True)
class Element:
    """A block-level element: where it is, what it inherits, the text below it."""

    tag: str
    parent: int  # index of the enclosing block-level element, -1 for the body
    depth: int
    context: int  # IN_* bits of this element and its ancestors
    end: int = 0  # one past the index of its last descendant element
    chars: int = 0  # text characters below it
    link_chars: int = 0  # of which inside links
    blocks: int = 0  # blocks below it


@dataclass(frozen=True, slots=True)
class DomBlock:
    """A run of text under one block-level element (`owner`, an index in `elements`)."""

    text: str
    owner: int
    link_chars: int
    context: int  # the context bits where the run sits (inline links included)


@dataclass(slots=True)
class PageBlocks:
    """The blocks of a page and the block-level elements they sit in."""

    elements: list[Element] = field(default_factory=list)
    blocks: list[DomBlock] = field(default_factory=list)


def page_blocks(body: LexborNode) -> PageBlocks:
    """The blocks of `body`, in reading order (the tree should be stripped of scripts).

    One pass over the nodes in document order (selectolax's traversal, in C): each
    node's parent tells which block-level element and context it belongs to. A run of
    text ends where a text node belongs to another block than the run before it.
    Written as one loop: it runs once per node of every page.
    """
    block_tags = words("block_tags")
    page = PageBlocks()
    elements, blocks = page.elements, page.blocks
    elements.append(Element("body", -1, 0, 0))
    run = _Run()
    # element mem_id -> (index of its block-level element, context bits)
    where: dict[int, tuple[int, int]] = {body.mem_id: (0, 0)}
    # bound once: this loop runs for every node of every page
    where_get, tag_bits, parts = where.get, _TAG_BITS.get, run.parts
    top = (0, 0)
    for node in body.traverse(include_text=True):
        tag = node.tag or ""
        if tag == "br":
            parts.append("\n")
            continue
        if tag == _TEXT:
            text = node.text_content or ""
            if not parts and text.isspace():
                continue  # white space between blocks
        parent = node.parent
        owner, context = where_get(parent.mem_id, top) if parent is not None else top
        if tag == _TEXT:
            if owner != run.owner:
                run.flush(elements, blocks)
                run.owner, parts = owner, run.parts
            run.add(text, context)
        elif tag in block_tags:
            attrs = node.attributes
            context |= tag_bits(tag, 0) | (_attribute_bits(attrs) if attrs else 0)
            run.flush(elements, blocks)
            parts = run.parts
            elements.append(Element(tag, owner, elements[owner].depth + 1, context))
            run.owner = len(elements) - 1
            where[node.mem_id] = (run.owner, context)
        elif tag and tag[0] not in "-!":
            attrs = node.attributes
            context |= tag_bits(tag, 0) | (_attribute_bits(attrs) if attrs else 0)
            where[node.mem_id] = (owner, context)
    run.flush(elements, blocks)
    _sum_subtrees(elements)
    return page


def _sum_subtrees(elements: list[Element]) -> None:
    """Each element's text totals and subtree end, children before parents."""
    for element in elements:
        element.end = 0
    for index in range(len(elements) - 1, -1, -1):
        element = elements[index]
        element.end = max(element.end, index + 1)
        if element.parent >= 0:
            parent = elements[element.parent]
            parent.chars += element.chars
            parent.link_chars += element.link_chars
            parent.blocks += element.blocks
            parent.end = max(parent.end, element.end)


class _Run:
    """The text gathered since the last block boundary."""

    __slots__ = ("context", "link_chars", "owner", "parts")

    def __init__(self) -> None:
        self.owner = 0
        self.parts: list[str] = []
        self.link_chars = 0
        self.context = -1

    def add(self, text: str, context: int) -> None:
        self.parts.append(text)
        if context & IN_LINK:
            self.link_chars += len(text.strip())
        if self.context < 0 and not text.isspace():
            self.context = context

    def flush(self, elements: list[Element], blocks: list[DomBlock]) -> None:
        if not self.parts:
            return
        owner, parts = self.owner, self.parts
        text = _clean(parts[0] if len(parts) == 1 else "".join(parts))
        if text:
            block = DomBlock(text, owner, min(self.link_chars, len(text)), max(self.context, 0))
            blocks.append(block)
            element = elements[owner]
            element.chars += len(text)
            element.link_chars += block.link_chars
            element.blocks += 1
        self.parts, self.link_chars, self.context = [], 0, -1


def _clean(text: str) -> str:
    """One space between words, line breaks kept, no blank lines.

    Long runs by substitution rather than by splitting into words (a 19 MB paragraph
    would be millions of word objects at once); short ones by split, which is faster.
    """
    if len(text) >= _LONG_RUN:
        lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    elif "\n" not in text:
        return " ".join(text.split())
    else:
        lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _attribute_bits(attrs: dict[str, str | None]) -> int:
    """The context bits an element's attributes give (class/id words, role, hidden)."""
    get = attrs.get
    names, ident = get("class"), get("id")
    if ident:
        names = f"{names} {ident}" if names else ident
    bits = name_bits(names[:_MAX_NAME]) if names else 0
    role = get("role")
    if role:
        role = role.strip().lower()
        bits |= ROLE_FURNITURE if role in _FURNITURE_ROLES else 0
        bits |= IN_MAIN if role in _CONTENT_ROLES else 0
    if get("aria-modal") == "true":  # a modal dialog over the page
        bits |= ROLE_FURNITURE
    if "hidden" in attrs or get("aria-hidden") == "true":
        bits |= HIDDEN
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        bits |= HIDDEN
    return bits


@lru_cache(maxsize=8192)
def name_bits(names: str) -> int:
    """The NAMED_* bits of a class-and-id string ("share-bar", "postBody", "cookie-modal"):
    those of its listed words, a word split at white space, "_", "-" and lower-to-upper
    case ("postBody" is "post" and "body")."""
    bits_of = _bits_of_word().get
    bits = 0
    for token in _NAME_SPLIT.split(names):
        if token:
            bits |= bits_of(token.lower(), 0)
    return bits


@cache
def _bits_of_word() -> dict[str, int]:
    """Each listed class/id word (data/html/named_<kind>.txt) and the bits of its kinds."""
    table: dict[str, int] = {}
    for kind, bit in _NAMED:
        for word in words(f"named_{kind}"):
            table[word] = table.get(word, 0) | bit
    return table

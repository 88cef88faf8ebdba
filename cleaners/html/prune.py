"""Pruning: page furniture out of the selectolax tree before the main-content stage.

Removed: whole elements whose tag is in `data/html/prune_tags.txt` (scripts, styles,
embeds, form controls, media); then furniture: tags of `data/html/furniture_tags.txt`
(forms, nav, aside, footer, page-level `<header>`), landmark roles that are not
content, hidden elements, lists whose text is all links (menus, "read more"; not
inside the element with the most paragraph text: the article's own lists), and
elements whose class or id names furniture (comments, cookie banners, share bars,
ads, related lists; `data/html/prune_words.txt`; not read on inline elements such as
links and spans, `data/html/inline_tags.txt`). Last, elements without any text
(icons, ad slots, empty wrappers): a smaller tree for trafilatura.
Furniture holding most of the page's text, and the element holding most paragraph
text together with its ancestors, are kept: some sites wrap the whole page
in a `<form>`, hide the article until a script shows it, or call its wrapper
"post-with-share-bar".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.html.lexicon import words

_TOKEN_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "dialog"})
_BLOCKS = frozenset({"div", "section", "figure", "ul", "ol", "li", "dl"})
_KEEP_TAGS = frozenset({"html", "body", "article", "main", "head", "title", "meta"})
_MAX_SHARE = 0.5  # an element with more than this share of the text keeps its name
# Two passes: furniture by tag, visibility, role and link lists first (menus go with
# all their items), then by class/id name over what is left.
_PASSES = (
    "form,nav,aside,footer,dialog,header,ul,ol,[hidden],[style],[role]",
    "[class],[id]",
)
_HEADLINE_CHARS = 8  # a headline is longer than a site name in a logo
_LINK_LIST_ITEMS = 3  # a list of this many items or more whose text is all links...
_LINK_LIST_SHARE = 0.9  # ...(this share of it) is a menu or a "read more" list


def prune(tree: LexborHTMLParser) -> str:
    """Remove page furniture from `tree` in place; the page's text before that is returned.

    That text (scripts and the like excluded) is what a reader could see on the page.
    """
    tree.strip_tags(sorted(words("prune_tags")), recursive=True)
    body = tree.body
    if body is None:
        return ""
    page_text = body.text(deep=True, separator=" ", strip=True)
    article = paragraph_container(body)
    page = _Page(
        text_chars=len(page_text) or 1,
        protected=_ancestors(article),
        headline_path=_ancestors(_headline(tree)),
        article_lists=_lists_in(article),
        furniture_tags=words("furniture_tags"),
        inline_tags=words("inline_tags"),
    )
    for selector in _PASSES:
        targets = [node for node in body.css(selector) if _is_furniture(node, page)]
        for node in _outermost(targets):
            node.decompose()
    _strip_empty(body)
    return page_text


def _strip_empty(body: LexborNode) -> None:
    """Remove elements without any text (icons, ad slots, spacers, empty wrappers).

    They can hold nothing of the article, and trafilatura's cost grows with the
    tree it walks. Line breaks and table structure are kept.
    """
    keep = words("textless_tags")
    empty = [node for node in body.css("*") if node.tag not in keep and _textless(node)]
    for node in _outermost(empty):
        node.decompose()


def text_chars(tree: LexborHTMLParser) -> int:
    """Characters of text in the body of `tree`."""
    body = tree.body
    return len(body.text(deep=True, separator=" ", strip=True)) if body is not None else 0


def paragraph_chars(tree: LexborHTMLParser) -> int:
    """Characters of text in the `<p>` elements of `tree`."""
    body = tree.body
    if body is None:
        return 0
    return sum(len(node.text(deep=True, strip=True)) for node in body.css("p"))


def paragraph_container(body: LexborNode) -> LexborNode | None:
    """The element whose paragraphs hold the most text (the likely article body).

    Each `<p>` credits its text length to its parent and half of it to its
    grandparent, as readability does.
    """
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for paragraph in body.css("p"):
        length = len(paragraph.text(deep=True, strip=True))
        parent = paragraph.parent
        for weight in (1.0, 0.5):
            if parent is None:
                break
            scores[parent.mem_id] = scores.get(parent.mem_id, 0.0) + length * weight
            nodes[parent.mem_id] = parent
            parent = parent.parent
    if not scores:
        return None
    return nodes[max(scores, key=lambda key: scores[key])]


def _textless(node: LexborNode) -> bool:
    """No text at all, or only white space in a block (where it cannot join two words)."""
    text = node.text(deep=True)
    return not text or (node.tag in _BLOCKS and text.isspace())


def _headline(tree: LexborHTMLParser) -> LexborNode | None:
    """The article's headline: the first <h1> whose text the page's <title> repeats.

    A site logo in an <h1> is not it: the title names the story, not only the site.
    """
    title_node = tree.css_first("title")
    title = " ".join((title_node.text() if title_node else "").split())
    for h1 in tree.css("h1"):
        text = " ".join(h1.text(deep=True).split())
        if len(text) >= _HEADLINE_CHARS and text in title:
            return h1
    return None


def _ancestors(node: LexborNode | None) -> frozenset[int]:
    """`mem_id`s of `node` and every element above it."""
    found = set()
    while node is not None:
        found.add(node.mem_id)
        node = node.parent
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class _Page:
    """What the furniture test needs to know about the page, computed once."""

    text_chars: int
    protected: frozenset[int]  # the paragraph container and its ancestors
    headline_path: frozenset[int]  # the headline (h1 repeating <title>) and its ancestors
    article_lists: frozenset[int]  # lists inside the paragraph container
    furniture_tags: frozenset[str]
    inline_tags: frozenset[str]


def _is_furniture(node: LexborNode, page: _Page) -> bool:
    tag = node.tag or ""
    if tag in _KEEP_TAGS or node.mem_id in page.protected:
        return False
    if not _looks_like_furniture(node, tag, page):
        return False
    return len(node.text(deep=True, separator=" ", strip=True)) < page.text_chars * _MAX_SHARE


def _looks_like_furniture(node: LexborNode, tag: str, page: _Page) -> bool:
    if tag in page.furniture_tags:
        return tag != "header" or _page_level(node)
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("role") in _FURNITURE_ROLES:
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if tag in page.inline_tags:
        return False  # names on a link or a span inside text: the text is the article's
    if node.mem_id in page.headline_path:
        return False  # whatever its class says ("enableAdSlots"), it holds the headline
    if _furniture_name(attrs.get("class"), attrs.get("id")):
        return True
    return tag in ("ul", "ol") and node.mem_id not in page.article_lists and _link_list(node)


def _lists_in(article: LexborNode | None) -> frozenset[int]:
    return frozenset(node.mem_id for node in article.css("ul,ol")) if article else frozenset()


def _link_list(node: LexborNode) -> bool:
    if len(node.css("li")) < _LINK_LIST_ITEMS:
        return False
    text = len(node.text(deep=True, strip=True))
    links = sum(len(link.text(deep=True, strip=True)) for link in node.css("a"))
    return text > 0 and links >= text * _LINK_LIST_SHARE


def _furniture_name(class_: str | None, id_: str | None) -> bool:
    """True when a token of the class or id names furniture ("share-bar", "adSlot")."""
    return bool(class_ and _names_furniture(class_)) or bool(id_ and _names_furniture(id_))


def _names_furniture(names: str) -> bool:
    """Cached for names up to 256 characters: a huge attribute is not kept alive."""
    return _cached_names(names) if len(names) <= 256 else _names_furniture_of(names)


@lru_cache(maxsize=16384)
def _cached_names(names: str) -> bool:
    return _names_furniture_of(names)


def _names_furniture_of(names: str) -> bool:
    """Cached per attribute value: class strings repeat across elements and pages."""
    if not _furniture_substring().search(names.lower()):
        return False  # cheap test first: no furniture word anywhere (ids are often unique)
    furniture = words("prune_words")
    return any(token.lower() in furniture for token in _TOKEN_SPLIT.split(names) if token)


@cache
def _furniture_substring() -> re.Pattern[str]:
    """Any furniture word, inside a token or not: a token can only match if this does."""
    return re.compile("|".join(sorted(map(re.escape, words("prune_words")))))


def _page_level(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in ("article", "main"):
            return False
        parent = parent.parent
    return True


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """`nodes` without those inside another one of them (removed with their ancestor).

    Each element's answer is remembered, so every ancestor is looked at once.
    """
    chosen = {node.mem_id for node in nodes}
    inside: dict[int, bool] = {}  # element -> it lies within a chosen one
    result = []
    for node in nodes:
        path, parent, within = [], node.parent, False
        while parent is not None:
            key = parent.mem_id
            if key in chosen or key in inside:
                within = key in chosen or inside[key]
                break
            path.append(key)
            parent = parent.parent
        inside.update(dict.fromkeys(path, within))
        if not within:
            result.append(node)
    return result

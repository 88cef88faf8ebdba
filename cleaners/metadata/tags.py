"""Metadata evidence in the markup: `<meta>` (OpenGraph, `article:*`, Dublin Core,
Parse.ly, Sailthru, Highwire `citation_*`, Twitter cards), microdata `itemprop`,
`<time datetime>` and `rel=author` links.
"""

from __future__ import annotations

import re
from collections import defaultdict

from selectolax.lexbor import LexborHTMLParser, LexborNode

# meta names in rank order (first is strongest) for each field
PUBLISHED = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "article.published",
    "originalpublicationdate",
    "og:pubdate",
    "release_date",
)
MODIFIED = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "article:modified",
    "updated_time",
)
# any other meta name holding these words names a publication or an update date in its
# own CMS's way (`w-published-date`, `cxenseparse:publishtime`, `cdc:last_updated`); not
# `publisher` or `publishing`, which name who publishes
_PUBLISHED_NAME = re.compile(r"publish(?!er|ing)")
_MODIFIED_NAME = re.compile(r"modif|updated")
AUTHORS = (
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "byl",
    "book:author",
)
TITLES = (
    "og:title",
    "twitter:title",
    "parsely-title",
    "sailthru.title",
    "dc.title",
    "citation_title",
    "headline",
)
SITES = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site")

Meta = dict[str, list[str]]


def page_title(tree: LexborHTMLParser) -> str:
    """The text of the page's `<title>`, white space squeezed ("" when it has none)."""
    node = tree.css_first("title")
    return " ".join(node.text().split()) if node is not None else ""


def meta_tags(tree: LexborHTMLParser) -> Meta:
    """`<meta>` contents by lower-cased name, property or itemprop, in page order."""
    found: Meta = defaultdict(list)
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = (attrs.get("content") or "").strip()
        if key and content:
            found[key.strip().lower()].append(content)
    _twitter_labels(found)
    return found


def other_dates(meta: Meta) -> tuple[list[str], list[str]]:
    """The first value of each unlisted `<meta>` whose name says publication, and of
    each whose name says update (see `_PUBLISHED_NAME`)."""
    published, modified = [], []
    for name, values in meta.items():
        if name in PUBLISHED or name in MODIFIED:
            continue
        if _PUBLISHED_NAME.search(name):
            published.append(values[0])
        elif _MODIFIED_NAME.search(name):
            modified.append(values[0])
    return published, modified


def _twitter_labels(found: Meta) -> None:
    """Twitter card label/data pairs ("Written by" / "Jane Doe") become `author`."""
    for i in (1, 2, 3):
        label = " ".join(found.get(f"twitter:label{i}", [])).casefold()
        if "written by" in label or "author" in label:
            found["twitter:written-by"].extend(found.get(f"twitter:data{i}", []))


def microdata(tree: LexborHTMLParser, prop: str) -> list[str]:
    """Values of elements with `itemprop=prop` (not `<meta>`: those are in `meta_tags`)."""
    values = []
    for node in tree.css(f'[itemprop="{prop}"]'):
        if node.tag == "meta":
            continue
        values.append(_value(node, prop))
    return [v for v in values if v]


def _value(node: LexborNode, prop: str) -> str:
    attrs = node.attributes
    if prop.startswith("date"):
        return (attrs.get("datetime") or attrs.get("content") or node.text(strip=True)).strip()
    named = node.css_first('[itemprop="name"]')
    source = named if named is not None else node
    return (attrs.get("content") or source.text(separator=" ", strip=True)).strip()


def time_tags(tree: LexborHTMLParser) -> list[tuple[str, str, bool]]:
    """`(datetime, visible text, marked as publication)` of each `<time datetime>`."""
    found = []
    for node in tree.css("time[datetime]"):
        attrs = node.attributes
        marks = " ".join(
            (attrs.get(a) or "").lower() for a in ("class", "itemprop", "pubdate", "id")
        )
        published = "pubdate" in attrs or "publish" in marks or "posted" in marks
        found.append(((attrs.get("datetime") or "").strip(), node.text(strip=True), published))
    return found


def rel_authors(tree: LexborHTMLParser) -> list[str]:
    names = (n.text(separator=" ", strip=True) for n in tree.css('a[rel~="author"]'))
    return [n for n in names if n]


_AUTHOR_CLASS = '[class*="author"], [class*="byline"], [class*="Author"], [class*="Byline"]'
_USER_CLASS = '[class*="username"], [class*="poster"], [class*="user-name"], [class*="userName"]'
_MAX_CLASS_NODES = 300
_MAX_NAME_TEXT = 80
_NO_NAME_TAGS = frozenset({"img", "script", "style", "meta", "link", "svg"})


def class_users(tree: LexborHTMLParser) -> list[str]:
    """The first short text of an element whose class names a user or poster (a forum
    post's author: `<a class="username">`, `<span class="poster">`)."""
    return _short_texts(tree, _USER_CLASS, 1, _NO_NAME_TAGS | {"input", "form"})


def class_authors(tree: LexborHTMLParser, limit: int = 3) -> list[str]:
    """Short texts of elements whose class says author or byline, first `limit` distinct
    (`<span class="author">Jane Doe</span>`, `<div class="byline">By Jane Doe</div>`)."""
    return _short_texts(tree, _AUTHOR_CLASS, limit, _NO_NAME_TAGS)


def _short_texts(
    tree: LexborHTMLParser, selector: str, limit: int, skipped: frozenset[str]
) -> list[str]:
    """The first `limit` distinct texts, white space squeezed, short enough for a name,
    of the first `_MAX_CLASS_NODES` elements `selector` finds (tags in `skipped` aside)."""
    found: list[str] = []
    for count, node in enumerate(tree.css(selector)):
        if count >= _MAX_CLASS_NODES or len(found) >= limit:
            break
        if node.tag in skipped:
            continue
        value = " ".join(node.text(separator=" ", strip=True).split())
        if 2 <= len(value) <= _MAX_NAME_TEXT and value not in found:
            found.append(value)
    return found

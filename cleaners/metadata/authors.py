"""Who wrote the page: author evidence, ranked, and the choice among it.

Markup sources (JSON-LD `author` of the article, `<meta>` author names, the first
microdata `itemprop=author`, the first `rel=author` link) count when the page shows
one of their names: an author the reader cannot see is often the site's account or
a template's default. On a page that does not declare itself an article the name
must stand next to the headline (in a footer or a list it is no byline). Otherwise
the visible byline next to the headline is taken ("By X", "Written by" / "X", a name
alone beside the dateline); failing that, the author `<meta>` (or a news article's
JSON-LD author: other kinds' JSON-LD author is often a template's default) on a page
that declares itself an article.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from cleaners.metadata import tags
from cleaners.metadata.evidence import Evidence, strongest
from cleaners.metadata.jsonld import Graph, names
from cleaners.metadata.people import people
from cleaners.metadata.visible import Header, beside_date, bylines

Names = tuple[str, ...]
_TRUSTED = 2  # a news article's JSON-LD author and author <meta>
_NEWS = frozenset(
    {
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
    }
)
_LAST_FIRST = re.compile(r"^([^\s,]+(?:\s[^\s,]+)?),\s*([^\s,]+(?:\s[^\s,.]+\.?)?)$")
_LAST_FIRST_SOURCES = frozenset({"citation_author", "dc.creator", "dcterms.creator"})


def markup_authors(
    tree: LexborHTMLParser, graph: Graph, meta: tags.Meta, sites: list[str]
) -> list[Evidence[Names]]:
    raw: list[tuple[str, int, list[str]]] = []
    for obj in graph.of_kind("article")[:1]:
        # a news article names its reporters; other kinds often carry a template default
        rank = 1 if obj.types & _NEWS else 3
        raw.append(("json-ld:author", rank, names(graph, obj.data.get("author"), people_only=True)))
    for name in (*tags.AUTHORS, "twitter:written-by"):
        values = meta.get(name, [])
        if name in _LAST_FIRST_SOURCES:
            values = [_LAST_FIRST.sub(r"\2 \1", v) for v in values]
        raw.append((name, 2, values))
    raw.append(("itemprop:author", 3, tags.microdata(tree, "author")[:1]))
    linked = tags.rel_authors(tree)
    if len(set(linked)) == 1:  # several different ones: a list of posts
        raw.append(("rel=author", 4, linked[:1]))
    for obj in graph.of_kind("page")[:1]:
        raw.append(("json-ld:page", 5, names(graph, obj.data.get("author"), people_only=True)))
    return _evidence(raw, sites)


def visible_authors(header: Header, sites: list[str]) -> list[Evidence[Names]]:
    named = bylines(header.window())
    if len(set(named)) > 1:  # several bylines: a list of posts
        return []
    raw = [("byline", 1, named), ("byline:beside-date", 2, beside_date(header.after()))]
    return _evidence(raw, sites)


def _evidence(raw: list[tuple[str, int, list[str]]], sites: list[str]) -> list[Evidence[Names]]:
    found = []
    site_keys = {_key(s) for s in sites}
    for source, rank, values in raw:
        persons = tuple(p for p in people(values) if _key(p) not in site_keys)
        if persons:
            found.append(Evidence(value=persons, source=source, rank=rank))
    return found


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def choose_authors(
    markup: list[Evidence[Names]],
    visible: list[Evidence[Names]],
    header: Header,
    *,
    article_page: bool,
) -> Evidence[Names] | None:
    """The strongest markup authors the page shows, else the visible byline, else the
    author `<meta>` or a news article's JSON-LD author, on a page that declares itself
    an article.
    """
    # on a page that is no article, a name in the footer or a list is no byline
    shown = header.shown_text() if article_page else "\n".join(header.window()).casefold()
    for evidence in sorted(markup, key=lambda e: e.rank):
        seen = tuple(n for n in evidence.value if _shown(n, shown))
        if seen:
            return Evidence(value=seen, source=evidence.source, rank=evidence.rank)
    trusted = [e for e in markup if e.rank <= _TRUSTED and article_page]
    return strongest(visible) or strongest(trusted)


def _shown(name: str, shown: str) -> bool:
    """The name is printed: whole, or each of its words ("Doe, Jane", "Jane M. Doe")."""
    folded = name.casefold()
    if folded in shown:
        return True
    words = [w for w in re.findall(r"\w+", folded) if len(w) > 1]
    return len(words) >= 2 and all(re.search(rf"\b{re.escape(w)}\b", shown) for w in words)

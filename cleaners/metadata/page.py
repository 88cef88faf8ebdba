"""The metadata stage of the HTML path: every source's evidence, one winner per field.

Title: see `titles`; authors: `authors`; dates: `dated`. Each field's winner is
recorded in `provenance` with the source that gave it ("og:title", "json-ld:author",
"byline", "dateline", ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from cleaners.draft import Metadata
from cleaners.html.structured import LinkedData
from cleaners.metadata import tags
from cleaners.metadata.authors import choose_authors, markup_authors, visible_authors
from cleaners.metadata.dated import choose_dates, declares_article, markup_dates
from cleaners.metadata.evidence import Evidence
from cleaners.metadata.jsonld import Graph, names, read_graph, text
from cleaners.metadata.titles import choose_title, host_name
from cleaners.metadata.visible import Header, visible_lines


def page_metadata(
    tree: LexborHTMLParser, ld: LinkedData, url: str | None, now: datetime | None = None
) -> Metadata:
    """The metadata of the page in `tree`, each field from its best evidence."""
    graph = read_graph(tree)
    meta = tags.meta_tags(tree)
    header = visible_lines(tree)
    sites = _sites(graph, meta, url)
    site = sites[0] if sites and sites[0] != host_name(url) else None
    result = Metadata(
        url=url,
        language=_language(tree, ld, meta),
        canonical_url=_canonical(tree) or _first(meta, "og:url"),
        description=ld.description or _first(meta, "og:description", "description"),
        tags=ld.keywords or tuple(meta.get("article:tag", ())) or _split(meta, "keywords"),
        image=_first(meta, "og:image", "twitter:image") or ld.image,
    )
    if site:
        result = result.with_source("site_name", site, _site_source(meta))
    headline = header.lines[header.headline] if header.headline is not None else None
    title = choose_title(headline, _title_sources(tree, graph, meta), sites)
    if title:
        result = result.with_source("title", title.value, title.source)
    return _people_and_dates(result, _Page(tree, graph, meta, header, sites, url), now)


@dataclass(frozen=True, slots=True)
class _Page:
    """What the authors and dates are read from."""

    tree: LexborHTMLParser
    graph: Graph
    meta: tags.Meta
    header: Header
    sites: list[str]
    url: str | None


def _people_and_dates(result: Metadata, page: _Page, now: datetime | None) -> Metadata:
    # a personal site's host name is its author's name: only declared site names go
    declared = [s for s in page.sites if s != host_name(page.url)]
    article_page = declares_article(page.graph, page.meta)
    author = choose_authors(
        markup_authors(page.tree, page.graph, page.meta, declared),
        visible_authors(page.header, declared),
        page.header,
        article_page=article_page,
    )
    if author:
        result = result.with_source("authors", author.value, author.source)
    published, modified = choose_dates(
        *markup_dates(page.tree, page.graph, page.meta, page.header, url=page.url, now=now),
        page.header,
        now,
        article_page=article_page,
    )
    if published:
        result = result.with_source("published", published.value, published.source)
    if modified:
        result = result.with_source("modified", modified.value, modified.source)
    return result


def _first(meta: tags.Meta, *keys: str) -> str | None:
    return next((meta[k][0] for k in keys if meta.get(k)), None)


def _sites(graph: Graph, meta: tags.Meta, url: str | None) -> list[str]:
    found = [v for k in tags.SITES for v in meta.get(k, []) if not v.startswith("@")]
    for obj in graph.objects:
        if obj.kind == "site":
            found.extend(n for n in [text(obj.data.get("name"))] if n)
        found.extend(names(graph, obj.data.get("publisher"), people_only=False))
    host = host_name(url)
    return list(dict.fromkeys([*found, *([host] if host else [])]))


def _site_source(meta: tags.Meta) -> str:
    return next((k for k in tags.SITES if meta.get(k)), "json-ld:publisher")


def _title_sources(tree: LexborHTMLParser, graph: Graph, meta: tags.Meta) -> list[Evidence[str]]:
    found = []
    for rank, kind in enumerate(("article", "page"), start=1):
        for obj in graph.of_kind(kind):
            value = text(obj.data.get("headline")) or text(obj.data.get("name"))
            if value:
                found.append(Evidence(value=value, source=f"json-ld:{kind}", rank=rank))
    for rank, name in enumerate(tags.TITLES, start=3):
        found.extend(Evidence(value=v, source=name, rank=rank) for v in meta.get(name, [])[:1])
    node = tree.css_first("title")
    value = " ".join(node.text().split()) if node else ""
    if value:
        found.append(Evidence(value=value, source="title", rank=20))
    return found


def _split(meta: tags.Meta, name: str) -> tuple[str, ...]:
    value = _first(meta, name) or ""
    return tuple(part.strip() for part in re.split(r"[,;，、]", value) if part.strip())


def _language(tree: LexborHTMLParser, ld: LinkedData, meta: tags.Meta) -> str | None:
    root = tree.css_first("html")
    lang = (root.attributes.get("lang") if root else None) or ld.language
    lang = lang or _first(meta, "content-language", "og:locale")
    code = re.split(r"[-_]", lang.strip())[0].lower() if lang else ""
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _canonical(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first('link[rel="canonical"]')
    return (node.attributes.get("href") or "").strip() or None if node else None

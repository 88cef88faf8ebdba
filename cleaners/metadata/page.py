"""The metadata stage of the HTML path: every source's candidates, one winner per field.

Title, authors and the publication date: every source's candidates
(`candidates`), scored by the learned chooser (`choose`); the update date is the
first the markup declares. Each field's winner is recorded in `provenance` with
the first source that gave it ("og:title", "json-ld:author", "byline",
"dateline", ...). Site name, language, canonical URL, description, tags and image
come from the markup directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from selectolax.lexbor import LexborHTMLParser

from cleaners.draft import Metadata
from cleaners.html.structured import LinkedData
from cleaners.metadata import tags
from cleaners.metadata.candidates import (
    Candidate,
    Names,
    PageFacts,
    author_candidates,
    date_candidates,
    modified_date,
    page_facts,
    title_candidates,
)
from cleaners.metadata.choose import FIELDS, MetadataModel, shipped_metadata_model
from cleaners.metadata.features import author_rows, date_rows, title_rows
from cleaners.metadata.jsonld import Graph, names, read_graph, text
from cleaners.metadata.titles import host_name
from cleaners.metadata.visible import visible_lines


def page_metadata(
    tree: LexborHTMLParser,
    ld: LinkedData,
    url: str | None,
    now: datetime | None = None,
    model: MetadataModel | None = None,
) -> Metadata:
    """The metadata of the page in `tree`; title, authors and the publication date
    chosen among their candidates by `model` (the shipped one by default)."""
    graph = read_graph(tree)
    meta = tags.meta_tags(tree)
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
    found = read_candidates(tree, graph, meta, sites, url=url, now=now)
    model = model or shipped_metadata_model()
    for name in FIELDS:
        best = model.best(name, found.of(name), found.rows(name), article=found.facts.article)
        if best is not None:
            result = result.with_source(name, best.value, best.sources[0])
    if found.modified:
        result = result.with_source("modified", found.modified[1], found.modified[0])
    return result


@dataclass(frozen=True, slots=True)
class PageCandidates:
    """A page's candidates for each learned field, and what they are judged against."""

    title: list[Candidate[str]]
    authors: list[Candidate[Names]]
    published: list[Candidate[str]]
    facts: PageFacts
    modified: tuple[str, str] | None  # (source, ISO date) of the update date

    def of(self, name: str) -> list[Any]:
        found: list[Any] = getattr(self, name)
        return found

    def rows(self, name: str) -> npt.NDArray[np.float32]:
        """The feature rows of field `name`'s candidates (`cleaners.metadata.features`)."""
        if name == "title":
            return title_rows(self.title, self.facts)
        if name == "authors":
            return author_rows(self.authors, self.facts)
        return date_rows(self.published, self.facts)


def read_candidates(
    tree: LexborHTMLParser,
    graph: Graph,
    meta: tags.Meta,
    sites: list[str],
    *,
    url: str | None,
    now: datetime | None,
) -> PageCandidates:
    """Every source's candidates for the title, the authors and the publication date."""
    header = visible_lines(tree)
    # a personal site's host name is its author's name: only declared site names go
    declared = [s for s in sites if s != host_name(url)]
    return PageCandidates(
        title=title_candidates(tree, graph, meta, header, sites),
        authors=author_candidates(tree, graph, meta, header, declared),
        published=date_candidates(tree, graph, meta, header, url=url, now=now),
        facts=page_facts(tree, graph, meta, header, sites),
        modified=modified_date(tree, graph, meta, header, now),
    )


def page_candidates(tree: LexborHTMLParser, url: str | None) -> PageCandidates:
    """`read_candidates` of a parsed page, as `page_metadata` reads it (for training)."""
    graph = read_graph(tree)
    meta = tags.meta_tags(tree)
    return read_candidates(tree, graph, meta, _sites(graph, meta, url), url=url, now=None)


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

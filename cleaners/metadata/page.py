"""The metadata stage of the HTML path: every source's candidates, one winner per field.

Two steps: `gather_metadata` reads the markup before the content stage strips it;
`choose_metadata` runs after it, when the page's layout is known. Title, authors and
the publication date: every source's candidates (`candidates`), scored by the learned
chooser (`choose`), which also reads what kind of page it is (`kind`); the update date
is the first the markup declares. Each field's winner is recorded in `provenance` with
the first source that gave it ("og:title", "json-ld:author", "byline",
"dateline", ...). Site name, language, canonical URL, description, tags and image
come from the markup directly.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from selectolax.lexbor import LexborHTMLParser

from cleaners.draft import Metadata
from cleaners.html.content import read_page
from cleaners.html.pagetype import page_row
from cleaners.html.structured import LinkedData, linked_data
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
from cleaners.metadata.features import author_rows, date_rows, title_rows, with_page
from cleaners.metadata.jsonld import Graph, names, read_graph, text
from cleaners.metadata.kind import layout_of
from cleaners.metadata.visible import visible_lines
from cleaners.urls import host_name


def page_metadata(
    tree: LexborHTMLParser,
    ld: LinkedData,
    url: str | None,
    now: datetime | None = None,
    model: MetadataModel | None = None,
) -> Metadata:
    """The metadata of the page in `tree`, for a caller without the content stage:
    the page's layout is read from a parse of its own (`tree` is left as it is)."""
    found = gather_metadata(tree, ld, url, now)
    copy = LexborHTMLParser(tree.html or "")
    page, _features, facts = read_page(copy, ld)
    return choose_metadata(found, page_row(page, facts, url), model)


@dataclass(frozen=True, slots=True)
class Gathered:
    """What the markup says of a page: the fields it gives directly, and every
    source's candidates for the chosen ones."""

    known: Metadata
    found: PageCandidates


def gather_metadata(
    tree: LexborHTMLParser, ld: LinkedData, url: str | None, now: datetime | None = None
) -> Gathered:
    """The page's markup read for metadata (before the content stage strips it)."""
    graph = read_graph(tree)
    meta = tags.meta_tags(tree)
    sites = _sites(graph, meta, url)
    site = sites[0] if sites and sites[0] != host_name(url) else None
    known = Metadata(
        url=url,
        language=_language(tree, ld, meta),
        canonical_url=_canonical(tree) or _first(meta, "og:url"),
        description=ld.description or _first(meta, "og:description", "description"),
        tags=ld.keywords or tuple(meta.get("article:tag", ())) or _split(meta, "keywords"),
        image=_first(meta, "og:image", "twitter:image") or ld.image,
    )
    if site:
        known = known.with_source("site_name", site, _site_source(meta))
    found = read_candidates(tree, graph, meta, sites, url=url, now=now)
    if found.modified:
        known = known.with_source("modified", found.modified[1], found.modified[0])
    return Gathered(known, found)


def choose_metadata(
    gathered: Gathered, type_row: npt.NDArray[np.float32], model: MetadataModel | None = None
) -> Metadata:
    """The page's metadata: title, authors and the publication date chosen among their
    candidates by `model` (the shipped one by default), the page's layout read from
    its page-type row (`cleaners.html.pagetype.page_row`)."""
    found = gathered.found.with_layout(type_row)
    model = model or shipped_metadata_model()
    result = gathered.known
    for name in FIELDS:
        best = model.best(name, found.of(name), found.rows(name), article=found.facts.article)
        if best is not None:
            result = result.with_source(name, best.value, best.sources[0])
    return result


@dataclass(frozen=True, slots=True)
class PageCandidates:
    """A page's candidates for each learned field, and what they are judged against."""

    title: list[Candidate[str]]
    authors: list[Candidate[Names]]
    published: list[Candidate[str]]
    facts: PageFacts
    modified: tuple[str, str] | None  # (source, ISO date) of the update date
    layout: tuple[float, ...] = ()  # the page's layout columns (`kind.layout_of`)

    def of(self, name: str) -> list[Any]:
        found: list[Any] = getattr(self, name)
        return found

    def offered(self) -> frozenset[str]:
        """The fields the chooser settles on this page: authors and the publication date
        where the page offers candidates (a value, or none when it abstains)."""
        return frozenset(name for name in ("authors", "published") if self.of(name))

    def with_layout(self, type_row: npt.NDArray[np.float32]) -> PageCandidates:
        """These candidates on a page of the layout its page-type row gives."""
        return dataclasses.replace(self, layout=layout_of(type_row))

    def rows(self, name: str) -> npt.NDArray[np.float32]:
        """The feature rows of field `name`'s candidates (`cleaners.metadata.features`);
        the layout must be known (`with_layout`)."""
        if not self.layout:
            raise ValueError("metadata candidates: the page's layout is not known")
        page = (*self.facts.kind, *self.layout)
        if name == "title":
            return with_page(title_rows(self.title, self.facts), page)
        if name == "authors":
            return with_page(author_rows(self.authors, self.facts), page)
        return with_page(date_rows(self.published, self.facts), page)


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
        facts=page_facts(tree, graph, meta, header, sites, url=url),
        modified=modified_date(tree, graph, meta, header, now),
    )


def page_candidates(tree: LexborHTMLParser, url: str | None) -> PageCandidates:
    """The candidates of a parsed page, as `clean_html` reads them (for training): the
    markup first, then the layout the content stage reads (it strips `tree`)."""
    ld = linked_data(tree)
    found = gather_metadata(tree, ld, url).found
    page, _features, facts = read_page(tree, ld)
    return found.with_layout(page_row(page, facts, url))


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

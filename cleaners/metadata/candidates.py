"""Every source's candidates for the title, the authors and the publication date.

A candidate is one distinct value with every source that gave it, in gathering
order (structured data first, then `<meta>`, microdata, `<time>`, the visible
header, the URL). Values are told apart as `scraper bench metadata` compares them:
titles by their letters and digits (case folded), authors by their set of names,
dates by calendar day. `cleaners.metadata.choose` scores the candidates with a
learned model; nothing here decides.

Source kinds (the model's one-hot features, see `TITLE_SOURCES` and friends):
- title: JSON-LD article/page headline or name, each title `<meta>`, microdata
  `headline`, `<title>`, the `<h1>`; each also with the site name, a short last
  part or a section number cut off (`:cut`), and its first part alone (`:head`:
  "Product | Category | Site" gives "Product");
- authors: the JSON-LD article's and page's `author`, each author
  `<meta>`, microdata `author`, the first `rel=author` link, elements whose class
  says author or byline, the first whose class says user or poster (forum software's
  post author: `class:user`), another JSON-LD object's `author`, the visible byline
  (also "by X" inside a header line), a name beside the dateline, a byline
  anywhere in the page's first lines (`byline:page`);
- published: JSON-LD `datePublished`/`dateCreated`/`dateModified`, publication and
  modification `<meta>`, microdata, `<time>` marked as publication, beside the
  headline (`time`) or first on the page, the printed datelines (and an "Updated"
  one), the first dateline anywhere in the page's first lines (`dateline:page`),
  the URL's date path.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from selectolax.lexbor import LexborHTMLParser

from cleaners.metadata import tags, titles
from cleaners.metadata.jsonld import Graph, names, person_names, text
from cleaners.metadata.kind import page_kind
from cleaners.metadata.people import people
from cleaners.metadata.titles import cut_site, strip_site_suffix
from cleaners.metadata.visible import Header, beside_date, bylines, datelines
from cleaners.metadata.when import iso_date, url_date

T = TypeVar("T")
Names = tuple[str, ...]

_MAX_TITLE = 300
_MIN_HEAD = 3
_MAX_BYLINE_LINE = 120
_PAGE_LINES = 400  # page lines searched for bylines and datelines outside the header
_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·•»/~]|::)\s+|\s*[|｜·•»_]\s*")
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?(?:\s+[-–—:]\s+|\s+)")
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|van|de|der|von)){0,3}"
_INLINE_BY = re.compile(rf"\b[Bb]y\s+({_NAME}(?:(?:,\s*|\s+and\s+|\s*&\s*){_NAME})*)")
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

_BASE_TITLES = (
    "json-ld:article",
    "json-ld:page",
    *tags.TITLES,
    "itemprop:headline",
    "title",
    "h1",
)
TITLE_SOURCES = (
    *_BASE_TITLES,
    *(f"{s}:cut" for s in _BASE_TITLES),
    *(f"{s}:head" for s in _BASE_TITLES),
)
AUTHOR_SOURCES = (
    "json-ld:author",
    "json-ld:page",
    *tags.AUTHORS,
    "twitter:written-by",
    "itemprop:author",
    "rel=author",
    "class:author",
    "class:author:more",
    "class:user",
    "json-ld:other",
    "byline",
    "byline:inline",
    "byline:beside-date",
    "byline:page",
)
DATE_SOURCES = (
    "json-ld:article",
    "json-ld:article:created",
    "json-ld:page",
    "json-ld:modified",
    "article:published_time",
    "meta:published",
    "meta:modified",
    "itemprop:datePublished",
    "itemprop:dateModified",
    "time[pubdate]",
    "time",
    "time:first",
    "dateline",
    "dateline:second",
    "dateline:updated",
    "dateline:page",
    "url",
)


@dataclass(frozen=True, slots=True)
class Candidate(Generic[T]):
    """A distinct value and the sources that gave it (the first is its provenance)."""

    value: T
    sources: tuple[str, ...]
    first: int  # where it first appeared among all the field's raw values


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What every candidate of a page is judged against."""

    header: Header
    sites: tuple[str, ...]  # declared site names, then the host's name
    article: bool  # the page declares itself an article (see `declares_article`)
    ld_article: bool  # its JSON-LD holds an article-like object
    ld_news: bool  # ... of a news type (NewsArticle, ReportageNewsArticle, ...)
    rel_authors: int  # distinct `rel=author` names
    bylines: int  # distinct visible bylines in the header
    h1s: int  # `<h1>` elements on the page
    kind: tuple[float, ...] = ()  # the page-kind row (`cleaners.metadata.kind`)


def key(value: str) -> str:
    """A title or name as compared: letters and digits, NFKC, case folded."""
    return titles.key(unicodedata.normalize("NFKC", value))


def merged(raw: Iterable[tuple[str, T]], key_of: object) -> list[Candidate[T]]:
    """One candidate per distinct key, its sources in order; the first value kept."""
    order: dict[object, tuple[T, list[str], int]] = {}
    for index, (source, value) in enumerate(raw):
        k = key_of(value)  # type: ignore[operator]
        if not k:
            continue
        if k not in order:
            order[k] = (value, [], index)
        if source not in order[k][1]:
            order[k][1].append(source)
    return [Candidate(v, tuple(s), i) for v, s, i in order.values()]


def title_candidates(
    tree: LexborHTMLParser, graph: Graph, meta: tags.Meta, header: Header, sites: list[str]
) -> list[Candidate[str]]:
    raw: list[tuple[str, str]] = []
    for kind in ("article", "page"):
        for obj in graph.of_kind(kind)[:1]:
            for name in ("headline", "name"):
                value = text(obj.data.get(name))
                raw.extend([(f"json-ld:{kind}", value)] if value else [])
    raw.extend((name, v) for name in tags.TITLES for v in meta.get(name, [])[:1])
    raw.extend(("itemprop:headline", v) for v in tags.microdata(tree, "headline")[:1])
    value = tags.page_title(tree)
    raw.extend([("title", value)] if value else [])
    if header.headline is not None:
        raw.append(("h1", header.lines[header.headline]))
    found = []
    for source, given in raw:
        value = " ".join(html.unescape(given).split())
        if not value or len(value) > _MAX_TITLE:
            continue
        found.append((source, value))
        for cut in _cuts(value, sites):
            found.append((f"{source}:cut", cut))
        head = _SEPARATORS.split(value, maxsplit=1)[0].strip()
        if head != value and len(head) >= _MIN_HEAD:
            found.append((f"{source}:head", head))
    return merged(found, key)


def _cuts(value: str, sites: list[str]) -> list[str]:
    """`value` without the site's name, without a short last part, without a leading
    section number ("3.1 ", "15 - ")."""
    cuts = [cut_site(value, sites), strip_site_suffix(value, None), _NUMBERED.sub("", value)]
    return [c for c in dict.fromkeys(cuts) if c and c != value]


def _page_bylines(header: Header) -> list[str]:
    """The first two distinct bylines anywhere in the page's first lines (a page without
    an `<h1>` has no header window; a byline may stand far from the headline)."""
    return list(dict.fromkeys(bylines(header.lines[:_PAGE_LINES])))[:2]


def _inline_bylines(window: tuple[str, ...]) -> list[str]:
    """Names after "by" inside a short header line ("Published May 1, 2024 by Jane Doe")."""
    found: list[str] = []
    for line in window:
        if len(line) <= _MAX_BYLINE_LINE:
            found.extend(m.group(1) for m in _INLINE_BY.finditer(line))
    return found


def author_candidates(
    tree: LexborHTMLParser, graph: Graph, meta: tags.Meta, header: Header, sites: list[str]
) -> list[Candidate[Names]]:
    raw: list[tuple[str, list[str]]] = []
    for obj in graph.of_kind("article")[:1]:
        raw.append(("json-ld:author", names(graph, obj.data.get("author"), people_only=True)))
    for obj in graph.of_kind("page")[:1]:
        raw.append(("json-ld:page", names(graph, obj.data.get("author"), people_only=True)))
    for name in (*tags.AUTHORS, "twitter:written-by"):
        values = meta.get(name, [])
        if name in _LAST_FIRST_SOURCES:
            values = [_LAST_FIRST.sub(r"\2 \1", v) for v in values]
        raw.append((name, values))
    raw.append(("itemprop:author", tags.microdata(tree, "author")[:1]))
    raw.append(("rel=author", tags.rel_authors(tree)[:1]))
    for i, value in enumerate(tags.class_authors(tree)):
        raw.append(("class:author" if i == 0 else "class:author:more", [value]))
    raw.append(("class:user", tags.class_users(tree)))
    others = [o for o in graph.objects if o.kind not in ("article", "page") and "author" in o.data]
    for obj in others[:1]:
        raw.append(("json-ld:other", names(graph, obj.data.get("author"), people_only=True)))
    raw.extend(("byline", [line]) for line in dict.fromkeys(bylines(header.window())))
    raw.extend(("byline:inline", [m]) for m in _inline_bylines(header.window())[:1])
    raw.append(("byline:beside-date", beside_date(header.after())))
    raw.extend(("byline:page", [line]) for line in _page_bylines(header))
    # the site's name is not its author, unless the page declares it a person's name
    site_keys = {key(s) for s in sites} - {key(n) for n in person_names(graph)}
    found = []
    for source, values in raw:
        persons = tuple(
            p for p in people(html.unescape(v) for v in values) if key(p) not in site_keys
        )
        if persons:
            found.append((source, persons))
    return merged(found, lambda names_: frozenset(key(n) for n in names_))


def date_candidates(
    tree: LexborHTMLParser,
    graph: Graph,
    meta: tags.Meta,
    header: Header,
    *,
    url: str | None,
    now: datetime | None,
) -> list[Candidate[str]]:
    raw: list[tuple[str, str | None]] = []
    for kind in ("article", "page"):
        for obj in graph.of_kind(kind)[:1]:
            raw.append((f"json-ld:{kind}", text(obj.data.get("datePublished"))))
            if kind == "article":
                raw.append(("json-ld:article:created", text(obj.data.get("dateCreated"))))
            raw.append(("json-ld:modified", text(obj.data.get("dateModified"))))
    raw.extend((name, v) for name in tags.PUBLISHED for v in meta.get(name, [])[:1])
    raw.extend((name, v) for name in tags.MODIFIED for v in meta.get(name, [])[:1])
    other_published, other_modified = tags.other_dates(meta)
    raw.extend(("meta:published", v) for v in _readable(other_published, now)[:1])
    raw.extend(("meta:modified", v) for v in _readable(other_modified, now)[:1])
    raw.extend(("itemprop:datePublished", v) for v in tags.microdata(tree, "datePublished")[:1])
    raw.extend(("itemprop:dateModified", v) for v in tags.microdata(tree, "dateModified")[:1])
    raw.extend(_time_dates(tree, header))
    printed, updated = datelines(header.window())
    raw.extend(("dateline" if i == 0 else "dateline:second", v) for i, v in enumerate(printed[:2]))
    raw.extend(("dateline:updated", v) for v in updated[:1])
    raw.extend(("dateline:page", v) for v in datelines(header.lines[:_PAGE_LINES])[0][:1])
    raw.append(("url", url_date(url, now)))
    found = [(source, iso_date(value, now)) for source, value in raw]
    return merged(((s, v) for s, v in found if v), lambda iso: iso[:10])


def _readable(values: list[str], now: datetime | None) -> list[str]:
    """The values that read as a date (a CMS's own `<meta>` names also hold flags)."""
    return [v for v in values if iso_date(v, now)]


# the kinds of date source in which an article's own markup declares its publication
# (the chooser lets these through its threshold on article pages: `choose.DECLARED`)
ARTICLE_PUBLISHED = frozenset(
    {"json-ld:article", "article:published_time", "meta:published", "itemprop:datePublished"}
)
# the kinds of date source a page's markup declares its publication in (not printed
# text, `<time>` or the URL)
DECLARED_PUBLISHED = ARTICLE_PUBLISHED | {"json-ld:article:created", "json-ld:page"}


def date_kind(source: str) -> str:
    """The kind of a date source among `DATE_SOURCES`: each publication `<meta>` name
    but `article:published_time` is "meta:published", each update one "meta:modified"."""
    if source in tags.PUBLISHED and source != "article:published_time":
        return "meta:published"
    return "meta:modified" if source in tags.MODIFIED else source


def _time_dates(tree: LexborHTMLParser, header: Header) -> list[tuple[str, str | None]]:
    times = tags.time_tags(tree)
    marked = [v for v, _shown, is_published in times if is_published]
    window = set(header.window())
    beside = [v for v, shown, _marked in times if shown and shown in window]
    return [
        *(("time[pubdate]", v) for v in marked[:1]),
        *(("time", v) for v in beside[:1]),
        *(("time:first", v) for v, _shown, _marked in times[:1]),
    ]


def page_facts(
    tree: LexborHTMLParser,
    graph: Graph,
    meta: tags.Meta,
    header: Header,
    sites: list[str],
    *,
    url: str | None,
) -> PageFacts:
    return PageFacts(
        header=header,
        sites=tuple(sites),
        article=declares_article(graph, meta),
        ld_article=bool(graph.of_kind("article")),
        ld_news=any(o.types & _NEWS for o in graph.of_kind("article")[:1]),
        rel_authors=len(set(tags.rel_authors(tree))),
        bylines=len(set(bylines(header.window()))),
        h1s=len(tree.css("h1")),
        kind=page_kind(tree, graph, meta, url),
    )


def modified_date(
    tree: LexborHTMLParser, graph: Graph, meta: tags.Meta, header: Header, now: datetime | None
) -> tuple[str, str] | None:
    """(source, ISO date) of the update: JSON-LD `dateModified`, a modification
    `<meta>`, microdata, then an "Updated" dateline; the first readable one."""
    raw: list[tuple[str, str | None]] = []
    for kind in ("article", "page"):
        raw.extend(
            (f"json-ld:{kind}", text(o.data.get("dateModified"))) for o in graph.of_kind(kind)[:1]
        )
    raw.extend((name, v) for name in tags.MODIFIED for v in meta.get(name, [])[:1])
    raw.extend(("meta:modified", v) for v in _readable(tags.other_dates(meta)[1], now)[:1])
    raw.extend(("itemprop:dateModified", v) for v in tags.microdata(tree, "dateModified")[:1])
    raw.extend(("dateline:updated", v) for v in datelines(header.window())[1][:1])
    for source, value in raw:
        iso = iso_date(value, now)
        if iso:
            return source, iso
    return None


_NOT_ARTICLES = frozenset({"collectionpage", "searchresultspage", "itemlist", "product"})


def declares_article(graph: Graph, meta: tags.Meta) -> bool:
    """The page calls itself an article: not `og:type` website, no collection type."""
    og_type = (meta.get("og:type") or [""])[0].strip().casefold()
    if og_type in ("website", "product", "profile", "product.item"):
        return False
    return not any(o.types & _NOT_ARTICLES for o in graph.objects)

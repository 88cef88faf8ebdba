"""When the page was published and modified: date evidence, ranked, and the choice.

Markup dates (JSON-LD `datePublished`, `<meta>` publication names, microdata,
`<time pubdate>`, the URL's date path) count when the page prints the same calendar
day somewhere (a reader's date) or prints a relative date ("3 days ago"); the
strongest such one wins, keeping its time and offset. Otherwise the dateline printed
next to the headline is taken; then the markup's own JSON-LD or `<meta>` publication
date, but only on a page that declares itself an article (not `og:type` "website",
not a collection); then an "Updated" dateline. A header printing several different
dates is a list of items, not an article's dateline. No date is made up: no crawl
time, no "today", no copyright year, nothing after `now`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from cleaners.metadata import tags
from cleaners.metadata.evidence import Evidence, strongest
from cleaners.metadata.jsonld import Graph, text
from cleaners.metadata.visible import Header, datelines, shows_relative_date
from cleaners.metadata.when import day, iso_date, url_date

_LIST_DATES = 3  # distinct dates in the header that make it a list of items
_TRUSTED = 2  # JSON-LD article dates and publication <meta>
_URL = 6
_TIME = "time"

Raw = list[tuple[str, int, str | None]]


def markup_dates(
    tree: LexborHTMLParser,
    graph: Graph,
    meta: tags.Meta,
    header: Header,
    *,
    url: str | None,
    now: datetime | None,
) -> tuple[list[Evidence[str]], list[Evidence[str]]]:
    """(published, modified) candidates from the markup and the URL."""
    published: Raw = []
    modified: Raw = []
    for rank, kind in ((1, "article"), (5, "page")):
        for obj in graph.of_kind(kind)[:1]:
            value = text(obj.data.get("datePublished")) or text(obj.data.get("dateCreated"))
            published.append((f"json-ld:{kind}", rank, value))
            modified.append((f"json-ld:{kind}", rank, text(obj.data.get("dateModified"))))
    published.extend((name, 2, v) for name in tags.PUBLISHED for v in meta.get(name, [])[:1])
    modified.extend((name, 2, v) for name in tags.MODIFIED for v in meta.get(name, [])[:1])
    for value in tags.microdata(tree, "datePublished")[:1]:
        published.append(("itemprop:datePublished", 3, value))
    for value in tags.microdata(tree, "dateModified")[:1]:
        modified.append(("itemprop:dateModified", 3, value))
    times = tags.time_tags(tree)
    marked = [v for v, _text, is_published in times if is_published]
    if len({v[:10] for v in marked}) < _LIST_DATES:  # else the dates of a list's items
        published.extend(("time[pubdate]", 4, v) for v in marked[:1])
    # a <time> whose text is a header line ("2 days ago" beside the byline)
    window = set(header.window())
    beside = [v for v, shown, _marked in times if shown and shown in window]
    published.extend((_TIME, 4, v) for v in beside[:1])
    published.append(("url", _URL, url_date(url, now)))
    return read_dates(published, now), read_dates(modified, now)


def read_dates(
    raw: Sequence[tuple[str, int, str | None]], now: datetime | None
) -> list[Evidence[str]]:
    found = []
    for source, rank, value in raw:
        iso = iso_date(value, now)
        if iso:
            found.append(Evidence(value=iso, source=source, rank=rank))
    return found


def choose_dates(
    published: list[Evidence[str]],
    modified: list[Evidence[str]],
    header: Header,
    now: datetime | None,
    *,
    article_page: bool,
) -> tuple[Evidence[str] | None, Evidence[str] | None]:
    """(published, modified): markup the page confirms, else the printed dateline, else
    the markup's own publication date when the page declares itself an article."""
    shown = header.shown_days(frozenset(e.value[:4] for e in published))
    relative = shows_relative_date(header.window())  # a date shown that names no day
    confirmed = [
        e
        for e in published
        if day(e.value) in shown or e.source == _TIME or (relative and e.rank < _URL)
    ]
    printed, updated = datelines(header.window())
    if len({day(d) for d in printed + updated}) >= _LIST_DATES:
        printed, updated = [], []
    lines = read_dates(
        [("dateline", 1, v) for v in printed[:1]]
        + [("dateline:updated", 2, v) for v in updated[:1]],
        now,
    )
    trusted = [e for e in published if e.rank <= _TRUSTED and article_page]
    chosen = (
        strongest([e for e in confirmed if e.source != "url"])
        or strongest([e for e in lines if e.source == "dateline"])
        or strongest(trusted)
        or strongest(confirmed)
        or strongest(lines)
    )
    changed = strongest(modified) or strongest([e for e in lines if e.source == "dateline:updated"])
    return chosen, changed


_NOT_ARTICLES = frozenset({"collectionpage", "searchresultspage", "itemlist", "product"})


def declares_article(graph: Graph, meta: tags.Meta) -> bool:
    """The page calls itself an article: not `og:type` website, no collection type."""
    og_type = (meta.get("og:type") or [""])[0].strip().casefold()
    if og_type in ("website", "product", "profile", "product.item"):
        return False
    return not any(o.types & _NOT_ARTICLES for o in graph.objects)

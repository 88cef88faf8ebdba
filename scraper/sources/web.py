"""The web as a source: page URLs from lists, sitemaps and feeds, then the pages.

    found = await discover(sources, fetch_config)   # entries, and each failed source
    async for page in fetched_pages(found.requests(), fetch_config): ...

Feeds and sitemaps are read with the run's fetcher settings. A source that cannot be
read is a failure with its error, and the others still count. Every URL comes once
(the first source naming it wins); a source's `limit` caps what it gives.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Literal, get_args

from scraper.engine import Page
from scraper.errors import ScraperError
from scraper.fetch import FetchConfig, FetchedPage, Fetcher, FetchRequest, afetch_many
from scraper.sources.feed import read_feed
from scraper.sources.sitemap import read_sitemap
from scraper.sources.urls import normalize_url

SourceKind = Literal["feed", "sitemap", "urls"]
SOURCE_KINDS: tuple[SourceKind, ...] = get_args(SourceKind)


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceSpec:
    """One source: a feed or sitemap URL, or a list of page URLs."""

    kind: SourceKind
    url: str | None = None
    urls: tuple[str, ...] = ()
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """A page URL to consider, with its sitemap `<lastmod>` when the source gave one."""

    url: str
    lastmod: str | None = None


@dataclass(frozen=True, slots=True)
class Discovery:
    entries: tuple[Entry, ...]
    failures: tuple[tuple[str, ScraperError], ...] = ()  # (source URL, error)


async def discover(sources: Iterable[SourceSpec], config: FetchConfig | None) -> Discovery:
    """Every source's entries in order, each URL once (the first source wins)."""
    sources = tuple(sources)
    entries: dict[str, Entry] = {}
    failures: list[tuple[str, ScraperError]] = []
    fetcher = None if all(spec.kind == "urls" for spec in sources) else Fetcher(config)
    async with fetcher if fetcher is not None else nullcontext():
        for spec in sources:
            try:
                found = await _read(fetcher, spec, failures)
            except ScraperError as error:
                failures.append((spec.url or spec.kind, error))
                continue
            for entry in found[: spec.limit] if spec.limit is not None else found:
                entries.setdefault(entry.url, entry)
    return Discovery(tuple(entries.values()), tuple(failures))


async def _read(
    fetcher: Fetcher | None, spec: SourceSpec, failures: list[tuple[str, ScraperError]]
) -> list[Entry]:
    if spec.kind == "urls" or fetcher is None or spec.url is None:
        return [Entry(normalize_url(url)) for url in spec.urls]
    if spec.kind == "feed":
        return [Entry(item.url) for item in await read_feed(fetcher, spec.url)]
    result = await read_sitemap(fetcher, spec.url)
    failures.extend(result.failed)
    return [Entry(item.url, item.lastmod) for item in result.urls]


async def fetched_pages(
    requests: Iterable[FetchRequest | str], config: FetchConfig | None = None
) -> AsyncIterator[Page]:
    """Each URL fetched, as the engine's `Page` (a failed fetch is a page with its error)."""
    async for fetched in afetch_many(requests, config):
        yield page_of(fetched)


def page_of(fetched: FetchedPage) -> Page:
    """A fetcher's answer as the engine's `Page` (a failed fetch: a page with its error)."""
    return Page(
        name=fetched.url,
        url=fetched.url,
        final_url=fetched.final_url,
        body=fetched.body,
        encoding=fetched.charset,
        status=fetched.status,
        fetched_at=fetched.fetched_at,
        fetched=fetched,
        error=fetched.error,
    )

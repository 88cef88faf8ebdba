"""All URLs of one run, from arguments, list files, sitemaps and feeds, in order, once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scraper.errors import ScraperError
from scraper.fetch import FetchConfig, Fetcher
from scraper.sources.feed import read_feed
from scraper.sources.sitemap import read_sitemap
from scraper.sources.urls import dedupe


@dataclass(frozen=True, slots=True, kw_only=True)
class Collected:
    urls: tuple[str, ...]
    failed: tuple[tuple[str, ScraperError], ...] = ()


async def collect_urls(
    urls: Sequence[str],
    *,
    sitemaps: Sequence[str] = (),
    feeds: Sequence[str] = (),
    config: FetchConfig | None = None,
) -> Collected:
    """`urls` (already read from lists) plus the pages of each sitemap and feed."""
    found, failed = list(urls), []
    if sitemaps or feeds:
        async with Fetcher(config) as fetcher:
            for sitemap in sitemaps:
                try:
                    result = await read_sitemap(fetcher, sitemap)
                except ScraperError as error:
                    failed.append((sitemap, error))
                    continue
                found += [entry.url for entry in result.urls]
                failed += result.failed
            for feed in feeds:
                try:
                    found += [entry.url for entry in await read_feed(fetcher, feed)]
                except ScraperError as error:
                    failed.append((feed, error))
    return Collected(urls=tuple(dedupe(found)), failed=tuple(failed))

"""Discovery: a job's sources (feeds, sitemaps, URL lists) read into `Entry`s.

Feeds and sitemaps are read every run with the job's fetcher settings; a source that
cannot be read is reported, and the others still count.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from scraper.errors import ScraperError
from scraper.fetch import FetchConfig, Fetcher
from scraper.job import SourceSpec
from scraper.sources import normalize_url, read_feed, read_sitemap


@dataclass(frozen=True, slots=True)
class Entry:
    """A page URL to consider, with its sitemap `<lastmod>` when the source gave one."""

    url: str
    lastmod: str | None = None


@dataclass(frozen=True, slots=True)
class Discovery:
    entries: tuple[Entry, ...]
    failures: tuple[tuple[str, str], ...]  # (source URL, reason)


def discover(sources: tuple[SourceSpec, ...], config: FetchConfig) -> Discovery:
    """Every source's entries in job order, each URL once (the first source wins)."""
    return asyncio.run(_discover(sources, config))


async def _discover(sources: tuple[SourceSpec, ...], config: FetchConfig) -> Discovery:
    entries: dict[str, Entry] = {}
    failures: list[tuple[str, str]] = []
    async with Fetcher(config) as fetcher:
        for spec in sources:
            try:
                found = await _read(fetcher, spec, failures)
            except ScraperError as error:
                failures.append((spec.url or spec.kind, str(error)))
                continue
            for entry in found[: spec.limit] if spec.limit is not None else found:
                entries.setdefault(entry.url, entry)
    return Discovery(tuple(entries.values()), tuple(failures))


async def _read(fetcher: Fetcher, spec: SourceSpec, failures: list[tuple[str, str]]) -> list[Entry]:
    if spec.kind == "feed" and spec.url:
        return [Entry(item.url) for item in await read_feed(fetcher, spec.url)]
    if spec.kind == "sitemap" and spec.url:
        result = await read_sitemap(fetcher, spec.url)
        failures.extend((url, str(error)) for url, error in result.failed)
        return [Entry(item.url, item.lastmod) for item in result.urls]
    return [Entry(normalize_url(url)) for url in spec.urls]

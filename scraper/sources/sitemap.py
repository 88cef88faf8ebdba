"""Sitemaps (urlset and sitemap index, plain or gzip, news extension) to page URLs."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from scraper.errors import InputError, ScraperError
from scraper.fetch.client import Fetcher
from scraper.sources.urls import normalize_url
from scraper.sources.xml import child_text, download, local, parse_xml

MAX_SITEMAPS = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class SitemapURL:
    """A page listed in a sitemap; `lastmod` falls back to the news publication date."""

    url: str
    lastmod: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Sitemap:
    urls: tuple[SitemapURL, ...] = ()
    sitemaps: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SitemapResult:
    urls: tuple[SitemapURL, ...]
    failed: tuple[tuple[str, ScraperError], ...] = ()


def parse_sitemap(data: bytes, source: str = "sitemap") -> Sitemap:
    """The pages and child sitemaps listed in one sitemap document."""
    root = parse_xml(data, source)
    kind = local(root)
    if kind not in ("urlset", "sitemapindex"):
        raise InputError(f"{source}: not a sitemap (root element <{kind}>)")
    entries, children = [], []
    for node in root:
        loc = child_text(node, "loc")
        if local(node) not in ("url", "sitemap") or loc is None:
            continue
        try:
            loc = normalize_url(loc)
        except InputError:
            continue
        if local(node) == "sitemap":
            children.append(loc)
            continue
        lastmod = child_text(node, "lastmod") or child_text(node, "publication_date")
        entries.append(SitemapURL(url=loc, lastmod=lastmod, title=child_text(node, "title")))
    return Sitemap(urls=tuple(entries), sitemaps=tuple(children))


async def read_sitemap(
    fetcher: Fetcher, url: str, *, since: str | None = None, limit: int = MAX_SITEMAPS
) -> SitemapResult:
    """Every page URL under sitemap `url`, following index files (each once, at most
    `limit` documents). With `since` (ISO 8601), pages with an older lastmod are left out.
    """
    queue, seen = deque([normalize_url(url)]), set[str]()
    urls: dict[str, SitemapURL] = {}
    failed: list[tuple[str, ScraperError]] = []
    while queue and len(seen) < limit:
        current = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        try:
            sitemap = parse_sitemap(await download(fetcher, current), current)
        except ScraperError as error:
            failed.append((current, error))
            continue
        queue.extend(sitemap.sitemaps)
        for entry in sitemap.urls:
            if since is None or entry.lastmod is None or entry.lastmod >= since:
                urls.setdefault(entry.url, entry)
    return SitemapResult(urls=tuple(urls.values()), failed=tuple(failed))

"""Sitemaps (urlset and sitemap index, plain or gzip, news extension) to page URLs."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from scraper.errors import InputError, ScraperError
from scraper.fetch.client import Fetcher
from scraper.sources.urls import normalize_url
from scraper.sources.xml import child_text, download, iter_items, local

MAX_SITEMAPS = 1000  # documents read under one sitemap URL (index fan-out included)
MAX_URLS_PER_SITEMAP = 50_000  # the sitemap protocol's limit per document
MAX_URLS = 500_000  # pages taken from one sitemap URL, all its children together


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
    truncated: bool = False
    rejected: tuple[str, ...] = ()  # <loc>s that are not http(s) URLs (the first few)
    rejected_count: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SitemapResult:
    urls: tuple[SitemapURL, ...]
    failed: tuple[tuple[str, ScraperError], ...] = ()


def parse_sitemap(
    data: bytes, source: str = "sitemap", *, max_urls: int = MAX_URLS_PER_SITEMAP
) -> Sitemap:
    """The pages and child sitemaps listed in one sitemap document (streamed; at most
    `max_urls` of each, the protocol's own limit, and `truncated` when there were more)."""
    items = iter_items(data, source, frozenset({"url", "sitemap"}))
    kind = local(next(items))
    if kind not in ("urlset", "sitemapindex"):
        raise InputError(f"{source}: not a sitemap (root element <{kind}>)")
    entries: list[SitemapURL] = []
    children: list[str] = []
    rejected: list[str] = []
    count = 0
    for node in items:
        if len(entries) >= max_urls or len(children) >= max_urls:
            return Sitemap(
                urls=tuple(entries),
                sitemaps=tuple(children),
                truncated=True,
                rejected=tuple(rejected),
                rejected_count=count,
            )
        raw = child_text(node, "loc")
        loc = _valid(raw) if raw is not None else None
        if raw is not None and loc is None:
            count += 1
            rejected += [raw] if len(rejected) < 3 else []
        if loc is None:
            continue
        if local(node) == "sitemap":
            children.append(loc)
            continue
        lastmod = child_text(node, "lastmod") or child_text(node, "publication_date")
        entries.append(SitemapURL(url=loc, lastmod=lastmod, title=child_text(node, "title")))
    return Sitemap(
        urls=tuple(entries),
        sitemaps=tuple(children),
        rejected=tuple(rejected),
        rejected_count=count,
    )


def _valid(loc: str) -> str | None:
    try:
        return normalize_url(loc)
    except InputError:
        return None


async def read_sitemap(
    fetcher: Fetcher,
    url: str,
    *,
    since: str | None = None,
    limit: int = MAX_SITEMAPS,
    max_urls: int = MAX_URLS,
) -> SitemapResult:
    """Every page URL under sitemap `url`, following index files (each once, at most
    `limit` documents, `max_urls` pages in all). With `since` (ISO 8601), pages with an
    older lastmod are left out. A document that cannot be read, or lists more than
    the protocol allows, is reported in `failed`; the others still count.
    """
    queue, seen = deque([normalize_url(url)]), set[str]()
    urls: dict[str, SitemapURL] = {}
    failed: list[tuple[str, ScraperError]] = []
    while queue and len(seen) < limit and len(urls) < max_urls:
        current = queue.popleft()
        if current in seen:
            continue
        seen.add(current)
        try:
            sitemap = parse_sitemap(await download(fetcher, current), current)
        except ScraperError as error:
            failed.append((current, error))
            continue
        except Exception as error:  # a document no one foresaw: this sitemap's failure
            failed.append((current, InputError(f"{current}: unreadable sitemap: {error!r}")))
            continue
        if sitemap.truncated:
            failed.append((current, InputError(f"{current}: {_TRUNCATED}")))
        if sitemap.rejected_count:
            failed.append((current, _rejected(current, sitemap)))
        queue.extend(sitemap.sitemaps[: max(0, limit - len(seen) - len(queue))])
        for entry in sitemap.urls[: max_urls - len(urls)]:
            if since is None or entry.lastmod is None or entry.lastmod >= since:
                urls.setdefault(entry.url, entry)
    return SitemapResult(urls=tuple(urls.values()), failed=tuple(failed))


def _rejected(url: str, sitemap: Sitemap) -> InputError:
    shown = ", ".join(repr(loc[:100]) for loc in sitemap.rejected)
    count = sitemap.rejected_count
    return InputError(f"{url}: {count} entries are not http(s) URLs, left out (e.g. {shown})")


_TRUNCATED = f"lists more than {MAX_URLS_PER_SITEMAP} entries; the rest were left out"

"""RSS (0.9x, 1.0, 2.0) and Atom feeds to article URLs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from scraper.errors import InputError, ScraperError
from scraper.fetch.client import Fetcher
from scraper.sources.urls import normalize_url
from scraper.sources.xml import child_text, download, local, parse_xml


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    url: str
    title: str | None = None
    published: str | None = None


def parse_feed(data: bytes, base_url: str) -> tuple[FeedEntry, ...]:
    """The entries of an RSS or Atom document, links resolved against `base_url`."""
    root = parse_xml(data, base_url)
    if local(root) not in ("rss", "RDF", "feed"):
        raise InputError(f"{base_url}: not an RSS or Atom feed (root <{local(root)}>)")
    entries: dict[str, FeedEntry] = {}
    for node in root.iter():
        if local(node) not in ("item", "entry"):
            continue
        link = _atom_link(node) if local(node) == "entry" else _rss_link(node)
        if not link:
            continue
        try:
            url = normalize_url(str(httpx.URL(base_url).join(link)))
        except (InputError, httpx.InvalidURL):
            continue
        published = (
            child_text(node, "pubDate")
            or child_text(node, "published")
            or child_text(node, "updated")
            or child_text(node, "date")
        )
        entries.setdefault(
            url, FeedEntry(url=url, title=child_text(node, "title"), published=published)
        )
    return tuple(entries.values())


def _rss_link(item: Any) -> str | None:
    link = child_text(item, "link")
    if link:
        return link
    for node in item:
        if local(node) == "guid" and node.get("isPermaLink", "true") != "false" and node.text:
            return str(node.text.strip())
    return None


def _atom_link(entry: Any) -> str | None:
    for node in entry:
        if local(node) == "link" and node.get("rel", "alternate") == "alternate":
            href = node.get("href")
            return str(href) if href else None
    return None


async def read_feed(fetcher: Fetcher, url: str) -> tuple[FeedEntry, ...]:
    """The entries of the feed at `url`; a `ScraperError` when it cannot be read."""
    url = normalize_url(url)
    data = await download(fetcher, url)
    try:
        return parse_feed(data, url)
    except ScraperError:
        raise
    except Exception as error:  # a document no one foresaw: this feed's failure only
        raise InputError(f"{url}: unreadable feed: {error!r}") from None

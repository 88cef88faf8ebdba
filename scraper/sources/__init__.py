"""Where URLs come from: lists, sitemaps and feeds."""

from scraper.sources.feed import FeedEntry, parse_feed, read_feed
from scraper.sources.sitemap import SitemapResult, SitemapURL, parse_sitemap, read_sitemap
from scraper.sources.urls import dedupe, normalize_url, read_url_lines

__all__ = [
    "FeedEntry",
    "SitemapResult",
    "SitemapURL",
    "dedupe",
    "normalize_url",
    "parse_feed",
    "parse_sitemap",
    "read_feed",
    "read_sitemap",
    "read_url_lines",
]

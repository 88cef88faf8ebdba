"""Fetch pages politely and defensively: `fetch`, `fetch_many`, `afetch_many`.

    >>> page = fetch("https://example.org/article")
    >>> page.ok, page.status, page.charset, len(page.body)

Every failure is a `FetchedPage` with a typed `error` (see `scraper.errors`).
"""

from scraper.fetch.client import Fetcher
from scraper.fetch.config import DEFAULT_USER_AGENT, FetchConfig
from scraper.fetch.page import FetchedPage, FetchRequest
from scraper.fetch.stream import afetch_many, fetch, fetch_many

__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchConfig",
    "FetchRequest",
    "FetchedPage",
    "Fetcher",
    "afetch_many",
    "fetch",
    "fetch_many",
]

"""Which discovered URLs a run fetches, and how, given what the state store remembers.

new       never fetched: plain GET
retry     failed before and its backoff has passed: plain GET
check     known: conditional GET with the stored ETag / Last-Modified
skip      failing and still backing off, given up, or its sitemap lastmod has not moved
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from scraper.sources.web import Entry
from scraper.fetch import FetchRequest
from scraper.job import RetrySpec
from scraper.state import UrlState


@dataclass(frozen=True, slots=True)
class Planned:
    entry: Entry
    action: str  # "new", "retry", "check" or "skip"
    reason: str = ""
    state: UrlState | None = None

    @property
    def request(self) -> FetchRequest:
        state = self.state
        if self.action != "check" or state is None:
            return FetchRequest(url=self.entry.url)
        return FetchRequest(url=self.entry.url, etag=state.etag, last_modified=state.last_modified)


def site_of(url: str) -> str:
    """The site a URL belongs to, for template counts: its host and port."""
    return urlsplit(url).netloc.lower()


def decide(entry: Entry, state: UrlState | None, now: float) -> Planned:
    if state is None or (state.last_status is None and state.attempts == 0):
        return Planned(entry, "new", state=state)
    if state.gave_up:
        return Planned(entry, "skip", "gave up", state)
    if state.last_error is not None:
        if state.retry_at is not None and state.retry_at > now:
            return Planned(entry, "skip", "backing off", state)
        return Planned(entry, "retry", state=state)
    if entry.lastmod and state.source_lastmod and entry.lastmod <= state.source_lastmod:
        return Planned(entry, "skip", "lastmod unchanged", state)
    if state.content_hash is None and state.body_hash is None:
        return Planned(entry, "new", state=state)
    return Planned(entry, "check", state=state)


def failure_schedule(attempts: int, now: float, retry: RetrySpec) -> tuple[float | None, bool]:
    """When to retry after the `attempts`-th failure in a row, and whether to give up."""
    if attempts >= retry.max_attempts:
        return None, True
    return now + retry.backoff * 2 ** (attempts - 1), False

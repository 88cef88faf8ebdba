"""The planner: which discovered URLs a run fetches, and how, given what the state
store remembers.

new       never fetched: plain GET
retry     failed before and its backoff has passed: plain GET
check     known: conditional GET with the stored ETag / Last-Modified
skip      failing and still backing off, given up, or its sitemap lastmod has not moved

The plan also holds what the cleaners are told per site (the template blocks learned
so far), read once before any page is cleaned: the same input and state always give
the same output.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from dataclasses import dataclass, field
from typing import Literal

from cleaners import CleanConfig
from scraper.cron.job import JobConfig, RetrySpec
from scraper.engine import Page
from scraper.errors import ScraperError
from scraper.fetch import FetchRequest
from scraper.sources.urls import site_of
from scraper.sources.web import Entry, discover
from scraper.state import StateStore, UrlState

log = logging.getLogger(__name__)

Action = Literal["new", "retry", "check", "skip"]


@dataclass(frozen=True, slots=True)
class Planned:
    entry: Entry
    action: Action
    reason: str = ""
    state: UrlState | None = None

    @property
    def request(self) -> FetchRequest:
        state = self.state
        if self.action != "check" or state is None:
            return FetchRequest(url=self.entry.url)
        return FetchRequest(url=self.entry.url, etag=state.etag, last_modified=state.last_modified)


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """Every discovered URL with its action, the sources that failed, and the learned
    template blocks of each site (`clean_config` hands them to the cleaners)."""

    items: tuple[Planned, ...]
    failures: tuple[tuple[str, ScraperError], ...] = ()
    clean: CleanConfig = field(default_factory=CleanConfig)
    templates: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def wanted(self) -> tuple[Planned, ...]:
        return tuple(item for item in self.items if item.action != "skip")

    def counts(self) -> dict[str, int]:
        return {
            "source_errors": len(self.failures),
            "discovered": len(self.items),
            "skipped": len(self.items) - len(self.wanted),
        }

    def clean_config(self, page: Page) -> CleanConfig:
        """The job's cleaner options with the learned template blocks of the page's site."""
        blocks = self.templates.get(site_of(page.name), frozenset())
        return dataclasses.replace(self.clean, template_blocks=blocks)


def make_plan(job: JobConfig, store: StateStore, now: float) -> Plan:
    """Discover the job's sources and decide each URL against the state."""
    found = asyncio.run(discover(job.sources, job.fetch))
    for url, error in found.failures:
        log.warning("source %s: %s", url, error)
    states = store.url_states(entry.url for entry in found.entries)
    items = tuple(decide(entry, states.get(entry.url), now) for entry in found.entries)
    templates: dict[str, frozenset[str]] = {}
    if job.templates.enabled:
        for site in sorted({site_of(item.entry.url) for item in items}):
            templates[site] = store.template_blocks(site, job.templates.min_pages)
    return Plan(items=items, failures=found.failures, clean=job.clean, templates=templates)


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

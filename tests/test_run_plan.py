"""The planner, fast and without a network: each state gives its action."""

from __future__ import annotations

from typing import Any

from cleaners import CleanConfig
from scraper.cron.job import RetrySpec
from scraper.cron.plan import Plan, Planned, decide, failure_schedule
from scraper.engine import Page
from scraper.sources.web import Entry
from scraper.state import UrlState

NOW = 1_000_000.0
URL = "https://example.org/a"


def _state(**fields: Any) -> UrlState:
    return UrlState(url=URL, site="example.org", first_seen="t", last_seen="t", **fields)


def test_a_url_never_fetched_is_new() -> None:
    assert decide(Entry(URL), None, NOW).action == "new"
    assert decide(Entry(URL), _state(), NOW).action == "new"


def test_a_failing_url_waits_for_its_backoff_then_retries() -> None:
    waiting = _state(last_status=500, last_error="http_status", attempts=1, retry_at=NOW + 1)
    assert decide(Entry(URL), waiting, NOW) == Planned(Entry(URL), "skip", "backing off", waiting)
    due = _state(last_status=500, last_error="http_status", attempts=1, retry_at=NOW - 1)
    assert decide(Entry(URL), due, NOW).action == "retry"


def test_a_given_up_url_is_skipped() -> None:
    state = _state(last_status=404, last_error="http_status", attempts=5, gave_up=True)
    assert decide(Entry(URL), state, NOW).reason == "gave up"


def test_a_known_url_is_checked_with_its_validators_unless_lastmod_stood_still() -> None:
    state = _state(last_status=200, etag='"v1"', body_hash="b", source_lastmod="2024-01-02")
    checked = decide(Entry(URL, "2024-01-03"), state, NOW)
    assert checked.action == "check"
    assert checked.request.etag == '"v1"'
    assert decide(Entry(URL, "2024-01-02"), state, NOW).reason == "lastmod unchanged"
    assert decide(Entry(URL), None, NOW).request.etag is None


def test_failures_back_off_doubling_and_give_up() -> None:
    retry = RetrySpec(max_attempts=3, backoff=10.0)
    assert failure_schedule(1, NOW, retry) == (NOW + 10.0, False)
    assert failure_schedule(2, NOW, retry) == (NOW + 20.0, False)
    assert failure_schedule(3, NOW, retry) == (None, True)


def test_the_plan_hands_each_site_its_template_blocks() -> None:
    items = (Planned(Entry(URL), "new"), Planned(Entry("https://other.example/b"), "skip"))
    plan = Plan(
        items=items, clean=CleanConfig(timeout=2.0), templates={"example.org": frozenset({"k"})}
    )
    assert plan.wanted == items[:1]
    assert plan.counts() == {"source_errors": 0, "discovered": 2, "skipped": 1}
    config = plan.clean_config(Page(name=URL, url=URL))
    assert config.template_blocks == frozenset({"k"}) and config.timeout == 2.0
    assert plan.clean_config(Page(name="https://new.example/")).template_blocks == frozenset()

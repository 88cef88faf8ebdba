"""Dates as newspapers print them, to ISO 8601."""

from __future__ import annotations

import pytest

from cleaners.dates import FoundDate, find_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-03-04 18:30:21", "2026-03-04T18:30:21"),
        ("2026/3/4", "2026-03-04"),
        ("2026.03.04", "2026-03-04"),
        ("2026年3月5日 08:00", "2026-03-05T08:00:00"),
        ("2026年3月5日", "2026-03-05"),
        ("17.04.2026 08:26", "2026-04-17T08:26:00"),
        ("4 March 2026", "2026-03-04"),
        ("March 4, 2026 6:30 pm", "2026-03-04T18:30:00"),
        ("Mar. 4th, 2026", "2026-03-04"),
        ("November 18, 2019 at 7:41 am", "2019-11-18T07:41:00"),
        ("4. März 2026 um 18:30 Uhr", "2026-03-04T18:30:00"),
        ("4 mars 2026 à 18h30", "2026-03-04T18:30:00"),
        ("4 marca 2026 o godz. 18:30", "2026-03-04T18:30:00"),
        ("21 maja 2024, 06:00", "2024-05-21T06:00:00"),
    ],
)
def test_formats_and_languages(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None
    assert found.iso == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-03-04T18:30:21+08:00", "2026-03-04T18:30:21+08:00"),
        ("2026-03-04 18:30:21 +0530", "2026-03-04T18:30:21+05:30"),
        ("2026-03-04T18:30:21Z", "2026-03-04T18:30:21+00:00"),
        ("2026-03-04 18:30 UTC", "2026-03-04T18:30:00+00:00"),
        ("March 4, 2026 6:30 pm GMT", "2026-03-04T18:30:00+00:00"),
        ("2026-03-04 09:15 -05:00", "2026-03-04T09:15:00-05:00"),
    ],
)
def test_offsets(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None
    assert found.iso == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("4 de marzo de 2026", "2026-03-04"),
        ("12 de maio de 2024 18h20", "2024-05-12T18:20:00"),
        ("2024年05月17日08:49", "2024-05-17T08:49:00"),
        ("12/05/2024", "2024-05-12"),
        ("05/13/2024", "2024-05-13"),
        ("11-29-2024, 09:03 AM", "2024-11-29T09:03:00"),  # vBulletin's post date
        ("29-11-2024", "2024-11-29"),
    ],
)
def test_spanish_portuguese_glued_and_slashed_dates(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None
    assert found.iso == iso


def test_span_of_the_date_inside_a_line() -> None:
    text = "Published 2026-03-04 18:30:21 +0530 by Jane"
    assert find_date(text) == FoundDate("2026-03-04T18:30:21+05:30", 10, 35)


def test_earliest_date_wins() -> None:
    found = find_date("Updated: 5 March 2026, first published 2026-03-04")
    assert found is not None
    assert found.iso == "2026-03-05"


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "31.04.2026",
        "2026年13月1日",
        "1850-01-01",
        "no date here",
        "",
        "12:30",
        "13-13-2024",
        "call 1-800-555-2024",
    ],
)
def test_invalid_or_missing_dates(text: str) -> None:
    assert find_date(text) is None


def test_impossible_time_keeps_the_date() -> None:
    found = find_date("2026-03-04 25:61")
    assert found is not None
    assert found.iso == "2026-03-04"

"""clean_text's learned date line: found below the headline when the header lines print
none, never a date of the future, the header's own dateline kept, deterministic to
train, and passed through CleanConfig."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cleaners import CleanConfig, clean_text
from cleaners.draft import Block
from cleaners.metadata.textdate import FEATURES, date_candidates, shipped_text_date_model
from cleaners.metadata.textlines import line_model_from_dict

if TYPE_CHECKING:
    from scraper.train.textlines import LinePage

MENU = "Home\nNews\nSport\nWeather\nSign in\nSubscribe\nSearch"
LEAD = (
    "The city council approved the new budget on Tuesday evening after a long debate "
    "about schools, roads and the cost of keeping the public library open at weekends."
)
BODY = (
    "Members said the plan would raise spending on repairs by a fifth, while the mayor "
    "warned that the money for the second bridge would have to wait another year.\n\n"
    "Residents who spoke at the meeting asked for more crossings near the schools, and "
    "the council promised a report on traffic by the end of the spring."
)
RELATED = (
    "Related stories\n\nBridge repairs delayed\n\nJanuary 3, 2019\n\n"
    "Library hours cut\n\nMay 9, 2018"
)


def _dirty(headline: str, printed: str) -> str:
    """A page dump whose date stands below the lead paragraph, out of the header lines,
    with older dates in a related-stories list after the body."""
    return f"{MENU}\n\n{headline}\n\n{LEAD}\n\nJane Doe | {printed}\n\n{BODY}\n\n{RELATED}\n"


def _blocks(*lines: str) -> list[Block]:
    return [Block(text=line, tag="p") for line in lines]


def test_candidates_are_short_dated_lines_not_of_the_future() -> None:
    given = _blocks("Home", "Budget passed", "March 4, 2026", "Concert on 4 March 2199", LEAD)
    rows, printed = date_candidates(given, body=4, title=1)
    assert [found.iso for found in printed] == ["2026-03-04"]
    assert rows.shape == (1, len(FEATURES))


def test_a_header_date_stays_the_header_s() -> None:
    text = f"{MENU}\n\nCouncil approves budget\n\nBy Jane Doe\n\nMarch 4, 2026\n\n{LEAD}\n\n{BODY}"
    doc = clean_text(text)
    assert doc.published is not None and doc.published.startswith("2026-03-04")
    assert doc.provenance["published"] != "text:date-line"


def test_a_text_of_prose_alone_gets_no_date() -> None:
    doc = clean_text(f"{LEAD}\n\n{BODY}", url="https://example.org/p/1234")
    assert doc.published is None
    assert "published" not in doc.provenance


def test_the_shipped_model_reads_back_and_records_its_data() -> None:
    model = shipped_text_date_model()
    assert model.record["sets"] == {"wcxb-dev-dirty": 486}
    assert 0.0 < model.threshold < 1.0
    again = line_model_from_dict(json.loads(json.dumps(model.to_dict())), FEATURES)
    assert again.to_dict() == model.to_dict()


def _pages(folder: Path) -> list[LinePage]:
    from scraper.bench.metadata import Found, Page
    from scraper.train.textlines import DATE, read

    pages: list[LinePage] = []
    for index in range(8):
        printed, iso = f"March {index + 1}, 2025", f"2025-03-0{index + 1}"
        path = folder / f"{index}.txt"
        path.write_text(_dirty(f"Council approves budget {index}", printed), encoding="utf-8")
        url = f"https://site{index}.example.org/a/{index}"
        page = Page(id=str(index), url=url, path=path, gold=Found(date=iso))
        pages.append(read(page, DATE))
    return pages


def test_training_is_deterministic_and_learns(tmp_path: Path) -> None:
    pytest.importorskip("lightgbm")
    from scraper.train.textlines import DATE, fit

    pages = _pages(tmp_path)
    assert all(page.labels.sum() == 1 for page in pages)  # the dateline, not the related
    first = fit(pages, DATE, {"fixture": True})
    again = fit(pages, DATE, {"fixture": True})
    assert first.to_dict() == again.to_dict()
    unseen = _dirty("Council approves budget 9", "June 12, 2024")  # not trained on
    doc = clean_text(unseen, config=CleanConfig(text_date_model=first))
    assert doc.published == "2024-06-12"
    assert doc.provenance["published"] == "text:date-line"

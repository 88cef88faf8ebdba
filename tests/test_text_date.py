"""clean_text's learned date line: found below the headline when the header lines print
none, never a date of the future, the header's own dateline kept, deterministic to
train, and passed through CleanConfig."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from dumps import BODY, LEAD, MENU

from cleaners import CleanConfig, clean_text
from cleaners.draft import Block
from cleaners.metadata.textdate import FEATURES, date_candidates

if TYPE_CHECKING:
    from scraper.train.textlines import LinePage

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
        pages.extend(read(page, DATE, with_url=known) for known in (True, False))
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


def test_a_news_dump_s_date_label_is_what_its_html_twin_declares() -> None:
    pytest.importorskip("lightgbm")
    from scraper.train.textlines import declared_date_label

    head = "<html><head><title>Budget passed</title>{}</head>"
    body = f"<body><h1>Budget passed</h1><p>{LEAD}</p><p>{BODY}</p></body></html>"
    declared = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Budget passed", "datePublished": "2026-03-04T09:30:00-05:00"}</script>'
    )
    label = declared_date_label((head.format(declared) + body).encode(), "https://x.org/a")
    assert label is not None
    described, positive = label
    assert described == ("2026-03-04T09:30:00-05:00",)
    assert positive("2026-03-04") and not positive("2019-01-03")
    printed = head.format("") + body.replace("<h1>", "<p>March 4, 2026</p><h1>")
    assert declared_date_label(printed.encode(), "https://x.org/a") is None  # printed only

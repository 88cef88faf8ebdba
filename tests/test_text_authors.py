"""clean_text's learned author line: a name standing alone below the date when the
header names none, roles and menus never authors, the header's own byline kept,
deterministic to train, and passed through CleanConfig."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from dumps import BODY, LEAD, MENU

from cleaners import CleanConfig, clean_text
from cleaners.draft import Block
from cleaners.metadata.textauthors import (
    FEATURES,
    author_candidates,
)

if TYPE_CHECKING:
    from scraper.train.textlines import LinePage

FOOT = "Contact us\n\nPrivacy Policy\n\nCustomer Service"
NAMES = ("Jane Doe", "Priya Natarajan", "Tom Becker", "Ana Silva", "Li Wei", "Omar Haddad")


def _dirty(headline: str, name: str) -> str:
    """A page dump whose author stands alone below the lead, out of the header lines."""
    return f"{MENU}\n\n{headline}\n\n{LEAD}\n\n{name}\n\nMarch 4, 2025\n\n{BODY}\n\n{FOOT}\n"


def test_candidates_are_short_lines_of_names_not_roles() -> None:
    # a one-word line may be a poster's name ("Home" too: the model weighs it);
    # roles and "admin" are no names, prose is no byline
    lines = ("Home", "Staff Writer", "Jane Doe and John Roe", LEAD, "admin")
    given = [Block(text=text) for text in lines]
    rows, names = author_candidates(given, None, body=3, title=None, dated=None)
    assert names == [("Home",), ("Jane Doe", "John Roe")]
    assert rows.shape == (2, len(FEATURES))
    assert rows[1, FEATURES.index("names")] == 2


def test_a_header_byline_stays_the_header_s() -> None:
    text = f"{MENU}\n\nCouncil approves budget\n\nBy Jane Doe\n\nMarch 4, 2026\n\n{LEAD}"
    doc = clean_text(f"{text}\n\n{BODY}")
    assert doc.authors == ("Jane Doe",)
    assert doc.provenance["authors"] != "text:author-line"


def _pages(folder: Path) -> list[LinePage]:
    from scraper.bench.metadata import Found, Page
    from scraper.train.textlines import AUTHORS, read

    pages: list[LinePage] = []
    for index, name in enumerate(NAMES):
        path = folder / f"{index}.txt"
        path.write_text(_dirty(f"Council approves budget {index}", name), encoding="utf-8")
        url = f"https://site{index}.example.org/a/{index}"
        page = Page(id=str(index), url=url, path=path, gold=Found(authors=(name,)))
        pages.extend(read(page, AUTHORS, with_url=known) for known in (True, False))
    return pages


def test_training_is_deterministic_and_learns(tmp_path: Path) -> None:
    pytest.importorskip("lightgbm")
    from scraper.train.textlines import AUTHORS, fit

    pages = _pages(tmp_path)
    assert all(page.labels.sum() == 1 for page in pages)  # the name, not a menu line
    first = fit(pages, AUTHORS, {"fixture": True})
    again = fit(pages, AUTHORS, {"fixture": True})
    assert first.to_dict() == again.to_dict()
    unseen = _dirty("Council approves budget 9", "Maria Lopez")  # not trained on
    doc = clean_text(unseen, config=CleanConfig(text_authors_model=first))
    assert doc.authors == ("Maria Lopez",)
    assert doc.provenance["authors"] == "text:author-line"


def test_a_list_item_s_mark_is_not_part_of_the_name(tmp_path: Path) -> None:
    pytest.importorskip("lightgbm")
    from scraper.train.textlines import AUTHORS, fit

    model = fit(_pages(tmp_path), AUTHORS, {"fixture": True})
    unseen = _dirty("Council approves budget 9", "* Maria Lopez")  # a dump's list item
    doc = clean_text(unseen, config=CleanConfig(text_authors_model=model))
    assert doc.authors == ("Maria Lopez",)

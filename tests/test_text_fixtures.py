"""Dirty-text fixtures: each input in fixtures/text cleaned against its expected article.

The five seeds live in fixtures/text/seeds/; the others are real article bodies wrapped
in page chrome written for the test (navigation, bylines, ads, widgets, escapes). An
expected file holds the article `text` and metadata, plus `with` snippets that must be
in the output and `without` snippets that must not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cleaners import Document, clean_text
from scraper.bench.scoring import page_scores, score

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "text"
MIN_F1 = 0.97

# Fixtures the current cleaners fail, each reported to the text-path owner.
KNOWN_FAILURES: dict[str, str] = {}


def _cases() -> list[Any]:
    cases = []
    for expected in sorted([*FIXTURES.glob("seeds/*.json"), *FIXTURES.glob("*.json")]):
        name = expected.relative_to(FIXTURES).with_suffix("").as_posix()
        marks = []
        if name in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[name]))
        cases.append(pytest.param(expected, id=name, marks=marks))
    return cases


def _clean(expected_path: Path) -> tuple[Document, dict[str, Any]]:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    raw = expected_path.with_suffix(".txt").read_text(encoding="utf-8")
    return clean_text(raw, source=expected_path.name), expected


def test_fixture_set_is_large_and_varied() -> None:
    own = list(FIXTURES.glob("*.json"))
    languages = {json.loads(p.read_text(encoding="utf-8"))["language"] for p in own}
    assert len(own) >= 12
    assert len(languages) >= 4
    assert len(list(FIXTURES.glob("seeds/*.json"))) == 5


@pytest.mark.parametrize("expected_path", _cases())
def test_fixture(expected_path: Path) -> None:
    doc, expected = _clean(expected_path)
    precision, recall = page_scores(expected["text"], doc.text)
    f1 = score([(expected["text"], doc.text)]).f1
    assert f1 >= MIN_F1, f"F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f})"
    missing = [s for s in expected["with"] if s not in doc.text]
    assert not missing, f"missing from text: {missing}"
    leaked = [s for s in expected["without"] if s in doc.text]
    assert not leaked, f"boilerplate left in text: {leaked}"
    assert doc.title == expected["title"]
    assert list(doc.authors) == expected["authors"]
    assert doc.language == expected["language"]
    if expected["published"] is None:
        assert doc.published is None
    else:
        assert doc.published is not None
        assert doc.published.startswith(expected["published"])
    if expected["site_name"] is not None:
        assert doc.site_name == expected["site_name"]

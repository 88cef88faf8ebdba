"""The page nesting check of clean_html measures what cleaners.fragment measures."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.fragment import nesting_depth as fragment_depth
from cleaners.html.depth import nesting_depth, nests_as_deep_as

_REAL = sorted((Path(__file__).parent.parent / "fixtures" / "html" / "real").glob("*.html.gz"))
_PIECES = st.sampled_from(
    [
        *("<div>", "</div>", "</DIV>", "<Div class='a'>", "<div/>", "<a href=/b/>", "</a>"),
        *("<p>", "</p>", "<li>", "<br/>", "</br>", "<img src=x>", "<span>", "</span>"),
        *("<p-x>", "<b_x>", "<divé>", "<my-el>", "</my-el>", "<<", ">", "x", " (", ")"),
    ]
)


@pytest.mark.parametrize("path", _REAL, ids=lambda path: path.name[:8])
def test_real_pages_measure_the_same(path: Path) -> None:
    markup = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    assert nesting_depth(markup, 1000) == fragment_depth(markup, 1000) > 5


@given(st.lists(_PIECES, max_size=40), st.sampled_from([2, 5, 1000]))
def test_any_markup_measures_the_same(pieces: list[str], limit: int) -> None:
    markup = "".join(pieces)
    assert nesting_depth(markup, limit) == fragment_depth(markup, limit)


def test_deep_nesting_stops_at_the_limit() -> None:
    assert nesting_depth("<div>" * 5000, 1000) == 1000
    assert nesting_depth("<div></div>" * 5000, 1000) == 1
    assert nesting_depth("</div>" * 10 + "<div>" * 3, 1000) == 3


def test_pages_with_few_start_tags_are_not_scanned_yet_deep_ones_are_caught() -> None:
    assert not nests_as_deep_as("<div>" * 999 + "</div>" * 5000, 1000)
    assert nests_as_deep_as("<div>" * 1000, 1000)
    assert not nests_as_deep_as("<div></div>" * 5000, 1000)

"""cleaners.depth measures nesting without parsing, as a simple stack would."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.depth import nesting_depth, nests_as_deep_as

_REAL = sorted((Path(__file__).parent.parent / "fixtures" / "html" / "real").glob("*.html.gz"))
_PIECES = st.sampled_from(
    [
        *("<div>", "</div>", "</DIV>", "<Div class='a'>", "<div/>", "<a href=/b/>", "</a>"),
        *("<p>", "</p>", "<li>", "<br/>", "</br>", "<img src=x>", "<span>", "</span>"),
        *("<p-x>", "<b_x>", "<divé>", "<my-el>", "</my-el>", "<<", ">", "x", " (", ")"),
    ]
)
_SKIP = {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "source"}
_SKIP |= {"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody"}
_SKIP |= {"tfoot", "colgroup", "caption", "rt", "rp", "html", "head", "body"}


def _reference(markup: str, limit: int) -> int:
    """The same measure, written the plain way: a counter over tags, one at a time."""
    depth = deepest = 0
    for tag in re.findall(r"<[^<>]*>", markup):
        match = re.match(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b", tag)
        if not match or match.group(2).lower() in _SKIP:
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        elif not tag.endswith("/>"):
            depth += 1
            deepest = max(deepest, depth)
    return min(deepest, limit)


@pytest.mark.parametrize("path", _REAL, ids=lambda path: path.name[:8])
def test_real_pages_nest_shallowly(path: Path) -> None:
    markup = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    assert 5 < nesting_depth(markup, 1000) == _reference(markup, 1000) < 400


@given(st.lists(_PIECES, max_size=40), st.sampled_from([2, 5, 1000]))
def test_any_markup_measures_as_the_reference(pieces: list[str], limit: int) -> None:
    markup = "".join(pieces)
    assert nesting_depth(markup, limit) == _reference(markup, limit)


def test_deep_nesting_stops_at_the_limit() -> None:
    assert nesting_depth("<div>" * 5000, 1000) == 1000
    assert nesting_depth("<div></div>" * 5000, 1000) == 1
    assert nesting_depth("</div>" * 10 + "<div>" * 3, 1000) == 3


def test_pages_with_few_start_tags_are_not_scanned_yet_deep_ones_are_caught() -> None:
    assert not nests_as_deep_as("<div>" * 999 + "</div>" * 5000, 1000)
    assert nests_as_deep_as("<div>" * 1000, 1000)
    assert not nests_as_deep_as("<div></div>" * 5000, 1000)

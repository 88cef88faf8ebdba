"""cleaners.depth measures nesting without parsing, never much shallower than the parser.

The reference is the parser itself (lexbor, as clean_html uses it): on any markup the
measure may exceed the parsed depth, but must not fall short of it by more than a
few levels, and markup repeated many times must not parse deep while measuring flat
(that is how an attacker would slip quadratic parsing past the check).
"""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from cleaners.depth import _tag_sets, _upper_bound, nesting_depth, nests_as_deep_as

_REAL = sorted((Path(__file__).parent.parent / "fixtures" / "html" / "real").glob("*.html.gz"))
_PIECES = st.sampled_from(
    [
        *("<div>", "</div>", "</DIV>", "<Div class='a'>", "<div/>", "<a href=/b/>", "</a>"),
        *("<p>", "</p>", "<li>", "<br/>", "</br>", "<img src=x>", "<span>", "</span>"),
        *("<p-x>", "<b_x>", "<divé>", "<my-el>", "</my-el>", "<<", ">", "x", " (", ")"),
        *('<div title="<">', "<svg>", "</svg>", "<g/>", "<td/>", "<math>", "<!--", "-->"),
        *("<foreignObject>", "<script>", "</script>", "<b>", "</b>", "<i>", "<table>"),
        *("<td>", '<div x">', "'", '"', "=", "<font>", "</font>", "<title>", "</title>"),
        *("<style>", "</style>", "<textarea>", "<input>", "<b id=1>", "<b id=2>"),
    ]
)


def parsed_depth(markup: str) -> int:
    """How deep the parser nests the counted elements of `markup`."""
    uncounted = _tag_sets()[0]
    deepest, stack = 0, [(LexborHTMLParser(markup).root, 0)]
    while stack:
        node, depth = stack.pop()
        if node is None:
            continue
        tag = node.tag or "-"
        depth += not tag.startswith("-") and tag not in uncounted
        deepest = max(deepest, depth)
        child = node.child
        while child is not None:
            stack.append((child, depth))
            child = child.next
    return deepest


@pytest.mark.parametrize("path", _REAL, ids=lambda path: path.name[:8])
def test_real_pages_measure_as_they_parse(path: Path) -> None:
    markup = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    assert 5 < parsed_depth(markup) <= nesting_depth(markup, 1000) + 3 < 100


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_any_markup_measures_at_least_as_deep_as_it_parses(pieces: list[str]) -> None:
    markup = "".join(pieces)
    assert nesting_depth(markup, 100_000) >= parsed_depth(markup) - 4


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=10))
# found by hypothesis: <title> in <svg> is no raw text; in <math> it is no HTML island;
# a bare <font> stays in <math>
@example(["<svg>", "<title>"])
@example(["<math>", "<title>", "<title>"])
@example(["<math>", "<font>", "</font>"])
def test_repeated_markup_cannot_parse_deep_yet_measure_flat(pieces: list[str]) -> None:
    markup = "".join(pieces) * 200
    assert 3 * nesting_depth(markup, 100_000) + 10 >= parsed_depth(markup)


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=20), st.sampled_from([1, 50]))
def test_the_quick_bound_is_never_below_the_parser(pieces: list[str], repeat: int) -> None:
    markup = "".join(pieces) * repeat
    bound = _upper_bound(markup, 100_000)
    assert bound is None or bound + 10 >= parsed_depth(markup)


@pytest.mark.parametrize(
    "piece",
    ["<div/>", "<div></span>", '<div title="<">', "<x><div></x>", "<svg><td>", "<div x'>"],
)
def test_what_the_old_check_missed_is_deep(piece: str) -> None:
    assert nests_as_deep_as(piece * 2000, 1000)


def test_formatting_reopened_over_and_over_counts_as_too_deep() -> None:
    markup = "<div>" + "".join(f"<b id={i}>" for i in range(500)) + "</div>" + "<p>x</p>" * 4000
    assert nests_as_deep_as(markup, 1000)


def test_deep_nesting_stops_at_the_limit() -> None:
    assert nesting_depth("<div>" * 5000, 1000) == 1000
    assert nesting_depth("<div></div>" * 5000, 1000) == 1
    assert nesting_depth("</div>" * 10 + "<div>" * 3, 1000) == 3


def test_pages_with_few_start_tags_are_not_scanned_yet_deep_ones_are_caught() -> None:
    assert not nests_as_deep_as("<div>" * 999 + "</div>" * 5000, 1000)
    assert nests_as_deep_as("<div>" * 1000, 1000)
    assert not nests_as_deep_as("<div></div>" * 5000, 1000)


@pytest.mark.parametrize(
    "markup",
    [
        "<div/>" * 100_000,
        '<div title="<">' * 100_000,
        "<a " + '"<a x="' * 100_000,
        "<!--" + "<div>" * 100_000,
        "<script>" + "<div>" * 100_000,
        "<div></span>" * 100_000,
    ],
)
def test_the_measure_is_linear(markup: str) -> None:
    started = time.perf_counter()
    nesting_depth(markup, 10**9)
    assert time.perf_counter() - started < 2

"""Property tests with markup and text built from the pieces that used to go quadratic
or crash: quotes and backslashes in scripts, unclosed comments and scripts, runs of
newlines beside CJK, self-closing and stray tags, `<` in attributes, odd charsets,
surrogates. Whatever the mix, the cleaners return a document or raise a
`ScraperError`, and fast.
"""

from __future__ import annotations

import contextlib
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import CleanConfig, ScraperError, clean_html, clean_text

PIECES = [
    *('"', "\\", '\\"', "<script>", "</script>", "<style>", "<!--", "-->", "<!-->"),
    *("<div/>", "</span>", '<div title="<">', "<p>", "</p>", "<b>", "</div>", "<svg><g/>"),
    *("\n", "\n" * 50, "中", "。", "  ", "\t", "&amp;", "&amp;lt;", "\\u003cp\\u003e"),
    *("<meta charset=hex>", "<meta charset=rot13>", "\ud800", "\udc00", "\x00", "é"),
    *('<script type="application/ld+json">', "[[[[", "]]]]", '{"headline": "x"}'),
    "The council met on Tuesday to talk about the budget for the coming year. ",
]
WORDS = st.sampled_from(PIECES)
CONFIG = CleanConfig(timeout=5)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _markup(parts: list[str], repeat: int) -> str:
    return "".join(parts) * repeat


def _ends_well(function: object, data: str | bytes) -> float:
    started = time.perf_counter()
    with contextlib.suppress(ScraperError):
        function(data, config=CONFIG)  # type: ignore[operator]
    return time.perf_counter() - started


@SETTINGS
@given(st.lists(WORDS, min_size=1, max_size=12), st.integers(1, 400))
def test_any_hostile_text_is_a_document_or_a_typed_error(parts: list[str], repeat: int) -> None:
    assert _ends_well(clean_text, _markup(parts, repeat)) < 5


@settings(SETTINGS, max_examples=20)
@given(st.lists(WORDS, min_size=1, max_size=12), st.integers(1, 400))
def test_any_hostile_page_is_a_document_or_a_typed_error(parts: list[str], repeat: int) -> None:
    page = _markup(parts, repeat)
    assert _ends_well(clean_html, page) < 5
    assert _ends_well(clean_html, page.encode("utf-8", "surrogatepass")) < 5

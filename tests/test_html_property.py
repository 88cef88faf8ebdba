"""clean_html raises nothing but the toolkit's own errors, whatever the bytes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import ScraperError, clean_html

_TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='share'>",
        "</div>",
        "<script>",
        "</script>",
        "<article>",
        "<meta charset='gbk'>",
        '<script type="application/ld+json">{"headline":',
        "\\u003cp\\u003e",
        "<!--",
        "-->",
        "&amp;",
        "&#xD800;",
        "中文",
        "Ã©",
        "\x00",
    ]
)
_HTMLISH = st.lists(st.one_of(_TAGS, st.text(max_size=40)), max_size=40).map("".join)


def _clean(data: bytes | str) -> None:
    try:
        document = clean_html(data)
    except ScraperError:
        return
    assert isinstance(document.text, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes(data: bytes) -> None:
    _clean(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HTMLISH)
def test_html_like_text_as_bytes_and_str(html: str) -> None:
    _clean(html)
    _clean(html.encode("utf-8", errors="surrogatepass"))

"""Inputs built to hurt: deep nesting, huge lines, floods of escapes. No hang, no crash."""

from __future__ import annotations

import pytest

from cleaners import CleanConfig, InputError, InputTooLarge, Rejected, clean_html, clean_text
from cleaners.depth import nesting_depth
from cleaners.fragment import fragment_blocks


@pytest.mark.timeout(20)
def test_deeply_nested_markup_is_split_not_parsed() -> None:
    text = "<div>" * 50_000 + "The only sentence in here." + "</div>" * 50_000
    assert nesting_depth(text, 512) == 512
    assert clean_text(text).text == "The only sentence in here."


def test_ordinary_nesting_is_parsed_with_structure() -> None:
    markup = (
        "<div><div><h2>Heading</h2><p>First <b>bold</b> paragraph.</p>"
        "<ul><li>item</li></ul></div></div>"
    )
    assert nesting_depth(markup, 512) == 3  # div > div > b (p and li close themselves)
    blocks = fragment_blocks(markup)
    assert [(b.tag, b.text) for b in blocks] == [
        ("h", "Heading"),
        ("p", "First bold paragraph."),
        ("li", "item"),
    ]


@pytest.mark.timeout(20)
def test_floods_do_not_crash() -> None:
    with pytest.raises(Rejected):  # nothing but markup: no article
        clean_text(r"\u003cp\u003e" * 100_000)
    with pytest.raises(Rejected):
        clean_text("&amp;" * 100_000)
    one_line = "word " * 200_000
    assert clean_text(one_line).word_count == 200_000


def test_input_over_the_limit_is_a_typed_error() -> None:
    with pytest.raises(InputTooLarge):
        clean_text("x" * 101, config=CleanConfig(max_bytes=100))


def test_html_nested_past_any_real_page_is_refused_quickly() -> None:
    page = "<html><body>" + "<div>" * 50_000 + "text" + "</div>" * 50_000 + "</body></html>"
    with pytest.raises(InputError, match="nests deeper"):
        clean_html(page)

"""Choosing between the DOM article and structured data (script blobs, JSON-LD)."""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser

from cleaners import clean_html
from cleaners.draft import Block
from cleaners.html.choose import choose_blocks
from cleaners.html.structured import html_blobs

_PARAGRAPHS = [
    f"Paragraph {i} of the report on the river survey explains what the team measured "
    f"at station {i} and why the readings matter for the town's water supply."
    for i in range(6)
]
_TRANSCRIPT = [f"Transcript line {i}: breathe in, hold it, breathe out now." for i in range(30)]


def _page(dom_paragraphs: list[str], aside: list[str], blob: list[str]) -> str:
    article = "".join(f"<p>{text}</p>" for text in dom_paragraphs)
    side = "".join(f"<p>{text}</p>" for text in aside)
    state = json.dumps({"body": "".join(f"<p>{text}</p>" for text in blob)})
    return (
        "<html><body><main><article><h1>River survey results</h1>"
        f"{article}<aside class='video-transcript'>{side}</aside></article></main>"
        f"<script>window.__INITIAL_STATE__ = {state};</script></body></html>"
    )


def test_a_blob_adding_text_the_page_shows_but_extraction_dropped_is_not_taken() -> None:
    """The content model left the transcript out: a blob holding it does not put it back."""
    page = _page(_PARAGRAPHS, _TRANSCRIPT, _PARAGRAPHS[:3] + _TRANSCRIPT + _PARAGRAPHS[3:])
    tree = LexborHTMLParser(page)
    dom = tuple(Block(text) for text in _PARAGRAPHS)
    page_text = " ".join(_PARAGRAPHS + _TRANSCRIPT)
    chosen = choose_blocks(dom, None, html_blobs(tree), tree, page_text)
    assert [block.text for block in chosen] == _PARAGRAPHS
    # and a blob adding text the page does not show is taken
    shown = " ".join(_PARAGRAPHS)
    chosen = choose_blocks(dom, None, html_blobs(tree), tree, shown)
    assert any("Transcript line" in block.text for block in chosen)


def test_a_blob_holding_the_rest_of_a_teaser_article_is_taken() -> None:
    page = _page(_PARAGRAPHS[:2], [], _PARAGRAPHS)
    text = clean_html(page).text
    assert all(paragraph in text for paragraph in _PARAGRAPHS)


def test_script_blobs_are_the_long_strings_with_paragraphs_up_to_an_unclosed_quote() -> None:
    body = "".join(f"<p>{text}</p>" for text in _PARAGRAPHS)
    escaped = json.dumps(body).replace("<", "\\u003C")  # "<" as some sites escape it
    short = json.dumps("<p>a</p><p>b</p><p>c</p>")  # paragraphs, but under 400 characters
    quoted = json.dumps('He said "stop". ' + body)  # escaped quotes inside the string
    code = f'var a = {short}, b = {escaped}, c = {quoted}, d = "unclosed {body}'
    tree = LexborHTMLParser(f"<html><body><p>x</p><script>{code}</script></body></html>")
    assert html_blobs(tree) == sorted([json.loads(quoted), body], key=len, reverse=True)

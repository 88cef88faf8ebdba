"""The page as blocks: boundaries, inline text, links, context, element totals."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners.html.content import read_page
from cleaners.html.domblocks import IN_LIST, IN_NAV, NAMED_LINKS, page_blocks
from cleaners.html.structured import LinkedData


def _blocks(body: str) -> list[tuple[str, str]]:
    page = page_blocks(LexborHTMLParser(f"<html><body>{body}</body></html>").body)
    return [(page.elements[b.owner].tag, b.text) for b in page.blocks]


def test_inline_elements_join_their_block_and_blocks_split() -> None:
    html = "<div>Loose <b>bold</b> text<p>A <a href=x>link</a> here.</p>Tail.</div>"
    assert _blocks(html) == [("div", "Loose bold text"), ("p", "A link here."), ("div", "Tail.")]


def test_line_breaks_keep_words_apart_and_blank_lines_go() -> None:
    assert _blocks("<p>First line<br>second line<br><br> </p>") == [
        ("p", "First line\nsecond line")
    ]


def test_link_text_and_context_are_recorded() -> None:
    body = "<nav><ul><li><a href=/>Home</a></li></ul></nav><div class='share-bar'>Share</div>"
    page = page_blocks(LexborHTMLParser(f"<html><body>{body}</body></html>").body)
    home, share = page.blocks
    assert home.link_chars == len("Home")
    assert home.context & IN_NAV and home.context & IN_LIST
    assert share.context & NAMED_LINKS and not share.context & IN_NAV


def test_element_totals_add_up_the_subtree() -> None:
    body = "<article><p>One two.</p><p>Three <a href=x>four</a>.</p></article>"
    page = page_blocks(LexborHTMLParser(f"<html><body>{body}</body></html>").body)
    article = next(e for e in page.elements if e.tag == "article")
    assert article.chars == len("One two.") + len("Three four.")
    assert article.link_chars == len("four")
    assert article.blocks == 2
    assert article.end == len(page.elements)


def test_markup_inside_noscript_is_read_as_the_page() -> None:
    html = (
        "<html><body><noscript><p>Enable scripts</p><article><p>The post text.</p>"
        "</article></noscript><script>var x = 1;</script></body></html>"
    )
    page, features, _facts = read_page(LexborHTMLParser(html), LinkedData())
    assert [b.text for b in page.blocks] == ["Enable scripts", "The post text."]
    assert features.shape[0] == 2


def test_declared_types_survive_broken_json_ld() -> None:
    from cleaners.html.content import page_facts

    scripts = (
        '<script type="application/ld+json">{"@type": ["News\\", {"a": 1}]}</script>'
        '<script type="application/ld+json">{"@type": [{"x": 1}, 3, "Article"]}</script>'
        '<script type="application/ld+json">{"@type": "Product"}</script>'
    )
    tree = LexborHTMLParser(f"<html><head>{scripts}</head><body><p>x</p></body></html>")
    assert page_facts(tree, LinkedData()).declared == frozenset({"article", "product"})


def test_a_url_that_does_not_parse_is_no_crash() -> None:
    from cleaners import clean_html, clean_text

    prose = "The council met on Tuesday and approved the budget for the schools. " * 5
    page = f"<html><body><article><p>{prose}</p></article></body></html>"
    for url in ("http://[::1", "http://[zz]/a/b", "https://ex ample.org/%%"):
        assert clean_html(page, url=url).url == url
        assert clean_text(prose, url=url).url == url

"""Main-content blocks: trafilatura's XML turned into blocks, and the precision rescue."""

from __future__ import annotations

from lxml import etree

from cleaners import clean_html
from cleaners.html.blocks import from_xml
from cleaners.html.extract import main_content

_SENTENCE = "The council approved the new budget after a long debate on Tuesday evening. "


def test_line_breaks_keep_words_apart() -> None:
    body = etree.fromstring("<body><p>First line<lb/>http://example.org/x second line</p></body>")
    (block,) = from_xml(body)
    assert block.text == "First line\nhttp://example.org/x second line"


def test_text_loose_between_blocks_is_a_paragraph() -> None:
    body = etree.fromstring(
        "<body><div><head>Title</head>Loose lead text <hi>with emphasis</hi>."
        "<p>A paragraph.</p>Tail after it.</div></body>"
    )
    texts = [(block.tag, block.text) for block in from_xml(body)]
    assert texts == [
        ("h", "Title"),
        ("p", "Loose lead text with emphasis."),
        ("p", "A paragraph."),
        ("p", "Tail after it."),
    ]


def test_link_density_of_loose_text_counts_its_links() -> None:
    body = etree.fromstring("<body><div><ref>all a link</ref><p>x</p></div></body>")
    assert from_xml(body)[0].link_density == 1.0


def test_article_in_a_wrapper_precision_mode_drops_is_rescued() -> None:
    paragraphs = "".join(f"<p>{_SENTENCE * 3}{i}</p>" for i in range(8))
    html = f'<html><body><div class="paywall">{paragraphs}</div></body></html>'
    size = len(_SENTENCE) * 24
    blocks = main_content(html, paragraph_chars=size, page_chars=size)
    assert sum(len(block.text) for block in blocks) > len(_SENTENCE) * 20


def test_a_quick_result_holding_most_of_the_page_is_taken() -> None:
    paragraphs = "".join(f"<p>{_SENTENCE * 3}{i}</p>" for i in range(8))
    menu = "<ul>" + "".join(f'<li><a href="/{i}">Section {i}</a></li>' for i in range(6)) + "</ul>"
    html = f"<html><body>{menu}<article>{paragraphs}</article></body></html>"
    size = len(_SENTENCE) * 24
    blocks = main_content(html, paragraph_chars=size, page_chars=size + 60)
    assert [block.text[-1] for block in blocks] == [str(i) for i in range(8)]


def test_clean_html_keeps_text_written_straight_into_the_article_div() -> None:
    loose = _SENTENCE * 4
    paragraphs = "".join(f"<p>{_SENTENCE * 2}{i}</p>" for i in range(5))
    article = f"<article><div><h1>Budget</h1>{loose}{paragraphs}</div></article>"
    page = f"<html><body>{article}</body></html>"
    assert loose.strip() in clean_html(page).text


def test_a_table_row_is_one_block_of_its_cells() -> None:
    body = etree.fromstring(
        "<body><table><row><cell><p>Pos.</p></cell><cell>Driver</cell><cell>Points</cell></row>"
        "<row><cell>1</cell><cell><ref>Ana Lima</ref></cell><cell>5040</cell></row></table></body>"
    )
    blocks = from_xml(body)
    assert [(block.text, block.tag) for block in blocks] == [
        ("Pos. Driver Points", "td"),
        ("1 Ana Lima 5040", "td"),
    ]
    assert blocks[1].link_density == len("Ana Lima") / len("1 Ana Lima 5040")

"""Pruning: lists that are all links go, the article's own lists stay."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners.html.prune import prune

_SENTENCE = "The council approved the new budget after a long debate on Tuesday evening. "


def _list(prefix: str, count: int = 4) -> str:
    items = "".join(f'<li><a href="/{prefix}{i}">{prefix} story {i}</a></li>' for i in range(count))
    return f"<ul>{items}</ul>"


def test_a_list_of_links_outside_the_article_is_pruned() -> None:
    paragraphs = "".join(f"<p>{_SENTENCE * 2}</p>" for _ in range(5))
    page = f"<html><body><div>{_list('More')}</div><div>{paragraphs}</div></body></html>"
    tree = LexborHTMLParser(page)
    prune(tree)
    text = tree.body.text() if tree.body else ""
    assert "More story" not in text
    assert _SENTENCE.strip() in text


def test_the_articles_own_list_of_links_stays() -> None:
    paragraphs = "".join(f"<p>{_SENTENCE * 2}</p>" for _ in range(5))
    page = f"<html><body><div>{paragraphs}{_list('Source')}</div></body></html>"
    tree = LexborHTMLParser(page)
    prune(tree)
    assert "Source story 3" in (tree.body.text() if tree.body else "")


def test_elements_without_text_are_removed_but_line_breaks_cells_and_spaces_stay() -> None:
    page = (
        '<html><body><div class="slot"><div><span></span></div></div>'
        '<section id="spacer">\n  <div> </div>\n</section>'
        f"<p>{_SENTENCE}<br>Second line</p><i> </i>"
        "<table><tr><td></td><td>42</td></tr></table></body></html>"
    )
    tree = LexborHTMLParser(page)
    prune(tree)
    markup = tree.body.html if tree.body else ""
    assert "slot" not in markup
    assert "spacer" not in markup  # white space alone in a block is no text
    assert "<br>" in markup
    assert "<i> </i>" in markup  # a space between words is text
    assert "<td></td><td>42</td>" in markup


def test_names_on_inline_elements_are_not_furniture_but_hidden_ones_go() -> None:
    page = (
        f'<html><body><p>{_SENTENCE}<a class="share-link" href="/x">Shared savings</a> '
        'plan.<span style="display:none">Hidden teaser</span></p></body></html>'
    )
    tree = LexborHTMLParser(page)
    prune(tree)
    text = tree.body.text() if tree.body else ""
    assert "Shared savings plan." in text
    assert "Hidden teaser" not in text

"""Document.blocks: the structure clean_html reads from the DOM, and its renderers."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cleaners import Document, clean_html
from cleaners.structure import (
    Caption,
    Code,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Table,
    block_from_dict,
    plain_parts,
)

PROSE = (
    "The committee met on Tuesday to discuss the new budget for the coming year, and "
    "several members raised questions about the cost of the proposed programmes."
)

PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Budget talks</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article>
<h1>Budget talks</h1>
<p>{PROSE}</p>
<h2>What was decided</h2>
<p>{PROSE}</p>
<ol><li>Raise the school budget by a tenth of what it was last year.</li>
<li>Freeze the road budget until the audit of last year's works is done.
  <ul><li>Except urgent repairs of bridges and tunnels.</li>
      <li>Except works already under contract with a builder.</li></ul></li>
<li>Hold a public hearing before the vote in the council next month.</li></ol>
<h3>The figures</h3>
<table><thead><tr><th>Item</th><th>Last year</th><th>This year</th></tr></thead>
<tbody><tr><td>Schools</td><td>1,200</td><td>1,320</td></tr>
<tr><td>Roads | bridges</td><td>800</td><td>800</td></tr></tbody></table>
<p>{PROSE}</p>
<pre><code class="language-python">def total(items):
    return sum(item.cost for item in items)
</code></pre>
<blockquote><p>We will not spend money we do not have, said the mayor to the press.</p></blockquote>
<p>{PROSE}</p>
</article>
<footer><p>Copyright 2026 The Town Paper. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def page_doc() -> Document:
    return clean_html(PAGE, url="https://example.org/budget")


def test_clean_html_reads_headings_lists_tables_code(page_doc: Document) -> None:
    kinds = [block.kind for block in page_doc.blocks]
    assert "heading" in kinds and "list" in kinds and "table" in kinds and "code" in kinds
    headings = [b for b in page_doc.blocks if isinstance(b, Heading)]
    assert (headings[0].text, headings[0].level) == ("What was decided", 2)
    assert (headings[1].text, headings[1].level) == ("The figures", 3)
    (listing,) = [b for b in page_doc.blocks if isinstance(b, ListBlock)]
    assert [(i.depth, i.ordered) for i in listing.items] == [
        (0, True),
        (0, True),
        (1, False),
        (1, False),
        (0, True),
    ]
    (table,) = [b for b in page_doc.blocks if isinstance(b, Table)]
    assert table.header
    assert table.rows[0] == ("Item", "Last year", "This year")
    assert table.rows[2] == ("Roads | bridges", "800", "800")
    (code,) = [b for b in page_doc.blocks if isinstance(b, Code)]
    assert code.language == "python"
    assert code.text == "def total(items):\n    return sum(item.cost for item in items)"


def test_text_is_the_plain_view_of_the_blocks(page_doc: Document) -> None:
    parts = [part for block in page_doc.blocks for part in plain_parts(block)]
    assert _words("\n\n".join(parts)) == _words(page_doc.text)


def test_markdown_of_the_page(page_doc: Document) -> None:
    markdown = page_doc.to_markdown()
    assert "## What was decided" in markdown
    assert "### The figures" in markdown
    assert "1. Raise the school budget" in markdown
    assert "\n   - Except urgent repairs" in markdown  # nested under "2. "
    assert "| Item | Last year | This year |\n| --- | --- | --- |" in markdown
    assert "| Roads \\| bridges | 800 | 800 |" in markdown
    assert "```python\ndef total(items):\n    return sum(" in markdown
    assert "> We will not spend money" in markdown


def test_html_of_the_page(page_doc: Document) -> None:
    html = page_doc.to_html()
    assert html.startswith("<!DOCTYPE html>")
    assert '<article lang="en">' in html
    assert "<ol><li>Raise" in html and "<ul><li>Except urgent" in html
    assert "<thead><tr><th>Item</th>" in html
    assert "<pre><code>def total(items):\n    return" in html
    attributes = set(re.findall(r"<\w+\s+([\w-]+)=", html))
    assert attributes <= {"lang", "href", "charset"}


def test_blocks_in_to_dict_round_trip(page_doc: Document) -> None:
    data = page_doc.to_dict()
    assert data["blocks"][0]["kind"] in {"paragraph", "heading"}
    again = Document.from_dict(data)
    assert again.blocks == page_doc.blocks
    assert again.text == page_doc.text
    assert tuple(block_from_dict(b.to_dict()) for b in page_doc.blocks) == page_doc.blocks


def test_layout_table_is_not_a_data_table() -> None:
    cells = "".join(f"<p>{PROSE}</p>" for _ in range(4))
    cell = f"<td><h2>News of the day</h2>{cells}</td>"
    page = f"<html><body><table><tr>{cell}</tr></table></body></html>"
    doc = clean_html(page)
    assert not [b for b in doc.blocks if isinstance(b, Table)]
    assert sum(isinstance(b, Paragraph) for b in doc.blocks) == 4


# ---- Markdown stays valid: what text holds reads back as the same text

_MD = MarkdownIt("commonmark").enable("table")
_NASTY = (
    st.text(
        alphabet=st.sampled_from(list("ab |`*_#>-+1.[]()<>\\&;~!=xé")),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: bool(s.strip()))
)


def _inline_texts(markdown: str) -> list[str]:
    """The text content of each inline run, as a Markdown reader sees it."""
    out = []
    for token in _MD.parse(markdown):
        if token.type == "inline":
            out.append("".join(child.content for child in token.children or ()))
        elif token.type in ("fence", "code_block"):
            out.append(token.content)
    return out


@given(_NASTY)
@example("##")  # a run of '#' alone is an empty heading unless escaped
def test_markdown_escapes_paragraph_text(text: str) -> None:
    doc = Document(text=text, blocks=(Paragraph(text),))
    assert _inline_texts(doc.to_markdown()) == [text]


@given(_NASTY, _NASTY)
def test_markdown_escapes_table_cells_and_headings(a: str, b: str) -> None:
    doc = Document(
        text=f"{a}\n\n{a}\n\n{b}",
        blocks=(Heading(a, 2), Table(((a, b), (b, a)), header=True)),
    )
    assert _inline_texts(doc.to_markdown()) == [a, a, b, b, a]


@given(st.text(alphabet=st.sampled_from(list("ab`~ \n|*")), min_size=1, max_size=60))
def test_code_fence_holds_any_backticks(code: str) -> None:
    block = Code("\n".join(line.rstrip() for line in code.split("\n")).strip("\n"))
    if not block.text:
        return
    doc = Document(text=block.text, blocks=(block,))
    assert _inline_texts(doc.to_markdown()) == [block.text + "\n"]


def test_markdown_lists_quotes_captions_read_back() -> None:
    items = (ListItem("*one*", 0, True), ListItem("1. two", 1, False), ListItem("three", 0, True))
    doc = Document(
        text="x",
        blocks=(ListBlock(items), Quote("a | b\n\n`c`"), Caption("_fig_ 1")),
    )
    tokens = _MD.parse(doc.to_markdown())
    assert [t.type for t in tokens if t.type.endswith("list_open")] == [
        "ordered_list_open",
        "bullet_list_open",
    ]
    assert _inline_texts(doc.to_markdown()) == [
        "*one*",
        "1. two",
        "three",
        "a | b",
        "`c`",
        "_fig_ 1",
    ]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_code_lines_broken_by_br_stay_lines() -> None:
    page = (
        f"<html><body><article><p>{PROSE}</p><pre>make build<br>make test<br>"
        f"  make install</pre><p>{PROSE}</p></article></body></html>"
    )
    (code,) = [b for b in clean_html(page).blocks if isinstance(b, Code)]
    assert code.text == "make build\nmake test\n  make install"

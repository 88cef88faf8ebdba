"""clean_text reads the structure plain text shows: lists, headings, tables, code."""

from __future__ import annotations

from pathlib import Path

from cleaners import clean_text
from cleaners.draft import Block
from cleaners.structure import Code, Heading, ListBlock, Table
from cleaners.textshape import shape_lines

FIXTURE = Path(__file__).parent.parent / "fixtures" / "structure" / "en_budget_plain.txt"


def test_plain_text_structure_to_markdown() -> None:
    doc = clean_text(FIXTURE.read_text(encoding="utf-8"))
    markdown = doc.to_markdown()
    assert "## What was decided" in markdown
    assert (
        "1. Raise the school budget by a tenth.\n"
        "2. Freeze the road budget until the audit is done.\n"
        "   - Except urgent repairs of bridges.\n"
        "   - Except works already under contract.\n"
        "3. Hold a public hearing before the vote."
    ) in markdown
    assert "| Item | Last year | This year |\n| --- | --- | --- |\n| Schools | 1,200 | 1,320 |" in (
        markdown
    )
    assert "```python\ndef total(items):\n    return sum(item.cost for item in items)\n```" in (
        markdown
    )
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert table.header and table.rows[2] == ("Roads", "800", "800")


def test_text_keeps_its_markers() -> None:
    """Shapes only: the text of the document is what it was (markers included)."""
    doc = clean_text(FIXTURE.read_text(encoding="utf-8"))
    assert "1. Raise the school budget" in doc.text
    assert "| Schools | 1,200 | 1,320 |" in doc.text


def _shapes(*lines: str, indents: tuple[int, ...] = ()) -> list[str]:
    blocks = [Block(line, indent=indents[i] if indents else 0) for i, line in enumerate(lines)]
    return [b.shape.kind if b.shape else "-" for b in shape_lines(blocks)]


def test_bullets_numbers_and_numbered_headings() -> None:
    assert _shapes("• one", "• two", "Plain text follows here.") == ["item", "item", "-"]
    long = "A paragraph that is a good deal longer than the heading above it, as they are."
    assert _shapes("2. Methods", long) == ["heading", "-"]
    assert _shapes("2.1 Sampling the wells", long) == ["heading", "-"]
    assert _shapes("1. Mix the flour.", "2. Add the eggs.") == ["item", "item"]


def test_aligned_table_and_indented_code() -> None:
    assert _shapes("Name    Age   City", "Ana     31    Porto", "Jan     45    Gdańsk") == [
        "row",
        "row",
        "row",
    ]
    kinds = _shapes("Run this:", "x = compute(1)", "print(x)", "Done.", indents=(0, 4, 4, 0))
    assert kinds == ["-", "code", "code", "-"]


def test_setext_and_atx_headings() -> None:
    doc = clean_text(
        "Intro line of the article that says what it is about, at some length here.\n\n"
        "## Second part\n\n"
        "The second part of the article goes on for a while, as articles do, with words.\n\n"
        "Third part\n==========\n\n"
        "And the third part ends the article, with a last sentence of some length too.\n"
    )
    headings = [(b.text, b.level) for b in doc.blocks if isinstance(b, Heading)]
    assert headings == [("Second part", 2), ("Third part", 1)]
    assert not [b for b in doc.blocks if isinstance(b, ListBlock | Code)]


def test_unmarked_subheading_between_paragraphs() -> None:
    long = "The search went on for a week, with dogs, divers and helicopters, by day and night."
    long = f"{long} {long}"
    kinds = _shapes(long, "Anzeige", "Five investigators remain", long, "» Related story here")
    assert kinds == ["-", "-", "heading", "-", "-"]
    assert _shapes(long, "and then, later,", long) == ["-", "-", "-"]


def test_fences_pair_in_order_and_a_last_one_alone_opens_nothing() -> None:
    lines = ("```sh", "make all", "```", "Between the two blocks.", "~~~", "x = 1", "~~~", "```")
    assert _shapes(*lines) == ["rule", "code", "rule", "-", "rule", "code", "rule", "-"]
    blocks = shape_lines([Block(line) for line in lines])
    assert blocks[1].shape is not None and blocks[1].shape.language == "sh"
    assert blocks[5].shape is not None and blocks[5].shape.language is None

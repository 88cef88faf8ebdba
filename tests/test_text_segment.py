"""Segmentation: plain lines and HTML fragments become blocks."""

from __future__ import annotations

from cleaners.draft import Block
from cleaners.segment import segment


def test_plain_lines_become_blocks_with_indent() -> None:
    blocks = segment("Title\n   indented body line.\n\n\n      deeper\n")
    assert blocks == (
        Block("Title"),
        Block("indented body line.", indent=3),
        Block("deeper", indent=6),
    )


def test_blank_and_whitespace_lines_skipped() -> None:
    assert segment("\n   \n\t\n") == ()
    assert segment("") == ()


def test_fragment_gives_roles() -> None:
    blocks = segment(
        "<h2>Head</h2><p>Para one.</p><ul><li>one</li><li>two</li></ul>"
        "<blockquote>Quoted.</blockquote><p>Para <b>two</b><br>after break</p>"
    )
    assert [(b.tag, b.text) for b in blocks] == [
        ("h", "Head"),
        ("p", "Para one."),
        ("li", "one"),
        ("li", "two"),
        ("quote", "Quoted."),
        ("p", "Para two"),
        ("p", "after break"),
    ]


def test_style_and_script_dropped() -> None:
    blocks = segment(
        "<style>.a{color:red}</style><p>Kept.</p><script>var x = 1;</script><p>Also kept.</p>"
    )
    assert [b.text for b in blocks] == ["Kept.", "Also kept."]


def test_plain_lines_around_markup_are_kept_in_order() -> None:
    blocks = segment("plain line before\n<p>para</p><p>para2</p>\nplain & after")
    assert [b.text for b in blocks] == ["plain line before", "para", "para2", "plain & after"]


def test_one_tag_is_not_markup() -> None:
    blocks = segment("Use the <b> tag sparingly.\nSecond line")
    assert [b.text for b in blocks] == ["Use the <b> tag sparingly.", "Second line"]

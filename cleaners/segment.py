"""Segmentation: unescaped text becomes blocks (lines, or an HTML fragment's structure).

Plain lines become one block each, keeping their indentation as a feature. When the
text carries markup, lines holding tags are parsed as HTML and plain lines around
them are kept as they are, so a page dump with an embedded fragment keeps both.
"""

from __future__ import annotations

import html
import re

from cleaners.characters import LIST_ITEM
from cleaners.draft import Block
from cleaners.fragment import count_tags, fragment_blocks

_MIN_TAGS = 2
_LETTER = re.compile(r"[^\W\d_]")
_LINK_MARKER = re.compile(r"\[\d{1,4}\]")
_MIN_MARKERS = 5
# Hard-wrapped text: most lines end within this many characters of the wrap width.
_WRAP_SLACK = 20
_MIN_WRAPPED = 8


def segment(text: str) -> tuple[Block, ...]:
    if count_tags(text) < _MIN_TAGS:
        return tuple(_line_blocks(_strip_link_markers(text)))
    return tuple(_mixed_blocks(text))


def _strip_link_markers(text: str) -> str:
    """Text browsers number links ("[12]Home"); many such markers are noise, not text."""
    if len(_LINK_MARKER.findall(text, 0, 20_000)) < _MIN_MARKERS:
        return text
    return _LINK_MARKER.sub("", text)


def _line_blocks(text: str) -> list[Block]:
    lines = text.splitlines()
    width = _wrap_width(lines)
    paragraphs: list[tuple[list[str], int]] = []  # the lines of each block, its indent
    previous = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            previous = ""
            continue
        indent = len(line) - len(line.lstrip())
        last = paragraphs[-1] if paragraphs else None
        if width and last and previous and _continues(previous, stripped, indent, last, width):
            last[0].append(stripped)  # joined once at the end: linear in the text
        else:
            paragraphs.append(([stripped], indent))
        previous = line.rstrip()
    return [Block(" ".join(parts), indent=indent) for parts, indent in paragraphs]


def _wrap_width(lines: list[str]) -> int:
    """The width text was hard-wrapped at (mail, text browsers), or 0 if it was not."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < _MIN_WRAPPED:
        return 0
    width = lengths[int(len(lengths) * 0.9)]
    full = sum(1 for n in lengths if width - _WRAP_SLACK <= n <= width)
    return width if 40 <= width <= 100 and full * 3 >= len(lengths) else 0


def _continues(
    previous: str, line: str, indent: int, last: tuple[list[str], int], width: int
) -> bool:
    """Whether `line` goes on with the paragraph a full wrapped line left off."""
    if len(previous) < width - _WRAP_SLACK or indent != last[1]:
        return False
    has_letters = _LETTER.search(line) and _LETTER.search(previous)
    return bool(has_letters) and not LIST_ITEM.match(line)


def _mixed_blocks(text: str) -> list[Block]:
    """Plain lines wrapped as paragraphs, markup lines left raw, parsed as one fragment."""
    parts = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if count_tags(stripped):
            parts.append(stripped)
        else:
            parts.append(f"<p>{html.escape(stripped, quote=False)}</p>")
    return fragment_blocks("\n".join(parts))

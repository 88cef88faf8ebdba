"""Segmentation: unescaped text becomes blocks (lines, or an HTML fragment's structure).

Plain lines become one block each, keeping their indentation as a feature. When the
text carries markup, lines holding tags are parsed as HTML and plain lines around
them are kept as they are, so a page dump with an embedded fragment keeps both.
"""

from __future__ import annotations

import html

from cleaners.draft import Block
from cleaners.fragment import count_tags, fragment_blocks

_MIN_TAGS = 2


def segment(text: str) -> tuple[Block, ...]:
    if count_tags(text) < _MIN_TAGS:
        return tuple(_line_blocks(text))
    return tuple(_mixed_blocks(text))


def _line_blocks(text: str) -> list[Block]:
    blocks = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            indent = len(line) - len(line.lstrip())
            blocks.append(Block(stripped, indent=indent))
    return blocks


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

"""Segmentation: unescaped text becomes blocks (lines, or an HTML fragment's structure)."""

from __future__ import annotations

from cleaners.draft import Block


def segment(text: str) -> tuple[Block, ...]:
    blocks = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            blocks.append(Block(stripped, indent=len(line) - len(line.lstrip())))
    return tuple(blocks)

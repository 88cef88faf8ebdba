"""Unescaping: JSON/JS string escapes, HTML entities, mojibake, control characters."""

from __future__ import annotations

import html


def unescape(text: str) -> str:
    return html.unescape(text)

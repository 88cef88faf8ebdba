"""Character rules the text steps share, each stated once.

CONTROL                 characters no clean text keeps: C0 and C1 controls (but tab
                        and newlines), zero-width space, non-joiner and joiner, word
                        joiner, byte-order mark (the normalizer, last)
DUMP_CONTROL            what a text dump loses before it is split into lines: CONTROL
                        but the C1 controls (line splitting reads U+0085 as a line end)
                        and the joiner, plus the direction marks, debris in a dump (a
                        page's own are kept: they place its words)
LIST_ITEM               a line that starts a list item: a bullet or "1." / "1)" and a space
LEADING_MARKER          any marker a line may start with before its words: bullets,
                        quote and separator signs, "1." / "1)" / "1、" (taken off
                        before a line is matched against the lexicons)
"""

from __future__ import annotations

import re

_C0 = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f"
CONTROL = re.compile(f"[{_C0}\\x80-\\x9f\\u200b-\\u200d\\u2060\\ufeff]")
DUMP_CONTROL = re.compile(f"[{_C0}\\u200b\\u200c\\u200e\\u200f\\u2060\\ufeff]")

_BULLETS = "*•·●○◦▪▫■□►▶»›+\\-–—"
LIST_ITEM = re.compile(f"^(?:[{_BULLETS}o]\\s|\\d{{1,2}}[.)]\\s)")
LEADING_MARKER = re.compile(f"^(?:[{_BULLETS}>|]|\\d{{1,2}}[.)、])\\s+")

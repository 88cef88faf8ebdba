"""How deep elements nest in markup, found without parsing it.

HTML parsers take quadratic time on pathological nesting (50,000 open `<div>`s
take seconds), so a page (clean_html) or a fragment (clean_text) is measured before
it is parsed. Elements of `data/uncounted_tags.txt` (void elements, those whose end
tag HTML makes optional) and self-closing tags are not counted, and a stray end tag
never takes the depth below 0.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cleaners.datafiles import data_lines

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*)>")


def nests_as_deep_as(markup: str, limit: int) -> bool:
    """True when elements in `markup` nest `limit` deep or deeper.

    A page with fewer start tags than `limit` cannot, and counting them is cheap:
    each starts with a "<" that is not one of an end tag's "</".
    """
    if markup.count("<") - markup.count("</") < limit:
        return False
    return nesting_depth(markup, limit) >= limit


@lru_cache(maxsize=1)
def _uncounted() -> frozenset[str]:
    return frozenset(line.lower() for line in data_lines("uncounted_tags.txt"))


def nesting_depth(markup: str, limit: int) -> int:
    """How deep elements nest in `markup`, at most `limit`."""
    uncounted = _uncounted()
    depth = deepest = 0
    for closing, name, rest in _TAG.findall(markup):
        if name.lower() in uncounted:
            continue
        if closing:
            depth = max(0, depth - 1)
        elif not rest.endswith("/"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest >= limit:
                    return limit
    return deepest

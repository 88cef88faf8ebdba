"""How deep elements nest in markup, found without parsing it.

HTML parsers take quadratic time on pathological nesting (50,000 open `<div>`s
take seconds), so a page is measured before it is parsed. The measure is the one
of `cleaners.fragment.nesting_depth`: elements of `data/html/uncounted_tags.txt`
(void elements, those whose end tag HTML makes optional) and self-closing tags
are not counted, and a stray end tag never takes the depth below 0. The tag
pattern here is greedy (the lazy one there backtracks at every character of every
tag, a quarter of the page's time on a large page); both match the same tags.
"""

from __future__ import annotations

import re

from cleaners.html.lexicon import words

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*)>")


def nests_as_deep_as(markup: str, limit: int) -> bool:
    """True when elements in `markup` nest `limit` deep or deeper.

    A page with fewer start tags than `limit` cannot, and counting them is cheap:
    each starts with a "<" that is not one of an end tag's "</".
    """
    if markup.count("<") - markup.count("</") < limit:
        return False
    return nesting_depth(markup, limit) >= limit


def nesting_depth(markup: str, limit: int) -> int:
    """How deep elements nest in `markup`, at most `limit`."""
    uncounted = words("uncounted_tags")
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

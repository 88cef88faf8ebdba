"""Unescaping: JSON/JS string escapes, HTML entities, mojibake, control characters.

Each fix runs only where the text shows evidence of that damage, so clean text passes
through unchanged (and cheaply).
"""

from __future__ import annotations

import html
import re

from cleaners.characters import DUMP_CONTROL
from cleaners.encoding import repair_mojibake

# JSON/JavaScript escapes. Applied when the text holds at least two of the telling
# ones (`\uXXXX`, `\"`, `\/`, `\n`), so a lone backslash in prose is left alone.
_JS_EVIDENCE = re.compile(r'\\u[0-9a-fA-F]{4}|\\["/]|\\[nrt](?=[^a-z]|$)')
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\"'/\\bfnrt])")
_SURROGATES = re.compile(r"[\ud800-\udbff][\udc00-\udfff]")
_ANY_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}

# An entity after `&amp;` means the text was escaped twice (or more).
_DOUBLE_ENTITY = re.compile(r"&amp;(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")


def _js_replace(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] in "ux":
        return chr(int(code[1:], 16))
    return _SIMPLE.get(code, code)


def _join_surrogates(match: re.Match[str]) -> str:
    return match.group().encode("utf-16", "surrogatepass").decode("utf-16")


def unescape_js(text: str) -> str:
    """Decode JSON/JS string escapes when the text evidently carries them."""
    if len(_JS_EVIDENCE.findall(text, 0, 200_000)) < 2:
        return text
    decoded = _JS_ESCAPE.sub(_js_replace, text)
    decoded = _SURROGATES.sub(_join_surrogates, decoded)
    return decoded.encode("utf-8", "replace").decode("utf-8")


def unescape_entities(text: str) -> str:
    """Decode HTML entities, repeatedly while they were escaped more than once."""
    if "&" not in text or not _ENTITY.search(text):
        return text
    for _ in range(3):
        double = _DOUBLE_ENTITY.search(text) is not None
        text = html.unescape(text)
        if not double:
            break
    return text


def drop_controls(text: str) -> str:
    return DUMP_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def fix_surrogates(text: str) -> str:
    """Surrogate pairs joined, lone surrogates (no character; unencodable) made U+FFFD."""
    if not _ANY_SURROGATE.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def unescape(text: str) -> str:
    """All of the above, in the order the damage is usually layered."""
    text = fix_surrogates(text)
    return drop_controls(repair_mojibake(unescape_entities(unescape_js(text))))

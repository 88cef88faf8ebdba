"""Structured data in a page: JSON-LD articles and article HTML hidden in scripts.

JSON-LD gives `articleBody`, `headline`, `author`, dates, publisher, keywords.
Application state (`__NEXT_DATA__`, `window.__INITIAL_STATE__ = {...}`) and other
scripts often hold the article as an HTML string, JSON-escaped (`\\u003cp\\u003e`);
`html_blobs` finds the longest such strings so an app-shell page still has a body.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from cleaners.metadata.jsonld import walk

# a string literal, or an unclosed quote and the rest of the code (its second group empty)
_STRING = re.compile(r'"((?:[^"\\]++|\\.)*+)("?)', re.DOTALL)
_MIN_STRING = 400
_PARAGRAPH = re.compile(r"<p[\s>]", re.IGNORECASE)
_BLOB_MIN_PARAGRAPHS = 3
_MAX_SCRIPT = 5_000_000
_NESTED = ("@graph", "mainEntity", "itemListElement")
_ORGANISATIONS = ("Organization", "NewsMediaOrganization", "Corporation")


@dataclass(frozen=True, slots=True)
class LinkedData:
    """The article facts of a page's JSON-LD (the first article-like object)."""

    body: str | None = None
    headline: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    description: str | None = None
    keywords: tuple[str, ...] = ()
    image: str | None = None
    language: str | None = None


def linked_data(tree: LexborHTMLParser) -> LinkedData:
    """The article described by the JSON-LD scripts of `tree` (empty when none)."""
    for node in tree.css('script[type="application/ld+json"]'):
        code = node.text(deep=True)
        if len(code) > _MAX_SCRIPT:
            continue
        for item in walk(_load(code), _NESTED):
            if "articleBody" in item or "headline" in item:
                return _article(item)
    return LinkedData()


def html_blobs(tree: LexborHTMLParser) -> list[str]:
    """HTML strings with paragraphs found in the page's non-JSON-LD scripts, longest first."""
    found: list[str] = []
    for node in tree.css("script"):
        if (node.attributes.get("type") or "").endswith("ld+json"):
            continue
        code = node.text(deep=True)
        if len(code) > _MAX_SCRIPT or ("<p" not in code and not _escaped_p(code)):
            continue
        for literal in _long_literals(code):
            text = _unquote(literal)
            if text and len(_PARAGRAPH.findall(text)) >= _BLOB_MIN_PARAGRAPHS:
                found.append(text)
    return sorted(found, key=len, reverse=True)


def _escaped_p(code: str) -> bool:
    """`code` holds "<p" as JSON escapes it ("\\u003cp", in either case); its digits first,
    which need no case folding of the whole code."""
    return "003" in code and "u003cp" in code.lower()


def _long_literals(code: str) -> list[str]:
    """The contents of the double-quoted strings in `code` of `_MIN_STRING` characters
    or more, left to right, read in one pass in C. A quote left unclosed runs to the
    end of the code and is not a string: a later quote cannot close a string either
    (the scan from there would be in the same escape state)."""
    return [text for text, closed in _STRING.findall(code) if closed and len(text) >= _MIN_STRING]


def _unquote(literal: str) -> str | None:
    try:
        value = json.loads(f'"{literal}"')
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _load(code: str) -> Any:
    """The JSON value of `code`; None when it is not JSON or nests too deeply to read."""
    try:
        return json.loads(code)
    except ValueError:
        try:  # control characters inside strings are a common JSON-LD fault
            return json.loads(code, strict=False)
        except (ValueError, RecursionError):
            return None
    except RecursionError:
        return None


def _article(item: dict[str, Any]) -> LinkedData:
    return LinkedData(
        body=_text(item.get("articleBody")),
        headline=_text(item.get("headline")) or _text(item.get("name")),
        authors=_names(item.get("author")),
        published=_text(item.get("datePublished")) or _text(item.get("dateCreated")),
        modified=_text(item.get("dateModified")),
        publisher=next(iter(_names(item.get("publisher"), people_only=False)), None),
        description=_text(item.get("description")),
        keywords=_keywords(item.get("keywords")),
        image=_url(item.get("image")),
        language=_text(item.get("inLanguage")),
    )


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return value.strip() or None if isinstance(value, str) else None


def _names(value: Any, *, people_only: bool = True) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict) and people_only and item.get("@type") in _ORGANISATIONS:
            continue
        name = _text(item.get("name") if isinstance(item, dict) else item)
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(k.strip() for k in value if isinstance(k, str) and k.strip())


def _url(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return _text(value)

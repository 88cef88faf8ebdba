"""Author strings to person names.

Names are split on "and", "&", ",", ";", "und", "et", "y", "i", "和", "、", "与";
labels ("By", "Von", "文/") and roles ("Staff Writer", "记者") go; what is not a
person goes too: e-mail addresses, URLs, handles, words of a team or role only
("Staff", "admin", "Editorial Team"), the site itself, and news agencies.
A news agency is not an author: it is dropped, not kept in another field (its
copy names no person; the page's site name already says who published it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from cleaners.datafiles import data_lines
from cleaners.metadata import titles

_SPLIT = re.compile(r"\s*(?:[,，、;；|/&和与+]|\b(?:and|und|et|y|i|e)\b)\s*", re.IGNORECASE)
_NOT_NAME = re.compile(r"@|https?:|www\.|\.com\b|[!?<>{}=#]|^\d|\d.*\s|\s.*\d")
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,6}|Ph\.?\s?D\.?|M\.?D\.?|Jr\.?|Sr\.?|[A-Z]\.[A-Z]\.)$")
_URL = re.compile(r"^(?:https?:|www\.|/)", re.IGNORECASE)
_PAREN = re.compile(r"\s*[(（\[].*?[)）\]]\s*")
_MAX_WORDS = 5
_MAX_CHARS = 60


@lru_cache(maxsize=1)
def _labels() -> re.Pattern[str]:
    words = sorted(data_lines("bylines.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"^(?:{alternatives})(?:\s*[:：/|｜]\s*|\s+)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    return frozenset(data_lines("author_roles.txt"))


@lru_cache(maxsize=1)
def _agencies() -> frozenset[str]:
    return frozenset(titles.key(line) for line in data_lines("news_agencies.txt"))


def people(values: Iterable[str], site: str | None = None) -> tuple[str, ...]:
    """The person names in author strings `values`, in order, each once."""
    names: list[str] = []
    keys = set()
    for value in values:
        if _URL.match(value.strip()):
            continue
        for name in _split(value):
            key = _person_key(name, site)
            if key and key not in keys:
                keys.add(key)
                names.append(name)
    return tuple(names)


def _split(value: str) -> list[str]:
    text = " ".join(value.split())
    text = _labels().sub("", text.strip(" -–—:|·•"))
    text = _PAREN.sub(" ", text)
    parts = [p.strip(" .,:-–—·•'\"") for p in _SPLIT.split(text)]
    parts = [_labels().sub("", p) for p in parts if p]
    people_only = [p for p in parts if not _CREDENTIAL.match(p)]
    return people_only or parts


def _person_key(name: str, site: str | None) -> str:
    """The comparison key of `name` when it names a person, else "" ."""
    split = name.split()
    if not name or len(name) > _MAX_CHARS or len(split) > _MAX_WORDS:
        return ""
    if _NOT_NAME.search(name):  # digits only in a one-word handle ("rider55")
        return ""
    words = [w.strip(".").casefold() for w in split]
    roles = _roles()
    if all(w in roles for w in words) or (words[-1] in roles and len(words) > 1):
        return ""
    key = titles.key(name)
    if not key or key in _agencies() or (site and key == titles.key(site)):
        return ""
    return key

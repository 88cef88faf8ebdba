"""Title helpers: the site name cut from a title (`Headline | Site`), whether two titles
agree. The site name is known from `og:site_name`, JSON-LD
(`WebSite`, `publisher`) and the host name; which title wins is the learned
chooser's call (`cleaners.metadata.choose`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·•»/~]|::)\s+|\s*[|｜·•»]\s*")
_MAX_SUFFIX_WORDS = 6
_WORD = re.compile(r"\w+")
# a character of a script written without spaces between words (CJK, Hangul)
UNSPACED_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_AGREE = 0.5
_MIN_KEY = 6
_NOT_KEY = re.compile(r"[\W_]+")


def overlap(a: str, b: str) -> float:
    """Share of the words of `a` and `b` they have in common (Jaccard; each CJK or
    Hangul character a word, as those scripts put no spaces between words)."""
    wa, wb = _tokens(a), _tokens(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _tokens(text: str) -> set[str]:
    folded = text.casefold()
    return set(UNSPACED_CHAR.findall(folded)) | set(_WORD.findall(UNSPACED_CHAR.sub(" ", folded)))


def key(text: str) -> str:
    """`text` as compared: its letters and digits, case folded (re's `\\w` is
    `str.isalnum`, and "_")."""
    return _NOT_KEY.sub("", text.casefold())


def _is_site(part: str, sites: Iterable[str]) -> bool:
    part_key = key(part)
    if not part_key:
        return True
    for site in sites:
        site_key = key(site)
        if site_key and (part_key == site_key or (len(part_key) >= 4 and part_key in site_key)):
            return True
        if (
            site_key
            and len(site_key) >= 4
            and site_key in part_key
            and len(part) <= 2 * len(site) + 6
        ):
            return True
    return False


def cut_site(title: str, sites: Iterable[str]) -> str:
    """`title` without a leading or trailing part naming the site."""
    sites = [s for s in sites if s]
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    while len(parts) > 1 and _is_site(parts[-1], sites):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0], sites):
        parts.pop(0)
    if len(parts) == len(_SEPARATORS.split(title)):
        return title
    return _rejoin(title, parts)


def _rejoin(title: str, parts: list[str]) -> str:
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else " - ".join(parts)


def strip_site_suffix(title: str, site: str | None) -> str:
    """`title` without the site name, or without a short trailing part when none is known."""
    cut = cut_site(title, [site] if site else [])
    if cut != title:
        return cut
    parts = _SEPARATORS.split(title)
    if len(parts) >= 2 and len(parts[-1].split()) <= _MAX_SUFFIX_WORDS < len(
        " ".join(parts[:-1]).split()
    ):
        return _rejoin(title, parts[:-1])
    return title


def agrees(a: str, b: str) -> bool:
    """Two titles agree: one holds the other, or they share most of their words."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return False
    if ka in kb or kb in ka:  # a short headline inside a long title still agrees
        return min(len(ka), len(kb)) >= max(_MIN_KEY, 0.15 * max(len(ka), len(kb)))
    wa, wb = set(_WORD.findall(a.casefold())), set(_WORD.findall(b.casefold()))
    return len(wa & wb) >= _AGREE * min(len(wa), len(wb)) if wa and wb else False

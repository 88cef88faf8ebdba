"""Publication dates in the forms newspapers print them, to ISO 8601.

Handles `2026-03-04 18:30:21`, `2026/3/4`, `2026年3月5日 08:00`, `17.04.2026 08:26`,
`4 March 2026`, `March 4, 2026 6:30 pm`, with a numeric offset, `Z`, `UTC` or `GMT` when
given. Month names come from cleaners/data/months.txt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from cleaners.datafiles import data_lines

_TIME = (
    r"(?i:(?:[T\s,]+(?:um\s+|à\s+|at\s+|o\s+godz\.\s+)?"
    r"(\d{1,2})[:：时h](\d{2})(?:[:：分](\d{2}))?\s*([ap]\.?m\.?)?)?)"
)
# after 日 a time may follow with no space at all ("2024年05月17日08:49")
_GLUED = _TIME.replace(r"[T\s,]+", r"[T\s,]*", 1)
_ZONE = r"\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?"
# every form below has a four-digit year: text without four digits in a row has no date
_YEAR = re.compile(r"\d{4}")
_CACHED_CHARS = 200  # longer texts are not kept in the cache


@dataclass(frozen=True, slots=True)
class FoundDate:
    iso: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    names: dict[str, int] = {}
    for line in data_lines("months.txt"):
        number, *words = line.split()
        for word in words:
            names.setdefault(word, int(number))
    return names


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    month = "|".join(sorted((re.escape(m) for m in _months()), key=len, reverse=True))
    return (
        (
            re.compile(rf"(\d{{4}})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日?{_GLUED}{_ZONE}"),
            "ymd",
        ),
        (re.compile(rf"\b(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?!\d)\.?{_TIME}{_ZONE}"), "ymd"),
        (re.compile(rf"\b(\d{{1,2}})[./](\d{{1,2}})[./](\d{{4}})\b{_TIME}{_ZONE}"), "dmy"),
        (re.compile(rf"\b(\d{{1,2}})-(\d{{1,2}})-(\d{{4}})\b{_TIME}{_ZONE}"), "dmy"),
        (
            re.compile(
                rf"\b(\d{{1,2}})\s+de\s+({month})\.?\s+de\s+(\d{{4}})\b{_TIME}{_ZONE}", re.I
            ),
            "dMy",
        ),
        (
            re.compile(
                rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\.?\s+(?:of\s+)?|-)({month})(?:\.?,?\s+|-)(\d{{4}})\b{_TIME}{_ZONE}",
                re.I,
            ),
            "dMy",
        ),
        (
            re.compile(
                rf"\b({month})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b{_TIME}{_ZONE}", re.I
            ),
            "Mdy",
        ),
    )


def find_date(text: str) -> FoundDate | None:
    """The first plausible date in `text`, as ISO 8601 (with time and offset when given).

    A short text (a line of a page: the metadata stage reads each one up to three times)
    is looked up in a cache first (most lines hold no four digits in a row, and so no
    date, and are not kept in it)."""
    if not _YEAR.search(text):
        return None
    return _find_short_date(text) if len(text) <= _CACHED_CHARS else _find_date(text)


@lru_cache(maxsize=4096)
def _find_short_date(text: str) -> FoundDate | None:
    return _find_date(text)


def _find_date(text: str) -> FoundDate | None:
    best: FoundDate | None = None
    for pattern, order in _patterns():
        for match in pattern.finditer(text):
            iso = _to_iso(match.groups(), order)
            if iso and (best is None or match.start() < best.start):
                best = FoundDate(iso, match.start(), match.end())
                break
    return best


def _to_iso(groups: tuple[str | None, ...], order: str) -> str | None:
    a, b, c, hour, minute, second, ampm, zone = groups
    assert a is not None and b is not None and c is not None
    if order == "ymd":
        year, month, day = int(a), int(b), int(c)
    elif order == "dmy":  # day first, as most of the world writes; US order if it must be
        day, month, year = int(a), int(b), int(c)
        if month > 12 >= day:
            day, month = month, day
    elif order == "dMy":
        day, month, year = int(a), _months()[b.casefold().rstrip(".")], int(c)
    else:
        month, day, year = _months()[a.casefold().rstrip(".")], int(b), int(c)
    try:
        moment = datetime(year, month, day)
    except ValueError:
        return None
    if not 1990 <= year <= 2100:
        return None
    if hour is None or minute is None:
        return moment.date().isoformat()
    h = int(hour) % 12 + (12 if ampm and ampm.lower().startswith("p") else 0) if ampm else int(hour)
    if h > 23 or int(minute) > 59 or (second and int(second) > 59):
        return moment.date().isoformat()
    stamp = f"{moment.date().isoformat()}T{h:02d}:{int(minute):02d}:{int(second or 0):02d}"
    return stamp + _offset(zone)


def _offset(zone: str | None) -> str:
    if not zone:
        return ""
    if zone in ("Z", "UTC", "GMT"):
        return "+00:00"
    digits = zone.replace(":", "")
    return f"{digits[:3]}:{digits[3:]}"

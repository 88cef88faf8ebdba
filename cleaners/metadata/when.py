"""Date strings from markup and URLs to ISO 8601, the page's own offset kept.

A moment is never converted to another zone: `2017-02-23T17:18:13-08:00` stays that
day. A date after `now` (plus a day of slack for zones ahead of ours) is no evidence.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from cleaners.dates import find_date

_FUTURE_SLACK = timedelta(days=1)
_ISO_HEAD = re.compile(r"^\d{4}-\d{2}-\d{2}")
_SPACED_ZONE = re.compile(r"(\d)\s+([+-]\d{2}:?\d{2}|Z)$")
_SHORT_ZONE = re.compile(r"([+-]\d{2})(\d{2})$")
_FRACTION = re.compile(r"(\.\d{1,6})\d*")
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)"
)
_EARLIEST = 1995


def iso_date(value: str | None, now: datetime | None = None) -> str | None:
    """`value` as ISO 8601 (offset kept when given), or None when unreadable or future."""
    if not value or not value.strip():
        return None
    text = value.strip()
    moment = _from_iso(text) or _from_rfc2822(text)
    if moment is None:
        found = find_date(text) if len(text) <= 80 else None
        return found.iso if found and _plausible(_from_iso(found.iso), now) else None
    return moment.isoformat() if _plausible(moment, now) else None


def _from_iso(text: str) -> datetime | None:
    if not _ISO_HEAD.match(text):
        return None
    text = _SPACED_ZONE.sub(r"\1\2", text.replace("Z", "+00:00").replace(" ", "T", 1))
    text = _FRACTION.sub(r"\1", _SHORT_ZONE.sub(r"\1:\2", text))
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        try:
            return datetime.fromisoformat(text[:10])
        except ValueError:
            return None


def _from_rfc2822(text: str) -> datetime | None:
    if not re.match(r"^[A-Z][a-z]{2},? \d", text):
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


def _plausible(moment: datetime | None, now: datetime | None) -> bool:
    if moment is None or moment.year < _EARLIEST:
        return False
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware <= (now or datetime.now(UTC)) + _FUTURE_SLACK


def url_date(url: str | None, now: datetime | None = None) -> str | None:
    """The date of a URL's path (`/2025/12/19/slug`), as YYYY-MM-DD."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        moment = datetime(year, month, day)
    except ValueError:
        return None
    return moment.date().isoformat() if _plausible(moment, now) else None


def day(iso: str) -> str:
    """The calendar day of an ISO 8601 value, as written (no zone conversion)."""
    return iso[:10]

"""What the cleaners read from a page's URL: its host's distinctive name and its path.

A URL that does not parse ("http://[::1") gives neither, never an error.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def host_name(url: str | None) -> str | None:
    """The distinctive label of a URL's host: "example" for www.example.co.uk."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:  # a URL that does not parse ("http://[::1") names no host
        return None
    labels = [p for p in host.split(".") if p not in ("www", "m", "amp")]
    if len(labels) >= 3 and len(labels[-2]) <= 3:
        labels = labels[:-1]
    return labels[-2] if len(labels) >= 2 else None


def url_path(url: str | None) -> str:
    """The URL's path, lower-cased ("" for no URL or one that does not parse)."""
    try:
        return urlsplit(url or "").path.lower()
    except ValueError:
        return ""

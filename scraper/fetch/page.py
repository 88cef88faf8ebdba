"""`FetchRequest` in, `FetchedPage` out: the typed values of the fetcher."""

from __future__ import annotations

from dataclasses import dataclass

from scraper.errors import FetchError


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchRequest:
    """A URL to fetch, with the validators of a previous fetch for a conditional GET."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedPage:
    """What one URL gave: a body, 304 unchanged (`not_modified`), or a typed `error`.

    url: as requested; final_url: after redirects. `status` is 0 when no answer came.
    headers: the final answer's headers as (lower-case name, value) pairs, in order.
    charset: the `charset` parameter of Content-Type, as the server declared it.
    elapsed: seconds spent, retries and waits included. fetched_at: ISO 8601 UTC.
    """

    url: str
    final_url: str
    status: int = 0
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    charset: str | None = None
    elapsed: float = 0.0
    fetched_at: str = ""
    error: FetchError | None = None
    not_modified: bool = False

    @property
    def ok(self) -> bool:
        """True when a body was fetched (not an error, not 304 unchanged)."""
        return self.error is None and not self.not_modified

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        name = name.lower()
        return next((value for key, value in self.headers if key == name), None)

    @property
    def content_type(self) -> str | None:
        value = self.header("content-type")
        return value.split(";", 1)[0].strip().lower() if value else None

    @property
    def etag(self) -> str | None:
        return self.header("etag")

    @property
    def last_modified(self) -> str | None:
        return self.header("last-modified")

"""The one place where httpx's exceptions (and the total deadline) become ours."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from scraper.errors import (
    ConnectError,
    ContentDecodingError,
    FetchError,
    FetchTimeout,
    InvalidURL,
    TooManyRedirects,
)

# Most specific first: the first matching entry wins.
_MAPPING: tuple[tuple[type[Exception], type[FetchError], str], ...] = (
    (httpx.ConnectTimeout, FetchTimeout, "connect timed out"),
    (httpx.ReadTimeout, FetchTimeout, "read timed out"),
    (httpx.TimeoutException, FetchTimeout, "timed out"),
    (TimeoutError, FetchTimeout, "timed out: no complete answer within the total timeout"),
    (httpx.UnsupportedProtocol, InvalidURL, "unsupported URL"),
    (httpx.InvalidURL, InvalidURL, "invalid URL"),
    (httpx.TooManyRedirects, TooManyRedirects, "too many redirects"),
    (httpx.DecodingError, ContentDecodingError, "cannot decode body"),
    (httpx.ConnectError, ConnectError, "cannot connect"),
    (httpx.RemoteProtocolError, ConnectError, "broken answer"),
    (httpx.NetworkError, ConnectError, "connection failed"),
    (httpx.HTTPError, FetchError, "request failed"),
    (OSError, ConnectError, "connection failed"),
)


def translate(error: Exception, url: str) -> FetchError:
    """Our `FetchError` for an httpx (or socket, or deadline) exception."""
    for source, target, what in _MAPPING:
        if isinstance(error, source):
            detail = str(error).strip()
            return target(f"{what}: {detail}" if detail else what, url=url)
    raise TypeError(f"not a fetch error: {error!r}")  # pragma: no cover - guarded by caller


def internal_error(error: Exception, url: str) -> FetchError:
    """A `FetchError` for any other exception raised while fetching `url`.

    The fetcher's promise is that a fetch never raises: whatever escapes the
    mapping above (a bug, a value no one foresaw) is still one URL's failure.
    """
    if isinstance(error, FetchError):
        error.url = error.url or url
        return error
    failure = FetchError(f"internal error: {type(error).__name__}: {error}", url=url)
    failure.kind = "internal"
    return failure


@contextmanager
def map_errors(url: str) -> Iterator[None]:
    """Re-raise httpx errors, socket errors and deadline expiry as `FetchError`s."""
    try:
        yield
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as error:
        # TimeoutError is an OSError, so the total deadline is translated here too.
        raise translate(error, url) from error

"""The exceptions of `scraper`, under the one root `ScraperError`.

ScraperError (cleaners.errors)
├── InputError, NotTextError, InputTooLarge, ExtractionTimeout (cleaners.errors)
├── FetchError                  a URL could not be fetched
│   ├── FetchTimeout            connect/read/total time limit
│   ├── ConnectError            refused, reset, DNS failure
│   ├── TooLarge                body over the size limit (decompressed too)
│   ├── HTTPStatusError         a 4xx/5xx answer after retries
│   ├── TooManyRedirects        redirect chain too long, or a loop
│   ├── RobotsDisallowed        robots.txt forbids the URL
│   ├── NotHTML                 content type is not HTML, XHTML or plain text
│   ├── BlockedAddress          resolves to a private/loopback/link-local address
│   ├── InvalidURL              not an http(s) URL with a host
│   └── ContentDecodingError    a Content-Encoding that is unknown or corrupt
├── ExtractFailed               a page gave no Document (`kind` says why)
├── ConfigError                 a bad job file or option
├── StateError                  the state store cannot be used
│   ├── RunLocked               another run holds the state store
│   └── StateWriteError         a commit could not reach the disk (disk full)
└── OutputError                 the run's output cannot be written (disk full)
"""

from __future__ import annotations

from cleaners import (
    ErrorKind,
    ExtractionTimeout,
    InputError,
    InputTooLarge,
    NotTextError,
    ScraperError,
)

__all__ = [
    "BlockedAddress",
    "ConfigError",
    "ConnectError",
    "ContentDecodingError",
    "ErrorKind",
    "ExtractFailed",
    "ExtractionTimeout",
    "FetchError",
    "FetchTimeout",
    "HTTPStatusError",
    "InputError",
    "InputTooLarge",
    "InvalidURL",
    "NotHTML",
    "NotTextError",
    "OutputError",
    "RobotsDisallowed",
    "RunLocked",
    "ScraperError",
    "StateError",
    "StateWriteError",
    "TooLarge",
    "TooManyRedirects",
]


class FetchError(ScraperError):
    """A URL could not be fetched. `kind` is a short stable name for summaries."""

    kind: ErrorKind = "fetch"

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class FetchTimeout(FetchError):
    kind: ErrorKind = "timeout"


class ConnectError(FetchError):
    kind: ErrorKind = "connect"


class TooLarge(FetchError):
    kind: ErrorKind = "too_large"


class HTTPStatusError(FetchError):
    kind: ErrorKind = "http_status"

    def __init__(self, message: str, *, url: str | None = None, status: int = 0) -> None:
        super().__init__(message, url=url)
        self.status = status


class TooManyRedirects(FetchError):
    kind: ErrorKind = "redirects"


class RobotsDisallowed(FetchError):
    kind: ErrorKind = "robots"


class NotHTML(FetchError):
    kind: ErrorKind = "not_html"


class BlockedAddress(FetchError):
    kind: ErrorKind = "blocked_address"


class InvalidURL(FetchError):
    kind: ErrorKind = "invalid_url"


class ContentDecodingError(FetchError):
    kind: ErrorKind = "decoding"


class ExtractFailed(ScraperError):
    """A page gave no `Document`; `kind` is its error's short name, `reason` the
    rejection's (`empty`, `not_article`, ...) when the page held no article.

    It carries the cleaners' error out of a worker process (some of their
    constructors take more than a message, so they do not survive pickling)."""

    def __init__(
        self, message: str, *, kind: ErrorKind = "extract", reason: str | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.reason = reason


class ConfigError(ScraperError):
    """A bad job file or option; the message names the key and line where known."""

    kind: ErrorKind = "config_error"


class StateError(ScraperError):
    """The state store cannot be opened or used."""

    kind: ErrorKind = "state_error"


class RunLocked(StateError):
    """Another run holds the state store."""

    kind: ErrorKind = "run_locked"


class StateWriteError(StateError):
    """A state commit could not be written (a full disk, a file size limit, an I/O
    error): nothing of it was committed. The run ends there; the next run repairs it,
    as it does a killed run's."""


class OutputError(ScraperError):
    """The run's output file cannot be written (a full disk, a file size limit)."""

    kind: ErrorKind = "output_error"

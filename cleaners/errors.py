"""The exceptions of the toolkit, one tree under one root.

    ScraperError                    root of everything this distribution raises on purpose
    ├── InputError                  the input cannot be processed as given
    │   ├── NotTextError            bytes that are not text (binary, undecodable)
    │   ├── InputTooLarge           over the configured size limit
    │   ├── ExtractionTimeout       over the per-page time limit
    │   └── Rejected                no article in it; `reason` says why (`empty`, ...)
    └── (scraper.errors adds FetchError, ConfigError, StateError, ...)

`cleaners` sits below `scraper`, so the root lives here and `scraper.errors`
re-exports it; a caller catches `ScraperError` for anything either package raises.
"""

from __future__ import annotations

from typing import Literal

# Every error's `kind`: a short stable name for summaries, logs and the run file. The
# root owns the names of its whole tree, `scraper.errors`' subclasses included, and the
# engine's failures that have no class of their own (`extract`, `read`, `crash`).
ErrorKind = Literal[
    # cleaners.errors
    "error",
    "input_error",
    "not_text_error",
    "input_too_large",
    "extraction_timeout",
    "rejected",
    # scraper.errors
    "fetch",
    "timeout",
    "connect",
    "too_large",
    "http_status",
    "redirects",
    "robots",
    "not_html",
    "blocked_address",
    "invalid_url",
    "decoding",
    "internal",
    "config_error",
    "state_error",
    "run_locked",
    "output_error",
    # scraper.engine: a page that gave no Document
    "extract",
    "read",
    "crash",
]


class ScraperError(Exception):
    """Root of every error the toolkit raises on purpose."""

    kind: ErrorKind = "error"


class InputError(ScraperError):
    """The input cannot be processed as given."""

    kind: ErrorKind = "input_error"


class NotTextError(InputError):
    """The input is binary or cannot be decoded as text."""

    kind: ErrorKind = "not_text_error"


class InputTooLarge(InputError):
    """The input is larger than the configured limit."""

    kind: ErrorKind = "input_too_large"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"input is {size} bytes, over the limit of {limit} bytes")
        self.size = size
        self.limit = limit


class ExtractionTimeout(InputError):
    """Processing one input took longer than the configured limit."""

    kind: ErrorKind = "extraction_timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(f"processing took longer than {seconds:g} s")
        self.seconds = seconds


class Rejected(InputError):
    """The input holds no article: a typed outcome, never a blank `Document`.

    `reason` is a short stable name for summaries and logs:

    - `empty`: no text at all (an empty file, an HTTP 200 with an empty body)
    - `not_article`: text, but nothing of it is an article (a directory listing,
      a page of links or labels only)
    - `http_<status>`: an archived response that is not a success (`http_404`)
    """

    kind: ErrorKind = "rejected"

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"not an article ({reason}){': ' + detail if detail else ''}")
        self.reason = reason
        self.detail = detail

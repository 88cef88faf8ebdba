"""`FetchConfig`: how politely and how defensively to fetch, built once at the edge."""

from __future__ import annotations

from dataclasses import dataclass, fields
from importlib.metadata import PackageNotFoundError, version

from scraper.errors import ConfigError


def _version() -> str:
    try:
        return version("scraper")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0"


DEFAULT_USER_AGENT = f"scraper/{_version()} (article fetcher; respects robots.txt)"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchConfig:
    """Options of the fetcher; every limit is bounded, every default is polite.

    user_agent: sent with every request; its first word is the robots.txt token.
    concurrency: requests in flight at once, over all hosts.
    per_host: requests in flight at once to one host.
    delay: seconds between the starts of two requests to one host; a longer
        robots.txt `Crawl-delay` wins (capped at `max_crawl_delay`).
    connect_timeout, read_timeout: seconds to connect, and to wait for any bytes.
    total_timeout: seconds one request may take from sending to the end of its body.
    max_bytes: largest body, compressed and after each decoding layer.
    max_redirects: redirects followed per URL (a loop fails at once).
    retries: extra attempts after a connection error, a timeout, a 429 or a 5xx.
    backoff_base: first retry waits about this long, doubling each time (with jitter);
        a `Retry-After` answer is honoured up to `max_retry_after` seconds.
    respect_robots: read robots.txt per host and skip what it disallows.
    allow_private: permit private, loopback and link-local addresses.
    """

    user_agent: str = DEFAULT_USER_AGENT
    concurrency: int = 16
    per_host: int = 2
    delay: float = 1.0
    max_crawl_delay: float = 60.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 60.0
    max_bytes: int = 10_000_000
    max_redirects: int = 10
    retries: int = 2
    backoff_base: float = 0.5
    max_retry_after: float = 60.0
    respect_robots: bool = True
    allow_private: bool = False

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if value < 0 or (value == 0 and item.name in _POSITIVE):
                raise ConfigError(f"fetch option {item.name} must be positive, got {value}")
        if not self.user_agent.strip():
            raise ConfigError("fetch option user_agent must not be empty")

    @property
    def robots_token(self) -> str:
        """The product token robots.txt rules are matched against."""
        return self.user_agent.split("/", 1)[0].split()[0]


_POSITIVE = frozenset(
    {"concurrency", "per_host", "connect_timeout", "read_timeout", "total_timeout", "max_bytes"}
)

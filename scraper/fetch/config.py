"""`FetchConfig`: how politely and how defensively to fetch, built once at the edge."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields
from importlib.metadata import PackageNotFoundError, version

from scraper.errors import ConfigError
from scraper.fetch.limits import HostPacer


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
    pacer: keeps each host's `per_host` and delay across processes (set by a
        cooperating worker run, not in job files); None keeps them in this process.
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
    pacer: HostPacer | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            _check_range(item.name, value)
        _check_user_agent(self.user_agent)

    @property
    def robots_token(self) -> str:
        """The product token robots.txt rules are matched against."""
        return str(_TOKEN.findall(self.user_agent)[0])


_POSITIVE = frozenset(
    {"concurrency", "per_host", "connect_timeout", "read_timeout", "total_timeout", "max_bytes"}
)
_DAY = 86_400.0
# Upper bounds: a value past them is a typo or an attack (a delay of 1e308 s hangs a
# run for good, a byte limit of 2**63 overflows the decompressors' C sizes).
_MAXIMUM: dict[str, float] = {
    "concurrency": 1_000,
    "per_host": 100,
    "delay": 3_600.0,
    "max_crawl_delay": 3_600.0,
    "connect_timeout": _DAY,
    "read_timeout": _DAY,
    "total_timeout": _DAY,
    "max_bytes": 1 << 31,
    "max_redirects": 100,
    "retries": 100,
    "backoff_base": 3_600.0,
    "max_retry_after": _DAY,
}
_TOKEN = re.compile(r"[A-Za-z0-9_.\-]+")
_HEADER_SAFE = re.compile(r"[\x21-\x7e][\x20-\x7e]*")


def _check_range(name: str, value: float) -> None:
    if not math.isfinite(value):
        raise ConfigError(f"fetch option {name} must be a finite number, got {value}")
    if value < 0 or (value == 0 and name in _POSITIVE):
        raise ConfigError(f"fetch option {name} must be positive, got {value}")
    if value > _MAXIMUM.get(name, math.inf):
        raise ConfigError(f"fetch option {name} must be at most {int(_MAXIMUM[name])}, got {value}")


def _check_user_agent(user_agent: str) -> None:
    if not _HEADER_SAFE.fullmatch(user_agent.strip()) or not _TOKEN.search(user_agent):
        raise ConfigError(
            "fetch option user_agent must be printable ASCII with a product name, "
            f"got {user_agent!r}"
        )

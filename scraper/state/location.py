"""Where a job's state lives: a SQLite file path, or a PostgreSQL URL.

    state = "news.db"                                  # SQLite, beside the job file
    state = "postgresql://scraper@db.internal:5432/news"  # PostgreSQL (shared by workers)

A PostgreSQL URL never carries a password: libpq reads it from `PGPASSWORD`,
`PGPASSFILE` or `~/.pgpass`. `str()` of a `DatabaseURL` is safe to log.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgres")
# Query parameters whose values are secrets (libpq's names).
SECRET_PARAMS = frozenset({"password", "sslpassword"})


@dataclass(frozen=True, slots=True)
class DatabaseURL:
    """A PostgreSQL connection URL (libpq syntax) without secrets in it."""

    url: str

    def __str__(self) -> str:
        return redacted(self.url)


def is_database_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in SCHEMES


def password_problem(url: str) -> str | None:
    """Why `url` may not be used as a state URL (it holds a password), or None."""
    parts = urlsplit(url)
    if parts.password is not None:
        return "a password may not be written in the job file; use PGPASSWORD or ~/.pgpass"
    for key, _ in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in SECRET_PARAMS:
            return f"'{key}' may not be written in the job file; use PGPASSWORD or ~/.pgpass"
    if not parts.hostname and not parts.path.strip("/"):
        return "expected postgresql://[user@]host[:port]/database"
    return None


def redacted(url: str) -> str:
    """`url` with any password and secret parameters replaced by `***`, for logs."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}:***@{host}"
    query = parts.query
    if any(key.lower() in SECRET_PARAMS for key, _ in parse_qsl(query, keep_blank_values=True)):
        query = "&".join(
            f"{key}={'***' if key.lower() in SECRET_PARAMS else value}"
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
        )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))

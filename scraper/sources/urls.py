"""URL lists: one URL a line, comments and blank lines ignored, normalised, de-duplicated."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

import httpx

from scraper.errors import InputError

_DEFAULT_PORTS = {"http": 80, "https": 443}


# A URL already in canonical form: lower-case host, no default port, no fragment, a path and
# query of characters httpx keeps as they are (no %-escapes: httpx decodes some), no
# dot segments (checked beside the pattern). Most sitemap URLs are;
# they skip the full parse (about 50 us a URL, 600,000 URLs in a sitemap).
_CANONICAL = re.compile(
    r"(https?)://[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::([1-9][0-9]{0,4}))?"
    r"/[A-Za-z0-9\-_~!$&'()*+,;=:@/.]*"
    r"(?:\?[A-Za-z0-9\-._~!$'()*+,;=:@/?&]*)?"
)


def normalize_url(url: str) -> str:
    """A canonical spelling of an http(s) URL: lower-case scheme and host, no default
    port, no fragment, "/" for an empty path. `InputError` for anything else."""
    canonical = _CANONICAL.fullmatch(url)
    if canonical and "/." not in url and ".." not in url and _usual_port(*canonical.groups()):
        return url
    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL as error:
        raise InputError(f"not a valid URL: {url.strip()!r} ({error})") from None
    if parsed.scheme not in _DEFAULT_PORTS or not parsed.host:
        raise InputError(f"not an http(s) URL: {url.strip()!r}")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise InputError(f"not a valid URL: {url.strip()!r} (port {parsed.port})")
    port = None if parsed.port == _DEFAULT_PORTS[parsed.scheme] else parsed.port
    return str(parsed.copy_with(fragment=None, port=port, path=parsed.path or "/"))


def _usual_port(scheme: str, port: str | None) -> bool:
    """No port, or one that is valid and not the scheme's default (which is dropped)."""
    return port is None or (int(port) < 65536 and int(port) != _DEFAULT_PORTS[scheme])


def dedupe(urls: Iterable[str]) -> Iterator[str]:
    """Normalised URLs in first-seen order, each once."""
    seen: set[str] = set()
    for url in urls:
        normal = normalize_url(url)
        if normal not in seen:
            seen.add(normal)
            yield normal


MAX_LINE = 8192  # characters in one line of a URL list (URLs are far shorter)
MAX_LINES = 10_000_000


def read_url_lines(lines: Iterable[str], source: str = "<stdin>") -> list[str]:
    """The URLs of a list file; a bad line is an `InputError` naming file and line.

    A file (anything with `readline`) is read a bounded line at a time, so an
    endless one (/dev/zero) is a too-long line, not a full memory.
    """
    urls = []
    for number, line in enumerate(_bounded(lines, source), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            urls.append(normalize_url(text))
        except InputError as error:
            raise InputError(f"{source}:{number}: {error}") from None
    return list(dedupe(urls))


def _bounded(lines: Iterable[str], source: str) -> Iterator[str]:
    readline = getattr(lines, "readline", None)
    iterator = iter(lambda: readline(MAX_LINE + 1), "") if readline else iter(lines)
    for number, line in enumerate(iterator, start=1):
        if len(line) > MAX_LINE or number > MAX_LINES:
            what = f"longer than {MAX_LINE} characters" if number <= MAX_LINES else "one too many"
            raise InputError(f"{source}:{number}: line {what}; not a URL list")
        yield line


def read_url_file(path: str) -> list[str]:
    """The URLs of the list file at `path` ("-": standard input), as `read_url_lines`.

    Raises `InputError` naming the file (and line) when it cannot be read or holds a
    line that is not an http(s) URL.
    """
    if path == "-":
        return read_url_lines(sys.stdin, "<stdin>")
    try:
        with open(path, encoding="utf-8") as handle:
            return read_url_lines(handle, path)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise InputError(f"cannot read {path}: {reason}") from None


def site_of(url: str) -> str:
    """The site a URL belongs to (its host and port), as template blocks are learned."""
    return urlsplit(url).netloc.lower()

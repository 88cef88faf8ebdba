"""The job file: a TOML file read once into a frozen `JobConfig`.

Every semantic error names the file, the line and the key, for example
``news.toml:12: [fetch] delay: expected a number, got 'fast'``. Paths in the file are
relative to the file's own directory.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

from cleaners import CleanConfig
from scraper.errors import ConfigError, InputError
from scraper.extras import require
from scraper.fetch.config import FetchConfig
from scraper.sources.urls import read_url_file
from scraper.sources.web import SOURCE_KINDS, SourceSpec
from scraper.state import postgres, sqlite
from scraper.state.location import DatabaseURL, is_database_url, password_problem

OutputKind = Literal["jsonl", "parquet", "sqlite", "postgresql"]
OUTPUT_KINDS: tuple[OutputKind, ...] = get_args(OutputKind)
LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = get_args(LogFormat)

Key = tuple[str | int, ...]
T = TypeVar("T")
S = TypeVar("S", bound=str)


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputSpec:
    """jsonl: one file per run in `directory`; parquet: the same, converted to one
    Parquet file when the run ends (`scraper/parquet.py`); sqlite or postgresql: rows
    of `table` in the state database (of that kind)."""

    kind: OutputKind = "jsonl"
    directory: Path | None = None
    table: str = "articles"


@dataclass(frozen=True, slots=True, kw_only=True)
class RetrySpec:
    """Failed URLs are retried after `backoff * 2**(attempts-1)` s, at most `max_attempts`."""

    max_attempts: int = 5
    backoff: float = 1800.0


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupSpec:
    """Near-duplicates: MinHash similarity at least `threshold`, texts of `min_words`+."""

    near: bool = True
    threshold: float = 0.8
    min_words: int = 30


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateSpec:
    """A block seen on at least `min_pages` pages of a site is removed on later pages."""

    enabled: bool = True
    min_pages: int = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class JobConfig:
    """A whole job, as read from its file; `fetch` and `clean` are the fetcher's and
    the cleaners' own config objects (the learned `template_blocks` are added per site
    by the run)."""

    path: Path
    name: str
    state: Path | DatabaseURL  # a SQLite file, or a PostgreSQL database shared by workers
    log_format: LogFormat = "text"
    lease: float = 60.0  # PostgreSQL state: seconds a worker's claim lasts unless renewed
    sources: tuple[SourceSpec, ...] = ()
    fetch: FetchConfig = field(default_factory=FetchConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    output: OutputSpec = field(default_factory=OutputSpec)
    retry: RetrySpec = field(default_factory=RetrySpec)
    dedup: DedupSpec = field(default_factory=DedupSpec)
    templates: TemplateSpec = field(default_factory=TemplateSpec)


# --- locating keys in the source text (tomllib reports lines for syntax errors only)

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(r"^\s*\"?([A-Za-z0-9_\-]+)\"?\s*=")


def locate(source: str, key: Key) -> int | None:
    """The 1-based line of `key` (e.g. ("sources", 1, "limit")) in `source`.

    Falls back to the line of the enclosing table when the key itself is absent.
    """
    table: Key = ()
    counts: dict[str, int] = {}
    best: int | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _table_key(header.group(1), header.group(2).replace('"', ""), counts)
            if table == key[: len(table)] and len(table) <= len(key):
                best = number
            continue
        assign = _ASSIGN.match(line)
        if assign and (*table, assign.group(1)) == key:
            return number
    return best


def _table_key(bracket: str, name: str, counts: dict[str, int]) -> Key:
    parts: list[str | int] = [part.strip() for part in name.split(".")]
    if bracket == "[[":
        counts[name] = counts.get(name, -1) + 1
        parts.append(counts[name])
    return tuple(parts)


class _Reader:
    """Typed access to the parsed TOML that raises `ConfigError` with a line number."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.source = source

    def fail(self, key: Key, message: str) -> ConfigError:
        line = locate(self.source, key)
        where = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{where}: {_name(key)}: {message}")

    def table(self, data: Mapping[str, Any], key: Key, allowed: set[str]) -> Mapping[str, Any]:
        value = data.get(str(key[-1]), {}) if key else data
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {_show(value)}")
        self.check_keys(value, key, allowed)
        return value

    def check_keys(self, table: Mapping[str, Any], key: Key, allowed: set[str]) -> None:
        for name in table:
            if name not in allowed:
                known = ", ".join(sorted(allowed)) or "none"
                raise self.fail((*key, name), f"unknown key (known keys: {known})")

    def get(self, data: Mapping[str, Any], key: Key, kind: type, default: Any) -> Any:
        value = data.get(str(key[-1]), default)
        if value is default:
            return default
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"expected {_KIND_NAMES[kind]}, got {_show(value)}")
        return value

    def choice(self, data: Mapping[str, Any], key: Key, choices: tuple[S, ...]) -> S:
        value: S = self.get(data, key, str, choices[0])
        if value not in choices:
            raise self.fail(key, f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    def positive(self, data: Mapping[str, Any], key: Key, kind: type, default: Any) -> Any:
        value = self.get(data, key, kind, default)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(key, f"must be a finite number, got {value}")
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise self.fail(key, f"must not be negative, got {value}")
        return value

    def bounded(
        self, data: Mapping[str, Any], key: Key, kind: type, default: Any, top: float
    ) -> Any:
        """A non-negative finite number no larger than `top`."""
        value = self.positive(data, key, kind, default)
        if value is not None and value > top:
            raise self.fail(key, f"must be at most {top:g}, got {value}")
        return value


_KIND_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}
_KIND_NAMES[list] = "a list"


def _show(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _name(key: Key) -> str:
    if not key:
        return "job file"
    head, *rest = key
    if rest and isinstance(rest[0], int):
        return f"[[{head}]] #{rest[0] + 1}" + ("".join(f" {part}" for part in rest[1:]))
    table = ".".join(str(part) for part in key[:-1])
    return f"[{table}] {key[-1]}" if table else str(key[-1])


# --- reading the sections


MAX_JOB_BYTES = 1_000_000


def read_bounded(path: Path, limit: int) -> str:
    """The UTF-8 text of `path`, read no further than `limit` bytes (an endless file
    such as /dev/zero fails instead of filling memory)."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than {limit} bytes")
    return data.decode("utf-8")


def load_job(path: str | Path) -> JobConfig:
    """Read and check the job file at `path`; raise `ConfigError` naming key and line."""
    path = Path(path)
    try:
        source = read_bounded(path, MAX_JOB_BYTES)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else _unreadable(error)
        raise ConfigError(f"{path}: cannot read job file: {reason}") from None
    return parse_job(source, path)


def _unreadable(error: ValueError) -> str:
    return "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else str(error)


def parse_job(source: str, path: Path) -> JobConfig:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_syntax_message(path, error)) from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    reader = _Reader(path, source)
    top = {"job", "sources", "fetch", "clean", "output", "retry", "dedup", "templates"}
    reader.table(data, (), top)
    base = path.parent
    job = reader.table(data, ("job",), {"name", "state", "log_format", "lease"})
    state = _state(reader, job, base)
    return JobConfig(
        path=path,
        name=reader.get(job, ("job", "name"), str, path.stem),
        state=state,
        log_format=reader.choice(job, ("job", "log_format"), LOG_FORMATS),
        lease=_lease(reader, job),
        sources=_sources(reader, data),
        fetch=_build(reader, FetchConfig, _options(reader, data, "fetch", _fetch_fields())),
        clean=_build(reader, CleanConfig, _options(reader, data, "clean", _clean_fields())),
        output=_output(reader, data, base, state),
        retry=_retry(reader, data),
        dedup=_dedup(reader, data),
        templates=_templates(reader, data),
    )


def _state(reader: _Reader, job: Mapping[str, Any], base: Path) -> Path | DatabaseURL:
    """A SQLite path (relative to the job file) or a postgresql:// URL without a password."""
    state: str | None = reader.get(job, ("job", "state"), str, None)
    if state is None:
        raise reader.fail(("job",), "missing key 'state' (the state database path or URL)")
    if not is_database_url(state):
        return base / state
    problem = password_problem(state)
    if problem is not None:
        raise reader.fail(("job", "state"), problem)
    return DatabaseURL(state)


def _syntax_message(path: Path, error: tomllib.TOMLDecodeError) -> str:
    text = str(error)
    match = re.search(r"\(at line (\d+), column \d+\)", text)
    if match:
        return f"{path}:{match.group(1)}: invalid TOML: {text[: match.start()].strip()}"
    return f"{path}: invalid TOML: {text}"


def _sources(reader: _Reader, data: Mapping[str, Any]) -> tuple[SourceSpec, ...]:
    items = data.get("sources")
    if not isinstance(items, list) or not items:
        raise reader.fail(("sources",), "at least one [[sources]] table is required")
    return tuple(_source(reader, item, ("sources", index)) for index, item in enumerate(items))


def _source(reader: _Reader, item: Any, key: Key) -> SourceSpec:
    if not isinstance(item, dict):
        raise reader.fail(key, "expected a table")
    reader.check_keys(item, key, {"kind", "url", "urls", "file", "limit"})
    kind = reader.get(item, (*key, "kind"), str, None)
    if kind not in SOURCE_KINDS:
        raise reader.fail((*key, "kind"), f"expected one of {', '.join(SOURCE_KINDS)}")
    limit = reader.bounded(item, (*key, "limit"), int, None, 10_000_000)
    if kind == "urls":
        return SourceSpec(kind=kind, urls=_url_list(reader, item, key), limit=limit)
    url = reader.get(item, (*key, "url"), str, None)
    if not url:
        raise reader.fail(key, f"a {kind} source needs a 'url'")
    return SourceSpec(kind=kind, url=_check_url(reader, (*key, "url"), url), limit=limit)


def _url_list(reader: _Reader, item: Mapping[str, Any], key: Key) -> tuple[str, ...]:
    urls = reader.get(item, (*key, "urls"), list, [])
    listed = reader.get(item, (*key, "file"), str, None)
    if listed is not None:
        try:
            urls = urls + read_url_file(str(reader.path.parent / listed))
        except InputError as error:
            raise reader.fail((*key, "file"), str(error)) from None
    if not urls:
        raise reader.fail(key, "a urls source needs 'urls' or 'file'")
    for url in urls:
        if not isinstance(url, str):
            raise reader.fail((*key, "urls"), f"expected strings, got {_show(url)}")
        _check_url(reader, (*key, "urls"), url)
    return tuple(urls)


def _check_url(reader: _Reader, key: Key, url: str) -> str:
    if not re.match(r"^https?://[^/\s]+", url):
        raise reader.fail(key, f"not an http(s) URL: {url!r}")
    return url


def _lease(reader: _Reader, job: Mapping[str, Any]) -> float:
    lease: float = reader.bounded(job, ("job", "lease"), float, 60.0, 86_400.0)
    if lease < 1:
        raise reader.fail(("job", "lease"), f"must be at least 1 second, got {lease}")
    return lease


def _fetch_fields() -> dict[str, Any]:
    """The fetcher's option names and defaults, read from `FetchConfig` itself."""
    fields = _defaults(FetchConfig)
    fields.pop("pacer", None)  # set by a cooperating worker's run, not configured
    return fields


def _clean_fields() -> dict[str, Any]:
    fields = _defaults(CleanConfig)
    fields.pop("template_blocks", None)  # learned from the state store, not configured
    return fields


def _defaults(cls: Any) -> dict[str, Any]:
    instance = cls()
    return {f.name: getattr(instance, f.name) for f in dataclasses.fields(cls) if f.init}


def _options(
    reader: _Reader, data: Mapping[str, Any], section: str, fields: Mapping[str, Any]
) -> Mapping[str, Any]:
    table = reader.table(data, (section,), set(fields))
    options: dict[str, Any] = {}
    for name in table:
        default = fields[name]
        kind = type(default) if default is not None else type(table[name])
        if isinstance(default, tuple):
            kind = list
        value = reader.positive(table, (section, name), kind, None)
        options[name] = tuple(value) if isinstance(default, tuple) else value
    return options


def _build(reader: _Reader, cls: Callable[..., T], options: Mapping[str, Any]) -> T:
    section = "fetch" if cls is FetchConfig else "clean"
    try:
        return cls(**options)
    except (ConfigError, TypeError, ValueError) as error:
        named = [name for name in options if re.search(rf"\b{name}\b", str(error))]
        key: Key = (section, named[0]) if named else (section,)
        raise reader.fail(key, str(error)) from None


def _output(
    reader: _Reader, data: Mapping[str, Any], base: Path, state: Path | DatabaseURL
) -> OutputSpec:
    table = reader.table(data, ("output",), {"kind", "directory", "table"})
    kind = reader.choice(table, ("output", "kind"), OUTPUT_KINDS)
    shared = isinstance(state, DatabaseURL)
    if (kind == "sqlite" and shared) or (kind == "postgresql" and not shared):
        needs = "a postgresql:// state URL" if kind == "postgresql" else "a SQLite state file"
        raise reader.fail(("output", "kind"), f"{kind!r} output needs {needs} in [job] state")
    name = reader.get(table, ("output", "table"), str, OutputSpec().table)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", name):
        raise reader.fail(("output", "table"), f"not a plain table name: {name!r}")
    if sqlite.reserved_table_name(name) or postgres.reserved_table_name(name):
        raise reader.fail(("output", "table"), f"{name!r} is a table of the state itself")
    directory = reader.get(table, ("output", "directory"), str, None)
    if kind in ("jsonl", "parquet") and directory is None:
        raise reader.fail(("output",), f"missing key 'directory' for {kind} output")
    if kind == "parquet":
        require("pyarrow", "parquet")
    return OutputSpec(kind=kind, directory=base / directory if directory else None, table=name)


def _retry(reader: _Reader, data: Mapping[str, Any]) -> RetrySpec:
    table, default = reader.table(data, ("retry",), {"max_attempts", "backoff"}), RetrySpec()
    attempts = reader.bounded(table, ("retry", "max_attempts"), int, default.max_attempts, 100)
    if attempts < 1:
        raise reader.fail(("retry", "max_attempts"), "must be at least 1")
    backoff = reader.bounded(table, ("retry", "backoff"), float, default.backoff, _YEAR)
    return RetrySpec(max_attempts=attempts, backoff=backoff)


_YEAR = 365 * 86_400.0


def _dedup(reader: _Reader, data: Mapping[str, Any]) -> DedupSpec:
    table, default = reader.table(data, ("dedup",), {"near", "threshold", "min_words"}), DedupSpec()
    threshold = reader.positive(table, ("dedup", "threshold"), float, default.threshold)
    if not 0.5 <= threshold <= 1.0:
        raise reader.fail(("dedup", "threshold"), "must be between 0.5 and 1.0")
    words = reader.bounded(table, ("dedup", "min_words"), int, default.min_words, 1_000_000)
    return DedupSpec(
        near=reader.get(table, ("dedup", "near"), bool, default.near),
        threshold=threshold,
        min_words=words,
    )


def _templates(reader: _Reader, data: Mapping[str, Any]) -> TemplateSpec:
    table, default = reader.table(data, ("templates",), {"enabled", "min_pages"}), TemplateSpec()
    pages = reader.bounded(table, ("templates", "min_pages"), int, default.min_pages, 1_000_000)
    if pages < 2:
        raise reader.fail(("templates", "min_pages"), "must be at least 2")
    enabled = reader.get(table, ("templates", "enabled"), bool, default.enabled)
    return TemplateSpec(enabled=enabled, min_pages=pages)

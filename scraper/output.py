"""Output writers: JSON Lines, plain text, Markdown and HTML, to stdout or a file.

Markdown and HTML are rendered from the record's document (`Document.to_markdown`,
`cleaners.render.html`): headings, lists, tables and code as the page had them. HTML
output is one page: the doctype and charset once, then one `<article>` per document.
Parquet (`scraper/parquet.py`) is one row per document, to a file only.

What `-o PATH` does to what is already there:

- a regular file (or nothing yet) is written to a temporary neighbour, fsync'ed and
  renamed over PATH only when the run ends normally and wrote something or failed
  nowhere; an interrupted run (Ctrl-C, an exception) or one in which every input
  failed leaves the previous file as it was. A new file's permissions follow the
  umask; a replaced file keeps its permissions.
- a symbolic link is followed: the file it points to is the one written (replaced as
  above), the link stays.
- anything else that is not a directory (/dev/null, a FIFO, a terminal) is opened and
  written to directly, never replaced, as is stdout (`-`). There, as on stdout, each
  record is written whole and flushed, so an interrupted run leaves complete records.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TextIO

from cleaners import Document
from scraper.errors import ConfigError

FORMATS = ("jsonl", "txt", "md", "html", "parquet")


class Writer(Protocol):
    count: int

    def write(self, record: dict[str, Any]) -> None: ...

    def discard(self) -> None: ...


class _Writer:
    def __init__(self, stream: TextIO, fmt: str) -> None:
        self._stream = stream
        self._fmt = fmt
        self.count = 0
        self.discarded = False

    def write(self, record: dict[str, Any]) -> None:
        """Write one record whole (one call) and flush it."""
        if self._fmt == "jsonl":
            chunk = json.dumps(record, ensure_ascii=False) + "\n"
        elif self._fmt == "html":
            chunk = render_html(record, first=not self.count)
        else:
            gap = ("\n\n" if self._fmt == "md" else "\n\f\n") if self.count else ""
            chunk = gap + (render_md(record) if self._fmt == "md" else render_txt(record))
        self._stream.write(chunk)
        self._stream.flush()
        self.count += 1

    def discard(self) -> None:
        """Keep the previous file: what this run wrote is dropped (files only)."""
        self.discarded = True


def render_txt(record: dict[str, Any]) -> str:
    head = f"{record['title']}\n\n" if record.get("title") else ""
    return f"{head}{record.get('text', '')}\n"


def render_md(record: dict[str, Any]) -> str:
    return Document.from_dict(record).to_markdown()


def render_html(record: dict[str, Any], *, first: bool) -> str:
    """One `<article>`; the first record also starts the page."""
    return Document.from_dict(record).to_html(standalone=first)


@contextmanager
def open_writer(path: str | os.PathLike[str] | None, fmt: str = "jsonl") -> Iterator[Writer]:
    """A writer to `path` (stdout when None or "-"); see the module docstring.

    Raises `ConfigError` (one line naming the path) when `path` cannot be written.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "parquet":  # a binary file of row groups: scraper/parquet.py
        from scraper.parquet import open_parquet

        with open_parquet(path) as parquet:
            yield parquet
        return
    if path is None or str(path) == "-":
        yield _Writer(sys.stdout, fmt)
        return
    target = Path(os.path.realpath(path))
    mode = _existing_mode(path, target)
    if mode is not None and not stat.S_ISREG(mode):
        with _open_direct(path, target) as stream:
            yield _Writer(stream, fmt)
        return
    with _replacing(path, target, mode) as stream:
        writer = _Writer(stream, fmt)
        yield writer
        if writer.discarded:
            raise _Discard


def replace_file(path: str | os.PathLike[str], text: str) -> None:
    """`text` as the whole of the file at `path`, written as `-o PATH` writes: a regular
    file (or none yet) through a temporary neighbour renamed over it, so an interrupted
    write leaves the previous file as it was (the model files `scraper train` writes);
    a device or FIFO directly. Raises `ConfigError` when `path` cannot be written."""
    target = Path(os.path.realpath(path))
    mode = _existing_mode(path, target)
    writing = (
        _open_direct(path, target)
        if mode is not None and not stat.S_ISREG(mode)
        else _replacing(path, target, mode)
    )
    with writing as stream:
        stream.write(text)


class _Discard(Exception):
    """Raised inside `_replacing` to drop the temporary file at a normal end."""


def _existing_mode(path: str | os.PathLike[str], target: Path) -> int | None:
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _unwritable(path, error) from None
    if stat.S_ISDIR(mode):
        raise ConfigError(f"cannot write {os.fspath(path)}: it is a directory")
    if not os.access(target, os.W_OK):
        raise ConfigError(f"cannot write {os.fspath(path)}: permission denied")
    return mode


@contextmanager
def _open_direct(path: str | os.PathLike[str], target: Path) -> Iterator[TextIO]:
    """A special file (device, FIFO): written to, never replaced."""
    try:
        stream = open(target, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as error:
        raise _unwritable(path, error) from None
    with stream:
        yield stream


@contextmanager
def _replacing(path: str | os.PathLike[str], target: Path, mode: int | None) -> Iterator[TextIO]:
    """A temporary neighbour of `target`, renamed over it only at a normal end."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        os.fchmod(fd, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            try:
                yield stream
            except _Discard:
                return
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, target)
        _fsync_directory(target.parent)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory: the rename still happened
    finally:
        os.close(fd)


def _unwritable(path: str | os.PathLike[str], error: OSError) -> ConfigError:
    return ConfigError(f"cannot write {os.fspath(path)}: {error.strerror or error}")

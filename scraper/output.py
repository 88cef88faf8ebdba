"""Output writers: JSON Lines, plain text and Markdown, written atomically to a file."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TextIO

FORMATS = ("jsonl", "txt", "md")


class Writer(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...


class _Writer:
    def __init__(self, stream: TextIO, fmt: str) -> None:
        self._stream = stream
        self._fmt = fmt
        self._count = 0

    def write(self, record: dict[str, Any]) -> None:
        if self._fmt == "jsonl":
            self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            if self._count:
                self._stream.write("\n\n" if self._fmt == "md" else "\n\f\n")
            self._stream.write(render_md(record) if self._fmt == "md" else render_txt(record))
        self._stream.flush()
        self._count += 1


def render_txt(record: dict[str, Any]) -> str:
    head = f"{record['title']}\n\n" if record.get("title") else ""
    return f"{head}{record.get('text', '')}\n"


def render_md(record: dict[str, Any]) -> str:
    lines = [f"# {record['title']}", ""] if record.get("title") else []
    facts = [", ".join(record.get("authors") or []), record.get("published") or ""]
    facts += [record.get("site_name") or "", record.get("url") or record.get("source") or ""]
    line = " · ".join(fact for fact in facts if fact)
    if line:
        lines += [f"*{line}*", ""]
    lines.append(record.get("text", ""))
    return "\n".join(lines) + "\n"


@contextmanager
def open_writer(path: str | os.PathLike[str] | None, fmt: str = "jsonl") -> Iterator[Writer]:
    """A writer to `path` (stdout when None or "-").

    A file is written to a temporary neighbour and renamed into place when the block
    ends, even when it ends with an error: what was written is kept, never half a file.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if path is None or str(path) == "-":
        yield _Writer(sys.stdout, fmt)
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield _Writer(stream, fmt)
            stream.flush()
            os.fsync(stream.fileno())
    finally:
        if os.path.exists(tmp):
            os.replace(tmp, target)

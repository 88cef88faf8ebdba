"""Parquet output: one row per document, written in row groups as documents stream in.

Schema (`schema()`; pyarrow, extra `parquet`), one row per document:

- string: url, source, final_url, title, site_name, language, canonical_url,
  description, image, page_type, sha256; large_string: text (the plain text)
- list<string>: authors, editors, tags
- timestamp[ms, UTC]: published, modified, fetched_at (the instant; a time without
  an offset is read as UTC, a date alone as its midnight UTC), each with a string
  column `<name>_text` holding the value as the document gave it, offset included
- int32 word_count; int16 status (the HTTP status of fetch and run records)
- blocks: list<struct<kind: string, text: large_string, level: int8, language:
  string, items: list<struct<text: string, depth: int8, ordered: bool>>, rows:
  list<list<string>>, header: bool>>: `Document.blocks` as in `to_dict()`, the
  fields a kind lacks null
- removed: list<struct<kind: string, excerpt: string>>; provenance: map<string, string>
- extra: string, any other fields of the record as a JSON object (null when none)

Memory stays bounded: rows are kept until `ROW_GROUP_ROWS` documents or
`ROW_GROUP_BYTES` of text, then written as one row group and dropped. The file is
written to a temporary neighbour and renamed over the target when the run ends (as
the other writers do for a regular file); a discarded or failed run leaves the target
as it was. Parquet needs a file: stdout and special files are refused.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scraper.errors import ConfigError
from scraper.extras import require

if TYPE_CHECKING:
    import pyarrow as pa

ROW_GROUP_ROWS = 2000
ROW_GROUP_BYTES = 32 << 20  # characters of text and blocks held before a row group is written

_STRINGS = (
    "url",
    "source",
    "final_url",
    "title",
    "site_name",
    "language",
    "canonical_url",
    "description",
    "image",
    "page_type",
    "sha256",
)
_LISTS = ("authors", "editors", "tags")
_TIMES = ("published", "modified", "fetched_at")
_KNOWN = frozenset(
    (*_STRINGS, *_LISTS, *_TIMES, "text", "word_count", "status", "blocks", "removed")
) | {"provenance"}


def schema() -> pa.Schema:
    """The documented schema (see the module docstring)."""
    require("pyarrow", "parquet")
    import pyarrow as pa

    item = pa.struct([("text", pa.string()), ("depth", pa.int8()), ("ordered", pa.bool_())])
    block = pa.struct(
        [
            ("kind", pa.string()),
            ("text", pa.large_string()),
            ("level", pa.int8()),
            ("language", pa.string()),
            ("items", pa.list_(item)),
            ("rows", pa.list_(pa.list_(pa.string()))),
            ("header", pa.bool_()),
        ]
    )
    fields: list[tuple[str, pa.DataType]] = [(name, pa.string()) for name in _STRINGS]
    fields += [(name, pa.list_(pa.string())) for name in _LISTS]
    for name in _TIMES:
        fields += [(name, pa.timestamp("ms", tz="UTC")), (f"{name}_text", pa.string())]
    fields += [
        ("word_count", pa.int32()),
        ("status", pa.int16()),
        ("text", pa.large_string()),
        ("blocks", pa.list_(block)),
        ("removed", pa.list_(pa.struct([("kind", pa.string()), ("excerpt", pa.string())]))),
        ("provenance", pa.map_(pa.string(), pa.string())),
        ("extra", pa.string()),
    ]
    return pa.schema(fields)


def row(record: dict[str, Any]) -> dict[str, Any]:
    """One record (`Document.to_dict()` and extra fields) as a row of `SCHEMA`."""
    out: dict[str, Any] = {name: _string(record.get(name)) for name in _STRINGS}
    for name in _LISTS:
        out[name] = [str(value) for value in record.get(name) or ()]
    for name in _TIMES:
        value = record.get(name)
        out[name], out[f"{name}_text"] = instant(value), _string(value)
    out["word_count"] = record.get("word_count")
    out["status"] = record.get("status")
    out["text"] = record.get("text") or ""
    out["blocks"] = [_block(block) for block in record.get("blocks") or ()]
    out["removed"] = list(record.get("removed") or ())
    out["provenance"] = list((record.get("provenance") or {}).items())
    extra = {key: value for key, value in record.items() if key not in _KNOWN}
    out["extra"] = json.dumps(extra, ensure_ascii=False, default=str) if extra else None
    return out


def _string(value: Any) -> str | None:
    return None if value is None else str(value)


def _block(block: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": block.get("kind"),
        "text": block.get("text"),
        "level": block.get("level"),
        "language": block.get("language"),
        "items": block.get("items"),
        "rows": block.get("rows"),
        "header": block.get("header"),
    }


def instant(value: Any) -> datetime | None:
    """The UTC instant of an ISO 8601 date or time (naive: UTC), else None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return None
        moment = datetime(day.year, day.month, day.day)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _size(record: dict[str, Any]) -> int:
    text = record.get("text") or ""
    return 2 * len(text) + 256  # the text twice over: as text and inside the blocks


class ParquetWriter:
    """Writes records as rows of one Parquet file, a row group at a time."""

    def __init__(self, stream: Any, *, group_rows: int = ROW_GROUP_ROWS) -> None:
        require("pyarrow", "parquet")
        import pyarrow.parquet as pq

        self._group_rows = group_rows
        self._schema = schema()
        self._writer = pq.ParquetWriter(stream, self._schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._held = 0
        self.count = 0
        self.discarded = False

    def write(self, record: dict[str, Any]) -> None:
        self._rows.append(row(record))
        self._held += _size(record)
        self.count += 1
        if len(self._rows) >= self._group_rows or self._held >= ROW_GROUP_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write the rows held as one row group."""
        if not self._rows:
            return
        import pyarrow as pa

        table = pa.Table.from_pylist(self._rows, schema=self._schema)
        self._rows, self._held = [], 0
        self._writer.write_table(table)

    def close(self) -> None:
        self.flush()
        self._writer.close()

    def abort(self) -> None:
        """Close without writing the rows held (the file is being dropped)."""
        self._rows = []
        self._writer.close()

    def discard(self) -> None:
        """Keep the previous file: what this run wrote is dropped."""
        self.discarded = True


@contextmanager
def open_parquet(
    path: str | os.PathLike[str] | None, *, group_rows: int = ROW_GROUP_ROWS
) -> Iterator[ParquetWriter]:
    """A Parquet writer to `path`, renamed into place at a normal end (see module doc)."""
    if path is None or str(path) == "-":
        raise ConfigError("--format parquet needs -o FILE (Parquet is not written to stdout)")
    require("pyarrow", "parquet")
    target = Path(os.path.realpath(path))
    mode = _existing_mode(path, target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise ConfigError(f"cannot write {os.fspath(path)}: {error.strerror or error}") from None
    try:
        os.fchmod(fd, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as stream:
            writer = ParquetWriter(stream, group_rows=group_rows)
            try:
                yield writer
            except BaseException:
                writer.abort()
                raise
            writer.close()
            stream.flush()
            os.fsync(stream.fileno())
        if not writer.discarded:
            os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _existing_mode(path: str | os.PathLike[str], target: Path) -> int | None:
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ConfigError(f"cannot write {os.fspath(path)}: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        raise ConfigError(f"cannot write {os.fspath(path)}: Parquet needs a regular file")
    return mode


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def jsonl_to_parquet(source: Path, target: Path) -> int:
    """Convert a JSON Lines file of records to Parquet at `target`, streaming; rows written."""
    with open_parquet(target) as writer, open(source, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                writer.write(json.loads(line))
    return writer.count


def generated_records(count: int, words: int = 600) -> Iterator[dict[str, Any]]:
    """`count` made-up documents of about `words` words with blocks (for the memory bench)."""
    from cleaners import Document

    sentence = "The council met again on Tuesday to talk about the budget of the town. "
    body = sentence * max(1, words // 14)
    for number in range(count):
        blocks = [
            {"kind": "heading", "text": f"Part {number}", "level": 2},
            {"kind": "paragraph", "text": body},
            {"kind": "list", "items": [_item("one", 0), _item("two", 1)]},
            {"kind": "table", "rows": [["a", "b"], [str(number), "x"]], "header": True},
            {"kind": "code", "text": "x = 1\nprint(x)", "language": "python"},
        ]
        text = f"Part {number}\n\n{body}\n\none\n\ntwo\n\na\n\nb\n\n{number}\n\nx\n\nx = 1 print(x)"
        document = Document(
            text=text,
            url=f"https://example.org/{number}",
            title=f"Document {number}",
            authors=("Ana Silva",),
            published="2026-11-29T10:00:00+01:00",
            language="en",
        )
        record = {**document.to_dict(), "blocks": blocks}
        yield {**record, "status": 200, "fetched_at": "2026-11-29T09:00:00+00:00"}


def _item(text: str, depth: int) -> dict[str, Any]:
    return {"text": text, "depth": depth, "ordered": False}


def memory_bench(path: Path, count: int) -> tuple[int, float]:
    """Write `count` generated documents to `path`; (rows written, peak RSS in MB)."""
    import resource

    with open_parquet(path) as writer:
        for record in generated_records(count):
            writer.write(record)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return writer.count, peak

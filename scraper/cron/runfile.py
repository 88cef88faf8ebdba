"""Where a run's documents go, durably, and how a killed run's output is repaired.

JSONL output: one file per run, `run-<start time>.jsonl` in the job's directory,
written as a hidden `.run-....jsonl.part` and renamed when the run ends. Each line is
written and fsync'ed *before* the state commit that records it together with the
file's new length (`runs.output_bytes`). So after a kill, the part file holds the
committed lines plus at most one uncommitted (maybe partial) line; `repair` cuts the
file back to the committed length and publishes it. The uncommitted page was never
recorded, so the next run fetches and writes it again: nothing lost, nothing twice.

Every write is checked whole (a short write is continued, a failed one undone): a
full disk (ENOSPC, or EFBIG at a file size limit) raises `OutputError` with the file
holding only whole, committed lines, and nothing is committed for the line that
failed; the run then ends, and the next one fetches that page again.

SQLite output: the document row is inserted in the state commit itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from scraper.cron.job import OutputSpec
from scraper.errors import OutputError
from scraper.state import StateStore


def output_name(started: str) -> str:
    stamp = started.replace("+00:00", "Z").replace("-", "").replace(":", "")
    return f"run-{stamp}.jsonl"


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class JsonlRunFile:
    """The run's JSONL file, opened on the first document (no empty files)."""

    def __init__(self, directory: Path, name: str) -> None:
        self.final = directory / name
        self.part = directory / f".{name}.part"
        self._fd: int | None = None
        self.size = 0

    def append(self, record: dict[str, Any]) -> int:
        """Write one line and fsync it; return the file's new length."""
        if self._fd is None:
            self.final.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.part, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            _fsync_dir(self.part.parent)
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            _write_all(self._fd, line)
            os.fsync(self._fd)
        except OSError as error:
            self._undo()
            raise OutputError(f"{self.part}: cannot write: {error.strerror or error}") from None
        self.size += len(line)
        return self.size

    def cut_back(self, size: int) -> None:
        """Take back what was appended after `size` bytes, whose commit did not happen
        (a cooperating worker's lease was lost): the next line starts there."""
        if self._fd is not None and size < self.size:
            self.size = size
            self._undo()

    def _undo(self) -> None:
        """Cut the file back to its last whole line (what the state has committed)."""
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, self.size)
            os.fsync(self._fd)
        except OSError:
            pass  # `repair` cuts it on the next run: the state holds the true length

    def publish(self) -> Path | None:
        """Rename the finished file into place (None when no document was written)."""
        if self._fd is None:
            return None
        os.close(self._fd)
        self._fd = None
        if not self.size:  # every write failed: no empty files
            self.part.unlink(missing_ok=True)
            return None
        os.replace(self.part, self.final)
        _fsync_dir(self.final.parent)
        return self.final


def _write_all(fd: int, data: bytes) -> None:
    """Write all of `data`: `os.write` may write less (a signal, a nearly full disk)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(28, "No space left on device")
        view = view[written:]


def repair(store: StateStore, spec: OutputSpec, now: str) -> list[int]:
    """Close the runs a kill left open: cut their files to what was committed."""
    repaired = []
    for run in store.unfinished_runs():
        if spec.kind in ("jsonl", "parquet") and spec.directory is not None and run.output:
            _cut(spec.directory, run.output, run.output_bytes)
            if spec.kind == "parquet" and (spec.directory / run.output).exists():
                run_parquet(spec.directory / run.output)
        store.finish_run(run.id, ended=now, counts={"interrupted": 1}, exit_status=-1)
        repaired.append(run.id)
    return repaired


def run_parquet(path: Path) -> Path:
    """The published JSONL run file converted to Parquet beside it (then removed).

    Run again after a kill (by `repair`), it converts the file again: the JSONL file
    goes only once the Parquet file is in place.
    """
    from scraper.parquet import jsonl_to_parquet

    target = path.with_suffix(".parquet")
    jsonl_to_parquet(path, target)
    path.unlink()
    _fsync_dir(path.parent)
    return target


def _cut(directory: Path, name: str, length: int) -> None:
    part, final = directory / f".{name}.part", directory / name
    for path in (part, final):
        # Only ever shorter: a file shorter than its committed length is left as it is
        # (extending it would pad it with NUL bytes).
        if path.exists() and path.stat().st_size > length:
            with open(path, "r+b") as handle:
                handle.truncate(length)
                handle.flush()
                os.fsync(handle.fileno())
    if part.exists():
        if length:
            os.replace(part, final)
        else:
            part.unlink()
        _fsync_dir(directory)

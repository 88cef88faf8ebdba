"""Batch extraction in shards: each shard its own output part and completion marker,
so a rerun redoes only the shards that did not finish.

    with ray_executor(address=None) as executor:        # or any Executor
        for outcome in extract_parts(inputs, "out/", fmt="jsonl", executor=executor):
            outcome.written, outcome.failures, outcome.complete

The plan (`plan_shards`): the inputs in the order given (directories expanded by
`find_inputs`); a WARC archive is a shard of its own, consecutive page files are
batched `shard_size` to a shard. A shard's id is a hash of its input paths as given,
so the same inputs make the same shards on every run.

The output directory:

    part-00000-<id>.jsonl          the shard's documents, in input order (or .parquet)
    part-00000-<id>.jsonl.done     its marker: JSON of the shard's inputs, documents
                                   written, the part's size, and each page that gave
                                   no document with its reason

`cat out/part-*.jsonl` is what `scraper extract --engine local` writes, record for
record. A directory holding parts of other inputs is refused (`ConfigError`): its
parts would be read together with this run's.

`run_shard` runs where the executor puts it: the shard's pages (`file_pages`) through
`extract_pages` in that process, every document into the part (`open_writer`: a
temporary neighbour renamed at the end), then the marker, written the same way. A
shard in which an input could not be read (gone, unreadable) keeps its part but gets
no marker, so the next run reads it again; a page with no article is a result,
recorded in the marker. `extract_parts` skips shards whose marker and part are there
(their recorded failures are reported again, so a rerun reports what the whole run
did), submits the others, and yields each shard's outcome as it ends; a shard whose
task failed (its worker killed twice, a full disk) is an outcome with its `error`,
and the other shards go on.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaners import CleanConfig
from scraper.engine import InlineExecutor, PageResult, extract_pages
from scraper.errors import ConfigError, ScraperError
from scraper.output import Writer, open_writer
from scraper.sources.files import file_pages, is_one_page

FORMATS = ("jsonl", "parquet")
SHARD_SIZE = 100  # page files per shard: seconds of work, a marker's worth of loss
_PART = re.compile(r"part-\d+-[0-9a-f]+\.(jsonl|parquet)(\.done)?")


@dataclass(frozen=True, slots=True, kw_only=True)
class Shard:
    """Some inputs cleaned by one task, written to one part."""

    index: int
    inputs: tuple[str, ...]

    @property
    def id(self) -> str:
        return hashlib.sha256("\n".join(self.inputs).encode()).hexdigest()[:16]

    def part(self, fmt: str) -> str:
        return f"part-{self.index:05d}-{self.id}.{fmt}"

    def marker(self, fmt: str) -> str:
        return self.part(fmt) + ".done"


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """A page that gave no document: `rejected` is why a readable page held no article
    (None for a failure), `unread` that its input could not be read."""

    name: str
    reason: str
    rejected: str | None = None
    unread: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ShardOutcome:
    """What became of a shard: `complete` (its marker written), `skipped` (complete
    before this run), or `error` (its task failed; its part may be missing)."""

    shard: Shard
    written: int = 0
    failures: tuple[Failure, ...] = ()
    complete: bool = False
    skipped: bool = False
    error: str | None = None


def plan_shards(inputs: Iterable[str], shard_size: int = SHARD_SIZE) -> list[Shard]:
    """The shards of `inputs`: an archive alone, page files `shard_size` at a time."""
    groups: list[list[str]] = []
    batch: list[str] = []
    for path in inputs:
        if path == "-":
            raise ConfigError("standard input cannot be sharded: give files")
        if is_one_page(path):
            batch.append(path)
            if len(batch) < shard_size:
                continue
        else:
            groups += [batch] if batch else []
            batch = [path]
        groups.append(batch)
        batch = []
    groups += [batch] if batch else []
    return [Shard(index=n, inputs=tuple(group)) for n, group in enumerate(groups)]


def extract_parts(
    inputs: Iterable[str],
    directory: str | os.PathLike[str],
    *,
    executor: Executor,
    fmt: str = "jsonl",
    config: CleanConfig | None = None,
    url: str | None = None,
    shard_size: int = SHARD_SIZE,
) -> Iterator[ShardOutcome]:
    """Clean `inputs` shard by shard into parts in `directory`; see the module docstring.

    Raises `ConfigError` for a format other than jsonl and parquet, standard input, or
    a directory that cannot be made or holds parts of other inputs.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"sharded output is jsonl or parquet, not {fmt}")
    out = Path(directory)
    shards = plan_shards(inputs, shard_size)
    _prepare_directory(out, shards, fmt)
    futures: dict[Future[ShardOutcome], Shard] = {}
    for shard in shards:
        done = _recorded(out, shard, fmt)
        if done is not None:
            yield done
        else:
            futures[executor.submit(run_shard, shard, str(out), fmt, config, url)] = shard
    for future in as_completed(futures):
        yield _outcome(futures[future], future)


def _outcome(shard: Shard, future: Future[ShardOutcome]) -> ShardOutcome:
    try:
        return future.result()
    except Exception as error:  # the task's own failure, raised where it ran
        return ShardOutcome(shard=shard, error=_last_line(error))


def _last_line(error: BaseException) -> str:
    """An error's message; of a task's error carrying its traceback, the last line."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__


def _prepare_directory(out: Path, shards: list[Shard], fmt: str) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        names = {p.name for p in out.iterdir() if _PART.fullmatch(p.name)}
    except OSError as error:
        raise ConfigError(f"cannot write {out}: {error.strerror or error}") from None
    ours = {shard.part(fmt) for shard in shards} | {shard.marker(fmt) for shard in shards}
    others = sorted(names - ours)
    if others:
        raise ConfigError(
            f"{out} holds parts of other inputs ({others[0]}, ...): use a new directory"
        )


def _recorded(out: Path, shard: Shard, fmt: str) -> ShardOutcome | None:
    """The outcome its marker recorded, when the marker and its whole part are there."""
    try:
        marker = json.loads((out / shard.marker(fmt)).read_text(encoding="utf-8"))
        size = (out / shard.part(fmt)).stat().st_size
    except (OSError, ValueError):
        return None
    if marker.get("id") != shard.id or marker.get("size") != size:
        return None
    try:
        failures = tuple(Failure(**failure) for failure in marker.get("failures", ()))
        written = int(marker.get("written", 0))
    except (TypeError, ValueError):  # a marker of another version: the shard is redone
        return None
    return ShardOutcome(
        shard=shard, written=written, failures=failures, complete=True, skipped=True
    )


def run_shard(
    shard: Shard, directory: str, fmt: str, config: CleanConfig | None, url: str | None
) -> ShardOutcome:
    """Clean one shard into its part, then write its marker unless an input was unread."""
    out = Path(directory)
    with open_writer(out / shard.part(fmt), fmt) as writer:
        failures = asyncio.run(_write(shard, writer, config, url))
        written = writer.count
    complete = not any(failure.unread for failure in failures)
    if complete:
        size = (out / shard.part(fmt)).stat().st_size
        _write_marker(out / shard.marker(fmt), shard, written, size, failures)
    return ShardOutcome(shard=shard, written=written, failures=tuple(failures), complete=complete)


async def _write(
    shard: Shard, writer: Writer, config: CleanConfig | None, url: str | None
) -> list[Failure]:
    """The engine over the shard's pages in this process: documents written, the
    pages that gave none returned."""
    failures: list[Failure] = []
    pages = file_pages(shard.inputs, url)
    async for result in extract_pages(pages, executor=InlineExecutor(), clean_config=config):
        if result.document is not None:
            writer.write(result.to_dict())
        else:
            failures.append(_failure(result))
    return failures


def _failure(result: PageResult) -> Failure:
    error = result.error or ScraperError("failed")
    reason = getattr(error, "reason", None)
    rejected = reason if isinstance(reason, str) else None
    text = " ".join(str(error).split()) or type(error).__name__
    source_failed = result.page.error is not None and rejected is None
    unread = getattr(error, "kind", None) == "read" or (
        source_failed and not os.access(result.name, os.R_OK)
    )
    return Failure(name=result.name, reason=text, rejected=rejected, unread=unread)


def _write_marker(
    path: Path, shard: Shard, written: int, size: int, failures: list[Failure]
) -> None:
    """The marker, written whole or not at all (a temporary neighbour renamed)."""
    record: dict[str, Any] = {
        "id": shard.id,
        "inputs": list(shard.inputs),
        "written": written,
        "size": size,
        "failures": [
            {"name": f.name, "reason": f.reason, "rejected": f.rejected, "unread": f.unread}
            for f in failures
        ],
    }
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        mask = os.umask(0o022)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)  # as the part's: a new file's mode follows the umask
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(record, stream, ensure_ascii=False)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)

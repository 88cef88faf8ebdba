"""`scraper bench ray`: `extract --engine ray` against `--engine local`, and 2 Ray CPUs vs 1.

Inputs: a gzipped WARC built from the AEB pages (one response record per page, its
ground-truth URL as the target) and the wcxb-dev page files, in that order (the
archive, a shard of its own and the biggest, starts first).

1. `scraper extract INPUTS -o local.jsonl` (the local engine, a subprocess): the
   reference documents.
2. For 1 and then 2 CPUs, a new local Ray instance in this process: the workers are
   warmed up on a few one-page shards first (process start, cleaners loaded), then
   `extract_parts` over every input is timed: pages/s of warm workers, what a long
   run on a cluster sees. Ray's own start is not in the figure.
3. `scraper extract INPUTS --engine ray -o cli/` (a subprocess, a local instance of
   all cores): wall time as a user sees it, Ray's start included.

Every run's parts, read in name order, must equal local.jsonl byte for byte. The
per-input timeout is raised (`--timeout`) for every run alike, so a page slowed by
a busy machine does not give a document in one run and a timeout in another.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cleaners import CleanConfig
from scraper.distributed import extract_parts
from scraper.sources.files import find_inputs

WARM_SHARDS = 4  # one-page shards per CPU before the timed run


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    name: str
    pages: int
    documents: int
    seconds: float
    identical: bool | None  # to the local engine's output (None: it is that output)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else float("inf")


def write_warc(data: Path, path: Path) -> int:
    """The AEB pages as response records of a gzipped WARC; the number of records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    urls = {key: page["url"] for key, page in _ground_truth(data / "aeb").items()}
    pages = sorted((data / "aeb" / "html").glob("*.html.gz"))
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for page in pages:
            key = page.name.split(".")[0]
            body = gzip.decompress(page.read_bytes())
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            url = urls.get(key) or f"https://aeb.invalid/{key}"
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)
    return len(pages)


def _ground_truth(folder: Path) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = json.loads((folder / "ground-truth.json").read_text())
    return found


def run(data: Path, *, shard_size: int, timeout: float) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="scraper-bench-ray-") as folder:
        work = Path(folder)
        archived = write_warc(data, work / "aeb.warc.gz")
        wcxb = find_inputs([str(data / "wcxb-dev" / "html")])
        inputs = [str(work / "aeb.warc.gz"), *wcxb]
        pages = archived + len(wcxb)
        local = _cli(["-o", str(work / "local.jsonl")], inputs, timeout)
        reference = (work / "local.jsonl").read_bytes()
        rows = [_row("local engine (CLI, -j default)", pages, local, reference, None)]
        config = CleanConfig(timeout=timeout)
        for cpus in (1, 2):
            out = work / f"ray-{cpus}"
            seconds = _timed_ray(
                inputs, out, cpus=cpus, config=config, shard_size=shard_size, warm=work / f"w{cpus}"
            )
            rows.append(_row(f"ray, {cpus} CPU, warm", pages, seconds, _parts(out), reference))
        cli = work / "cli"
        options = ["--engine", "ray", "-o", str(cli), "--shard-size", str(shard_size)]
        seconds = _cli(options, inputs, timeout)
        rows.append(_row("ray engine (CLI, all cores)", pages, seconds, _parts(cli), reference))
        return rows


def _row(name: str, pages: int, seconds: float, output: bytes, reference: bytes | None) -> Row:
    identical = None if reference is None else output == reference
    return Row(
        name=name, pages=pages, documents=output.count(b"\n"), seconds=seconds, identical=identical
    )


def _cli(options: list[str], inputs: list[str], timeout: float) -> float:
    """Seconds `scraper extract` takes (it exits 1: some pages hold no article)."""
    command = [sys.executable, "-m", "scraper", "extract", *options, "--timeout", str(timeout)]
    started = time.perf_counter()
    done = subprocess.run([*command, *inputs], capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"scraper extract exited {done.returncode}: {done.stderr.decode()}")
    return time.perf_counter() - started


def _timed_ray(
    inputs: list[str], out: Path, *, cpus: int, config: CleanConfig, shard_size: int, warm: Path
) -> float:
    """A local Ray instance of `cpus` CPUs, warmed up; seconds for every shard."""
    from scraper.ray_engine import ray_executor

    with ray_executor(workers=cpus) as executor:
        warm_up = inputs[1 : 1 + WARM_SHARDS * cpus]
        for _ in extract_parts(warm_up, warm, executor=executor, config=config, shard_size=1):
            pass
        started = time.perf_counter()
        for outcome in extract_parts(
            inputs, out, executor=executor, config=config, shard_size=shard_size
        ):
            if outcome.error is not None:
                raise RuntimeError(f"a shard failed: {outcome.error}")
        return time.perf_counter() - started


def _parts(directory: Path) -> bytes:
    return b"".join(part.read_bytes() for part in sorted(directory.glob("part-*.jsonl")))


def format_results(rows: list[Row]) -> str:
    lines = [f"{'run':<32}{'pages':>7}{'docs':>7}{'seconds':>9}{'pages/s':>9}  same as local"]
    for row in rows:
        same = "(reference)" if row.identical is None else ("yes" if row.identical else "NO")
        lines.append(
            f"{row.name:<32}{row.pages:>7}{row.documents:>7}{row.seconds:>9.2f}"
            f"{row.pages_per_s:>9.1f}  {same}"
        )
    one, two = rows[1], rows[2]
    ratio = two.pages_per_s / one.pages_per_s
    lines.append(
        f"2 Ray CPUs / 1 (warm workers): {ratio:.2f}x (target >= 1.6: "
        f"{'met' if ratio >= 1.6 else 'NOT met'})"
    )
    return "\n".join(lines)

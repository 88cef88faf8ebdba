"""`scraper extract --engine ray` on a real local Ray instance (one for this module).

Sharded parts hold the same records as `--engine local`; a rerun redoes only the
shards without a complete part and marker; a shard with an unreadable input or a
failed task is reported while the others complete.
"""

from __future__ import annotations

import asyncio
import gzip
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.cli import cli
from scraper.distributed import plan_shards
from scraper.engine import InlineExecutor, extract_pages
from scraper.sources.files import file_pages

REAL = Path(__file__).parent.parent / "fixtures" / "html" / "real"
PAGES = sorted(REAL.glob("*.html.gz"))[:5]


@pytest.fixture(scope="module")
def ray_session() -> Iterator[None]:
    """One local Ray instance (2 CPUs, no dashboard) for every test here.

    Module scope, not session: only this module uses it, and its processes (GCS, raylet,
    idle workers: about 5% of a core and some memory) need not outlive it."""
    ray = pytest.importorskip("ray")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(
        address="local",  # a new instance, never a cluster already running on the machine
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="ERROR",
    )
    try:
        yield
    finally:
        ray.shutdown()


def _warc(path: Path) -> None:
    """Two real pages, an archived 404 and an image, as a gzipped WARC."""
    records = [
        ("https://example.org/one", gzip.decompress(PAGES[0].read_bytes()), "200 OK", "text/html"),
        (
            "https://example.org/gone",
            b"<html><body>Not found</body></html>",
            "404 Not Found",
            "text/html",
        ),
        ("https://example.org/logo.png", b"\x89PNG\r\n", "200 OK", "image/png"),
        ("https://example.org/two", gzip.decompress(PAGES[1].read_bytes()), "200 OK", "text/html"),
    ]
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body, status, content_type in records:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Five real pages, then a WARC archive, in one directory."""
    folder = tmp_path / "in"
    folder.mkdir()
    for page in PAGES:
        shutil.copy(page, folder / page.name)
    _warc(folder / "zz-crawl.warc.gz")
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["extract", *args])
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result.exit_code, result.stdout, result.stderr


def _parts(out: Path, suffix: str = ".jsonl") -> list[Path]:
    return sorted(p for p in out.iterdir() if p.name.endswith(suffix))


def _stats(out: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.iterdir()}


def test_parts_hold_the_local_engines_records(
    ray_session: None, inputs: Path, tmp_path: Path
) -> None:
    code, local, local_err = _run(str(inputs), "-j", "1")
    out = tmp_path / "parts"
    ray_code, _, ray_err = _run(str(inputs), "--engine", "ray", "-o", str(out), "--shard-size", "2")
    assert (ray_code, sorted(ray_err.splitlines())) == (code, sorted(local_err.splitlines()))
    assert code == 1 and "http_404" in local_err  # the archived 404 is rejected, as locally
    parts = _parts(out)
    assert len(parts) == 4  # pages 2 + 2 + 1, then the archive alone
    assert all((out / f"{p.name}.done").is_file() for p in parts)
    assert "".join(p.read_text() for p in parts) == local  # same records, same order
    assert len(local.splitlines()) == 7


def test_parquet_parts_hold_the_local_engines_rows(
    ray_session: None, inputs: Path, tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    local = tmp_path / "local.parquet"
    _run(str(inputs), "-j", "1", "-o", str(local), "--format", "parquet")
    out = tmp_path / "parts"
    _run(str(inputs), "--engine", "ray", "-o", str(out), "--format", "parquet", "--shard-size", "3")
    rows = [row for part in _parts(out, ".parquet") for row in pq.read_table(part).to_pylist()]
    assert rows == pq.read_table(local).to_pylist()


def test_a_rerun_redoes_only_the_shard_whose_part_is_gone(
    ray_session: None, inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "parts"
    args = (str(inputs), "--engine", "ray", "-o", str(out), "--shard-size", "2")
    first = _run(*args)
    parts = _parts(out)
    before = _stats(out)
    removed = parts[1]
    removed.unlink()
    again = _run(*args)
    assert again == first  # same exit code and lines (a skipped shard's are recorded)
    after = _stats(out)
    redone = {removed.name, f"{removed.name}.done"}
    assert {n: s for n, s in after.items() if n not in redone} == {
        n: s for n, s in before.items() if n not in redone
    }
    assert after[f"{removed.name}.done"] != before[f"{removed.name}.done"]
    assert removed.is_file()


def test_an_unreadable_input_is_reported_and_its_shard_redone_later(
    ray_session: None, inputs: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "later.html"
    broken = tmp_path / "broken.html"
    broken.symlink_to(missing)  # unreadable even for root
    out = tmp_path / "parts"
    args = (str(broken), str(inputs), "--engine", "ray", "-o", str(out), "--shard-size", "3")
    code, _, err = _run(*args)
    assert code == 1
    assert f"scraper: {broken}: No such file or directory" in err.splitlines()
    parts = _parts(out)
    assert len(parts) == 3  # the broken one and 2 pages, 3 pages, the archive
    assert [(out / f"{p.name}.done").exists() for p in parts] == [False, True, True]
    assert len(parts[0].read_text().splitlines()) == 2  # its readable pages are kept
    before = _stats(out)
    shutil.copy(PAGES[2], missing)
    code, _, err = _run(*args)
    assert "broken.html" not in err
    after = _stats(out)
    assert {n: after[n] for n in before if not n.startswith(parts[0].name)} == {
        n: s for n, s in before.items() if not n.startswith(parts[0].name)
    }
    assert len(parts[0].read_text().splitlines()) == 3
    assert (out / f"{parts[0].name}.done").is_file()


def test_a_failed_shard_is_reported_and_the_others_complete(
    ray_session: None, inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "parts"
    out.mkdir()
    shards = plan_shards([str(p) for p in sorted(inputs.iterdir())], 2)
    (out / shards[1].part("jsonl")).mkdir()  # the task cannot write its part
    code, _, err = _run(str(inputs), "--engine", "ray", "-o", str(out), "--shard-size", "2")
    assert code == 1
    failed = [line for line in err.splitlines() if line.startswith("scraper: shard ")]
    assert len(failed) == 1 and shards[1].part("jsonl") in failed[0], err
    assert "is a directory" in failed[0]
    done = [s for s in shards if (out / s.marker("jsonl")).is_file()]
    assert done == [shards[0], *shards[2:]]


def test_ray_executor_serves_the_engine_page_by_page(ray_session: None, inputs: Path) -> None:
    from scraper.ray_engine import ray_executor

    async def documents(executor: object) -> list[dict[str, object]]:
        pages = file_pages([str(p) for p in sorted(inputs.iterdir())])
        results = extract_pages(pages, executor=executor)  # type: ignore[arg-type]
        return [r.to_dict() async for r in results if r.document is not None]

    with ray_executor() as executor:
        remote = asyncio.run(documents(executor))
    assert remote == asyncio.run(documents(InlineExecutor()))
    assert len(remote) == 7


def test_bad_usage_is_one_line_and_exit_2(inputs: Path, tmp_path: Path) -> None:
    page = str(inputs / PAGES[0].name)
    for args, says in [
        ((page, "--engine", "ray"), "give -o DIRECTORY"),
        (
            (page, "--engine", "ray", "-o", str(tmp_path / "o"), "--format", "md"),
            "give -o DIRECTORY",
        ),
        (("-", "--engine", "ray", "-o", str(tmp_path / "o")), "standard input cannot be sharded"),
    ]:
        code, out, err = _run(*args)
        assert code == 2 and says in err and out == "", (args, err)
    other = tmp_path / "other"
    other.mkdir()
    (other / "part-00000-0123456789abcdef.jsonl").write_text("")  # another run's
    code, _, err = _run(page, "--engine", "ray", "-o", str(other))
    assert code == 2
    stray = "part-00000-0123456789abcdef.jsonl"
    assert (
        err == f"scraper: {other} holds parts of other inputs ({stray}, ...): use a new directory\n"
    )


def test_an_address_where_nothing_listens_is_one_line_and_exit_2(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    page = str(PAGES[0])
    args = [
        "extract",
        page,
        "--engine",
        "ray",
        "-o",
        str(tmp_path / "o"),
        "--address",
        "127.0.0.1:1",
    ]
    # its own process: this one may be connected to the session's Ray, which it would use
    done = subprocess.run(
        [sys.executable, "-m", "scraper", *args], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "scraper: cannot start Ray at 127.0.0.1:1: Connection refused\n"


def test_plan_keeps_input_order_and_stable_ids(inputs: Path) -> None:
    paths = [str(p) for p in sorted(inputs.iterdir())]
    shards = plan_shards(paths, 2)
    assert [len(s.inputs) for s in shards] == [2, 2, 1, 1]
    assert [p for s in shards for p in s.inputs] == paths
    assert [s.id for s in plan_shards(paths, 2)] == [s.id for s in shards]
    assert len({s.id for s in shards}) == 4


def test_without_the_extra_one_line_names_it(tmp_path: Path) -> None:
    hide_ray = "import sys; sys.modules['ray'] = None; from scraper.cli import main; main()"
    args = ["extract", str(PAGES[0]), "--engine", "ray", "-o", str(tmp_path / "o")]
    done = subprocess.run(
        [sys.executable, "-c", hide_ray, *args], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "scraper: this needs ray: pip install 'scraper[ray]'\n"

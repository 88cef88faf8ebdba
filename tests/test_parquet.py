"""Parquet output: the documented schema, row groups as documents stream in, atomic."""

from __future__ import annotations

import gzip
from concurrent.futures import Executor
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from cleaners import Document, clean_html
from scraper.cli import cli
from scraper.errors import ConfigError
from scraper.parquet import generated_records, instant, open_parquet, schema

REAL = sorted((Path(__file__).parent.parent / "fixtures" / "html" / "real").glob("*.html.gz"))


def test_rows_schema_and_row_groups(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    with open_parquet(target, group_rows=10) as writer:
        for record in generated_records(35, words=50):
            writer.write(record)
    parquet = pq.ParquetFile(target)
    assert parquet.schema_arrow == schema()
    assert parquet.metadata.num_rows == 35
    assert parquet.metadata.num_row_groups == 4  # written as they came, ten at a time
    table = parquet.read()
    first = table.slice(0, 1).to_pylist()[0]
    assert first["published_text"] == "2026-11-29T10:00:00+01:00"
    assert first["published"].isoformat() == "2026-11-29T09:00:00+00:00"
    assert first["authors"] == ["Ana Silva"]
    assert first["status"] == 200
    kinds = [block["kind"] for block in first["blocks"]]
    assert kinds == ["heading", "paragraph", "list", "table", "code"]
    assert first["blocks"][2]["items"][1] == {"text": "two", "depth": 1, "ordered": False}
    assert first["blocks"][3]["rows"] == [["a", "b"], ["0", "x"]]


def test_a_real_page_round_trips(tmp_path: Path) -> None:
    document = clean_html(gzip.decompress(REAL[0].read_bytes()), url="https://example.org/a")
    target = tmp_path / "real.parquet"
    with open_parquet(target) as writer:
        writer.write(document.to_dict())
    (back,) = pq.read_table(target).to_pylist()
    assert back["text"] == document.text and back["sha256"] == document.sha256
    assert len(back["blocks"]) == len(document.blocks)


def test_discarded_or_failed_run_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    target.write_bytes(b"previous")
    with open_parquet(target) as writer:
        writer.write(next(generated_records(1, words=20)))
        writer.discard()
    assert target.read_bytes() == b"previous"
    with pytest.raises(RuntimeError), open_parquet(target) as writer:
        writer.write(next(generated_records(1, words=20)))
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.parquet"]  # no temporary left


def test_stdout_is_refused() -> None:
    with pytest.raises(ConfigError, match="needs -o FILE"), open_parquet("-"):
        pass


def test_instants() -> None:
    assert instant("2026-01-02") is not None and instant("2026-01-02").isoformat() == (  # type: ignore[union-attr]
        "2026-01-02T00:00:00+00:00"
    )
    assert instant("not a date") is None and instant(None) is None


def test_extract_writes_parquet(tmp_path: Path) -> None:
    target = tmp_path / "pages.parquet"
    result = CliRunner().invoke(
        cli, ["extract", *map(str, REAL[:3]), "--format", "parquet", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    table = pq.read_table(target)
    assert table.num_rows == 3
    assert table.schema == schema()
    assert Document.from_dict({"text": table.column("text")[0].as_py()}).text


@pytest.mark.slow
def test_run_writes_one_parquet_file_per_run(tmp_path: Path, warm_pool: Executor) -> None:
    from httpserver import LocalServer, Response
    from runsite import article, rss, story, write_job

    from scraper.cron.job import load_job
    from scraper.cron.run import run_job

    html = (("Content-Type", "text/html; charset=utf-8"),)
    with LocalServer() as server:
        for path in ("/a", "/b"):
            body = article(f"Night buses {path}", story(path))
            server.route(path, Response(body=body, headers=html))
        server.route("/feed.xml", rss(server, ["/a", "/b"]))
        output = '[output]\nkind = "parquet"\ndirectory = "out"\n'
        job = write_job(tmp_path, [{"kind": "feed", "url": server.url("/feed.xml")}], output=output)
        report = run_job(load_job(job), executor=warm_pool)  # in process: quicker
    assert report.exit_status == 0, report.counts
    (written,) = (tmp_path / "out").iterdir()
    assert written.name.startswith("run-") and written.suffix == ".parquet"
    table = pq.read_table(written)
    assert table.num_rows == 2 and table.schema == schema()
    assert sorted(table.column("url").to_pylist()) == [server.url("/a"), server.url("/b")]

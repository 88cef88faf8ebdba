"""`scraper extract` run as users run it, on real files."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from scraper.cli import cli

MADE = Path(__file__).parent.parent / "fixtures" / "html" / "made"
REAL = Path(__file__).parent.parent / "fixtures" / "html" / "real"


def _run(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(cli, ["extract", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def test_directory_in_input_order_with_source(tmp_path: Path) -> None:
    for name in ("comments_cookie.html", "app_shell.html"):
        shutil.copy(MADE / name, tmp_path / name)
    first = sorted(REAL.glob("*.html.gz"))[0]
    shutil.copy(first, tmp_path / "c.html.gz")
    (tmp_path / "notes.txt").write_text("not a page")
    code, records, _ = _run(str(tmp_path), "-j", "2")
    assert code == 0
    names = [Path(str(record["source"])).name for record in records]
    assert names == ["app_shell.html", "c.html.gz", "comments_cookie.html"]
    assert all(record["text"] for record in records)


def test_bad_files_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(b"not gzip at all")
    binary = tmp_path / "binary.html"
    binary.write_bytes(gzip.compress(b"\x00\x01" * 500))
    good = MADE / "comments_cookie.html"
    code, records, err = _run(str(bad), str(good), str(binary), str(tmp_path / "missing.html"))
    assert code == 1
    assert [record["source"] for record in records] == [str(good)]
    assert len(err.strip().splitlines()) == 3
    assert str(bad) in err and "missing.html" in err


def test_url_for_a_single_page_and_text_format() -> None:
    page = str(MADE / "comments_cookie.html")
    code, records, _ = _run(page, "--url", "https://news.example.org/x", "-j", "1")
    assert code == 0 and records[0]["url"] == "https://news.example.org/x"
    result = CliRunner().invoke(cli, ["extract", page, "--format", "md"])
    assert result.stdout.startswith("# Flood gates open")


def test_url_with_several_pages_is_a_usage_error() -> None:
    page = str(MADE / "comments_cookie.html")
    result = CliRunner().invoke(cli, ["extract", page, page, "--url", "https://x.org/"])
    assert result.exit_code == 2


def test_bench_html_has_help() -> None:
    result = CliRunner().invoke(cli, ["bench", "html", "--help"])
    assert result.exit_code == 0 and "trafilatura" in result.stdout

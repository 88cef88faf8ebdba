"""`scraper fetch` end to end: a real loopback server, the real process pool."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from httpserver import LocalServer, Response, stall_before_headers

from scraper.cli import cli

ARTICLE = (
    "<html><head><title>Rivers rise</title></head><body><nav>Home | News</nav><article>"
    "<h1>Rivers rise after a week of rain</h1>"
    + "".join(
        f"<p>Paragraph {n}: the river rose steadily through the night, and residents of "
        "the low-lying streets moved furniture upstairs while volunteers filled sandbags.</p>"
        for n in range(8)
    )
    + "</article><footer>Contact</footer></body></html>"
)
CHINESE = (
    "<html><head><title>河水上涨</title></head><body><article><h1>连日降雨后河水上涨</h1>"
    + "".join(
        f"<p>第{n}段：河水在夜间持续上涨，低洼街道的居民把家具搬到楼上，志愿者们忙着装沙袋。"
        "气象部门表示，未来几天仍有降雨，提醒市民注意安全。</p>"
        for n in range(8)
    )
    + "</article></body></html>"
)
FAST = ["--allow-private", "--delay", "0", "--timeout", "1", "--retries", "0"]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as started:
        started.route("/robots.txt", Response(body=b"User-agent: *\nDisallow: /secret\n"))
        started.route("/a", Response(body=ARTICLE.encode()))
        gbk = (("Content-Type", "text/html"),)
        started.route("/gbk", Response(body=CHINESE.encode("gbk"), headers=gbk))
        started.route("/bin", Response(body=b"\0" * 100, headers=(("Content-Type", "image/png"),)))
        started.route("/slow", stall_before_headers(5))
        yield started


def test_fetch_writes_documents_and_reports_failures(server: LocalServer, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    paths = ["/a", "/gbk", "/bin", "/secret", "/missing", "/slow", "/a#again"]
    listing.write_text("# pages\n\n" + "\n".join(server.url(p) for p in paths) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["fetch", "-i", str(listing), "-o", str(out), *FAST])
    assert result.exit_code == 1, result.output
    records = {r["url"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(records) == {server.url("/a"), server.url("/gbk")}
    first = records[server.url("/a")]
    assert first["status"] == 200 and first["final_url"] == server.url("/a")
    assert first["fetched_at"].endswith("Z") and "river rose steadily" in first["text"]
    assert "志愿者" in records[server.url("/gbk")]["text"]
    errors = result.stderr.strip().splitlines()
    assert any(server.url("/bin") in line and "image/png" in line for line in errors)
    assert any(server.url("/secret") in line and "robots" in line for line in errors)
    assert any(server.url("/missing") in line and "404" in line for line in errors)
    assert any(server.url("/slow") in line and "timed out" in line for line in errors)
    assert errors[-1] == (
        "scraper: fetched 2, unchanged 0, skipped by robots 1, failed 3 "
        "(http_status 1, not_html 1, timeout 1)"
    )
    assert "/secret" not in server.paths()
    assert "Traceback" not in result.output


def test_all_good_exits_zero(server: LocalServer) -> None:
    result = CliRunner().invoke(cli, ["fetch", server.url("/a"), *FAST])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://example.org/"], "not an http(s) URL"),
        (["-i", "/no/such/file"], "cannot read /no/such/file"),
        ([], "give URLs"),
        (["--concurrency", "0", "http://a.example/"], "--concurrency"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["fetch", *args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_help_documents_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["fetch", "--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.stdout and "--allow-private" in result.stdout

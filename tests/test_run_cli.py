"""`scraper run` and `scraper state` as a cron job sees them: real processes, real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from httpserver import LocalServer, Response
from runsite import article, rss, scraper, story, write_job

pytestmark = pytest.mark.slow
HTML = (("Content-Type", "text/html; charset=utf-8"),)


def one_line(stderr: str) -> str:
    assert stderr.count("\n") == 1 and stderr.endswith("\n"), stderr
    assert "Traceback" not in stderr, stderr
    return stderr.strip()


def test_bad_job_file_is_one_line_naming_file_line_and_key(tmp_path: Path) -> None:
    job = write_job(tmp_path, [{"kind": "urls", "urls": ["http://127.0.0.1/a"]}])
    job.write_text(job.read_text().replace("delay = 0", 'delay = "fast"'))
    line_no = job.read_text().splitlines().index('delay = "fast"') + 1
    result = scraper("run", job)
    assert result.returncode == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert line == f"scraper: ERROR: {job}:{line_no}: [fetch] delay: expected a number, got 'fast'"
    assert not (tmp_path / "state.db").exists()

    as_json = scraper("run", job, "--log-format", "json")
    assert as_json.returncode == 2
    event = json.loads(one_line(as_json.stderr))
    assert event["level"] == "error" and event["message"].startswith(
        f"{job}:{line_no}: [fetch] delay"
    )


def test_json_log_format_gives_one_json_object_a_line(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.route("/a", Response(body=article("Night buses", story("a")), headers=HTML))
        server.route("/feed.xml", rss(server, ["/a", "/gone"]))
        job = write_job(tmp_path, [{"kind": "feed", "url": server.url("/feed.xml")}])
        result = scraper("run", job, "-v", "--log-format", "json")
    assert result.returncode == 1  # /gone is a 404
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert {"time", "level", "logger", "message"} <= set(events[0])
    messages = [(event["level"], event["message"]) for event in events]
    assert any(level == "warning" and "/gone" in text for level, text in messages)
    assert any(text.startswith(f"{server.url('/a')}: written (") for _, text in messages)
    assert messages[-1][1].startswith("run 1: ") and "written=1" in messages[-1][1]


def test_dry_run_lists_the_plan_and_creates_nothing(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.route("/a", Response(body=article("Night buses", story("a")), headers=HTML))
        server.route("/feed.xml", rss(server, ["/a", "/b"]))
        job = write_job(tmp_path, [{"kind": "feed", "url": server.url("/feed.xml")}])
        dry = scraper("run", job, "--dry-run")
        assert dry.returncode == 0, dry.stderr
        assert dry.stdout == f"new\t{server.url('/a')}\nnew\t{server.url('/b')}\n"
        assert one_line(dry.stderr) == (
            "dry run: would fetch 2 (new 2), skip 0; nothing was fetched or written"
        )
        assert sorted(path.name for path in tmp_path.iterdir()) == ["job.toml"]
        assert server.paths() == ["/feed.xml"]  # the feed is read, no page is fetched

        assert scraper("run", job).returncode == 1  # /b is a 404: backing off now
        before = (tmp_path / "state.db").read_bytes()
        again = scraper("run", job, "--dry-run")
    assert again.stdout.splitlines() == [
        f"check\t{server.url('/a')}",
        f"skip\t{server.url('/b')}\tbacking off",
    ]
    assert "would fetch 1 (check 1), skip 1" in again.stderr
    assert (tmp_path / "state.db").read_bytes() == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such state database"),
        (b"this is not a database at all, just some words " * 40, "file is not a database"),
    ],
)
def test_state_of_a_missing_or_corrupt_file_is_one_line(
    tmp_path: Path, content: bytes | None, reason: str
) -> None:
    database = tmp_path / "state.db"
    if content is not None:
        database.write_bytes(content)
    result = scraper("state", database)
    assert result.returncode == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"scraper: {database}: ") and reason in line
    assert database.exists() == (content is not None)
    if content is not None:
        assert database.read_bytes() == content  # only read, never "repaired"

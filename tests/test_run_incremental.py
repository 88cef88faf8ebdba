"""`scraper run` end to end: real subprocesses, a real loopback server whose pages change."""

from __future__ import annotations

import sqlite3
from concurrent.futures import Executor
from pathlib import Path

import pytest
from httpserver import LocalServer, Response, etag_route
from runsite import article, documents, rss, scraper, story, write_job

from scraper.cron.job import load_job
from scraper.cron.run import run_job

pytestmark = pytest.mark.slow
HTML = (("Content-Type", "text/html; charset=utf-8"),)


def test_second_run_fetches_and_writes_only_what_changed(tmp_path: Path) -> None:
    with LocalServer() as a, LocalServer() as b:
        a.route("/a1", etag_route(article("Night buses", story("a1")), '"a1-v1"'))
        a.route("/a2", etag_route(article("Bakery prize", story("a2")), '"a2-v1"'))
        a.route("/a3", Response(body=article("Ferry timetable", story("a3")), headers=HTML))
        a.route("/a4", Response(body=article("Budget vote", story("a4")), headers=HTML))
        a.route("/feed.xml", rss(a, ["/a1", "/a2", "/a3", "/a4"]))
        b.route("/feed.xml", rss(b, []))
        job = write_job(
            tmp_path,
            [
                {"kind": "feed", "url": a.url("/feed.xml")},
                {"kind": "feed", "url": b.url("/feed.xml")},
            ],
        )

        first = scraper("run", job)
        assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
        titles = sorted(doc["title"] for doc in documents(tmp_path / "out"))
        assert titles == ["Bakery prize", "Budget vote", "Ferry timetable", "Night buses"]

        # Between runs: a new page, an edited page, and a syndicated copy on host b.
        a.route("/a5", Response(body=article("Harbour storm", story("a5")), headers=HTML))
        a.route("/feed.xml", rss(a, ["/a1", "/a2", "/a3", "/a4", "/a5"]))
        edited = story("a4")
        edited[1] = "The vote was postponed to next week after a late amendment. " + edited[1]
        a.route("/a4", Response(body=article("Budget vote", edited), headers=HTML))
        copy = ["Reprinted with permission from the A Gazette.", *story("a1")]
        b.route("/b1", Response(body=article("Night buses (syndicated)", copy), headers=HTML))
        b.route("/feed.xml", rss(b, ["/b1"]))
        a.requests.clear()

        second = scraper("run", job, "-v")
        assert second.returncode == 0, second.stderr
        assert "written=2" in second.stderr and "near_duplicates=1" in second.stderr
        assert "not_modified=2" in second.stderr and "unchanged=1" in second.stderr
        conditional = {r.path: r.headers.get("if-none-match") for r in a.requests}
        assert conditional["/a1"] == '"a1-v1"' and conditional["/a2"] == '"a2-v1"'

        third = scraper("run", job)  # nothing new: no new file, still silent
        assert (third.returncode, third.stdout, third.stderr) == (0, "", "")

    docs = documents(tmp_path / "out")
    assert len(docs) == 6
    assert [doc["title"] for doc in docs[4:]] in (
        ["Budget vote", "Harbour storm"],
        ["Harbour storm", "Budget vote"],
    )
    assert len({doc["sha256"] for doc in docs}) == 6
    assert len(list((tmp_path / "out").glob("run-*.jsonl"))) == 2
    db = sqlite3.connect(tmp_path / "state.db")
    near = db.execute("SELECT url, kind, of_url FROM duplicates").fetchall()
    assert near == [(b.url("/b1"), "near", a.url("/a1"))]
    statuses = dict(db.execute("SELECT url, last_status FROM urls").fetchall())
    assert statuses[a.url("/a1")] == 304 and statuses[a.url("/a3")] == 200

    assert len(documents(tmp_path / "out")) == 6

    shown = scraper("state", tmp_path / "state.db")
    assert shown.returncode == 0
    assert "documents        6" in shown.stdout and "duplicates       1" in shown.stdout


def test_extraction_timeout_is_retried_later_not_given_up(
    tmp_path: Path, warm_pool: Executor
) -> None:
    # How long a page takes depends on the machine's load, so a timeout is not final.
    with LocalServer() as server:
        server.route("/a", Response(body=article("Slow page", story("a")), headers=HTML))
        job = write_job(
            tmp_path,
            [{"kind": "urls", "urls": [server.url("/a")]}],
            clean="[clean]\ntimeout = 1e-9\n",
        )
        report = run_job(load_job(job), executor=warm_pool)
    assert report.exit_status == 1 and report.counts["failed"] == 1
    assert report.counts["gave_up"] == 0
    db = sqlite3.connect(tmp_path / "state.db")
    error, gave_up, retry_at = db.execute(
        "SELECT last_error, gave_up, retry_at FROM urls"
    ).fetchone()
    assert "extraction_timeout" in error and gave_up == 0 and retry_at is not None

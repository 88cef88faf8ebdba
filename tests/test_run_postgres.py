"""`scraper run` and `scraper state` on a PostgreSQL state, against a real server:
the `postgresql` output kind, the job file's rules for the URL, a missing extra."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from concurrent.futures import Executor
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from httpserver import LocalServer, Response
from runsite import article, rss, story, write_job

from scraper.cli.state import state
from scraper.cron.job import load_job, parse_job
from scraper.cron.run import run_job
from scraper.errors import ConfigError, StateError
from scraper.state.postgres import PostgresStore

pytestmark = pytest.mark.slow
HTML = (("Content-Type", "text/html; charset=utf-8"),)
OUT = '[output]\ndirectory = "out"\n'
URLS = [{"kind": "urls", "urls": ["http://127.0.0.1/a"]}]


def pg_job(directory: Path, url: str, sources: list[dict[str, object]], output: str) -> Path:
    job = write_job(directory, sources, output=output)
    job.write_text(job.read_text().replace('state = "state.db"', f"state = {json.dumps(url)}"))
    return job


def test_postgresql_output_writes_rows_once_and_state_reports(
    tmp_path: Path, pg_url: str, warm_pool: Executor
) -> None:
    with LocalServer() as server:
        for name in ("a", "b"):
            server.route(f"/{name}", Response(body=article(name, story(name)), headers=HTML))
        server.route("/feed.xml", rss(server, ["/a", "/b"]))
        sources = [{"kind": "feed", "url": server.url("/feed.xml")}]
        output = '[output]\nkind = "postgresql"\ntable = "news"\n'
        job = dataclasses.replace(load_job(pg_job(tmp_path, pg_url, sources, output)), lease=1)
        first = run_job(job, executor=warm_pool)
        assert first.exit_status == 0 and first.counts["written"] == 2
        soon = run_job(job, executor=warm_pool)  # the window just done: nothing to do
        assert soon.counts.get("fetched", 0) == 0 and soon.exit_status == 0
        time.sleep(1.1)  # a lease later: a new window
        again = run_job(job, executor=warm_pool)  # same bodies: nothing new
        assert again.exit_status == 0 and again.counts["fetched"] == 2
        assert again.counts.get("written", 0) == 0
    with psycopg.connect(pg_url) as db:
        rows = db.execute("SELECT url, document->>'title' FROM news ORDER BY url").fetchall()
    assert rows == [(server.url("/a"), "a"), (server.url("/b"), "b")]
    report = CliRunner().invoke(state, [pg_url])
    assert report.exit_code == 0, report.output
    assert "documents        2" in report.output and "runs             3" in report.output
    assert not list(tmp_path.glob("*.db*"))  # no SQLite file, no lock file


def test_jsonl_output_and_dry_run_on_a_postgres_state(
    tmp_path: Path, pg_url: str, warm_pool: Executor
) -> None:
    with LocalServer() as server:
        server.route("/a", Response(body=article("a", story("a")), headers=HTML))
        sources = [{"kind": "urls", "urls": [server.url("/a")]}]
        job = load_job(pg_job(tmp_path, pg_url, sources, OUT))
        dry = run_job(job, dry_run=True)
        assert [(item.action, item.entry.url) for item in dry.planned] == [
            ("new", server.url("/a"))
        ]
        with psycopg.connect(pg_url) as db:  # a dry run creates nothing
            assert db.execute("SELECT to_regclass('urls')").fetchone() == (None,)
        assert run_job(job, executor=warm_pool).exit_status == 0
        dry = run_job(job, dry_run=True)
    assert [item.action for item in dry.planned] == ["check"]
    files = list((tmp_path / "out").glob("run-*.jsonl"))
    assert len(files) == 1 and json.loads(files[0].read_text())["title"] == "a"


def test_password_in_the_state_url_is_a_job_error_that_does_not_print_it(tmp_path: Path) -> None:
    job = pg_job(tmp_path, "postgresql://u:hunter2@127.0.0.1/db", URLS, OUT)
    with pytest.raises(ConfigError) as caught:
        load_job(job)
    assert str(caught.value) == (
        f"{job}:2: [job] state: a password may not be written in the job file; "
        "use PGPASSWORD or ~/.pgpass"
    )
    job = pg_job(tmp_path, "postgresql://u@127.0.0.1/db?password=hunter2", URLS, OUT)
    with pytest.raises(ConfigError) as caught:
        load_job(job)
    assert "hunter2" not in str(caught.value)
    assert f"{job}:2: [job] state: 'password' may not be written" in str(caught.value)


def test_output_kind_must_match_the_state(tmp_path: Path) -> None:
    job = write_job(tmp_path, URLS, output='[output]\nkind = "postgresql"\n')
    with pytest.raises(ConfigError, match="'postgresql' output needs a postgresql:// state URL"):
        load_job(job)
    text = pg_job(tmp_path, "postgresql://u@h/db", URLS, '[output]\nkind = "sqlite"\n').read_text()
    with pytest.raises(ConfigError, match=r"\[output\] kind: 'sqlite' output needs a SQLite"):
        parse_job(text, tmp_path / "job.toml")
    text = text.replace('kind = "sqlite"', 'kind = "postgresql"\ntable = "frontier"')
    with pytest.raises(ConfigError, match="'frontier' is a table of the state itself"):
        parse_job(text, tmp_path / "job.toml")


def test_unreachable_server_is_one_line_without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "hunter2")
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "2")
    with pytest.raises(StateError) as caught:
        PostgresStore("postgresql://u@127.0.0.1:1/db")
    message = str(caught.value)
    assert message.startswith("postgresql://u@127.0.0.1:1/db: state database error: ")
    assert "\n" not in message and "hunter2" not in message


def test_missing_extra_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch, pg_url: str) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    with pytest.raises(ConfigError) as caught:
        PostgresStore(pg_url)
    assert str(caught.value) == "this needs psycopg: pip install 'scraper[postgres]'"


def test_lease_is_checked(tmp_path: Path) -> None:
    text = pg_job(tmp_path, "postgresql://u@h/db", URLS, OUT).read_text()
    assert parse_job(text, tmp_path / "job.toml").lease == 60.0
    text = text.replace("[job]\n", "[job]\nlease = 0.5\n")
    with pytest.raises(ConfigError, match=r"job\.toml:2: \[job\] lease: must be at least 1"):
        parse_job(text, tmp_path / "job.toml")

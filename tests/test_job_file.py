"""The job file: a valid file becomes a JobConfig; each mistake names its key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.cron.job import load_job, locate, parse_job
from scraper.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """\
[job]
state = "state.db"

[[sources]]
kind = "feed"
url = "http://127.0.0.1:8000/feed.xml"

[output]
directory = "out"
"""


def parse(text: str) -> object:
    return parse_job(text, Path("/jobs/j.toml"))


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    return str(caught.value)


def test_example_job_file_loads_with_paths_beside_it() -> None:
    job = load_job(ROOT / "fixtures/jobs/news.toml")
    assert job.name == "news"
    assert job.state == ROOT / "fixtures/jobs/news-state.db"
    assert job.output.directory == ROOT / "fixtures/jobs/out"
    assert [source.kind for source in job.sources] == ["feed", "sitemap", "urls"]
    assert job.sources[0].limit == 50
    assert job.fetch.concurrency == 8 and job.fetch.respect_robots
    assert job.clean.timeout == 5.0
    assert job.templates.min_pages == 3


def test_minimal_job_gets_defaults() -> None:
    job = parse_job(MINIMAL, Path("/jobs/j.toml"))
    assert job.name == "j"
    assert job.state == Path("/jobs/state.db")
    assert job.log_format == "text"
    assert job.output.kind == "jsonl"
    assert job.retry.max_attempts == 5
    assert job.fetch.delay == 1.0


def test_integer_is_accepted_for_a_float_option() -> None:
    job = parse_job(MINIMAL + "[fetch]\ndelay = 0\n", Path("/jobs/j.toml"))
    assert job.fetch.delay == 0.0


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            '[fetch]\ndelay = "fast"\n',
            "/jobs/j.toml:12: [fetch] delay: expected a number, got 'fast'",
        ),
        ("[fetch]\nspeed = 3\n", "/jobs/j.toml:12: [fetch] speed: unknown key"),
        (
            "[fetch]\nconcurrency = 0\n",
            "/jobs/j.toml:12: [fetch] concurrency: fetch option concurrency",
        ),
        ("[fetch]\nretries = -1\n", "/jobs/j.toml:12: [fetch] retries: must not be negative"),
        ("[retry]\nmax_attempts = true\n", "/jobs/j.toml:12: [retry] max_attempts: expected an"),
        ("[dedup]\nthreshold = 0.2\n", "/jobs/j.toml:12: [dedup] threshold: must be between"),
        (
            "[templates]\nmin_pages = 1\n",
            "/jobs/j.toml:12: [templates] min_pages: must be at least 2",
        ),
        ("[wat]\nx = 1\n", "/jobs/j.toml:11: wat: unknown key"),
    ],
)
def test_bad_values_name_key_and_line(extra: str, expected: str) -> None:
    assert error_of(MINIMAL + "\n" + extra).startswith(expected)


def test_bad_source_names_the_source_and_its_line() -> None:
    text = MINIMAL + '\n[[sources]]\nkind = "rss"\nurl = "http://127.0.0.1/x"\n'
    message = error_of(text)
    assert message.startswith("/jobs/j.toml:12: [[sources]] #2 kind: expected one of feed,")


def test_source_url_must_be_http() -> None:
    text = MINIMAL.replace("http://127.0.0.1:8000/feed.xml", "ftp://x/feed")
    assert error_of(text).startswith("/jobs/j.toml:6: [[sources]] #1 url: not an http(s) URL")


def test_missing_state_and_sources_and_directory() -> None:
    assert error_of("[job]\nname = 'x'\n").startswith("/jobs/j.toml:1: job: missing key 'state'")
    no_sources = "[job]\nstate = 's.db'\n"
    assert "at least one [[sources]] table is required" in error_of(no_sources)
    no_dir = MINIMAL.replace('directory = "out"', "")
    assert error_of(no_dir).startswith("/jobs/j.toml:8: output: missing key 'directory'")


def test_sqlite_output_needs_no_directory_but_a_plain_table_name() -> None:
    text = MINIMAL.replace('directory = "out"', 'kind = "sqlite"\ntable = "docs"')
    assert parse_job(text, Path("/j.toml")).output.table == "docs"
    bad = MINIMAL.replace('directory = "out"', 'kind = "sqlite"\ntable = "a; DROP"')
    assert error_of(bad).startswith("/jobs/j.toml:10: [output] table: not a plain table name")


def test_syntax_error_names_the_line() -> None:
    assert error_of(MINIMAL + "[fetch\n").startswith("/jobs/j.toml:10: invalid TOML:")


def test_url_list_file_is_read_beside_the_job(tmp_path: Path) -> None:
    (tmp_path / "urls.txt").write_text("# pages\nhttp://127.0.0.1/a\n\nhttp://127.0.0.1/b\n")
    job_file = tmp_path / "job.toml"
    job_file.write_text(
        '[job]\nstate = "s.db"\n[[sources]]\nkind = "urls"\nfile = "urls.txt"\n'
        '[output]\ndirectory = "out"\n'
    )
    assert load_job(job_file).sources[0].urls == ("http://127.0.0.1/a", "http://127.0.0.1/b")
    (tmp_path / "urls.txt").unlink()
    with pytest.raises(ConfigError, match=r"job.toml:5: \[\[sources\]\] #1 file: cannot read"):
        load_job(job_file)


def test_unreadable_job_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read job file"):
        load_job(tmp_path / "missing.toml")


def test_locate_finds_keys_in_tables_and_arrays() -> None:
    source = '[a]\nx = 1\n[[s]]\ny = 2\n[[s]]\n"y" = 3\n[a.b]\nz = 4\n'
    assert locate(source, ("a", "x")) == 2
    assert locate(source, ("s", 0, "y")) == 4
    assert locate(source, ("s", 1, "y")) == 6
    assert locate(source, ("a", "b", "z")) == 8
    assert locate(source, ("s", 1, "missing")) == 5
    assert locate(source, ("nowhere",)) is None

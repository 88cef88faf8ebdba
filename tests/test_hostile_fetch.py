"""Hostile input to the fetcher and the job file: every failure is one URL's, runs end.

Cases that could hang run in a child interpreter with a time bound (`hostile.Isolated`).
"""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import Isolated

from scraper.cron.job import load_job
from scraper.errors import ConfigError
from scraper.fetch.body import read_body

PRELUDE = """
import asyncio
from concurrent.futures import ThreadPoolExecutor
from httpserver import LocalServer, Response
from scraper.fetch import FetchConfig, FetchRequest
from scraper.engine import extract_pages
from scraper.sources.web import fetched_pages

ARTICLE = (b"<html><body><article><h1>T</h1><p>"
           + b"A sentence of the article, long enough to be one. " * 20
           + b"</p></article></body></html>")
CONFIG = FetchConfig(allow_private=True, delay=0, retries=0, respect_robots=False,
                     total_timeout=5)

def outcomes(requests, clean_config=None):
    async def collect():
        found = []
        async for result in extract_pages(fetched_pages(requests, CONFIG),
                                          clean_config=clean_config,
                                          executor=ThreadPoolExecutor(1)):
            found.append([str(result.name), result.kind])
        return sorted(found)
    return asyncio.run(collect())
"""


@pytest.fixture(scope="module")
def child() -> Iterator[Isolated]:
    with Isolated(PRELUDE) as started:
        yield started


def test_any_exception_in_a_fetch_task_is_that_urls_failure(child: Isolated) -> None:
    outcome = child.run(
        """
with LocalServer() as server:
    server.route("/a", Response(body=ARTICLE))
    bad_port = server.url("/b").replace(f":{server.port}", ":70000")
    OUT = outcomes([server.url("/a"), bad_port, FetchRequest(url=None),
                    FetchRequest(url=server.url("/a?e"), etag="\\u2603")])
""",
        seconds=30,
    )
    assert outcome.error is None, outcome.trace
    kinds = sorted(kind for _, kind in outcome.out)
    assert kinds == ["fetched", "fetched", "internal", "invalid_url"]


def test_a_failing_extraction_step_is_that_pages_failure(child: Isolated) -> None:
    outcome = child.run(
        """
def config_for(page):
    if page.url.endswith("/boom"):
        raise RuntimeError("a bug in the caller's config function")
    return None

with LocalServer() as server:
    server.route("/a", Response(body=ARTICLE))
    server.route("/boom", Response(body=ARTICLE))
    OUT = outcomes([server.url("/a"), server.url("/boom")], clean_config=config_for)
""",
        seconds=30,
    )
    assert outcome.error is None, outcome.trace
    assert sorted(kind for _, kind in outcome.out) == ["crash", "fetched"]


def test_a_failing_request_source_ends_the_run_with_its_error(child: Isolated) -> None:
    outcome = child.run(
        """
def requests(url):
    yield url
    raise RuntimeError("the URL source broke")

with LocalServer() as server:
    server.route("/a", Response(body=ARTICLE))
    OUT = outcomes(requests(server.url("/a")))
""",
        seconds=30,
    )
    assert outcome.error == "RuntimeError"
    assert "URL source broke" in outcome.message


def test_a_byte_limit_past_c_sizes_still_reads_gzip() -> None:
    body = gzip.compress(b"<p>hello</p>" * 1000)

    async def chunks() -> Iterator[bytes]:  # type: ignore[misc]
        yield body

    decoded = asyncio.run(read_body(chunks(), "gzip", 2**63 - 1))  # type: ignore[arg-type]
    assert decoded == b"<p>hello</p>" * 1000


JOB_HEAD = '[job]\nstate = "s.db"\n[[sources]]\nkind = "urls"\nurls = ["https://e.org/"]\n'


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ("[fetch]\nconnect_timeout = nan", "[fetch] connect_timeout"),
        ("[fetch]\ndelay = inf", "[fetch] delay"),
        ("[fetch]\ndelay = 1e308", "[fetch] delay"),
        ("[fetch]\ntotal_timeout = nan", "[fetch] total_timeout"),
        ('[fetch]\nuser_agent = "/"', "[fetch] user_agent"),
        ("[fetch]\nmax_bytes = 9223372036854775807", "[fetch] max_bytes"),
        ("[fetch]\nconcurrency = 100000000", "[fetch] concurrency"),
        ("[clean]\ntimeout = inf", "[clean] timeout"),
        ("[clean]\ntimeout = nan", "[clean] timeout"),
        ("[clean]\ntimeout = 0", "[clean] timeout"),
        ('[output]\ndirectory = "out"\ntable = "urls"', "[output] table"),
        ('[output]\ndirectory = "out"\ntable = "sqlite_master"', "[output] table"),
        ('[output]\ndirectory = "out"\n[retry]\nbackoff = inf', "[retry] backoff"),
        ('[output]\ndirectory = "out"\n[dedup]\nthreshold = nan', "[dedup] threshold"),
    ],
)
def test_job_values_are_finite_and_in_range(tmp_path: Path, extra: str, key: str) -> None:
    path = tmp_path / "job.toml"
    path.write_text(JOB_HEAD + extra + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_job(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:") and f": {key}: " in message
    assert message.split(":")[1].isdigit()  # the line number


def test_a_deeply_nested_job_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "job.toml"
    path.write_text('[job]\nstate = "s.db"\nx = ' + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_job(path)


def test_an_endless_url_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "job.toml"
    path.write_text('[job]\nstate = "s.db"\n[[sources]]\nkind = "urls"\nfile = "/dev/zero"\n')
    with pytest.raises(ConfigError, match=r"job.toml:\d+: \[\[sources\]\] #1 file: .*longer than"):
        load_job(path)

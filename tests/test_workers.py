"""Cooperating `scraper run` workers on one PostgreSQL state, as real processes against
real local sites: every page fetched and written exactly once, a killed worker's
leases claimed again, each host's delay kept across workers (by the server's log)."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, nullcontext
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from httpserver import LocalServer, Request, Response
from runsite import ROOT, article, documents, story, write_job

from scraper.bench.pgserver import PostgresServer
from scraper.cli import cli
from scraper.state.postgres import PostgresStore

pytestmark = pytest.mark.slow
HTML = (("Content-Type", "text/html; charset=utf-8"),)


class Site:
    """A local server whose pages record when each request arrived (its own log)."""

    def __init__(self, server: LocalServer, pages: int, latency: float = 0.0) -> None:
        self.server, self.latency = server, latency
        self.arrivals: list[float] = []
        self.in_flight = self.most_in_flight = 0
        self._lock = threading.Lock()
        for number in range(pages):
            self.server.route(f"/{number}", self._page(f"{server.port}-{number}"))

    def _page(self, seed: str) -> Callable[[Request], Response]:
        body = article(f"Story {seed}", story(seed))

        def answer(request: Request) -> Response:
            with self._lock:
                self.arrivals.append(time.monotonic())
                self.in_flight += 1
                self.most_in_flight = max(self.most_in_flight, self.in_flight)
            time.sleep(self.latency)
            with self._lock:
                self.in_flight -= 1
            return Response(body=body, headers=HTML)

        return answer

    def urls(self) -> list[str]:
        return [self.server.url(path) for path in sorted(self.server.routes)]

    def closest(self) -> float:
        """The shortest time between two requests' arrivals."""
        times = sorted(self.arrivals)
        return min((b - a for a, b in itertools.pairwise(times)), default=99.0)


@pytest.fixture
def sites() -> Iterator[Callable[..., list[Site]]]:
    with ExitStack() as stack:

        def make(count: int, pages: int, latency: float = 0.0) -> list[Site]:
            servers = [stack.enter_context(LocalServer()) for _ in range(count)]
            return [Site(server, pages, latency) for server in servers]

        yield make


def worker_job(
    directory: Path, url: str, sites: list[Site], *, delay: float, lease: float, per_host: int = 2
) -> Path:
    columns = [site.urls() for site in sites]
    interleaved = [u for row in zip(*columns, strict=True) for u in row]  # hosts take turns
    job = write_job(directory, [{"kind": "urls", "urls": interleaved}])
    text = job.read_text().replace(
        'state = "state.db"', f"state = {json.dumps(url)}\nlease = {lease}"
    )
    text = text.replace("delay = 0", f"delay = {delay}\nconcurrency = 4\nper_host = {per_host}")
    job.write_text(text)
    return job


def start(job: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "scraper", "run", str(job), "-v"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(worker: subprocess.Popen[str], timeout: float = 60) -> tuple[int, str]:
    _, stderr = worker.communicate(timeout=timeout)
    return worker.returncode, stderr


def written_urls(directory: Path) -> Counter[str]:
    return Counter(doc["url"] for doc in documents(directory / "out"))


def test_two_workers_one_killed_write_each_page_once_and_keep_each_hosts_delay(
    tmp_path: Path, pg_url: str, sites: Callable[..., list[Site]]
) -> None:
    hosts = sites(4, 8, latency=0.05)
    job = worker_job(tmp_path, pg_url, hosts, delay=0.2, lease=1)
    PostgresStore(pg_url).close()  # the schema, for the watching below
    workers = {worker.pid: worker for worker in (start(job) for _ in range(2))}
    try:
        held = kill_a_worker_holding_leases(pg_url, workers)
        results = [finish(worker) for worker in workers.values()]
    finally:
        for worker in workers.values():
            worker.kill()
    assert [code for code, _ in results] == [0], "\n".join(err for _, err in results)
    everything = [url for site in hosts for url in site.urls()]
    assert written_urls(tmp_path) == Counter(everything)  # in all outputs, killed one's too
    assert held  # it was killed holding leases: they were claimed again, after they ran out
    for site in hosts:
        requests = Counter(site.server.url(path) for path in site.server.paths())
        assert all(requests[url] == 1 for url in site.urls() if url not in held), requests
        assert all(requests[url] in (1, 2) for url in held if url in requests)
        assert site.closest() >= 0.2 - 0.05, site.closest()  # the test server's own jitter
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT count(*) FROM runs WHERE ended IS NULL").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM frontier WHERE NOT done").fetchone() == (0,)
    assert not list((tmp_path / "out").glob(".*.part"))  # the killed run's file repaired


def test_per_host_holds_across_workers(
    tmp_path: Path, pg_url: str, sites: Callable[..., list[Site]]
) -> None:
    """No delay, one request at a time per host: three workers, each free to send
    four at once, never have two in flight to one host (by the sites' own count)."""
    hosts = sites(2, 8, latency=0.1)
    job = worker_job(tmp_path, pg_url, hosts, delay=0, lease=5, per_host=1)
    workers = [start(job) for _ in range(3)]
    try:
        results = [finish(worker) for worker in workers]
    finally:
        for worker in workers:
            worker.kill()
    assert [code for code, _ in results] == [0, 0, 0], "\n".join(err for _, err in results)
    assert written_urls(tmp_path) == Counter(url for site in hosts for url in site.urls())
    assert [site.most_in_flight for site in hosts] == [1, 1]
    with psycopg.connect(pg_url) as db:  # every slot given back
        assert db.execute("SELECT count(*) FROM host_slots").fetchone() == (0,)


def kill_a_worker_holding_leases(url: str, workers: dict[int, subprocess.Popen[str]]) -> set[str]:
    """SIGKILL the worker holding most leases once both have claimed URLs and pages
    are being written; the URLs it held."""
    deadline = time.monotonic() + 30
    with psycopg.connect(url, autocommit=True) as db:
        while True:
            assert time.monotonic() < deadline, "no worker ever held a lease"
            rows = db.execute(  # per worker that claimed URLs: how many it holds, done
                "SELECT owner, count(*) FILTER (WHERE NOT done), count(*) FILTER (WHERE done) "
                "FROM frontier WHERE owner IS NOT NULL GROUP BY owner ORDER BY 2 DESC"
            ).fetchall()
            if len(rows) == 2 and rows[0][1] and (rows[0][2] or rows[1][2]):
                row = rows[0]  # the one holding most leases, once both work and pages got done
                break
            time.sleep(0.01)
        pid = int(row[0].split(":")[1])
        victim = workers.pop(pid)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        for pipe in (victim.stdout, victim.stderr):  # its pool child may hold them a while
            assert pipe is not None
            pipe.close()
        held = db.execute("SELECT url FROM frontier WHERE owner = %s AND NOT done", (row[0],))
        return {leased for (leased,) in held}


def test_bench_workers_reports_every_page_once_and_the_gaps(
    postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`scraper bench workers` at a small size: it runs, and what it checks holds
    (its timings are figures, not asserted). Its trials run on the session's server
    (a new schema each, as the bench makes them), not a second cluster of their own."""
    from scraper.bench import workers

    class SessionServer:
        @staticmethod
        def start() -> AbstractContextManager[PostgresServer]:
            return nullcontext(postgres)  # the session stops it, not the bench

    monkeypatch.setattr(workers, "PostgresServer", SessionServer)
    result = CliRunner().invoke(
        cli,
        ["bench", "workers", "--pages", "8", "--hosts", "2", "--latency", "0", "--workers", "2"],
    )
    assert result.exit_code == 0, result.output
    table = [line.split() for line in result.output.splitlines()]
    rows = [row for row in table if len(row) == 7 and row[0].isdigit()]
    assert [row[0] for row in rows] == ["1", "2"], result.output
    assert all(row[4] == "8" and row[5] == "yes" and float(row[6]) >= 0.2 for row in rows)
    assert "every page once and gaps >= delay: yes" in result.output

"""Crash safety and one-run-at-a-time, with real processes and SIGKILL."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from httpserver import LocalServer, Request, Response, stall_before_headers
from runsite import ROOT, article, documents, rss, scraper, story, write_job

pytestmark = pytest.mark.slow
HTML = (("Content-Type", "text/html; charset=utf-8"),)
PAGES = 16
TRIALS = 20


def start(job: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "scraper", "run", str(job)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_second_run_started_together_exits_3(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.route("/slow", stall_before_headers(1.5))
        server.route("/feed.xml", rss(server, ["/slow"]))
        job = write_job(tmp_path, [{"kind": "feed", "url": server.url("/feed.xml")}])
        runs = [start(job), start(job)]
        results = [(run.wait(timeout=30), run.communicate()) for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes[1] == 3 and codes[0] in (0, 1)
    locked = next(err for code, (_, err) in results if code == 3)
    holder = next(run.pid for run in runs if run.returncode != 3)
    assert locked.strip().endswith(f"(pid {holder})")
    assert locked.count("\n") == 1 and "another run is active on" in locked


def slow_page(seed: str) -> object:
    body = article(f"Story {seed}", story(seed))

    def handler(request: Request) -> Response:
        time.sleep(random.uniform(0, 0.03))
        return Response(body=body, headers=HTML)

    return handler


def wait_for_output(victim: subprocess.Popen[str], out: Path) -> None:
    deadline = time.monotonic() + 20
    while victim.poll() is None and time.monotonic() < deadline:
        if list(out.glob(".*.part")):
            return
        time.sleep(0.005)


def kill_then_finish(job: Path, delay: float, mid_write: bool) -> int:
    """SIGKILL a run after `delay` s (from its start, or from its first document when
    `mid_write`), run again; return how many documents the killed run had committed."""
    victim = start(job)
    if mid_write:
        wait_for_output(victim, job.parent / "out")
    time.sleep(delay)
    victim.send_signal(signal.SIGKILL)
    victim.communicate()
    clean = scraper("run", job)
    assert clean.returncode == 0, clean.stderr
    db = sqlite3.connect(job.parent / "state.db")
    try:
        rows = db.execute("SELECT run_id, count(*) FROM documents GROUP BY run_id").fetchall()
    finally:
        db.close()
    return min((count for _, count in rows), default=0) if len(rows) > 1 else 0


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    rng = random.Random(5)
    with LocalServer() as server:
        paths = [f"/p{n}" for n in range(PAGES)]
        for path in paths:
            server.route(path, slow_page(path))  # type: ignore[arg-type]
        server.route("/feed.xml", rss(server, paths))
        jobs = []
        for trial in range(TRIALS):
            (tmp_path / f"trial{trial}").mkdir()
            feed = {"kind": "feed", "url": server.url("/feed.xml")}
            mid_write = trial % 2 == 1
            delay = rng.uniform(0, 0.4) if mid_write else rng.uniform(0.2, 2.0)
            jobs.append((write_job(tmp_path / f"trial{trial}", [feed]), delay, mid_write))
        with ThreadPoolExecutor(max_workers=4) as pool:
            partial = list(pool.map(lambda item: kill_then_finish(*item), jobs))
    for trial, (job, _, _) in enumerate(jobs):
        out = job.parent / "out"
        titles = Counter(doc["title"] for doc in documents(out))
        assert sorted(titles) == sorted(f"Story {path}" for path in paths), trial
        assert set(titles.values()) == {1}, (trial, titles)
        assert not list(out.glob(".*.part")), trial
    print(f"kills with part of the output committed: {sum(map(bool, partial))}/{TRIALS}")
    assert any(partial)  # some kills did land between two committed documents

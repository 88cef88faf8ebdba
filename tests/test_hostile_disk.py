"""A full disk: writes checked whole, nothing committed that is not on disk, the run
ends with one line and exit 1, and the next run (with room) writes every page once.

Two ways to fill a disk: a file size limit (RLIMIT_FSIZE, any user: the kernel answers
a short write, then EFBIG, as a full disk answers ENOSPC) set in the child process, the
run file's writer alone or a whole `scraper run`, under the run file or under the state
database; and a tiny tmpfs for the same end-to-end runs (needs root and mount rights;
skipped without them, see the skip reason).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path

import pytest
from hostile import Isolated
from httpserver import LocalServer, Response
from runsite import ROOT, article, documents, rss, scraper, story, write_job

from scraper.cron.job import load_job
from scraper.cron.record import JsonlRunFile
from scraper.cron.run import run_job
from scraper.errors import OutputError

FILE_LIMIT = """
import os, resource, signal
from pathlib import Path
from scraper.errors import OutputError
from scraper.cron.job import load_job
from scraper.cron.run import run_job
from scraper.cron.record import JsonlRunFile

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death, as ENOSPC
hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, hard))
out = JsonlRunFile(Path(DIRECTORY), "run.jsonl")
committed, error = 0, None
for number in range(100):
    try:
        committed = out.append({"n": number, "text": "x" * 700})
    except OutputError as failure:
        error = str(failure)
        break
resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
OUT = {"committed": committed, "error": error, "size": os.path.getsize(out.part)}
"""


def test_a_file_size_limit_fails_the_write_whole(tmp_path: Path) -> None:
    with Isolated() as child:
        outcome = child.run(
            FILE_LIMIT, values={"LIMIT": 5000, "DIRECTORY": str(tmp_path)}, seconds=30
        )
    assert outcome.error is None, outcome.trace
    assert outcome.out["error"] and "cannot write" in outcome.out["error"]
    assert outcome.out["size"] == outcome.out["committed"] <= 5000
    lines = (tmp_path / ".run.jsonl.part").read_text().splitlines()
    assert [json.loads(line)["n"] for line in lines] == list(range(len(lines)))


def test_a_short_write_is_continued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def trickle(fd: int, data: bytes | memoryview) -> int:  # at most 7 bytes a call
        return real_write(fd, bytes(data[:7]))

    monkeypatch.setattr(os, "write", trickle)
    out = JsonlRunFile(tmp_path, "run.jsonl")
    size = out.append({"text": "a line longer than seven bytes"})
    assert size == (tmp_path / ".run.jsonl.part").stat().st_size
    assert json.loads((tmp_path / ".run.jsonl.part").read_text())["text"].startswith("a line")


def test_a_write_that_makes_no_progress_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "write", lambda fd, data: 0)
    with pytest.raises(OutputError, match="cannot write"):
        JsonlRunFile(tmp_path, "run.jsonl").append({"text": "x"})


PAGES = 12


def serve_articles(server: LocalServer, paragraphs: int) -> list[str]:
    """PAGES articles behind one feed; their paths, which are their titles."""
    paths = [f"/a/{n}" for n in range(PAGES)]
    server.route("/feed.xml", rss(server, paths))
    for path in paths:
        server.route(path, Response(body=article(path, story(path, paragraphs=paragraphs))))
    return paths


def scraper_run_limited(job: Path, limit: int) -> subprocess.CompletedProcess[str]:
    """`scraper run JOB` in a process whose files cannot grow past `limit` bytes."""

    def limited() -> None:  # in the child: EFBIG instead of death, as a disk gives ENOSPC
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # ignored stays ignored over exec
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return subprocess.run(
        [sys.executable, "-m", "scraper", "run", str(job)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=limited,
        check=False,
    )


def table_titles(state: Path) -> Counter[str]:
    with sqlite3.connect(state) as db:
        rows = db.execute("SELECT document FROM articles").fetchall()
    return Counter(json.loads(row[0])["title"] for row in rows)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "jsonl"])
def test_a_full_state_database_ends_the_run_and_the_next_run_writes_every_page_once(
    tmp_path: Path, kind: str, warm_pool: Executor
) -> None:
    # Documents of about 12 kB, as rows of the state database (only the database
    # grows), or as lines of the run file: each commit adds more to the database's
    # write-ahead log than the line to the file, so the database reaches the limit
    # first, with the line of the page it stopped at written and not committed.
    with LocalServer() as server:
        paths = serve_articles(server, paragraphs=24)
        output = f'[output]\nkind = "{kind}"\ndirectory = "out"\n'
        job = write_job(tmp_path, [{"kind": "feed", "url": server.url("/feed.xml")}], output=output)
        first = scraper_run_limited(job, 200_000)
        assert first.returncode == 1, first.stderr
        errors = first.stderr.strip().splitlines()
        assert len(errors) == 1, errors
        assert "state.db: cannot write the state" in errors[0] and "run stopped" in errors[0]
        if kind == "sqlite":
            assert 0 < sum(table_titles(tmp_path / "state.db").values()) < PAGES
        else:  # the run is left open, as by a kill: its file not yet published
            assert documents(tmp_path / "out") == []
            (part,) = (tmp_path / "out").glob(".run-*.jsonl.part")
            assert 0 < len(part.read_text().splitlines()) < PAGES
        second = run_job(load_job(job), executor=warm_pool)  # in process: quicker
        assert second.exit_status == 0, second.counts
    if kind == "sqlite":
        titles = table_titles(tmp_path / "state.db")
    else:
        titles = Counter(document["title"] for document in documents(tmp_path / "out"))
    assert sorted(titles) == sorted(paths) and set(titles.values()) == {1}


@pytest.mark.slow
def test_a_full_run_file_ends_the_run_and_the_next_run_writes_every_page_once(
    tmp_path: Path, warm_pool: Executor
) -> None:
    # Documents of about 100 kB: the run file reaches the limit before the database.
    with LocalServer() as server:
        paths = serve_articles(server, paragraphs=200)
        job = write_job(tmp_path, [{"kind": "feed", "url": server.url("/feed.xml")}])
        first = scraper_run_limited(job, 350_000)
        assert first.returncode == 1, first.stderr
        errors = first.stderr.strip().splitlines()
        assert len(errors) == 1, errors
        assert ".jsonl.part: cannot write" in errors[0] and "run stopped" in errors[0]
        assert 0 < len(documents(tmp_path / "out")) < PAGES
        second = run_job(load_job(job), executor=warm_pool)  # in process: quicker
        assert second.exit_status == 0, second.counts
    titles = Counter(document["title"] for document in documents(tmp_path / "out"))
    assert sorted(titles) == sorted(paths) and set(titles.values()) == {1}


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.slow
def test_disk_full_ends_the_run_and_the_next_run_writes_every_page_once(
    tmp_path: Path, tiny_disk: Path, warm_pool: Executor
) -> None:
    with LocalServer() as server:
        paths = serve_articles(server, paragraphs=24)  # the 64 kB disk takes four or five
        output = '[output]\ndirectory = "disk/out"\n'
        job = write_job(tmp_path, [{"kind": "feed", "url": server.url("/feed.xml")}], output=output)
        first = scraper("run", job, timeout=120)
        assert first.returncode == 1, first.stderr
        errors = first.stderr.strip().splitlines()
        assert len(errors) == 1 and "No space left" in errors[0]
        written = documents(tiny_disk / "out")
        assert 0 < len(written) < PAGES
        subprocess.run(["mount", "-o", "remount,size=4m", str(tiny_disk)], check=True)
        second = run_job(load_job(job), executor=warm_pool)  # in process: quicker
        assert second.exit_status == 0, second.counts
    titles = Counter(document["title"] for document in documents(tiny_disk / "out"))
    assert sorted(titles) == sorted(paths) and set(titles.values()) == {1}


@pytest.mark.slow
def test_disk_full_under_the_state_ends_the_run_and_the_next_run_writes_every_page_once(
    tmp_path: Path, tiny_disk: Path, warm_pool: Executor
) -> None:
    with LocalServer() as server:
        paths = serve_articles(server, paragraphs=24)
        output = '[output]\nkind = "sqlite"\n'
        job = write_job(tmp_path, [{"kind": "feed", "url": server.url("/feed.xml")}], output=output)
        job.write_text(job.read_text().replace('state = "state.db"', 'state = "disk/state.db"'))
        subprocess.run(["mount", "-o", "remount,size=256k", str(tiny_disk)], check=True)
        first = scraper("run", job, timeout=120)
        assert first.returncode == 1, first.stderr
        errors = first.stderr.strip().splitlines()
        assert len(errors) == 1 and "cannot write the state" in errors[0], errors
        assert 0 < sum(table_titles(tiny_disk / "state.db").values()) < PAGES
        subprocess.run(["mount", "-o", "remount,size=4m", str(tiny_disk)], check=True)
        second = run_job(load_job(job), executor=warm_pool)  # in process: quicker
        assert second.exit_status == 0, second.counts
    titles = table_titles(tiny_disk / "state.db")
    assert sorted(titles) == sorted(paths) and set(titles.values()) == {1}

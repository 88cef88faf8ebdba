"""The run file's crash rule, fast: a killed run's file is cut back to what the state
committed and published (the end-to-end proof is tests/test_run_crash.py)."""

from __future__ import annotations

import json
from pathlib import Path

from scraper.cron.job import OutputSpec
from scraper.cron.record import JsonlRunFile, output_name, repair
from scraper.state import PageRecord, SQLiteStore, Written

STARTED = "2026-01-02T03:04:05.000006+00:00"


def test_output_name_is_the_start_time() -> None:
    assert output_name(STARTED) == "run-20260102T030405.000006Z.jsonl"


def test_a_file_is_published_only_with_documents(tmp_path: Path) -> None:
    empty = JsonlRunFile(tmp_path, "empty.jsonl")
    assert empty.publish() is None and not list(tmp_path.iterdir())
    file = JsonlRunFile(tmp_path, "run.jsonl")
    size = file.append({"text": "a"})
    assert size == (tmp_path / ".run.jsonl.part").stat().st_size
    assert file.publish() == tmp_path / "run.jsonl"
    assert json.loads((tmp_path / "run.jsonl").read_text()) == {"text": "a"}


def test_repair_cuts_the_uncommitted_line_and_publishes(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "state.db")
    name = output_name(STARTED)
    run_id = store.begin_run(started=STARTED, output=name)
    file = JsonlRunFile(tmp_path / "out", name)
    committed = file.append({"n": 1})
    _commit(store, run_id, committed)
    file.append({"n": 2})  # written, never committed: the run was killed here
    spec = OutputSpec(kind="jsonl", directory=tmp_path / "out")
    assert repair(store, spec, "later") == [run_id]
    published = tmp_path / "out" / name
    assert [json.loads(line) for line in published.read_text().splitlines()] == [{"n": 1}]
    assert not (tmp_path / "out" / f".{name}.part").exists()
    assert store.unfinished_runs() == []
    store.close()


def test_repair_of_a_run_that_wrote_nothing_leaves_no_file(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "state.db")
    name = output_name(STARTED)
    store.begin_run(started=STARTED, output=name)
    file = JsonlRunFile(tmp_path / "out", name)
    file.append({"n": 1})  # never committed
    repair(store, OutputSpec(kind="jsonl", directory=tmp_path / "out"), "later")
    assert list((tmp_path / "out").iterdir()) == []
    store.close()


def _commit(store: SQLiteStore, run_id: int, length: int) -> None:
    """The state commit that records a written page with the file's new length."""
    page = PageRecord(url="https://example.org/a", site="example.org", now=STARTED, status=200)
    store.record_written(
        page, Written(sha256="0" * 64, run_id=run_id, signature=None, output_bytes=length), None
    )

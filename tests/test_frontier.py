"""Cooperating workers' shared state on a real PostgreSQL server: windows, claims and
leases, each page's record committed with its lease, host pacing across processes."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from scraper.cron.record import JsonlRunFile
from scraper.state import PageRecord, Written
from scraper.state.frontier import LeaseLost, SharedPacer, WorkerStore
from scraper.state.location import DatabaseURL

NOW = "2024-05-01T12:00:00Z"
URLS = [f"http://h{n % 3}/{n}" for n in range(10)]


@pytest.fixture
def workers(pg_url: str) -> Iterator[list[WorkerStore]]:
    opened = [WorkerStore(pg_url, worker=f"m:{n}:x", lease=30.0) for n in range(2)]
    yield opened
    for store in opened:
        store.close()


def publish(store: WorkerStore, urls: list[str] = URLS) -> None:
    store.touch([(url, "h") for url in urls], NOW)
    assert store.publish([(url, None, "new", url.split("/")[2]) for url in urls])


def page(url: str) -> PageRecord:
    return PageRecord(url=url, site="h", now=NOW, status=200, body_hash="b")


def test_first_worker_discovers_others_wait_then_join(workers: list[WorkerStore]) -> None:
    first, second = workers
    window = first.join_window()
    assert window is not None and window.discover
    assert second.join_window() is None  # discovery in progress
    publish(first)
    joined = second.join_window()
    assert joined is not None and joined.id == window.id and not joined.discover


def test_claims_are_disjoint_and_each_page_settles_once(workers: list[WorkerStore]) -> None:
    first, second = workers
    first.join_window()
    publish(first)
    second.join_window()
    mine, theirs = first.claim(4), second.claim(100)
    assert [c.url for c in mine] == URLS[:4]  # discovery order
    assert {c.url for c in theirs} == set(URLS[4:])
    assert first.claim(4) == [] and not first.progress().claimable
    for claimed in mine:
        first.record_page(page(claimed.url))
    with pytest.raises(LeaseLost):  # not ours
        first.record_page(page(theirs[0].url))
    assert second.url_states([theirs[0].url])[theirs[0].url].body_hash is None
    for claimed in theirs:
        second.record_page(page(claimed.url))
    assert first.progress().done
    late = second.join_window()  # just closed: joined as it is, nothing to do
    assert late is not None and late.id == first.window and not late.discover
    assert second.progress().done and second.claim(10) == []


def test_hosts_take_turns_in_claims(workers: list[WorkerStore]) -> None:
    first, _ = workers
    first.join_window()
    blocked = [f"http://a/{n}" for n in range(4)] + [f"http://b/{n}" for n in range(2)]
    publish(first, blocked)  # as a sitemap per site lists them: one host's pages together
    claimed = [c.url for c in first.claim(4)] + [c.url for c in first.claim(4)]
    assert claimed == ["http://a/0", "http://b/0", "http://a/1", "http://b/1", *blocked[2:4]]


def test_a_window_closed_a_lease_ago_is_not_joined_again(pg_url: str) -> None:
    store = WorkerStore(pg_url, worker="m:1:x", lease=1.0)
    try:
        first = store.join_window()
        assert first is not None and first.discover
        publish(store, [])
        assert store.progress().done
        time.sleep(1.1)
        second = store.join_window()
        assert second is not None and second.discover and second.id != first.id
    finally:
        store.close()


def test_an_expired_lease_is_claimed_again_and_the_late_result_is_refused(
    pg_url: str, workers: list[WorkerStore]
) -> None:
    first, second = workers
    stalled = WorkerStore(pg_url, worker="m:9:x", lease=0.3)
    try:
        first.join_window()
        publish(first, URLS[:2])
        stalled.join_window()
        assert len(stalled.claim(10)) == 2
        second.join_window()
        progress = second.progress()
        assert not progress.claimable and 0 < progress.wait <= 0.3
        time.sleep(0.4)
        assert second.progress().claimable
        assert [c.url for c in second.claim(10)] == URLS[:2]
        with pytest.raises(LeaseLost):
            stalled.record_page(page(URLS[0]))
        second.record_page(page(URLS[0]))
        assert stalled.url_states([URLS[0]])[URLS[0]].body_hash == "b"
    finally:
        stalled.close()


def test_a_lost_lease_commits_nothing_of_the_page_and_its_line_is_taken_back(
    pg_url: str, workers: list[WorkerStore], tmp_path: Path
) -> None:
    first, second = workers
    stalled = WorkerStore(pg_url, worker="m:9:x", lease=0.2)
    try:
        first.join_window()
        publish(first, URLS[:1])
        stalled.join_window()
        run = stalled.begin_run(started=NOW, output="run-a.jsonl")
        stalled.claim(1)
        time.sleep(0.3)
        second.join_window()
        assert len(second.claim(1)) == 1
        file = JsonlRunFile(tmp_path, "run-a.jsonl")
        kept = file.append({"url": "kept"})
        size = file.append({"url": URLS[0]})
        written = Written(sha256="s", run_id=run, signature=None, output_bytes=size, row="{}")
        with pytest.raises(LeaseLost):
            stalled.record_written(page(URLS[0]), written, table="articles")
        file.cut_back(kept)  # what the worker does on LeaseLost
        file.append({"url": "next"})
        assert stalled.url_of_text("s") is None
        assert stalled.query("SELECT count(*) FROM articles") == [(0,)]
        assert stalled.recent_runs(1)[0].output_bytes == 0  # the length stays as committed
    finally:
        stalled.close()
    lines = (file.publish() or tmp_path).read_text().splitlines()
    assert [line.split('"')[3] for line in lines] == ["kept", "next"]


def test_discovery_is_taken_over_when_its_lease_runs_out(pg_url: str) -> None:
    slow = WorkerStore(pg_url, worker="m:1:x", lease=0.2)
    other = WorkerStore(pg_url, worker="m:2:x", lease=30.0)
    try:
        window = slow.join_window()
        assert window is not None and window.discover
        time.sleep(0.3)
        taken = other.join_window()
        assert taken is not None and taken.discover and taken.id == window.id
        assert not slow.publish([(URLS[0], None, "new", "h0")])  # too late: nothing published
        publish(other)
        assert len(other.claim(100)) == len(URLS)
    finally:
        slow.close()
        other.close()


def test_only_dead_runs_of_this_machine_are_repaired(pg_url: str) -> None:
    here = WorkerStore(pg_url, worker="here:1:x", lease=0.2)
    alive = WorkerStore(pg_url, worker="here:2:y", lease=0.2)
    away = WorkerStore(pg_url, worker="there:3:z", lease=0.2)
    try:
        dead = here.begin_run(started=NOW, output="run-a.jsonl")
        away.begin_run(started=NOW, output="run-b.jsonl")
        time.sleep(0.3)
        live = alive.begin_run(started=NOW, output="run-c.jsonl")
        assert [run.id for run in alive.unfinished_runs()] == [dead]
        assert live not in [run.id for run in here.unfinished_runs()]
    finally:
        for store in (here, alive, away):
            store.close()


def test_pacers_in_two_processes_space_one_host(pg_url: str) -> None:
    WorkerStore(pg_url, worker="m:1:x", lease=1).close()  # the schema
    first, second = (SharedPacer(DatabaseURL(pg_url), worker=f"m:{n}:x", lease=30) for n in (1, 2))
    try:
        assert first.take("h:1", 0.3) == 0  # taken
        wait = second.take("h:1", 0.3)  # not yet: how long to wait
        assert wait == pytest.approx(0.3, abs=0.05)
        assert second.take("h:2", 0.3) == 0  # another host is free
        time.sleep(wait)
        assert second.take("h:1", 0.3) == 0
        time.sleep(0.1)  # the request left late: its delay counts from then
        second.sent("h:1", 0.3)
        assert first.take("h:1", 0.3) == pytest.approx(0.3, abs=0.05)
    finally:
        first.close()
        second.close()


def test_a_hosts_slots_are_shared_and_a_dead_workers_run_out(pg_url: str) -> None:
    WorkerStore(pg_url, worker="m:1:x", lease=1).close()  # the schema
    url = DatabaseURL(pg_url)
    first = SharedPacer(url, worker="m:1:x", lease=30)
    second = SharedPacer(url, worker="m:2:x", lease=0.5)
    try:
        assert first.enter("h:1", 2) == 0 and second.enter("h:1", 2) == 1
        assert first.enter("h:1", 2) is None  # both of the host's slots are held
        assert first.enter("h:2", 2) == 0  # another host's are free
        first.leave("h:1", 0)
        assert second.enter("h:1", 2) == 0
        assert first.enter("h:1", 2) is None
        time.sleep(0.6)  # the second worker stops renewing (killed): its slots run out
        assert first.enter("h:1", 2) == 0 and first.enter("h:1", 2) == 1
        second.leave("h:1", 1)  # too late: not its slot any more
        assert first.enter("h:1", 2) is None
    finally:
        second.close()
        first.close()  # gives its slots back
    with psycopg.connect(pg_url) as db:
        assert db.execute("SELECT count(*) FROM host_slots").fetchone() == (0,)


def test_racing_workers_never_hold_more_than_a_hosts_slots(pg_url: str) -> None:
    WorkerStore(pg_url, worker="m:1:x", lease=1).close()  # the schema
    pacers = [SharedPacer(DatabaseURL(pg_url), worker=f"m:{n}:x", lease=30) for n in range(4)]
    start = threading.Barrier(len(pacers))
    held: Counter[str] = Counter()
    most: list[int] = []
    lock = threading.Lock()

    def race(pacer: SharedPacer) -> None:
        for _ in range(30):
            start.wait()
            slot = pacer.enter("h:1", 2)
            with lock:
                held["h:1"] += slot is not None
                most.append(held["h:1"])
            start.wait()  # all have asked before any gives back
            if slot is not None:
                with lock:
                    held["h:1"] -= 1
                pacer.leave("h:1", slot)

    threads = [threading.Thread(target=race, args=(pacer,)) for pacer in pacers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for pacer in pacers:
        pacer.close()
    assert max(most) == 2


def test_racing_pacers_take_a_host_once_per_delay(pg_url: str) -> None:
    WorkerStore(pg_url, worker="m:1:x", lease=1).close()  # the schema
    pacers = [SharedPacer(DatabaseURL(pg_url), worker=f"m:{n}:x", lease=30) for n in range(4)]
    start = threading.Barrier(len(pacers))
    taken: Counter[str] = Counter()
    end = time.monotonic() + 1.0

    lock = threading.Lock()

    def count(host: str, wait: float) -> None:
        with lock:
            taken[host] += wait == 0

    def race(pacer: SharedPacer) -> None:
        for number in range(20):  # new hosts, all four at once
            start.wait()
            count(f"new:{number}", pacer.take(f"new:{number}", 10.0))
        while time.monotonic() < end:  # one host, asked all the time
            wait = pacer.take("h:1", 0.1)
            count("h:1", wait)
            time.sleep(min(wait, 0.002))

    threads = [threading.Thread(target=race, args=(pacer,)) for pacer in pacers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for pacer in pacers:
        pacer.close()
    assert all(taken[f"new:{number}"] == 1 for number in range(20)), taken
    assert taken["h:1"] <= 11  # once per 0.1 s at most

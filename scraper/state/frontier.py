"""Cooperating workers on one PostgreSQL state: run windows, leased URLs, host pacing.

Any number of `scraper run` processes (on any machines) with the same state URL share
the work of one *run window*:

1. The first worker to arrive opens a window and claims its discovery (a lease on
   `windows.discoverer`); it reads the sources, decides what to fetch and publishes
   those URLs to `frontier` in one transaction. Workers arriving meanwhile wait for
   that (and take discovery over should its lease expire). A window is closed once
   every URL of it is done; the next worker to arrive after that opens a new one.
2. Workers claim URLs in small batches (`FOR UPDATE SKIP LOCKED`: no two claim the
   same row), each with a lease that a heartbeat thread renews while the worker
   lives. A lease that expires (the worker was killed, or stalled) is claimed again.
3. A page's result is committed in the same transaction that marks its URL done,
   and only if this worker still holds the lease (else `LeaseLost`, and nothing of
   it is committed): so each page is recorded, and written, exactly once.
4. `SharedPacer` keeps each host's politeness across all workers: each request
   reserves the host's next allowed start time (`hosts.next_at`), and holds one of
   the host's `per_host` request slots (`host_slots`, leased like URLs: a killed
   worker's slots run out, so no host stays blocked) while it is in flight.

Every time is the database's clock (`clock_timestamp()`), so machines need not agree.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scraper.errors import StateError
from scraper.state.location import DatabaseURL
from scraper.state.postgres import PostgresStore, connect, run_record, translated
from scraper.state.store import RunRecord

NOW = "extract(epoch FROM clock_timestamp())"
# Seconds before asking again for a host whose time came while it was looked at.
RACE_RETRY = 0.005
# Advisory lock key for opening, joining and closing windows.
WINDOW_LOCK = 7_301_003


class LeaseLost(StateError):
    """Another worker holds this URL now (ours expired): its result is not ours to commit."""


@dataclass(frozen=True, slots=True)
class Window:
    id: int
    discover: bool  # this worker discovers it (and publishes its URLs)


@dataclass(frozen=True, slots=True)
class Claimed:
    url: str
    lastmod: str | None
    action: str


@dataclass(frozen=True, slots=True)
class Progress:
    done: bool  # every URL of the window is done (and the window closed)
    claimable: bool  # some URL is free, or its lease expired
    wait: float  # else: seconds until the earliest lease held by another runs out


def worker_name() -> str:
    """This worker's name: machine, pid and a random part (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def by_host_turns(
    entries: Sequence[tuple[str, str | None, str, str]],
) -> list[tuple[str, str | None, str, str]]:
    """Hosts take turns (each host's URLs in their order): a source lists one site's
    pages together, and a batch of one host's URLs would be fetched one at a time."""
    hosts: dict[str, list[tuple[str, str | None, str, str]]] = {}
    for entry in entries:
        hosts.setdefault(entry[3], []).append(entry)
    turns = itertools.zip_longest(*hosts.values())
    return [entry for turn in turns for entry in turn if entry is not None]


class WorkerStore(PostgresStore):
    """The PostgreSQL store of one cooperating worker: the `StateStore` methods, each
    page's record committed with its lease, plus windows and claims."""

    def __init__(self, url: DatabaseURL | str, *, worker: str, lease: float) -> None:
        super().__init__(url)
        self.worker, self.lease = worker, lease
        self.window: int | None = None

    # --- windows

    def join_window(self) -> Window | None:
        """Join the open window (or open one); None: wait, another worker discovers.
        A window closed less than a lease ago is joined as it is, done: workers
        started together do not discover again one after another."""
        with self.tx() as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (WINDOW_LOCK,))
            row = db.execute(
                f"SELECT id, discovered, discovery_until < {NOW}, closed, "
                f"closed_at > {NOW} - %s FROM windows ORDER BY id DESC LIMIT 1",
                (self.lease,),
            ).fetchone()
            if row is None or (row[3] and not row[4]):
                window = Window(self._open(db), discover=True)
            elif row[1] or row[3]:
                window = Window(int(row[0]), discover=False)
            elif row[2]:  # the discoverer's lease ran out: take discovery over
                db.execute(
                    f"UPDATE windows SET discoverer = %s, discovery_until = {NOW} + %s "
                    "WHERE id = %s",
                    (self.worker, self.lease, row[0]),
                )
                window = Window(int(row[0]), discover=True)
            else:
                return None
        self.window = window.id
        return window

    def _open(self, db: Any) -> int:
        found = db.execute(
            "INSERT INTO windows (opened, discoverer, discovery_until) "
            f"VALUES ({NOW}, %s, {NOW} + %s) RETURNING id",
            (self.worker, self.lease),
        ).fetchone()
        return int(found[0])

    def publish(self, entries: Sequence[tuple[str, str | None, str, str]]) -> bool:
        """The discovered URLs to fetch (url, lastmod, action, host); False when
        discovery was taken over meanwhile (then nothing is published). They are
        claimed in the order of `by_host_turns`, so that a batch spreads over hosts."""
        with self.tx() as db, db.cursor() as cursor:
            row = db.execute(
                "SELECT discoverer, discovered FROM windows WHERE id = %s FOR UPDATE",
                (self.window,),
            ).fetchone()
            if row is None or row[0] != self.worker or row[1]:
                return False
            cursor.executemany(
                "INSERT INTO frontier (window_id, position, url, lastmod, action, host) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                [(self.window, n, *entry) for n, entry in enumerate(by_host_turns(entries))],
            )
            db.execute("UPDATE windows SET discovered = TRUE WHERE id = %s", (self.window,))
        return True

    def claim(self, limit: int) -> list[Claimed]:
        """Lease up to `limit` free (or expired) URLs of the window, in discovery order."""
        rows = self.query(
            f"UPDATE frontier f SET owner = %(me)s, lease_until = {NOW} + %(lease)s "
            "FROM (SELECT url FROM frontier WHERE window_id = %(w)s AND NOT done "
            f"AND (owner IS NULL OR lease_until < {NOW}) ORDER BY position LIMIT %(n)s "
            "FOR UPDATE SKIP LOCKED) free "
            "WHERE f.window_id = %(w)s AND f.url = free.url "
            "RETURNING f.position, f.url, f.lastmod, f.action",
            {"me": self.worker, "lease": self.lease, "w": self.window, "n": limit},
        )
        return [Claimed(url, lastmod, action) for _, url, lastmod, action in sorted(rows)]

    def progress(self) -> Progress:
        """Where the window stands; closes it once every URL is done."""
        with self.tx() as db:
            row = db.execute(
                "SELECT count(*), "
                f"count(*) FILTER (WHERE owner IS NULL OR lease_until < {NOW}), "
                f"min(lease_until) - {NOW} FROM frontier WHERE window_id = %s AND NOT done",
                (self.window,),
            ).fetchone()
            assert row is not None
            if row[0] == 0:
                db.execute(
                    f"UPDATE windows SET closed = TRUE, closed_at = coalesce(closed_at, {NOW}) "
                    "WHERE id = %s",
                    (self.window,),
                )
                return Progress(done=True, claimable=False, wait=0.0)
        return Progress(done=False, claimable=row[1] > 0, wait=max(0.0, float(row[2] or 0.0)))

    def release(self) -> None:
        """Give back every URL this worker holds and has not done (it is ending)."""
        with self.tx() as db:
            db.execute(
                "UPDATE frontier SET owner = NULL, lease_until = NULL "
                "WHERE owner = %s AND NOT done",
                (self.worker,),
            )

    # --- runs: a worker's run row carries its name and heartbeat

    def begin_run(self, *, started: str, output: str | None) -> int:
        run_id = super().begin_run(started=started, output=output)
        with self.tx() as db:
            db.execute(
                f"UPDATE runs SET worker = %s, heartbeat = {NOW} WHERE id = %s",
                (self.worker, run_id),
            )
        return run_id

    def unfinished_runs(self) -> list[RunRecord]:
        """Runs left open by workers that are gone (no heartbeat for a lease): those of
        this machine only, whose run files are here to repair."""
        machine = self.worker.split(":", 1)[0]
        rows = self.query(
            "SELECT id, started, ended, output, output_bytes, exit_status, counts FROM runs "
            f"WHERE ended IS NULL AND (heartbeat IS NULL OR heartbeat < {NOW} - %s) "
            "AND (worker IS NULL OR split_part(worker, ':', 1) = %s) ORDER BY id",
            (self.lease, machine),
        )
        return [run_record(row) for row in rows]

    # --- each page's record is committed with its lease

    def _settle(self, db: Any, url: str) -> None:
        done = db.execute(
            "UPDATE frontier SET done = TRUE WHERE window_id = %s AND url = %s "
            "AND owner = %s AND NOT done RETURNING 1",
            (self.window, url, self.worker),
        ).fetchone()
        if done is None:
            raise LeaseLost(f"{url}: lease lost to another worker; its result is not recorded")


class Heartbeat:
    """A thread that renews this worker's leases and run heartbeat (own connection)."""

    def __init__(self, url: DatabaseURL, *, worker: str, lease: float) -> None:
        self.url, self.worker, self.lease = url, worker, lease
        self.run_id: int | None = None
        self._stop = threading.Event()
        self._db = connect(url)
        self._thread = threading.Thread(target=self._beat, name="heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._db.close()

    def _beat(self) -> None:
        while not self._stop.wait(self.lease / 4):
            try:
                self.renew()
            except StateError:
                continue  # the database is away: leases run out, others take over

    def renew(self) -> None:
        with translated(self.url), self._db.transaction():
            self._db.execute(
                f"UPDATE frontier SET lease_until = {NOW} + %s WHERE owner = %s AND NOT done",
                (self.lease, self.worker),
            )
            self._db.execute(
                f"UPDATE windows SET discovery_until = {NOW} + %s "
                "WHERE discoverer = %s AND NOT discovered",
                (self.lease, self.worker),
            )
            self._db.execute(
                f"UPDATE host_slots SET until = {NOW} + %s WHERE owner = %s",
                (self.lease, self.worker),
            )
            if self.run_id is not None:
                self._db.execute(f"UPDATE runs SET heartbeat = {NOW} WHERE id = %s", (self.run_id,))


class SharedPacer:
    """Per-host politeness across workers (a `HostPacer`, thread-safe): `enter(host,
    limit)` holds one of the host's `limit` request slots, leased to this worker
    (the `Heartbeat` renews it); `take(host, delay)` takes the host when its next
    allowed time has come; `wait(host)` only looks."""

    def __init__(self, url: DatabaseURL, *, worker: str, lease: float) -> None:
        self.url, self.worker, self.lease = url, worker, lease
        self._db = connect(url)
        self._lock = threading.Lock()

    def enter(self, host: str, limit: int) -> int | None:
        """A free (or expired) slot of `host` among `limit`, now this worker's; None
        when all are held. The primary key decides between racing workers."""
        values = {"h": host, "me": self.worker, "lease": self.lease}
        with self._lock, translated(self.url):
            free = self._db.execute(
                "SELECT s FROM generate_series(0, %(n)s - 1) s WHERE NOT EXISTS (SELECT 1 "
                f"FROM host_slots WHERE host = %(h)s AND slot = s AND until >= {NOW})",
                {**values, "n": limit},
            ).fetchall()
            for (slot,) in free:
                held = self._db.execute(
                    "INSERT INTO host_slots (host, slot, owner, until) "
                    f"VALUES (%(h)s, %(s)s, %(me)s, {NOW} + %(lease)s) "
                    "ON CONFLICT (host, slot) DO UPDATE SET owner = EXCLUDED.owner, "
                    f"until = EXCLUDED.until WHERE host_slots.until < {NOW} RETURNING 1",
                    {**values, "s": slot},
                ).fetchone()
                if held:
                    return int(slot)
        return None

    def leave(self, host: str, slot: int) -> None:
        """Give the slot back (unless it expired and another worker holds it now)."""
        with self._lock, translated(self.url):
            self._db.execute(
                "DELETE FROM host_slots WHERE host = %s AND slot = %s AND owner = %s",
                (host, slot, self.worker),
            )

    def wait(self, host: str) -> float:
        with self._lock, translated(self.url):
            row = self._db.execute(
                f"SELECT next_at - {NOW} FROM hosts WHERE host = %s", (host,)
            ).fetchone()
        return max(0.0, float(row[0])) if row else 0.0

    def take(self, host: str, delay: float) -> float:
        """Statement by statement, each deciding on the row as it is then (an UPDATE
        re-reads a row another worker changed meanwhile; one snapshot would not)."""
        values = {"h": host, "d": delay}
        with self._lock, translated(self.url):
            taken = (
                self._db.execute(
                    f"UPDATE hosts SET next_at = {NOW} + %(d)s "
                    f"WHERE host = %(h)s AND next_at <= {NOW} RETURNING 1",
                    values,
                ).fetchone()
                or self._db.execute(
                    f"INSERT INTO hosts VALUES (%(h)s, {NOW} + %(d)s) "
                    "ON CONFLICT (host) DO NOTHING RETURNING 1",
                    values,
                ).fetchone()
            )
            if taken:
                return 0.0
            row = self._db.execute(
                f"SELECT next_at - {NOW} FROM hosts WHERE host = %(h)s", values
            ).fetchone()
        # Its time came between two statements: ask again at once.
        return float(row[0]) if row and row[0] > 0 else RACE_RETRY

    def sent(self, host: str, delay: float) -> None:
        with self._lock, translated(self.url):
            self._db.execute(
                f"UPDATE hosts SET next_at = greatest(next_at, {NOW} + %s) WHERE host = %s",
                (delay, host),
            )

    def close(self) -> None:
        """Give back any slot still held (requests cut short), then disconnect."""
        try:
            with self._lock, translated(self.url):
                self._db.execute("DELETE FROM host_slots WHERE owner = %s", (self.worker,))
        except StateError:
            pass  # the database is away: the slots run out with their lease
        finally:
            self._db.close()

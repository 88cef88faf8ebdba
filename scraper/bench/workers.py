"""`scraper bench workers`: one `scraper run` worker, then several, on one PostgreSQL state.

A throwaway PostgreSQL cluster (`scraper.bench.pgserver`) and `hosts` loopback sites
on 127.0.0.2, 127.0.0.3, ... (one server each, in this process) that serve
`pages` generated articles between them, listed by a sitemap (even hosts) or an RSS
feed (odd hosts). Every site answers a page after `latency` seconds and logs when
each request arrived: the kernel's receive time of its first byte (`SO_TIMESTAMPNS`),
so the log is not shifted by this process's own scheduling on a busy machine. The
job: those sources, `[fetch] delay`, `per_host`, `concurrency` requests in flight per
worker, JSONL output.

Each trial starts its workers together on a new, empty database and times them from
start to the last exit. One worker is bound by its own `concurrency` (pages x latency
/ concurrency seconds); more workers add theirs while the shared per-host delay caps
each host (the floor: a host's pages x delay). Reported per trial: the wall time,
the exit codes, whether every page is in the run files exactly once, and the
smallest gap between two requests to one host by the sites' own logs (sitemaps and
feeds included), which must be at least the delay.
"""

from __future__ import annotations

import itertools
import json
import random
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scraper.bench.pgserver import PostgresServer

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux; not named by Python 3.11
WORDS = (
    "council",
    "harbour",
    "river",
    "market",
    "school",
    "train",
    "bridge",
    "station",
    "winter",
    "summer",
    "garden",
    "library",
    "museum",
    "festival",
    "road",
    "budget",
    "mayor",
    "teacher",
    "farmer",
    "doctor",
    "nurse",
    "village",
    "storm",
    "flood",
    "harvest",
    "bakery",
    "ferry",
    "island",
    "mountain",
    "valley",
    "forest",
    "election",
    "report",
    "plan",
    "vote",
    "street",
    "square",
    "tower",
    "castle",
    "church",
    "factory",
    "office",
    "workers",
    "families",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Setup:
    pages: int = 300
    hosts: int = 10
    delay: float = 0.2
    latency: float = 0.2
    concurrency: int = 2
    per_host: int = 2
    lease: float = 10.0

    @property
    def floor(self) -> float:
        """Seconds the politeness alone takes: the busiest host's pages x delay."""
        return -(-self.pages // self.hosts) * self.delay


@dataclass(frozen=True, slots=True, kw_only=True)
class Trial:
    workers: int
    seconds: float
    exit_codes: tuple[int, ...]
    written: Counter[str]  # URL -> times it is in the run files
    expected: frozenset[str]
    closest: float  # smallest gap between two requests to one host (s)

    @property
    def exactly_once(self) -> bool:
        return set(self.written) == self.expected and set(self.written.values()) == {1}


def article(seed: str) -> bytes:
    """A deterministic article of about 200 words, different for each seed."""
    rng = random.Random(seed)
    paragraphs = "".join(
        "<p>" + " ".join(" ".join(rng.choices(WORDS, k=12)).capitalize() + "." for _ in range(4))
        for _ in range(4)
    )
    return (
        f"<!doctype html><html><head><title>Story {seed}</title></head><body>"
        f"<article><h1>Story {seed}</h1>{paragraphs}</article></body></html>"
    ).encode()


class Site:
    """One loopback host: its pages, a sitemap or feed of them, a log of arrivals."""

    def __init__(self, address: str, pages: list[str], *, feed: bool, latency: float) -> None:
        self.latency, self.feed = latency, feed
        self.arrivals: list[float] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer((address, 0), self._handler())
        self.server.daemon_threads = True
        self.server.socket.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)  # inherited
        self.origin = f"http://{address}:{self.server.server_address[1]}"
        self.pages = {f"/p/{name}": article(f"{address}-{name}") for name in pages}
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def source(self) -> dict[str, str]:
        if self.feed:
            return {"kind": "feed", "url": f"{self.origin}/feed.xml"}
        return {"kind": "sitemap", "url": f"{self.origin}/sitemap.xml"}

    def urls(self) -> list[str]:
        return [self.origin + path for path in self.pages]

    def listing(self) -> tuple[bytes, str]:
        if self.feed:
            items = "".join(f"<item><title>{u}</title><link>{u}</link></item>" for u in self.urls())
            xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            return (xml + "</channel></rss>").encode(), "application/rss+xml"
        locs = "".join(f"<url><loc>{u}</loc></url>" for u in self.urls())
        xml = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        return (xml + locs + "</urlset>").encode(), "application/xml"

    def answer(self, path: str, arrived: float) -> tuple[int, bytes, str]:
        with self._lock:
            self.arrivals.append(arrived)
        if path in ("/feed.xml", "/sitemap.xml"):
            return 200, *self.listing()
        time.sleep(self.latency)
        body = self.pages.get(path)
        if body is None:
            return 404, b"not found", "text/plain"
        return 200, body, "text/html; charset=utf-8"

    def closest(self) -> float:
        times = sorted(self.arrivals)
        return min((b - a for a, b in itertools.pairwise(times)), default=float("inf"))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            rbufsize = 0  # nothing read ahead: each request's first byte is peeked below
            arrived = 0.0

            def handle_one_request(self) -> None:
                self.arrived = arrival(self.connection)
                super().handle_one_request()

            def do_GET(self) -> None:
                status, body, kind = site.answer(self.path, self.arrived)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        return Handler


def arrival(connection: socket.socket) -> float:
    """When the next request's first byte reached the kernel (waits for it; now at
    the end of the connection, or without a timestamp)."""
    try:
        _, ancillary, _, _ = connection.recvmsg(1, socket.CMSG_SPACE(16), socket.MSG_PEEK)
    except OSError:
        return time.time()
    for level, kind, raw in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
            seconds, nanoseconds = struct.unpack("qq", raw[:16])
            return float(seconds + nanoseconds / 1e9)
    return time.time()


@contextmanager
def sites(setup: Setup) -> Iterator[list[Site]]:
    """The loopback hosts 127.0.0.2, 127.0.0.3, ... serving the pages between them."""
    names = [f"{n:04d}" for n in range(setup.pages)]
    made = [
        Site(f"127.0.0.{2 + h}", names[h :: setup.hosts], feed=h % 2 == 1, latency=setup.latency)
        for h in range(setup.hosts)
    ]
    try:
        yield made
    finally:
        for site in made:
            site.server.shutdown()
            site.server.server_close()


def write_job(directory: Path, state: str, hosts: list[Site], setup: Setup) -> Path:
    sources = "".join(
        f"[[sources]]\nkind = {json.dumps(s.source['kind'])}\nurl = {json.dumps(s.source['url'])}\n"
        for s in hosts
    )
    text = (
        f"[job]\nstate = {json.dumps(state)}\nlease = {setup.lease}\n\n{sources}\n"
        f"[fetch]\ndelay = {setup.delay}\nper_host = {setup.per_host}\n"
        f"concurrency = {setup.concurrency}\n"
        "allow_private = true\nrespect_robots = false\nretries = 0\n"
        "connect_timeout = 10\nread_timeout = 10\ntotal_timeout = 30\n\n"
        '[output]\ndirectory = "out"\n'
    )
    path = directory / "job.toml"
    path.write_text(text)
    return path


def trial(server: PostgresServer, hosts: list[Site], setup: Setup, workers: int) -> Trial:
    """`workers` `scraper run` processes on a new database, started together."""
    for site in hosts:
        site.arrivals.clear()
    with tempfile.TemporaryDirectory(prefix="scraper-bench-workers-") as folder:
        job = write_job(Path(folder), server.create_database(), hosts, setup)
        command = [sys.executable, "-m", "scraper", "run", str(job)]
        logs = [Path(folder) / f"worker-{n}.log" for n in range(workers)]
        with ExitStack() as files:
            started = time.perf_counter()
            running = [
                subprocess.Popen(command, stderr=files.enter_context(log.open("wb")))
                for log in logs
            ]
            codes = tuple(process.wait() for process in running)
            seconds = time.perf_counter() - started
        for code, log in zip(codes, logs, strict=True):
            if code:  # what went wrong, as the worker said it
                sys.stderr.write(log.read_text(errors="replace"))
        written = Counter(_urls(Path(folder) / "out"))
    expected = frozenset(url for site in hosts for url in site.urls())
    closest = min(site.closest() for site in hosts)
    return Trial(
        workers=workers,
        seconds=seconds,
        exit_codes=codes,
        written=written,
        expected=expected,
        closest=closest,
    )


def _urls(directory: Path) -> Iterator[str]:
    for path in sorted(directory.glob("run-*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)["url"]


def run(setup: Setup, worker_counts: tuple[int, ...] = (1, 3)) -> list[Trial]:
    with ExitStack() as stack:
        server = stack.enter_context(PostgresServer.start())
        hosts = stack.enter_context(sites(setup))
        return [trial(server, hosts, setup, count) for count in worker_counts]


def format_results(setup: Setup, trials: list[Trial]) -> str:
    lines = [
        f"{setup.pages} pages on {setup.hosts} loopback hosts, delay {setup.delay} s, "
        f"server latency {setup.latency} s, per worker concurrency {setup.concurrency}, "
        f"per_host {setup.per_host}; politeness floor {setup.floor:.1f} s",
        f"{'workers':>7}{'seconds':>9}{'vs 1':>7}{'exit codes':>12}{'pages':>7}"
        f"{'once each':>11}{'closest gap s':>15}",
    ]
    base = trials[0].seconds
    for t in trials:
        codes = ",".join(map(str, t.exit_codes))
        once = "yes" if t.exactly_once else _mismatch(t)
        lines.append(
            f"{t.workers:>7}{t.seconds:>9.2f}{t.seconds / base:>7.2f}{codes:>12}"
            f"{sum(t.written.values()):>7}{once:>11}{t.closest:>15.3f}"
        )
    ok = all(t.exactly_once and t.closest >= setup.delay for t in trials)
    ratio = trials[-1].seconds / base
    lines.append(
        f"{trials[-1].workers} workers / 1: {ratio:.2f} (target < 0.50: "
        f"{'met' if ratio < 0.5 else 'NOT met'}); every page once and gaps >= delay: "
        f"{'yes' if ok else 'NO'}"
    )
    return "\n".join(lines)


def _mismatch(t: Trial) -> str:
    missing = len(t.expected - set(t.written))
    twice = sum(1 for n in t.written.values() if n > 1)
    return f"NO -{missing} x{twice}"

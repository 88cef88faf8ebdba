"""`scraper bench fetch`: fetch + extract end to end on loopback, next to two baselines.

The AEB pages are served by a server process on 127.0.0.2-11 (ten hosts, one
port each; Linux routes all of 127.0.0.0/8 to loopback). Three runs share one
warm process pool of the same size, in this order:

  extract-only     the pages read from disk and cleaned with `clean_html`
  ours             `scraper.engine.extract_pages` over fetched pages, delay 0, robots.txt read
  httpx+trafilatura  a hand-written loop: httpx.AsyncClient, trafilatura.extract

Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import asyncio
import gzip
import multiprocessing
import resource
import threading
import time
from concurrent.futures import Executor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from scraper.engine import default_workers, extract_pages, process_pool
from scraper.fetch import FetchConfig
from scraper.sources.web import fetched_pages

HOSTS = tuple(f"127.0.0.{n}" for n in range(2, 12))


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    pages: int
    ok: int
    seconds: float

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else float("inf")


def load_pages(data: Path) -> dict[str, bytes]:
    folder = data / "aeb" / "html"
    return {
        p.name.split(".")[0]: gzip.decompress(p.read_bytes())
        for p in sorted(folder.glob("*.html.gz"))
    }


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return  # clients closing pooled connections are not news


def _serve(folder: str, ready: multiprocessing.synchronize.Event, ports: list[int]) -> None:
    pages = load_pages(Path(folder))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = pages.get(self.path.strip("/"))
            status = 200 if body is not None else 404
            body = body if body is not None else b"not found"
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    servers = [_QuietServer((host, 0), Handler) for host in HOSTS]
    for server in servers:
        ports.append(server.server_address[1])
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.set()
    threading.Event().wait()


def _clean(body: bytes, url: str) -> int:
    from cleaners import ScraperError, clean_html  # imported in the worker

    try:
        return len(clean_html(body, url=url).text)
    except ScraperError:
        return 0


def _trafilatura(body: bytes, url: str) -> int:
    import trafilatura  # imported in the worker

    return len(trafilatura.extract(body, url=url) or "")


def _warm(pool: Executor, pages: dict[str, bytes], workers: int) -> None:
    """Run both extractors on real pages first, so every worker has imported and cached."""
    sample = list(pages.values())[: 4 * workers]
    list(pool.map(_clean, sample, ["x"] * len(sample)))
    list(pool.map(_trafilatura, sample, ["x"] * len(sample)))


async def _extract_only(pool: Executor, pages: dict[str, bytes], data: Path) -> Row:
    loop, started = asyncio.get_running_loop(), time.perf_counter()
    folder = data / "aeb" / "html"
    jobs = [
        loop.run_in_executor(
            pool, _clean, gzip.decompress((folder / f"{k}.html.gz").read_bytes()), k
        )
        for k in pages
    ]
    sizes = await asyncio.gather(*jobs)
    return Row(
        "extract-only (disk)", len(jobs), sum(1 for s in sizes if s), time.perf_counter() - started
    )


async def _ours(pool: Executor, urls: list[str], concurrency: int) -> Row:
    config = FetchConfig(
        delay=0, allow_private=True, concurrency=concurrency, per_host=4, retries=0
    )
    started, ok = time.perf_counter(), 0
    async for result in extract_pages(fetched_pages(urls, config), executor=pool):
        ok += result.document is not None
    return Row("ours: fetch + extract", len(urls), ok, time.perf_counter() - started)


async def _hand(pool: Executor, urls: list[str], concurrency: int) -> Row:
    loop, started = asyncio.get_running_loop(), time.perf_counter()
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency)) as client:

        async def one(url: str) -> int:
            async with gate:
                response = await client.get(url)
            return await loop.run_in_executor(pool, _trafilatura, response.content, url)

        sizes = await asyncio.gather(*(one(url) for url in urls))
    return Row(
        "httpx + trafilatura", len(urls), sum(1 for s in sizes if s), time.perf_counter() - started
    )


def run(
    data: Path, *, workers: int | None = None, concurrency: int = 16
) -> tuple[list[Row], dict[str, float]]:
    pages = load_pages(data)
    context = multiprocessing.get_context("spawn")
    ready, ports = context.Event(), context.Manager().list()
    server = context.Process(target=_serve, args=(str(data), ready, ports), daemon=True)
    server.start()
    try:
        if not ready.wait(60):
            raise RuntimeError("benchmark server did not start")
        urls = [f"http://{HOSTS[i % 10]}:{ports[i % 10]}/{key}" for i, key in enumerate(pages)]
        workers = workers or default_workers()
        with process_pool(workers) as pool:
            _warm(pool, pages, workers)
            rows = [
                asyncio.run(_extract_only(pool, pages, data)),
                asyncio.run(_ours(pool, urls, concurrency)),
                asyncio.run(_hand(pool, urls, concurrency)),
            ]
    finally:
        server.terminate()
        server.join(5)
    return rows, _memory()


def _memory() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"main_mb": own, "largest_child_mb": children}


def format_results(rows: list[Row], memory: dict[str, float]) -> str:
    base = rows[0].pages_per_s
    lines = [f"{'run':<24}{'pages':>7}{'ok':>6}{'seconds':>9}{'pages/s':>9}{'vs extract-only':>17}"]
    for row in rows:
        ratio = row.pages_per_s / base if base else 0.0
        lines.append(
            f"{row.name:<24}{row.pages:>7}{row.ok:>6}{row.seconds:>9.2f}{row.pages_per_s:>9.1f}{ratio:>16.0%}"
        )
    lines.append(
        f"peak memory: main process {memory['main_mb']:.0f} MB, "
        f"largest child (worker or server) {memory['largest_child_mb']:.0f} MB"
    )
    return "\n".join(lines)

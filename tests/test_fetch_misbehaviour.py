"""The fetcher against a real server on 127.0.0.1 that misbehaves on purpose."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from collections.abc import Iterator

import pytest
from httpserver import (
    Conn,
    LocalServer,
    Request,
    Response,
    endless_body,
    etag_route,
    gzip_bomb,
    raw,
    redirect,
    reset_mid_body,
    stall_after_headers,
    stall_before_headers,
)

from scraper.errors import (
    BlockedAddress,
    ConnectError,
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    NotHTML,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
)
from scraper.fetch import FetchConfig, FetchRequest, fetch, fetch_many

FAST = FetchConfig(
    allow_private=True,
    delay=0,
    connect_timeout=1,
    read_timeout=0.5,
    total_timeout=2,
    retries=2,
    backoff_base=0.01,
    max_bytes=1_000_000,
)
ONCE = FetchConfig(
    allow_private=True, delay=0, read_timeout=0.3, total_timeout=1, retries=0, max_bytes=1_000_000
)
HTML = b"<html><head><title>T</title></head><body><p>Hello</p></body></html>"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as started:
        yield started


def test_a_page_is_fetched_with_its_facts(server: LocalServer) -> None:
    server.route("/a", Response(body=HTML))
    page = fetch(server.url("/a"), config=FAST)
    assert page.ok and page.error is None
    assert (page.status, page.body, page.charset) == (200, HTML, "utf-8")
    assert page.url == page.final_url == server.url("/a")
    assert page.fetched_at.endswith("Z") and page.elapsed > 0
    assert page.header("Content-Type") == "text/html; charset=utf-8"
    assert server.requests[-1].headers["user-agent"].startswith("scraper/")


def test_stall_before_headers_times_out(server: LocalServer) -> None:
    server.route("/s", stall_before_headers(5))
    started = time.monotonic()
    page = fetch(server.url("/s"), config=ONCE)
    assert isinstance(page.error, FetchTimeout)
    assert time.monotonic() - started < 2


def test_stall_after_headers_times_out(server: LocalServer) -> None:
    server.route("/s", stall_after_headers(5))
    page = fetch(server.url("/s"), config=ONCE)
    assert isinstance(page.error, FetchTimeout)
    assert page.body == b""


def test_a_slow_drip_hits_the_total_timeout(server: LocalServer) -> None:
    def drip(request: Request, conn: Conn) -> None:
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9999\r\n\r\n")
        while conn.send(b"<p>") and not conn.stopped.is_set():
            conn.pause(0.1)

    server.route("/drip", raw(drip))
    started = time.monotonic()
    page = fetch(server.url("/drip"), config=ONCE)
    assert isinstance(page.error, FetchTimeout)
    assert "total" in str(page.error)
    assert 0.9 < time.monotonic() - started < 2


def test_429_waits_for_retry_after_then_succeeds(server: LocalServer) -> None:
    busy = Response(429, b"", (("Retry-After", "1"),))
    server.route("/r", [busy, Response(body=HTML)])
    page = fetch(server.url("/r"), config=FAST)
    assert page.ok and page.body == HTML
    assert server.paths().count("/r") == 2
    assert page.elapsed >= 1


def test_429_with_a_too_long_retry_after_fails_at_once(server: LocalServer) -> None:
    server.route("/r", Response(429, b"", (("Retry-After", "3600"),)))
    page = fetch(server.url("/r"), config=FAST)
    assert isinstance(page.error, HTTPStatusError) and page.error.status == 429
    assert server.paths().count("/r") == 1


def test_503_then_200_is_retried(server: LocalServer) -> None:
    server.route("/r", [Response(503, b"down"), Response(body=HTML)])
    page = fetch(server.url("/r"), config=FAST)
    assert page.ok and page.status == 200
    assert server.paths().count("/r") == 2


def test_persistent_503_fails_after_bounded_attempts(server: LocalServer) -> None:
    server.route("/r", Response(503, b"down"))
    page = fetch(server.url("/r"), config=FAST)
    assert isinstance(page.error, HTTPStatusError) and page.error.status == 503
    assert page.status == 503
    assert server.paths().count("/r") == FAST.retries + 1


def test_404_and_empty_answers(server: LocalServer) -> None:
    server.route("/empty", Response(body=b""))
    missing = fetch(server.url("/missing"), config=FAST)
    assert isinstance(missing.error, HTTPStatusError) and missing.status == 404
    assert server.paths().count("/missing") == 1  # a 4xx is not retried
    empty = fetch(server.url("/empty"), config=FAST)
    assert empty.ok and empty.status == 200 and empty.body == b""


def test_redirect_loop_is_detected(server: LocalServer) -> None:
    server.route("/a", redirect("/b"))
    server.route("/b", redirect(server.url("/a")))
    page = fetch(server.url("/a"), config=FAST)
    assert isinstance(page.error, TooManyRedirects) and "loop" in str(page.error)
    assert server.paths().count("/a") == 1


def test_redirect_chains_are_followed_up_to_the_limit(server: LocalServer) -> None:
    for hop in range(20):
        server.route(f"/r{hop}", redirect(f"/r{hop + 1}", 301))
    server.route("/r3", Response(body=HTML))
    short = fetch(server.url("/r0"), config=FAST)
    assert short.ok and short.final_url == server.url("/r3") and short.url == server.url("/r0")
    server.route("/r3", redirect("/r4"))
    config = FetchConfig(allow_private=True, delay=0, max_redirects=5)
    long = fetch(server.url("/r0"), config=config)
    assert isinstance(long.error, TooManyRedirects)
    assert server.paths().count("/r6") == 0


@pytest.mark.parametrize("layers", [1, 2])
def test_gzip_bomb_is_stopped_with_bounded_memory(server: LocalServer, layers: int) -> None:
    server.route("/bomb", gzip_bomb(50_000_000, layers))
    tracemalloc.start()
    try:
        page = fetch(server.url("/bomb"), config=FAST)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(page.error, TooLarge)
    assert peak < 8 * FAST.max_bytes


def test_honest_gzip_page_is_decoded(server: LocalServer) -> None:
    body = gzip.compress(gzip.compress(HTML))
    server.route("/g", Response(body=body, headers=(("Content-Encoding", "gzip, gzip"),)))
    assert fetch(server.url("/g"), config=FAST).body == HTML


def test_endless_body_is_cut_at_max_bytes(server: LocalServer) -> None:
    server.route("/endless", raw(endless_body))
    page = fetch(server.url("/endless"), config=FAST)
    assert isinstance(page.error, TooLarge)


def test_declared_length_over_the_limit_is_refused_before_reading(server: LocalServer) -> None:
    server.route("/big", Response(body=b"x" * 2_000_000))
    page = fetch(server.url("/big"), config=FAST)
    assert isinstance(page.error, TooLarge) and "Content-Length" in str(page.error)


def test_reset_mid_body_is_a_connect_error_after_retries(server: LocalServer) -> None:
    server.route("/reset", raw(reset_mid_body))
    page = fetch(server.url("/reset"), config=FAST)
    assert isinstance(page.error, ConnectError)
    assert page.body == b""
    assert server.paths().count("/reset") == FAST.retries + 1


def test_binary_content_is_not_html(server: LocalServer) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 200
    server.route(
        "/bin", Response(body=png, headers=(("Content-Type", "application/octet-stream"),))
    )
    server.route("/liar", Response(body=png, headers=(("Content-Type", "text/html"),)))
    assert isinstance(fetch(server.url("/bin"), config=FAST).error, NotHTML)
    assert isinstance(fetch(server.url("/liar"), config=FAST).error, NotHTML)


def test_charsets_are_reported_as_declared_and_bytes_kept(server: LocalServer) -> None:
    gbk = "<html><body><p>中文新闻报道</p></body></html>".encode("gbk")
    utf8 = "<html><body><p>café</p></body></html>".encode()
    server.route("/gbk", Response(body=gbk, headers=(("Content-Type", "text/html; charset=GBK"),)))
    server.route("/nolabel", Response(body=gbk, headers=(("Content-Type", "text/html"),)))
    lying = (("Content-Type", "text/html; charset=ISO-8859-1"),)
    server.route("/lie", Response(body=utf8, headers=lying))
    labelled, unlabelled, lie = (
        fetch(server.url(path), config=FAST) for path in ("/gbk", "/nolabel", "/lie")
    )
    assert (labelled.charset, labelled.body) == ("gbk", gbk)
    assert (unlabelled.charset, unlabelled.body) == (None, gbk)
    assert (lie.charset, lie.body) == ("iso-8859-1", utf8)


def test_robots_disallowed_path_is_never_requested(server: LocalServer) -> None:
    robots = b"User-agent: *\nDisallow: /private\n"
    server.route("/robots.txt", Response(body=robots, headers=(("Content-Type", "text/plain"),)))
    server.route("/private", Response(body=HTML))
    server.route("/public", Response(body=HTML))
    pages = {
        page.url: page
        for page in fetch_many([server.url("/private"), server.url("/public")], config=FAST)
    }
    assert isinstance(pages[server.url("/private")].error, RobotsDisallowed)
    assert pages[server.url("/public")].ok
    assert "/private" not in server.paths()
    assert server.paths().count("/robots.txt") == 1


def test_crawl_delay_spaces_requests_to_one_host(server: LocalServer) -> None:
    server.route("/robots.txt", Response(body=b"User-agent: *\nCrawl-delay: 0.5\n"))
    server.route("/a", Response(body=HTML))
    started = time.monotonic()
    pages = list(
        fetch_many([server.url("/a?1"), server.url("/a?2"), server.url("/a?3")], config=FAST)
    )
    assert all(page.ok for page in pages)
    assert time.monotonic() - started >= 1.0  # three starts, two gaps of 0.5 s


def test_robots_5xx_disallows_everything(server: LocalServer) -> None:
    server.route("/robots.txt", Response(500, b""))
    page = fetch(server.url("/a"), config=FAST)
    assert isinstance(page.error, RobotsDisallowed)
    assert "/a" not in server.paths()


def test_etag_gives_304_unchanged(server: LocalServer) -> None:
    server.route("/e", etag_route(HTML, '"v1"'))
    first = fetch(server.url("/e"), config=FAST)
    assert first.ok and first.etag == '"v1"'
    (again,) = fetch_many([FetchRequest(url=server.url("/e"), etag=first.etag)], config=FAST)
    assert again.not_modified and again.status == 304 and again.error is None
    assert not again.ok and again.body == b""
    assert server.requests[-1].headers["if-none-match"] == '"v1"'


def test_if_modified_since_is_sent(server: LocalServer) -> None:
    server.route("/m", Response(304, b""))
    stamp = "Wed, 01 May 2024 12:00:00 GMT"
    (page,) = fetch_many([FetchRequest(url=server.url("/m"), last_modified=stamp)], config=FAST)
    assert page.not_modified
    assert server.requests[-1].headers["if-modified-since"] == stamp


def test_private_addresses_are_refused_by_default(server: LocalServer) -> None:
    server.route("/a", Response(body=HTML))
    page = fetch(server.url("/a"), config=FetchConfig(delay=0))
    assert isinstance(page.error, BlockedAddress)
    assert server.paths() == []  # not even robots.txt


def test_bad_urls_and_refused_connections() -> None:
    for url in ("ftp://example.org/x", "not a url", "http://"):
        assert isinstance(fetch(url, config=FAST).error, InvalidURL), url
    with LocalServer() as closed:
        url = closed.url("/")
    assert isinstance(fetch(url, config=ONCE).error, ConnectError)


def test_fetch_many_streams_in_completion_order(server: LocalServer) -> None:
    server.route("/slow", stall_before_headers(0.4))
    server.route("/fast", Response(body=HTML))
    slow_ok = FetchConfig(allow_private=True, delay=0, read_timeout=2, retries=0, per_host=4)
    order = [
        page.url for page in fetch_many([server.url("/slow"), server.url("/fast")], config=slow_ok)
    ]
    assert order == [server.url("/fast"), server.url("/slow")]


def test_leaving_fetch_many_early_stops_fetching(server: LocalServer) -> None:
    server.route("/a", Response(body=HTML))
    urls = (server.url(f"/a?{n}") for n in range(10_000))
    config = FetchConfig(allow_private=True, delay=0, concurrency=2)
    for page in fetch_many(urls, config=config):
        assert page.ok
        break
    assert len(server.paths()) < 100

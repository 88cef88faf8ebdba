"""Hostile sitemaps and feeds: a run finishes, reports the bad source or entries, and
fetches the other sources' pages. Runs in process (threads for extraction: fast)."""

from __future__ import annotations

import asyncio
import gzip
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from httpserver import LocalServer, Response
from runsite import article, documents, rss, story, write_job

from scraper.cron.job import load_job
from scraper.cron.run import run_job
from scraper.fetch import FetchConfig
from scraper.sources import urls
from scraper.sources.web import SourceSpec, discover

XML = (("Content-Type", "application/xml"),)
SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _urlset(locs: list[str]) -> bytes:
    items = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return f'<?xml version="1.0"?><urlset {SM}>{items}</urlset>'.encode()


@pytest.fixture
def site() -> LocalServer:
    server = LocalServer()
    for path in ("/a", "/b", "/c"):
        server.route(path, Response(body=article(path, story(path))))
    bad_port = server.url("/x").replace(f":{server.port}", ":70000")
    server.route("/nul.xml", Response(body=b"\0" * 64 + _urlset([server.url("/z")]), headers=XML))
    server.route("/ports.xml", Response(body=_urlset([bad_port, server.url("/a")]), headers=XML))
    many = [server.url("/a")] * 60_000  # one page, listed over the protocol's limit
    server.route("/many.xml.gz", Response(body=gzip.compress(_urlset(many)), headers=XML))
    server.route("/feed.xml", rss(server, ["/b", "/c"]))
    nested = "<item>" * 300 + f"<link>{server.url('/c')}</link>" + "</item>" * 300
    server.route(
        "/nested.xml",
        Response(body=f"<rss><channel>{nested}</channel></rss>".encode(), headers=XML),
    )
    return server


def test_a_run_with_hostile_sitemaps_fetches_the_other_sources(
    tmp_path: Path, site: LocalServer
) -> None:
    with site:
        sources = [
            {"kind": "sitemap", "url": site.url("/nul.xml")},
            {"kind": "sitemap", "url": site.url("/ports.xml")},
            {"kind": "feed", "url": site.url("/feed.xml")},
            {"kind": "feed", "url": site.url("/nested.xml")},
        ]
        job = write_job(tmp_path, sources)
        with ThreadPoolExecutor(1) as pool:
            report = run_job(load_job(job), executor=pool)
    assert report.counts["source_errors"] == 2  # NUL bytes; one entry with port 70000
    assert report.exit_status == 1
    titles = sorted(document["title"] for document in documents(tmp_path / "out"))
    assert titles == ["/a", "/b", "/c"]


def test_a_huge_sitemap_is_reported_and_cut_at_the_protocol_limit(site: LocalServer) -> None:
    config = FetchConfig(allow_private=True, delay=0, retries=0, total_timeout=10)
    sitemaps = [site.url("/many.xml.gz"), site.url("/nul.xml")]
    with site:
        specs = [SourceSpec(kind="sitemap", url=url) for url in sitemaps]
        specs.append(SourceSpec(kind="feed", url=site.url("/feed.xml")))
        found = asyncio.run(discover(specs, config))
    reasons = " | ".join(str(error) for _, error in found.failures)
    assert "lists more than 50000 entries" in reasons
    assert "nul.xml: not XML" in reasons
    assert sorted(entry.url for entry in found.entries) == [
        site.url(path) for path in ("/a", "/b", "/c")
    ]


def test_canonical_urls_skip_the_parse_yet_read_as_parsed() -> None:
    rng = random.Random(9)
    pieces = [*"aZ09-._~!$&'()*+,;=:@/?%#[] \"<>^`{|}\\é.\t", "%2F", "/.", "/..", "?", "&"]
    for _ in range(20_000):
        host = rng.choice(["a.example", "a-b.c", "1.2.3.4", "A.example", "a..b"])
        port = rng.choice(["", ":80", ":443", ":8080", ":65535", ":65536", ":0", ":08"])
        path = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        url = f"{rng.choice(['http', 'https'])}://{host}{port}/{path}"
        fast = urls._CANONICAL.fullmatch(url)
        if not fast or "/." in url or ".." in url or not urls._usual_port(*fast.groups()):
            continue
        parsed = httpx.URL(url)
        default = {"http": 80, "https": 443}[parsed.scheme]
        port_kept = None if parsed.port == default else parsed.port
        slow = parsed.copy_with(fragment=None, port=port_kept, path=parsed.path or "/")
        assert str(slow) == url

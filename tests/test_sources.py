"""URL lists, sitemaps and feeds, read from a real loopback server."""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import Iterator

import pytest
from httpserver import LocalServer, Response

from scraper.errors import InputError
from scraper.fetch import FetchConfig, Fetcher
from scraper.sources.feed import parse_feed, read_feed
from scraper.sources.sitemap import SitemapResult, parse_sitemap, read_sitemap
from scraper.sources.urls import normalize_url, read_url_lines

CONFIG = FetchConfig(allow_private=True, delay=0, retries=0, read_timeout=1, total_timeout=2)
XML = (("Content-Type", "application/xml"),)
SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as started:
        yield started


def test_url_lists_skip_comments_normalise_and_dedupe() -> None:
    lines = [
        "# my list\n",
        "\n",
        "HTTP://Example.ORG:80/a#top\n",
        "http://example.org/a\n",
        "  https://example.org  \n",
        "https://example.org:8443/b?q=1\n",
    ]
    assert read_url_lines(lines, "list.txt") == [
        "http://example.org/a",
        "https://example.org/",
        "https://example.org:8443/b?q=1",
    ]


def test_a_bad_line_names_file_and_line() -> None:
    with pytest.raises(InputError, match=r"list\.txt:2: not an http\(s\) URL"):
        read_url_lines(["http://a.example/\n", "ftp://b.example/\n"], "list.txt")
    with pytest.raises(InputError):
        normalize_url("http://")


def test_news_sitemap_with_lastmod() -> None:
    data = f"""<?xml version="1.0"?><urlset {SM} {NEWS}>
      <url><loc>http://a.example/1</loc><lastmod>2024-05-01</lastmod></url>
      <url><loc>http://a.example/2</loc><news:news><news:publication_date>2024-06-01T10:00:00Z
      </news:publication_date><news:title>Two</news:title></news:news></url>
      <url><loc>javascript:alert(1)</loc></url>
    </urlset>""".encode()
    sitemap = parse_sitemap(data)
    assert [(u.url, u.lastmod, u.title) for u in sitemap.urls] == [
        ("http://a.example/1", "2024-05-01", None),
        ("http://a.example/2", "2024-06-01T10:00:00Z", "Two"),
    ]


def test_billion_laughs_is_refused_fast() -> None:
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    data = f'<?xml version="1.0"?>{lol}]><urlset {SM}><url><loc>&lol9;</loc></url></urlset>'
    started = time.monotonic()
    with pytest.raises(InputError, match="entities"):
        parse_sitemap(data.encode())
    assert time.monotonic() - started < 1


def test_not_a_sitemap() -> None:
    with pytest.raises(InputError, match="not a sitemap"):
        parse_sitemap(b"<html><body>hi</body></html>")
    with pytest.raises(InputError, match="not XML"):
        parse_sitemap(b"")


def _read(coro_factory: object) -> SitemapResult:
    async def run() -> SitemapResult:
        async with Fetcher(CONFIG) as fetcher:
            return await coro_factory(fetcher)  # type: ignore[operator,no-any-return]

    return asyncio.run(run())


def test_sitemap_index_gzip_and_loops(server: LocalServer) -> None:
    index = f"""<sitemapindex {SM}>
      <sitemap><loc>{server.url("/a.xml.gz")}</loc></sitemap>
      <sitemap><loc>{server.url("/b.xml")}</loc></sitemap>
      <sitemap><loc>{server.url("/index.xml")}</loc></sitemap>
      <sitemap><loc>{server.url("/missing.xml")}</loc></sitemap>
    </sitemapindex>""".encode()
    part_a = f"<urlset {SM}><url><loc>{server.url('/p1')}</loc></url></urlset>".encode()
    part_b = f"""<urlset {SM}><url><loc>{server.url("/p1")}</loc></url>
      <url><loc>{server.url("/p2")}</loc><lastmod>2020-01-01</lastmod></url></urlset>""".encode()
    server.route("/index.xml", Response(body=index, headers=XML))
    gz = (("Content-Type", "application/x-gzip"),)
    server.route("/a.xml.gz", Response(body=gzip.compress(part_a), headers=gz))
    server.route("/b.xml", Response(body=part_b, headers=XML))
    result = _read(lambda f: read_sitemap(f, server.url("/index.xml")))
    assert [u.url for u in result.urls] == [server.url("/p1"), server.url("/p2")]
    assert [url for url, _ in result.failed] == [server.url("/missing.xml")]
    assert server.paths().count("/index.xml") == 1
    recent = _read(lambda f: read_sitemap(f, server.url("/index.xml"), since="2024-01-01"))
    assert [u.url for u in recent.urls] == [server.url("/p1")]


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>
<item><title>One</title><link>/news/1</link><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Two</title><guid>http://b.example/2</guid></item>
<item><title>Dup</title><link>/news/1#c</link></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>E1</title><link rel="self" href="/self"/><link href="http://c.example/e1"/>
<updated>2024-05-02T00:00:00Z</updated></entry></feed>"""


def test_rss_and_atom_entries() -> None:
    rss = parse_feed(RSS, "http://a.example/feed")
    assert [(e.url, e.title) for e in rss] == [
        ("http://a.example/news/1", "One"),
        ("http://b.example/2", "Two"),
    ]
    assert rss[0].published == "Wed, 01 May 2024 10:00:00 GMT"
    atom = parse_feed(ATOM, "http://c.example/atom")
    assert [(e.url, e.published) for e in atom] == [("http://c.example/e1", "2024-05-02T00:00:00Z")]


def test_feed_from_server(server: LocalServer) -> None:
    server.route("/feed", Response(body=RSS, headers=(("Content-Type", "application/rss+xml"),)))

    async def run() -> tuple[object, ...]:
        async with Fetcher(CONFIG) as fetcher:
            return await read_feed(fetcher, server.url("/feed"))

    entries = asyncio.run(run())
    assert len(entries) == 2

"""The metadata stage on small hand-made pages, one per kind of evidence, several languages.

Each fixture in fixtures/html/metadata is a page shaped like real ones (JSON-LD
`@graph`, arrays, nested objects, OpenGraph, `<meta>` only, microdata, a visible
byline or dateline only, a forum thread, an agency byline, a product page without a
date); the test checks what `clean_html` gives and which source gave it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaners import Document, clean_html
from cleaners.dates import find_date
from cleaners.html.structured import linked_data
from cleaners.metadata.page import gather_metadata
from cleaners.metadata.people import people
from cleaners.metadata.titles import cut_site
from cleaners.metadata.when import iso_date, url_date
from cleaners.urls import host_name

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html" / "metadata"
URL = "https://news.example.org/local/story-1234"

# fixture -> expected fields (and provenance where it is the point of the fixture)
EXPECTED: dict[str, dict[str, Any]] = {
    "jsonld_graph_en": {
        "title": "Council passes budget for schools and roads",
        "authors": ("Jane Doe",),  # an @id reference to a Person in the @graph
        "published": "2026-03-04T18:30:00+01:00",  # the Article's, not the WebPage's
        "modified": "2026-03-05T09:00:00+01:00",
        "site_name": "Valley Courier",
        "provenance": {"authors": "json-ld:author", "published": "json-ld:article"},
    },
    "jsonld_array_de": {
        "title": "Stadtrat beschließt Haushalt für Schulen",
        "authors": ("Anna Schmidt", "Jonas Weber"),  # the Organization is not a person
        "published": "2026-03-17T08:26:00+01:00",
        "site_name": "Talbote",
    },
    "jsonld_nested_fr": {
        "title": "Le conseil adopte le budget des écoles",
        "authors": ("Claire Martin",),  # givenName + familyName, inside mainEntity
        "published": "2026-03-04T10:00:00+01:00",
        "site_name": "Le Courrier du Val",
    },
    "jsonld_forum_en": {
        "title": "Best beginner mountain bike?",
        "authors": ("trailrider55",),  # the thread's starter, not the reply's author
        "published": "2024-06-02T21:14:00-07:00",
    },
    "opengraph_es": {
        # the <h1> is the site's slogan: the og:title wins
        "title": "El ayuntamiento aprueba el presupuesto escolar",
        "authors": ("Lucía Pérez", "Marta Gómez"),  # "y" splits; the Facebook URL is no name
        "published": "2026-03-04T22:15:00-05:00",
        "modified": "2026-03-06T10:00:00-05:00",
        "site_name": "Diario del Valle",
        "provenance": {"title": "og:title", "published": "article:published_time"},
    },
    "meta_only_pl": {
        "title": "Rada przyjęła budżet na szkoły",
        "authors": ("Piotr Nowak",),
        "published": "2026-03-04",
        "provenance": {"authors": "author", "published": "dc.date"},
    },
    "microdata_en": {
        "title": "Council passes budget",
        "authors": ("Sam Lee",),
        "published": "2025-11-02T07:05:00+09:00",
        "provenance": {"authors": "itemprop:author", "published": "itemprop:datePublished"},
    },
    "byline_only_en": {
        "title": "Council passes budget for schools and roads",
        "authors": ("Jane Doe", "John Roe"),
        "published": "2026-03-04T18:30:00",
        "provenance": {"authors": "byline", "published": "dateline"},
    },
    "dateline_only_zh": {
        "title": "市议会通过学校和道路预算",
        "authors": ("张三",),
        "published": "2026-03-05T08:00:00",
        "site_name": "例直禁简网",
        "provenance": {"published": "dateline"},
    },
    "offset_kept_en": {
        "title": "Late vote passes the budget",
        "authors": ("Ray Chen",),
        # never converted: in UTC this would be the next day
        "published": "2017-02-23T17:18:13-08:00",
        "site_name": "Pacific Ledger",
    },
    "modified_published_en": {
        "title": "How the budget will change your commute",
        "authors": (),
        "published": "2025-05-19T09:00:00+02:00",
        "modified": "2025-08-14T12:00:00+02:00",
    },
    "agency_byline_en": {
        "title": "Council passes budget after long debate",
        "authors": ("Jane Doe", "John Roe"),  # the agency is not an author
        "modified": "2026-03-04",
    },
    "agency_only_en": {
        "title": "Council passes budget",
        "authors": (),
        "published": "2026-03-04",
        "site_name": "Metro Daily",
    },
    "time_relative_en": {
        # the <time> beside the byline prints "3 hours ago": its datetime is the date,
        # offset kept (in UTC it would be the next day)
        "title": "Council passes budget late at night",
        "authors": ("Priya Natarajan",),
        "published": "2026-03-04T23:40:00-05:00",
        "provenance": {"published": "time", "authors": "byline"},
    },
    "no_date_en": {
        # a product page: no publication date (not the copyright year, not an offer's
        # validity), and "admin" is no author
        "title": "Trail Runner 2 shoes",
        "authors": (),
        "published": None,
        "modified": None,
        "site_name": "Summit Outfitters",
    },
}


def _clean(name: str, url: str = URL) -> Document:
    return clean_html((FIXTURES / f"{name}.html").read_bytes(), url=url)


def test_every_fixture_is_checked() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.html")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_metadata(name: str) -> None:
    doc = _clean(name)
    expected = EXPECTED[name]
    for field in ("title", "authors", "site_name"):
        if field in expected:
            assert getattr(doc, field) == expected[field], field
    for field in ("published", "modified"):
        if field in expected:
            value = getattr(doc, field)
            if expected[field] is None:
                assert value is None, field
            else:
                assert value is not None and value.startswith(expected[field]), (field, value)
    for field, source in expected.get("provenance", {}).items():
        assert doc.provenance[field] == source


def test_provenance_is_in_the_json() -> None:
    data = _clean("opengraph_es").to_dict()
    assert data["provenance"]["title"] == "og:title"
    assert set(data["provenance"]) >= {"title", "authors", "published", "site_name"}


def test_url_date_only_when_the_page_prints_that_day() -> None:
    printed = _clean("byline_only_en", "https://news.example.org/2026/03/04/budget")
    assert printed.published is not None and printed.published.startswith("2026-03-04")
    undated = _clean("no_date_en", "https://shop.example.org/2026/03/04/shoes")
    assert undated.published is None


def test_iso_date_keeps_the_offset_and_refuses_the_future() -> None:
    now = datetime(2026, 3, 10, tzinfo=UTC)
    assert iso_date("2017-02-23T17:18:13-08:00", now) == "2017-02-23T17:18:13-08:00"
    assert iso_date("2023-05-02T09:30:00+0530", now) == "2023-05-02T09:30:00+05:30"
    assert iso_date("2023-05-02 09:30:00 +0000", now) == "2023-05-02T09:30:00+00:00"
    assert iso_date("Thu, 23 Feb 2017 17:18:13 -0800", now) == "2017-02-23T17:18:13-08:00"
    assert iso_date("2026-03-20", now) is None
    assert iso_date("today", now) is None
    assert iso_date("© 2024", now) is None


def test_url_date() -> None:
    assert url_date("https://x.example/2025/12/19/is-it-dns/") == "2025-12-19"
    assert url_date("https://x.example/news/2025-06-09-budget") == "2025-06-09"
    assert url_date("https://x.example/products/2025/ssd") is None


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Jane Doe and John Roe, Associated Press", ("Jane Doe", "John Roe")),
        ("Anna Schmidt und Jonas Weber", ("Anna Schmidt", "Jonas Weber")),
        ("Jean Dupont et Marie Curie", ("Jean Dupont", "Marie Curie")),
        ("Lucía Pérez y Marta Gómez", ("Lucía Pérez", "Marta Gómez")),
        ("张三、李四", ("张三", "李四")),
        ("王五和赵六", ("王五", "赵六")),
        ("Dylan Bailey, MS, RD", ("Dylan Bailey",)),
        ("Staff Writer", ()),
        ("admin", ()),
        ("The Editorial Team", ()),
        ("jane@example.org", ()),
        ("Reuters", ()),
        ("AFP", ()),
    ],
)
def test_people(raw: str, names: tuple[str, ...]) -> None:
    assert people([raw]) == names


def test_site_name_cut_from_title() -> None:
    assert cut_site("Flood gates open | Valley News", ["Valley News"]) == "Flood gates open"
    assert cut_site("Valley News - Flood gates open", ["Valley News"]) == "Flood gates open"
    assert cut_site("Rock - paper - scissors", []) == "Rock - paper - scissors"
    assert host_name("https://www.example.co.uk/a") == "example"


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("Thursday 19th December 2025", "2025-12-19"),
        ("1st of May 2024", "2024-05-01"),
        ("19-Dec-2025", "2025-12-19"),
        ("By: Team on 04-ago-2021 5:11:10", "2021-08-04T05:11:10"),
    ],
)
def test_printed_date_forms(printed: str, iso: str) -> None:
    found = find_date(printed)
    assert found is not None and found.iso == iso


def test_publication_meta_under_a_cms_name() -> None:
    # meta names outside the known list that say publication or update are read as
    # such; `publisher` names who publishes, not when
    page = (
        '<html><head><meta name="publisher" content="Acme 2019-01-01">'
        '<meta name="auto-publish" content="timely">'
        '<meta name="w-published-date" content="2025-05-27T06:03:43Z">'
        '<meta name="cdc:last_updated" content="February 6, 2026">'
        "</head><body><h1>Budget</h1><p>Text.</p></body></html>"
    )
    tree = LexborHTMLParser(page)
    found = gather_metadata(tree, linked_data(tree), URL).found.published
    sources = {c.value[:10]: c.sources for c in found}
    assert sources == {"2025-05-27": ("meta:published",), "2026-02-06": ("meta:modified",)}
    assert gather_metadata(tree, linked_data(tree), URL).known.modified == "2026-02-06"


def test_header_read_around_the_h1_like_the_title() -> None:
    # the first <h1> is the site's logo; the byline and dateline sit by the article's
    # own <h1>, the one whose words the <title> shares
    page = (
        "<html><head><title>Tides of the North Sea - The Harbour Gazette</title></head>"
        "<body><h1>The Harbour Gazette</h1><nav><a href='/'>Home</a> <a href='/s'>Sport</a></nav>"
        "<p>Welcome to our site, updated every morning since 1998.</p>"
        + "<p>Menu entry</p>"
        * 20
        + "<h1>Tides of the North Sea</h1><p>By Ingrid Solberg</p><p>March 3, 2025</p>"
        "<p>The tide tables changed this spring, and the harbour changed with them.</p>"
        "</body></html>"
    )
    tree = LexborHTMLParser(page)
    found = gather_metadata(tree, linked_data(tree), URL).found
    assert found.facts.header.lines[found.facts.header.headline] == "The Harbour Gazette"
    bylined = [c.value for c in found.authors if "byline" in c.sources]
    datelined = [c.value[:10] for c in found.published if "dateline" in c.sources]
    assert bylined == [("Ingrid Solberg",)] and datelined == ["2025-03-03"]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("by Harald Kvist » Tue Aug 27, 2019 1:47 am", ("Harald Kvist",)),
        ("By Maria Lopez | Staff Writer", ("Maria Lopez",)),
        ("By Ana Ferreira · 5 min read", ("Ana Ferreira",)),
    ],
)
def test_a_byline_name_ends_at_a_separator(line: str, names: tuple[str, ...]) -> None:
    page = f"<html><body><h1>Harbour news</h1><p>{line}</p><p>{'Text. ' * 60}</p></body></html>"
    tree = LexborHTMLParser(page)
    found = gather_metadata(tree, linked_data(tree), URL).found.authors
    assert [c.value for c in found if "byline" in c.sources] == [names]


def test_a_founding_date_is_not_a_publication_date() -> None:
    page = (
        "<html><body><h1>Football season thread</h1><p>Founded: Mar 2, 2020</p>"
        f"<p>by Tove Lind » Tue Aug 27, 2019 5:58 am</p><p>{'Text. ' * 60}</p></body></html>"
    )
    tree = LexborHTMLParser(page)
    found = gather_metadata(tree, linked_data(tree), URL).found.published
    assert sorted({c.value[:10] for c in found}) == ["2019-08-27"]


@pytest.mark.parametrize(
    ("owner", "authors"),
    [
        # a personal site: its name is its owner's, whom the JSON-LD declares a Person
        (
            '{"@type": ["Person", "Organization"], "@id": "#owner", "name": "Edda Brun"}',
            [("Edda Brun",)],
        ),
        # a company's site: its name, given as the author, is not a person
        ('{"@type": "Organization", "@id": "#owner", "name": "Edda Brun"}', []),
    ],
)
def test_the_site_name_is_an_author_only_when_declared_a_person(
    owner: str, authors: list[tuple[str, ...]]
) -> None:
    page = (
        '<html><head><meta property="og:site_name" content="Edda Brun">'
        '<meta name="author" content="Edda Brun">'
        '<script type="application/ld+json">{"@graph": [' + owner + ","
        '{"@type": "BlogPosting", "headline": "Notes on tides", "author": {"@id": "#owner"}}'
        "]}</script></head><body><h1>Notes on tides</h1>"
        f"<p>{'Text. ' * 60}</p></body></html>"
    )
    tree = LexborHTMLParser(page)
    found = gather_metadata(tree, linked_data(tree), URL).found.authors
    assert [c.value for c in found] == authors


def test_a_date_alone_on_its_line_takes_the_label_above_it() -> None:
    # a profile box prints "Joined" over the member's date, a docs page "Last modified"
    # over its update: neither is the publication date
    page = (
        "<html><body><h1>Tide tables for spring</h1><p>by Tove Lind</p>"
        "<dl><dt>Joined</dt><dd>Nov 4, 2011</dd></dl><p>Posted</p><p>Mar 2, 2025</p>"
        "<dl><dt>Last modified</dt><dd>Aug 20, 2025</dd></dl>"
        f"<p>{'Text. ' * 60}</p></body></html>"
    )
    tree = LexborHTMLParser(page)
    found = gather_metadata(tree, linked_data(tree), URL).found
    kinds = {c.value[:10]: c.sources for c in found.published}
    assert "2011-11-04" not in kinds
    assert kinds["2025-03-02"][0] == "dateline"
    assert "dateline:updated" in kinds["2025-08-20"]


def test_a_forum_post_s_username_is_a_candidate() -> None:
    # forum software names a post's author in an element whose class says user or
    # poster, not author: a candidate of its own kind, which the chooser weighs
    page = (
        "<html><body><h1>Best tide tables for kayaking?</h1>"
        '<div class="post"><div class="postprofile"><a class="username" href="/u/7">'
        "harbourfan</a></div><p>Which tide tables do you trust for the north coast?</p>"
        f"<p>{'Text. ' * 60}</p></div></body></html>"
    )
    tree = LexborHTMLParser(page)
    found = gather_metadata(tree, linked_data(tree), URL).found.authors
    assert [(c.value, c.sources) for c in found] == [(("harbourfan",), ("class:user",))]


def test_header_read_around_the_h1_like_the_title_in_chinese() -> None:
    # Chinese puts no spaces between words: the titles are compared character by
    # character, so the article's own <h1>, not the logo's, anchors the byline
    page = (
        "<html><head><title>北海潮汐表今春调整 - 港口日报</title></head>"
        "<body><h1>港口日报</h1>" + "<p>菜单</p>" * 20 + "<h1>北海潮汐表今春调整</h1>"
        "<p>作者：李明</p><p>2025年3月3日</p>"
        "<p>今年春天潮汐表发生了变化，港口也随之改变。渔民们说，新的时间表让他们早出晚归。</p>"
        "</body></html>"
    )
    tree = LexborHTMLParser(page)
    found = gather_metadata(tree, linked_data(tree), URL).found
    header = found.facts.header
    assert header.anchor is not None and header.lines[header.anchor] == "北海潮汐表今春调整"
    assert [c.value for c in found.authors if "byline" in c.sources] == [("李明",)]

"""clean_html end to end on pages made for one behaviour each, and its limits."""

from __future__ import annotations

import json
from pathlib import Path

import ftfy
import pytest

from cleaners import CleanConfig, ExtractionTimeout, InputTooLarge, clean_html
from cleaners.encoding import repair_mojibake
from cleaners.html.charset import decode_html
from cleaners.html.metadata import iso_date, strip_site_suffix

MADE = Path(__file__).parent.parent / "fixtures" / "html" / "made"
EXPECTED = json.loads((MADE / "expected.json").read_text(encoding="utf-8"))


def _page(name: str) -> bytes:
    return (MADE / name).read_bytes()


@pytest.mark.parametrize("name", ["app_shell.html", "escaped_blob.html"])
def test_article_only_in_scripts_is_recovered(name: str) -> None:
    document = clean_html(_page(name))
    assert document.text.split("\n\n")[-3:] == EXPECTED["paragraphs_en"]
    assert "Other story" not in document.text
    assert "Loading" not in document.text


@pytest.mark.parametrize(
    ("name", "key", "language"),
    [
        ("gbk_no_charset.html", "paragraphs_zh", "zh"),
        ("shift_jis_no_charset.html", "paragraphs_ja", "ja"),
    ],
)
def test_pages_without_charset_are_decoded(name: str, key: str, language: str) -> None:
    document = clean_html(_page(name))
    for paragraph in EXPECTED[key]:
        assert paragraph in document.text
    assert document.language == language


def test_comments_cookie_banner_and_navigation_are_removed() -> None:
    document = clean_html(_page("comments_cookie.html"), url="https://news.example.org/x")
    assert document.text.split("\n\n")[-3:] == EXPECTED["paragraphs_en"]
    for furniture in ("cookies", "basement", "Write a comment", "World", "rights reserved"):
        assert furniture not in document.text
    assert document.title == "Flood gates open"
    assert document.authors == ("Ana Ruiz",)
    assert document.published == "2023-05-02T09:30:00+02:00"
    assert document.site_name == "Valley News"
    assert document.canonical_url == "https://news.example.org/flood-gates"
    assert document.language == "en"


def test_http_charset_wins_over_detection() -> None:
    text = "Größe über alles, déjà vu"
    assert decode_html(text.encode("latin-1"), "ISO-8859-1") == text


def test_meta_charset_is_read() -> None:
    html = '<meta charset="gb2312"><p>中文新闻报道</p>'
    assert "中文新闻报道" in decode_html(html.encode("gb18030"))


def test_mojibake_is_repaired() -> None:
    garbled = "café déjà vu, naïve résumé".encode().decode("cp1252")
    assert repair_mojibake(garbled, page=True) == "café déjà vu, naïve résumé"
    page = f'<html lang="fr">\n<p class="x">{garbled}</p>\n<p>中文新闻</p>\n'
    assert repair_mojibake(page * 3, page=True) == (
        '<html lang="fr">\n<p class="x">café déjà vu, naïve résumé</p>\n<p>中文新闻</p>\n' * 3
    )
    # a page's script on one long line: its fixes are found on a sample, run on it whole
    names = [garbled if i % 100 == 0 else f"plain name {i}" for i in range(3000)]
    script = "".join(f'{{"id":{i},"name":"{name}"}},' for i, name in enumerate(names))
    assert len(script) > 50_000
    assert repair_mojibake(script, page=True) == ftfy.fix_encoding(script) != script
    assert "café" in repair_mojibake(script, page=True)


def test_dates_keep_their_offset_and_future_dates_are_dropped() -> None:
    assert iso_date("2023-05-02T09:30:00Z") == "2023-05-02T09:30:00+00:00"
    assert iso_date("2023-05-02T09:30:00+0530") == "2023-05-02T09:30:00+05:30"
    assert iso_date("2999-01-01") is None
    assert iso_date("yesterday") is None


def test_site_suffix_is_removed_from_titles() -> None:
    assert strip_site_suffix("Flood gates open | Valley News", "Valley News") == "Flood gates open"
    assert strip_site_suffix("Valley News - Flood gates open", "Valley News") == "Flood gates open"
    assert strip_site_suffix("Rock - paper - scissors", None) == "Rock - paper - scissors"


def test_input_over_the_size_limit_is_refused() -> None:
    with pytest.raises(InputTooLarge):
        clean_html(b"<p>" + b"x" * 2000 + b"</p>", config=CleanConfig(max_bytes=1000))


def test_page_over_the_time_limit_stops() -> None:
    page = _page("comments_cookie.html") * 200
    with pytest.raises(ExtractionTimeout):
        clean_html(page, config=CleanConfig(timeout=0.001))

"""`scraper extract` on WARC archives: each HTML response record is one document."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.cli import cli

ARTICLE = (
    "<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
    "<article><h1>{title}</h1>"
    + "<p>{word} paragraph {n} of a real article, long enough to be kept as prose by the"
    " extractor, with sentences that end properly.</p>"
    * 0
    + "{paragraphs}</article><footer>© 2026 Example</footer></body></html>"
)


def _page(title: str, word: str) -> bytes:
    paragraphs = "".join(
        f"<p>{word} paragraph {n} of a real article, long enough to be kept as prose by "
        "the extractor, with sentences that end properly.</p>"
        for n in range(6)
    )
    return ARTICLE.format(title=title, paragraphs=paragraphs).encode()


def _warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body, content_type in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)


def test_every_html_record_becomes_a_document_in_order(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    _warc(
        archive,
        [
            ("https://example.org/a", _page("First story", "Alpha"), "text/html; charset=utf-8"),
            ("https://example.org/logo.png", b"\x89PNG\r\n", "image/png"),
            ("https://example.org/b", _page("Second story", "Beta"), "text/html"),
        ],
    )
    result = CliRunner().invoke(cli, ["extract", str(archive), "-j", "1"])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["url"] for d in docs] == ["https://example.org/a", "https://example.org/b"]
    assert docs[0]["source"] == f"{archive}#https://example.org/a"
    assert "Alpha paragraph 3" in docs[0]["text"]
    assert "Beta paragraph 3" in docs[1]["text"]
    assert "© 2026" not in docs[1]["text"]


def test_a_file_that_is_not_an_archive_is_one_error_line(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.warc"
    bogus.write_bytes(b"this is not a WARC file at all\n" * 10)
    good = tmp_path / "page.html"
    good.write_bytes(_page("Good story", "Gamma"))
    result = CliRunner().invoke(cli, ["extract", str(bogus), str(good), "-j", "1"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert str(bogus) in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert "Gamma paragraph 2" in result.stdout

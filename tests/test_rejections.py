"""No article is a typed rejection with its reason, never a blank document: in the
library, `scraper clean`, `scraper extract` (pages known by content), `fetch` and `run`."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from httpserver import LocalServer, Response
from runsite import article, documents, scraper, story, write_job
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners import NotTextError, Rejected, ScraperError, clean_html, clean_text
from scraper.cli import cli

PAGE = article("Night buses return", story("night"))
LISTING = (
    "<html><head><title>Index of /files</title></head><body><h1>Index of /files</h1>"
    "<table><tr><th>Name</th><th>Last modified</th><th>Size</th></tr>"
    + "".join(
        f"<tr><td><a href='r{i}.pdf'>report-{i}.pdf</a></td><td>2024-01-{i + 1:02d} 10:00</td>"
        f"<td>{i * 13}K</td></tr>"
        for i in range(12)
    )
    + "</table><address>Apache/2.4.41 Server at example.org Port 80</address></body></html>"
).encode()

NGINX_LISTING = (
    "<html><head><title>Index of /pub/</title></head><body><h1>Index of /pub/</h1><hr><pre>"
    '<a href="../">../</a>\n'
    + "".join(
        f'<a href="{name}/">{name}/</a>{" " * 30}0{i + 1}-Jan-2024 10:00{" " * 20}-\n'
        for i, name in enumerate(["docs", "images", "releases", "archive", "misc", "old"])
    )
    + "".join(
        f'<a href="f-{i}.tar.gz">f-{i}.tar.gz</a>   02-Feb-2024 11:{i:02d}   {i * 977}\n'
        for i in range(20)
    )
    + "</pre><hr></body></html>"
)


def _extract(*args: str, stdin: bytes | None = None) -> tuple[int, list[dict[str, str]], str]:
    result = CliRunner().invoke(cli, ["extract", "-j", "1", *args], input=stdin)
    _no_traceback(result)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, records, result.stderr


def _no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        (lambda: clean_text(""), "empty"),
        (lambda: clean_text(" \n\t\n"), "empty"),
        (lambda: clean_text(b""), "empty"),
        (lambda: clean_text("Home | News | Sports\nLogin\nSubscribe"), "not_article"),
        (lambda: clean_html(b""), "empty"),
        (lambda: clean_html("<html><body>  </body></html>"), "not_article"),
        (lambda: clean_html(LISTING), "not_article"),
        (lambda: clean_html(NGINX_LISTING), "not_article"),
    ],
)
def test_library_raises_rejected_with_its_reason(call: object, reason: str) -> None:
    with pytest.raises(Rejected) as caught:
        call()  # type: ignore[operator]
    assert caught.value.reason == reason
    assert isinstance(caught.value, ScraperError)
    assert f"({reason})" in str(caught.value)


def test_clean_text_takes_bytes_and_refuses_other_types() -> None:
    text = "Die Mütter sagten, dass es kein Problem mit dem neuen Stundenplan der Schule gibt."
    assert clean_text(text.encode("latin-1")).text == text
    assert clean_text(text.encode("utf-8")).text == text
    assert clean_text(text.encode("cp1252"), encoding="cp1252").text == text
    with pytest.raises(NotTextError):
        clean_text(42)  # type: ignore[arg-type]
    with pytest.raises(NotTextError):
        clean_text(b"\x00\x01\x02" * 100)


def test_clean_rejects_empty_and_non_article_text(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    menu = tmp_path / "menu.txt"
    menu.write_text("Home\nNews\nSports\nLogin\n")
    good = tmp_path / "good.txt"
    good.write_text("\n\n".join(story("good")))
    result = CliRunner().invoke(cli, ["clean", str(empty), str(menu), str(good)])
    _no_traceback(result)
    assert result.exit_code == 1
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [str(good)]
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0] == f"scraper: {empty}: not an article (empty): no text in it"
    assert lines[1].startswith(f"scraper: {menu}: not an article (not_article): no paragraph")


def test_extract_rejects_empty_text_listing_pages(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("Just a note, not a page.\n")
    (tmp_path / "listing.html").write_bytes(LISTING)
    (tmp_path / "good.html").write_bytes(PAGE)
    names = ["empty.html", "notes.txt", "listing.html", "good.html"]
    code, records, err = _extract(*(str(tmp_path / name) for name in names))
    assert code == 1
    assert [Path(r["source"]).name for r in records] == ["good.html"]
    lines = err.splitlines()
    assert len(lines) == 3
    assert "empty.html: not an article (empty)" in lines[0]
    assert "notes.txt: not an HTML page" in lines[1]
    assert "listing.html: not an article (not_article)" in lines[2]


@pytest.mark.parametrize("name", ["index.php", "page.xhtml", "noext", "index.html?p=2", "a.bin"])
def test_extract_knows_html_by_content_whatever_the_name(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(PAGE)
    (tmp_path / "style.css").write_text("body { color: red }")
    code, records, err = _extract(str(tmp_path / name))
    assert (code, err) == (0, "")
    assert records[0]["title"] == "Night buses return"
    code, records, err = _extract(str(tmp_path))  # found in a directory, the css passed over
    assert (code, err, [Path(r["source"]).name for r in records]) == (0, "", [name])


def test_extract_reads_stdin_and_gzip_by_content(tmp_path: Path) -> None:
    code, records, _ = _extract("-", "--url", "https://example.org/a", stdin=PAGE)
    assert code == 0 and records[0]["source"] == "-"
    assert records[0]["url"] == "https://example.org/a"
    zipped = tmp_path / "page.dat"  # gzip without .gz
    zipped.write_bytes(gzip.compress(PAGE))
    code, records, _ = _extract(str(zipped))
    assert code == 0 and records[0]["title"] == "Night buses return"
    code, records, _ = _extract("-", stdin=gzip.compress(PAGE))
    assert code == 0 and len(records) == 1


def test_truncated_gzip_is_one_line_not_a_document(tmp_path: Path) -> None:
    data = gzip.compress(PAGE * 3)
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "crc.html.gz").write_bytes(data[:-4])
    (tmp_path / "good.html").write_bytes(PAGE)
    code, records, err = _extract(str(tmp_path))
    assert code == 1
    assert [Path(r["source"]).name for r in records] == ["good.html"]
    assert err.count("\n") == 2 and err.count("truncated gzip data") == 2


def _warc(pages: list[tuple[str, str, bytes]], *, zipped: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=zipped)
    for url, status, body in pages:
        headers = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


def test_warc_error_records_are_rejected_by_status(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.bin"  # a WARC whatever its name
    archive.write_bytes(
        _warc(
            [
                ("https://example.org/a", "200 OK", PAGE),
                ("https://example.org/gone", "404 Not Found", article("Not found", story("x"))),
                ("https://example.org/moved", "301 Moved", b"<html>moved</html>"),
                ("https://example.org/empty", "200 OK", b""),
            ]
        )
    )
    code, records, err = _extract(str(archive))
    assert code == 1
    assert [r["url"] for r in records] == ["https://example.org/a"]
    assert err.splitlines() == [
        f"scraper: {archive}#https://example.org/gone: not an article (http_404)",
        f"scraper: {archive}#https://example.org/empty: not an article (empty): no text in it",
    ]


@pytest.mark.parametrize("zipped", [True, False])
def test_truncated_warc_gives_its_complete_records_then_one_line(
    tmp_path: Path, zipped: bool
) -> None:
    pages = [
        (f"https://example.org/{n}", "200 OK", article(f"Story {n}", story(str(n))))
        for n in range(3)
    ]
    whole = _warc(pages, zipped=zipped)
    first_two = len(_warc(pages[:2], zipped=zipped))
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(whole[: first_two + (len(whole) - first_two) // 2])
    code, records, err = _extract(str(archive))
    assert code == 1
    assert [r["url"] for r in records] == ["https://example.org/0", "https://example.org/1"]
    assert err.count("\n") == 1 and f"{archive}: truncated WARC archive" in err


def test_fetch_of_an_empty_200_is_a_rejection(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.route("/empty", Response(body=b""))
        server.route("/a", Response(body=PAGE))
        result = CliRunner().invoke(
            cli,
            ["fetch", server.url("/empty"), server.url("/a"), "--allow-private", "--delay", "0"],
        )
    _no_traceback(result)
    assert result.exit_code == 1
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == [server.url("/a")]
    assert f"{server.url('/empty')}: not an article (empty)" in result.stderr


def test_run_gives_up_pages_without_an_article(tmp_path: Path) -> None:
    with LocalServer() as server:
        server.route("/empty", Response(body=b""))
        server.route("/listing", Response(body=LISTING))
        server.route("/a", Response(body=PAGE))
        urls = [server.url(path) for path in ("/empty", "/listing", "/a")]
        job = write_job(tmp_path, [{"kind": "urls", "urls": urls}])
        result = scraper("run", str(job), "-v")
    assert result.returncode == 1
    assert [d["url"] for d in documents(tmp_path / "out")] == [server.url("/a")]
    assert "not an article (empty)" in result.stderr
    assert "not an article (not_article)" in result.stderr
    assert result.stderr.count("(giving up)") == 2


def test_directory_of_real_pages_still_extracts(tmp_path: Path) -> None:
    real = Path(__file__).parent.parent / "fixtures" / "html" / "real"
    for page in sorted(real.glob("*.html.gz"))[:2]:
        shutil.copy(page, tmp_path / page.name)
    code, records, err = _extract(str(tmp_path))
    assert (code, err, len(records)) == (0, "", 2)
    assert all(record["word_count"] for record in records)


def test_clean_inflates_gzip_by_content_and_reports_a_truncated_one(tmp_path: Path) -> None:
    text = "\n\n".join(story("zipped")).encode()
    (tmp_path / "dump.txt").write_bytes(gzip.compress(text))
    data = gzip.compress(text * 4)
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(
        cli, ["clean", str(tmp_path / "dump.txt"), str(tmp_path / "cut.txt.gz")]
    )
    _no_traceback(result)
    assert result.exit_code == 1
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["word_count"] > 50
    cut = tmp_path / "cut.txt.gz"
    assert (
        result.stderr
        == f"scraper: {cut}: truncated gzip data (the file ends before its end marker)\n"
    )

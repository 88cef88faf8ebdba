"""Fuzzing the CLI's inputs: random bytes, text in random encodings, truncated gzip and
WARC. Whatever comes in: no traceback, each input is a document or one stderr line
naming it, and the exit code is 0 only when every input gave a document (else 1)."""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runsite import article, story
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.cli import cli

PAGE = article("Night buses return", story("night"))
TEXT = "\n\n".join(story("text"))
ENCODINGS = ["utf-8", "latin-1", "cp1250", "cp1251", "koi8-r", "gb18030", "shift_jis", "utf-16"]
_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI does not flake
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _warc(pages: int) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(pages):
        body = article(f"Story {n}", story(str(n)))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/{n}",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
        )
    return buffer.getvalue()


WARC = _warc(3)


def _boundaries(data: bytes) -> set[int]:
    """Where the archive could end whole: before a record, or at its end."""
    records = ArchiveIterator(io.BytesIO(data))
    starts = {records.get_record_offset() for _ in records}
    return starts | {len(data)}


@st.composite
def _cut(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


_encoded_text = st.builds(
    lambda text, encoding: text.encode(encoding, errors="ignore"),
    st.one_of(st.text(max_size=400), st.just(TEXT), st.just(PAGE.decode())),
    st.sampled_from(ENCODINGS),
)
_input = st.one_of(
    st.binary(max_size=600),
    _encoded_text,
    _cut(gzip.compress(PAGE)),
    _cut(gzip.compress(TEXT.encode())),
    st.just(PAGE),
    st.just(b""),
)
_names = st.sampled_from(["a.html", "b.txt", "c.html.gz", "d", "e.php"])


def _check(command: str, files: list[Path], archives: list[Path]) -> list[str]:
    args = [command, *map(str, files + archives)] + (["-j", "1"] if command == "extract" else [])
    result = CliRunner().invoke(cli, args)
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(record["word_count"] > 0 for record in records)  # never a blank document
    sources = [record["source"] for record in records]
    lines = result.stderr.splitlines()
    named = [str(path) for path in files + archives]
    for line in lines:  # one line per bad input, naming it (an archive: the archive or a record)
        assert any(line.startswith(f"scraper: {name}") for name in named), line
    for path in files:  # a page or text: a document or one line, never both, never neither
        wrote = sources.count(str(path))
        said = sum(line.startswith(f"scraper: {path}: ") for line in lines)
        assert wrote + said == 1, (path, wrote, said, lines)
    assert result.exit_code == (1 if lines else 0), (result.exit_code, lines)
    return lines


@_SETTINGS
@given(st.lists(st.tuples(_names, _input), min_size=1, max_size=4))
def test_extract_and_clean_survive_any_input(inputs: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        files = []
        for n, (name, data) in enumerate(inputs):
            path = Path(directory) / f"{n}-{name}"
            path.write_bytes(data)
            files.append(path)
        _check("extract", files, [])
        _check("clean", files, [])


@_SETTINGS
@given(st.integers(0, len(WARC)), st.booleans())
def test_extract_survives_cut_archives(cut: int, zipped: bool) -> None:
    whole = WARC if zipped else gzip.decompress(WARC)
    with tempfile.TemporaryDirectory() as directory:
        archive = Path(directory) / "crawl.warc.gz"
        archive.write_bytes(whole[:cut])
        lines = _check("extract", [], [archive])
    if cut not in _boundaries(whole):  # cut inside a record: said so, in one line
        assert len(lines) == 1, lines

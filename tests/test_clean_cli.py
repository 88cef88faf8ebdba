"""`scraper clean` run as users run it, on real files and standard input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from scraper.cli import cli

SEEDS = Path(__file__).parent.parent / "fixtures" / "text" / "seeds"
EN = SEEDS / "000_9939d6c9e3a8c01f.txt"
ZH = SEEDS / "003_1b0aaaeaca4a28f5.txt"
PL = SEEDS / "004_4d2760e100e2ac97.txt"

DUMP = """Home | News | Sports
Council passes budget for schools and roads
By Jane Doe | March 4, 2026
The city council approved the new budget on Tuesday after a long debate, and the mayor said \
the decision would fund schools, roads and parks for the next two years.
Advertisement
Opposition members argued that the plan relied on optimistic revenue forecasts, and they \
warned that cuts could follow if the economy slowed down later this year.
"""


def _run(*args: str, stdin: str | bytes | None = None) -> Result:
    result = CliRunner().invoke(cli, ["clean", *args], input=stdin)
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def _records(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_several_files_in_input_order_with_source() -> None:
    result = _run(str(PL), str(EN), str(ZH))
    assert result.exit_code == 0
    records = _records(result.stdout)
    assert [r["source"] for r in records] == [str(PL), str(EN), str(ZH)]
    assert [r["language"] for r in records] == ["pl", "en", "zh"]
    assert all(r["text"] and r["sha256"] for r in records)


def test_stdin_as_dash() -> None:
    result = _run("-", stdin=DUMP)
    assert result.exit_code == 0
    [record] = _records(result.stdout)
    assert record["source"] == "-"
    assert record["title"] == "Council passes budget for schools and roads"
    assert record["authors"] == ["Jane Doe"]
    assert str(record["published"]).startswith("2026-03-04")
    assert "Advertisement" not in str(record["text"])
    assert "Home | News" not in str(record["text"])


def test_url_is_recorded() -> None:
    result = _run("-", "--url", "https://example.org/budget", stdin=DUMP)
    assert _records(result.stdout)[0]["url"] == "https://example.org/budget"


def test_url_with_several_inputs_is_a_usage_error() -> None:
    result = _run(str(EN), str(PL), "--url", "https://example.org/x")
    assert result.exit_code == 2
    assert "--url" in result.stderr


def test_txt_format() -> None:
    result = _run("-", "--format", "txt", stdin=DUMP)
    assert result.exit_code == 0
    assert result.stdout.startswith("Council passes budget for schools and roads\n\n")
    assert "The city council approved the new budget" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


def test_md_format() -> None:
    result = _run("-", "--format", "md", stdin=DUMP)
    assert result.exit_code == 0
    assert result.stdout.startswith("# Council passes budget for schools and roads\n")
    assert "Jane Doe" in result.stdout
    assert "Opposition members argued" in result.stdout


def test_output_file_written(tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    result = _run(str(EN), str(ZH), "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    records = _records(out.read_text(encoding="utf-8"))
    assert [r["source"] for r in records] == [str(EN), str(ZH)]


def test_bad_inputs_reported_and_the_rest_written(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 300)
    missing = tmp_path / "missing.txt"
    unreadable = tmp_path / "a_directory"
    unreadable.mkdir()
    out = tmp_path / "out.jsonl"
    result = _run(str(missing), str(EN), str(binary), str(unreadable), str(PL), "-o", str(out))
    assert result.exit_code == 1
    records = _records(out.read_text(encoding="utf-8"))
    assert [r["source"] for r in records] == [str(EN), str(PL)]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert str(missing) in lines[0]
    assert str(binary) in lines[1]
    assert str(unreadable) in lines[2]


def test_help_shows_examples() -> None:
    result = _run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "scraper clean" in result.stdout
    assert "--format" in result.stdout


def test_no_paths_is_a_usage_error() -> None:
    result = _run()
    assert result.exit_code == 2

"""Messages and exit codes under bad input: one line, never a traceback; encodings kept;
start-up without the heavy libraries."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from httpserver import LocalServer, Response, stall_before_headers
from runsite import article, scraper, story, write_job

from scraper.cli import cli
from scraper.engine import default_workers

ROOT = Path(__file__).parent.parent
SEED = ROOT / "fixtures" / "text" / "seeds" / "000_9939d6c9e3a8c01f.txt"
PORTUGUESE = (
    "As mães da escola disseram ontem que não há problema nenhum com o novo horário.\n\n"
    "Très bien, disse o diretor, que também falou das férias e da praça da cidade.\n"
)


def _invoke(*args: str, stdin: bytes | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert "Traceback" not in result.output + result.stderr
    return result


def test_latin1_text_is_not_read_as_cp1250(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(PORTUGUESE.encode("latin-1"))
    result = _invoke("clean", str(path))
    assert result.exit_code == 0, result.stderr
    text = json.loads(result.stdout)["text"]
    assert "mães" in text and "Très" in text and "férias" in text


def test_encoding_option_is_used_and_checked(tmp_path: Path) -> None:
    cyrillic = "Городской совет утвердил новый бюджет для школ и дорог на два года."
    path = tmp_path / "koi8.txt"
    path.write_bytes(cyrillic.encode("koi8-r"))
    result = _invoke("clean", str(path), "--encoding", "koi8-r")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == cyrillic
    bad = _invoke("clean", str(path), "--encoding", "no-such-codec")
    assert bad.exit_code == 2 and "unknown encoding" in bad.stderr


def test_bench_text_without_its_data_is_one_line(tmp_path: Path) -> None:
    result = _invoke("bench", "text", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--data" in result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--seeds", "7,x"), "not a list of whole numbers"),
        (("--seeds", "1", "--in-set-only"), "seeds draw the out-of-sample models"),
    ],
)
@pytest.mark.parametrize("bench", ["metadata", "html", "text"])
def test_bench_bad_seeds_are_one_line(
    tmp_path: Path, bench: str, args: tuple[str, ...], says: str
) -> None:
    result = _invoke("bench", bench, "--data", str(tmp_path), *args)
    assert result.exit_code == 2
    assert says in result.output


def test_bench_seeds_are_drawn_once_each_in_the_order_given() -> None:
    from scraper.cli.bench import _seeds

    assert _seeds("7,1,7, 2", True) == (7, 1, 2)  # a repeated seed would repeat a column
    assert _seeds("", False) == ()


def test_refused_private_address_says_how_to_allow_it() -> None:
    result = _invoke("fetch", "http://127.0.0.1:9/a", "--retries", "0")
    assert result.exit_code == 1
    assert "--allow-private" in result.stderr.splitlines()[0]


@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.parametrize(
    ("key", "value"),
    [("state", "a_file/state.db"), ("state", "."), ("directory", "a_file")],
)
def test_unusable_job_paths_are_one_line_and_exit_2(
    tmp_path: Path, key: str, value: str, log_format: str
) -> None:
    (tmp_path / "a_file").write_text("not a directory")
    with LocalServer() as server:
        server.route("/a", Response(body=article("Night buses", story("a"))))
        job = write_job(tmp_path, [{"kind": "urls", "urls": [server.url("/a")]}])
        text = job.read_text()
        if key == "state":
            text = text.replace('state = "state.db"', f'state = "{value}"')
        else:
            text = text.replace('directory = "out"', f'directory = "{value}"')
        job.write_text(text)
        result = scraper("run", str(job), "--log-format", log_format)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    line = result.stderr.strip()
    message = json.loads(line)["message"] if log_format == "json" else line
    assert str(tmp_path) in message


def test_ctrl_c_outside_a_loop_is_130_not_aborted() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(  # reading its URL list from a stdin that stays open
        [sys.executable, "-m", "scraper", "fetch", "-i", "-"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    _wait_blocked_reading_stdin(proc.pid)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode().strip() == "scraper: interrupted"


def test_importing_the_packages_loads_no_heavy_library() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    probe = (
        "import sys, scraper, cleaners, scraper.cli;"
        "from scraper.cli import cli;"
        "cli.main(['--help'], standalone_mode=False);"
        "heavy = [m for m in ('trafilatura', 'httpx', 'lxml', 'numpy', 'py3langid',"
        " 'scraper.cli.extract', 'scraper.cli.fetch') if m in sys.modules];"
        "print(heavy, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "[]"


def test_lazy_exports_still_resolve() -> None:
    import cleaners
    import scraper as package

    assert cleaners.Rejected.__module__ == "cleaners.errors"
    assert package.fetch.__module__.startswith("scraper.fetch")
    with pytest.raises(AttributeError):
        _ = cleaners.no_such_name  # type: ignore[attr-defined]


def test_default_workers_never_more_than_pays() -> None:
    cores = len(os.sched_getaffinity(0))
    assert default_workers(1) == 1
    assert default_workers(10) == 1
    for pages in (None, 100, 10_000):
        assert 1 <= default_workers(pages) <= max(1, cores - 1)
        if cores <= 2:
            assert default_workers(pages) == 1


def test_ctrl_c_during_fetch_prints_the_summary_and_keeps_the_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with LocalServer() as server:
        server.route("/slow", stall_before_headers(30))
        args = ["fetch", server.url("/slow"), "--allow-private", "--delay", "0", "-o", str(out)]
        proc = subprocess.Popen(
            [sys.executable, "-m", "scraper", *args],
            stderr=subprocess.PIPE,
            env=env,
        )
        _wait_until(lambda: bool(server.requests), 30)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    text = err.decode()
    assert "Traceback" not in text and "Aborted" not in text
    assert text.splitlines()[-1].startswith("scraper: interrupted: fetched 0")
    assert out.read_text() == "previous\n"


def _wait_blocked_reading_stdin(pid: int) -> None:
    """Until the process sits in read(0, ...) (Linux /proc/PID/syscall: number 0, fd 0),
    however long its start takes; where that file cannot be read, 1.5 s."""
    syscall = Path(f"/proc/{pid}/syscall")
    try:
        syscall.read_text()
    except OSError:
        time.sleep(1.5)
        return
    _wait_until(lambda: syscall.read_text().split()[:2] == ["0", "0x0"], 30)


def _wait_until(condition: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_every_command_has_its_help_summary_without_import() -> None:
    from scraper.cli import COMMANDS, SUMMARIES

    assert set(SUMMARIES) == set(COMMANDS)
    result = _invoke("--help")
    assert all(SUMMARIES[name] in result.stdout for name in COMMANDS)

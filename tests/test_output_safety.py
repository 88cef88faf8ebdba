"""`-o PATH` never harms what is there: special files written to, symlinks followed,
modes from the umask, the previous file kept when a run is interrupted or fails whole."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli

ROOT = Path(__file__).parent.parent
SEED = ROOT / "fixtures" / "text" / "seeds" / "000_9939d6c9e3a8c01f.txt"


def _clean(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["clean", *args])
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr


def test_dev_null_stays_a_device() -> None:
    code, err = _clean(str(SEED), "-o", os.devnull)
    assert (code, err) == (0, "")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _ = _clean(str(SEED), "-o", str(fifo))
    reader.join(10)
    assert code == 0
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])["source"] == str(SEED)


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    code, _ = _clean(str(SEED), "-o", str(link))
    assert code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text())["source"] == str(SEED)


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_new_file_mode_follows_the_umask(tmp_path: Path, mask: int) -> None:
    out = tmp_path / "out.jsonl"
    old = os.umask(mask)
    try:
        code, _ = _clean(str(SEED), "-o", str(out))
    finally:
        os.umask(old)
    assert code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    out.chmod(0o640)
    assert _clean(str(SEED), "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert json.loads(out.read_text())["source"] == str(SEED)


def test_a_model_file_is_replaced_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    # `scraper train` writes its model files as -o writes: a neighbour renamed over
    # the file, nothing left beside it; a symbolic link followed and kept
    from scraper.output import replace_file

    model = tmp_path / "model.json"
    model.write_text('{"old": 1}\n')
    model.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(model)
    replace_file(link, '{"new": 2}\n')
    assert model.read_text() == '{"new": 2}\n'
    assert stat.S_IMODE(model.stat().st_mode) == 0o640
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "model.json"]


def test_a_run_where_every_input_failed_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"previous": true}\n')
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, err = _clean(str(empty), str(tmp_path / "missing.txt"), "-o", str(out))
    assert code == 1 and err.count("\n") == 2
    assert out.read_text() == '{"previous": true}\n'
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unwritable_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, err = _clean(str(SEED), "-o", str(tmp_path / "nodir" / "x.jsonl"))
    assert code == 2
    assert (
        err
        == f"scraper: cannot write {tmp_path / 'nodir' / 'x.jsonl'}: No such file or directory\n"
    )
    code, err = _clean(str(SEED), "-o", str(tmp_path))  # a directory
    assert code == 2 and "is a directory" in err and "Traceback" not in err


def _scraper(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "scraper", *args], env=env, **kwargs
    )


def _wait_for(condition: object, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_ctrl_c_keeps_the_previous_file_and_prints_the_summary(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"previous": true}\n')
    # the seed is cleaned and written, then the run waits on standard input
    proc = _scraper(
        "clean",
        str(SEED),
        "-",
        "-o",
        str(out),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_for(lambda: any(p.stat().st_size for p in tmp_path.glob(".out.jsonl.*")))
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode() == "scraper: interrupted: written 1, rejected 0, failed 0\n"
    assert out.read_text() == '{"previous": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_ctrl_c_on_stdout_leaves_complete_records() -> None:
    proc = _scraper(
        "clean",
        str(SEED),
        str(SEED),
        "-",
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline() + proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and b"Traceback" not in err and b"Aborted" not in err
    records = [json.loads(line) for line in (first + rest).splitlines()]
    assert len(records) == 2


def test_closed_pipe_is_a_quiet_exit_141() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    many = " ".join([str(SEED)] * 150)  # far more than a pipe buffer holds
    done = subprocess.run(
        [
            "bash",
            "-c",
            f"{sys.executable} -m scraper clean {many} | head -1 >/dev/null;"
            " echo ${PIPESTATUS[0]}",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.stdout.strip() == "141"
    assert done.stderr == ""

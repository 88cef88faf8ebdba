"""Run hostile cases in a child interpreter, each with a time bound and its peak memory.

    with Isolated() as child:
        outcome = child.run("from cleaners import clean_text\\nOUT = clean_text(TEXT).title",
                            values={"TEXT": "..."}, seconds=10)
        outcome.error, outcome.out, outcome.seconds, outcome.peak_mb

The child is one Python process kept for many cases (importing the toolkit takes a
second or two; a fresh process per case would dominate the suite). While a case runs,
the parent reads the child's resident size every 10 ms (`/proc/<pid>/status`, Linux):
`peak_mb` is the largest reading, so it is the case's own peak (what earlier cases
left allocated included). A case that passes its time bound is killed (and the child
started again): a hang fails its test instead of the whole run.

A case is a piece of Python that sets `OUT` (anything JSON can hold); an exception
it raises is reported as `error` (its type name) and `message`. Cases share one
namespace, so the `prelude` (imports, helpers) is run once per child.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_WORKER = r"""
import json, sys, time, traceback

def resident_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0

scope = {"__name__": "__case__"}
for line in sys.stdin:
    case = json.loads(line)
    scope.pop("OUT", None)
    scope.update(case["values"])
    started = time.monotonic()
    result = {"out": None, "error": None, "message": ""}
    try:
        exec(compile(case["code"], "<case>", "exec"), scope)
        result["out"] = scope.get("OUT")
    except BaseException as error:
        result["error"] = type(error).__name__
        result["message"] = str(error)[:500]
        result["trace"] = traceback.format_exc()[-2000:]
    result["seconds"] = time.monotonic() - started
    result["peak_mb"] = resident_mb()
    print(json.dumps(result, default=repr), flush=True)
"""

_ROOT = Path(__file__).resolve().parent.parent
_SAMPLE = 0.01  # seconds between two readings of the child's resident size


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    out: Any
    error: str | None
    message: str
    seconds: float
    peak_mb: float
    trace: str = ""


class Hung(AssertionError):
    """The case did not finish within its bound."""


class Isolated:
    """A child interpreter that runs cases one after another (see the module doc)."""

    def __init__(self, prelude: str = "") -> None:
        self._prelude = prelude
        self._child: subprocess.Popen[str] | None = None

    def __enter__(self) -> Isolated:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._child is not None:
            self._child.kill()
            self._child.wait()
            for stream in (self._child.stdin, self._child.stdout):
                if stream is not None:
                    stream.close()
            self._child = None

    def _start(self) -> subprocess.Popen[str]:
        if self._child is None:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(_ROOT / "tests")])}
            self._child = subprocess.Popen(
                [sys.executable, "-u", "-c", _WORKER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                cwd=_ROOT,
                env=env,
            )
            if self._prelude:
                self.run(self._prelude, seconds=60)
        return self._child

    def run(self, code: str, *, values: dict[str, Any] | None = None, seconds: float) -> Outcome:
        """Run `code` in the child; `Hung` when it takes longer than `seconds`."""
        child = self._start()
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(json.dumps({"code": code, "values": values or {}}) + "\n")
        child.stdin.flush()
        peak, deadline = 0.0, time.monotonic() + seconds
        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            while not (ready := selector.select(timeout=_SAMPLE)):
                peak = max(peak, _resident_mb(child.pid))
                if time.monotonic() > deadline:
                    break
        line = child.stdout.readline() if ready else ""
        if not line:
            self.close()
            raise Hung(f"no answer within {seconds} s")
        result = json.loads(line)
        result["peak_mb"] = max(peak, result["peak_mb"])
        return Outcome(**result)


def _resident_mb(pid: int) -> float:
    """The resident size of process `pid` now (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0

"""Helpers for run tests: article pages, feeds and job files for a `LocalServer`."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from httpserver import LocalServer, Response

from scraper.bench.workers import WORDS  # the same made-up vocabulary as the bench

ROOT = Path(__file__).resolve().parent.parent


def story(seed: str, paragraphs: int = 4) -> list[str]:
    """Deterministic paragraphs of plausible prose, different for each seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(4):
            words = [rng.choice(WORDS) for _ in range(rng.randint(9, 14))]
            sentences.append(" ".join(["The", *words]) + ".")
        out.append(" ".join(sentences))
    return out


def article(title: str, paragraphs: list[str], extra: list[str] = ()) -> bytes:  # type: ignore[assignment]
    body = "".join(f"<p>{text}</p>" for text in [*paragraphs, *extra])
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def rss(server: LocalServer, paths: list[str]) -> Response:
    items = "".join(f"<item><title>{p}</title><link>{server.url(p)}</link></item>" for p in paths)
    xml = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )
    return Response(body=xml.encode(), headers=(("Content-Type", "application/rss+xml"),))


def write_job(directory: Path, sources: list[dict[str, Any]], **sections: str) -> Path:
    lines = ['[job]\nstate = "state.db"\n']
    for source in sources:
        lines.append(
            "[[sources]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in source.items())
        )
    lines.append(
        "[fetch]\ndelay = 0\nallow_private = true\nrespect_robots = false\nretries = 0\n"
        "connect_timeout = 5\nread_timeout = 5\ntotal_timeout = 10\n"
    )
    lines.append(sections.get("output", '[output]\ndirectory = "out"\n'))
    lines.extend(text for name, text in sections.items() if name != "output")
    path = directory / "job.toml"
    path.write_text("\n".join(lines))
    return path


def scraper(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "scraper", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def documents(directory: Path) -> list[dict[str, Any]]:
    """Every document of every published run file, in file order."""
    out: list[dict[str, Any]] = []
    for path in sorted(directory.glob("run-*.jsonl")):
        out.extend(json.loads(line) for line in path.read_text().splitlines())
    return out

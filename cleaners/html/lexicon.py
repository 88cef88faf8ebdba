"""Word lists of the HTML path, read from `cleaners/data/html/*.txt` once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def words(name: str) -> frozenset[str]:
    """The entries of `cleaners/data/html/<name>.txt`: one a line, `#` comments skipped."""
    text = resources.files("cleaners").joinpath("data", "html", f"{name}.txt").read_text("utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(entry for entry in entries if entry)

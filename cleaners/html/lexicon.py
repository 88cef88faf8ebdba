"""Word lists of the HTML path, read from `cleaners/data/html/*.txt` once per process."""

from __future__ import annotations

from functools import cache

from cleaners.datafiles import data_lines


@cache
def words(name: str) -> frozenset[str]:
    """The entries of `cleaners/data/html/<name>.txt`: one a line, `#` comments skipped."""
    return frozenset(line.lower() for line in data_lines("html", f"{name}.txt"))

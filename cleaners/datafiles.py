"""Reading the package's data files (cleaners/data/...): word lists, lexicons, tables."""

from __future__ import annotations

from importlib import resources


def data_lines(*parts: str) -> list[str]:
    """The lines of `cleaners/data/<parts>`, stripped; blank lines and `#` comments skipped."""
    path = resources.files("cleaners").joinpath("data", *parts)
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]

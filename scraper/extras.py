"""Optional extras: a missing one is one clear line naming what to install."""

from __future__ import annotations

import importlib.util

from scraper.errors import ConfigError


def require(module: str, extra: str) -> None:
    """Raise `ConfigError` unless `module` can be imported (it comes with `extra`)."""
    if importlib.util.find_spec(module) is None:
        raise ConfigError(f"this needs {module}: pip install 'scraper[{extra}]'")

"""Fetching, sources, the engine, the cron run, state and output: everything with I/O.

    async for result in extract_pages(fetched_pages(urls), executor=pool): ...

The names below are loaded on first use (module `__getattr__`): `import scraper`, and
so every `scraper` command, starts without loading httpx or trafilatura.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleaners import CleanConfig, Document, clean_text
    from scraper.engine import Page, PageResult, extract_pages, local_executor
    from scraper.errors import ConfigError, FetchError, InputError, ScraperError
    from scraper.fetch import (
        FetchConfig,
        FetchedPage,
        FetchRequest,
        afetch_many,
        fetch,
        fetch_many,
    )
    from scraper.sources.files import file_pages
    from scraper.sources.web import fetched_pages

# exported name -> the module that defines it
_HOMES = {
    "CleanConfig": "cleaners.config",
    "ConfigError": "scraper.errors",
    "Document": "cleaners.document",
    "FetchConfig": "scraper.fetch",
    "FetchError": "scraper.errors",
    "FetchRequest": "scraper.fetch",
    "FetchedPage": "scraper.fetch",
    "InputError": "scraper.errors",
    "Page": "scraper.engine",
    "PageResult": "scraper.engine",
    "ScraperError": "scraper.errors",
    "afetch_many": "scraper.fetch",
    "clean_text": "cleaners.text",
    "extract_pages": "scraper.engine",
    "fetch": "scraper.fetch",
    "fetch_many": "scraper.fetch",
    "fetched_pages": "scraper.sources.web",
    "file_pages": "scraper.sources.files",
    "local_executor": "scraper.engine",
}

__all__ = [
    "CleanConfig",
    "ConfigError",
    "Document",
    "FetchConfig",
    "FetchError",
    "FetchRequest",
    "FetchedPage",
    "InputError",
    "Page",
    "PageResult",
    "ScraperError",
    "afetch_many",
    "clean_text",
    "extract_pages",
    "fetch",
    "fetch_many",
    "fetched_pages",
    "file_pages",
    "local_executor",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'scraper' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


class _Package(types.ModuleType):
    """`scraper.fetch` stays the function when the `scraper.fetch` package is imported
    (the import system would set the attribute to the subpackage)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "fetch" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

"""Pure cleaning functions: HTML or dirty text in, `Document` out. No network, no disk.

The names below are loaded on first use (module `__getattr__`), so importing
`cleaners` (and the `scraper` command line above it) stays fast: `clean_html` pulls in
trafilatura only when it is first called for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleaners.config import CleanConfig
    from cleaners.document import Document, RemovalKind, Removed
    from cleaners.encoding import canonical_encoding, looks_binary
    from cleaners.errors import (
        ErrorKind,
        ExtractionTimeout,
        InputError,
        InputTooLarge,
        NotTextError,
        Rejected,
        ScraperError,
    )
    from cleaners.html import clean_html
    from cleaners.language import detect_language
    from cleaners.template import template_fingerprints
    from cleaners.text import clean_text

# exported name -> the module that defines it
_HOMES = {
    "CleanConfig": "cleaners.config",
    "Document": "cleaners.document",
    "ErrorKind": "cleaners.errors",
    "ExtractionTimeout": "cleaners.errors",
    "InputError": "cleaners.errors",
    "InputTooLarge": "cleaners.errors",
    "NotTextError": "cleaners.errors",
    "Rejected": "cleaners.errors",
    "RemovalKind": "cleaners.document",
    "Removed": "cleaners.document",
    "ScraperError": "cleaners.errors",
    "canonical_encoding": "cleaners.encoding",
    "clean_html": "cleaners.html",
    "clean_text": "cleaners.text",
    "detect_language": "cleaners.language",
    "looks_binary": "cleaners.encoding",
    "template_fingerprints": "cleaners.template",
}

__all__ = [
    "CleanConfig",
    "Document",
    "ErrorKind",
    "ExtractionTimeout",
    "InputError",
    "InputTooLarge",
    "NotTextError",
    "Rejected",
    "RemovalKind",
    "Removed",
    "ScraperError",
    "canonical_encoding",
    "clean_html",
    "clean_text",
    "detect_language",
    "looks_binary",
    "template_fingerprints",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'cleaners' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

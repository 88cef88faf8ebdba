"""Pure cleaning functions: HTML or dirty text in, `Document` out. No network, no disk."""

from cleaners.config import CleanConfig
from cleaners.document import Document, Removed
from cleaners.errors import (
    ExtractionTimeout,
    InputError,
    InputTooLarge,
    NotTextError,
    ScraperError,
)
from cleaners.html import clean_html
from cleaners.text import clean_text

__all__ = [
    "CleanConfig",
    "Document",
    "ExtractionTimeout",
    "InputError",
    "InputTooLarge",
    "NotTextError",
    "Removed",
    "ScraperError",
    "clean_html",
    "clean_text",
]

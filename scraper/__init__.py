"""Fetching, sources, the pipeline, state and output: everything with I/O."""

from cleaners import CleanConfig, Document, clean_text
from scraper.errors import ConfigError, FetchError, InputError, ScraperError

__all__ = [
    "CleanConfig",
    "ConfigError",
    "Document",
    "FetchError",
    "InputError",
    "ScraperError",
    "clean_text",
]

"""Fetching, sources, the pipeline, state and output: everything with I/O."""

from cleaners import CleanConfig, Document, clean_text
from scraper.errors import ConfigError, FetchError, InputError, ScraperError
from scraper.fetch import FetchConfig, FetchedPage, FetchRequest, afetch_many, fetch, fetch_many

__all__ = [
    "CleanConfig",
    "ConfigError",
    "Document",
    "FetchConfig",
    "FetchError",
    "FetchRequest",
    "FetchedPage",
    "InputError",
    "ScraperError",
    "afetch_many",
    "clean_text",
    "fetch",
    "fetch_many",
]

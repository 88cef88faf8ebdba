"""Page metadata for `clean_html`: the stage lives in `cleaners.metadata`."""

from __future__ import annotations

from cleaners.metadata.page import choose_metadata, gather_metadata, page_metadata
from cleaners.metadata.titles import strip_site_suffix
from cleaners.metadata.when import iso_date

__all__ = [
    "choose_metadata",
    "gather_metadata",
    "iso_date",
    "page_metadata",
    "strip_site_suffix",
]

"""Header metadata: title, byline, date and source taken out of the first blocks."""

from __future__ import annotations

from cleaners.draft import Draft


def take_header(draft: Draft) -> Draft:
    return draft


def drop_title_repeats(draft: Draft) -> Draft:
    return draft

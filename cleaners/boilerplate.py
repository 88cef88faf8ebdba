"""Boilerplate blocks: ads, widgets, policies, related lists, credits."""

from __future__ import annotations

from cleaners.draft import Draft


def remove_boilerplate(draft: Draft) -> Draft:
    return draft

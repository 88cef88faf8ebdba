"""Caches keep small keys only: a large block or attribute is never kept alive by one
(a cache of thousands of entries, each a page-sized string, held hundreds of MB)."""

from __future__ import annotations

from cleaners.blockstats import _cached_stats, stats
from cleaners.draft import Block
from cleaners.html.prune import _cached_names, _names_furniture

PROSE = "The council met on Tuesday to talk about the budget for the coming year. "


def test_large_blocks_are_measured_but_not_cached() -> None:
    before = _cached_stats.cache_info().currsize
    assert stats(Block(PROSE * 2000)).weight > 100_000
    assert _cached_stats.cache_info().currsize == before
    stats(Block(PROSE + "(a small block, cached)"))
    assert _cached_stats.cache_info().currsize == before + 1


def test_huge_class_names_are_read_but_not_cached() -> None:
    before = _cached_names.cache_info().currsize
    assert _names_furniture("x" * 200_000 + " share-bar")
    assert _cached_names.cache_info().currsize == before
    _names_furniture("a-small-unique-class-name")
    assert _cached_names.cache_info().currsize == before + 1

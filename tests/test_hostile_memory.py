"""Caches keep small keys only: a large block is never kept alive by one (a cache of
thousands of entries, each a page-sized string, held hundreds of MB). Class and id
values are cut to a bounded length before their cache (cleaners/html/domblocks.py)."""

from __future__ import annotations

from cleaners.blockstats import _cached_stats, stats
from cleaners.draft import Block

PROSE = "The council met on Tuesday to talk about the budget for the coming year. "


def test_large_blocks_are_measured_but_not_cached() -> None:
    before = _cached_stats.cache_info().currsize
    assert stats(Block(PROSE * 2000)).weight > 100_000
    assert _cached_stats.cache_info().currsize == before
    stats(Block(PROSE + "(a small block, cached)"))
    assert _cached_stats.cache_info().currsize == before + 1

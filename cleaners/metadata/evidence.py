"""A candidate value for one metadata field, and the strongest of several.

Each source gives candidates with a rank (lower is stronger). Sources agree across
kinds: a markup value (JSON-LD, `<meta>`) counts first when the page's visible text
confirms it (the same calendar day printed, the same name shown, the `<h1>` inside
the title), then a visible value alone, then markup alone where the page declares
itself an article. The winner's source becomes the field's provenance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence(Generic[T]):
    """`value` for a field, as `source` (e.g. "og:title") gave it; lower `rank` is stronger."""

    value: T
    source: str
    rank: int


def strongest(found: Sequence[Evidence[T]]) -> Evidence[T] | None:
    return min(found, key=lambda e: e.rank) if found else None

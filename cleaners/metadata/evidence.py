"""A candidate value for one metadata field, and choosing among candidates.

Each source gives candidates with a rank (lower is stronger). A candidate that
another, independent source agrees with wins over a stronger one alone; the winner's
source is recorded as the field's provenance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


def best_agreed(found: Sequence[Evidence[T]], agree: Callable[[T, T], bool]) -> Evidence[T] | None:
    """The strongest candidate another source agrees with, else None."""
    agreed = [
        e for e in found if any(o.source != e.source and agree(e.value, o.value) for o in found)
    ]
    return strongest(agreed)

"""A learned chooser of one line of dirty text for one metadata field.

Dirty text has no markup to declare a title or a date: the value is a line of the page
(the headline, a dateline) among many that look alike. A field's step describes each
candidate line by generic facts (`cleaners.metadata.texttitle`, `.textdate`,
`.textauthors`), a tree ensemble scores them, and the best becomes the field's value
when it reaches the model's threshold; below it the field stays unknown. The model
files (`cleaners/data/models/text_*.json`, retrained by `scraper train text-title`,
`text-date` and `text-authors`) hold two scorers (trees and threshold: for texts given
with their URL and for texts without one), the features they read and what they were
trained from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from cleaners.model import TreeEnsemble, ensemble_from_dict, read_model_file

NOT_PRINTED = -999.0  # a feature's value when the line it is measured from is unknown


def lines_from(index: int, anchor: int | None) -> float:
    """How many lines `index` stands below `anchor` (negative: above), `NOT_PRINTED`
    when the anchor (the body's first block, the title's line, ...) is not known."""
    return float(index - anchor) if anchor is not None else NOT_PRINTED


@dataclass(frozen=True, slots=True, kw_only=True)
class Scorer:
    """One tree ensemble and the score its best candidate must reach."""

    ensemble: TreeEnsemble
    threshold: float

    def best(self, rows: npt.NDArray[np.float32]) -> int | None:
        """The index of the best-scoring row when it reaches the threshold, else None."""
        if not len(rows):
            return None
        scores = self.ensemble.predict(rows)
        best = int(np.argmax(scores))
        return best if scores[best] >= self.threshold else None

    def to_dict(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "trees": self.ensemble.to_dict()}


@dataclass(frozen=True, slots=True, kw_only=True)
class LineModel:
    """A field's two candidate scorers, the features they read, their record.

    A text given with its URL is judged by `with_url` (the words of the URL's path
    are strong evidence of the headline); one piped in without a URL by `without_url`,
    trained on the same texts read without theirs (a model that only ever saw URLs
    finds a third as many titles without one)."""

    features: tuple[str, ...]
    with_url: Scorer
    without_url: Scorer
    record: dict[str, Any]

    def best(self, rows: npt.NDArray[np.float32], *, url: str | None) -> int | None:
        """The index of the best row when it reaches its scorer's threshold, else None."""
        return (self.with_url if url else self.without_url).best(rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "record": self.record,
            "with_url": self.with_url.to_dict(),
            "without_url": self.without_url.to_dict(),
        }


def line_model_from_dict(data: dict[str, Any], features: Sequence[str]) -> LineModel:
    """The model in `data`; it must read `features`, the ones the code computes."""
    if tuple(data["features"]) != tuple(features):
        raise ValueError("a text line model and the feature code disagree: retrain it")
    if "with_url" not in data or "without_url" not in data:
        raise ValueError("a text line model with one scorer (an older file): retrain it")
    scorers = [
        Scorer(ensemble=ensemble_from_dict(data[k]["trees"]), threshold=float(data[k]["threshold"]))
        for k in ("with_url", "without_url")
    ]
    return LineModel(
        features=tuple(features),
        with_url=scorers[0],
        without_url=scorers[1],
        record=dict(data.get("record", {})),
    )


@cache
def shipped_line_model(name: str, features: tuple[str, ...]) -> LineModel:
    """The shipped model file `name` (in `cleaners/data/models/`), loaded once per
    process; it must read `features`."""
    return line_model_from_dict(read_model_file(name), features)

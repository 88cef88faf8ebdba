"""A learned chooser of one line of dirty text for one metadata field.

Dirty text has no markup to declare a title or a date: the value is a line of the page
(the headline, a dateline) among many that look alike. A field's step describes each
candidate line by generic facts (`cleaners.metadata.texttitle`, `.textdate`,
`.textauthors`), a tree ensemble scores them, and the best becomes the field's value
when it reaches the model's threshold; below it the field stays unknown. The model
files (`cleaners/data/models/text_*.json`, retrained by `scraper train text-title`,
`text-date` and `text-authors`) hold the trees, the features they read, the threshold
and what they were trained from.
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
class LineModel:
    """A field's candidate scorer, the score the best candidate must reach, its record."""

    features: tuple[str, ...]
    ensemble: TreeEnsemble
    threshold: float
    record: dict[str, Any]

    def best(self, rows: npt.NDArray[np.float32]) -> int | None:
        """The index of the best-scoring row when it reaches the threshold, else None."""
        if not len(rows):
            return None
        scores = self.ensemble.predict(rows)
        best = int(np.argmax(scores))
        return best if scores[best] >= self.threshold else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "threshold": self.threshold,
            "record": self.record,
            "trees": self.ensemble.to_dict(),
        }


def line_model_from_dict(data: dict[str, Any], features: Sequence[str]) -> LineModel:
    """The model in `data`; it must read `features`, the ones the code computes."""
    if tuple(data["features"]) != tuple(features):
        raise ValueError("a text line model and the feature code disagree: retrain it")
    return LineModel(
        features=tuple(features),
        ensemble=ensemble_from_dict(data["trees"]),
        threshold=float(data["threshold"]),
        record=dict(data.get("record", {})),
    )


@cache
def shipped_line_model(name: str, features: tuple[str, ...]) -> LineModel:
    """The shipped model file `name` (in `cleaners/data/models/`), loaded once per
    process; it must read `features`."""
    return line_model_from_dict(read_model_file(name), features)

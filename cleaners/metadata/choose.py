"""The learned choice among a field's candidates: the best-scoring one, if good enough.

One tree ensemble per field (title, authors, published) scores each candidate (its
features: `cleaners.metadata.features`) with the probability that it is the page's
value. The best candidate wins when its score reaches the field's threshold; below
it the field stays empty, which is how the model declines to invent a date or an
author for a page that shows none. The model file
(`cleaners/data/models/metadata.json`, retrained by `scraper train metadata`) holds
the trees, each field's feature names and threshold, and what it was trained from.
On a page that declares itself an article, the best candidate also stands when the
article's own markup declares it (`DECLARED`): the threshold guards against values
a page only suggests (a date in a list, a name in a footer), not against its
declarations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from cleaners.metadata.candidates import Candidate, date_kind
from cleaners.metadata.features import AUTHOR_FEATURES, DATE_FEATURES, TITLE_FEATURES
from cleaners.model import TreeEnsemble, ensemble_from_dict, read_model_file

T = TypeVar("T")
FIELDS = ("title", "authors", "published")
FEATURES = {"title": TITLE_FEATURES, "authors": AUTHOR_FEATURES, "published": DATE_FEATURES}
MODEL_FILE = "metadata.json"
# The article's own declarations: on a page that declares itself an article, the
# model's best candidate stands below the threshold when one of these gave it (the
# page states the value; the threshold is for values the page only suggests).
DECLARED = {
    "authors": frozenset(
        {"json-ld:author", "author", "article:author", "itemprop:author", "parsely-author"}
    ),
    "published": frozenset(
        {"json-ld:article", "article:published_time", "meta:published", "itemprop:datePublished"}
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldModel:
    """One field's trees and the score its best candidate must reach."""

    ensemble: TreeEnsemble
    threshold: float

    def scores(self, rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        if not len(rows):
            return np.zeros(0, dtype=np.float64)
        return self.ensemble.predict(rows)


@dataclass(frozen=True, slots=True, kw_only=True)
class MetadataModel:
    """The per-field candidate scorers, and the record of their training."""

    fields: dict[str, FieldModel]
    record: dict[str, Any]

    def best(
        self,
        name: str,
        found: Sequence[Candidate[T]],
        rows: npt.NDArray[np.float32],
        *,
        article: bool = False,
    ) -> Candidate[T] | None:
        """The best of `found` for field `name` when it scores above the threshold, or
        when the page declares an `article` and its own markup declares that value."""
        if not found:
            return None
        model = self.fields[name]
        scores = model.scores(rows)
        top = int(np.argmax(scores))
        kinds = {date_kind(s) for s in found[top].sources}
        declared = article and bool(DECLARED.get(name, frozenset()) & kinds)
        return found[top] if scores[top] >= model.threshold or declared else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "fields": {
                name: {
                    "features": list(FEATURES[name]),
                    "threshold": model.threshold,
                    "trees": model.ensemble.to_dict(),
                }
                for name, model in self.fields.items()
            },
            "record": self.record,
        }


def metadata_model_from_dict(data: dict[str, Any]) -> MetadataModel:
    """The model in `data`; its feature lists must be the ones computed here."""
    fields = {}
    for name in FIELDS:
        entry = data["fields"][name]
        if tuple(entry["features"]) != FEATURES[name]:
            raise ValueError(f"metadata model: the {name} features differ from the code's")
        fields[name] = FieldModel(
            ensemble=ensemble_from_dict(entry["trees"]), threshold=float(entry["threshold"])
        )
    return MetadataModel(fields=fields, record=dict(data.get("record", {})))


@lru_cache(maxsize=1)
def shipped_metadata_model() -> MetadataModel:
    """The shipped metadata model (`data/models/metadata.json`), loaded once per process."""
    return metadata_model_from_dict(read_model_file(MODEL_FILE))

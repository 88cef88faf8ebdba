"""The learned choice among a field's candidates: the best-scoring one, if good enough.

One tree ensemble per field (title, authors, published) scores each candidate (its
features: `cleaners.metadata.features`) with the probability that it is the page's
value. The best candidate wins when its score reaches the field's threshold; below
it the field stays empty (the model abstains), which is how it declines to invent a
date or an author for a page that shows none. The threshold is learned with the trees
(`scraper.train.metadata`: set on scores of sites the trees did not see, weighing an
invented value against a found one). One thing more lets a value through: on a page
that declares itself an article, the best candidate stands below the threshold when
the article's own markup declares it (`DECLARED`: JSON-LD author/datePublished,
author and publication `<meta>`, microdata). The threshold guards against values a
page only suggests (a date in a list, a name in a footer), not against what an
article states (without it, out of sample, a tenth of the dates and authors found were
lost for fewer inventions: the README's metadata section has the figures). The model file
(`cleaners/data/models/metadata.json`, retrained by `scraper train metadata`) holds
the trees, each field's feature names and threshold, and what it was trained from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from cleaners.metadata.candidates import ARTICLE_PUBLISHED, Candidate, date_kind
from cleaners.metadata.features import feature_names
from cleaners.model import TreeEnsemble, ensemble_from_dict, read_model_file

T = TypeVar("T")
FIELDS = ("title", "authors", "published")
MODEL_FILE = "metadata.json"
# The article's own declarations (see the module's docstring), by field.
DECLARED = {
    "authors": frozenset(
        {"json-ld:author", "author", "article:author", "itemprop:author", "parsely-author"}
    ),
    "published": ARTICLE_PUBLISHED,
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
        """The best of `found` for field `name` when it reaches the threshold, else None
        (the model abstains)."""
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
                    "features": list(feature_names(name)),
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
        if tuple(entry["features"]) != feature_names(name):
            raise ValueError(f"metadata model: the {name} features differ from the code's")
        fields[name] = FieldModel(
            ensemble=ensemble_from_dict(entry["trees"]), threshold=float(entry["threshold"])
        )
    return MetadataModel(fields=fields, record=dict(data.get("record", {})))


@lru_cache(maxsize=1)
def shipped_metadata_model() -> MetadataModel:
    """The shipped metadata model (`data/models/metadata.json`), loaded once per process."""
    return metadata_model_from_dict(read_model_file(MODEL_FILE))

"""Fitting the page-type model, and its accuracy with whole sites left out.

Labels: wcxb-dev's `page_type` (blog counted as article, collection as listing,
service as other); every page of the article sets (aeb, mhb-dev) is an article.
One binary ensemble per type, on the page-level rows of `cleaners.html.pagetype`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cleaners.html.pagetype import PAGE_TYPES, PageTypeModel, type_model_from_dict
from scraper.bench.data import page_types
from scraper.train.dataset import PageRows
from scraper.train.fit import PARAMS as BLOCK_PARAMS
from scraper.train.fit import folds, site_groups
from scraper.train.trees import booster_arrays

ROUNDS = 80
PARAMS: dict[str, Any] = {  # the content model's settings, smaller trees (one row a page)
    **BLOCK_PARAMS,
    "learning_rate": 0.1,
    "num_leaves": 7,
    "min_child_samples": 8,
    "bagging_fraction": 1.0,
    "bagging_freq": 0,
}
_AS = {"blog": "article", "collection": "listing", "service": "other"}


def type_labels(data: Path, pages: Sequence[PageRows]) -> npt.NDArray[np.intp]:
    """The index in `PAGE_TYPES` of each page's type."""
    known = {name: page_types(data, name) for name in {p.set_name for p in pages}}
    names = [known[p.set_name].get(p.case.id, "article") for p in pages]
    return np.array([PAGE_TYPES.index(_AS.get(name, name)) for name in names], dtype=np.intp)


def fit_types(
    rows: npt.NDArray[np.float32], labels: npt.NDArray[np.intp], record: dict[str, Any]
) -> PageTypeModel:
    import lightgbm

    from cleaners.html.pagetype import feature_names

    ensembles = []
    for index in range(len(PAGE_TYPES)):
        data = lightgbm.Dataset(rows, (labels == index).astype(int))
        ensembles.append(booster_arrays(lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)))
    return type_model_from_dict(
        {
            "features": list(feature_names()),
            "types": list(PAGE_TYPES),
            "record": {**record, "params": PARAMS, "rounds": ROUNDS},
            "ensembles": ensembles,
        }
    )


def out_of_site_accuracy(data: Path, pages: Sequence[PageRows], k: int = 5) -> dict[str, float]:
    """Share of pages of each true type given that type by a model that never saw the site."""
    rows = np.vstack([p.type_row for p in pages])
    labels = type_labels(data, pages)
    predicted = np.zeros(len(pages), dtype=np.intp)
    for test in folds(site_groups(pages), k):
        model = fit_types(rows[~test], labels[~test], {})
        predicted[test] = [PAGE_TYPES.index(model.page_type(row)) for row in rows[test]]
    result = {"all": float(np.mean(predicted == labels))}
    for index, name in enumerate(PAGE_TYPES):
        chosen = labels == index
        if chosen.any():
            result[name] = float(np.mean(predicted[chosen] == index))
    return result

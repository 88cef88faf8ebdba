"""Fitting the metadata chooser, and fitting it with whole sites left out.

Data: wcxb-dev, the one set whose gold holds metadata (`title`, `author`,
`publish_date`; aeb and mhb-dev hold only text). Each page is read as `clean_html`
reads it (decode, parse), its candidates gathered and its layout read as
`clean_html` reads them (`cleaners.metadata.page.page_candidates`). A candidate is positive when it
equals the gold under the bench's own comparison (`scraper.bench.metadata.same`);
a page whose gold is empty gives only negatives, which is what teaches the model
to decline.

Per field, one LightGBM binary model (fixed seed, deterministic). Its threshold is
the score that maximises, over the training pages, the pages right (the gold's value
chosen, or nothing chosen where the gold has none) minus `INVENTION_COST` - 1 for
each invented value (`INVENTION_COST`: an invented author or date weighs one and a
half right ones). The scores it is set on are out of fold (an inner k-fold by site), as the
model will meet unseen sites: it abstains where pages it never saw made it invent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cleaners.html import parse
from cleaners.html.charset import decode_html
from cleaners.metadata.choose import FIELDS, FieldModel, MetadataModel, metadata_model_from_dict
from cleaners.metadata.page import PageCandidates, page_candidates
from scraper.bench.metadata import Page, read_page, same, wcxb_pages
from scraper.output import replace_file
from scraper.train.dataset import site_of
from scraper.train.fit import SITE_FOLDS, folds, site_groups
from scraper.train.trees import booster_arrays

SEED = 7
ROUNDS = 60
INNER_FOLDS = 4
INVENTION_COST = {"title": 1.0, "authors": 1.5, "published": 1.5}
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 7,
    "max_depth": 4,
    "min_child_samples": 10,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbose": -1,
    "seed": SEED,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,  # small data: one thread is faster than two contended ones
}
_GOLD = {"title": "title", "authors": "authors", "published": "date"}


@dataclass(frozen=True, slots=True)
class MetaPage:
    """One labelled page: its id, site, gold and candidates."""

    page: Page
    site: str
    found: PageCandidates


@dataclass(frozen=True, slots=True)
class FieldRows:
    """All candidates of one field over some pages, with labels and their page."""

    features: npt.NDArray[np.float32]
    labels: npt.NDArray[np.bool_]
    page: npt.NDArray[np.intp]


def load(data: Path) -> list[MetaPage]:
    """Every wcxb-dev page with its candidates."""
    return [read(page) for page in wcxb_pages(data)]


def read(page: Page) -> MetaPage:
    tree = parse(decode_html(read_page(page), None))
    return MetaPage(page, site_of(page.url), page_candidates(tree, page.url or None))


def gold_of(page: Page, name: str) -> Any:
    return getattr(page.gold, _GOLD[name])


def field_rows(pages: Sequence[MetaPage], name: str) -> FieldRows:
    matrices: list[npt.NDArray[np.float32]] = []
    labels: list[bool] = []
    owners: list[int] = []
    for index, meta in enumerate(pages):
        found = meta.found.of(name)
        truth = gold_of(meta.page, name)
        matrices.append(meta.found.rows(name))
        labels.extend(bool(truth) and same(_GOLD[name], truth, c.value) for c in found)
        owners.extend([index] * len(found))
    return FieldRows(
        features=np.vstack(matrices).astype(np.float32),
        labels=np.array(labels, dtype=np.bool_),
        page=np.array(owners, dtype=np.intp),
    )


def _booster(rows: FieldRows, mask: npt.NDArray[np.bool_], seed: int = SEED) -> Any:
    import lightgbm

    data = lightgbm.Dataset(rows.features[mask], rows.labels[mask].astype(int))
    return lightgbm.train({**PARAMS, "seed": seed}, data, num_boost_round=ROUNDS)


def _page_mask(rows: FieldRows, pages: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    return np.asarray(pages[rows.page], dtype=np.bool_)


def threshold(
    rows: FieldRows,
    scores: npt.NDArray[np.float64],
    gold: npt.NDArray[np.bool_],
    pages: npt.NDArray[np.bool_],
    cost: float,
) -> float:
    """The score that maximises right pages minus the extra cost of inventions."""
    top = np.full(len(gold), -1.0)
    right = np.zeros(len(gold), dtype=np.bool_)
    for row in np.flatnonzero(_page_mask(rows, pages)):
        page = rows.page[row]
        if scores[row] > top[page]:
            top[page], right[page] = scores[row], rows.labels[row]
    best, best_value = 1.0, -np.inf
    for t in np.unique(np.concatenate([top[pages & (top >= 0)], [1.0]])):
        chosen = pages & (top >= t)
        hits = np.sum(chosen & right)
        invented = np.sum(chosen & ~gold)
        kept = np.sum(pages & ~chosen & ~gold)
        value = hits + kept - (cost - 1.0) * invented
        if value > best_value:
            best, best_value = float(t), float(value)
    return best


def fit_field(
    rows: FieldRows,
    name: str,
    train: npt.NDArray[np.bool_],
    sites: npt.NDArray[np.intp],
    gold: npt.NDArray[np.bool_],
    *,
    seed: int = SEED,
) -> FieldModel:
    """One field's model on the pages in `train`; its threshold from out-of-fold scores.
    `seed` draws LightGBM's row and feature samples (the shipped model uses `SEED`)."""
    from cleaners.model import ensemble_from_dict

    scores = np.zeros(len(rows.labels))
    for test in folds(sites[train], INNER_FOLDS):
        inner_test = np.zeros(len(train), dtype=np.bool_)
        inner_test[np.flatnonzero(train)[test]] = True
        held = _page_mask(rows, inner_test)
        if held.any():
            fitted = _booster(rows, _page_mask(rows, train & ~inner_test), seed)
            scores[held] = fitted.predict(rows.features[held])
    cut = threshold(rows, scores, gold, train, INVENTION_COST[name])
    final = _booster(rows, _page_mask(rows, train), seed)
    return FieldModel(ensemble=ensemble_from_dict(booster_arrays(final)), threshold=cut)


def fit(
    pages: Sequence[MetaPage],
    train: npt.NDArray[np.bool_],
    record: dict[str, Any],
    seed: int = SEED,
) -> MetadataModel:
    """A metadata model trained on the pages in `train`."""
    sites = site_groups(pages)
    fields = {}
    for name in FIELDS:
        rows = field_rows(pages, name)
        gold = np.array([bool(gold_of(p.page, name)) for p in pages], dtype=np.bool_)
        fields[name] = fit_field(rows, name, train, sites, gold, seed=seed)
    return MetadataModel(fields=fields, record=record)


def fold_models(
    pages: Sequence[MetaPage], k: int = SITE_FOLDS, seed: int = SEED
) -> dict[str, MetadataModel]:
    """{page id: a model trained without that page's site}, k folds of whole sites."""
    record = record_of(pages, seed)
    result = {}
    for test in folds(site_groups(pages), k):
        model = fit(pages, ~test, record, seed)
        result.update({pages[int(i)].page.id: model for i in np.flatnonzero(test)})
    return result


def record_of(pages: Sequence[MetaPage], seed: int = SEED) -> dict[str, Any]:
    """What a model was trained from: the set, pages, a digest of the gold, settings
    (with the training seed)."""
    digest = hashlib.sha256()
    for meta in pages:
        gold = meta.page.gold
        digest.update(
            f"{meta.page.id}\0{gold.title}\0{sorted(gold.authors)}\0{gold.date}\0".encode()
        )
    return {
        "sets": {"wcxb-dev": len(pages)},
        "gold_sha256": digest.hexdigest(),
        "params": {**PARAMS, "seed": seed},
        "rounds": ROUNDS,
        "inner_folds": INNER_FOLDS,
        "invention_cost": INVENTION_COST,
        "label": "candidate equals the gold under scraper.bench.metadata.same",
        "trainer": "lightgbm",
    }


def default_output() -> Path:
    return Path(__file__).resolve().parents[2] / "cleaners" / "data" / "models" / "metadata.json"


def train(data: Path, target: Path) -> int:
    """Fit on every wcxb-dev page and write the model file; the page count."""
    pages = load(data)
    model = fit(pages, np.ones(len(pages), dtype=np.bool_), record_of(pages))
    text = json.dumps(model.to_dict(), ensure_ascii=False, sort_keys=True)
    metadata_model_from_dict(json.loads(text))  # the file will read back
    replace_file(target, text + "\n")
    return len(pages)

"""`scraper train text-title`: the title line chooser of `clean_text`, from gold titles.

Data: wcxb-dev-dirty, the dirty twins of the one set whose gold holds titles. Each
text is read as `clean_text` reads it (decode, blocks, the shared steps before the
title step), its candidate lines described (`cleaners.metadata.texttitle`) and
labelled: a line is positive when it equals the gold title under the bench's own
comparison (`scraper.bench.metadata.same`).

One LightGBM binary model with the metadata chooser's settings (`scraper.train.metadata
.PARAMS`: fixed seed, deterministic; 100 rounds). Its threshold is the score that
maximises, over the training texts, the titles found minus `WRONG_COST` for each
wrong one (1: a title is given where it is likelier right than wrong); the scores it
is set on are out of fold (an inner k-fold by site), as the model will meet unseen
sites. Out of sample, `fold_models` gives each text a model trained without its site
(`scraper bench metadata` reports both).
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

from cleaners import CleanConfig
from cleaners.encoding import decode_bytes
from cleaners.metadata.texttitle import (
    FEATURES,
    MODEL_FILE,
    TextTitleModel,
    body_start,
    learned_title,
    text_title_model_from_dict,
    title_candidates,
)
from cleaners.model import ensemble_from_dict
from cleaners.pipeline import SHARED_STEPS, run
from cleaners.text import text_draft
from scraper.bench.metadata import Page, dirty_pages, read_page, same
from scraper.train.dataset import site_of
from scraper.train.fit import SITE_FOLDS, folds, site_groups
from scraper.train.metadata import PARAMS  # the metadata chooser's trees: small data alike
from scraper.train.trees import booster_arrays

ROUNDS = 100
INNER_FOLDS = 4
WRONG_COST = 1.0  # a wrong title weighs as much as a right one: pick when likelier right
_BEFORE_TITLE = tuple(step for step in SHARED_STEPS if step is not learned_title)


@dataclass(frozen=True, slots=True)
class TitlePage:
    """One labelled text: its page, site, candidate rows and their labels."""

    page: Page
    site: str
    rows: npt.NDArray[np.float32]
    labels: npt.NDArray[np.bool_]


def read(page: Page) -> TitlePage:
    """A text's candidates as `clean_text` meets them, labelled from its gold title."""
    draft = text_draft(decode_bytes(read_page(page), None), url=page.url or None)
    blocks, kept = draft.given, run(draft, _BEFORE_TITLE).blocks
    rows, indices = title_candidates(blocks, body_start(blocks, kept), page.url or None)
    gold = page.gold.title
    labels = [bool(gold) and same("title", gold, blocks[i].text.strip()) for i in indices]
    return TitlePage(page, site_of(page.url), rows, np.array(labels, dtype=np.bool_))


def load(data: Path) -> list[TitlePage]:
    return [read(page) for page in dirty_pages(data)]


def _booster(pages: Sequence[TitlePage]) -> Any:
    import lightgbm

    used = [p for p in pages if len(p.rows)]
    features = np.vstack([p.rows for p in used])
    labels = np.concatenate([p.labels for p in used]).astype(int)
    return lightgbm.train(PARAMS, lightgbm.Dataset(features, labels), num_boost_round=ROUNDS)


def threshold(tops: Sequence[tuple[float, bool]]) -> float:
    """The score that maximises titles found minus `WRONG_COST` per wrong one, over
    (best score, best is right) per text."""
    best, best_value = 1.0, 0.0
    for cut in sorted({score for score, _right in tops}):
        chosen = [right for score, right in tops if score >= cut]
        value = sum(chosen) - WRONG_COST * (len(chosen) - sum(chosen))
        if value > best_value:
            best, best_value = cut, value
    return best


def _top(booster: Any, page: TitlePage) -> tuple[float, bool]:
    scores = booster.predict(page.rows)
    best = int(np.argmax(scores))
    return float(scores[best]), bool(page.labels[best])


def fit(pages: Sequence[TitlePage], record: dict[str, Any]) -> TextTitleModel:
    """A model on `pages`; its threshold from scores of sites left out (inner folds)."""
    sites = site_groups(pages)
    tops: list[tuple[float, bool]] = []
    for test in folds(sites, INNER_FOLDS):
        booster = _booster([p for p, held in zip(pages, test, strict=True) if not held])
        tops.extend(
            _top(booster, p) for p, held in zip(pages, test, strict=True) if held and len(p.rows)
        )
    final = _booster(pages)
    return TextTitleModel(
        ensemble=ensemble_from_dict(booster_arrays(final)),
        threshold=threshold(tops),
        record=record,
    )


def fold_models(pages: Sequence[TitlePage], k: int = SITE_FOLDS) -> dict[str, TextTitleModel]:
    """{page id: a model trained without that text's site}, k folds of whole sites."""
    record = record_of(pages)
    result = {}
    for test in folds(site_groups(pages), k):
        model = fit([p for p, held in zip(pages, test, strict=True) if not held], record)
        result.update({p.page.id: model for p, held in zip(pages, test, strict=True) if held})
    return result


def fold_configs(data: Path) -> dict[str, CleanConfig]:
    """{page id: the CleanConfig of a model that did not see the text's site}."""
    return {i: CleanConfig(text_title_model=m) for i, m in fold_models(load(data)).items()}


def record_of(pages: Sequence[TitlePage]) -> dict[str, Any]:
    """What a model was trained from: the set, texts, a digest of the gold, settings."""
    digest = hashlib.sha256()
    for page in pages:
        digest.update(f"{page.page.id}\0{page.page.gold.title}\0".encode())
    return {
        "sets": {"wcxb-dev-dirty": len(pages)},
        "gold_sha256": digest.hexdigest(),
        "features": len(FEATURES),
        "params": PARAMS,
        "rounds": ROUNDS,
        "inner_folds": INNER_FOLDS,
        "wrong_cost": WRONG_COST,
        "label": "line equals the gold title under scraper.bench.metadata.same",
        "trainer": "lightgbm",
    }


def default_output() -> Path:
    return Path(__file__).resolve().parents[2] / "cleaners" / "data" / "models" / MODEL_FILE


def train(data: Path, target: Path) -> int:
    """Fit on every wcxb-dev-dirty text and write the model file; the text count."""
    pages = load(data)
    model = fit(pages, record_of(pages))
    text = json.dumps(model.to_dict(), ensure_ascii=False, sort_keys=True)
    target.write_text(text + "\n", encoding="utf-8")
    text_title_model_from_dict(json.loads(text))  # the file reads back
    return len(pages)

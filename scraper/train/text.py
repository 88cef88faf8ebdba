"""`scraper train text`: the text block model from the dirty twins of the labelled sets.

Each dirty text is read as `clean_text` reads it (unescape, segment, header lines
out), the boilerplate step's evidence is gathered (`cleaners.boilerplate.read_evidence`)
and its blocks are labelled from the set's gold text with the metric's matching
(`scraper.train.labels`). The two-stage fit and the folds are the HTML model's
(`scraper.train.fit`); out of sample, each text is cleaned by `clean_text` with a model
that did not see its site (or its set).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from cleaners import CleanConfig, ScraperError, clean_text
from cleaners.boilerplate import read_evidence
from cleaners.encoding import decode_bytes
from cleaners.header import take_header
from cleaners.text import text_draft
from cleaners.textblocks import (
    CONTEXT_FEATURES,
    FEATURES,
    MODEL_FILE,
    TextModel,
    block_features,
    context_features,
    text_model_from_dict,
)
from scraper.bench.data import Case, load_cases, read_input
from scraper.output import replace_file
from scraper.train.dataset import PageRows, site_of
from scraper.train.fit import Rows, drawn_fold_models, fit_stages, record_of, rows_of
from scraper.train.labels import coverage
from scraper.train.trees import booster_arrays

SETS = ("aeb", "mhb-dev", "wcxb-dev")
# The probability from which the model adds a block the rules leave out
# (`cleaners.textblocks`), chosen out of set: see the README's text-path section.
ADD_AT = 0.8
NEVER = 2.0  # an `add_at` no probability reaches: the rules' answer alone
Texts = dict[tuple[str, str], str]  # (set, page id) -> text


def default_output() -> Path:
    return Path(__file__).resolve().parents[2] / "cleaners" / "data" / "models" / MODEL_FILE


def text_rows(set_name: str, case: Case) -> PageRows:
    """One dirty text's blocks, as the boilerplate step sees them, with labels."""
    text = decode_bytes(read_input(case), None)  # as clean_text reads bytes
    blocks = take_header(text_draft(text, url=case.url)).blocks
    ev, span = read_evidence(blocks)
    labels, tokens = coverage([block.text for block in blocks], case.truth)
    return PageRows(
        set_name,
        case,
        site_of(case.url),
        [block.text for block in blocks],
        block_features(ev, span),
        np.zeros((len(blocks), 3), dtype=np.intp),
        labels,
        tokens,
        np.zeros(0, dtype=np.float32),
    )


def load_texts(data: Path, sets: Iterable[str]) -> list[PageRows]:
    return [text_rows(name, case) for name in sets for case in load_cases(data, name, dirty=True)]


def fit_text(rows: Rows, mask: np.ndarray[Any, Any], record: dict[str, Any]) -> TextModel:
    """A two-stage text block model trained on the rows in `mask`."""
    first, second = fit_stages(
        rows, mask, lambda at, p: context_features(rows.features[at], p), record["params"]["seed"]
    )
    return text_model_from_dict(
        {
            "features": list(FEATURES),
            "context_features": list(CONTEXT_FEATURES),
            "add_at": ADD_AT,
            "record": {**record, "add_at": ADD_AT},
            "stages": [booster_arrays(first), booster_arrays(second)],
        }
    )


def train_text(data: Path, out: Path, sets: tuple[str, ...] = SETS) -> int:
    """Fit the text block model on every dirty text of `sets`; returns the text count."""
    import json

    pages = load_texts(data, sets)
    rows = rows_of(pages)
    model = fit_text(rows, np.ones(len(rows.labels), dtype=bool), record_of(pages))
    out.parent.mkdir(parents=True, exist_ok=True)
    replace_file(out, json.dumps(model.to_dict(), separators=(",", ":")))
    return len(pages)


def text_out_of_sample(
    data: Path, sets: Sequence[str], seeds: Sequence[int] = ()
) -> dict[str, Texts]:
    """Each dirty text cleaned by fold models that never saw its site ("by site") or its
    set ("by set"), as shipped (the rules' answer and what the model adds to it), and by
    the rules alone (the model adding nothing: the same whatever the fold). With
    `seeds`, one pair per training seed ("by site, seed 1", ...), the fold models trained
    with that draw of LightGBM's samples (the shipped seed when none is given)."""
    pages = load_texts(data, sets)
    rows = rows_of(pages)
    result: dict[str, Texts] = {}
    for column, models in drawn_fold_models(pages, rows, fit_text, seeds):
        model_of = {page: model for model, held in models for page in held}
        any_model = models[0][0]
        if not result:
            rules = replace(any_model, add_at=NEVER)
            result["rules alone"] = _clean_all(pages, [rules] * len(pages))
        result[column] = _clean_all(pages, [model_of.get(i, any_model) for i in range(len(pages))])
    return result


def _clean_all(pages: Sequence[PageRows], models: Sequence[TextModel]) -> Texts:
    """Each text cleaned with its model (`models[i]` for `pages[i]`)."""
    return {
        (page.set_name, page.case.id): _clean(page.case, CleanConfig(text_model=model))
        for page, model in zip(pages, models, strict=True)
    }


def _clean(case: Case, config: CleanConfig) -> str:
    try:
        return clean_text(read_input(case), url=case.url, config=config).text
    except ScraperError:
        return ""

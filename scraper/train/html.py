"""`scraper train html`: the shipped content model from the labelled HTML sets.

Reads every page of the sets, labels its blocks from the gold text, fits the
two-stage model on all of them and writes `cleaners/data/models/html_blocks.json`
(or `out`). Deterministic: the same data and settings give the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from cleaners.html.content import MODEL_FILE
from cleaners.html.pagetype import MODEL_FILE as TYPE_MODEL_FILE
from scraper.output import replace_file
from scraper.train.dataset import load_pages
from scraper.train.fit import fit, record_of, rows_of
from scraper.train.pagetype import fit_types, type_labels

SETS = ("aeb", "mhb-dev", "wcxb-dev")


def default_output() -> Path:
    return Path(__file__).resolve().parents[2] / "cleaners" / "data" / "models" / MODEL_FILE


def train(data: Path, out: Path, sets: tuple[str, ...] = SETS) -> int:
    """Fit both models on all pages of `sets` and write their files (`out` and the
    page-type model beside it); returns the page count."""
    pages = load_pages(data, sets)
    rows = rows_of(pages)
    record = record_of(pages)
    model = fit(rows, np.ones(len(rows.labels), dtype=bool), record)
    _write(out, model.to_dict())
    type_rows = np.vstack([page.type_row for page in pages])
    types = fit_types(type_rows, type_labels(data, pages), record)
    _write(out.with_name(TYPE_MODEL_FILE), types.to_dict())
    return len(pages)


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, json.dumps(data, separators=(",", ":")))

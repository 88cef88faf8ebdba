"""`scraper train html`: the shipped content model from the labelled HTML sets.

Reads every page of the sets, labels its blocks from the gold text, fits the
two-stage model on all of them and writes `cleaners/data/models/html_blocks.json`
(or `out`). Deterministic: the same data and settings give the same file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from cleaners.html.content import MODEL_FILE
from scraper.train.dataset import load_pages
from scraper.train.fit import fit, record_of, rows_of

SETS = ("aeb", "mhb-dev", "wcxb-dev")


def default_output() -> Path:
    return Path(__file__).resolve().parents[2] / "cleaners" / "data" / "models" / MODEL_FILE


def train(data: Path, out: Path, sets: tuple[str, ...] = SETS) -> int:
    """Fit on all pages of `sets` and write the model file; returns the page count."""
    pages = load_pages(data, sets)
    rows = rows_of(pages)
    model = fit(rows, np.ones(len(rows.labels), dtype=bool), record_of(pages))
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_suffix(".tmp")
    temporary.write_text(json.dumps(model.to_dict(), separators=(",", ":")), encoding="utf-8")
    temporary.replace(out)
    return len(pages)

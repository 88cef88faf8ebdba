"""clean_text's learned boilerplate decision: features, shipped model, deterministic training."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cleaners.boilerplate import read_evidence
from cleaners.draft import Block
from cleaners.textblocks import (
    CONTEXT_FEATURES,
    FEATURES,
    block_features,
    context_features,
    shipped_text_model,
    text_model_from_dict,
)
from scraper.bench.data import Case

TEXTS = Path(__file__).parent.parent / "fixtures" / "text"
COLUMN = {name: i for i, name in enumerate(FEATURES)}


def _rows(*texts: str) -> np.ndarray:  # type: ignore[type-arg]
    ev, span = read_evidence(tuple(Block(text) for text in texts))
    return block_features(ev, span)


def test_features_read_kinds_prose_and_neighbours() -> None:
    prose = (
        "The council voted on Tuesday to close the old bridge for repairs, after engineers "
        "found cracks in two of its supports during a routine inspection."
    )
    rows = _rows("Home", prose, "Related articles", "Share")
    assert rows.shape == (4, len(FEATURES))
    assert rows[1, COLUMN["prose"]] == 1.0 and rows[0, COLUMN["prose"]] == 0.0
    assert rows[2, COLUMN["kind_related"]] == 1.0  # the lexicon's kind is a feature
    assert rows[1, COLUMN["in_span"]] == 1.0 and rows[0, COLUMN["in_span"]] == 0.0
    assert rows[2, COLUMN["prev_prose"]] == 1.0  # the block before it is the prose
    assert rows[0, COLUMN["prev_prose"]] == -1.0  # nothing before the first block


def test_context_features_see_the_confident_run() -> None:
    rows = _rows("a", "b", "c", "d", "e")
    first = np.array([0.1, 0.9, 0.8, 0.9, 0.2])
    context = context_features(rows, first)
    assert context.shape == (5, len(FEATURES) + len(CONTEXT_FEATURES))
    in_run = context[:, len(FEATURES) + CONTEXT_FEATURES.index("in_run")]
    assert in_run.tolist() == [0.0, 1.0, 1.0, 1.0, 0.0]


def test_the_shipped_text_model_matches_the_feature_code() -> None:
    model = shipped_text_model()
    assert model.to_dict()["features"] == list(FEATURES)
    assert model.to_dict()["context_features"] == list(CONTEXT_FEATURES)
    assert model.record["sets"]  # it says what it was trained on


def test_text_training_is_deterministic_and_learns(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("lightgbm")
    from scraper.train import fit
    from scraper.train.text import fit_text, text_rows

    monkeypatch.setattr(fit, "ROUNDS", 15)  # a small model: the same code path, fast
    pages = []
    for expected in sorted(TEXTS.glob("*.json")):
        entry = json.loads(expected.read_text(encoding="utf-8"))
        url = f"https://{expected.stem.replace('_', '-')}.example/a"
        case = Case(expected.stem, url, entry["text"], TEXTS / entry["input"])
        pages.append(text_rows(expected.stem, case))  # each text its own site and set
    rows = fit.rows_of(pages)
    everything = np.ones(len(rows.labels), dtype=bool)
    record = fit.record_of(pages)
    first = fit_text(rows, everything, record).to_dict()
    assert json.dumps(first) == json.dumps(fit_text(rows, everything, record).to_dict())
    trained = text_model_from_dict(first)
    predicted = np.concatenate([trained.probabilities(p.features) >= 0.5 for p in pages])
    accuracy = float(np.average(predicted == rows.labels, weights=rows.weights))
    assert accuracy > 0.9


def test_the_model_only_adds_unnamed_blocks_to_the_rules_answer() -> None:
    from dataclasses import replace

    from cleaners.textblocks import keep_mask

    prose = (
        "The council voted on Tuesday to close the old bridge for repairs, after engineers "
        "found cracks in two of its supports during a routine inspection."
    )
    more = (
        "Residents who attended the meeting were divided, with some praising the plan while "
        "others worried about the detour it would force on the morning traffic for months."
    )
    blocks = tuple(Block(t) for t in ("Home", prose, "Advertisement", more, "Share", "____"))
    ev, span = read_evidence(blocks)
    rules = [kind is None and span.start <= i < span.end for i, kind in enumerate(ev.kinds)]
    model = shipped_text_model()
    assert keep_mask(replace(model, add_at=2.0), ev, span) == rules
    probability = model.probabilities(block_features(ev, span))
    named = [kind is not None for kind in ev.kinds]
    for add_at in (0.0, 0.5, model.add_at):
        kept = keep_mask(replace(model, add_at=add_at), ev, span)
        added = [p >= add_at and not n for p, n in zip(probability, named, strict=True)]
        assert kept == [r or a for r, a in zip(rules, added, strict=True)]
        assert kept[1] and kept[3]  # what the rules keep stays, whatever the model says
        assert not kept[2]  # "Advertisement": the lexicon names it, nothing adds it
        assert not kept[5]  # a line of symbols is named chrome, in the span or out of it

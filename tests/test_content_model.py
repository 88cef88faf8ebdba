"""The learned content model: labels, tree export, numpy inference, deterministic training."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from cleaners.html.content import model_from_dict, shipped_model
from cleaners.html.features import CONTEXT_FEATURES, FEATURES, context_features
from cleaners.model import ensemble_from_dict
from scraper.bench.data import Case
from scraper.train.labels import coverage

lightgbm = pytest.importorskip("lightgbm")

REAL = Path(__file__).parent.parent / "fixtures" / "html" / "real"


def test_labels_follow_the_gold_four_grams() -> None:
    gold = "Intro. The river rose two metres overnight and the town closed its bridge."
    blocks = ["Home", "Intro", "The river rose two metres overnight", "and the town closed its"]
    shares, tokens = coverage(blocks, gold)
    assert shares[0] == 0.0  # a menu item beside the article: no gold 4-gram holds it
    assert shares[1] == 1.0  # a one-word heading of the article: its 4-gram into the text is
    assert shares[2] == shares[3] == 1.0
    assert tokens == [1, 1, 6, 5]


def test_short_gold_is_matched_by_tokens() -> None:
    shares, _ = coverage(["Sold out", "Menu"], "Sold out")
    assert shares == [1.0, 0.0]


def test_exported_trees_predict_what_lightgbm_predicts() -> None:
    from scraper.train.trees import booster_arrays

    rng = np.random.default_rng(3)
    rows = rng.normal(size=(400, 5)).astype(np.float32)
    labels = (rows[:, 0] + rows[:, 1] * rows[:, 2] > 0).astype(int)
    params = {"objective": "binary", "verbose": -1, "seed": 1, "num_threads": 1}
    booster = lightgbm.train(params, lightgbm.Dataset(rows, labels), num_boost_round=20)
    ours = ensemble_from_dict(booster_arrays(booster)).predict(rows)
    np.testing.assert_allclose(ours, booster.predict(rows), rtol=1e-9, atol=1e-12)


def test_the_shipped_model_matches_the_feature_code() -> None:
    model = shipped_model()
    assert model.to_dict()["features"] == list(FEATURES)
    assert model.to_dict()["context_features"] == list(CONTEXT_FEATURES)
    assert model.record["sets"]  # it says what it was trained on


def test_a_block_probability_blends_the_two_stages_by_the_file_s_weight() -> None:
    model = shipped_model()
    assert 0 < model.first_weight < 1
    assert model_from_dict(model.to_dict()).first_weight == model.first_weight
    rng = np.random.default_rng(7)
    rows = rng.random((12, len(FEATURES))).astype(np.float32)
    groups = np.zeros((12, 3), dtype=np.intp)
    first = model.first.predict(rows)
    second = model.second.predict(context_features(rows, first, groups))
    blended = model.probabilities(rows, groups)
    assert np.allclose(blended, model.first_weight * first + (1 - model.first_weight) * second)
    only_second = dataclasses.replace(model, first_weight=0.0).probabilities(rows, groups)
    assert np.allclose(only_second, second) and not np.allclose(only_second, blended)


def _fixture_pages() -> list[object]:
    from scraper.train.dataset import page_rows

    gold = json.loads((REAL / "gold.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in sorted(gold.items()):
        case = Case(page_id, entry["url"], entry["articleBody"], REAL / f"{page_id}.html.gz")
        pages.append(page_rows(entry["set"], case))
    return pages


def test_training_is_deterministic_and_learns(monkeypatch: pytest.MonkeyPatch) -> None:
    from scraper.train import fit

    monkeypatch.setattr(fit, "ROUNDS", 15)  # a small model: the same code path, fast
    pages = _fixture_pages()
    rows = fit.rows_of(pages)  # type: ignore[arg-type]
    everything = np.ones(len(rows.labels), dtype=bool)
    record = fit.record_of(pages)  # type: ignore[arg-type]
    first = fit.fit(rows, everything, record).to_dict()
    second = fit.fit(rows, everything, record).to_dict()
    assert json.dumps(first) == json.dumps(second)
    assert first["record"]["params"]["seed"] == fit.SEED
    # another seed (the bench's --seeds) draws other samples, and its model says so
    drawn = fit.fit(rows, everything, fit.record_of(pages, fit.SEED + 1)).to_dict()  # type: ignore[arg-type]
    assert drawn["record"]["params"]["seed"] == fit.SEED + 1
    assert drawn["stages"] != first["stages"]
    model = fit.model_from_dict(first)
    predicted = np.concatenate(
        [model.probabilities(p.features, p.groups) >= model.decision for p in pages]  # type: ignore[attr-defined]
    )
    accuracy = float(np.average(predicted == rows.labels, weights=rows.weights))
    assert accuracy > 0.9


def test_page_type_rows_match_their_names_and_the_type_is_reported() -> None:
    from cleaners import clean_html
    from cleaners.html.pagetype import PAGE_TYPES, feature_names

    pages = _fixture_pages()
    assert all(len(p.type_row) == len(feature_names()) for p in pages)  # type: ignore[attr-defined]
    gold = json.loads((REAL / "gold.json").read_text(encoding="utf-8"))
    page_id, entry = sorted(gold.items())[0]
    html = gzip.decompress((REAL / f"{page_id}.html.gz").read_bytes())
    document = clean_html(html, url=entry["url"])
    assert document.page_type in PAGE_TYPES
    assert document.to_dict()["page_type"] == document.page_type


def test_page_type_training_is_deterministic() -> None:
    from scraper.train.pagetype import fit_types

    rng = np.random.default_rng(5)
    pages = _fixture_pages()
    rows = np.vstack([p.type_row for p in pages])  # type: ignore[attr-defined]
    labels = rng.integers(0, 3, size=len(pages))
    first = fit_types(rows, labels, {}).to_dict()
    assert json.dumps(first) == json.dumps(fit_types(rows, labels, {}).to_dict())


def test_stacked_page_type_trees_agree_with_the_separate_ensembles() -> None:
    from cleaners.html.pagetype import PAGE_TYPES, shipped_type_model

    model = shipped_type_model()
    for page in _fixture_pages():
        row = page.type_row  # type: ignore[attr-defined]
        scores = [ensemble.predict(row[None, :])[0] for ensemble in model.ensembles]
        assert model.page_type(row) == PAGE_TYPES[int(np.argmax(scores))]


def test_pages_are_held_out_by_whole_sites_and_by_whole_sets() -> None:
    from scraper.train import fit

    @dataclasses.dataclass
    class Page:
        site: str
        set_name: str

    pages = [Page(f"site{i % 7}", "aeb" if i < 12 else "wcxb-dev") for i in range(20)]
    splits = fit.held_out(pages)  # type: ignore[arg-type]
    sites, k = splits["by site"]
    assert k == fit.SITE_FOLDS
    for test in fit.folds(sites, k):  # no site on both sides of a fold
        inside = {p.site for p, held in zip(pages, test, strict=True) if held}
        outside = {p.site for p, held in zip(pages, test, strict=True) if not held}
        assert inside and not inside & outside
    sets, n = splits["by set"]
    assert n == 2
    assert [
        {p.set_name for p, held in zip(pages, t, strict=True) if held} for t in fit.folds(sets, n)
    ] in (
        [{"aeb"}, {"wcxb-dev"}],
        [{"wcxb-dev"}, {"aeb"}],
    )
    assert set(fit.held_out(pages[:12])) == {"by site"}  # type: ignore[arg-type]


def test_figures_drawn_with_several_seeds_get_their_mean_beside_them() -> None:
    from scraper.bench.scoring import with_seed_means

    figures = {"rules alone": 0.5, "by site, seed 7": 0.9, "by site, seed 1": 0.8}
    figures |= {"by set, seed 7": 0.6, "by set, seed 1": 0.7}
    means = with_seed_means(figures)
    assert list(means)[:5] == list(figures)  # the draws first, in their order
    assert means["by site, mean"] == pytest.approx(0.85)
    assert means["by set, mean"] == pytest.approx(0.65)
    assert "rules alone, mean" not in means
    assert with_seed_means({"by site": 0.9}) == {"by site": 0.9}  # one draw: no mean

"""Out-of-sample text for every page: each page cleaned by a model that never saw it.

Two ways of leaving pages out, both used by `scraper bench html`:
- `by site`: k folds of whole sites over all sets (no site's pages on both sides);
- `by set`: one model per set, trained on the other sets only.
Each page then goes through `clean_html` as a user's would, with the fold's model
in its `CleanConfig`, so the figures include every step after the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cleaners import CleanConfig, ScraperError, clean_html
from cleaners.html.content import ContentModel
from scraper.bench.data import read_input
from scraper.train.dataset import PageRows, load_pages
from scraper.train.fit import drawn_fold_models, fit, rows_of

Texts = dict[tuple[str, str], str]  # (set, page id) -> text


def out_of_sample(data: Path, sets: Sequence[str], seeds: Sequence[int] = ()) -> dict[str, Texts]:
    """{"by site": texts, "by set": texts} for every page of `sets`; with `seeds`, one
    pair per training seed ("by site, seed 1", ...), the fold models trained with that
    draw of LightGBM's row and feature samples (the shipped seed when none is given)."""
    pages = load_pages(data, sets)
    rows = rows_of(pages)
    return {
        column: _texts(pages, models)
        for column, models in drawn_fold_models(pages, rows, fit, seeds)
    }


def _texts(pages: Sequence[PageRows], models: Sequence[tuple[ContentModel, set[int]]]) -> Texts:
    model_of = {page: model for model, held in models for page in held}
    texts: Texts = {}
    for index, page in enumerate(pages):
        model = model_of.get(index, models[0][0])  # a page without blocks: any model
        config = CleanConfig(content_model=model)
        texts[(page.set_name, page.case.id)] = _clean(page, config)
    return texts


def _clean(page: PageRows, config: CleanConfig) -> str:
    try:
        return clean_html(read_input(page.case), url=page.case.url, config=config).text
    except ScraperError:
        return ""

"""`scraper train text-title`, `text-date` and `text-authors`: clean_text's line
choosers, from gold metadata.

Data: wcxb-dev-dirty, the dirty twins of the one set whose gold holds titles, dates and
authors; for titles and dates also aeb-dirty and mhb-dev-dirty (news pages, of which
wcxb-dev holds few), whose gold has no metadata: their lines are labelled from the HTML
twin (`LineField.twin_label`): a title line by the twin's own headlines (`og:title`,
`<title>`, the `<h1>`), a date line by the publication date the twin's markup declares.
Each text is read as `clean_text` reads it (decode, blocks, the shared steps before the
field's own step), its candidate lines described (`cleaners.metadata.texttitle`,
`.textdate`, `.textauthors`) and labelled: a line is positive when its value (the line,
the date it prints, the names it gives) equals the gold under the bench's own
comparison (`scraper.bench.metadata.same`); a title line also when it equals the gold
with the site's name cut ("Story" for "Story | Site": the gold keeps the site's name on
some pages and not on others, and a dump's headline line seldom carries it). A text
whose gold has no value gives only negatives, which is what teaches the date and
authors choosers to decline. Each text is read twice, with its URL and without (text
piped in from elsewhere comes without one, and the URL's words are a title's strongest
evidence), and each reading trains a scorer of its own.

Per field and reading, one LightGBM binary model with the metadata chooser's settings
(`scraper.train.metadata.PARAMS`: fixed seed, deterministic; 100 rounds). Its threshold
is the score that maximises, over the training texts, the values found right minus the
field's `cost` for each wrong or invented one (title 1: a title is given where it is
likelier right than wrong; date and authors 1.5, as the HTML chooser weighs an invented
one); the scores it is set on are out of fold (an inner k-fold by site), as the model
will meet unseen sites. Out of sample, `fold_models` gives each text a model trained
without its site (`scraper bench metadata` reports both).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cleaners import CleanConfig
from cleaners.draft import Block, Draft
from cleaners.encoding import decode_bytes
from cleaners.html import parse
from cleaners.html.charset import decode_html
from cleaners.html.structured import linked_data
from cleaners.metadata import textauthors, textdate, texttitle
from cleaners.metadata.candidates import DECLARED_PUBLISHED, date_kind
from cleaners.metadata.page import page_metadata
from cleaners.metadata.textlines import LineModel, Scorer, line_model_from_dict
from cleaners.model import ensemble_from_dict
from cleaners.pipeline import SHARED_STEPS, Step, run
from cleaners.text import text_draft
from scraper.bench.data import load_cases, read_input
from scraper.bench.metadata import (
    TWIN_SETS,
    Found,
    Page,
    dirty_pages,
    is_headline,
    read_page,
    same,
    twin_headlines,
    wcxb_pages,
    without_site_part,
)
from scraper.output import replace_file
from scraper.train.dataset import site_of
from scraper.train.fit import SITE_FOLDS, folds, site_groups
from scraper.train.metadata import (  # the metadata chooser's trees: small data alike
    PARAMS,
    SEED,
)
from scraper.train.trees import booster_arrays

ROUNDS = 100
INNER_FOLDS = 4
# (the features of a text's candidates, the value each candidate gives)
Candidates = tuple[npt.NDArray[np.float32], list[Any]]
# a twin's label for one text: what it is (for the model's record), and which values
# are positives
TwinTruth = tuple[tuple[str, ...], Callable[[Any], bool]]
TwinLabel = Callable[[bytes, str | None], TwinTruth | None]


@dataclass(frozen=True, slots=True)
class LineField:
    """One field a line chooser learns: how its candidates are read, how it is judged."""

    name: str  # the gold's field and the bench's comparison: "title", "date", "authors"
    step: Step  # the field's own step in `clean_text` (the text is read up to it)
    candidates: Callable[[Sequence[Block], Draft, str | None], Candidates]
    features: tuple[str, ...]
    model_file: str
    cost: float  # a wrong or invented value weighs this many right ones
    # a title line may also be the gold with the site's name cut, or one of the page's
    # own headlines (`twin_label` on its HTML twin)
    lenient: bool = False
    # how the dirty texts of sets whose gold has no metadata (`TWIN_SETS`) are labelled
    # from their HTML twin (None: not used)
    twin_label: TwinLabel | None = None
    # whether those texts also set the threshold: only where their labels can say "no
    # value" as the gold can (every twin has headlines; a declared date, only some)
    twins_set_threshold: bool = True

    def matches(self, gold: Any, value: Any, url: str | None = None) -> bool:
        """Whether a candidate's `value` is a positive for `gold`: equal under the
        bench's comparison, or for a title equal to the gold with the site's name cut
        ("Story | Site" gold, "Story" line; `url` names the site): a dump's headline
        line seldom carries the site's name, and a title with the site name cut is what
        the normalizer gives."""
        if not gold:
            return False
        golds = (gold, *without_site_part(gold, url)) if self.lenient else (gold,)
        return any(same(self.name, g, value) for g in golds)


def _titles(given: Sequence[Block], before: Draft, url: str | None) -> Candidates:
    rows, indices = texttitle.title_candidates(given, texttitle.body_start(before), url)
    return rows, [given[i].text.strip() for i in indices]


def _dates(given: Sequence[Block], before: Draft, _url: str | None) -> Candidates:
    body = texttitle.body_start(before)
    title = textdate.title_line(given, before.meta.title)
    rows, printed = textdate.date_candidates(given, body, title)
    return rows, [found.iso for found in printed]


def _authors(given: Sequence[Block], before: Draft, url: str | None) -> Candidates:
    return textauthors.author_candidates(
        given,
        url,
        body=texttitle.body_start(before),
        title=textdate.title_line(given, before.meta.title),
        dated=textdate.date_line(given, before.meta.published),
    )


def headline_label(twin: bytes, url: str | None) -> TwinTruth:
    """A title line's label from the HTML twin: one of its own headlines (`og:title`,
    `<title>`, the `<h1>`, each also with the site's name cut)."""
    headlines = twin_headlines(twin, url)
    return tuple(sorted(headlines)), lambda value: is_headline(value, headlines)


def declared_date_label(twin: bytes, url: str | None) -> TwinTruth | None:
    """A date line's label from the HTML twin: the publication date its markup declares
    (JSON-LD, `<meta>`, microdata) as clean_html chooses it; None where it declares
    none (a page may still print one, so such a text is left out)."""
    tree = parse(decode_html(twin, None))
    meta = page_metadata(tree, linked_data(tree), url)
    source = meta.provenance.get("published")
    if not meta.published or source is None or date_kind(source) not in DECLARED_PUBLISHED:
        return None
    day = meta.published
    return (day,), lambda value: same("date", day, value)


TITLE = LineField(
    name="title",
    step=texttitle.learned_title,
    candidates=_titles,
    features=texttitle.FEATURES,
    model_file=texttitle.MODEL_FILE,
    cost=1.0,
    lenient=True,
    twin_label=headline_label,
)
DATE = LineField(
    name="date",
    step=textdate.learned_date,
    candidates=_dates,
    features=textdate.FEATURES,
    model_file=textdate.MODEL_FILE,
    cost=1.5,
    twin_label=declared_date_label,
    twins_set_threshold=False,
)
AUTHORS = LineField(
    name="authors",
    step=textauthors.learned_authors,
    candidates=_authors,
    features=textauthors.FEATURES,
    model_file=textauthors.MODEL_FILE,
    cost=1.5,
)
FIELDS = {"title": TITLE, "date": DATE, "authors": AUTHORS}


@dataclass(frozen=True, slots=True)
class LinePage:
    """One labelled text, read with its URL or without: its page, site, candidate rows
    and their labels."""

    page: Page
    site: str
    rows: npt.NDArray[np.float32]
    labels: npt.NDArray[np.bool_]
    with_url: bool = True
    set_name: str = "wcxb-dev-dirty"
    twin: tuple[str, ...] | None = None  # what labelled it when its gold has nothing


def read(
    page: Page,
    field: LineField,
    *,
    with_url: bool = True,
    also: Callable[[Any], bool] | None = None,
) -> LinePage:
    """A text's candidates as `clean_text` meets them, labelled from its gold (and
    `also` positive where it says so); read with the text's URL or (`with_url` false)
    without, as a user piping text often does."""
    values, made = _candidates(page, field, with_url=with_url)
    gold = getattr(page.gold, field.name)
    labels = [
        field.matches(gold, value, page.url or None) or (also is not None and also(value))
        for value in values
    ]
    return made(np.array(labels, dtype=np.bool_))


def _candidates(
    page: Page, field: LineField, *, with_url: bool
) -> tuple[list[Any], Callable[..., LinePage]]:
    """The values of a text's candidates, and a maker of its `LinePage` from labels."""
    url = (page.url or None) if with_url else None
    draft = text_draft(decode_bytes(read_page(page), None), url=url)
    steps = SHARED_STEPS[: SHARED_STEPS.index(field.step)]
    rows, values = field.candidates(draft.given, run(draft, steps), url)

    def made(labels: npt.NDArray[np.bool_], **more: Any) -> LinePage:
        return LinePage(page, site_of(page.url), rows, labels, with_url, **more)

    return values, made


def load(data: Path, field: LineField) -> list[LinePage]:
    """Every text twice: with its URL and without (the same site: in the same fold);
    wcxb-dev-dirty's, then those of `TWIN_SETS` where the field learns from them."""
    found: list[LinePage] = []
    html = {page.id: page for page in wcxb_pages(data)} if field.lenient else {}
    for page in dirty_pages(data):
        twin = html.get(page.id)
        also = None
        if twin is not None and field.twin_label is not None:
            truth = field.twin_label(read_page(twin), twin.url or None)
            also = truth[1] if truth else None
        found.extend(read(page, field, with_url=known, also=also) for known in (True, False))
    for name in TWIN_SETS:
        found.extend(_twin_texts(data, name, field))
    return found


def _twin_texts(data: Path, name: str, field: LineField) -> list[LinePage]:
    """The dirty texts of set `name` (its gold holds no metadata), labelled from their
    HTML twin by `field.twin_label`, each read with its URL and without; none when the
    field does not learn from them."""
    if field.twin_label is None:
        return []
    twins = {case.id: case for case in load_cases(data, name, dirty=False)}
    found: list[LinePage] = []
    for case in load_cases(data, name, dirty=True):
        twin = twins.get(case.id)
        truth = field.twin_label(read_input(twin), twin.url or None) if twin else None
        if truth is None:
            continue
        described, positive = truth
        page = Page(id=case.id, url=case.url, path=case.path, gold=Found(), text_input=True)
        for known in (True, False):
            values, made = _candidates(page, field, with_url=known)
            labels = np.array([positive(v) for v in values], dtype=np.bool_)
            found.append(made(labels, set_name=f"{name}-dirty", twin=described))
    return found


def _booster(pages: Sequence[LinePage], seed: int) -> Any:
    import lightgbm

    used = [p for p in pages if len(p.rows)]
    features = np.vstack([p.rows for p in used])
    labels = np.concatenate([p.labels for p in used]).astype(int)
    data = lightgbm.Dataset(features, labels)
    return lightgbm.train({**PARAMS, "seed": seed}, data, num_boost_round=ROUNDS)


def threshold(tops: Sequence[tuple[float, bool]], cost: float) -> float:
    """The score that maximises values found right minus `cost` per wrong or invented
    one, over (best score, best is right) per text."""
    best, best_value = 1.0, 0.0
    for cut in sorted({score for score, _right in tops}):
        chosen = [right for score, right in tops if score >= cut]
        value = sum(chosen) - cost * (len(chosen) - sum(chosen))
        if value > best_value:
            best, best_value = cut, value
    return best


def _top(booster: Any, page: LinePage) -> tuple[float, bool]:
    scores = booster.predict(page.rows)
    best = int(np.argmax(scores))
    return float(scores[best]), bool(page.labels[best])


def fit(
    pages: Sequence[LinePage], field: LineField, record: dict[str, Any], seed: int = SEED
) -> LineModel:
    """A model on `pages`: one scorer on the texts read with their URL, one on those
    read without (`scorer`). `seed` draws LightGBM's row and feature samples (the
    shipped model uses `SEED`)."""
    with_url, without_url = (
        scorer([p for p in pages if p.with_url is known], field, seed) for known in (True, False)
    )
    return LineModel(
        features=field.features, with_url=with_url, without_url=without_url, record=record
    )


def scorer(pages: Sequence[LinePage], field: LineField, seed: int = SEED) -> Scorer:
    """Trees on `pages`; their threshold from scores of sites left out (inner folds)."""
    if not any(len(p.rows) for p in pages):
        raise ValueError(f"no {field.name} candidates to train on (each text is read twice)")
    sites = site_groups(pages)
    tops: list[tuple[float, bool]] = []
    for test in folds(sites, INNER_FOLDS):
        booster = _booster([p for p, held in zip(pages, test, strict=True) if not held], seed)
        tops.extend(
            _top(booster, p)
            for p, held in zip(pages, test, strict=True)
            if held and len(p.rows) and (p.twin is None or field.twins_set_threshold)
        )
    final = _booster(pages, seed)
    return Scorer(
        ensemble=ensemble_from_dict(booster_arrays(final)), threshold=threshold(tops, field.cost)
    )


def fold_models(
    pages: Sequence[LinePage], field: LineField, k: int = SITE_FOLDS, seed: int = SEED
) -> dict[str, LineModel]:
    """{page id: a model trained without that text's site}, k folds of whole sites."""
    record = record_of(pages, field, seed)
    result = {}
    for test in folds(site_groups(pages), k):
        kept = [p for p, held in zip(pages, test, strict=True) if not held]
        model = fit(kept, field, record, seed)
        result.update({p.page.id: model for p, held in zip(pages, test, strict=True) if held})
    return result


def fold_configs(data: Path, seed: int = SEED) -> dict[str, CleanConfig]:
    """{page id: the CleanConfig whose line models did not see the text's site}."""
    title, date, authors = (
        fold_models(load(data, f), f, seed=seed) for f in (TITLE, DATE, AUTHORS)
    )
    return {  # a twin text a field did not learn from gets its shipped model, which
        i: CleanConfig(  # never saw it either
            text_title_model=title[i],
            text_date_model=date.get(i),
            text_authors_model=authors.get(i),
        )
        for i in title
    }


def record_of(pages: Sequence[LinePage], field: LineField, seed: int = SEED) -> dict[str, Any]:
    """What a model was trained from: the set, texts, a digest of the gold, settings
    (with the training seed)."""
    digest = hashlib.sha256()
    texts = [page for page in pages if page.with_url]  # each text is read twice
    sets: dict[str, int] = {}
    for page in texts:
        gold = getattr(page.page.gold, field.name) if page.twin is None else page.twin
        value = gold if isinstance(gold, str) or gold is None else sorted(gold)
        digest.update(f"{page.page.id}\0{value}\0".encode())
        sets[page.set_name] = sets.get(page.set_name, 0) + 1
    return {
        "sets": sets,
        "read": "each text with its URL (the with_url scorer) and without (without_url)",
        "gold_sha256": digest.hexdigest(),
        "features": len(field.features),
        "params": {**PARAMS, "seed": seed},
        "rounds": ROUNDS,
        "inner_folds": INNER_FOLDS,
        "cost": field.cost,
        "label": f"value equals the gold {field.name} under scraper.bench.metadata.same"
        + (
            ", or the gold with the site's name cut (without_site_part), or one of the"
            " page's own headlines (its HTML twin's)"
            if field.lenient
            else ""
        )
        + (
            f"; texts of {', '.join(TWIN_SETS)}: {field.twin_label.__name__}"
            if field.twin_label
            else ""
        ),
        "trainer": "lightgbm",
    }


def default_output(field: LineField) -> Path:
    return Path(__file__).resolve().parents[2] / "cleaners" / "data" / "models" / field.model_file


def train(data: Path, target: Path, field: LineField) -> int:
    """Fit on every wcxb-dev-dirty text and write the model file; the text count."""
    pages = load(data, field)
    model = fit(pages, field, record_of(pages, field))
    text = json.dumps(model.to_dict(), ensure_ascii=False, sort_keys=True)
    line_model_from_dict(json.loads(text), field.features)  # the file will read back
    replace_file(target, text + "\n")
    return len({page.page.id for page in pages})

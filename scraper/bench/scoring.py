"""The standard extraction metric.

Tokens are `\\w+` matches; shingles are token 4-grams with counts. Per page,
tp = sum of min(true, predicted) counts, fp and fn the excesses; precision and recall
per page (1 when both sides have no shingles), averaged over pages; F1 from the means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
_N = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < _N:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + _N]) for i in range(len(tokens) - _N + 1))


def page_scores(truth: str, predicted: str) -> tuple[float, float]:
    """(precision, recall) of `predicted` against `truth` for one page."""
    gold, pred = shingles(truth), shingles(predicted)
    if not gold and not pred:
        return 1.0, 1.0
    tp = sum((gold & pred).values())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(pairs: Iterable[tuple[str, str]]) -> Score:
    """Mean precision and recall over `(truth, predicted)` pairs."""
    precisions, recalls = [], []
    for truth, predicted in pairs:
        p, r = page_scores(truth, predicted)
        precisions.append(p)
        recalls.append(r)
    n = len(precisions)
    if not n:
        return Score(0.0, 0.0, 0)
    return Score(sum(precisions) / n, sum(recalls) / n, n)


_SEED = ", seed "


def seed_column(name: str, seed: int, seeds: Sequence[int]) -> str:
    """The column (or row) of figures drawn with training seed `seed`: `name` alone when
    no seeds were asked for (the shipped seed), else "by site, seed 7"."""
    return f"{name}{_SEED}{seed}" if seeds else name


def with_seed_means(figures: dict[str, float]) -> dict[str, float]:
    """`figures` by column, and where columns were drawn with several training seeds
    (`seed_column`: "by site, seed 7", "by site, seed 1", ...) their mean as one more
    column ("by site, mean"): the figure to quote, beside the spread of the draws."""
    drawn: dict[str, list[float]] = {}
    for column, value in figures.items():
        name, seeded, _seed = column.partition(_SEED)
        if seeded:
            drawn.setdefault(name, []).append(value)
    means = {f"{name}, mean": sum(values) / len(values) for name, values in drawn.items()}
    return {**figures, **means}

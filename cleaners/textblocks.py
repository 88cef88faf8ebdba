"""Boilerplate in dirty text, decided by a learned block scorer.

The boilerplate step (`cleaners.boilerplate`) reads each block's evidence: its
statistics, the kind the lexicons give it, its prose score and whether it lies in
the body span. Those, and generic facts of the text (digits, capitals, separators,
position, neighbours), are this module's `FEATURES`. A two-stage tree ensemble
(`cleaners/data/models/text_blocks.json`, retrained by `scraper train text`) turns
them into each block's probability of being article text: stage one from the
features, stage two adding what stage one said around the block.

The decision: the hand rules' answer (a block in the body span that no lexicon names)
stands, and the model adds to it: a block the rules leave out is kept when the model
gives it at least `add_at` (recorded in the model file). A block a lexicon or the code
check names stays removed whatever the model says. The model only adds: out of sample
(the README's text-path section has the figures) that gains on the modern pages, where
it finds the list items, posts and short paragraphs the rules' body span leaves out, is
about even with the rules on news, and costs no set when the model has not seen its
kind. Letting it remove what the rules keep as well helped news by site but cost the
modern pages when it had not seen their kind, and removed a dated line and subheadings
readers keep.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from cleaners.blockstats import Stats
from cleaners.body import best_run
from cleaners.document import RemovalKind
from cleaners.lexicon import TERMINAL_KINDS
from cleaners.model import TreeEnsemble, ensemble_from_dict, read_model_file
from cleaners.textstats import CJK_CHAR

if TYPE_CHECKING:
    from cleaners.body import Evidence

MODEL_FILE = "text_blocks.json"

# The kinds a block may carry into the model (lexicon kinds and the step's own).
KINDS: tuple[RemovalKind, ...] = (
    "ad",
    "author_box",
    "byline",
    "caption",
    "code",
    "comment_policy",
    "comments",
    "correction",
    "credit",
    "disclaimer",
    "donation",
    "end_mark",
    "newsletter",
    "pagination",
    "paywall",
    "player",
    "related",
    "repeated",
    "source",
    "tags",
    "widget",
)

# The block's own text facts (`_text_facts` fills them, in this order), in two parts:
# the page's script gap sits between them in the feature order.
_TEXT_FACTS = (
    "log_chars",
    "log_weight",
    "log_words",
    "log_sentences",
    "ends_sentence",
    "full_stop",
    "bullet",
    "ui_share",
    "has_letters",
    "prose",
    "digit_share",
    "upper_share",
    "punct_share",
    "cjk_share",
)
_TEXT_MARKS = ("separators", "has_url", "ends_colon")
_BLOCK = (
    *_TEXT_FACTS,
    "script_gap",
    *_TEXT_MARKS,
    "tag_li",
    "tag_h",
    "indent",
    "at_body_indent",
    "kind_any",
    *(f"kind_{kind}" for kind in KINDS),
    "repeats",
    "score",
    "in_span",
    "span_distance",
    "after_terminal",
    "after_comments",
    "prose_before",
    "prose_after",
    "position",
    "weight_before",
    "log_blocks",
    "log_page_weight",
    "span_share",
)
_NEIGHBOURS = ("log_weight", "prose", "kind_any", "bullet", "ends_sentence", "score")
FEATURES: tuple[str, ...] = (
    *_BLOCK,
    *(f"prev_{name}" for name in _NEIGHBOURS),
    *(f"next_{name}" for name in _NEIGHBOURS),
)
CONTEXT_FEATURES: tuple[str, ...] = (
    "p",
    "p_prev1",
    "p_next1",
    "p_prev2",
    "p_next2",
    "p_window",
    "p_max",
    "p_mean",
    "kept_before",
    "kept_after",
    "in_run",
    "run_distance",
)

_WINDOW = 3  # blocks each side whose stage-one answers are averaged
_FULL_STOP = re.compile(r"[.!?。！？…]['\"”’»)）]*$")
_SEPARATORS = re.compile(r"\s[|•·/]\s")
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net)\b")
_PUNCT = re.compile(r"[^\w\s]")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-ZÀ-Þ]")
_LETTER = re.compile(r"[^\W\d_]")
_INDEX = {name: i for i, name in enumerate(FEATURES)}


@dataclass(frozen=True, slots=True)
class Span:
    """The hand rules' body span [start, end) and the repeat counts of short blocks."""

    start: int
    end: int
    repeats: tuple[int, ...]


def block_features(ev: Evidence, span: Span) -> npt.NDArray[np.float32]:
    """One row of `FEATURES` per block of `ev`."""
    n = len(ev)
    out = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if not n:
        return out
    weights = np.array([st.weight for st in ev.sts], dtype=np.float64)
    prose = np.array([st.prose and ev.kinds[i] is None for i, st in enumerate(ev.sts)])
    body_indent = _body_indent(ev, prose, weights)
    terminal = np.cumsum([kind in TERMINAL_KINDS for kind in ev.kinds])
    prose_weight = np.where(prose, weights, 0.0)
    prose_before = np.concatenate(([0.0], np.cumsum(prose_weight)[:-1]))
    total = max(1.0, float(weights.sum()))
    span_weight = float(weights[span.start : span.end].sum())
    before = np.concatenate(([0.0], np.cumsum(weights)[:-1]))
    blocks, kinds = ev.blocks, ev.kinds
    out[:, _TEXT_INDEX] = [_text_facts(b.text, st) for b, st in zip(blocks, ev.sts, strict=True)]
    out[:, _INDEX["tag_li"]] = [b.tag == "li" for b in blocks]
    out[:, _INDEX["tag_h"]] = [b.tag == "h" for b in blocks]
    out[:, _INDEX["indent"]] = [min(b.indent, 40) for b in blocks]
    out[:, _INDEX["at_body_indent"]] = [b.indent == body_indent for b in blocks]
    out[:, _INDEX["kind_any"]] = [kind is not None for kind in kinds]
    for i, kind in enumerate(kinds):
        if kind in _KIND_INDEX:
            out[i, _KIND_INDEX[kind]] = 1.0
    out[:, _INDEX["repeats"]] = [min(r, 20) for r in span.repeats]
    out[:, _INDEX["score"]] = [max(-50.0, min(score, 800.0)) for score in ev.scores]
    index = np.arange(n)
    out[:, _INDEX["in_span"]] = (index >= span.start) & (index < span.end)
    out[:, _INDEX["span_distance"]] = [_distance(i, span.start, span.end) / n for i in range(n)]
    opened = terminal[span.start - 1] if span.start else 0
    out[:, _INDEX["after_terminal"]] = (terminal - opened > 0) & (index >= span.start)
    out[:, _INDEX["after_comments"]] = _after_comments(kinds, span.start)
    prose_total = prose_weight.sum()
    out[:, _INDEX["prose_before"]] = [math.log1p(x) for x in prose_before]
    out[:, _INDEX["prose_after"]] = [math.log1p(prose_total - x) for x in prose_before]
    out[:, _INDEX["position"]] = [i / n for i in range(n)]
    out[:, _INDEX["weight_before"]] = before / total
    out[:, _INDEX["log_blocks"]] = math.log1p(n)
    out[:, _INDEX["log_page_weight"]] = math.log1p(total)
    out[:, _INDEX["span_share"]] = span_weight / total
    cjk = out[:, _INDEX["cjk_share"]]
    body = slice(span.start, span.end) if span_weight > 0 else slice(None)  # else the page
    main = float(np.dot(weights[body], cjk[body]) / max(1.0, weights[body].sum()))
    out[:, _INDEX["script_gap"]] = np.abs(cjk - main)
    _neighbours(out)
    return out


_KIND_INDEX = {kind: _INDEX[f"kind_{kind}"] for kind in KINDS}


def _after_comments(kinds: list[RemovalKind | None], start: int) -> list[bool]:
    """Per block: is the last block ending the article before it (from the body span's
    start on) a comments heading? What follows "Comments" is readers' talk (or a
    thread's posts); what follows a related-reading box or a tag line inside the
    article is often the article going on. `after_terminal` does not tell them apart."""
    last: RemovalKind | None = None
    found = [False] * len(kinds)
    for i in range(start, len(kinds)):
        found[i] = last == "comments"
        if kinds[i] in TERMINAL_KINDS:
            last = kinds[i]
    return found


_TEXT_INDEX = [_INDEX[name] for name in (*_TEXT_FACTS, *_TEXT_MARKS)]


def _text_facts(text: str, st: Stats) -> tuple[float, ...]:
    """The block's own text facts: `_TEXT_FACTS`, then `_TEXT_MARKS`, in order."""
    chars = max(1, len(text))
    letters = len(_LETTER.findall(text)) if len(text) < 4000 else chars
    sample = text[:2000]
    size = max(1, len(sample))
    return (
        math.log1p(len(text)),
        math.log1p(st.weight),
        math.log1p(st.words),
        math.log1p(st.sentences),
        st.ends_sentence,
        _FULL_STOP.search(text) is not None,
        st.bullet,
        st.ui_share,
        st.has_letters,
        st.prose,
        len(_DIGIT.findall(sample)) / size,
        len(_UPPER.findall(sample)) / max(1, min(letters, size)),
        len(_PUNCT.findall(sample)) / size,
        len(CJK_CHAR.findall(sample)) / size,
        min(len(_SEPARATORS.findall(sample)), 10),
        _URL.search(sample) is not None,
        text.rstrip().endswith((":", "：")),
    )


def _body_indent(
    ev: Evidence, prose: npt.NDArray[np.bool_], weights: npt.NDArray[np.float64]
) -> int:
    totals: dict[int, float] = {}
    for i, block in enumerate(ev.blocks):
        if prose[i]:
            totals[block.indent] = totals.get(block.indent, 0.0) + float(weights[i])
    return max(totals, key=lambda k: totals[k]) if totals else -1


def _distance(i: int, start: int, end: int) -> int:
    return start - i if i < start else (i - end + 1 if i >= end else 0)


def _neighbours(out: npt.NDArray[np.float32]) -> None:
    columns = [_INDEX[name] for name in _NEIGHBOURS]
    prev = [_INDEX[f"prev_{name}"] for name in _NEIGHBOURS]
    nxt = [_INDEX[f"next_{name}"] for name in _NEIGHBOURS]
    out[:, prev] = -1.0
    out[:, nxt] = -1.0
    if len(out) > 1:
        out[1:, prev] = out[:-1, columns]
        out[:-1, nxt] = out[1:, columns]


def context_features(
    rows: npt.NDArray[np.float32], first: npt.NDArray[np.float64]
) -> npt.NDArray[np.float32]:
    """Stage-two rows: `FEATURES` plus what stage one (`first`) said around each block."""
    n = len(first)
    context = np.zeros((n, len(CONTEXT_FEATURES)), dtype=np.float32)
    if not n:
        return np.hstack([rows, context])
    padded = np.concatenate(([-1.0, -1.0], first, [-1.0, -1.0]))
    weights = np.expm1(rows[:, _INDEX["log_weight"]].astype(np.float64))
    kept = np.where(first >= 0.5, weights, 0.0)
    total = max(1.0, float(kept.sum()))
    kept_before = np.concatenate(([0.0], np.cumsum(kept)[:-1]))
    start, end = best_run(((first - 0.5) * np.maximum(weights, 1.0)).tolist())
    sums = np.concatenate(([0.0], np.cumsum(first)))
    low = np.clip(np.arange(n) - _WINDOW, 0, n)
    high = np.clip(np.arange(n) + _WINDOW + 1, 0, n)
    window = (sums[high] - sums[low]) / (high - low)
    context[:, 0] = first
    context[:, 1] = padded[1 : n + 1]
    context[:, 2] = padded[3 : n + 3]
    context[:, 3] = padded[0:n]
    context[:, 4] = padded[4 : n + 4]
    context[:, 5] = window
    context[:, 6] = first.max()
    context[:, 7] = first.mean()
    context[:, 8] = kept_before / total
    context[:, 9] = (total - kept_before - kept) / total
    index = np.arange(n)
    context[:, 10] = (index >= start) & (index < end)
    context[:, 11] = [_distance(i, start, end) / n for i in range(n)]
    return np.hstack([rows, context])


@dataclass(frozen=True, slots=True, kw_only=True)
class TextModel:
    """Two stages: block features, then the same with stage one's answers around them."""

    first: TreeEnsemble
    second: TreeEnsemble
    add_at: float  # a block the rules leave out is kept from this probability on
    record: dict[str, Any]

    def probabilities(
        self, rows: npt.NDArray[np.float32], only: npt.NDArray[np.intp] | None = None
    ) -> npt.NDArray[np.float64]:
        """Each block's probability of being article text; of the blocks `only` (their
        indices) when given: stage one reads every block, stage two just those."""
        if not len(rows):
            return np.zeros(0)
        context = context_features(rows, self.first.predict(rows))
        return self.second.predict(context if only is None else context[only])

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "context_features": list(CONTEXT_FEATURES),
            "add_at": self.add_at,
            "record": self.record,
            "stages": [self.first.to_dict(), self.second.to_dict()],
        }


def text_model_from_dict(data: dict[str, Any]) -> TextModel:
    """A `TextModel` from its file's JSON; the feature lists must match this code."""
    if tuple(data["features"]) != FEATURES or tuple(data["context_features"]) != CONTEXT_FEATURES:
        raise ValueError("the text block model and the feature code disagree: retrain it")
    first, second = (ensemble_from_dict(stage) for stage in data["stages"])
    return TextModel(
        first=first,
        second=second,
        add_at=float(data["add_at"]),
        record=data["record"],
    )


@cache
def shipped_text_model() -> TextModel:
    """The shipped text block model, loaded once per process."""
    return text_model_from_dict(read_model_file(MODEL_FILE))


def keep_mask(model: TextModel, ev: Evidence, span: Span) -> list[bool]:
    """Which blocks are article text: the rules' answer (in the body span, named by no
    lexicon), and the unnamed blocks outside it that the model gives `add_at` or more."""
    unnamed = np.array([kind is None for kind in ev.kinds], dtype=bool)
    keep = unnamed.copy()
    keep[: span.start] = False
    keep[span.end :] = False
    candidates = np.flatnonzero(unnamed & ~keep)
    if model.add_at <= 1.0 and len(candidates):  # above 1 the model adds nothing
        probability = model.probabilities(block_features(ev, span), candidates)
        keep[candidates] = probability >= model.add_at
    return [bool(kept) for kept in keep]

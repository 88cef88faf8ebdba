"""`scraper bench text`: clean_text on the dirty sets, next to jusText in the same run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaners import Rejected, clean_text, detect_language
from scraper.bench.data import iter_inputs, load_cases
from scraper.bench.scoring import Score, score, with_seed_means

SETS = ("aeb", "mhb-dev", "wcxb-dev")


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    score: Score
    median_ms: float
    total_s: float


def _ours(text: str, url: str) -> str:
    try:
        return clean_text(text, url=url).text
    except Rejected:  # no article: scored as an empty answer
        return ""


def _justext(text: str, url: str) -> str:
    """jusText's classifier on the lines of the text, with the stoplist of its language."""
    import justext

    stoplist = _stoplist(detect_language(text) or "en")
    html = "".join(f"<p>{_escape(line)}</p>" for line in text.splitlines() if line.strip())
    if not html:
        return ""  # no line with text: jusText's parser would raise on the empty page
    paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


_LANGUAGES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "pl": "Polish",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
    "ru": "Russian",
    "tr": "Turkish",
    "id": "Indonesian",
    "ko": "Korean",
    "ja": "Japanese",
    "ar": "Arabic",
    "fa": "Persian",
}


@lru_cache(maxsize=32)
def _stoplist(code: str) -> frozenset[str]:
    import justext

    try:
        return frozenset(justext.get_stoplist(_LANGUAGES.get(code, "English")))
    except ValueError:
        return frozenset(justext.get_stoplist("English"))


def _escape(line: str) -> str:
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _measure(
    name: str, func: Callable[[str, str], str], inputs: list[tuple[str, str, str]]
) -> Result:
    pairs, times = [], []
    start = time.perf_counter()
    for truth, text, url in inputs:
        t0 = time.perf_counter()
        predicted = func(text, url)
        times.append((time.perf_counter() - t0) * 1000)
        pairs.append((truth, predicted))
    total = time.perf_counter() - start
    return Result(name, score(pairs), statistics.median(times), total)


def run(data: Path, sets: tuple[str, ...] = SETS, peers: bool = True) -> dict[str, list[Result]]:
    """Score and time clean_text (and peers) on each dirty set."""
    results: dict[str, list[Result]] = {}
    for name in sets:
        cases = load_cases(data, name, dirty=True)
        inputs = [(c.truth, raw.decode("utf-8"), c.url) for c, raw in iter_inputs(cases)]
        _ours(inputs[0][1], inputs[0][2])  # warm-up: lexicons and language model load once
        rows = [_measure("scraper clean_text", _ours, inputs)]
        if peers:
            rows.append(_measure("as-is", lambda text, url: text, inputs))
            rows.append(_measure("jusText (lines)", _justext, inputs))
        results[name] = rows
    return results


def format_results(results: dict[str, list[Result]]) -> str:
    """A table per set; `x ours` is each tool's total time over ours (above 1: slower)."""
    lines = []
    for name, rows in results.items():
        ours = rows[0]
        lines.append(f"{name}-dirty ({ours.score.pages} texts)")
        lines.append(
            f"  {'tool':22} {'F1':>6} {'prec':>6} {'recall':>6} {'ms/doc':>8} {'docs/s':>8}"
            f" {'x ours':>7}"
        )
        for row in rows:
            s = row.score
            rate = s.pages / row.total_s if row.total_s else float("inf")
            ratio = row.total_s / ours.total_s if ours.total_s else float("inf")
            lines.append(
                f"  {row.name:22} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} "
                f"{row.median_ms:8.2f} {rate:8.1f} {ratio:7.2f}"
            )
        lines.append("")
    return "\n".join(lines)


def out_of_set(
    data: Path, sets: tuple[str, ...], results: dict[str, list[Result]], seeds: Sequence[int] = ()
) -> str:
    """The out-of-sample table: the rules alone, and text block models trained without the
    text's site or set adding to the rules' answer as shipped; with `seeds`, those
    columns once per training seed and their mean."""
    from scraper.train.text import text_out_of_sample

    texts = text_out_of_sample(data, sets, seeds)
    table = []
    for name in sets:
        cases = load_cases(data, name, dirty=True)
        found = {
            column: score((c.truth, texts[column][(name, c.id)]) for c in cases).f1
            for column in texts
        }
        table.append((name, with_seed_means(found)))
    columns = list(table[0][1]) if table else []
    width = max([16, *map(len, columns)])
    lines = [
        "out of sample (F1; each text cleaned by models that never saw its site / its set)",
        f"  {'set':16} "
        + " ".join(f"{name:>{width}}" for name in columns)
        + f" {'in-set':>8} {'jusText':>8}",
    ]
    for name, found in table:
        figures = [found[column] for column in columns]
        rows = {row.name: row.score.f1 for row in results.get(name, [])}
        inset = rows.get("scraper clean_text", float("nan"))
        peer = rows.get("jusText (lines)", float("nan"))
        lines.append(
            f"  {name + '-dirty':16} "
            + " ".join(f"{f:{width}.3f}" for f in figures)
            + f" {inset:8.3f} {peer:8.3f}"
        )
    return "\n".join(lines)

"""`scraper bench html`: clean_html on the HTML sets, next to trafilatura in the same run.

All tools get the same page bytes and URL in the same process. They are
interleaved page by page (the order rotates from page to page), so a burst of
load from other programs on a shared machine falls on every tool alike. Each
call is timed twice: wall clock and CPU time of the process (steadier when the
machine is busy). Before timing, every tool runs over the first `WARM_UP` pages
so that imports, word lists and models loaded on first use are not counted.

Figures: shingle F1/precision/recall (`scraper.bench.scoring`), median, p99 and
slowest wall ms/page, CPU ms/page, pages/s, and the ratio of pages/s to
trafilatura's by wall clock and by CPU time; for wcxb-dev, the same per page type.

Then the out-of-sample table (`scraper.train.evaluate`): each page cleaned by a
content model trained without its site (5 folds by site over all sets) and without
its set, beside the shipped model's (in-set) figure and trafilatura's. The
out-of-set figures are the ones to quote; in-set minus out-of-set shows how much
the shipped model knows its own training pages.
"""

from __future__ import annotations

import math
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleaners import Rejected, clean_html
from scraper.bench.data import iter_inputs, load_cases, type_groups
from scraper.bench.scoring import Score, score, with_seed_means

SETS = ("aeb", "mhb-dev", "wcxb-dev")
WARM_UP = 20  # pages each tool sees before timing starts

Extractor = Callable[[bytes, str], str]
Inputs = list[tuple[str, bytes, str]]  # (gold text, page bytes, URL)


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    score: Score
    median_ms: float
    p99_ms: float
    max_ms: float
    total_s: float
    cpu_s: float

    @property
    def pages_per_s(self) -> float:
        return self.score.pages / self.total_s if self.total_s else float("inf")

    @property
    def cpu_ms(self) -> float:
        return self.cpu_s * 1000 / self.score.pages if self.score.pages else 0.0


def ours(page: bytes, url: str) -> str:
    try:
        return clean_html(page, url=url).text
    except Rejected:  # no article: scored as an empty answer
        return ""


def trafilatura_default(page: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(page, url=url) or ""


def trafilatura_precision(page: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(page, url=url, favor_precision=True) or ""


TOOLS: tuple[tuple[str, Extractor], ...] = (
    ("scraper clean_html", ours),
    ("trafilatura", trafilatura_default),
    ("trafilatura precision", trafilatura_precision),
)


@dataclass(slots=True)
class _Tally:
    """What one tool produced and took, page by page."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)

    def result(self, name: str, pages: Sequence[int] | None = None) -> Result:
        """The figures over `pages` (indices; all pages by default)."""
        chosen = range(len(self.pairs)) if pages is None else pages
        wall = sorted(self.wall_ms[i] for i in chosen)
        return Result(
            name,
            score(self.pairs[i] for i in chosen),
            statistics.median(wall),
            wall[min(len(wall) - 1, int(len(wall) * 0.99))],
            wall[-1],
            sum(wall) / 1000,
            sum(self.cpu_s[i] for i in chosen),
        )


def _time_one(func: Extractor, truth: str, page: bytes, url: str, tally: _Tally) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    predicted = func(page, url)
    tally.cpu_s.append(time.process_time() - cpu)
    tally.wall_ms.append((time.perf_counter() - wall) * 1000)
    tally.pairs.append((truth, predicted))


def measure(
    tools: tuple[tuple[str, Extractor], ...], inputs: Inputs, groups: dict[str, list[int]]
) -> dict[str, list[Result]]:
    """Score and time every tool on `inputs`, interleaved page by page.

    `groups` names subsets of the pages (by index) reported on their own as well.
    """
    tallies = [_Tally() for _ in tools]
    for index, (truth, page, url) in enumerate(inputs):
        for turn in range(len(tools)):
            which = (index + turn) % len(tools)
            _time_one(tools[which][1], truth, page, url, tallies[which])
    named: dict[str, list[int] | None] = {"": None, **groups}
    names = [name for name, _func in tools]
    return {
        label: [tally.result(name, pages) for name, tally in zip(names, tallies, strict=True)]
        for label, pages in named.items()
    }


def run(data: Path, sets: tuple[str, ...] = SETS) -> dict[str, list[Result]]:
    """Score and time every tool of `TOOLS` on each set (and wcxb-dev's page types)."""
    results: dict[str, list[Result]] = {}
    for name in sets:
        cases = load_cases(data, name, dirty=False)
        inputs = [(c.truth, page, c.url) for c, page in iter_inputs(cases)]
        for _label, func in TOOLS:  # warm-up: imports, lexicons, models load once
            for _truth, page, url in inputs[:WARM_UP]:
                func(page, url)
        groups = type_groups(data, name, cases)
        for label, rows in measure(TOOLS, inputs, groups).items():
            results[label or name] = rows
    return results


def peak_memory_mb() -> float:
    """Peak resident memory of this process in MiB (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def format_results(results: dict[str, list[Result]]) -> str:
    lines = []
    for name, rows in results.items():
        lines.append(f"{name} ({rows[0].score.pages} pages)")
        lines.append(
            f"  {'tool':22} {'F1':>6} {'prec':>6} {'recall':>6} {'ms/page':>8} {'p99 ms':>7} "
            f"{'max ms':>8} {'cpu ms':>7} {'pages/s':>8} {'ratio':>6} {'cpu ratio':>9}"
        )
        peer = next((r for r in rows if r.name == "trafilatura"), rows[0])
        for row in rows:
            lines.append(_format_row(row, peer))
        lines.append("")
    lines.append(f"peak memory (whole process): {peak_memory_mb():.0f} MiB")
    return "\n".join(lines)


def _format_row(row: Result, peer: Result) -> str:
    s = row.score
    ratio = row.pages_per_s / peer.pages_per_s if peer.pages_per_s else 0.0
    cpu_ratio = peer.cpu_s / row.cpu_s if row.cpu_s else 0.0
    return (
        f"  {row.name:22} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} "
        f"{row.median_ms:8.2f} {row.p99_ms:7.1f} {row.max_ms:8.1f} {row.cpu_ms:7.2f} "
        f"{row.pages_per_s:8.1f} {ratio:6.2f} {cpu_ratio:9.2f}"
    )


def out_of_set(
    data: Path, sets: tuple[str, ...], results: dict[str, list[Result]], seeds: Sequence[int] = ()
) -> str:
    """The out-of-sample table: models trained without the page's site, or its set; with
    `seeds`, those columns once per training seed and their mean (`gap` is in-set minus
    by site, its mean over the seeds)."""
    from scraper.train.evaluate import out_of_sample

    texts = out_of_sample(data, sets, seeds)
    table: list[tuple[str, dict[str, float], float, float]] = []
    for name in sets:
        cases = load_cases(data, name, dirty=False)
        groups = {name: list(range(len(cases))), **type_groups(data, name, cases)}
        for label, indices in groups.items():
            chosen = [cases[i] for i in indices]
            figures = {
                column: score((c.truth, found[(name, c.id)]) for c in chosen).f1
                if all((name, c.id) in found for c in chosen)
                else math.nan
                for column, found in texts.items()
            }
            rows = {row.name: row.score.f1 for row in results.get(label, [])}
            inset, peer = rows.get(TOOLS[0][0], math.nan), rows.get("trafilatura", math.nan)
            table.append((label, with_seed_means(figures), inset, peer))
    columns = list(table[0][1]) if table else []
    width = max([8, *map(len, columns)])
    by_site = "by site, mean" if seeds else "by site"
    lines = [
        "out of sample (F1; each page cleaned by a model that never saw its site / its set)",
        f"  {'set':28} "
        + " ".join(f"{column:>{width}}" for column in columns)
        + f" {'in-set':>8} {'gap':>6} {'trafilatura':>12}",
    ]
    for label, figures, inset, peer in table:
        lines.append(
            f"  {label:28} "
            + " ".join(f"{figures[column]:{width}.3f}" for column in columns)
            + f" {inset:8.3f} {inset - figures.get(by_site, math.nan):6.3f} {peer:12.3f}"
        )
    return "\n".join(lines)

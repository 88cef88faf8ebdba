"""`scraper bench html`: clean_html on the HTML sets, next to trafilatura in the same run.

Both tools get the same page bytes and URL, in the same process, one after the
other; the figures are shingle F1/precision/recall (`scraper.bench.scoring`),
median and slowest ms/page, pages/s and the pages/s ratio to trafilatura.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cleaners import clean_html
from scraper.bench.data import iter_inputs, load_cases
from scraper.bench.scoring import Score, score

SETS = ("aeb", "mhb-dev")

Extractor = Callable[[bytes, str], str]


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    score: Score
    median_ms: float
    max_ms: float
    total_s: float

    @property
    def pages_per_s(self) -> float:
        return self.score.pages / self.total_s if self.total_s else float("inf")


def ours(page: bytes, url: str) -> str:
    return clean_html(page, url=url).text


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


def measure(name: str, func: Extractor, inputs: list[tuple[str, bytes, str]]) -> Result:
    pairs, times = [], []
    start = time.perf_counter()
    for truth, page, url in inputs:
        t0 = time.perf_counter()
        predicted = func(page, url)
        times.append((time.perf_counter() - t0) * 1000)
        pairs.append((truth, predicted))
    total = time.perf_counter() - start
    return Result(name, score(pairs), statistics.median(times), max(times), total)


def run(data: Path, sets: tuple[str, ...] = SETS) -> dict[str, list[Result]]:
    """Score and time every tool of `TOOLS` on each set."""
    results: dict[str, list[Result]] = {}
    for name in sets:
        cases = load_cases(data, name, dirty=False)
        inputs = [(c.truth, page, c.url) for c, page in iter_inputs(cases)]
        for _label, func in TOOLS:  # warm-up: imports, lexicons, models load once
            func(inputs[0][1], inputs[0][2])
        results[name] = [measure(label, func, inputs) for label, func in TOOLS]
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
            f"  {'tool':22} {'F1':>6} {'prec':>6} {'recall':>6} "
            f"{'ms/page':>8} {'max ms':>8} {'pages/s':>8} {'ratio':>6}"
        )
        peer = next((r for r in rows if r.name == "trafilatura"), rows[0])
        for row in rows:
            s = row.score
            ratio = row.pages_per_s / peer.pages_per_s if peer.pages_per_s else 0.0
            lines.append(
                f"  {row.name:22} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} "
                f"{row.median_ms:8.2f} {row.max_ms:8.1f} {row.pages_per_s:8.1f} {ratio:6.2f}"
            )
        lines.append("")
    lines.append(f"peak memory (whole process): {peak_memory_mb():.0f} MiB")
    return "\n".join(lines)

"""What a run did (`RunReport`), the dry run that only reports its plan (`plan_run`),
and the run's timestamps (ISO 8601 UTC, microseconds)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from scraper.cron.job import JobConfig
from scraper.cron.plan import Planned, make_plan
from scraper.state import StateStore


@dataclass(frozen=True, slots=True, kw_only=True)
class RunReport:
    """What a run did. `counts` keys: discovered, fetched, written, not_modified,
    unchanged, duplicates, near_duplicates, failed, gave_up, skipped, source_errors."""

    run_id: int | None
    started: str
    ended: str
    dry_run: bool = False
    output: Path | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    planned: tuple[Planned, ...] = ()
    repaired: tuple[int, ...] = ()

    @property
    def exit_status(self) -> int:
        return 1 if self.counts.get("failed", 0) or self.counts.get("source_errors", 0) else 0


def iso(moment: float) -> str:
    """`moment` (Unix seconds) as the run records write it."""
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="microseconds")


def plan_run(job: JobConfig, store: StateStore) -> RunReport:
    """A dry run: what would be fetched, from the state as it is; nothing written."""
    now = time.time()
    plan = make_plan(job, store, now)
    counts = dict(sorted(plan.counts().items()))
    return RunReport(
        run_id=None,
        started=iso(now),
        ended=iso(time.time()),
        dry_run=True,
        counts=counts,
        planned=plan.items,
    )

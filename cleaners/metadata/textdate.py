"""The publication date of dirty text, when its header lines print none: a learned
line chooser.

`cleaners.header` takes a date from a dateline among the header lines (those before
the first paragraph). A dump of a page often has none there: its menus hold prose-like
lines, or the date stands below the headline inside the body's first lines, beside the
author's name, or at the foot ("Last updated ..."), among other dates (a post's
comments, an event, a member's join date, related stories). Each short line holding a
date among the text's first `HEAD` blocks, its last `TAIL` and the `NEAR_BODY` blocks
around the body's first is a candidate, described by generic facts: where it stands on
the page and against the body's first block and the title's line, how much else the
line says, whether a label calls it an update or some other date, how many lines print
that day, and the day against the page's other dates (earliest, latest, days apart). A
tree ensemble (`cleaners.metadata.textlines`; `cleaners/data/models/text_date.json`,
retrained by `scraper train text-date` from wcxb-dev-dirty's gold dates) scores each;
the best line's date becomes `published` when it reaches the model's threshold, else
the date stays unknown (most pages that are not articles print dates that are not
theirs).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from cleaners.blockstats import stats
from cleaners.dates import FoundDate, find_date
from cleaners.draft import Block, Draft
from cleaners.metadata.textlines import lines_from, shipped_line_model
from cleaners.metadata.texttitle import body_start
from cleaners.metadata.visible import date_label
from cleaners.metadata.when import iso_date

MODEL_FILE = "text_date.json"
HEAD = 300  # the text's first blocks, where a dateline stands
TAIL = 40  # ... and its last ones ("Last updated ...")
NEAR_BODY = 50  # ... and these either side of the body's first block
_MAX_CHARS = 200  # a longer line is prose that mentions a date, not a dateline
SOURCE = "text:date-line"

FEATURES = (
    "index",
    "position",
    "from_body",
    "from_title",
    "chars",
    "other_chars",
    "has_time",
    "order",
    "date_lines",
    "days",
    "day_lines",
    "earliest",
    "latest",
    "from_earliest",
    "to_latest",
    "updated_label",
    "other_label",
    "ui_share",
    "bullet",
    "heading",
    "date_at",
    "from_end",
)


def date_candidates(
    given: Sequence[Block], body: int | None, title: int | None
) -> tuple[npt.NDArray[np.float32], list[FoundDate]]:
    """The feature rows of the candidate lines of `given` (the text's blocks as
    segmented), with the date each prints; `body`: the index of the body's first block,
    `title`: the index of the title's line (None when not known)."""
    found: list[tuple[int, str, FoundDate]] = []
    for index in _window(len(given), body):
        text = given[index].text.strip()
        printed = find_date(text) if text and len(text) <= _MAX_CHARS else None
        if printed and iso_date(printed.iso):  # a date, not in the future
            found.append((index, text, printed))
    if not found:
        return np.zeros((0, len(FEATURES)), dtype=np.float32), []
    days = [date.fromisoformat(printed.iso[:10]) for _i, _t, printed in found]
    lines_of = Counter(days)
    earliest, latest = min(days), max(days)
    total = len(given)
    rows = []
    for order, ((index, text, printed), day) in enumerate(zip(found, days, strict=True)):
        st = stats(given[index])
        label = date_label(text[: printed.start])
        rows.append(
            [
                index,
                index / max(1, total),
                lines_from(index, body),
                lines_from(index, title),
                len(text),
                len(text) - (printed.end - printed.start),
                "T" in printed.iso,
                order,
                len(found),
                len(lines_of),
                lines_of[day],
                day == earliest,
                day == latest,
                (day - earliest).days,
                (latest - day).days,
                label == "updated",
                label == "other",
                st.ui_share,
                float(st.bullet),
                float(given[index].tag.startswith("h")),
                printed.start,
                total - index,
            ]
        )
    return np.asarray(rows, dtype=np.float32), [printed for _i, _t, printed in found]


def _window(blocks: int, body: int | None) -> list[int]:
    """The blocks that may hold the date: the first `HEAD`, the last `TAIL` and the
    `NEAR_BODY` either side of the body's first block, in page order."""
    near = () if body is None else range(max(0, body - NEAR_BODY), min(blocks, body + NEAR_BODY))
    chosen = {*range(min(blocks, HEAD)), *range(max(0, blocks - TAIL), blocks), *near}
    return sorted(chosen)


def title_line(given: Sequence[Block], title: str | None) -> int | None:
    """The index of the first given block that reads as the title."""
    wanted = title.strip() if title else ""
    if not wanted:
        return None
    return next((i for i, block in enumerate(given) if block.text.strip() == wanted), None)


def date_line(given: Sequence[Block], published: str | None) -> int | None:
    """The index of the first short given block that prints the day of `published`."""
    if not published:
        return None
    for index, block in enumerate(given):
        if len(block.text) <= _MAX_CHARS:
            printed = find_date(block.text)
            if printed and printed.iso[:10] == published[:10]:
                return index
    return None


def learned_date(draft: Draft) -> Draft:
    """The publication date from the text's lines, when the header lines gave none
    (`draft.given`: the blocks as segmented; the body is what the steps before kept)."""
    if draft.meta.published or not draft.given:
        return draft
    model = draft.config.text_date_model or shipped_line_model(MODEL_FILE, FEATURES)
    given = draft.given
    title = title_line(given, draft.meta.title)
    rows, printed = date_candidates(given, body_start(draft), title)
    best = model.best(rows, url=draft.meta.url)
    if best is None:
        return draft
    return draft.replace(meta=draft.meta.with_source("published", printed[best].iso, SOURCE))

"""The labelled blocks of the evaluation sets: features, labels, weights and groups.

Each page of each set is read as `clean_html` reads it (decode, parse, structured
data, blocks, features); its blocks are labelled from the set's gold text
(`scraper.train.labels`). Rows carry their page and the page's site, so that
evaluation can leave a whole set, or whole sites, out of training.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from cleaners.html import parse
from cleaners.html.charset import decode_html
from cleaners.html.content import read_page
from cleaners.html.features import block_groups
from cleaners.html.pagetype import page_row
from cleaners.html.structured import linked_data
from scraper.bench.data import Case, load_cases, read_input
from scraper.train.labels import coverage


@dataclass(frozen=True, slots=True)
class PageRows:
    """One page's blocks: their texts, features, labels and token counts."""

    set_name: str
    case: Case
    site: str
    texts: list[str]
    features: npt.NDArray[np.float32]
    groups: npt.NDArray[np.intp]  # `block_groups`: parent, grandparent, position
    labels: list[float]
    tokens: list[int]
    type_row: npt.NDArray[np.float32]  # `cleaners.html.pagetype.page_row`


def site_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def page_rows(set_name: str, case: Case) -> PageRows:
    text = decode_html(read_input(case), None)
    tree = parse(text)  # as clean_html parses (the nesting check included)
    page, features, facts = read_page(tree, linked_data(tree))
    texts = [block.text for block in page.blocks]
    labels, tokens = coverage(texts, case.truth)
    groups = block_groups(page)
    return PageRows(
        set_name,
        case,
        site_of(case.url),
        texts,
        features,
        groups,
        labels,
        tokens,
        page_row(page, facts, case.url),
    )


def load_pages(data: Path, sets: Iterable[str]) -> list[PageRows]:
    """Every page of `sets` under `data`, read and labelled."""
    return [page_rows(name, case) for name in sets for case in load_cases(data, name, dirty=False)]

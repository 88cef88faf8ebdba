"""Loading the evaluation sets: `<set>/ground-truth.json` with pages or dirty texts."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scraper.errors import InputError


@dataclass(frozen=True, slots=True)
class Case:
    """One page of an evaluation set: its id, URL, gold text and input path."""

    id: str
    url: str
    truth: str
    path: Path


def load_cases(data: Path, name: str, *, dirty: bool) -> list[Case]:
    """The cases of set `name` under `data`; `dirty` selects `<name>-dirty/<id>.txt`."""
    truth_file = data / name / "ground-truth.json"
    if not truth_file.is_file():
        raise InputError(f"{truth_file} not found (pass --data DIR holding the sets)")
    gold = json.loads(truth_file.read_text(encoding="utf-8"))
    folder = data / (f"{name}-dirty" if dirty else f"{name}/html")
    suffix = ".txt" if dirty else ".html.gz"
    cases = []
    for page_id in sorted(gold):
        path = folder / f"{page_id}{suffix}"
        if path.is_file():
            entry = gold[page_id]
            cases.append(Case(page_id, entry.get("url", ""), entry["articleBody"], path))
    return cases


def read_input(case: Case) -> bytes:
    raw = case.path.read_bytes()
    return gzip.decompress(raw) if case.path.suffix == ".gz" else raw


def iter_inputs(cases: list[Case]) -> Iterator[tuple[Case, bytes]]:
    for case in cases:
        yield case, read_input(case)


def page_types(data: Path, name: str) -> dict[str, str]:
    """Page id -> page type, where the set's gold gives one (wcxb-dev)."""
    gold = json.loads((data / name / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: entry["page_type"] for key, entry in gold.items() if entry.get("page_type")}


def type_groups(data: Path, name: str, cases: list[Case]) -> dict[str, list[int]]:
    """`"<set>:<page type>"` -> the indices in `cases` of that type's pages."""
    types = page_types(data, name)
    groups: dict[str, list[int]] = {}
    for index, case in enumerate(cases):
        if case.id in types:
            groups.setdefault(f"{name}:{types[case.id]}", []).append(index)
    return groups

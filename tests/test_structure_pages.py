"""Real pages with tables, code, nested lists and headings (en, fr, zh) as Markdown.

Each `fixtures/structure/<name>.html.gz` has `<name>.expected.md`: excerpts of the
Markdown it must give, separated by `----8<----` lines, each found whole and in order.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cleaners import clean_html

FIXTURES = Path(__file__).parent.parent / "fixtures" / "structure"
PAGES = sorted(FIXTURES.glob("*.html.gz"))
CUT = "----8<----\n"


@pytest.fixture(scope="module", params=PAGES, ids=lambda p: p.name.split(".")[0])
def page(request: pytest.FixtureRequest) -> tuple[Path, str]:
    path: Path = request.param
    return path, clean_html(gzip.decompress(path.read_bytes())).to_markdown()


def test_three_languages_or_more() -> None:
    assert len({path.name[:2] for path in PAGES}) >= 3


def test_expected_markdown(page: tuple[Path, str]) -> None:
    path, markdown = page
    expected = path.with_name(path.name.replace(".html.gz", ".expected.md"))
    position = 0
    for excerpt in expected.read_text(encoding="utf-8").split(CUT):
        found = markdown.find(excerpt.rstrip("\n"), position)
        assert found >= 0, f"{path.name}: not found after {position}:\n{excerpt}"
        position = found


def test_markdown_reads_back_with_the_same_structure(page: tuple[Path, str]) -> None:
    _, markdown = page
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    kinds = {token.type for token in tokens}
    assert "heading_open" in kinds
    assert kinds & {"table_open", "fence", "bullet_list_open", "ordered_list_open"}

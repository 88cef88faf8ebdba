"""Header step: title, byline, dateline and source out of the blocks before the body."""

from __future__ import annotations

import pytest

from cleaners.draft import Block, Draft, Metadata
from cleaners.header import drop_title_repeats, take_header

BODY = (
    "The council approved the new budget on Tuesday after a long debate, and the mayor said "
    "the decision would fund schools, roads and parks for the next two years."
)
ZH_BODY = (
    "市议会周二经过长时间辩论通过了新预算，市长表示这一决定将在未来两年为学校、道路和公园提供资金。"
)


def _draft(*lines: str) -> Draft:
    return Draft(blocks=tuple(Block(line) for line in lines), meta=Metadata())


def _texts(draft: Draft) -> list[str]:
    return [block.text for block in draft.blocks]


def test_english_title_byline_dateline() -> None:
    draft = take_header(
        _draft(
            "Council passes budget for schools and roads",
            "By Jane Doe and John Roe",
            "March 4, 2026 6:30 pm",
            BODY,
        )
    )
    assert draft.meta.title == "Council passes budget for schools and roads"
    assert draft.meta.authors == ("Jane Doe", "John Roe")
    assert draft.meta.published == "2026-03-04T18:30:00"
    assert _texts(draft) == [BODY]
    assert [r.kind for r in draft.removed] == ["title", "byline", "dateline"]


def test_chinese_dateline_with_source_and_byline() -> None:
    draft = take_header(
        _draft(
            "城市议会通过新预算方案",
            "2026年3月5日 08:00  来源：某某网",
            "作者：张三、李四",
            ZH_BODY,
        )
    )
    assert draft.meta.title == "城市议会通过新预算方案"
    assert draft.meta.authors == ("张三", "李四")
    assert draft.meta.published == "2026-03-05T08:00:00"
    assert draft.meta.site_name == "某某网"
    assert _texts(draft) == [ZH_BODY]
    assert {r.kind for r in draft.removed} == {"title", "dateline", "byline"}


def test_german_source_line() -> None:
    draft = take_header(
        _draft(
            "Stadtrat beschließt neuen Haushalt",
            "Von Anna Schmidt",
            "17.04.2026 08:26",
            "Quelle: Beispielzeitung",
            BODY,
        )
    )
    assert draft.meta.title == "Stadtrat beschließt neuen Haushalt"
    assert draft.meta.authors == ("Anna Schmidt",)
    assert draft.meta.published == "2026-04-17T08:26:00"
    assert draft.meta.site_name == "Beispielzeitung"
    assert _texts(draft) == [BODY]
    assert [r.kind for r in draft.removed] == ["title", "byline", "dateline", "source"]


@pytest.mark.parametrize(
    ("title", "byline", "dateline", "author", "published"),
    [
        (
            "Rada miasta przyjęła budżet",
            "Autor: Jan Kowalski",
            "4 marca 2026",
            "Jan Kowalski",
            "2026-03-04",
        ),
        (
            "Le conseil adopte le budget",
            "Par Marie Dupont",
            "4 mars 2026 à 18h30",
            "Marie Dupont",
            "2026-03-04T18:30:00",
        ),
        (
            "El consejo aprueba el presupuesto",
            "Por Juan Pérez",
            "2026-03-04",
            "Juan Pérez",
            "2026-03-04",
        ),
    ],
)
def test_bylines_in_other_languages(
    title: str, byline: str, dateline: str, author: str, published: str
) -> None:
    draft = take_header(_draft(title, byline, dateline, BODY))
    assert draft.meta.title == title
    assert draft.meta.authors == (author,)
    assert draft.meta.published == published
    assert _texts(draft) == [BODY]


def test_bare_name_beside_dateline_is_the_author() -> None:
    draft = take_header(_draft("Council passes budget for schools", "Jane Doe", "2026-03-04", BODY))
    assert draft.meta.authors == ("Jane Doe",)
    assert ("byline", "Jane Doe") in [(r.kind, r.excerpt) for r in draft.removed]


def test_inline_byline_in_dateline() -> None:
    draft = take_header(_draft("Council passes budget", "By Jane Doe | March 4, 2026", BODY))
    assert draft.meta.authors == ("Jane Doe",)
    assert draft.meta.published == "2026-03-04"
    assert draft.meta.title == "Council passes budget"


def test_known_title_is_kept() -> None:
    draft = Draft(
        blocks=(Block("A different headline here"), Block("2026-03-04"), Block(BODY)),
        meta=Metadata(title="Known title"),
    )
    result = take_header(draft)
    assert result.meta.title == "Known title"
    assert result.meta.published == "2026-03-04"


def test_byline_after_the_body_starts_is_not_header() -> None:
    draft = take_header(_draft(BODY, "By Jane Doe", BODY))
    assert draft.meta.authors == ()
    assert draft.removed == ()
    assert len(draft.blocks) == 3


def test_posted_by_is_a_byline() -> None:
    """'Posted by <name>' is a common English byline form."""
    draft = take_header(
        _draft("Council passes budget", "Posted by Jordan Smith", "March 4, 2026", BODY)
    )
    assert draft.meta.authors == ("Jordan Smith",)
    assert draft.meta.title == "Council passes budget"


def test_cookie_banner_before_the_headline_does_not_end_the_header() -> None:
    draft = take_header(
        _draft(
            "We use cookies to improve your experience on our site. By continuing to browse, "
            "you agree to our use of cookies.",
            "Council passes budget",
            "By Jane Doe | March 4, 2026",
            BODY,
        )
    )
    assert draft.meta.title == "Council passes budget"
    assert draft.meta.authors == ("Jane Doe",)


def test_title_repeats_dropped() -> None:
    draft = Draft(
        blocks=(Block(BODY), Block("Council Passes Budget!"), Block(BODY)),
        meta=Metadata(title="Council passes budget"),
    )
    result = drop_title_repeats(draft)
    assert _texts(result) == [BODY, BODY]
    assert [(r.kind, r.excerpt) for r in result.removed] == [("title", "Council Passes Budget!")]


def test_no_title_no_change() -> None:
    draft = _draft(BODY, "Council passes budget")
    assert drop_title_repeats(draft) is draft


@pytest.mark.parametrize(
    ("line", "editor"),
    [
        ("编辑/李四", "李四"),
        ("【纠错】【责任编辑:王五】", "王五"),
        ("Edited by Sam Lee", "Sam Lee"),
        ("Redakcja: Anna Nowak", "Anna Nowak"),
    ],
)
def test_editors_go_to_metadata(line: str, editor: str) -> None:
    draft = take_header(_draft("Council passes the new budget", "By Jane Doe", line, BODY))
    assert draft.meta.editors == (editor,)
    assert draft.meta.authors == ("Jane Doe",)
    assert all(line != b.text for b in draft.blocks)


def test_closing_byline_after_the_last_paragraph() -> None:
    """With no byline in the header, a labelled one after the body names the author."""
    draft = take_header(_draft("Council passes budget", BODY, BODY, "Autor: Piotr Nowak"))
    assert draft.meta.authors == ("Piotr Nowak",)
    assert draft.meta.provenance["authors"] == "text:byline"
    assert _texts(draft) == [BODY, BODY]


def test_closing_byline_anchors_no_title() -> None:
    """A subheading near the end is not taken for the title because a byline follows."""
    draft = take_header(_draft(BODY, "Further plans for the city", BODY, "Text: Anna Schmidt"))
    assert draft.meta.title is None
    assert draft.meta.authors == ("Anna Schmidt",)

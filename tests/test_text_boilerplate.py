"""Boilerplate step: navigation, ads, disclaimers and related lists out; the article kept."""

from __future__ import annotations

from cleaners.body import best_run
from cleaners.boilerplate import remove_boilerplate
from cleaners.draft import Block, Draft, Metadata
from cleaners.normalize import to_document

P = [
    "The city council approved the new budget on Tuesday after a long debate, and the mayor "
    "said the decision would fund schools, roads and parks for the next two years.",
    "Opposition members argued that the plan relied on optimistic revenue forecasts, and they "
    "warned that cuts could follow if the economy slowed down later this year.",
    "Residents who attended the meeting were divided, with some praising the investment in "
    "public transport while others worried about higher property taxes next spring.",
    "The budget now goes to the state for review, a step officials described as routine, and "
    "the first projects are expected to start in the autumn if approval arrives.",
]


def _clean(*items: str | Block) -> Draft:
    blocks = tuple(Block(x) if isinstance(x, str) else x for x in items)
    return remove_boilerplate(Draft(blocks=blocks, meta=Metadata()))


def _texts(draft: Draft) -> list[str]:
    return [block.text for block in draft.blocks]


def _kinds(draft: Draft) -> list[str]:
    return [removed.kind for removed in draft.removed]


def test_navigation_before_the_body_dropped() -> None:
    draft = _clean("Home", "News", "Sports", "Weather", "Contact", P[0], P[1], P[2])
    assert _texts(draft) == P[:3]
    assert set(_kinds(draft)) <= {"navigation", "widget"}
    assert len(draft.removed) == 5


def test_related_list_after_the_body_cut() -> None:
    draft = _clean(
        P[0],
        P[1],
        P[2],
        "Related articles",
        "* Mayor wins second term in landslide",
        "* School board elects a new chair",
        "* Road works start on Main Street",
    )
    assert _texts(draft) == P[:3]
    assert _kinds(draft)[0] == "related"
    assert len(draft.removed) == 4


def test_comment_section_after_the_body_cut() -> None:
    draft = _clean(
        P[0],
        P[1],
        P[2],
        "Comments",
        "Great article, thanks for sharing this with us all!",
        "I disagree with the mayor on this one, taxes are too high already.",
    )
    assert _texts(draft) == P[:3]
    assert _kinds(draft)[0] == "comments"


def test_ads_and_disclaimers_dropped_inside_the_body() -> None:
    draft = _clean(
        P[0],
        "Advertisement",
        P[1],
        "All rights reserved. This article may not be reproduced without permission.",
        P[2],
    )
    assert _texts(draft) == P[:3]
    assert _kinds(draft) == ["ad", "disclaimer"]


def test_inline_short_subheading_kept() -> None:
    draft = _clean(P[0], P[1], "What happens next", P[2], P[3])
    assert _texts(draft) == [P[0], P[1], "What happens next", P[2], P[3]]
    assert draft.removed == ()


def test_leaked_css_and_js_dropped() -> None:
    draft = _clean(P[0], ".menu{color:red;} .nav{display:none;} function x(){var a=1;}", P[1])
    assert _texts(draft) == P[:2]
    assert _kinds(draft) == ["code"]


def test_inline_related_box_marker_dropped_and_article_after_it_kept() -> None:
    draft = _clean(
        P[0], P[1], "Read more", "• Mayor wins second term", "• School chair", P[2], P[3]
    )
    assert "Read more" not in _texts(draft)
    assert _texts(draft)[:2] == P[:2]
    assert _texts(draft)[-2:] == P[2:]


def test_inline_related_box_bullets_dropped() -> None:
    draft = _clean(
        P[0], P[1], "Read more", "• Mayor wins second term", "• School chair", P[2], P[3]
    )
    assert _texts(draft) == P
    assert _kinds(draft)[0] == "related"
    assert len(draft.removed) == 3


def test_empty_draft_unchanged() -> None:
    draft = Draft(blocks=(), meta=Metadata())
    assert remove_boilerplate(draft) is draft


def test_best_run_is_the_largest_sum() -> None:
    assert best_run([-5.0, 3.0, 4.0, -1.0, 2.0, -10.0, 1.0]) == (1, 5)
    assert best_run([-1.0, -2.0]) == (0, 1)


def test_box_of_titles_run_together_with_pipes_is_removed_alone() -> None:
    para = "The council met on Tuesday and debated the budget at length, as expected. " * 3
    blocks = (
        Block(para),
        Block(para.replace("Tuesday", "Monday")),
        Block("Don't miss"),
        Block("Mayor wins second term [INSIGHT] | School chair resigns | Bridge to reopen"),
        Block(para.replace("council", "committee")),
        Block(para.replace("council", "board")),
    )
    doc = to_document(remove_boilerplate(Draft(blocks=blocks, meta=Metadata())))
    assert "Mayor wins" not in doc.text
    assert "The committee met" in doc.text
    assert "The board met" in doc.text

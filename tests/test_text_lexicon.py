"""Boilerplate lexicons: page furniture is named in six languages; prose is not."""

from __future__ import annotations

import pytest

from cleaners.lexicon import TERMINAL_KINDS, lexicon, normalize


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Advertisement", "ad"),
        ("Anzeige", "ad"),
        ("Reklama", "ad"),
        ("Publicité", "ad"),
        ("Publicidad", "ad"),
        ("广告", "ad"),
        ("Download our app", "ad"),
        ("Related articles", "related"),
        ("Lesen Sie auch", "related"),
        ("Czytaj także", "related"),
        ("À lire aussi", "related"),
        ("Te puede interesar", "related"),
        ("相关阅读", "related"),
        ("Share on Facebook", "widget"),
        ("分享到：", "widget"),
        ("Tags: politics, budget", "tags"),
        ("Comments", "comments"),
        ("Kommentare (3)", "comments"),
        ("Komentarze", "comments"),
        ("Commentaires", "comments"),
        ("Comentarios", "comments"),
        ("评论", "comments"),
        ("All rights reserved", "disclaimer"),
        ("Subscribe to our newsletter", "newsletter"),
        ("Photo: Jane Doe", "credit"),
        ("图源：X", "credit"),
        ("责任编辑：李明", "byline"),
    ],
)
def test_kinds_in_several_languages(text: str, kind: str) -> None:
    assert lexicon().match(text) == kind


@pytest.mark.parametrize(
    ("traditional", "kind"),
    [
        ("廣告", "ad"),
        ("相關閱讀", "related"),
        ("責任編輯：王芳", "byline"),
        ("版權所有", "disclaimer"),
    ],
)
def test_traditional_chinese_matches_the_simplified_lexicon(traditional: str, kind: str) -> None:
    assert lexicon().match(traditional) == kind


def test_bullets_case_and_width_do_not_matter() -> None:
    assert lexicon().match("• ADVERTISEMENT") == "ad"
    assert lexicon().match("ＡＤＶＥＲＴＩＳＥＭＥＮＴ") == "ad"
    assert normalize("  * Related Articles: ") == "related articles"


@pytest.mark.parametrize(
    "prose",
    [
        "He clicked share on the video and it spread to millions of viewers within a day.",
        "The advertisement industry lost billions last year, analysts said in a report on Monday.",
        "Read more books, the doctor told the children, because reading helps you sleep better.",
        "Die Anzeige wurde am Montag bei der Polizei erstattet, wie ein Sprecher mitteilte.",
        "他在评论中写道，这次改革将彻底改变行业格局，很多企业需要重新思考自己的战略。",
        "Reklama w telewizji kosztowała firmę ponad milion złotych, jak podała spółka.",
    ],
)
def test_prose_containing_a_ui_word_is_not_matched(prose: str) -> None:
    assert lexicon().match(prose) is None


def test_terminal_kinds_end_articles() -> None:
    assert {"related", "comments", "tags"} <= TERMINAL_KINDS
    assert "ad" not in TERMINAL_KINDS


def test_consent_notices_in_several_languages() -> None:
    notices = [
        "We and our partners use cookies to store and/or access information on a device, "
        "and process personal data for personalised ads based on your consent.",
        "Kliknij, aby wyrazić zgodę na przetwarzanie Twoich danych osobowych przez Zaufanych "
        "Partnerów IAB w celach marketingowych.",
        "Wir und unsere Partner verarbeiten personenbezogene Daten auf Grundlage Ihrer "
        "Einwilligung oder unseres berechtigten Interesses.",
    ]
    for notice in notices:
        assert lexicon().match(notice) == "consent", notice


def test_an_article_sentence_about_privacy_is_not_a_consent_notice() -> None:
    sentence = (
        "The regulator said the company had shared customers' personal data without "
        "telling them, and it opened an inquiry on Monday."
    )
    assert lexicon().match(sentence) is None


def test_end_marks_and_source_lines() -> None:
    assert lexicon().match("（完）") == "end_mark"
    assert lexicon().match("来源：新华网") == "source"
    assert lexicon().match("This article was originally published on Example News.") == "source"


def test_long_prose_never_matches_a_whole_phrase() -> None:
    prose = "The committee met again on Thursday to discuss the plan in detail. " * 4
    assert lexicon().match(prose, key="") is None

"""Site templates: blocks whose fingerprint the state store learned are removed."""

from __future__ import annotations

from cleaners.config import CleanConfig
from cleaners.draft import Block, Draft, Metadata
from cleaners.template import fingerprint, remove_known_templates


def test_fingerprint_ignores_digits_case_and_punctuation() -> None:
    a = fingerprint("© 2024 Example News. All rights reserved.")
    b = fingerprint("© 2025  EXAMPLE NEWS -- all rights reserved!")
    assert a == b
    assert fingerprint("Page 1 of 12") == fingerprint("Page 3 of 4")


def test_fingerprint_tells_different_words_apart() -> None:
    assert fingerprint("Subscribe now") != fingerprint("Subscribe later")
    assert fingerprint("订阅") != fingerprint("关注")


def test_fingerprint_is_stable() -> None:
    assert fingerprint("Follow us") == fingerprint("Follow us")
    assert len(fingerprint("Follow us")) == 16


def test_known_blocks_removed() -> None:
    config = CleanConfig(template_blocks=frozenset({fingerprint("Follow us on social media")}))
    draft = Draft(
        blocks=(Block("Body text."), Block("FOLLOW US ON SOCIAL MEDIA!"), Block("More body.")),
        meta=Metadata(),
        config=config,
    )
    result = remove_known_templates(draft)
    assert [b.text for b in result.blocks] == ["Body text.", "More body."]
    assert [(r.kind, r.excerpt) for r in result.removed] == [
        ("template", "FOLLOW US ON SOCIAL MEDIA!")
    ]


def test_no_templates_no_change() -> None:
    draft = Draft(blocks=(Block("Follow us on social media"),), meta=Metadata())
    assert remove_known_templates(draft) is draft

"""Unescaping steps: JSON/JS escapes, HTML entities, mojibake, control characters."""

from __future__ import annotations

from cleaners.encoding import repair_mojibake
from cleaners.unescape import drop_controls, unescape, unescape_entities, unescape_js


def test_js_escapes_decoded_when_evident() -> None:
    raw = r"\u003cp\u003eHallo \"Welt\"\u003c\/p\u003e"
    assert unescape_js(raw) == '<p>Hallo "Welt"</p>'


def test_js_surrogate_pairs_join_into_one_character() -> None:
    assert unescape_js(r"\ud83d\ude00 and \u00e9\n") == "😀 and é\n"


def test_lone_backslash_in_prose_is_left_alone() -> None:
    text = r"Save it under C:\new folder, then restart."
    assert unescape_js(text) == text


def test_entities_decoded_once_when_escaped_once() -> None:
    assert unescape_entities("Tom &amp; Jerry &ndash; &#8220;classic&#8221;") == (
        "Tom & Jerry – “classic”"
    )
    assert unescape_entities("&lt;p&gt;Fish &amp;amp; chips&lt;/p&gt;") == "<p>Fish & chips</p>"


def test_double_escaped_entities_decoded_fully() -> None:
    assert unescape_entities("&amp;lt;p&amp;gt;Text&amp;lt;/p&amp;gt;") == "<p>Text</p>"


def test_bare_ampersands_are_not_entities() -> None:
    assert unescape_entities("AT&T and R&D") == "AT&T and R&D"


def test_mojibake_repaired() -> None:
    assert repair_mojibake("SechsjÃ¤hriger Â»WirÂ«") == "Sechsjähriger »Wir«"
    assert repair_mojibake("Ã‰tÃ© Ã  Paris") == "Été à Paris"


def test_clean_text_without_mojibake_unchanged() -> None:
    for text in ("Zażółć gęślą jaźń", "Größe und Maß", "中文内容。", "naïve café"):
        assert repair_mojibake(text) == text


def test_controls_dropped_and_newlines_unified() -> None:
    assert drop_controls("a\x00b\u200bc\r\nd\re\ufefff\tg") == "abc\nd\nef\tg"


def test_layers_undone_in_order() -> None:
    assert unescape("&lt;p&gt;SechsjÃ¤hriger&lt;/p&gt;") == "<p>Sechsjähriger</p>"
    assert unescape(r"\u003cp\u003eTom &amp; Jerry\u003c\/p\u003e") == "<p>Tom & Jerry</p>"


def test_plain_text_passes_through() -> None:
    text = "A plain paragraph.\n\nAnother one, with 100% less damage."
    assert unescape(text) == text

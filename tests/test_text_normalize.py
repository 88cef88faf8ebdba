"""Normalizer: a finished draft becomes a Document with text in one normal form."""

from __future__ import annotations

import hashlib
import json
import unicodedata

from cleaners import Document
from cleaners.document import Removed
from cleaners.draft import Block, Draft, Metadata
from cleaners.normalize import join_blocks, normalize_line, to_document


def test_one_blank_line_between_paragraphs() -> None:
    text = join_blocks([Block("First\n line"), Block("   "), Block("Second"), Block("Third")])
    assert text == "First line\n\nSecond\n\nThird"


def test_nfc_and_collapsed_spaces() -> None:
    line = normalize_line("Cafe\u0301   with\t\ttabs\u00a0and  spaces ")
    assert line == "Café with tabs and spaces"
    assert unicodedata.is_normalized("NFC", line)


def test_no_control_characters() -> None:
    assert normalize_line("a\x07b\x1bc\u200bd\ufeffe\x85f") == "abcdef"


def test_wrapping_spaces_between_cjk_characters_removed() -> None:
    assert normalize_line("中文\n内容") == "中文内容"
    assert normalize_line("中文   内容，测试。") == "中文内容，测试。"
    assert normalize_line("日本語の\n  文です") == "日本語の文です"


def test_spaced_out_cjk_text_closed_up() -> None:
    assert normalize_line("中 文 内 容 ， 测 试 。") == "中文内容，测试。"


def test_spaces_between_cjk_and_latin_kept() -> None:
    assert normalize_line("中文 English 中文") == "中文 English 中文"


def test_korean_keeps_its_spaces() -> None:
    assert normalize_line("한국어 문장 입니다") == "한국어 문장 입니다"


def test_word_count_is_cjk_aware() -> None:
    assert Document(text="中文字数 hello world 한국어 단어 日本語です").word_count == 13
    assert Document(text="").word_count == 0


def test_sha256_of_text() -> None:
    doc = Document(text="Ünïcode text")
    assert doc.sha256 == hashlib.sha256("Ünïcode text".encode()).hexdigest()


def test_to_document_normalizes_metadata() -> None:
    draft = Draft(
        blocks=(Block("The council approved the new budget on Tuesday."), Block("Second  one.")),
        meta=Metadata(title="  Budget\u00a0 passes ", authors=("Jane  Doe", "  "), site_name=" X "),
        removed=(Removed("ad", "Advertisement"),),
        source="page.txt",
    )
    doc = to_document(draft)
    assert doc.text == "The council approved the new budget on Tuesday.\n\nSecond one."
    assert doc.title == "Budget passes"
    assert doc.authors == ("Jane Doe",)
    assert doc.site_name == "X"
    assert doc.language == "en"
    assert doc.source == "page.txt"
    assert doc.removed == (Removed("ad", "Advertisement"),)


def test_to_dict_is_json_ready() -> None:
    doc = Document(
        text="Body.",
        authors=("A", "B"),
        tags=("t",),
        removed=(Removed("ad", "Anzeige"),),
    )
    data = doc.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["authors"] == ["A", "B"]
    assert data["removed"] == [{"kind": "ad", "excerpt": "Anzeige"}]
    assert data["word_count"] == 1
    assert data["sha256"] == doc.sha256

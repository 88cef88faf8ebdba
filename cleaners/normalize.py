"""The normalizer: a finished `Draft` becomes a `Document`.

Text rules: paragraphs separated by exactly one blank line, NFC, runs of white space
collapsed to one space, no control characters, no spaces between two CJK characters.
"""

from __future__ import annotations

import re
import unicodedata

from cleaners.assemble import assemble
from cleaners.characters import CONTROL
from cleaners.document import METADATA_FIELDS, Document
from cleaners.draft import Block, Draft
from cleaners.language import detect_language
from cleaners.textstats import CJK_RANGE, count_matches
from cleaners.unescape import unescape_entities

# white space that must become one space: runs, or a single one that is not a plain
# space (single spaces match nothing, so a long paragraph is not cut into millions of
# pieces by the substitution)
_SPACES = re.compile(r"[^\S\n]{2,}|[^\S \n]")
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
_CJK_SET = f"[{CJK_RANGE}{_CJK_PUNCT}]"  # not Hangul: Korean spaces its words
# Between two CJK characters, a line break or a run of spaces is an artefact of wrapping
# or markup, never typed: it goes. A single space may be the author's and stays, unless
# the text puts spaces after most CJK characters (then they are all artefacts).
_CJK_WRAP = re.compile(rf"(?<={_CJK_SET})(?:[^\S\n]*+\n\s*+|[^\S\n]{{2,}}+)(?={_CJK_SET})")
_CJK_GAP = re.compile(rf"(?<={_CJK_SET}) (?={_CJK_SET})")
_CJK_RUN = re.compile(f"{_CJK_SET}+")


def normalize_line(text: str) -> str:
    """One paragraph's text in normal form (no newlines inside)."""
    text = unicodedata.normalize("NFC", text)
    text = CONTROL.sub("", text)
    if not text.isascii():
        text = _CJK_WRAP.sub("", text)
    text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
    if not text.isascii():
        gaps = count_matches(_CJK_GAP, text)
        if gaps > 3 and gaps * 3 > sum(m.end() - m.start() for m in _CJK_RUN.finditer(text)):
            text = _CJK_GAP.sub("", text)
    return text


def join_blocks(blocks: tuple[Block, ...] | list[Block]) -> str:
    paragraphs = (normalize_line(block.text) for block in blocks)
    return "\n\n".join(p for p in paragraphs if p)


def _field(value: str | None) -> str | None:
    """A metadata string in normal form; entities left by a page's markup decoded."""
    if not value:
        return None
    return normalize_line(unescape_entities(value)) or None


def to_document(draft: Draft) -> Document:
    texts = [normalize_line(block.text) for block in draft.blocks]
    text = "\n\n".join(p for p in texts if p)  # as join_blocks
    meta = draft.meta
    title = _field(meta.title)
    authors = (_field(a) for a in meta.authors)
    cleaned = {
        "title": title,
        "authors": tuple(dict.fromkeys(a for a in authors if a)),
        "editors": tuple(dict.fromkeys(e for e in (_field(e) for e in meta.editors) if e)),
        "site_name": _field(meta.site_name),
        "language": meta.language or detect_language(text or (title or "")),
        "description": _field(meta.description),
        "tags": tuple(t for t in (_field(tag) for tag in meta.tags) if t),
        "provenance": dict(meta.provenance),
    }
    found = {name: getattr(meta, name) for name in METADATA_FIELDS}
    return Document(
        **(found | cleaned),
        text=text,
        blocks=assemble(draft.blocks, texts),
        source=draft.source,
        removed=draft.removed,
    )

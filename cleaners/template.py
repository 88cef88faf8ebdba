"""Blocks that recur across one site's pages (footers, promos, policies).

The state store counts `fingerprint(block)` per site across runs; blocks whose
fingerprint is in `CleanConfig.template_blocks` are removed as `template`.
"""

from __future__ import annotations

import hashlib
import re

from cleaners.document import Document, RemovalKind
from cleaners.draft import Block, Draft

_NON_WORD = re.compile(r"[\W_]+")


def fingerprint(text: str) -> str:
    """A short stable key for a block: lower-cased, digits and punctuation dropped."""
    key = _NON_WORD.sub(" ", text.casefold())
    key = re.sub(r"\d+", "0", key).strip()
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def template_fingerprints(document: Document) -> frozenset[str]:
    """The fingerprints of a document's paragraphs (one blank line apart, as the
    normalizer joined them), for the state store to count per site."""
    return frozenset(fingerprint(part) for part in document.text.split("\n\n") if part)


def remove_known_templates(draft: Draft) -> Draft:
    known = draft.config.template_blocks
    if not known:
        return draft
    keep: list[Block] = []
    dropped: list[tuple[RemovalKind, Block]] = []
    for block in draft.blocks:
        if fingerprint(block.text) in known:
            dropped.append(("template", block))
        else:
            keep.append(block)
    return draft.drop(keep, dropped)

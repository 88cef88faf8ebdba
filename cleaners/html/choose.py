"""Choosing the article among candidates: the DOM extraction, JSON-LD, script blobs.

The DOM extraction wins unless structured data holds clearly more of the article
(an app shell, a page whose markup holds a teaser only). Script blobs often hold
other articles (teasers, "read next"), so a structured candidate must also agree
with the DOM: hold most of its paragraphs, unless the DOM found next to nothing.
And what it adds must be missing from the page: text the page shows but the DOM
extraction left out (a video transcript, a sources box) was left out on purpose.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners.draft import Block
from cleaners.html.blocks import from_html, from_text

_MORE = 1.5  # structured text must be this many times longer to replace the DOM's
_MIN_CHARS = 200
_LONG_BLOCK = 40
_AGREEMENT = 0.5
_ON_PAGE = 0.5  # share of the added text already on the page: the DOM dropped it on purpose


def choose_blocks(
    dom: tuple[Block, ...],
    ld_body: str | None,
    blobs: list[str],
    tree: LexborHTMLParser,
    page_text: str,
) -> tuple[Block, ...]:
    """The best candidate's blocks; `page_text` is the page's visible text before pruning."""
    best = dom
    best_len = _length(dom)
    for candidate in _structured(ld_body, blobs):
        size = _length(candidate)
        if (
            size >= _MIN_CHARS
            and size > best_len * _MORE
            and _agrees(dom, candidate)
            and not _dropped_on_purpose(dom, candidate, page_text)
        ):
            best, best_len = candidate, size
    if not best and tree.body is not None:
        return from_html(tree.body.html or "")
    return best


def _structured(ld_body: str | None, blobs: list[str]) -> list[tuple[Block, ...]]:
    candidates = [from_html(blob) for blob in blobs[:1]]
    if ld_body:
        candidates.append(from_html(ld_body) if "<p" in ld_body else from_text(ld_body))
    return candidates


def _agrees(dom: tuple[Block, ...], candidate: tuple[Block, ...]) -> bool:
    """True when `dom` is next to nothing or most of its text is inside `candidate`."""
    if _length(dom) < _MIN_CHARS:
        return True
    haystack = _squash(" ".join(block.text for block in candidate))
    long_blocks = [_squash(block.text) for block in dom if len(block.text) >= _LONG_BLOCK]
    total = sum(len(text) for text in long_blocks)
    found = sum(len(text) for text in long_blocks if text in haystack)
    return total > 0 and found >= total * _AGREEMENT


def _dropped_on_purpose(dom: tuple[Block, ...], candidate: tuple[Block, ...], page: str) -> bool:
    """True when what `candidate` adds to a real DOM article is mostly on the page already.

    Then the extraction saw that text (a video transcript, a sources box, comments)
    and left it out; structured data is there to supply what the markup lacks.
    """
    if _length(dom) < _MIN_CHARS:
        return False
    found = _squash(" ".join(block.text for block in dom))
    extra = [_squash(block.text) for block in candidate]
    extra = [text for text in extra if text and text not in found]
    total = sum(len(text) for text in extra)
    haystack = _squash(page)
    on_page = sum(len(text) for text in extra if text in haystack)
    return total > 0 and on_page >= total * _ON_PAGE


def _squash(text: str) -> str:
    return "".join(text.split())


def _length(blocks: tuple[Block, ...]) -> int:
    return sum(len(block.text) for block in blocks)

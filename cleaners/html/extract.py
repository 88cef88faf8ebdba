"""Main content of a pruned page: trafilatura's extraction, turned into blocks.

trafilatura walks the pruned tree (pruning made it small) with comments, images
and metadata off; links are kept as `<ref>` so each block's link density is known.
No URL is passed: link targets are dropped, so resolving them would be wasted work.
The page is parsed into lxml once (trafilatura copies the tree for each pass), with
lxml.html's element classes picked in C rather than by a Python lookup per element.
Any failure inside the library means "no candidate", never an exception.

Precision mode runs first, fast (without trafilatura's readability/justext
comparison, about half its cost). When that holds a good share of the pruned
page's text it is the answer; otherwise the full cascade runs: precision mode
with the comparison, and when that keeps next to nothing of the page's paragraph
text (its stricter rules threw the article's wrapper away), the default mode
too, which wins if it is much longer and holds what precision mode found (unless
that was next to nothing, such as a title alone).
"""

from __future__ import annotations

import logging
from functools import cache

import trafilatura
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.settings import Extractor

from cleaners.draft import Block
from cleaners.errors import ExtractionTimeout
from cleaners.html.blocks import from_xml

logger = logging.getLogger(__name__)

_RESCUE_SHARE = 0.2  # precision result under this share of the paragraph text: try default
_RESCUE_GAIN = 2.0  # the default result must be this many times longer
_RESCUE_AGREEMENT = 0.8  # and hold this share of the precision result's text
_QUICK_SHARE = 0.2  # fast precision result this share of the page text: taken as is
_NEXT_TO_NOTHING = 200  # characters: a precision result this short need not be held


def main_content(html: str, paragraph_chars: int, page_chars: int) -> tuple[Block, ...]:
    """The article blocks of a pruned page.

    `paragraph_chars` is the text of its `<p>` elements, `page_chars` all its text.
    """
    tree = parse(html)
    if tree is None:
        return ()
    quick = trafilatura_blocks(tree, precision=True, fast=True)
    if _length(quick) >= max(page_chars * _QUICK_SHARE, _NEXT_TO_NOTHING):
        return quick
    return _full_cascade(tree, paragraph_chars)


def parse(html: str) -> HtmlElement | None:
    """The lxml tree trafilatura works on, parsed once for all its passes (it copies it)."""
    try:
        root = etree.fromstring(html.encode("utf-8", "surrogatepass"), _parser())
    except (etree.LxmlError, ValueError):
        return None
    return root if isinstance(root, HtmlElement) else None


@cache
def _parser() -> etree.HTMLParser:
    """trafilatura's HTML parser settings, with lxml.html's element class chosen in C.

    lxml.html's own parser asks a Python function for the class of every element it
    hands out (a twentieth of trafilatura's time); only forms would get another class.
    """
    parser = etree.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
    )
    lookup = etree.ElementDefaultClassLookup(
        element=HtmlElement,
        comment=HtmlComment,
        pi=HtmlProcessingInstruction,
        entity=HtmlEntity,
    )
    parser.set_element_class_lookup(lookup)
    return parser


def _full_cascade(html: HtmlElement, paragraph_chars: int) -> tuple[Block, ...]:
    precise = trafilatura_blocks(html, precision=True)
    if _length(precise) >= paragraph_chars * _RESCUE_SHARE:
        return precise
    broad = trafilatura_blocks(html, precision=False, fast=True)
    if _length(broad) >= _length(precise) * _RESCUE_GAIN and _holds(broad, precise):
        return broad
    if max(_length(broad), _length(precise)) < _NEXT_TO_NOTHING <= paragraph_chars * _RESCUE_SHARE:
        return ()  # a title at most, on a page with paragraphs: nothing found
    return precise


def trafilatura_blocks(
    html: HtmlElement, *, precision: bool, fast: bool = False
) -> tuple[Block, ...]:
    """The blocks trafilatura finds in the tree `html` (empty when it finds nothing)."""
    try:
        result = trafilatura.bare_extraction(html, options=_options(precision=precision, fast=fast))
    except ExtractionTimeout:
        raise
    except Exception as error:  # the library's own faults become "nothing found"
        logger.debug("trafilatura failed: %r", error)
        return ()
    body = getattr(result, "body", None)
    return from_xml(body) if body is not None else ()


@cache
def _options(*, precision: bool, fast: bool) -> Extractor:
    """trafilatura's settings, built once per process (reading them costs ~0.3 ms a page).

    XML output: the body tree is all we use, so its conversion to plain text is skipped.
    """
    return Extractor(
        output_format="xml",
        comments=False,
        links=True,
        tables=True,
        precision=precision,
        fast=fast,
        with_metadata=False,
    )


def _holds(outer: tuple[Block, ...], inner: tuple[Block, ...]) -> bool:
    if _length(inner) < _NEXT_TO_NOTHING:
        return True
    haystack = _squash(" ".join(block.text for block in outer))
    texts = [_squash(block.text) for block in inner]
    total = sum(len(text) for text in texts)
    found = sum(len(text) for text in texts if text in haystack)
    return found >= total * _RESCUE_AGREEMENT


def _squash(text: str) -> str:
    return "".join(text.split())


def _length(blocks: tuple[Block, ...]) -> int:
    return sum(len(block.text) for block in blocks)

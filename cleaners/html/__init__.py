"""`clean_html`: an HTML page in, the article it holds as a `Document` out.

Stages, each checked against the per-page deadline:
decode -> parse (selectolax) -> structured data and the metadata's candidates ->
blocks scored by the learned content model (`content.py`), checked against
structured data -> page type, and the metadata chosen (the chooser reads the page's
layout) -> shared text steps -> normalizer.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners.config import CleanConfig
from cleaners.depth import nests_as_deep_as
from cleaners.document import Document
from cleaners.draft import Draft
from cleaners.errors import InputError, InputTooLarge, Rejected
from cleaners.header import take_header
from cleaners.html.charset import decode_html
from cleaners.html.choose import choose_blocks
from cleaners.html.content import scored_blocks
from cleaners.html.deadline import Deadline, interrupt_after
from cleaners.html.metadata import choose_metadata, gather_metadata
from cleaners.html.structure import with_code
from cleaners.html.structured import html_blobs, linked_data
from cleaners.pipeline import finish

# No real page nests elements this deep; parsers turn quadratic long before.
MAX_NESTING = 1000


def clean_html(
    html: bytes | str,
    *,
    url: str | None = None,
    encoding: str | None = None,
    source: str | None = None,
    config: CleanConfig | None = None,
) -> Document:
    """Extract the article of an HTML page, with its metadata.

    `encoding` is the charset the HTTP response declared, if any. Raises
    `Rejected` (`reason` `empty` or `not_article`) when the page holds no article,
    `InputTooLarge`, `ExtractionTimeout` or `NotTextError` (all `ScraperError`s).
    """
    config = config or CleanConfig()
    if len(html) > config.max_bytes:
        raise InputTooLarge(len(html), config.max_bytes)
    deadline = Deadline(config.timeout)
    with interrupt_after(deadline):  # every stage, the shared text steps too
        text = decode_html(html, encoding) if isinstance(html, bytes) else html
        if not text.strip():
            raise Rejected("empty", "no text in it")
        tree = parse(text)
        ld = linked_data(tree)
        blobs = html_blobs(tree)
        gathered = gather_metadata(tree, ld, url)  # before the content stage strips markup
        deadline.check()
        content = scored_blocks(tree, ld, config.content_model, url)
        page_text = " ".join(block.text for block in content.page.blocks)
        blocks = choose_blocks(
            with_code(content.blocks, tree, content.page), ld.body, blobs, tree, page_text
        )
        meta = choose_metadata(gathered, content.type_row, config.metadata_model)
        # header lines the model left above the content still say who, when and where,
        # but not for a field the chooser decided among the page's own candidates
        settled = gathered.found.offered()
        lead = take_header(Draft(blocks=content.lead, meta=meta, config=config, settled=settled))
        meta = lead.meta.replace(page_type=content.page_type, title=meta.title or lead.meta.title)
        draft = Draft(
            blocks=blocks, meta=meta, source=source, config=config, focused=True, settled=settled
        )
        document = finish(draft)
        deadline.check()
        return document


def parse(text: str) -> LexborHTMLParser:
    """The parsed page; one nesting deeper than any real page is refused first.

    HTML parsers take quadratic time on pathological nesting (50,000 open <div>s
    take seconds), which no time limit between stages could interrupt.
    """
    if nests_as_deep_as(text, MAX_NESTING):
        raise InputError(f"markup nests deeper than {MAX_NESTING} elements: not a real page")
    # UTF-8 bytes: what the parser works on (it would encode a str itself); lone
    # surrogates (possible in a str input) become "?" instead of failing
    return LexborHTMLParser(text.encode("utf-8", errors="replace"))

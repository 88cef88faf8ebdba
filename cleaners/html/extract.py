"""Main content of a pruned page: trafilatura's extraction, turned into blocks.

trafilatura walks the pruned tree (pruning made it small) with comments, images
and metadata off; links are kept as `<ref>` so each block's link density is known.
No URL is passed: link targets are dropped, so resolving them would be wasted work.
Any failure inside the library means "no candidate", never an exception.
"""

from __future__ import annotations

import logging

import trafilatura

from cleaners.draft import Block
from cleaners.errors import ExtractionTimeout
from cleaners.html.blocks import from_xml

logger = logging.getLogger(__name__)


def trafilatura_blocks(html: str, *, precision: bool) -> tuple[Block, ...]:
    """The blocks trafilatura finds in `html` (empty when it finds nothing)."""
    try:
        result = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_links=True,
            include_tables=True,
            favor_precision=precision,
            with_metadata=False,
        )
    except ExtractionTimeout:
        raise
    except Exception as error:  # the library's own faults become "nothing found"
        logger.debug("trafilatura failed: %r", error)
        return ()
    body = getattr(result, "body", None)
    return from_xml(body) if body is not None else ()

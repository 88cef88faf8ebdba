"""`clean_text`: dirty scraped text in, `Document` out."""

from __future__ import annotations

from cleaners.config import CleanConfig
from cleaners.document import Document
from cleaners.draft import Draft, Metadata
from cleaners.errors import InputTooLarge
from cleaners.pipeline import finish
from cleaners.segment import segment
from cleaners.unescape import unescape


def clean_text(
    text: str,
    *,
    url: str | None = None,
    source: str | None = None,
    config: CleanConfig | None = None,
) -> Document:
    """Clean dirty scraped text into the article it holds, with its metadata."""
    config = config or CleanConfig()
    if len(text) > config.max_bytes:
        raise InputTooLarge(len(text), config.max_bytes)
    blocks = segment(unescape(text))
    draft = Draft(blocks=blocks, meta=Metadata(url=url), source=source, config=config)
    return finish(draft)

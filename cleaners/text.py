"""`clean_text`: dirty scraped text in, `Document` out."""

from __future__ import annotations

from cleaners.config import CleanConfig
from cleaners.deadline import Deadline, interrupt_after
from cleaners.document import Document
from cleaners.draft import Block, Draft, Metadata
from cleaners.encoding import decode_bytes
from cleaners.errors import InputTooLarge, NotTextError, Rejected
from cleaners.pipeline import finish
from cleaners.segment import segment
from cleaners.textshape import shape_lines
from cleaners.unescape import unescape


def clean_text(
    text: str | bytes,
    *,
    url: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    config: CleanConfig | None = None,
) -> Document:
    """Clean dirty scraped text into the article it holds, with its metadata.

    `text` is a str, or bytes decoded here: BOM, then `encoding` when given, then
    UTF-8, then detection (charset-normalizer). Raises `Rejected` (with its `reason`:
    `empty`, `not_article`) when no article is left, `NotTextError` for binary bytes or
    a value that is neither str nor bytes, `InputTooLarge` over `config.max_bytes`.
    """
    config = config or CleanConfig()
    if isinstance(text, bytes | bytearray):
        if len(text) > config.max_bytes:
            raise InputTooLarge(len(text), config.max_bytes)
        text = decode_bytes(bytes(text), encoding)
    elif not isinstance(text, str):
        raise NotTextError(f"clean_text takes str or bytes, not {type(text).__name__}")
    if len(text) > config.max_bytes:
        raise InputTooLarge(len(text), config.max_bytes)
    if not text.strip():
        raise Rejected("empty", "no text in it")
    with interrupt_after(Deadline(config.timeout)):  # the same limit as clean_html's
        return finish(text_draft(text, url=url, source=source, config=config))


def text_draft(
    text: str,
    *,
    url: str | None = None,
    source: str | None = None,
    config: CleanConfig | None = None,
) -> Draft:
    """The draft `clean_text`'s steps start from (the trainers read texts through it)."""
    blocks = text_blocks(text)
    return Draft(
        blocks=blocks,
        meta=Metadata(url=url),
        source=source,
        config=config or CleanConfig(),
        given=blocks,
    )


def text_blocks(text: str) -> tuple[Block, ...]:
    """The blocks `clean_text`'s steps start from: the text unescaped, cut into blocks,
    and its lines' shapes (lists, tables, code) read (the text model trains on these)."""
    return shape_lines(segment(unescape(text)))

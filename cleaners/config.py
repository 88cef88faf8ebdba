"""`CleanConfig`: the options of the cleaners, built once at the edge and passed down."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaners.html.content import ContentModel
    from cleaners.metadata.choose import MetadataModel
    from cleaners.metadata.textlines import LineModel
    from cleaners.textblocks import TextModel

MAX_TIMEOUT = 3600.0
MAX_BYTES = 1 << 30


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    """Options for `clean_text` and `clean_html`.

    template_blocks: fingerprints (see `cleaners.template.fingerprint`) of text blocks
        known to recur across one site's pages; blocks matching them are removed.
    max_bytes: inputs larger than this raise `InputTooLarge` (at most 1 GiB).
    timeout: seconds one input may take before `ExtractionTimeout` (both paths; a
        finite number of seconds above 0, at most an hour).
    content_model: the block model `clean_html` scores with (None: the shipped one;
        `scraper bench html` passes models trained without the page's site).
    text_model: the block model `clean_text`'s boilerplate step decides with (None:
        the shipped one; `scraper bench text` passes fold models likewise).
    metadata_model: the candidate scorer `clean_html`'s metadata stage chooses the
        title, authors and publication date with (None: the shipped one; `scraper
        bench metadata` passes models trained without the page's site).
    text_title_model, text_date_model, text_authors_model: the line scorers
        `clean_text` takes a title, a publication date and authors with when the header
        lines give none (None: the shipped ones; `scraper bench metadata` passes models
        trained without the text's site).

    Out-of-range values raise `ValueError` naming the option.
    """

    template_blocks: frozenset[str] = frozenset()
    max_bytes: int = 20_000_000
    timeout: float = 5.0
    content_model: ContentModel | None = None
    text_model: TextModel | None = None
    metadata_model: MetadataModel | None = None
    text_title_model: LineModel | None = None
    text_date_model: LineModel | None = None
    text_authors_model: LineModel | None = None

    def __post_init__(self) -> None:
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, int | float):
            raise ValueError(f"timeout must be a number, got {self.timeout!r}")
        if not (math.isfinite(self.timeout) and 0 < self.timeout <= MAX_TIMEOUT):
            raise ValueError(f"timeout must be above 0 and at most {MAX_TIMEOUT:g} s")
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int):
            raise ValueError(f"max_bytes must be an integer, got {self.max_bytes!r}")
        if not 0 < self.max_bytes <= MAX_BYTES:
            raise ValueError(f"max_bytes must be above 0 and at most {MAX_BYTES}")

"""`CleanConfig`: the options of the cleaners, built once at the edge and passed down."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    """Options for `clean_text` and `clean_html`.

    template_blocks: fingerprints (see `cleaners.template.fingerprint`) of text blocks
        known to recur across one site's pages; blocks matching them are removed.
    max_bytes: inputs larger than this raise `InputTooLarge`.
    timeout: seconds one input may take before `ExtractionTimeout` (HTML path).
    """

    template_blocks: frozenset[str] = frozenset()
    max_bytes: int = 20_000_000
    timeout: float = 5.0

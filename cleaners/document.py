"""`Document`: the one result type of every path through the toolkit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from cleaners.textstats import word_count


@dataclass(frozen=True, slots=True)
class Removed:
    """A block the cleaners took out of the text, and why."""

    kind: str
    excerpt: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "excerpt": self.excerpt}


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A clean article with its metadata.

    `word_count` and `sha256` are derived from `text` and cannot be set.
    """

    text: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    # "article", "forum", "product", "documentation", "listing" or "other" (HTML
    # path, by the page-type model); None for text input
    page_type: str | None = None
    removed: tuple[Removed, ...] = ()
    # metadata field -> the source that gave it ("og:title", "json-ld:author", "h1", ...)
    provenance: dict[str, str] = field(default_factory=dict, hash=False)
    word_count: int = field(init=False)
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_count", word_count(self.text))
        object.__setattr__(self, "sha256", hashlib.sha256(self.text.encode("utf-8")).hexdigest())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: tuples become lists, `removed` a list of objects."""
        return {
            "url": self.url,
            "source": self.source,
            "title": self.title,
            "authors": list(self.authors),
            "editors": list(self.editors),
            "published": self.published,
            "modified": self.modified,
            "site_name": self.site_name,
            "language": self.language,
            "canonical_url": self.canonical_url,
            "description": self.description,
            "tags": list(self.tags),
            "image": self.image,
            "page_type": self.page_type,
            "word_count": self.word_count,
            "sha256": self.sha256,
            "text": self.text,
            "removed": [item.to_dict() for item in self.removed],
            "provenance": dict(self.provenance),
        }

"""`Document`: the one result type of every path through the toolkit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from cleaners.structure import TypedBlock, block_from_dict
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

    `word_count` and `sha256` are derived from `text` and cannot be set. `blocks` is
    the article's structure (headings, paragraphs, lists, tables, code, quotes,
    captions; see `cleaners.structure`); `text` is its plain view, the same words in
    the same order, paragraphs (and items, cells) separated by one blank line.
    """

    text: str
    blocks: tuple[TypedBlock, ...] = ()
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
            "blocks": [block.to_dict() for block in self.blocks],
            "removed": [item.to_dict() for item in self.removed],
            "provenance": dict(self.provenance),
        }

    def to_markdown(self) -> str:
        """GitHub-flavoured Markdown: title, a line of metadata, then the blocks."""
        from cleaners.render.markdown import to_markdown

        return to_markdown(self)

    def to_html(self, *, standalone: bool = True) -> str:
        """Semantic HTML (escaped; no scripts, no styles): a whole page, or with
        `standalone=False` only the `<article>` (to follow another's page)."""
        from cleaners.render.html import article_html, to_html

        return to_html(self) if standalone else article_html(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """The document of its `to_dict()` form (other keys, such as `status`, ignored)."""
        return cls(
            text=str(data.get("text") or ""),
            blocks=tuple(block_from_dict(block) for block in data.get("blocks") or ()),
            url=data.get("url"),
            source=data.get("source"),
            title=data.get("title"),
            authors=tuple(data.get("authors") or ()),
            editors=tuple(data.get("editors") or ()),
            published=data.get("published"),
            modified=data.get("modified"),
            site_name=data.get("site_name"),
            language=data.get("language"),
            canonical_url=data.get("canonical_url"),
            description=data.get("description"),
            tags=tuple(data.get("tags") or ()),
            image=data.get("image"),
            page_type=data.get("page_type"),
            removed=tuple(Removed(r["kind"], r["excerpt"]) for r in data.get("removed") or ()),
            provenance=dict(data.get("provenance") or {}),
        )

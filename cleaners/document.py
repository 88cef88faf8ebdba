"""`Document`: the one result type of every path through the toolkit."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, Self

from cleaners.structure import TypedBlock, block_from_dict
from cleaners.textstats import word_count

# Why a block was removed (`Removed.kind`). The lexicons' kinds are the section names of
# cleaners/data/boilerplate/*.txt (checked when they are loaded); the others are the
# steps' own.
RemovalKind = Literal[
    # the lexicons (cleaners/lexicon.py adds `consent` and relative-time `related`)
    "ad",
    "author_box",
    "byline",
    "comment_policy",
    "comments",
    "consent",
    "correction",
    "credit",
    "disclaimer",
    "donation",
    "end_mark",
    "newsletter",
    "pagination",
    "paywall",
    "player",
    "related",
    "source",
    "tags",
    "widget",
    # boilerplate: by the block's own evidence, or where it lies against the body
    "caption",
    "code",
    "repeated",
    "navigation",
    "footer",
    "boilerplate",
    # header: the lines that gave the metadata (and `byline`, `source` above)
    "title",
    "dateline",
    "editor",
    # template: blocks the cron job learned to recur on the site's pages
    "template",
]


@dataclass(frozen=True, slots=True)
class Removed:
    """A block the cleaners took out of the text, and why."""

    kind: RemovalKind
    excerpt: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "excerpt": self.excerpt}


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """An article's metadata, the one list of its fields: what the cleaners find (the
    draft's `meta`) and what a `Document` carries. `None` and empty mean unknown."""

    url: str | None = None
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
    # field name -> the source that gave its value ("og:title", "json-ld:author", "h1", ...)
    provenance: dict[str, str] = field(default_factory=dict, hash=False)

    def with_source(self, name: str, value: Any, source: str) -> Self:
        """This metadata with field `name` set to `value`, given by `source`."""
        return dataclasses.replace(
            self, **{name: value}, provenance={**self.provenance, name: source}
        )

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)


METADATA_FIELDS = tuple(item.name for item in dataclasses.fields(Metadata))


@dataclass(frozen=True, slots=True, kw_only=True)
class Document(Metadata):
    """A clean article with its metadata (the fields of `Metadata`).

    `word_count` and `sha256` are derived from `text` and cannot be set. `blocks` is
    the article's structure (headings, paragraphs, lists, tables, code, quotes,
    captions; see `cleaners.structure`); `text` is its plain view, the same words in
    the same order, paragraphs (and items, cells) separated by one blank line.
    """

    text: str
    blocks: tuple[TypedBlock, ...] = ()
    source: str | None = None
    removed: tuple[Removed, ...] = ()
    word_count: int = field(init=False)
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "word_count", word_count(self.text))
        object.__setattr__(self, "sha256", hashlib.sha256(self.text.encode("utf-8")).hexdigest())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: tuples become lists, `removed` a list of objects."""
        meta = {name: _plain(getattr(self, name)) for name in METADATA_FIELDS}
        provenance = meta.pop("provenance")
        return {
            "url": meta.pop("url"),
            "source": self.source,
            **meta,
            "word_count": self.word_count,
            "sha256": self.sha256,
            "text": self.text,
            "blocks": [block.to_dict() for block in self.blocks],
            "removed": [item.to_dict() for item in self.removed],
            "provenance": provenance,
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
        meta = {item.name: _typed(item, data.get(item.name)) for item in _FIELDS}
        return cls(
            **meta,
            text=str(data.get("text") or ""),
            blocks=tuple(block_from_dict(block) for block in data.get("blocks") or ()),
            source=data.get("source"),
            removed=tuple(Removed(r["kind"], r["excerpt"]) for r in data.get("removed") or ()),
        )


_FIELDS = dataclasses.fields(Metadata)


def _plain(value: Any) -> Any:
    """A metadata value as JSON data (a tuple as a list, a mapping copied)."""
    if isinstance(value, tuple):
        return list(value)
    return dict(value) if isinstance(value, dict) else value


def _typed(item: dataclasses.Field[Any], value: Any) -> Any:
    """A metadata value read back from JSON data, with its field's type."""
    if item.name == "provenance":
        return dict(value or {})
    return tuple(value or ()) if item.default == () else value

"""A `Document` as a small semantic HTML page.

`<article>` holds the title (`<h1>`), a line of metadata, then the blocks as
`<h1>`-`<h6>`, `<p>`, nested `<ul>`/`<ol>`, `<table>` (header row in `<thead>`),
`<pre><code>`, `<blockquote>` and `<figure><figcaption>`. Every text is escaped; no
script, style or attribute other than `lang` and `href` is written.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from cleaners.structure import (
    Caption,
    Code,
    Heading,
    ListBlock,
    Quote,
    Table,
    TypedBlock,
)

if TYPE_CHECKING:
    from cleaners.document import Document


def to_html(document: Document) -> str:
    """A whole HTML page holding the document's article."""
    return page_start(document) + article_html(document)


def page_start(document: Document) -> str:
    """The doctype, charset and title: what comes once before the articles."""
    title = escape(document.title or "")
    return f'<!DOCTYPE html>\n<meta charset="utf-8">\n<title>{title}</title>\n'


def article_html(document: Document) -> str:
    """The document as one `<article>` element, ending with a newline."""
    lang = f' lang="{escape(document.language)}"' if document.language else ""
    parts = [f"<article{lang}>"]
    if document.title:
        parts.append(f"<h1>{escape(document.title)}</h1>")
    facts = [escape(f) for f in (", ".join(document.authors), document.published or "") if f]
    facts += [escape(document.site_name)] if document.site_name else []
    url = document.url
    if url and url.startswith(("http://", "https://")):
        facts.append(f'<a href="{escape(url)}">{escape(url)}</a>')
    if facts:
        parts.append(f"<p>{' · '.join(facts)}</p>")
    if document.blocks:
        parts.extend(block_html(block) for block in document.blocks)
    else:
        parts.extend(f"<p>{escape(p)}</p>" for p in document.text.split("\n\n") if p)
    parts.append("</article>")
    return "\n".join(parts) + "\n"


def block_html(block: TypedBlock) -> str:
    """One block as HTML."""
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, ListBlock):
        return _list(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Code):
        return f"<pre><code>{escape(block.text)}</code></pre>"
    if isinstance(block, Quote):
        inner = "".join(f"<p>{escape(p)}</p>" for p in block.text.split("\n\n"))
        return f"<blockquote>{inner}</blockquote>"
    if isinstance(block, Caption):
        return f"<figure><figcaption>{escape(block.text)}</figcaption></figure>"
    return f"<p>{escape(block.text)}</p>"


def _list(block: ListBlock) -> str:
    """Nested lists: a deeper item opens a list inside the item above."""
    out: list[str] = []
    open_lists: list[str] = []  # the tag of each open list, outermost first
    for item in block.items:
        depth = min(item.depth, len(open_lists))
        while len(open_lists) > depth + 1:
            out.append(f"</li></{open_lists.pop()}>")
        if len(open_lists) == depth + 1:
            out.append("</li>")
        else:
            open_lists.append("ol" if item.ordered else "ul")
            out.append(f"<{open_lists[-1]}>")
        out.append(f"<li>{escape(item.text)}")
    while open_lists:
        out.append(f"</li></{open_lists.pop()}>")
    return "".join(out)


def _table(block: Table) -> str:
    rows = list(block.rows)
    parts = ["<table>"]
    if block.header and rows:
        cells = "".join(f"<th>{escape(cell)}</th>" for cell in rows.pop(0))
        parts.append(f"<thead><tr>{cells}</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)

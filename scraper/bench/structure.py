"""`scraper bench structure`: are the article's tables, code, headings and lists kept?

For each page, the elements of the source page that are part of the article are
found: data tables (two rows or more, no table inside), `<pre>` code blocks, `<h1>`-
`<h6>` headings and `<ul>`/`<ol>` lists of two items or more (outer lists only), each
counted when its text is in the gold (a heading: a line of the gold has its words
and no others; the others: at least half their 4-grams of words, as the F1 metric
counts them). Each is then looked
for in a tool's Markdown, parsed with markdown-it (CommonMark and GFM tables):

- a table is kept when one Markdown table holds 70% of its words (those in the gold);
- code when one code block (fenced or indented) holds 70% of its words, and its lines
  when it has several;
- a heading when a Markdown heading has its words (or starts or ends with them);
- a list when 70% of its items (in the gold) are Markdown list items (an item
  matches when one's words start the other's).

The share kept, per kind, over all pages of a set, for `clean_html(...).to_markdown()`
and `trafilatura.extract(..., output_format="markdown")` on the same pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners import Rejected, ScraperError, clean_html
from cleaners.html.charset import decode_html
from scraper.bench.data import Case, iter_inputs, load_cases

SETS = ("wcxb-dev", "aeb")
KINDS = ("table", "code", "heading", "list")
KEPT = 0.7  # share of an element's words (or items) that must be found
IN_GOLD = 0.5  # share of an element's 4-grams in the gold for it to be the article's
_TOKEN = re.compile(r"\w+")
_N = 4


def tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(text)]


@dataclass(slots=True)
class Tally:
    """Elements found and kept, per kind."""

    found: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)

    def share(self, kind: str) -> float | None:
        return self.kept[kind] / self.found[kind] if self.found[kind] else None


@dataclass(frozen=True, slots=True)
class Element:
    kind: str
    words: tuple[str, ...]  # the element's words that are in the gold
    lines: int = 1  # code: non-empty lines
    items: tuple[tuple[str, ...], ...] = ()  # list: each item's words


# ---- the article's elements in the source page


def page_elements(html: str, gold: str) -> list[Element]:
    """The tables, code blocks, headings and lists of `html` whose text is in `gold`."""
    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None:
        return []
    tree.strip_tags(["script", "style", "noscript", "template"])
    gold_tokens = tokens(gold)
    grams = set(_grams(gold_tokens))
    vocabulary = set(gold_tokens)
    lines = {tuple(tokens(part)) for part in gold.splitlines()}
    found: list[Element] = []
    for node in body.css("table"):
        if _data_table(node):
            found += _block_element("table", node, grams, vocabulary)
    for node in body.css("pre"):
        found += _block_element("code", node, grams, vocabulary)
    for node in body.css("h1,h2,h3,h4,h5,h6"):
        words = tuple(tokens(node.text(deep=True)))
        if words and words in lines:
            found.append(Element("heading", words))
    for node in body.css("ul,ol"):
        found += _list_element(node, grams, vocabulary)
    return found


def _grams(words: list[str]) -> Iterable[tuple[str, ...]]:
    return (tuple(words[i : i + _N]) for i in range(len(words) - _N + 1))


def _in_gold(words: list[str], grams: set[tuple[str, ...]], vocabulary: set[str]) -> bool:
    if len(words) < _N:
        return bool(words) and all(word in vocabulary for word in words)
    own = list(_grams(words))
    return sum(gram in grams for gram in own) >= IN_GOLD * len(own)


def _block_element(
    kind: str, node: LexborNode, grams: set[tuple[str, ...]], vocabulary: set[str]
) -> list[Element]:
    text = node.text(deep=True, separator=" " if kind == "table" else "")
    words = tokens(text)
    if not _in_gold(words, grams, vocabulary) or _inside(node, kind):
        return []
    lines = sum(1 for line in text.split("\n") if _TOKEN.search(line))
    return [Element(kind, tuple(w for w in words if w in vocabulary), lines=lines)]


def _data_table(node: LexborNode) -> bool:
    if len(node.css("table")) > 1:  # the node itself, and a table inside
        return False
    rows = [row for row in node.css("tr") if len(row.css("td,th")) >= 2]
    return len(rows) >= 2


def _inside(node: LexborNode, kind: str) -> bool:
    """True when an element of the same kind holds `node` (it is counted there)."""
    tags = {"table": ("table",), "code": ("pre",), "list": ("ul", "ol")}[kind]
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _list_element(
    node: LexborNode, grams: set[tuple[str, ...]], vocabulary: set[str]
) -> list[Element]:
    if _inside(node, "list"):
        return []
    items = [tuple(tokens(li.text(deep=True))) for li in node.css("li")]
    items = [item for item in items if item]
    if len(items) < 2 or not _in_gold([w for item in items for w in item], grams, vocabulary):
        return []
    kept = tuple(item for item in items if _in_gold(list(item), grams, vocabulary))
    return [Element("list", (), items=kept)] if kept else []


# ---- what a Markdown text holds


@dataclass(slots=True)
class MarkdownParts:
    headings: list[tuple[str, ...]] = field(default_factory=list)
    tables: list[Counter[str]] = field(default_factory=list)
    code: list[tuple[Counter[str], int]] = field(default_factory=list)
    items: list[tuple[str, ...]] = field(default_factory=list)


def markdown_parts(markdown: str) -> MarkdownParts:
    """The headings, tables, code blocks and list items of `markdown`."""
    parts = MarkdownParts()
    stream = MarkdownIt("commonmark").enable("table").parse(markdown)
    heading = item = table = 0
    cells: list[str] = []
    for token in stream:
        kind = token.type
        if kind in ("fence", "code_block"):
            lines = sum(1 for line in token.content.split("\n") if _TOKEN.search(line))
            parts.code.append((Counter(tokens(token.content)), lines))
        elif kind == "heading_open":
            heading += 1
        elif kind == "heading_close":
            heading -= 1
        elif kind == "list_item_open":
            item += 1
        elif kind == "list_item_close":
            item -= 1
        elif kind == "table_open":
            table, cells = table + 1, []
        elif kind == "table_close":
            table -= 1
            parts.tables.append(Counter(tokens(" ".join(cells))))
        elif kind == "inline":
            words = tuple(tokens(token.content))
            if table:
                cells.append(token.content)
            elif heading:
                parts.headings.append(words)
            elif item:
                parts.items.append(words)
    return parts


def kept(element: Element, parts: MarkdownParts) -> bool:
    """True when `parts` holds `element` as Markdown structure."""
    if element.kind == "heading":
        return any(_heading_match(element.words, h) for h in parts.headings)
    if element.kind == "list":
        found = sum(any(_prefix(item, md) for md in parts.items) for item in element.items)
        return found >= KEPT * len(element.items)
    if element.kind == "table":
        return any(_covered(element.words, table) for table in parts.tables)
    return any(
        _covered(element.words, code) and (element.lines < 2 or lines >= 2)
        for code, lines in parts.code
    )


def _heading_match(words: tuple[str, ...], heading: tuple[str, ...]) -> bool:
    n = len(words)
    return bool(n) and (heading[:n] == words or heading[-n:] == words)


def _prefix(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    n = min(len(a), len(b))
    return n > 0 and a[:n] == b[:n]


def _covered(words: tuple[str, ...], held: Counter[str]) -> bool:
    if not words:
        return False
    need = Counter(words)
    return sum(min(count, held[w]) for w, count in need.items()) >= KEPT * len(words)


# ---- the run


def _ours(html: bytes, url: str) -> str:
    try:
        return clean_html(html, url=url or None).to_markdown()
    except (Rejected, ScraperError):
        return ""


def _trafilatura(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url or None, output_format="markdown") or ""


TOOLS: dict[str, Callable[[bytes, str], str]] = {
    "ours (to_markdown)": _ours,
    "trafilatura markdown": _trafilatura,
}


def run_set(data: Path, name: str) -> dict[str, Tally]:
    """Per tool, the elements found and kept on set `name`."""
    tallies = {tool: Tally() for tool in TOOLS}
    cases: list[Case] = load_cases(data, name, dirty=False)
    for case, raw in iter_inputs(cases):
        elements = page_elements(decode_html(raw), case.truth)
        if not elements:
            continue
        for tool, extract in TOOLS.items():
            parts = markdown_parts(extract(raw, case.url))
            tally = tallies[tool]
            for element in elements:
                tally.found[element.kind] += 1
                tally.kept[element.kind] += kept(element, parts)
    return tallies


def run(data: Path, sets: Iterable[str] = SETS) -> dict[str, dict[str, Tally]]:
    return {name: run_set(data, name) for name in sets}


def format_results(results: dict[str, dict[str, Tally]]) -> str:
    """One Markdown table: set, tool, then the share kept of each kind (count found)."""
    head = "| set | tool | " + " | ".join(KINDS) + " |"
    lines = [head, "|---|---|" + "---|" * len(KINDS)]
    for name, tallies in results.items():
        for tool, tally in tallies.items():
            cells = []
            for kind in KINDS:
                share = tally.share(kind)
                cells.append("-" if share is None else f"{share:.2f} ({tally.found[kind]})")
            lines.append(f"| {name} | {tool} | " + " | ".join(cells) + " |")
    return "\n".join(lines)

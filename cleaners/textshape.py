"""The structure plain text shows: lists, headings, tables and code in a text dump.

Read from the segmented lines before any block is removed (neighbours still there):

- bulleted lines (`-`, `*`, `•`, ...) and numbered lines (`1.`, `2)`) are list items,
  nested by their indentation; one numbered line alone, short and without a full
  stop, before a paragraph, is a numbered heading (`2. Methods`);
- a line underlined with `===` or `---` is a heading (level 1 or 2), as is a line
  starting with `#` marks, and a short line that ends no sentence between two
  paragraphs of prose (level 2);
- two lines or more with pipes (`| a | b |`) are a table, a `|---|` line under the
  first marking it a header row; three lines or more split into the same number (2+)
  of columns by runs of spaces are an aligned table;
- lines between ``` fences are code, and so is a run of lines indented deeper than
  the text around them that reads as code (brackets, `=`, `;`, keywords).

Only shapes are set: the blocks and their texts stay as they are, so `Document.text`
does not change. Markers (bullets, numbers, `#`, pipes) are taken off the typed
blocks' text in `cleaners.assemble` (`Shape.marked`).
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections.abc import Sequence

from cleaners.draft import Block
from cleaners.structure import Shape

BULLET = re.compile(r"^[*•·+\-–—▪◦●○■□➢►✓✔]\s+\S")
NUMBER = re.compile(r"^\d{1,3}[.)]\s+\S")
_SUBSECTION = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+\S")
ATX = re.compile(r"^#{1,6}\s+\S")
_UNDERLINE = re.compile(r"^(?:={3,}|-{3,})$")
_FENCE = re.compile(r"^(?:```|~~~)\s*([\w+#.-]*)\s*$")
_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?$")
_COLUMNS = re.compile(r"\s{2,}")
_CODE_SIGNS = re.compile(
    r"[;{}]\s*$|^\s*(?:def|class|import|from|return|if|for|while|function|var|let|const|"
    r"#include|public|private|print|echo|SELECT|sudo|pip|npm|\$)\b|\w\(.*\)|\s=\s"
)
_SENTENCE_END = re.compile(r"[.!?。！？:;]$")
_HEADING_WORDS = 10
# an unmarked heading: at most this many words (or CJK characters), between paragraphs
# of at least _PROSE characters, the one above ending a sentence
_UNMARKED_WORDS = 8
_UNMARKED_CJK = 30
_PROSE = 100
_LABELS = 2
_LABEL_CHARS = 25
_PARAGRAPH_END = re.compile(r"[.!?。！？…][\"'”’»)）]*$")
_CODE_INDENT = 4


def shape_lines(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """`blocks` with the shapes their lines show (see the module docstring)."""
    shapes: list[Shape | None] = [block.shape for block in blocks]
    texts = [block.text.strip() for block in blocks]
    _fences(texts, blocks, shapes)
    _indented_code(texts, blocks, shapes)
    _tables(texts, shapes)
    _aligned_tables(texts, shapes)
    _headings(texts, shapes)
    _lists(texts, blocks, shapes)
    return tuple(
        dataclasses.replace(block, shape=shape) if shape is not block.shape else block
        for block, shape in zip(blocks, shapes, strict=True)
    )


def _free(shapes: list[Shape | None], i: int, blocks: Sequence[Block] | None = None) -> bool:
    return shapes[i] is None and (blocks is None or blocks[i].tag == "p")


def _fences(texts: list[str], blocks: Sequence[Block], shapes: list[Shape | None]) -> None:
    """Fence lines pair up in order (first with second, third with fourth, ...): what
    lies between a pair is code; a last fence with none after it opens nothing."""
    fences = [(i, match) for i, text in enumerate(texts) if (match := _FENCE.match(text))]
    for (start, match), (end, _closing) in zip(fences[::2], fences[1::2], strict=False):
        body = range(start + 1, end)
        code = _verbatim([blocks[j] for j in body])
        shapes[start] = shapes[end] = Shape("rule")
        for j in body:
            shapes[j] = Shape("code", group=start, code=code, language=match.group(1) or None)


def _verbatim(blocks: list[Block]) -> str:
    base = min((block.indent for block in blocks), default=0)
    return "\n".join(" " * (block.indent - base) + block.text for block in blocks)


def _indented_code(texts: list[str], blocks: Sequence[Block], shapes: list[Shape | None]) -> None:
    if not blocks:
        return
    body = statistics.median_low([block.indent for block in blocks])
    i = 0
    while i < len(blocks):
        j = i
        while (
            j < len(blocks) and _free(shapes, j, blocks) and blocks[j].indent >= body + _CODE_INDENT
        ):
            j += 1
        run = range(i, j)
        signs = sum(bool(_CODE_SIGNS.search(texts[k])) for k in run)
        if len(run) >= 2 and signs * 2 >= len(run):
            code = _verbatim([blocks[k] for k in run])
            for k in run:
                shapes[k] = Shape("code", group=i, code=code)
        i = max(j, i + 1)


def _tables(texts: list[str], shapes: list[Shape | None]) -> None:
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and shapes[j] is None and texts[j].count("|") >= 2:
            j += 1
        rows = [k for k in range(i, j) if not _RULE.match(texts[k])]
        if len(rows) >= 2 and len(rows) < j - i + 1:
            header = j - i > 1 and bool(_RULE.match(texts[i + 1]))
            for k in range(i, j):
                if _RULE.match(texts[k]):
                    shapes[k] = Shape("rule")
                else:
                    shapes[k] = Shape("row", group=i, row=k, header=header and k == i, marked=True)
        i = max(j, i + 1)


def _aligned_tables(texts: list[str], shapes: list[Shape | None]) -> None:
    i = 0
    while i < len(texts):
        width = _columns(texts[i]) if shapes[i] is None else 0
        j = i + 1
        while width >= 2 and j < len(texts) and shapes[j] is None and _columns(texts[j]) == width:
            j += 1
        if width >= 2 and j - i >= 3:
            for k in range(i, j):
                shapes[k] = Shape("row", group=i, row=k, marked=True)
        i = j if width >= 2 else i + 1


def _columns(text: str) -> int:
    return len(_COLUMNS.split(text)) if "  " in text else 0


def _headings(texts: list[str], shapes: list[Shape | None]) -> None:
    for i, text in enumerate(texts):
        if shapes[i] is not None:
            continue
        if ATX.match(text):
            level = len(text) - len(text.lstrip("#"))
            shapes[i] = Shape("heading", level=level, marked=True)
        elif i + 1 < len(texts) and _UNDERLINE.match(texts[i + 1]) and not _UNDERLINE.match(text):
            shapes[i] = Shape("heading", level=1 if texts[i + 1][0] == "=" else 2)
            shapes[i + 1] = Shape("rule")
        elif _SUBSECTION.match(text) and _heading_like(texts, i):
            shapes[i] = Shape("heading", level=3)
        elif _between_paragraphs(texts, i):
            shapes[i] = Shape("heading", level=2)


def _between_paragraphs(texts: list[str], i: int) -> bool:
    """A short line that does not end a sentence, between two paragraphs of prose."""
    if i == 0 or i + 1 >= len(texts):
        return False
    text, after = texts[i], texts[i + 1]
    # the paragraph above, past a label line or two ("Anzeige", "Advertisement")
    above = [t for t in texts[max(0, i - 1 - _LABELS) : i] if len(t) >= _LABEL_CHARS]
    before = above[-1] if above else ""
    words = len(text.split())
    short = 2 <= words <= _UNMARKED_WORDS or (
        words == 1 and not text.isascii() and 4 <= len(text) <= _UNMARKED_CJK
    )
    return (
        short
        and not _SENTENCE_END.search(text)
        and not text.endswith((",", "-", "–", "—", "…"))
        and text[0].isalnum()
        and (text[0].isupper() or text[0].isdigit() or not text[0].isascii())
        and not (BULLET.match(text) or NUMBER.match(text))
        and len(before) >= _PROSE
        and _PARAGRAPH_END.search(before) is not None
        and len(after) >= _PROSE
    )


def _heading_like(texts: list[str], i: int) -> bool:
    """Short, no full stop, and a longer paragraph follows."""
    text = texts[i]
    following = texts[i + 1] if i + 1 < len(texts) else ""
    return (
        len(text.split()) <= _HEADING_WORDS
        and not _SENTENCE_END.search(text)
        and len(following) > len(text) * 2
    )


def _lists(texts: list[str], blocks: Sequence[Block], shapes: list[Shape | None]) -> None:
    marked = [
        _free(shapes, i, blocks) and bool(BULLET.match(t) or NUMBER.match(t))
        for i, t in enumerate(texts)
    ]
    i = 0
    while i < len(texts):
        if not marked[i]:
            i += 1
            continue
        j = i
        while j < len(texts) and marked[j]:
            j += 1
        if j - i == 1 and NUMBER.match(texts[i]) and _heading_like(texts, i):
            shapes[i] = Shape("heading", level=2, marked=True)
        else:
            indents = sorted({blocks[k].indent for k in range(i, j)})
            for k in range(i, j):
                level = indents.index(blocks[k].indent) + 1
                ordered = bool(NUMBER.match(texts[k]))
                shapes[k] = Shape(
                    "item", level=level, group=i, unit=k, ordered=ordered, marked=True
                )
        i = j

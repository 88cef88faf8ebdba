"""What a reader sees next to the headline: byline and dateline lines.

The page's visible text is cut into lines, one per block element (inline markup
such as links stays inside its line). The header is the headline's line (the first
`<h1>`), a few lines before it and the short lines after it up to the first
paragraph of prose. Lines there that carry a date are datelines ("Updated ..."
ones give the modified date); lines with a byline label ("By", "Autor:", "文/") give
authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.datafiles import data_lines
from cleaners.dates import find_date
from cleaners.metadata.tags import page_title
from cleaners.metadata.titles import overlap

_BEFORE = 3
_AFTER = 15
_PROSE = 200  # a line this long is the body's first paragraph: the header ends
_DATELINE = 100  # longest line read as a dateline
_LABEL_LINE = 30  # longest line above a date that labels it ("Joined", "Last modified")
_MAX_NODES = 20_000
# A line is read up to this many characters: metadata sits in short lines, and a 19 MB
# paragraph split into words would hold millions of strings at once.
_LINE_CHARS = 10_000


@dataclass(frozen=True, slots=True)
class Header:
    """The page's visible lines; `headline` is the index of the first `<h1>`'s line,
    `anchor` that of the `<h1>` most like the page's `<title>`, which the header lines
    (bylines, datelines) are read around."""

    lines: tuple[str, ...] = ()
    headline: int | None = None
    anchor: int | None = None

    def shown_text(self) -> str:
        """All visible text, case folded, for "is this name shown" checks."""
        return "\n".join(self.lines).casefold()

    def shown_days(self, years: frozenset[str], *, window: bool = False) -> frozenset[str]:
        """The calendar days of `years` printed on the page, or in the header with
        `window` (the first date of each short line that holds one of the years)."""
        days = set()
        for line in self.window() if window else self.lines:
            if len(line) >= _PROSE or not any(year in line for year in years):
                continue
            found = find_date(line)
            if found:
                days.add(found.iso[:10])
        return frozenset(days)

    def window(self) -> tuple[str, ...]:
        """The header: a few lines before the headline, it, and the short lines after."""
        if self.anchor is None:
            return ()
        start = max(0, self.anchor - _BEFORE)
        after = []
        for line in self.lines[self.anchor + 1 : self.anchor + 1 + _AFTER]:
            if len(line) >= _PROSE:
                break
            after.append(line)
        return (*self.lines[start : self.headline], *after)

    def after(self) -> tuple[str, ...]:
        """The header lines after the headline's own line."""
        return self.window()[min(_BEFORE, self.anchor or 0) + 1 :]


@lru_cache(maxsize=1)
def _byline_re() -> re.Pattern[str]:
    """A byline label, then the names; a label that is also a plain word ("Text") needs
    a colon or slash after it, "By"-like ones and non-Latin ones a space at least."""
    words = sorted(data_lines("bylines.txt"), key=len, reverse=True)
    spaced = "|".join(re.escape(w) for w in words if _space_ok(w))
    marked = "|".join(re.escape(w) for w in words)
    return re.compile(
        rf"(?:^|[|•·]\s*)(?:(?:{spaced})(?:\s*[:：/|｜]\s*|\s+)|(?:{marked})\s*[:：/|｜]\s*)(.+)$",
        re.I,
    )


def _space_ok(label: str) -> bool:
    return not label.isascii() or " by" in f" {label}" or label in _SPACED


_SPACED = frozenset({"von", "par", "por", "door", "av", "af", "di", "de"})


@cache  # one per label file
def _label_re(name: str) -> re.Pattern[str]:
    """Any word of data file `name` in a dateline's label."""
    words = "|".join(re.escape(w) for w in data_lines(name))
    return re.compile(rf"(?<![a-z])(?:{words})(?![a-z])", re.I)


def visible_lines(tree: LexborHTMLParser) -> Header:
    """The text of `tree`'s body as lines (one per block element), and the headline's.

    Written as one loop over the nodes (it runs for every node of every page): each
    text node's line element is looked up once per parent.
    """
    body = tree.body
    if body is None:
        return Header()
    lines: list[str] = []
    current: list[str] = []
    block_id: int | None = None
    h1_lines: list[int] = []  # the line of each <h1>
    h1_id: int | None = None  # the <h1> whose line is not known yet
    owners: dict[int, LexborNode | None] = {}  # parent's mem_id -> its line element
    unseen, line_tags = _tags("unseen_tags.txt"), _tags("line_tags.txt")
    for count, node in enumerate(body.traverse(include_text=True)):
        if count > _MAX_NODES:
            break
        if node.tag != "-text":
            continue
        parent = node.parent
        if parent is None:
            continue
        key = parent.mem_id
        if key not in owners:
            owners[key] = _line_element(parent, unseen, line_tags)
        owner = owners[key]
        if owner is None:
            continue
        text = node.text_content or ""
        if owner.mem_id != block_id:
            _flush(current, lines)
            current, block_id = [], owner.mem_id
            h1_id = owner.mem_id if owner.tag == "h1" else None
        if block_id == h1_id and text.strip():
            h1_lines.append(len(lines))
            h1_id = None
        current.append(text)
    _flush(current, lines)
    headline = h1_lines[0] if h1_lines else None
    return Header(tuple(lines), headline, _anchor(lines, h1_lines, page_title(tree)))


def _anchor(lines: list[str], h1_lines: list[int], title: str) -> int | None:
    """The `<h1>` line the header is read around: the one sharing the largest part of its
    words with the `<title>`, the first on a tie. A site's logo in the first `<h1>` shares
    only the site's name with the title; the article's own headline further down shares
    most of its words."""
    best, best_share = None, -1.0
    for index in h1_lines:
        share = overlap(lines[index] if index < len(lines) else "", title)
        if share > best_share:
            best, best_share = index, share
    return best


@lru_cache(maxsize=2)
def _tags(name: str) -> frozenset[str]:
    return frozenset(data_lines("html", name))


def _line_element(
    parent: LexborNode | None, unseen: frozenset[str], line_tags: frozenset[str]
) -> LexborNode | None:
    """The line element holding a text node whose parent is `parent` (None: unseen)."""
    while parent is not None:
        tag = parent.tag
        if tag in unseen:
            return None
        if tag in line_tags:
            return parent
        parent = parent.parent
    return None


def _flush(current: list[str], lines: list[str]) -> None:
    text = " ".join(" ".join(current)[:_LINE_CHARS].split())
    if text:
        lines.append(text)


def bylines(window: tuple[str, ...]) -> list[str]:
    """The names after a byline label in the header lines ("By X", "Written by" / "X")."""
    found = []
    for i, line in enumerate(window):
        if len(line) > _DATELINE:
            continue
        joined = f"{line} {window[i + 1]}" if i + 1 < len(window) else line
        match = _byline_re().search(joined if _label_only_re().match(line) else line)
        if match and _starts_name(match.group(1)):
            found.append(_cut_tail(match.group(1)))
    return [f for f in found if f.strip()]


def beside_date(window: tuple[str, ...]) -> list[str]:
    """A person's name alone on the line just before or after a dateline."""
    for i, line in enumerate(window):
        if len(line) > _DATELINE or find_date(line) is None:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(window) and _NAME_LINE.match(window[j]):
                return [window[j]]
    return []


_NAME_LINE = re.compile(
    r"^(?:Dr\.?\s)?[A-Z][a-z'’-]{1,15}(?:\s[A-Z]\.)?(?:\s(?:Mc|Mac|O')?[A-Z][a-z'’-]{1,15}){1,2}$"
)
_SEPARATED = re.compile(r"\s[»›|·•]\s")
_TAIL = re.compile(r"\s+(?:on|am|le|el|il|op|em|w|-|–|—|\||·|•)\s*$|\s*[-–—|·•:]\s*$", re.I)


def _starts_name(value: str) -> bool:
    first = value.lstrip()[:1]
    return bool(first) and (first.isupper() or not first.isascii())


def _cut_tail(value: str) -> str:
    date = find_date(value)
    value = value[: date.start] if date else value
    value = _SEPARATED.split(value, maxsplit=1)[0]  # "X » Tue Aug 27": a name has no »
    for _ in range(2):
        value = _TAIL.sub("", value)
    return value.strip()


@lru_cache(maxsize=1)
def _label_only_re() -> re.Pattern[str]:
    words = sorted(data_lines("bylines.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"^(?:{alternatives})\s*[:：]?$", re.I)


def shows_relative_date(window: tuple[str, ...]) -> bool:
    """A short header line prints a relative date ("3 days ago", "Yesterday at 4:25")."""
    pattern = _label_re("relative_dates.txt")
    return any(len(line) <= _DATELINE and pattern.search(line) for line in window)


def datelines(window: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(published, modified) dates printed in the header lines, in order."""
    published: list[str] = []
    modified: list[str] = []
    previous = ""
    for line in window:
        before, previous = previous, line
        if len(line) > _DATELINE:
            continue
        date = find_date(line)
        if date is None:
            continue
        # a date alone on its line is labelled by a short line above it ("Joined" / "Nov 4")
        own = line[: date.start]
        label = date_label(own if own.strip() or len(before) > _LABEL_LINE else before)
        if label == "other":
            continue
        (modified if label == "updated" else published).append(date.iso)
    return published, modified


def date_label(label: str) -> str | None:
    """What the words before a printed date say it is: "other" (a birth, an event, an
    expiry: `other_date_labels.txt`), "updated" (`updated_labels.txt`), or None."""
    if _label_re("other_date_labels.txt").search(label):
        return "other"
    return "updated" if _label_re("updated_labels.txt").search(label) else None

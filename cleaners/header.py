"""Header metadata: title, byline, date and source, taken out of the blocks before the body.

The header zone is the run of blocks before the first prose block. In it, a dateline
gives `published` (and `site_name` when it names a source), byline labels (`By`,
`Autor:`, `文|`, `撰文/`, ... from cleaners/data/bylines.txt) give authors, a bare
name beside the dateline is an author too, and the title is the title-like block
nearest before that cluster (or the first block when the zone is just one line).
When the header names no author, a labelled byline after the last paragraph does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from cleaners.blockstats import Stats, stats
from cleaners.datafiles import data_lines
from cleaners.dates import find_date
from cleaners.document import RemovalKind
from cleaners.draft import Block, Draft
from cleaners.lexicon import lexicon, normalize
from cleaners.metadata.people import people

_ZONE_LIMIT = 40
_SEP = r"\s*(?:[/|｜:：]|\s)\s*"
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_LATIN_NAME = re.compile(r"^[A-ZÀ-Ý][\w'’.-]+(?:\s+[A-ZÀ-Ý][\w'’.-]+){1,2}$")
_TITLE_END = re.compile(r"[.。;；,，:：]$")
# A headline has at least this many words (CJK: characters / 1.5) and stands at most
# this many blocks above the dateline or byline.
_TITLE_WORDS = 3
# An editor credit is a short line of its own.
_EDITOR_LINE = 60
_TITLE_REACH = 8
_TITLE_CHARS = 300
# A closing byline stands among this many last blocks.
_CLOSING = 4


def _word(word: str) -> str:
    """`word` as a pattern: a Latin-script word only as a whole word."""
    return rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word)


@lru_cache(maxsize=1)
def _name_split() -> re.Pattern[str]:
    """What joins two names in a byline: punctuation, or a word of name_joiners.txt."""
    words = "|".join(_word(word) for word in data_lines("name_joiners.txt"))
    return re.compile(rf"\s*(?:,|，|、|;|；|/|&|{words})\s*")


@lru_cache(maxsize=1)
def _role() -> re.Pattern[str]:
    """A role word of byline_roles.txt ending a byline, with what follows a Latin one."""
    roles = "|".join(
        _word(role) + ".*" if role.isascii() else re.escape(role)
        for role in data_lines("byline_roles.txt")
    )
    return re.compile(rf"\s*(?:{roles})$", re.I)


@lru_cache(maxsize=1)
def _labels(name: str) -> tuple[str, ...]:
    return tuple(sorted(data_lines(name), key=len, reverse=True))


def _alternatives(name: str) -> str:
    """The labels of data file `name` as a regex alternation, longest first."""
    return "|".join(re.escape(label) for label in _labels(name))


@lru_cache(maxsize=2)
def _label_re(name: str) -> re.Pattern[str]:
    alternatives = _alternatives(name)
    return re.compile(rf"^(?:{alternatives}){_SEP}(.+)$", re.I)


@lru_cache(maxsize=1)
def _suffix_re() -> re.Pattern[str]:
    """A short name, a role word after it ("홍길동 기자"), maybe an e-mail address."""
    alternatives = _alternatives("byline_suffixes.txt")
    return re.compile(
        rf"^([^\W\d_]{{2,4}}(?:\s[^\W\d_]{{2,4}})?)\s*(?:{alternatives})(?:\s+\S+@\S+)?$"
    )


@lru_cache(maxsize=1)
def _inline_label_re() -> re.Pattern[str]:
    alternatives = _alternatives("bylines.txt")
    return re.compile(rf"(?:^|\s)(?:{alternatives}){_SEP}(.+)$", re.I)


@lru_cache(maxsize=1)
def _editor_re() -> re.Pattern[str]:
    """An editor label and the name after it, anywhere in a short line ("【责任编辑:X】")."""
    alternatives = _alternatives("editors.txt")
    return re.compile(rf"(?:^|[\s【\[(（|｜])(?:{alternatives}){_SEP}([^】\])）|｜;；]+)", re.I)


@dataclass
class _Found:
    title: int | None = None
    dateline: int | None = None
    published: str | None = None
    site: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    used: dict[int, RemovalKind] = field(default_factory=dict)

    def add(self, names: list[str], to: list[str]) -> None:
        to.extend(n for n in names if n not in to)


def take_header(draft: Draft) -> Draft:
    blocks = draft.blocks
    sts = [stats(b) for b in blocks[:_ZONE_LIMIT]]
    # the zone ends at the first prose that is not page furniture (a cookie notice is)
    end = next(
        (i for i, st in enumerate(sts) if st.prose and lexicon().match(blocks[i].text) is None),
        len(sts),
    )
    found = _Found()
    for i in range(end):
        _read_meta(blocks[i], i, found)
    _bare_author(blocks, sts, found)
    _read_editors(blocks, end, found)
    if not draft.meta.title:
        found.title = _pick_title(blocks, sts, end, found)
        if found.title is not None:
            found.used[found.title] = "title"
    _closing_byline(blocks, end, found)  # after the title: it anchors no headline
    return _apply(draft, found)


def _read_meta(block: Block, i: int, found: _Found) -> None:
    text = block.text.strip(" •·*|-–—[]【】()（）")
    suffixed = _suffix_re().match(text)
    if suffixed:
        found.add(_names(suffixed.group(1)), found.authors)
        found.used[i] = "byline"
        return
    byline = _label_re("bylines.txt").match(text)
    if byline and len(text) <= 80 and not find_date(text):
        names = _names(byline.group(1))
        if names:
            found.add(names, found.authors)
            found.used[i] = "byline"
            return
    date = find_date(text) if len(text) <= 120 else None
    if date and found.published is None and len(text) - (date.end - date.start) <= 60:
        found.published, found.dateline = date.iso, i
        found.used[i] = "dateline"
        rest = text[: date.start] + " " + text[date.end :]
        _read_source(rest, found)
        _read_inline_byline(rest, found)
        return
    if _read_source(text, found) and len(text) <= 60:
        found.used[i] = "source"


def _closing_byline(blocks: tuple[Block, ...], zone_end: int, found: _Found) -> None:
    """A byline after the last paragraph ("Autor: X", "Text: X") when the header had none."""
    if found.authors:
        return
    for i in range(len(blocks) - 1, max(zone_end, len(blocks) - _CLOSING) - 1, -1):
        text = blocks[i].text.strip(" •·*|-–—[]【】()（）")
        if stats(blocks[i]).prose:
            return  # the body's last paragraph: a byline above it is not a closing one
        byline = _label_re("bylines.txt").match(text)
        if byline and len(text) <= _EDITOR_LINE and not find_date(text):
            names = _names(byline.group(1))
            if names and all(_LATIN_NAME.match(n) or _CJK_NAME.match(n) for n in names):
                found.add(names, found.authors)
                found.used[i] = "byline"
                return


def _read_editors(blocks: tuple[Block, ...], zone_end: int, found: _Found) -> None:
    """Editors named anywhere on short lines; such lines in the header zone leave."""
    for i, block in enumerate(blocks):
        if len(block.text) > _EDITOR_LINE or i in found.used:
            continue
        if not _editor_re().search(block.text):
            continue
        names = [n for m in _editor_re().finditer(block.text) for n in _names(m.group(1))]
        if names:
            found.add(names, found.editors)
            if i < zone_end:
                found.used[i] = "editor"


def _read_source(text: str, found: _Found) -> bool:
    for part in re.split(r"\s{2,}|[|｜]", text):
        source = _label_re("sources.txt").search(part.strip())
        if source and found.site is None:
            site = source.group(1).strip(" :：")
            if 0 < len(site) <= 40:
                found.site = site
                return True
    return False


def _read_inline_byline(text: str, found: _Found) -> None:
    """A byline inside a dateline: "March 4, 2026 by Jane Doe", "Autor: X | 4.3.2026"."""
    for part in re.split(r"\s{2,}|[|｜]", text):
        byline = _inline_label_re().search(part.strip())
        if byline:
            found.add(_names(byline.group(1)), found.authors)


def _names(value: str) -> list[str]:
    """Person names out of a byline's value; empty when it does not look like names."""
    value = _role().sub("", value.strip(" :：/|"))
    names = []
    for raw in _name_split().split(value):
        part = _role().sub("", raw.strip(" .·"))
        if not part or len(part) > 40 or len(part.split()) > 4:
            continue
        if lexicon().match(part) or re.search(r"[!?。！？@\d]|https?:", part):
            continue
        if people([part]):  # not an agency, a role or a team ("Reuters", "Staff")
            names.append(part)
    return names


def _bare_author(blocks: tuple[Block, ...], sts: list[Stats], found: _Found) -> None:
    """A name alone on the line next to the dateline is the author."""
    if found.dateline is None or found.authors:
        return
    for i in (found.dateline - 1, found.dateline + 1):
        if 0 <= i < len(sts) and i not in found.used:
            text = blocks[i].text.strip()
            is_name = _CJK_NAME.match(text) or (_LATIN_NAME.match(text) and sts[i].ui_share == 0)
            persons = people([text]) if is_name and not lexicon().match(text) else ()
            if persons:  # "By Reuters" beside the dateline names an agency, no person
                found.authors.extend(persons)
                found.used[i] = "byline"
                return


def _title_like(block: Block, st: Stats) -> bool:
    """A headline: a few words at least, not a name, a menu, a date or a sentence's end."""
    text = block.text.strip()
    if st.bullet or st.ui_share >= 0.5 or not st.has_letters or st.words < _TITLE_WORDS:
        return False
    if not 8 <= st.weight <= 300 or _TITLE_END.search(text) or _LATIN_NAME.match(text):
        return False
    return lexicon().match(text) is None and find_date(text) is None


def _pick_title(blocks: tuple[Block, ...], sts: list[Stats], end: int, found: _Found) -> int | None:
    """The headline above the dateline/byline: one the page repeats, else the nearest."""
    anchors = list(found.used)
    if anchors:
        first = min(anchors)
        near = [
            i
            for i in range(first - 1, max(-1, first - _TITLE_REACH), -1)
            if i not in found.used and _title_like(blocks[i], sts[i])
        ]
        keys = Counter(normalize(b.text) for b in blocks if len(b.text) <= _TITLE_CHARS)
        repeated = [i for i in near if keys[normalize(blocks[i].text)] > 1]
        picks = repeated or near
        return picks[0] if picks else None
    if end == 1 and _title_like(blocks[0], sts[0]) and len(blocks) > 1:
        return 0
    return None


def _apply(draft: Draft, found: _Found) -> Draft:
    meta = draft.meta
    changes: dict[str, object] = {}
    if found.title is not None:
        changes["title"] = draft.blocks[found.title].text.strip()
    if found.published and not meta.published:
        changes["published"] = found.published
    if found.site and not meta.site_name:
        changes["site_name"] = found.site
    if found.editors and not meta.editors:
        changes["editors"] = tuple(found.editors)
    if found.authors and not meta.authors:
        changes["authors"] = tuple(found.authors)
    keep = [b for i, b in enumerate(draft.blocks) if i not in found.used]
    dropped = [(kind, draft.blocks[i]) for i, kind in sorted(found.used.items())]
    draft = draft.drop(keep, dropped)
    for name, value in changes.items():
        if name not in draft.settled:
            meta = meta.with_source(name, value, _SOURCES[name])
    return draft.replace(meta=meta) if meta is not draft.meta else draft


# provenance of what the header lines give
_SOURCES = {
    "title": "text:title",
    "published": "text:dateline",
    "site_name": "text:source",
    "editors": "text:editor",
    "authors": "text:byline",
}


def drop_title_repeats(draft: Draft) -> Draft:
    """The title again inside the text (page dumps repeat it) is removed."""
    title = draft.meta.title
    if not title:
        return draft
    key = normalize(title)
    longest = 2 * len(title) + 20  # a repeat may carry bullets and spaces, not more
    keep: list[Block] = []
    dropped: list[tuple[RemovalKind, Block]] = []
    for block in draft.blocks:
        if len(block.text) <= longest and normalize(block.text) == key:
            dropped.append(("title", block))
        else:
            keep.append(block)
    return draft.drop(keep, dropped)

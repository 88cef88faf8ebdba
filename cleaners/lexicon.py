"""The boilerplate lexicons (cleaners/data/boilerplate/*.txt), loaded once, matched fast.

See cleaners/data/boilerplate/README.md for the file format.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, cast, get_args

from cleaners.characters import LEADING_MARKER
from cleaners.datafiles import data_lines
from cleaners.document import RemovalKind

# Kinds that end the article when they appear after its body: the rest is cut.
TERMINAL_KINDS: frozenset[RemovalKind] = frozenset(
    {"related", "comments", "tags", "author_box", "pagination"}
)
# A block using this many distinct consent-notice terms is a consent notice.
CONSENT_TERMS = 3
# A relative timestamp ends a teaser's meta line of at most this many characters.
RELATIVE_TIME_LIMIT = 50
# A `^` entry matches blocks of at most this many characters; `~` at most the other.
PREFIX_LIMIT = 120
CONTAINS_LIMIT = 300

_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _consent_anchors() -> re.Pattern[str]:
    """Cheap first test: a consent notice holds one of these (consent_anchors.txt)."""
    return re.compile("|".join(re.escape(word) for word in data_lines("consent_anchors.txt")))


@lru_cache(maxsize=1)
def _hant_table() -> dict[int, str]:
    """Traditional to Simplified Chinese, so one zh lexicon matches both scripts."""
    table: dict[int, str] = {}
    for line in data_lines("hant_hans.txt"):
        for pair in line.split():
            if len(pair) == 2:
                table[ord(pair[0])] = pair[1]
    return table


@lru_cache(maxsize=1)
def _hant_re() -> re.Pattern[str]:
    return re.compile("[" + "".join(chr(code) for code in _hant_table()) + "]")


def _to_hans(match: re.Match[str]) -> str:
    return _hant_table()[ord(match.group())]


def fold(text: str) -> str:
    """NFKC, case-folded, Traditional Chinese mapped to Simplified: the matching form."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return text if text.isascii() else _hant_re().sub(_to_hans, text)


def normalize(text: str) -> str:
    """Case- and width-folded text without bullets, edge punctuation or extra spaces."""
    return _strip_folded(fold(text))


def _strip_folded(folded: str) -> str:
    return _squeeze(_strip_edges(LEADING_MARKER.sub("", folded.strip())))


def _strip_edges(text: str) -> str:
    """`text` without leading and trailing characters that are not letters or digits."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def _squeeze(text: str) -> str:
    """Runs of white space as one space (most lines have none to squeeze)."""
    return _SPACES.sub(" ", text) if "  " in text or "\t" in text or "\n" in text else text


def _head_folded(folded: str) -> str:
    """Folded text without bullets, keeping trailing punctuation (for "photo:" entries).

    Runs of digits become one "0", so an entry "0 comments" matches "34 comments".
    """
    text = _squeeze(LEADING_MARKER.sub("", folded.strip()).lstrip("([【〔「『\"'“‘ "))
    return _DIGITS.sub("0", text) if _DIGIT.search(text) else text


@dataclass(frozen=True, slots=True)
class Lexicon:
    whole: dict[str, RemovalKind]
    prefix: re.Pattern[str] | None
    prefix_kinds: dict[str, RemovalKind]
    contains: re.Pattern[str] | None
    contains_kinds: dict[str, RemovalKind]
    ui_words: frozenset[str]
    relative_time: re.Pattern[str]
    consent: re.Pattern[str] | None
    # first words of the ASCII `~` phrases: an ASCII text holding none cannot match one
    contains_heads: frozenset[str]

    def match(self, text: str, key: str | None = None) -> RemovalKind | None:
        """The kind of boilerplate `text` is by the lexicon, or None.

        `key` is `normalize(text)` when the caller has it already.
        """
        short = len(text) <= CONTAINS_LIMIT
        folded = fold(text) if short or key is None else ""
        if key is None:
            key = _strip_folded(folded)
        kind = self.whole.get(key) if key else None
        if kind:
            return kind
        if self.prefix is not None and len(text) <= PREFIX_LIMIT:
            found = self.prefix.match(_head_folded(folded))
            if found:
                return self.prefix_kinds[found.group()]
        if self.contains is not None and short and self._may_contain(folded):
            found = self.contains.search(folded)
            if found:
                return self.contains_kinds[found.group()]
        if (
            len(text) <= RELATIVE_TIME_LIMIT
            and _DIGIT.search(key)
            and self.relative_time.search(key)
        ):
            return "related"
        if self._consent_terms(folded or fold(text)) >= CONSENT_TERMS:
            return "consent"
        return None

    def _may_contain(self, folded: str) -> bool:
        """Whether a `~` phrase could occur in `folded` (a cheap word test for ASCII)."""
        if not folded.isascii():
            return True
        return not self.contains_heads.isdisjoint(_WORD.findall(folded))

    def _consent_terms(self, folded: str) -> int:
        """How many distinct consent-notice terms the (folded) text uses."""
        if self.consent is None or not _consent_anchors().search(folded):
            return 0
        return len({m.group() for m in self.consent.finditer(folded)})


def _entries() -> list[tuple[str, str, str]]:
    """(mode, kind, phrase) for every entry of every lexicon file."""
    entries: list[tuple[str, str, str]] = []
    folder = resources.files("cleaners") / "data" / "boilerplate"
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".txt"):
            continue
        kind = ""
        for raw in item.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                kind = line[1:-1]
            elif kind == "ui":
                entries.extend(("ui", kind, word.casefold()) for word in line.split())
            elif line[:2] in ("= ", "^ ", "~ "):
                entries.append((line[0], kind, raw.split(" ", 1)[1].rstrip("\n")))
    return entries


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    whole: dict[str, RemovalKind] = {}
    prefix: dict[str, RemovalKind] = {}
    contains: dict[str, RemovalKind] = {}
    ui: set[str] = set()
    for mode, name, phrase in _entries():
        folded = fold(phrase)
        if mode == "ui":
            ui.add(folded)
            continue
        kind = _removal_kind(name)
        if mode == "=" and normalize(folded):  # a phrase of symbols only would match ""
            whole.setdefault(normalize(folded), kind)
        elif mode == "^":
            prefix.setdefault(_head_folded(folded), kind)
        elif mode == "~":
            contains.setdefault(folded, kind)
    return Lexicon(
        whole,
        _alternation(prefix),
        prefix,
        _alternation(contains),
        contains,
        frozenset(ui),
        _relative_time(),
        _alternation(dict.fromkeys(_word_list("consent.txt"), "consent")),
        frozenset(_first_word(p) for p in contains if p.isascii() and _first_word(p)),
    )


def _removal_kind(name: str) -> RemovalKind:
    """A lexicon section's name as the kind it records; a name `RemovalKind` does not
    list is a mistake in the data file."""
    if name not in get_args(RemovalKind):
        raise ValueError(f"boilerplate lexicon: [{name}] is not a RemovalKind")
    return cast(RemovalKind, name)


def _first_word(phrase: str) -> str:
    words = _WORD.findall(phrase)
    return words[0] if words else ""


def _word_list(name: str) -> list[str]:
    return [fold(line) for line in data_lines(name)]


def _relative_time() -> re.Pattern[str]:
    """`<number> <unit> ago` at the end of a block, or `<ago-word> <number> <unit>`."""
    suffixes, prefixes = [], []
    for line in data_lines("relative_time.txt"):
        if line.startswith("suffix "):
            suffixes.append(line.split(" ", 1)[1])
        elif line.startswith("prefix "):
            prefixes.append(re.escape(line.split(" ", 1)[1]))
    return re.compile(
        rf"\d+\s*(?:{'|'.join(suffixes)})$|(?:^|\W)(?:{'|'.join(prefixes)})\s+\d+\s+\w+$"
    )


def _alternation(phrases: Collection[str]) -> re.Pattern[str] | None:
    """One regex matching any phrase, as a trie so matching stays linear in the text.

    Longer phrases win over their own prefixes, so the match is a whole phrase.
    """
    if not phrases:
        return None
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(_trie_pattern(trie))


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body

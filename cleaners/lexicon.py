"""The boilerplate lexicons (cleaners/data/boilerplate/*.txt), loaded once, matched fast.

See cleaners/data/boilerplate/README.md for the file format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Kinds that end the article when they appear after its body: the rest is cut.
TERMINAL_KINDS = frozenset({"related", "comments", "tags", "author_box"})
# A `^` entry matches blocks of at most this many characters; `~` at most the other.
PREFIX_LIMIT = 120
CONTAINS_LIMIT = 300

_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_BULLET = re.compile(r"^(?:[*•·●○◦▪▫■□►▶»›>+\-–—|]|\d{1,2}[.)、])\s+")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Case- and width-folded text without bullets, edge punctuation or extra spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _BULLET.sub("", text.strip())
    return _SPACES.sub(" ", _EDGE.sub("", text))


def normalize_head(text: str) -> str:
    """Like `normalize` but keeps trailing punctuation (for prefix entries like "photo:")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _BULLET.sub("", text.strip())
    return _SPACES.sub(" ", text.lstrip("([【〔「『\"'“‘ "))


@dataclass(frozen=True, slots=True)
class Lexicon:
    whole: dict[str, str]
    prefix: re.Pattern[str] | None
    prefix_kinds: dict[str, str]
    contains: re.Pattern[str] | None
    contains_kinds: dict[str, str]
    ui_words: frozenset[str]

    def match(self, text: str, key: str | None = None) -> str | None:
        """The kind of boilerplate `text` is by the lexicon, or None.

        `key` is `normalize(text)` when the caller has it already.
        """
        if key is None:
            key = normalize(text)
        kind = self.whole.get(key)
        if kind:
            return kind
        if self.prefix is not None and len(text) <= PREFIX_LIMIT:
            found = self.prefix.match(normalize_head(text))
            if found:
                return self.prefix_kinds[found.group()]
        if self.contains is not None and len(text) <= CONTAINS_LIMIT:
            found = self.contains.search(unicodedata.normalize("NFKC", text).casefold())
            if found:
                return self.contains_kinds[found.group()]
        return None


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
    whole: dict[str, str] = {}
    prefix: dict[str, str] = {}
    contains: dict[str, str] = {}
    ui: set[str] = set()
    for mode, kind, phrase in _entries():
        folded = unicodedata.normalize("NFKC", phrase).casefold()
        if mode == "=":
            whole.setdefault(normalize(folded), kind)
        elif mode == "^":
            prefix.setdefault(normalize_head(folded), kind)
        elif mode == "~":
            contains.setdefault(folded, kind)
        else:
            ui.add(folded)
    return Lexicon(
        whole, _alternation(prefix), prefix, _alternation(contains), contains, frozenset(ui)
    )


def _alternation(phrases: dict[str, str]) -> re.Pattern[str] | None:
    """One regex matching any phrase, longest first so the match is the phrase itself."""
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in ordered))

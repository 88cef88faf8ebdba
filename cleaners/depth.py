"""How deep elements nest in markup, found without parsing it, in linear time.

HTML parsers take quadratic time on pathological nesting (50,000 open `<div>`s
take seconds), so a page (clean_html) or a fragment (clean_text) is measured before
it is parsed. The measure follows the parser where that makes elements deeper, so
that no markup measures shallower than it parses:

- a tag runs to the first `>` outside a quoted attribute value (`<div title="<">`
  is one start tag), and a `<!--` comment or a raw-text element (`<script>`, ...)
  to its end;
- `<div/>` opens a div, as HTML ignores the slash on non-void elements (inside
  `<svg>` and `<math>` it closes the element, as there);
- an end tag closes the innermost open element of its name and every element
  inside it; an end tag with no open element of its name is ignored;
- elements of `data/uncounted_tags.txt` (void elements, those whose end tag HTML
  makes optional) are not counted.

Each character is looked at a bounded number of times: the scan never goes back.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from cleaners.datafiles import data_lines

# A tag runs to the first ">" outside a quoted value (quotes count only right after
# "="), or to the end of the input; a comment to "-->" (or "<!-->"), or to the end.
# Possessive throughout: nothing is scanned twice.
_TOKEN = re.compile(
    r"""<(?:(/?)([A-Za-z][^\s/>]*+)((?:[^>="']++|=\s*+(?:"[^"]*+"|'[^']*+')?|["'])*+)(>?)"""
    r"|!--(?:-?>|.*?-->|.*))",
    re.DOTALL,
)
# The same tokens, for `findall`, and a raw-text element whole (its text is no markup):
# (raw name, its ">", its text), then (end-tag slash, name, "/>" after a quote or a
# space, else ">"); a comment: no name.
_FAST_TOKEN = re.compile(
    r"<(?:(?=[iInNpPsStTxX])(?ai:(script|style|title|textarea|xmp|iframe|noembed|noframes|plaintext)(?=[\s/>])"
    r"""(?:[^>="']++|=\s*+(?:"[^"]*+"|'[^']*+')?|["'])*+(>?)((?:[^<]++|<(?!/\1[\s/>]))*+))"""
    r"""|(/?)([A-Za-z][^\s/>]*+)(?:[^>="']++|=\s*+(?:"[^"]*+"|'[^']*+')?|["'])*+"""
    r"""(?:(?<=["'\s]/)(>)|(>?))"""
    r"|!--(?:-?>|.*?-->|.*))",
    re.DOTALL,
)
_MAX_OPEN_FORMATTING = 64
_MARGIN = 10  # levels the bound keeps in hand (it was seen one short of the parser)
_TEXT = re.compile(r"[^\s<]")
# Elements the parser may create beyond one per start tag (reopened formatting
# elements): real pages need at most a few thousand.
_SPARE_ELEMENTS = 20_000
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"}
)
_FOREIGN = frozenset({"svg", "math"})
# Elements of foreign content that hold HTML again, by the namespace they sit in
# (in <math>, a <title> is a MathML element like any other).
_ISLANDS_IN = {
    "svg": frozenset({"foreignobject", "desc", "title"}),
    "math": frozenset({"mi", "mo", "mn", "ms", "mtext"}),
}
_ISLANDS = _ISLANDS_IN["svg"] | _ISLANDS_IN["math"]
# HTML elements that end foreign content, where "/>" no longer closes them.
_BREAKOUT = frozenset(
    {"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt"}
    | {"em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li"}
    | {"listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span"}
    | {"strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var", "font"}
)
# Start tags that close an open element first: a <p> (in button scope) before the
# block-level elements of `data/closes_p_tags.txt`, the previous item before an item.
_ITEMS: dict[str, tuple[str, ...]] = {"li": ("li", "p"), "dd": ("dd", "dt", "p")}
_ITEMS["dt"] = _ITEMS["dd"]
_FORMATTING = frozenset(
    {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong"}
    | {"tt", "u"}
)


def nests_as_deep_as(markup: str, limit: int) -> bool:
    """True when elements in `markup` nest `limit` deep or deeper.

    A page with fewer start tags than `limit` cannot, and counting them is cheap:
    each starts with a "<" that is not one of an end tag's "</". Most other pages
    are cleared by `_upper_bound`, several times faster than the parser's model.
    """
    if markup.count("<") - markup.count("</") < limit:
        return False
    bound = _upper_bound(markup, limit - _MARGIN)
    return bound is None and nesting_depth(markup, limit) >= limit


def _upper_bound(markup: str, limit: int) -> int | None:
    """A depth no less than the parser's, or None when it may be `limit` or more.

    Every start tag opens an element, and an end tag closes one only when it names
    the innermost: the parser closes at least that much, and what it reopens
    (formatting elements) is still open here, so it never nests deeper. Elements
    whose end tag is optional are left out, except inside <svg>/<math> (where they
    nest like any other). Formatting elements closed from outside, or many open,
    defer to `nesting_depth`, which counts the elements their reopening creates. Tested against the
    parser on random and repeated markup (tests/test_depth.py).
    """
    uncounted, void, _ = _tag_sets()
    stack: list[str] = []
    opened: dict[str, int] = {}
    deepest = formatting = foreign = islands = 0
    for token in _FAST_TOKEN.findall(markup):
        raw_text, raw_ended, text, closing, raw_name, closed, ended = token
        if raw_text:  # opened and closed here (its end tag is then ignored)
            if foreign and "<" in text:  # inside <svg>, <title> holds markup
                return None
            deepest = max(deepest, len(stack) + 1)
            if not raw_ended:
                break
            continue
        if not raw_name:  # a comment
            continue
        if not (ended or closed):
            break
        name = raw_name.lower()
        if closed and foreign and not islands and name not in _BREAKOUT:
            continue  # <path d="..."/> inside <svg>: closed at once (no slash in a value)
        if closing:
            if stack and stack[-1] == name:
                stack.pop()
                opened[name] -= 1
                formatting -= name in _FORMATTING
                foreign -= name in _FOREIGN
                islands -= name in _ISLANDS
            elif formatting and opened.get(name):
                return None  # closed past open formatting elements: reopened, over and over
        elif foreign or (name not in uncounted and name not in void):
            stack.append(name)
            opened[name] = opened.get(name, 0) + 1
            formatting += name in _FORMATTING
            foreign += name in _FOREIGN
            islands += name in _ISLANDS
            deepest = max(deepest, len(stack))
            if deepest >= limit or formatting > _MAX_OPEN_FORMATTING:
                return None
    return deepest


@lru_cache(maxsize=1)
def _implies() -> dict[str, tuple[str, ...]]:
    """What each start tag closes first, when open."""
    return dict.fromkeys(data_lines("closes_p_tags.txt"), ("p",)) | _ITEMS


@lru_cache(maxsize=1)
def _tag_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Uncounted, void and special element names (data files)."""
    return (
        frozenset(line.lower() for line in data_lines("uncounted_tags.txt")),
        frozenset(line.lower() for line in data_lines("void_tags.txt")),
        frozenset(line.lower() for line in data_lines("special_tags.txt")),
    )


# Elements that bound the scope in which an end tag of a special element looks for
# its match ("has an element in scope").
_SCOPE = frozenset(
    {"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"}
    | {"mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc", "title"}
)


class _Entry(NamedTuple):
    """One open element: its name, then, counting it, the depth so far and the index
    of the innermost special, scope-bounding, <button>, <svg>/<math> and HTML-island
    element (-1: none), so that no question about the stack needs a walk down it."""

    name: str
    depth: int
    special: int
    bound: int
    button: int
    svg: int
    island: int


_BOTTOM = _Entry("", 0, -1, -1, -1, -1, -1)


class _Stack:
    """The open elements as the parser keeps them, in O(1) per tag (amortised)."""

    def __init__(self) -> None:
        self.entries: list[_Entry] = [_BOTTOM]
        self.where: dict[str, list[int]] = {}
        self.pending: list[str] = []
        self.created = 0
        self.uncounted, self.void, self.specials = _tag_sets()
        self.implies = _implies()

    @property
    def counted(self) -> int:
        return self.entries[-1].depth

    def foreign(self) -> bool:
        """Inside <svg> or <math>, not in an HTML island (<foreignObject>, ...) there."""
        top = self.entries[-1]
        return top.svg > top.island

    def push(self, name: str) -> None:
        self.created += 1
        top = self.entries[-1]
        index = len(self.entries)
        foreign = self.foreign()
        # the namespace is the foreign root's (an <svg> inside <math> is MathML)
        island = foreign and name in _ISLANDS_IN[self.entries[top.svg].name]
        html = not foreign or island  # in <svg>, "td" is no cell
        self.entries.append(
            _Entry(
                name,
                top.depth + (name not in self.uncounted or not html),
                index if html and name in self.specials else top.special,
                index if name in _SCOPE else top.bound,
                index if name == "button" else top.button,
                index if name in _FOREIGN and not foreign else top.svg,
                index if island else top.island,
            )
        )
        self.where.setdefault(name, []).append(index)

    def open(self, name: str, *, breaks_out: bool) -> None:
        """A start tag: leave foreign content an HTML element breaks out of, reopen
        closed formatting elements before an inline one, close what it implies (an
        open <p>, a previous <li>), push it."""
        while breaks_out and self.foreign():
            self._pop_to(self.entries[-1].svg)
        if self.pending and name not in self.specials:
            self.reconstruct()
        if name in self.void:
            return
        for implied in self.implies.get(name, ()):
            found = self.where.get(implied)
            top = self.entries[-1]
            if found and max(top.bound, top.button) < found[-1]:
                self.close(implied)
        self.push(name)

    def close(self, name: str) -> None:
        """An end tag: pop to its element where the parser would, else ignore it."""
        found = self.where.get(name)
        if not found:
            return
        top = self.entries[-1]
        barrier = top.bound if name in self.specials else top.special
        if barrier <= found[-1]:
            self._pop_to(found[-1])

    def _pop_to(self, index: int) -> None:
        popped = self.entries[index:]
        del self.entries[index:]
        for entry in popped:  # each entry is popped once over the whole scan
            self.where[entry.name].pop()
        # Formatting elements closed by another's end tag are reopened by the parser
        # before the next text or inline element ("reconstruct the active formatting
        # elements"): each time, as new elements.
        self.pending.extend(entry.name for entry in popped[1:] if entry.name in _FORMATTING)

    def reconstruct(self) -> None:
        """Reopen the formatting elements closed from outside (see `_pop_to`)."""
        pending, self.pending = self.pending, []
        for name in pending:
            self.push(name)


def nesting_depth(markup: str, limit: int) -> int:
    """How deep elements nest in `markup`, at most `limit`.

    Markup that would make the parser create far more elements than it has tags
    (formatting elements reopened over and over) measures as `limit` too.
    """
    stack = _Stack()
    budget = markup.count("<") - markup.count("</") + _SPARE_ELEMENTS
    deepest, position = 0, 0
    while (token := _TOKEN.search(markup, position)) is not None:
        if stack.pending and _TEXT.search(markup, position, token.start()):
            stack.reconstruct()
        position = token.end()
        closing, raw_name, attributes, ended = token.group(1, 2, 3, 4)
        if raw_name is None:  # a comment
            continue
        if not ended:  # a tag never closed swallows the rest of the input
            break
        name = raw_name.lower()
        if closing:
            stack.close(name)
            continue
        breaks_out = _breaks_out(name, attributes)
        foreign = stack.foreign()  # before it opens: an island, once open, is HTML
        if not (_self_closing(attributes) and not breaks_out and foreign):
            # raw text only for an HTML element: in <svg>, <title> holds markup
            html = breaks_out or not foreign
            stack.open(name, breaks_out=breaks_out)
            deepest = max(deepest, stack.counted)
            if deepest >= limit or stack.created > budget:
                return limit
            if name in _RAW_TEXT and html:
                position = _skip_raw_text(markup, position, name)
    return deepest


def _breaks_out(name: str, attributes: str) -> bool:
    """Whether this start tag ends foreign content: `<font>` only with a color, face
    or size attribute (a bare one inside <math> is a MathML element)."""
    if name != "font":
        return name in _BREAKOUT
    names = {match.group(1).lower() for match in _ATTRIBUTE.finditer(attributes)}
    return bool(names & _FONT_BREAKOUT)


# An attribute: its name, then its value (skipped, so that a value naming an
# attribute is not taken for one).
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_FONT_BREAKOUT = frozenset({"color", "face", "size"})


def _self_closing(attributes: str) -> bool:
    """Whether a start tag ends in "/>", the slash not being part of an unquoted value
    (`<a href=/b/>` is not self-closing)."""
    if not attributes.endswith("/"):
        return False
    last = attributes.rsplit(None, 1)[-1]
    name, equals, value = last.partition("=")
    return not equals or value[:1] in ("'", '"') or not name


def _skip_raw_text(markup: str, position: int, name: str) -> int:
    """Where the raw text of element `name` (a script, a style) ends."""
    end = re.compile(rf"</{name}[\s/>]", re.IGNORECASE).search(markup, position)
    return len(markup) if end is None else end.start()

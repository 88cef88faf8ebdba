"""Character encodings, for both paths: bytes to text (BOM, declared encoding, UTF-8,
then detection; binary refused), encoding labels to codecs, and text that was decoded
with the wrong one (mojibake) repaired where its signature shows.

`cleaners.html.charset` finds the encoding an HTML page declares and decodes with this.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from cleaners.errors import NotTextError

# Labels whose real-world meaning is a superset: decode with the superset.
_SUPERSETS = {
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_PROBE = 4096
# C0 controls no text file holds (tab, line feed, form feed, carriage return and escape
# are text; NUL is tested first)
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_MAX_LABEL = 64
# Python text codecs that no page is written in: they would reinterpret the bytes.
_NOT_CHARSETS = frozenset(
    {"idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined", "utf-7"}
)
# Codecs by how common they are on the web: the tie-break between equal detections.
_PREVALENCE = ("cp1252", "gb18030", "cp1251", "cp932", "cp949", "cp1250", "big5", "cp1256")
_TIE = 0.01
# Mojibake signs: UTF-8 read as windows-1252/Latin-1 shows a lead byte as a letter, then
# a continuation byte as a C1 control, a Latin-1 sign or a cp1252 punctuation mark.
_SIGN = re.compile(r"[ÃÂÅÄâÐÑØÙæåç][\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u20ac\u2122]")
# The narrower signs a whole HTML page is judged by, and how many it needs, where.
_PAGE_SIGN = re.compile("[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf™œ\u009d¦“”˜]")
_PAGE_SIGNS = 3
_PAGE_WINDOW = 200_000
# ftfy on a long line: decided on a sample (`_fix_line`)
_LONG_LINE = 20_000
_CONTEXT = 32  # characters kept on each side of one outside ASCII; ftfy's patterns span 7
_ASCII_RUN = re.compile(rf"[\x00-\x09\x0b-\x7f]{{{2 * _CONTEXT + 1},}}")


def canonical_encoding(label: str | None) -> str | None:
    """The Python codec to use for an encoding label, or None if it is unknown or not
    a character encoding (a page may declare `hex`, `base64`, `zlib` or `rot13`:
    Python codecs, but of bytes to bytes or text to text)."""
    if not label or len(label) > _MAX_LABEL:
        return None
    label = label.strip().strip("'\"").lower()
    label = _SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(label).name
        b"\0\0\0\0".decode(name)  # refuses codecs that do not turn bytes into text
    except (LookupError, UnicodeError, ValueError, TypeError):
        return None
    return None if name in _NOT_CHARSETS else name


def looks_binary(data: bytes) -> bool:
    """True for bytes no text file holds: NULs or many C0 controls (not for UTF-16)."""
    probe = data[:_BINARY_PROBE]
    if probe.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in probe:
        return True
    controls = len(probe) - len(probe.translate(None, _CONTROLS))
    return controls > len(probe) * 0.05


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode `data`: BOM, then `declared`, then UTF-8, then detection.

    Raises `NotTextError` for binary data.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace")
    if looks_binary(data):
        raise NotTextError("input is binary, not text")
    encoding = canonical_encoding(declared)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass  # a wrong label is common: fall through to UTF-8 and detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode(detect_encoding(data[:200_000]) or "cp1252", errors="replace")


def detect_encoding(data: bytes) -> str | None:
    """The codec charset-normalizer finds for `data`; of the encodings that read it
    equally well (Latin-1 text reads the same in windows-1250/1252/1257 unless its
    letters tell), the most common on the web, so 'Mães' does not become 'Măes'."""
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    ties = [
        canonical_encoding(m.encoding)
        for m in matches
        if m.chaos <= best.chaos + _TIE and m.coherence >= best.coherence - _TIE
    ]
    for common in _PREVALENCE:
        if common in ties:
            return common
    return canonical_encoding(best.encoding)


def repair_mojibake(text: str, *, page: bool = False) -> str:
    """`text` with UTF-8 that was decoded as windows-1252 ("Ã©" for "é") repaired by
    ftfy; text that shows no sign of it is returned untouched, cheaply.

    One rule, in two strengths, one per path (each path's output is pinned):
    - dirty text (`clean_text`): one sign anywhere is enough, and ftfy's text fixes run
      (not its quote, width or ligature changes, nor its normalization);
    - a whole HTML page (`page=True`, `clean_html`): it takes three of the narrower
      signs (Ã or Â, or â€, before a continuation) in its first 200,000 characters,
      and only ftfy's encoding fix runs (line by line), since markup may hold a
      legitimate "Â".
    """
    if page:
        if "Ã" not in text and "â€" not in text and "Â" not in text:
            return text  # the cheap test first: most pages have none of the lead characters
        if len(_PAGE_SIGN.findall(text[:_PAGE_WINDOW])) < _PAGE_SIGNS:
            return text
    elif not _SIGN.search(text):
        return text
    import ftfy  # for damaged text only: 0.2 s to import, and the fetcher imports this module

    if page:
        return _fix_encoding_by_line(text)
    return ftfy.fix_text(
        text,
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        normalization=None,
    )


def _fix_encoding_by_line(text: str) -> str:
    """ftfy's encoding fix line by line, the unit ftfy's own `fix_text` works in; lines of
    ASCII, which hold no mojibake (most of a page's markup and scripts), are passed over.
    A 200 KB page with mojibake takes 5 ms instead of 90 (the output is the same on
    every dev page that has any)."""
    lines = text.split("\n")
    return "\n".join(line if line.isascii() else _fix_line(line) for line in lines)


def _fix_line(line: str) -> str:
    """ftfy's encoding fix of one line; a long line's fixes are found on its sample.

    ftfy decides what a line needs from its characters outside ASCII (which encodings
    could hold it) and from short sequences around them (its mojibake patterns, each
    a few characters holding at least one outside ASCII): a sample that keeps every
    such character with `_CONTEXT` characters on each side, long runs of ASCII cut
    between, gives the same steps, which then run on the whole line. ftfy's search
    for its patterns over a 3 MB line of a page's script took a second.
    """
    import ftfy

    if len(line) < _LONG_LINE:
        return ftfy.fix_encoding(line)
    sample = _ASCII_RUN.sub(_cut_run, line)
    steps = ftfy.fix_encoding_and_explain(sample).explanation
    plan = [(step.action, step.parameter) for step in steps or ()]
    return ftfy.apply_plan(line, plan) if plan else line


def _cut_run(match: re.Match[str]) -> str:
    run = match.group()
    return f"{run[:_CONTEXT]}\n{run[-_CONTEXT:]}"

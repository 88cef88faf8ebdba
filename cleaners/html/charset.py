"""An HTML page's charset: its bytes to text by BOM, the HTTP charset, `<meta charset>`,
UTF-8, then detection (`cleaners.encoding.decode_bytes`).

GBK and GB2312 decode as GB18030 and ISO-8859-1 as windows-1252 (see
`cleaners.encoding.canonical_encoding`). Text that was decoded twice (mojibake such as
"Ã©" for "é") is repaired by `cleaners.encoding.repair_mojibake`, by its rule for pages.
"""

from __future__ import annotations

import re

from cleaners.encoding import canonical_encoding, decode_bytes, repair_mojibake

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_SNIFF_BYTES = 4096


def sniff_meta_charset(data: bytes) -> str | None:
    """The encoding a `<meta>` tag declares near the start of `data`, if usable."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii", errors="ignore")
    encoding = canonical_encoding(label)
    # A page saved as UTF-16 cannot declare so in ASCII: the label is wrong.
    return None if encoding and encoding.startswith("utf-16") else encoding


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode an HTML page; `declared` is the HTTP charset when known."""
    encoding = canonical_encoding(declared) or sniff_meta_charset(data)
    return repair_mojibake(decode_bytes(data, encoding), page=True)

"""XML for sitemaps and feeds: no entity expansion, no network, no huge trees."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from scraper.errors import FetchError, InputError
from scraper.fetch.body import Decoder
from scraper.fetch.client import Fetcher

MAX_XML_BYTES = 50_000_000  # the sitemap protocol's own limit, uncompressed


_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
    "recover": True,
}


def _parser() -> Any:
    return etree.XMLParser(**_PARSER_OPTIONS)


def parse_xml(data: bytes, source: str) -> Any:
    """The root element of `data` (gunzipped first when it is gzip).

    Documents that declare entities are refused outright: sitemaps and feeds
    never need them, and that is where billion-laughs bombs live. Whatever is not
    XML (NUL bytes, binary, an HTML page) is an `InputError` naming `source`.
    """
    data = b"".join(_chunks(data))
    _refuse_entities(data, source)
    try:
        root = etree.fromstring(data, _parser()) if data.strip() else None
    except (etree.XMLSyntaxError, ValueError) as error:
        raise InputError(f"{source}: not XML ({error})") from None
    if root is None:
        raise InputError(f"{source}: not XML")
    return root


def iter_items(data: bytes, source: str, names: frozenset[str]) -> Iterator[Any]:
    """The root, then each element named in `names` once it is complete, read as a
    stream: memory holds one item at a time, not the whole tree (a sitemap may list
    50,000 URLs, and a gzip one inflate to 50 MB). Items are emptied after use."""
    parser = etree.XMLPullParser(events=("start", "end"), **_PARSER_OPTIONS)
    root = None
    try:
        for chunk in _chunks(data):
            if root is None:
                _refuse_entities(chunk, source)
            parser.feed(chunk)
            for event, element in parser.read_events():
                if root is None:
                    root = element
                    yield root
                elif event == "end" and local(element) in names:
                    yield element
                    _forget(element)
        parser.close()
    except etree.XMLSyntaxError as error:
        if root is None:
            raise InputError(f"{source}: not XML ({error})") from None
    if root is None:
        raise InputError(f"{source}: not XML")


def _forget(element: Any) -> None:
    """Free a handled item and the siblings before it."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _chunks(data: bytes, size: int = 1 << 16) -> Iterator[bytes]:
    """`data` in pieces, gunzipped on the way when it is gzip (at most 50 MB)."""
    decoder = Decoder("gzip", MAX_XML_BYTES) if data[:2] == b"\x1f\x8b" else None
    for start in range(0, len(data), size):
        piece = data[start : start + size]
        yield decoder.feed(piece) if decoder is not None else piece
    if decoder is not None:
        yield decoder.flush()


def _refuse_entities(data: bytes, source: str) -> None:
    if b"<!ENTITY" in data[:65536]:
        raise InputError(f"{source}: XML declares entities; refused")


def local(element: Any) -> str:
    """The tag of `element` without its namespace ("" for comments and the like)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def child_text(element: Any, name: str) -> str | None:
    """The stripped text of the first child or grandchild named `name`, or None.

    Two levels hold every field sitemaps and feeds use (`<news:news>` wraps its
    `publication_date`); looking no deeper keeps nested items linear to read.
    """
    for child in element:
        for node in (child, *child):
            if local(node) == name and node.text and node.text.strip():
                return str(node.text.strip())
    return None


async def download(fetcher: Fetcher, url: str) -> bytes:
    """The body at `url`, whatever its content type; its `FetchError` when it fails."""
    page = await fetcher.fetch(url, accept=None)
    if page.error is not None:
        raise page.error
    if not page.ok:
        raise FetchError(f"answered {page.status} without a body", url=url)
    return page.body

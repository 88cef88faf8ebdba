"""XML for sitemaps and feeds: no entity expansion, no network, no huge trees."""

from __future__ import annotations

from typing import Any

from lxml import etree

from scraper.errors import FetchError, InputError
from scraper.fetch.body import Decoder
from scraper.fetch.client import Fetcher

MAX_XML_BYTES = 50_000_000  # the sitemap protocol's own limit, uncompressed


def _parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        recover=True,
    )


def parse_xml(data: bytes, source: str) -> Any:
    """The root element of `data` (gunzipped first when it is gzip).

    Documents that declare entities are refused outright: sitemaps and feeds
    never need them, and that is where billion-laughs bombs live.
    """
    if data[:2] == b"\x1f\x8b":
        decoder = Decoder("gzip", MAX_XML_BYTES)
        data = decoder.feed(data) + decoder.flush()
    if b"<!ENTITY" in data[:65536]:
        raise InputError(f"{source}: XML declares entities; refused")
    root = etree.fromstring(data, _parser()) if data.strip() else None
    if root is None:
        raise InputError(f"{source}: not XML")
    return root


def local(element: Any) -> str:
    """The tag of `element` without its namespace ("" for comments and the like)."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def child_text(element: Any, name: str) -> str | None:
    """The stripped text of the first descendant named `name`, or None."""
    for node in element.iter():
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

"""Page metadata: JSON-LD first, then Open Graph / `<meta>` tags, then the markup.

The title loses its site suffix ("Headline | Site"), authors are people only (no
"By", no URLs), dates become ISO 8601 (with the offset when the page gives one) and
a publication date in the future is dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from selectolax.lexbor import LexborHTMLParser

from cleaners.draft import Metadata
from cleaners.html.structured import LinkedData

_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—:·»]|::)\s+")
_BY = re.compile(r"^\s*(?:by|von|par|por|di|door|av)\s+", re.IGNORECASE)
_MAX_SUFFIX_WORDS = 6
_FUTURE_SLACK = timedelta(days=1)


def page_metadata(tree: LexborHTMLParser, ld: LinkedData, url: str | None) -> Metadata:
    """The metadata of the page in `tree`, with `ld` winning where it knows."""
    meta = _meta_tags(tree)
    site = _first(meta, "og:site_name", "application-name") or ld.publisher
    return Metadata(
        title=_title(tree, ld, meta, site),
        authors=ld.authors or _authors(meta),
        published=iso_date(ld.published or _first(meta, *_PUBLISHED) or _time_tag(tree)),
        modified=iso_date(ld.modified or _first(meta, "article:modified_time", "og:updated_time")),
        site_name=site,
        language=_language(tree, ld, meta),
        url=url,
        canonical_url=_canonical(tree) or _first(meta, "og:url"),
        description=ld.description or _first(meta, "og:description", "description"),
        tags=ld.keywords or tuple(meta.get("article:tag", ())) or _split(meta, "keywords"),
        image=_first(meta, "og:image", "twitter:image") or ld.image,
    )


_PUBLISHED = ("article:published_time", "datepublished", "pubdate", "date", "dc.date")


def _meta_tags(tree: LexborHTMLParser) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = (attrs.get("content") or "").strip()
        if key and content:
            found[key.strip().lower()].append(content)
    return found


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return None


def _split(meta: dict[str, list[str]], key: str) -> tuple[str, ...]:
    value = _first(meta, key) or ""
    return tuple(part.strip() for part in re.split(r"[,;，、]", value) if part.strip())


def _title(
    tree: LexborHTMLParser, ld: LinkedData, meta: dict[str, list[str]], site: str | None
) -> str | None:
    title_node = tree.css_first("title")
    h1 = tree.css_first("h1")
    candidates = (
        ld.headline,
        _first(meta, "og:title", "twitter:title"),
        h1.text(strip=True) if h1 else None,
        title_node.text(strip=True) if title_node else None,
    )
    title = next((c for c in candidates if c), None)
    return strip_site_suffix(title, site) if title else None


def strip_site_suffix(title: str, site: str | None) -> str:
    """`title` without a trailing (or leading) site name."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_key = (site or "").lower()
    if site_key and parts[0].lower() in site_key:
        return " - ".join(parts[1:])
    last = parts[-1]
    if (site_key and last.lower() in site_key) or len(last.split()) <= _MAX_SUFFIX_WORDS < len(
        " ".join(parts[:-1]).split()
    ):
        return title[: title.rfind(last)].rstrip(" |-–—:·»")
    return title


def _authors(meta: dict[str, list[str]]) -> tuple[str, ...]:
    raw = meta.get("author", []) + meta.get("article:author", []) + meta.get("dc.creator", [])
    names = []
    for value in raw:
        name = _BY.sub("", value).strip()
        if name and "://" not in name and name not in names:
            names.append(name)
    return tuple(names)


def _time_tag(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("time[datetime]")
    return node.attributes.get("datetime") if node else None


def _language(tree: LexborHTMLParser, ld: LinkedData, meta: dict[str, list[str]]) -> str | None:
    root = tree.css_first("html")
    lang = (root.attributes.get("lang") if root else None) or ld.language
    lang = lang or _first(meta, "content-language", "og:locale")
    code = re.split(r"[-_]", lang.strip())[0].lower() if lang else ""
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _canonical(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first('link[rel="canonical"]')
    return (node.attributes.get("href") or "").strip() or None if node else None


def iso_date(value: str | None, now: datetime | None = None) -> str | None:
    """`value` as ISO 8601 (offset kept when given), or None when unreadable or future."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if aware > (now or datetime.now(UTC)) + _FUTURE_SLACK:
        return None
    return moment.isoformat()

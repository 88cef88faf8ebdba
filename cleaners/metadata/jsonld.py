"""Metadata evidence in a page's JSON-LD: every object, through arrays, `@graph` and
nesting, `@id` references resolved (`"author": {"@id": "#person"}`).

Objects of an article-like type (`NewsArticle`, `BlogPosting`, `Article`,
`DiscussionForumPosting`, ...) give the strongest evidence, page-like ones
(`WebPage`, `Product`, ...) weaker; the `WebSite` or publisher name is the site name.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

_ARTICLES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "livebloggposting",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "socialmediaposting",
        "discussionforumposting",
        "posting",
        "review",
        "recipe",
        "howto",
        "videoobject",
        "podcastepisode",
        "creativework",
    }
)
_PAGES = frozenset(
    {
        "webpage",
        "itempage",
        "aboutpage",
        "faqpage",
        "qapage",
        "profilepage",
        "product",
        "collectionpage",
        "course",
        "event",
        "service",
        "softwareapplication",
        "book",
    }
)
_SITES = frozenset({"website", "organization", "newsmediaorganization", "corporation"})
_MAX_OBJECTS = 500


@dataclass(frozen=True, slots=True)
class LdObject:
    """One JSON-LD object, its types lower-cased, and whether it is article-like."""

    data: dict[str, Any]
    types: frozenset[str]

    @property
    def kind(self) -> str:
        if self.types & _ARTICLES:
            return "article"
        if self.types & _PAGES:
            return "page"
        if self.types & _SITES:
            return "site"
        return "other"


@dataclass(frozen=True, slots=True)
class Graph:
    """The page's JSON-LD objects in document order, and an index by `@id`."""

    objects: tuple[LdObject, ...] = ()
    ids: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """`value`, or the object its `@id` names when it holds nothing else."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.ids.get(str(value["@id"]), value)
        return value

    def of_kind(self, kind: str) -> list[LdObject]:
        return [o for o in self.objects if o.kind == kind]


def read_graph(tree: LexborHTMLParser) -> Graph:
    objects: list[LdObject] = []
    for node in tree.css('script[type="application/ld+json"]'):
        for item in walk(_load(node.text(deep=True))):
            if len(objects) < _MAX_OBJECTS:
                objects.append(LdObject(item, _types(item)))
    ids = {str(o.data["@id"]): o.data for o in objects if "@id" in o.data and len(o.data) > 2}
    return Graph(tuple(objects), ids)


def _load(code: str) -> Any:
    for strict in (True, False):  # control characters inside strings are a common fault
        try:
            return json.loads(code, strict=strict)
        except ValueError:
            continue
        except RecursionError:  # nested deeper than the JSON parser goes: not JSON-LD
            return None
    return None


NESTED = ("@graph", "mainEntity", "mainEntityOfPage", "itemReviewed", "subjectOf")


def walk(value: Any, nested: tuple[str, ...] = NESTED) -> Iterator[dict[str, Any]]:
    """Objects outermost first, through lists and the `nested` keys, without recursion
    (JSON may nest a thousand deep)."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            yield value
            inner = [value[key] for key in nested if isinstance(value.get(key), (dict, list))]
            stack.extend(reversed(inner))


def _types(item: dict[str, Any]) -> frozenset[str]:
    raw = item.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return frozenset(str(v).rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str))


def text(value: Any) -> str | None:
    """A string field's value; the first string of a list; `@value` of an object."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, (str, dict))), None)
    if isinstance(value, dict):
        value = value.get("@value")
    return value.strip() or None if isinstance(value, str) else None


def names(graph: Graph, value: Any, *, people_only: bool) -> list[str]:
    """Names in an `author`/`publisher` value: strings, objects, lists, references."""
    items = value if isinstance(value, list) else [value]
    found = []
    for raw in items:
        item = graph.resolve(raw)
        if isinstance(item, dict):
            kinds = _types(item)
            if people_only and kinds & _SITES and "person" not in kinds:
                continue
            name = _name(item)
        else:
            name = text(item)
        if name:
            found.append(name)
    return found


def person_names(graph: Graph) -> list[str]:
    """The names of the objects typed `Person`: graph objects and inline authors (a
    personal site's owner is often declared as both Person and Organization)."""
    found: list[str] = []
    for obj in graph.objects:
        items = obj.data.get("author")
        for raw in [obj.data, *(items if isinstance(items, list) else [items])]:
            item = graph.resolve(raw)
            if isinstance(item, dict) and "person" in _types(item):
                found.extend(n for n in [_name(item)] if n)
    return found


def _name(item: dict[str, Any]) -> str | None:
    """An object's `name`, else its `givenName` and `familyName` joined."""
    return text(item.get("name")) or _joined(item)


def _joined(item: dict[str, Any]) -> str | None:
    given, family = text(item.get("givenName")), text(item.get("familyName"))
    return f"{given} {family}" if given and family else None

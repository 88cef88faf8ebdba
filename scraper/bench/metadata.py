"""`scraper bench metadata`: title, authors and dates against gold, next to trafilatura.

Sets: `wcxb-dev` (gold `title`, `author`, `publish_date`; null where the page shows
none), reported as two halves split by the page id's SHA-1 (last hex digit 0-7: the
half the earlier hand rules were developed on; 8-f: held out from them) and both
together; wcxb-dev-dirty, the same pages as dirty text, through `clean_text`, given
their URLs and again without (as text piped in from elsewhere comes); and the five
seeds of `fixtures/text/seeds` (dirty text, expected JSON beside). The other sets' gold
holds no metadata: of aeb-dirty and mhb-dev-dirty, only the titles `clean_text` gives
are set against their HTML twin's own headlines (`twin_titles`).

Per field, accuracy over the pages whose gold has a value:
- title: equal after normalising (NFKC, case folded, punctuation and spaces dropped);
- authors: the same set of names (both sides split on `,` `;` `&` "and"; academic and
  professional credentials such as "MS", "PhD" dropped; names normalised as titles);
- date: the same calendar day as written on the page (the first ten characters).
`invented` counts the pages whose gold is null but the tool gave a value; `no result`
the pages a tool gave nothing for (clean_html's `Rejected`: no article text), scored
as pages without metadata.

Rows: `scraper, 5-fold by site (out of sample)` is `clean_html` with each page's
metadata chosen by a model trained without the page's site (`scraper.train.metadata
.fold_models`, passed as `CleanConfig.metadata_model`; with `out_of_sample`);
on the dirty texts, `clean_text` with title, date and author line models trained
without the text's site (`scraper.train.textlines.fold_models`, as
`CleanConfig.text_title_model`, `text_date_model` and `text_authors_model`);
`scraper` is `clean_html` (`clean_text` on the dirty texts and the seeds) with the
shipped models, trained on every wcxb-dev page (in set); `stage alone` is the metadata stage on
the parsed page, before text extraction (so also on the pages clean_html then
rejects as having no article text). trafilatura runs
`bare_extraction(with_metadata=True)` on the same bytes and URL in the same run; on
dirty text it gets the text's lines as paragraphs.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaners import CleanConfig, ScraperError, clean_html, clean_text
from cleaners.metadata.choose import MetadataModel
from cleaners.metadata.titles import strip_site_suffix
from cleaners.urls import host_name
from scraper.bench.data import Case as _Case
from scraper.bench.data import load_cases, read_input
from scraper.bench.scoring import seed_column
from scraper.errors import InputError

FIELDS = ("title", "authors", "date")
SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "text" / "seeds"


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """The metadata a tool gave for one page."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    rejected: bool = False  # the tool gave no result for the page (scored as no metadata)


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One scored page: its input and its gold metadata."""

    id: str
    url: str
    path: Path
    gold: Found
    text_input: bool = False


@dataclass(slots=True)
class Tally:
    """Hits, pages with gold, and inventions (a value where gold has none), per field."""

    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    invented: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    empty: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    pages: int = 0
    rejected: int = 0

    def add(self, gold: Found, found: Found) -> None:
        self.pages += 1
        self.rejected += found.rejected
        for name in FIELDS:
            truth, value = getattr(gold, name), getattr(found, name)
            if not truth:
                self.empty[name] += 1
                self.invented[name] += bool(value)
                continue
            self.gold[name] += 1
            self.hits[name] += bool(value) and same(name, truth, value)

    def merged(self, other: Tally) -> Tally:
        """The tally of both page sets."""
        both = Tally(pages=self.pages + other.pages, rejected=self.rejected + other.rejected)
        for counts in ("hits", "gold", "invented", "empty"):
            mine, theirs = getattr(self, counts), getattr(other, counts)
            setattr(both, counts, {f: mine[f] + theirs[f] for f in FIELDS})
        return both

    def accuracy(self, name: str) -> float:
        return self.hits[name] / self.gold[name] if self.gold[name] else 0.0


Tool = Callable[[Page, bytes], Found]


def same(name: str, truth: Any, value: Any) -> bool:
    """Whether `value` counts as `truth` for field `name`."""
    if name == "title":
        return _norm(truth) == _norm(value)
    if name == "authors":
        return name_set(truth) == name_set(value)
    return bool(str(value)[:10] == str(truth)[:10])


def without_site_part(title: str, url: str | None) -> tuple[str, ...]:
    """`title` with the site's name cut as the normalizer cuts it
    (`cleaners.metadata.titles.strip_site_suffix`: a part at either end naming the URL's
    host, else a short last part after a long title); nothing when it has none."""
    cut = strip_site_suffix(title, host_name(url))
    return (cut,) if cut and cut != title else ()


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", html.unescape(text)).casefold()
    return "".join(ch for ch in text if ch.isalnum())


_SPLIT = re.compile(r"\s*(?:[,;、，&]|\band\b)\s*", re.IGNORECASE)
_CREDENTIAL = re.compile(
    r"^(?:[A-Z]{2,6}|Ph\.?\s?D\.?|M\.?D\.?|Jr\.?|Sr\.?|[A-Z]\.[A-Z]\.(?:[A-Z]\.)?|"
    r"M\.?Sc\.?|B\.?Sc\.?|MBA|CFA|CPA|RN|RD|Esq\.?)$"
)


def name_set(value: str | Iterable[str]) -> frozenset[str]:
    """Normalised names in an author string or list; credentials dropped."""
    parts = _SPLIT.split(value) if isinstance(value, str) else list(value)
    if not isinstance(value, str):
        parts = [p for v in value for p in _SPLIT.split(v)]
    names = [p.strip(" .") for p in parts if _norm(p)]
    people = [n for n in names if not _CREDENTIAL.match(n)] or names
    return frozenset(_norm(n) for n in people)


def held_out(page_id: str) -> bool:
    """Pages whose id's SHA-1 ends in 8-f: never looked at while writing rules."""
    return hashlib.sha1(page_id.encode("utf-8")).hexdigest()[-1] not in "01234567"


def wcxb_pages(data: Path) -> list[Page]:
    truth_file = data / "wcxb-dev" / "ground-truth.json"
    if not truth_file.is_file():
        raise InputError(f"{truth_file} not found (pass --data DIR holding the sets)")
    gold = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(gold):
        entry = gold[page_id]
        path = data / "wcxb-dev" / "html" / f"{page_id}.html.gz"
        if path.is_file():
            found = Found(
                title=entry.get("title") or None,
                authors=tuple(name_set(entry["author"])) if entry.get("author") else (),
                date=entry.get("publish_date") or None,
            )
            pages.append(Page(id=page_id, url=entry.get("url", ""), path=path, gold=found))
    return pages


def dirty_pages(data: Path, *, with_url: bool = True) -> list[Page]:
    """wcxb-dev's dirty twins (`clean_text` input) with the same gold; given their URLs,
    or (`with_url` false) not, as text piped in from elsewhere comes."""
    pages = []
    for page in wcxb_pages(data):
        path = data / "wcxb-dev-dirty" / f"{page.id}.txt"
        if path.is_file():
            url = page.url if with_url else ""
            pages.append(Page(id=page.id, url=url, path=path, gold=page.gold, text_input=True))
    return pages


def seed_pages(folder: Path = SEEDS) -> list[Page]:
    pages = []
    for expected in sorted(folder.glob("*.json")):
        entry = json.loads(expected.read_text(encoding="utf-8"))
        found = Found(
            title=entry.get("title"),
            authors=tuple(entry.get("authors") or ()),
            date=entry.get("published"),
        )
        path = expected.with_suffix(".txt")
        pages.append(Page(id=expected.stem, url="", path=path, gold=found, text_input=True))
    return pages


def read_page(page: Page) -> bytes:
    """The page's bytes (inflated when gzipped)."""
    return read_input(_Case(page.id, page.url, "", page.path))


def ours(page: Page, raw: bytes, config: CleanConfig | None = None) -> Found:
    """clean_html (clean_text on dirty text); a page it rejects gives no metadata."""
    try:
        if page.text_input:
            doc = clean_text(raw, url=page.url or None, config=config)
        else:
            doc = clean_html(raw, url=page.url or None, config=config)
    except ScraperError:
        return Found(rejected=True)
    return Found(title=doc.title, authors=doc.authors, date=doc.published)


def out_of_site(models: dict[str, MetadataModel], texts: dict[str, CleanConfig]) -> Tool:
    """`ours` with each page's metadata chosen by a model that never saw its site
    (`texts`: the configs for clean_text, by page id)."""

    def tool(page: Page, raw: bytes) -> Found:
        if page.text_input:
            return ours(page, raw, texts.get(page.id))
        model = models.get(page.id)
        return ours(page, raw, CleanConfig(metadata_model=model) if model else None)

    return tool


def metadata_stage(page: Page, raw: bytes) -> Found:
    """The metadata stage alone on the parsed page: what clean_html knows before it
    extracts the text (so also for pages it then rejects)."""
    if page.text_input:
        return ours(page, raw)
    from selectolax.lexbor import LexborHTMLParser

    from cleaners.html.charset import decode_html
    from cleaners.html.metadata import page_metadata
    from cleaners.html.structured import linked_data

    tree = LexborHTMLParser(decode_html(raw, None).encode("utf-8", errors="replace"))
    meta = page_metadata(tree, linked_data(tree), page.url or None)
    return Found(title=meta.title, authors=meta.authors, date=meta.published)


def trafilatura_metadata(page: Page, raw: bytes) -> Found:
    from trafilatura import bare_extraction

    markup: bytes | str = raw
    if page.text_input:
        lines = raw.decode("utf-8", errors="replace").splitlines()
        markup = "<html><body>" + "".join(f"<p>{html.escape(x)}</p>" for x in lines) + "</body>"
    with warnings.catch_warnings():  # its date parser warns of time zone names it skips
        warnings.simplefilter("ignore")
        result = bare_extraction(markup, url=page.url or None, with_metadata=True)
    if result is None:
        return Found(rejected=True)
    author = getattr(result, "author", None)
    return Found(
        title=getattr(result, "title", None),
        authors=tuple(a.strip() for a in author.split(";") if a.strip()) if author else (),
        date=getattr(result, "date", None),
    )


TOOLS: tuple[tuple[str, Tool], ...] = (
    ("scraper", ours),
    ("  stage alone", metadata_stage),
    ("trafilatura", trafilatura_metadata),
)
Tools = tuple[tuple[str, Tool], ...]


def score_pages(pages: list[Page], tools: Tools = TOOLS) -> list[Tally]:
    tallies = [Tally() for _ in tools]
    for page in pages:
        raw = read_page(page)
        for (_name, tool), tally in zip(tools, tallies, strict=True):
            tally.add(page.gold, tool(page, raw))
    return tallies


def tools_for(
    data: Path, *, out_of_sample: bool, seeds: Sequence[int] = ()
) -> tuple[Tools, dict[str, CleanConfig]]:
    """`TOOLS`, with first (when `out_of_sample`) clean_html whose metadata models were
    trained without the page's site (`scraper.train.metadata.fold_models`), and
    clean_text whose title, date and author line models were
    (`scraper.train.textlines.fold_models`): one such tool per training seed in
    `seeds` (the shipped seed when none is given), to show how far the draw of
    LightGBM's samples alone moves the figures. Also the first seed's clean_text
    configs by text id (none in set)."""
    if not out_of_sample:
        return TOOLS, {}
    from scraper.train.fit import SITE_FOLDS
    from scraper.train.metadata import SEED, fold_models, load
    from scraper.train.textlines import fold_configs

    pages = load(data)
    label = f"scraper, {SITE_FOLDS}-fold by site (out of sample)"
    tools = []
    first: dict[str, CleanConfig] = {}
    for seed in seeds or (SEED,):
        named = seed_column(label, seed, seeds)
        models = fold_models(pages, seed=seed)
        configs = fold_configs(data, seed)
        first = first or configs
        tools.append((named, out_of_site(models, configs)))
    return (*tools, *_in_set(TOOLS)), first


def _in_set(tools: Tools) -> Tools:
    return tuple((f"{n} (shipped model: in set)" if n == "scraper" else n, t) for n, t in tools)


@dataclass(frozen=True, slots=True)
class Results:
    """What `run` measured: the tools, their tallies per set, the twin-headline check
    (`twin_titles`, out of sample when the tools are)."""

    tools: Tools
    tallies: dict[str, list[Tally]]
    twins: dict[tuple[str, bool], TwinTitles]
    out_of_sample: bool

    def format(self) -> str:
        twins = format_twins(self.twins, out_of_sample=self.out_of_sample)
        return f"{format_results(self.tools, self.tallies)}\n\n{twins}"


def run(data: Path, *, out_of_sample: bool = False, seeds: Sequence[int] = ()) -> Results:
    """The tools, and their tallies per set (held-out half, dev half, all, the dirty
    texts, seeds), and the dirty-text titles against the HTML twins' headlines."""
    pages = wcxb_pages(data)
    tools, configs = tools_for(data, out_of_sample=out_of_sample, seeds=seeds)
    held = score_pages([p for p in pages if held_out(p.id)], tools)
    dev = score_pages([p for p in pages if not held_out(p.id)], tools)
    tallies = {
        "wcxb-dev held-out half (sha1 8-f)": held,
        "wcxb-dev dev half (sha1 0-7)": dev,
        "wcxb-dev, both halves": [a.merged(b) for a, b in zip(held, dev, strict=True)],
        "wcxb-dev-dirty (clean_text)": score_pages(dirty_pages(data), tools),
        "wcxb-dev-dirty, no URL given (clean_text)": score_pages(
            dirty_pages(data, with_url=False), tools
        ),
        "seeds (fixtures/text/seeds)": score_pages(seed_pages(), tools),
    }
    return Results(tools, tallies, twin_titles(data, configs), out_of_sample)


TWIN_SETS = ("aeb", "mhb-dev")


@dataclass(frozen=True, slots=True)
class TwinTitles:
    """Dirty texts of a set without gold titles, the titles `clean_text` gave, and how
    many of those are one of the HTML twin's headlines."""

    texts: int
    found: int
    agree: int


def twin_headlines(raw: bytes, url: str | None) -> frozenset[str]:
    """The HTML page's own headlines, normalised as titles are compared: `og:title`,
    `twitter:title`, `<title>`, the first `<h1>`, each also without the site's name
    (`without_site_part`; the page's URL names the site)."""
    from cleaners.html import parse
    from cleaners.html.charset import decode_html
    from cleaners.metadata import tags

    tree = parse(decode_html(raw, None))
    meta = tags.meta_tags(tree)
    h1 = tree.css_first("h1")
    values = [
        *meta.get("og:title", [])[:1],
        *meta.get("twitter:title", [])[:1],
        tags.page_title(tree),
        h1.text(strip=True) if h1 is not None else "",
    ]
    keys = {_norm(v) for value in values for v in (value, *without_site_part(value, url))}
    return frozenset(k for k in keys if k)


def is_headline(title: str, headlines: frozenset[str]) -> bool:
    """Whether `title` is one of `headlines` (`twin_headlines`) as titles are compared."""
    return _norm(title) in headlines


def twin_titles(
    data: Path, configs: dict[str, CleanConfig] | None = None
) -> dict[tuple[str, bool], TwinTitles]:
    """Per set of `TWIN_SETS` and reading (with the texts' URLs, then without): its dirty
    texts through `clean_text`, their titles set against the HTML twin's headlines
    (`twin_headlines`, read once a text). `configs` (by text id): each text's models,
    for out-of-sample figures (the shipped title model learned from these sets)."""
    results = {}
    configs = configs or {}
    for name in TWIN_SETS:
        if not (data / name / "ground-truth.json").is_file():
            continue
        pages = {case.id: case for case in load_cases(data, name, dirty=False)}
        counts = {with_url: [0, 0, 0] for with_url in (True, False)}  # texts, found, agree
        for case in load_cases(data, name, dirty=True):
            headlines: frozenset[str] | None = None
            for with_url, tally in counts.items():
                tally[0] += 1
                url = (case.url or None) if with_url else None
                try:
                    title = clean_text(read_input(case), url=url, config=configs.get(case.id)).title
                except ScraperError:
                    continue
                if not title:
                    continue
                tally[1] += 1
                if headlines is None:
                    twin = pages.get(case.id)
                    headlines = twin_headlines(read_input(twin), twin.url) if twin else frozenset()
                tally[2] += is_headline(title, headlines)
        results.update({(name, k): TwinTitles(*v) for k, v in counts.items()})
    return results


def format_twins(found: dict[tuple[str, bool], TwinTitles], *, out_of_sample: bool) -> str:
    """The dirty-text title report of `twin_titles`, with and without the URLs."""
    from scraper.train.fit import SITE_FOLDS

    how = f"{SITE_FOLDS}-fold by site (out of sample)" if out_of_sample else "shipped model: in set"
    lines = [
        f"dirty-text titles (clean_text, {how}) against the HTML twin's headlines",
        f"  {'set':22} {'texts':>5} {'titles':>6} {'agree':>6}",
    ]
    for with_url in (True, False):
        for (name, url_given), t in found.items():
            if url_given is with_url:
                label = f"{name}-dirty{'' if with_url else ', no URL'}"
                lines.append(f"  {label:22} {t.texts:5} {t.found:6} {t.agree:6}")
    return "\n".join(lines)


def format_results(tools: Tools, results: dict[str, list[Tally]]) -> str:
    width = max(14, *(len(name) for name, _tool in tools))
    lines = []
    for set_name, tallies in results.items():
        lines.append(f"{set_name} ({tallies[0].pages} pages)")
        lines.append(
            f"  {'tool':{width}} {'title':>7} {'authors':>8} {'date':>7}"
            f"   {'invented authors':>17} {'invented dates':>15} {'no result':>9}"
        )
        for (name, _tool), tally in zip(tools, tallies, strict=True):
            lines.append(_format_row(name, tally, width))
        lines.append("")
    return "\n".join(lines).rstrip()


def _format_row(name: str, t: Tally, width: int) -> str:
    invented = [
        f"{t.invented[f]}/{t.empty[f]} ({t.invented[f] / t.empty[f]:.0%})" if t.empty[f] else "0/0"
        for f in ("authors", "date")
    ]
    return (
        f"  {name:{width}} {t.accuracy('title'):7.3f} {t.accuracy('authors'):8.3f} "
        f"{t.accuracy('date'):7.3f}   {invented[0]:>17} {invented[1]:>15} {t.rejected:>9}"
    )

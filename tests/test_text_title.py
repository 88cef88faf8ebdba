"""clean_text's learned title line: found above the body when no byline or dateline
anchors it, recorded as such, deterministic to train, and passed through CleanConfig."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cleaners import CleanConfig, clean_text
from cleaners.metadata.texttitle import SOURCE

if TYPE_CHECKING:
    from scraper.train.textlines import LinePage

BODY = {
    "en": (
        "The city council approved the new budget on Tuesday evening after a long debate "
        "about schools, roads and the cost of keeping the public library open at weekends.\n\n"
        "Members said the plan would raise spending on repairs by a fifth, while the mayor "
        "warned that the money for the second bridge would have to wait another year.\n\n"
        "Residents who spoke at the meeting asked for more crossings near the schools, and "
        "the council promised a report on traffic by the end of the spring."
    ),
    "de": (
        "Der Stadtrat hat am Dienstagabend nach langer Debatte den neuen Haushalt "
        "beschlossen, der mehr Geld für Schulen, Straßen und die Stadtbibliothek vorsieht.\n\n"
        "Die Mitglieder sagten, der Plan erhöhe die Ausgaben für Reparaturen um ein Fünftel, "
        "während der Bürgermeister warnte, die zweite Brücke müsse noch ein Jahr warten.\n\n"
        "Anwohner forderten in der Sitzung mehr Übergänge in der Nähe der Schulen, und der "
        "Rat versprach bis zum Frühjahr einen Bericht über den Verkehr."
    ),
}
HEADLINES = {
    "en": "Council approves budget for schools and roads",
    "de": "Stadtrat beschließt Haushalt für Schulen und Straßen",
}
MENU = "Home\nNews\nSport\nWeather\nSign in\nSubscribe\nSearch"


def _dirty(lang: str, headline: str) -> str:
    return f"{MENU}\n\n{headline}\n\n{BODY[lang]}\n\nShare this article\nFacebook\nTwitter\n"


@pytest.mark.parametrize("lang", sorted(HEADLINES))
def test_the_headline_above_the_body_becomes_the_title(lang: str) -> None:
    headline = HEADLINES[lang]
    slug = "-".join(headline.lower().split()[:4])
    doc = clean_text(_dirty(lang, headline), url=f"https://example.org/news/{slug}")
    assert doc.title == headline
    assert doc.provenance["title"] == SOURCE
    assert doc.text.startswith(BODY[lang].split("\n")[0][:40])  # the text is unchanged


@pytest.mark.parametrize("lang", sorted(HEADLINES))
def test_a_text_without_its_url_has_its_own_scorer(lang: str) -> None:
    # text piped in from elsewhere comes without a URL, whose words were the headline's
    # strongest evidence: a scorer trained on texts read without theirs finds the
    # headline a dump prints twice (the breadcrumb's last step, then the heading)
    headline = HEADLINES[lang]
    text = f"{MENU}\n\n{headline}\n\n{headline}\n\n{BODY[lang]}\n\nShare this article\n"
    doc = clean_text(text)
    assert doc.title == headline
    assert doc.provenance["title"] == SOURCE


def test_a_text_of_prose_alone_gets_no_title() -> None:
    doc = clean_text(BODY["en"], url="https://example.org/p/1234")
    assert doc.title is None
    assert "title" not in doc.provenance


def test_a_header_title_stays_the_header_s() -> None:
    headline = HEADLINES["en"]
    text = f"{MENU}\n\n{headline}\n\nBy Jane Doe\n\nMarch 4, 2026\n\n{BODY['en']}"
    doc = clean_text(text)
    assert doc.title == headline
    assert doc.provenance["title"] == "text:title"


def _pages(folder: Path) -> list[LinePage]:
    from scraper.bench.metadata import Found, Page
    from scraper.train.textlines import TITLE, read

    pages: list[LinePage] = []
    for index in range(8):
        lang = sorted(HEADLINES)[index % 2]
        headline = f"{HEADLINES[lang]} {index}"
        path = folder / f"{index}.txt"
        path.write_text(_dirty(lang, headline), encoding="utf-8")
        url = f"https://site{index}.example.org/a/{index}"
        page = Page(id=str(index), url=url, path=path, gold=Found(title=headline))
        pages.extend(read(page, TITLE, with_url=known) for known in (True, False))
    return pages


def test_training_is_deterministic_and_learns(tmp_path: Path) -> None:
    pytest.importorskip("lightgbm")
    from scraper.train.textlines import TITLE, fit

    pages = _pages(tmp_path)
    first = fit(pages, TITLE, {"fixture": True})
    again = fit(pages, TITLE, {"fixture": True})
    assert first.to_dict() == again.to_dict()
    unseen = f"{HEADLINES['de']} 9"  # a text it was not trained on, laid out alike
    picked = clean_text(_dirty("de", unseen), config=CleanConfig(text_title_model=first))
    assert picked.title == unseen


@pytest.mark.parametrize(
    ("gold", "positive"),
    [
        (f"{HEADLINES['en']} | The Daily Example", True),  # the site's part after it
        (f"The Daily Example - {HEADLINES['en']}", True),  # or before it
        (HEADLINES["en"], True),
        ("Council approves budget | The Daily Example", False),  # another headline
    ],
)
def test_a_headline_line_is_the_gold_title_without_its_site_part(
    tmp_path: Path, gold: str, positive: bool
) -> None:
    from scraper.bench.metadata import Found, Page
    from scraper.train.textlines import AUTHORS, TITLE, read

    path = tmp_path / "page.txt"
    path.write_text(_dirty("en", HEADLINES["en"]), encoding="utf-8")
    page = Page(id="1", url="https://example.org/a/1", path=path, gold=Found(title=gold))
    read_page = read(page, TITLE)
    assert bool(read_page.labels.any()) is positive
    assert not AUTHORS.matches("Jane Doe | Site", ("Jane Doe",))  # titles only


def test_a_news_dump_s_lines_are_labelled_by_its_html_twin_s_headline(tmp_path: Path) -> None:
    import gzip
    import json

    from scraper.train.textlines import TITLE, _twin_texts

    (tmp_path / "aeb" / "html").mkdir(parents=True)
    (tmp_path / "aeb-dirty").mkdir()
    url = "https://www.dailyexample.org/2026/03/budget"
    gold = {"p1": {"articleBody": BODY["en"], "url": url}}
    (tmp_path / "aeb" / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")
    page = (
        f"<html><head><title>{HEADLINES['en']} | Daily Example</title></head>"
        f"<body><h1>{HEADLINES['en']}</h1><p>{BODY['en']}</p></body></html>"
    )
    (tmp_path / "aeb" / "html" / "p1.html.gz").write_bytes(gzip.compress(page.encode()))
    dump = f"Daily Example\n\n{_dirty('en', HEADLINES['en'])}"
    (tmp_path / "aeb-dirty" / "p1.txt").write_text(dump, encoding="utf-8")
    texts = _twin_texts(tmp_path, "aeb", TITLE)
    assert [t.with_url for t in texts] == [True, False]
    assert all(t.set_name == "aeb-dirty" for t in texts)
    assert [int(t.labels.sum()) for t in texts] == [1, 1]  # the headline, not the site's name


def test_a_title_line_is_also_a_positive_when_it_is_the_page_s_own_headline(
    tmp_path: Path,
) -> None:
    import gzip
    import json

    from scraper.train.textlines import TITLE, load

    (tmp_path / "wcxb-dev" / "html").mkdir(parents=True)
    (tmp_path / "wcxb-dev-dirty").mkdir()
    url = "https://www.dailyexample.org/2026/03/budget"
    gold = {"0001": {"articleBody": BODY["en"], "url": url, "title": "Budget day at the hall"}}
    (tmp_path / "wcxb-dev" / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")
    page = f"<html><body><h1>{HEADLINES['en']}</h1><p>{BODY['en']}</p></body></html>"
    (tmp_path / "wcxb-dev" / "html" / "0001.html.gz").write_bytes(gzip.compress(page.encode()))
    (tmp_path / "wcxb-dev-dirty" / "0001.txt").write_text(
        _dirty("en", HEADLINES["en"]), encoding="utf-8"
    )
    for name in ("aeb", "mhb-dev"):  # the news sets, empty here
        (tmp_path / name / "html").mkdir(parents=True)
        (tmp_path / f"{name}-dirty").mkdir()
        (tmp_path / name / "ground-truth.json").write_text("{}", encoding="utf-8")
    texts = load(tmp_path, TITLE)
    assert [t.with_url for t in texts] == [True, False]
    assert [int(t.labels.sum()) for t in texts] == [1, 1]  # the <h1>, though not the gold


def test_the_body_the_title_is_read_against_is_the_rules_one_not_what_the_model_adds() -> None:
    from cleaners.draft import Block, Draft
    from cleaners.metadata.texttitle import body_start

    given = tuple(
        Block(t) for t in ("Menu", "The headline", "By Jane Doe", "First paragraph.", "Second one.")
    )
    headline, first = given[1], given[3]
    added_headline = Draft(blocks=(headline, first, given[4]), given=given, added=(headline,))
    assert body_start(added_headline) == 3  # the model's addition does not move the body
    assert body_start(Draft(blocks=(headline, first), given=given)) == 1  # nothing added
    only_added = Draft(blocks=(headline,), given=given, added=(headline,))
    assert body_start(only_added) is None  # the rules kept nothing: no body
    assert body_start(Draft(blocks=(), given=given)) is None

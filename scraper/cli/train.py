"""`scraper train`: retrain the cleaners' models from the labelled sets."""

from __future__ import annotations

import click

from scraper.cli.bench import DEFAULT_DATA


@click.group()
def train() -> None:
    """Retrain the cleaners' models from labelled evaluation sets (needs `.[train]`).

    \b
    Examples:
      scraper train html --data ../shared/data
      scraper train text --data ../shared/data
      scraper train metadata --data ../shared/data
      scraper train text-title --data ../shared/data
    """


@train.command("html")
@click.option("--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Model file to write.")
def train_html(data: str, out: str | None) -> None:
    """Fit the HTML content model on aeb, mhb-dev and wcxb-dev and write its file.

    Deterministic (fixed seed, single-order folds): the same data gives the same file.
    Out-of-sample figures for it come from `scraper bench html`.
    """
    from pathlib import Path

    from scraper.extras import require

    require("lightgbm", "train")
    from scraper.train import html

    target = Path(out) if out else html.default_output()
    pages = html.train(Path(data), target)
    click.echo(f"trained on {pages} pages: {target}")


@train.command("text")
@click.option("--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Model file to write.")
def train_text(data: str, out: str | None) -> None:
    """Fit clean_text's block model on the dirty twins of aeb, mhb-dev and wcxb-dev.

    Deterministic, like `train html`. Out-of-sample figures come from `scraper bench text`.
    """
    from pathlib import Path

    from scraper.extras import require

    require("lightgbm", "train")
    from scraper.train import text

    target = Path(out) if out else text.default_output()
    texts = text.train_text(Path(data), target)
    click.echo(f"trained on {texts} texts: {target}")


@train.command("metadata")
@click.option("--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Model file to write.")
def train_metadata(data: str, out: str | None) -> None:
    """Fit the metadata chooser (title, authors, published) on wcxb-dev's gold.

    Deterministic, like `train html`. Out-of-sample figures (models trained without
    the page's site) come from `scraper bench metadata`.
    """
    from pathlib import Path

    from scraper.extras import require

    require("lightgbm", "train")
    from scraper.train import metadata

    target = Path(out) if out else metadata.default_output()
    pages = metadata.train(Path(data), target)
    click.echo(f"trained on {pages} pages: {target}")


@train.command("text-title")
@click.option("--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True)
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Model file to write.")
def train_text_title(data: str, out: str | None) -> None:
    """Fit clean_text's title line chooser on wcxb-dev-dirty's gold titles.

    Deterministic, like `train html`. Out-of-sample figures (models trained without
    the text's site) come from `scraper bench metadata`.
    """
    from pathlib import Path

    from scraper.extras import require

    require("lightgbm", "train")
    from scraper.train import texttitle

    target = Path(out) if out else texttitle.default_output()
    texts = texttitle.train(Path(data), target)
    click.echo(f"trained on {texts} texts: {target}")

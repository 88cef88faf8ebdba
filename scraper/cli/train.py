"""`scraper train`: retrain the cleaners' models from the labelled sets."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from scraper.cli.bench import DEFAULT_DATA

F = TypeVar("F", bound=Callable[..., None])


def _data_and_out(command: F) -> F:
    """The options every `train` command takes: the sets' folder and the model file."""
    command = click.option(
        "-o", "--out", type=click.Path(dir_okay=False), help="Model file to write."
    )(command)
    return click.option(
        "--data", type=click.Path(file_okay=False), default=DEFAULT_DATA, show_default=True
    )(command)


@click.group()
def train() -> None:
    """Retrain the cleaners' models from labelled evaluation sets (needs `.[train]`).

    \b
    Examples:
      scraper train html --data ../shared/data
      scraper train text --data ../shared/data
      scraper train metadata --data ../shared/data
      scraper train text-title --data ../shared/data
      scraper train text-date --data ../shared/data
      scraper train text-authors --data ../shared/data
    """


@train.command("html")
@_data_and_out
def train_html(data: str, out: str | None) -> None:
    """Fit the HTML content model on aeb, mhb-dev and wcxb-dev and write its file.

    Deterministic (fixed seed, single-order folds): the same data gives the same file.
    Out-of-sample figures for it come from `scraper bench html`.
    """
    _fit("html", "train", data, out, "pages")


@train.command("text")
@_data_and_out
def train_text(data: str, out: str | None) -> None:
    """Fit clean_text's block model on the dirty twins of aeb, mhb-dev and wcxb-dev.

    Deterministic, like `train html`. Out-of-sample figures come from `scraper bench text`.
    """
    _fit("text", "train_text", data, out, "texts")


@train.command("metadata")
@_data_and_out
def train_metadata(data: str, out: str | None) -> None:
    """Fit the metadata chooser (title, authors, published) on wcxb-dev's gold.

    Deterministic, like `train html`. Out-of-sample figures (models trained without
    the page's site) come from `scraper bench metadata`.
    """
    _fit("metadata", "train", data, out, "pages")


def _text_line_command(field: str, gold: str, more: str) -> None:
    """`scraper train text-<field>`: one of clean_text's line choosers
    (`scraper.train.textlines.FIELDS`)."""

    @_data_and_out
    def command(data: str, out: str | None) -> None:
        _fit("textlines", "train", data, out, "texts", field=field)

    command.__doc__ = f"""Fit clean_text's {field} line chooser on wcxb-dev-dirty's {gold}{more}.

    Deterministic, like `train html`. Out-of-sample figures (models trained without
    the text's site) come from `scraper bench metadata`.
    """
    train.command(f"text-{field}")(command)


_TWINS = " (and aeb-dirty's and mhb-dev-dirty's lines by their HTML twin's {})"
for _field, _gold, _more in (
    ("title", "gold titles", _TWINS.format("headlines")),
    ("date", "gold dates", _TWINS.format("declared date")),
    ("authors", "gold authors", ""),
):
    _text_line_command(_field, _gold, _more)


def _fit(  # noqa: PLR0917 (the commands' one call, positional as they read)
    module: str, function: str, data: str, out: str | None, unit: str, field: str | None = None
) -> None:
    """Run `scraper.train.<module>.<function>(data, target)` (the model file is `out`,
    else the module's `default_output()`) and say how many inputs it learned from; with
    `field`, the module trains one of its `FIELDS`, which both calls are given."""
    from importlib import import_module
    from pathlib import Path

    from scraper.extras import require

    require("lightgbm", "train")
    trainer = import_module(f"scraper.train.{module}")
    chosen = () if field is None else (trainer.FIELDS[field],)
    target = Path(out) if out else trainer.default_output(*chosen)
    count = getattr(trainer, function)(Path(data), target, *chosen)
    click.echo(f"trained on {count} {unit}: {target}")

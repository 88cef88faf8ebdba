"""What every command shares: output options, error lines, the summary and exit codes.

Exit codes (the same for every command):

    0    every input gave an article
    1    some inputs failed or held no article (one stderr line each)
    2    bad usage or configuration (an unknown option, `-o` not writable, a bad job)
    3    another run of the job is active (`scraper run`)
    130  interrupted (Ctrl-C): the summary so far is printed, `-o` files left as they were
    141  the reader of stdout went away (`| head -1`): a quiet end
"""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from scraper.errors import ConfigError, ScraperError
from scraper.output import FORMATS, Writer, open_writer

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

if TYPE_CHECKING:
    from scraper.engine import PageResult

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C")


def config_option(
    cls: type, name: str, *flags: str, help: str, type: Any = None
) -> Callable[[F], F]:
    """A flag for the config dataclass field `name`: its default is the field's (shown
    in --help, never restated here); an option not given is left to the class."""
    default = {f.name: f.default for f in dataclasses.fields(cls)}[name]
    return click.option(*flags, name, type=type, default=None, show_default=str(default), help=help)


def build_config(cls: Callable[..., C], options: dict[str, Any]) -> C:
    """`cls` built from the options given (None: not given, the class's default);
    a value it refuses is a usage error."""
    try:
        return cls(**{name: value for name, value in options.items() if value is not None})
    except (ScraperError, ValueError) as error:
        raise click.UsageError(str(error)) from None


def clean_options(func: F) -> F:
    """The cleaners' own limits (`CleanConfig`) as flags: `scraper clean`, `extract`."""
    from cleaners import CleanConfig

    func = config_option(
        CleanConfig,
        "timeout",
        "--timeout",
        type=click.FloatRange(0, 3600, min_open=True),
        help="Seconds one input may take.",
    )(func)
    return config_option(
        CleanConfig,
        "max_bytes",
        "--max-bytes",
        type=click.IntRange(1, 1 << 30),
        help="Largest input, after inflating gzip.",
    )(func)


def progress_bar(total: int | None, description: str) -> Any:
    """A context giving `advance()`: a rich bar on a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        return nullcontext(lambda: None)
    return _Bar(total, description)


class _Bar:
    def __init__(self, total: int | None, description: str) -> None:
        from rich.console import Console
        from rich.progress import Progress

        self._progress = Progress(console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task(description, total=total)

    def __enter__(self) -> Callable[[], None]:
        self._progress.start()
        return lambda: self._progress.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()


def output_options(func: F) -> F:
    """`-o/--output` and `--format`, the same on every command that writes documents."""
    func = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, allow_dash=True),
        default="-",
        show_default=True,
        help="Write here instead of stdout. A file is replaced only when the run ends "
        "(and not when every input failed); a symlink is followed; /dev/null or a FIFO "
        "is written to directly.",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="jsonl",
        show_default=True,
        help="jsonl: one JSON object per document; txt: readable text; md: Markdown "
        "(headings, lists, tables, code); html: one page of <article>s; parquet: one row "
        "per document (needs -o FILE and .[parquet]).",
    )(func)


def report_failure(name: str, reason: object) -> None:
    """One line on stderr naming the input and the reason."""
    text = " ".join(str(reason).split()) or type(reason).__name__
    click.echo(f"scraper: {name}: {text}", err=True)


def reason_of(error: BaseException) -> str:
    """The short reason of an error, as `report_failure` shows it."""
    if isinstance(error, OSError):
        return error.strerror or str(error) or type(error).__name__
    return str(error) or type(error).__name__


@dataclass
class Tally:
    """What became of the inputs: documents written, rejections by reason, failures."""

    writer: Writer
    written: int = 0
    failed: int = 0
    rejected: Counter[str] = field(default_factory=Counter)

    def document(self, record: dict[str, Any]) -> None:
        self.writer.write(record)
        self.written += 1

    def failure(self, name: str, reason: str, *, rejected: str | None = None) -> None:
        """An input with no document: one stderr line; counted by `rejected` (why a
        readable input held no article) or as failed."""
        if rejected is None:
            self.failed += 1
        else:
            self.rejected[rejected] += 1
        report_failure(name, reason)

    def result(self, result: PageResult) -> None:
        """One page's result: its record written, or its error reported."""
        if result.document is not None:
            self.document(result.to_dict())
        else:
            self.error(result.name, result.error or ScraperError("failed"))

    def error(self, name: str, error: BaseException) -> None:
        """`failure` for an exception (a `Rejected` is counted by its reason)."""
        reason = getattr(error, "reason", None)
        rejected = reason if isinstance(error, ScraperError) and isinstance(reason, str) else None
        self.failure(name, reason_of(error), rejected=rejected)

    @property
    def bad(self) -> int:
        return self.failed + sum(self.rejected.values())

    def line(self) -> str:
        rejected = sum(self.rejected.values())
        detail = ", ".join(f"{reason} {n}" for reason, n in sorted(self.rejected.items()))
        return (
            f"written {self.written}, rejected {rejected}"
            + (f" ({detail})" if detail else "")
            + f", failed {self.failed}"
        )


@contextmanager
def writer_or_exit(output: str, fmt: str) -> Iterator[Writer]:
    """The writer for `-o`; one line and exit 2 when it cannot be opened."""
    try:
        with open_writer(output, fmt) as writer:
            yield writer
    except ConfigError as error:
        click.echo(f"scraper: {error}", err=True)
        sys.exit(EXIT_USAGE)


def run_inputs(output: str, fmt: str, work: Callable[[Tally], None]) -> NoReturn:
    """Run `work` with a `Tally` over a writer to `output`, then exit with its code.

    Ctrl-C prints the summary and exits 130 (a file at `output` keeps its previous
    content); a run in which every input failed leaves the previous file too. The
    summary line is printed at the end on a terminal; elsewhere only the per-input lines.
    """
    tally: Tally | None = None
    try:
        with writer_or_exit(output, fmt) as writer:
            tally = Tally(writer)
            work(tally)
            if tally.written == 0 and tally.bad:
                writer.discard()
    except KeyboardInterrupt:
        summary = tally.line() if tally else "nothing done"
        click.echo(f"scraper: interrupted: {summary}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    assert tally is not None
    if sys.stderr.isatty():
        click.echo(f"scraper: {tally.line()}", err=True)
    sys.exit(EXIT_SOME_FAILED if tally.bad else EXIT_OK)

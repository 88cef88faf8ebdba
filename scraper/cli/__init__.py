"""The `scraper` command line: one module per command, imported only when it runs.

Each command module is a thin layer: it parses options, calls one library function,
and maps `ScraperError`s to one line on stderr and a documented exit code.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys

import click

from scraper.cli.common import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_USAGE
from scraper.errors import ScraperError

# command name -> "module:attribute"; a command's module is imported only when used.
COMMANDS: dict[str, str] = {
    "bench": "scraper.cli.bench:bench",
    "clean": "scraper.cli.clean:clean",
    "extract": "scraper.cli.extract:extract",
    "fetch": "scraper.cli.fetch:fetch",
    "run": "scraper.cli.run:run",
    "state": "scraper.cli.state:state",
    "train": "scraper.cli.train:train",
}
# What `scraper --help` lists, so that it imports no command module (nor trafilatura).
SUMMARIES: dict[str, str] = {
    "bench": "Score and time the toolkit on the evaluation sets.",
    "clean": "Clean dirty scraped text into articles with metadata.",
    "extract": "Extract the article and its metadata from HTML pages.",
    "fetch": "Fetch pages politely and write the article of each.",
    "run": "Run a job once: fetch what is new or changed, write clean articles.",
    "state": "Print counts and the last runs of a job's state database.",
    "train": "Retrain the cleaners' models from the labelled sets.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def invoke(self, ctx: click.Context) -> object:
        """Every command ends the same way on Ctrl-C (130) and on a closed stdout (141)."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("scraper: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            sys.exit(_quiet_broken_pipe())
        except ScraperError as error:  # one a command did not map: bad data or settings
            click.echo(f"scraper: {' '.join(str(error).split())}", err=True)
            sys.exit(EXIT_USAGE)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, SUMMARIES[name]) for name in self.list_commands(ctx)])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scraper")
def cli() -> None:
    """Fetch article pages and clean them into articles with metadata.

    \b
    Examples:
      scraper clean dump.txt -o articles.jsonl       dirty text -> articles
      scraper extract pages/ -j 4 -o articles.jsonl  HTML files, WARC -> articles
      scraper fetch -i urls.txt -o articles.jsonl    the web -> articles
      scraper run /etc/scraper/news.toml             the cron job
      scraper state news.db                          what the cron job did
      scraper bench text                             quality and speed vs peers
      scraper COMMAND --help                         options and exit codes
    """


def main() -> None:
    """The console script: click's own handling, except for interrupts and pipes.

    Ctrl-C outside a command's loop ends with `scraper: interrupted` and 130 (not
    click's `Aborted!` and 1); a closed stdout (`| head -1`) ends quietly with 141.
    """
    logging.getLogger().addHandler(logging.NullHandler())
    try:
        code = cli.main(prog_name="scraper", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        code = error.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("scraper: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = _quiet_broken_pipe()
    sys.exit(code if isinstance(code, int) else 0)


def _quiet_broken_pipe() -> int:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail loudly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # stdout is no real file (a test runner's buffer): nothing to flush there
    return EXIT_BROKEN_PIPE

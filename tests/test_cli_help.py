"""Every command documents itself: `--help` works and shows examples."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from scraper.cli import COMMANDS, cli


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_examples(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert all(name in done.stdout for name in COMMANDS)


def test_unknown_command_is_a_usage_error_without_traceback() -> None:
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output

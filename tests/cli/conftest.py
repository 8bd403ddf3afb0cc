"""Shared helpers for the command-line tests: run the app, read its files."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app, main


@pytest.fixture
def invoke():
    """Run ``realpolitik ARGS`` through typer's CliRunner; fail loudly on a crash."""
    runner = CliRunner()

    def run(*args: str, expect: int = 0):
        result = runner.invoke(app, list(args))
        if result.exit_code != expect:
            raise AssertionError(
                f"exit {result.exit_code} != {expect} for {args}\n{result.output}\n"
                f"{result.exception!r}"
            )
        return result

    return run


@pytest.fixture
def run_main(capsys):
    """Run :func:`realpolitik.cli.main` (the console script) and capture (code, out, err)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run

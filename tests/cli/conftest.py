"""Shared helpers for the command-line tests: run the app (``run_main``: tests/conftest.py)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app


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

"""Fixtures every test folder may use."""

from __future__ import annotations

import pytest

from realpolitik.cli import main


@pytest.fixture
def run_main(capsys):
    """Run :func:`realpolitik.cli.main` (the console script) and capture (code, out, err)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run

"""Fixtures every test folder may use."""

from __future__ import annotations

import multiprocessing
import time

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


@pytest.fixture
def workers_gone():
    """A check that this process's worker processes are all gone within a few seconds.

    A worker terminated by an executor may be reaped by its pool's own thread just after the
    executor's ``join`` returned: the check waits a little rather than asking once.
    """

    def gone(within: float = 5.0) -> bool:
        deadline = time.monotonic() + within
        while multiprocessing.active_children():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    return gone

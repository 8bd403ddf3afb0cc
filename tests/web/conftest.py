"""Shared pieces of the web tests: a folder with a tiny results store (the Experiments page)."""

from __future__ import annotations

from pathlib import Path

import pytest

TINY = """\
name: tiny-lab
title: A tiny experiment for the web lab
description: Deterrence against the baseline over two shares of greedy types, a few runs each.
scenario: two-state-spiral
years: 6
runs: 12
seed: 7
chunk_size: 6
interventions: [baseline, deterrence]
design:
  kind: grid
  factors:
    share_greedy: [0.0, 0.5]
"""


@pytest.fixture(scope="session")
def stores_folder(tmp_path_factory) -> Path:
    """A folder holding one finished results store, ``tiny.duckdb`` (4 cells x 12 runs)."""
    from realpolitik.experiments.design import build_sweep
    from realpolitik.experiments.schema import load_experiment
    from realpolitik.experiments.sweep import run_sweep

    folder = tmp_path_factory.mktemp("stores")
    experiment = folder / "tiny.yaml"
    experiment.write_text(TINY, encoding="utf-8")
    run_sweep(build_sweep(load_experiment(experiment)), folder / "tiny.duckdb")
    experiment.unlink()
    return folder

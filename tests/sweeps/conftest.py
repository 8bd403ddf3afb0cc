"""Shared pieces of the sweep tests: a small experiment file, store snapshots, the CLI."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

SMALL = """\
name: small
title: A small sweep
description: Two interventions over two shares of greedy types, a few runs each.
scenario: two-state-spiral
years: 5
runs: {runs}
seed: 11
chunk_size: {chunk_size}
interventions: [baseline, deterrence]
design:
  kind: grid
  factors:
    share_greedy: [0.0, 0.5]
"""


@pytest.fixture
def small_experiment(tmp_path: Path):
    """Write the small experiment (4 cells) with the given runs and chunk size; return its path."""

    def write(runs: int = 10, chunk_size: int = 4, name: str = "small.yaml") -> Path:
        path = tmp_path / name
        path.write_text(SMALL.format(runs=runs, chunk_size=chunk_size))
        return path

    return write


def _snapshot(path: Path) -> tuple[object, object]:
    """Return a store's runs and chunks (without the compute times) as DataFrames."""
    from realpolitik.experiments.store import ResultsStore

    with ResultsStore(path) as db:
        runs, chunks = db.runs(), db.chunks()
    return runs, chunks.drop(columns=["seconds"])


@pytest.fixture
def same_store():
    """``same(a, b)``: whether two stores hold the same runs and chunks, bit for bit."""

    def same(a: Path, b: Path) -> bool:
        (ra, ca), (rb, cb) = _snapshot(a), _snapshot(b)
        return bool(ra.equals(rb) and ca.equals(cb))

    return same


@pytest.fixture
def file_digest():
    """``digest(path)``: SHA-256 of a file's bytes."""
    return lambda path: hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def reference(tmp_path_factory):
    """The small experiment (10 runs, chunks of 4), its sweep and its serial store, built once.

    Returns (experiment file, sweep, store); tests must not write into the store.
    """
    from realpolitik.experiments.design import build_sweep
    from realpolitik.experiments.schema import load_experiment
    from realpolitik.experiments.sweep import run_sweep

    folder = tmp_path_factory.mktemp("reference")
    path = folder / "small.yaml"
    path.write_text(SMALL.format(runs=10, chunk_size=4))
    sweep = build_sweep(load_experiment(path))
    store = folder / "serial.duckdb"
    run_sweep(sweep, store)
    return path, sweep, store

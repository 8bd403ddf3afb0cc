"""The results store: round trip against the engine, resume, refusing foreign/corrupt files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from realpolitik.analysis import run_outcomes
from realpolitik.engine.executors import SerialExecutor
from realpolitik.experiments.analysis import extra_outcomes
from realpolitik.experiments.design import build_sweep
from realpolitik.experiments.schema import load_experiment
from realpolitik.experiments.store import ResultsStore, StoreError, open_store
from realpolitik.experiments.sweep import run_sweep
from realpolitik.scenarios import simulate_compiled


class StopAfter(SerialExecutor):
    """A serial executor interrupted (as by Ctrl-C) after ``n`` chunks."""

    def __init__(self, n: int) -> None:
        self.n = n

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        for k, item in enumerate(items):
            if k == self.n:
                raise KeyboardInterrupt
            yield fn(item)


def test_store_round_trip_equals_the_engine(reference) -> None:
    _, sweep, store = reference
    with ResultsStore(store) as db:
        runs, cells, chunks = db.runs(), db.cells(), db.chunks()
        assert db.meta["experiment"] == "small" and db.meta["digest"] == sweep.digest
        assert db.meta["package_version"] and db.meta["schema_version"] == "2"
        assert db.factors() == ["share_greedy"] and db.progress() == (12, 12, 40, 40)
        assert db.missing() == []
    assert chunks["finished"].all() and list(chunks["runs"]) == [4, 4, 2] * 4
    assert list(cells["share_greedy"]) == [0.0, 0.5, 0.0, 0.5]
    assert list(cells["intervention"]) == ["baseline"] * 2 + ["deterrence"] * 2
    for cell in sweep.cells:  # the same runs through the engine's own simulate
        traj = simulate_compiled(
            cell.compiled,
            runs=sweep.runs,
            years=sweep.years,
            seed=cell.seed,
            chunk_size=sweep.chunk_size,
        )
        expect = run_outcomes(traj.data["military"].values, traj.data["gdp"].values,
                              {k: traj.events[k].to_numpy() for k in traj.events.columns},
                              sweep.runs)  # fmt: skip
        got = runs[runs["cell"] == cell.index]
        assert list(got["run"]) == list(range(sweep.runs))
        np.testing.assert_array_equal(got["wars"], expect["wars"])
        np.testing.assert_array_equal(got["first_war_year"], expect["first_war_year"])
        np.testing.assert_array_equal(got["arms_burden"], expect["burden"])
        np.testing.assert_array_equal(got["sd_wars"], expect["label_counts"][0])
        extra = extra_outcomes(traj.events, sweep.runs)
        np.testing.assert_array_equal(got["first_state_attacked"], extra["first_state_attacked"])
        np.testing.assert_array_equal(got["first_state_lost"], extra["first_state_lost"])
    assert "treaty_collapsed" not in runs.columns  # no arms-control treaty in this scenario
    assert int(chunks["wars"].sum()) == int(runs["wars"].sum())


def test_an_interrupted_sweep_resumes_to_the_same_store(
    reference, tmp_path: Path, same_store
) -> None:
    _, sweep, whole = reference
    parts = tmp_path / "parts.duckdb"
    with pytest.raises(KeyboardInterrupt):
        run_sweep(sweep, parts, executor=StopAfter(5))
    with ResultsStore(parts) as db:
        chunks, runs = db.chunks(), db.runs()
        assert db.progress()[0] == 5
    finished = chunks[chunks["finished"]]
    assert len(runs) == int(finished["runs"].sum())  # finished chunks only, each whole
    again = run_sweep(sweep, parts)
    assert (again.ran, again.skipped) == (7, 5)
    assert same_store(whole, parts)
    assert run_sweep(sweep, parts).ran == 0  # nothing left to do


def _unchanged(path: Path, file_digest, action: Callable[[], Any], match: str) -> None:
    before, files = file_digest(path), sorted(os.listdir(path.parent))
    with pytest.raises(StoreError, match=match):
        action()
    assert file_digest(path) == before and sorted(os.listdir(path.parent)) == files


def test_a_store_of_another_experiment_is_refused_untouched(
    reference, small_experiment, tmp_path: Path, file_digest
) -> None:
    store = tmp_path / "s.duckdb"
    store.write_bytes(reference[2].read_bytes())
    other = build_sweep(load_experiment(small_experiment(runs=12, name="other.yaml")))
    _unchanged(store, file_digest, lambda: run_sweep(other, store), "another version of")
    renamed = small_experiment().read_text().replace("name: small", "name: big")
    (tmp_path / "big.yaml").write_text(renamed.replace("runs: 10", "runs: 11"))
    big = build_sweep(load_experiment(tmp_path / "big.yaml"))
    _unchanged(store, file_digest, lambda: open_store(store, big), "experiment 'small', not 'big'")


def test_a_file_that_is_not_a_store_is_refused_untouched(
    reference, tmp_path: Path, file_digest
) -> None:
    import duckdb

    sweep = reference[1]
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    _unchanged(text, file_digest, lambda: run_sweep(sweep, text), "not a DuckDB file")
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    _unchanged(other, file_digest, lambda: run_sweep(sweep, other), "not a results store")


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
def test_a_corrupt_store_is_refused_untouched(
    reference, tmp_path: Path, file_digest, damage: str
) -> None:
    sweep = reference[1]
    store = tmp_path / "s.duckdb"
    data = reference[2].read_bytes()
    bad = data[: len(data) // 2] if damage == "truncated" else (
        data[:12288] + bytes(b ^ 0x55 for b in data[12288:]))  # fmt: skip
    store.write_bytes(bad)
    _unchanged(store, file_digest, lambda: run_sweep(sweep, store), "corrupt or unreadable")

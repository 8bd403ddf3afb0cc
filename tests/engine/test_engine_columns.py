"""Event columns decoded in place (chunks run here, in order): the values of a concatenation."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from realpolitik.engine import Params, simulate
from realpolitik.engine.maps import Columns
from realpolitik.testing import assert_trajectories_equal

SIM = sys.modules["realpolitik.engine.simulate"]


def _parts(columns: Columns, sizes: tuple[int, ...], seed: int = 0) -> list[dict[str, np.ndarray]]:
    """Make one chunk's parts per size (three columns), filled, as a decode would."""
    rng = np.random.default_rng(seed)
    chunks = []
    for n in sizes:
        parts = {"a": columns.empty((n,), np.int64, "a"), "b": columns.empty((n,), np.int8, "b"),
                 "c": columns.empty((n,), np.float64, "c")}  # fmt: skip
        parts["a"][:] = rng.integers(0, 1000, n)
        parts["b"][:] = rng.integers(-5, 5, n)
        parts["c"][:] = rng.random(n)
        chunks.append(parts)
    return chunks


def test_parts_taken_in_turn_are_the_concatenation():
    columns = Columns(100)
    chunks = _parts(columns, (7, 0, 30))
    for parts in chunks:
        columns.take(parts)
    for name in "abc":
        whole = columns.whole(name)
        ref = np.concatenate([p[name] for p in chunks])
        assert whole is not None and whole.dtype == ref.dtype and whole.tobytes() == ref.tobytes()


def test_what_cannot_be_placed_is_numpys_and_not_whole():
    columns = Columns(10)
    first = columns.empty((6,), np.int64, "a")
    assert columns.empty((6,), np.int64, "a").base is None  # no room left: numpy's
    assert columns.empty((3,), np.int32, "a").dtype == np.int32  # another dtype: numpy's
    assert columns.empty((3, 2), np.int8, "b").shape == (3, 2)  # 2-d: numpy's
    assert columns.empty((3,), np.int8).shape == (3,)  # no name: numpy's
    columns.take({"a": first})
    assert columns.whole("a") is not None
    columns.take({"a": np.zeros(2, np.int64)})  # a part not made here: the column is not whole
    assert columns.whole("a") is None and columns.whole("zzz") is None


def test_parts_taken_out_of_turn_are_not_whole():
    columns = Columns(50)
    one, two = _parts(columns, (4, 5))
    columns.take(two)
    columns.take(one)
    assert all(columns.whole(name) is None for name in "abc")


def test_a_column_over_the_limit_is_numpys(monkeypatch):
    monkeypatch.setattr(Columns, "LIMIT", 8)
    columns = Columns(100)
    part = columns.empty((3,), np.int64, "a")
    columns.take({"a": part})
    assert columns.whole("a") is None


@pytest.mark.parametrize("chunk_size", [16, 7, 60])
def test_simulation_decoded_in_place_equals_concatenated(monkeypatch, chunk_size):
    kw = {"states": 5, "runs": 60, "years": 25, "seed": 4, "chunk_size": chunk_size}
    params = Params.strategic()
    out = simulate(params, record=("beliefs",), **kw)
    monkeypatch.setattr(
        Columns, "empty", lambda self, shape, dtype, name=None: np.empty(shape, dtype)
    )
    ref = simulate(params, record=("beliefs",), **kw)
    assert_trajectories_equal(out, ref)
    assert list(out.events.columns) == list(ref.events.columns)
    assert out.events.shape[0] > 0


def test_the_assembly_uses_the_columns_of_the_chunks_run_here(monkeypatch):
    wholes = []
    whole = Columns.whole

    def spy(self, name):
        wholes.append(whole(self, name))
        return wholes[-1]

    monkeypatch.setattr(Columns, "whole", spy)
    simulate(Params.strategic(), states=4, runs=30, years=20, seed=1, chunk_size=8)
    placed = [w for w in wholes if w is not None]
    assert len(placed) >= 10  # the fixed columns and the declared ones

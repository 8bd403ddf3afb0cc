"""The assembly of a simulation's chunks: big arrays in their own maps, the same values."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from realpolitik.engine import Params, simulate
from realpolitik.testing import assert_trajectories_equal

SIM = sys.modules["realpolitik.engine.simulate"]
BELIEFS = Params.core(type_beliefs=True, crisis_base_rate=0.2, war_given_crisis=0.3)


@pytest.mark.parametrize("big", [1 << 20, 1])
def test_concatenate_and_nans_equal_numpy(monkeypatch, big):
    monkeypatch.setattr(SIM, "_BIG", big)
    rng = np.random.default_rng(0)
    for dtype in (np.int64, np.int32, np.int8, bool, np.float64, np.uint16):
        pieces = [rng.integers(0, 3, n).astype(dtype) for n in (5, 0, 17)]
        out = SIM._concatenate(pieces)
        ref = np.concatenate(pieces)
        assert out.dtype == ref.dtype and out.tobytes() == ref.tobytes()
    mixed = [np.arange(3, dtype=np.int32), np.arange(4, dtype=np.int64)]
    assert SIM._concatenate(mixed).dtype == np.concatenate(mixed).dtype
    pieces = [rng.random((n, 2, 3)) for n in (2, 0, 4)]
    assert SIM._concatenate(pieces).tobytes() == np.concatenate(pieces).tobytes()
    nans = SIM._nans((7, 3))
    assert nans.tobytes() == np.full((7, 3), np.nan).tobytes()


def test_mapped_assembly_gives_the_same_trajectory(monkeypatch):
    kw = {"states": 4, "runs": 40, "years": 15, "chunk_size": 16, "seed": 3}
    ref = simulate(BELIEFS, record=("beliefs",), **kw)
    monkeypatch.setattr(SIM, "_BIG", 1)  # every assembled array in its own map
    out = simulate(BELIEFS, record=("beliefs",), **kw)
    assert_trajectories_equal(out, ref)
    assert ref.events.shape[0] > 0

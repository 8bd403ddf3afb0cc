"""The strategic engine's fast routes give the numbers of its numpy reference, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import Params, compiled, simulate
from realpolitik.engine.mechanisms import decisions
from realpolitik.engine.strategy import kernels, values
from realpolitik.testing import (
    assert_trajectories_equal,
    full_schedule,
    strategic_configuration,
)

STATES, YEARS = 6, 12
KW = dict(states=STATES, runs=48, years=YEARS, seed=11, chunk_size=16,
          schedule=full_schedule(STATES, YEARS))  # fmt: skip
PARAMS = Params.strategic(**strategic_configuration(STATES, burn_in=3))


@pytest.fixture(scope="module")
def strategic():
    return simulate(PARAMS, **KW)


def test_the_strategic_workload_has_wars_strikes_and_hawk_bias(strategic):
    ev = strategic.events
    assert (ev["kind"] == "war").sum() > 0
    assert {"hawk_bias", "bargaining_failure"} <= set(ev["cause"].dropna().astype(str))
    assert ev["misperceived"].any()


@pytest.mark.parametrize("n", [0, 1, 5, 7, 8, 9, 15, 16, 17, 31, 64, 100, 128])
def test_the_compiled_sum_is_numpys_pairwise_sum(n):
    rng = np.random.default_rng(n)
    a = rng.random(n) * 10.0 ** rng.integers(-8, 8, n)
    assert kernels.pairwise_sum(a, n) == a.sum()


@pytest.mark.parametrize("states", [2, 3, 5, 8, 9, 12, 17])
def test_the_compiled_expected_allies_are_the_numpy_ones(states, monkeypatch):
    rng = np.random.default_rng(states)
    allied = rng.random((40, states, states)) < 0.4
    allied &= np.swapaxes(allied, 1, 2)
    allied[:, np.arange(states), np.arange(states)] = False
    chat = rng.random((40, states, states)) * 10.0 ** rng.integers(-6, 6, (40, states, states))
    join = rng.random((states, states - 1))
    fast = kernels.expected_allies_compiled(allied, chat, join)
    assert fast is not None
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert kernels.expected_allies_compiled(allied, chat, join) is None
    for got, want in zip(fast, values.expected_allies(allied, chat, join), strict=True):
        np.testing.assert_array_equal(got, want)


def test_compiled_loops_give_the_numbers_of_the_numpy_operations(strategic, monkeypatch):
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert_trajectories_equal(strategic, simulate(PARAMS, **KW))


def test_counterfactuals_on_the_runs_with_a_war_are_those_on_every_run(strategic, monkeypatch):
    def every_run(pairs, *arrays):
        return np.arange(pairs.shape[0]), list(arrays)

    monkeypatch.setattr(decisions, "_runs_with", every_run)
    assert_trajectories_equal(strategic, simulate(PARAMS, **KW))


@pytest.mark.parametrize("numba", [True, False])
def test_the_same_seed_gives_the_same_result_with_two_workers(strategic, numba, monkeypatch):
    monkeypatch.setattr(compiled, "NUMBA", numba)
    assert_trajectories_equal(strategic, simulate(PARAMS, workers=2, **KW))

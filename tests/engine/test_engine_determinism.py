"""Determinism (issue 3, item 4): a result is a function of (seed, runs, chunk_size) only."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import Params, simulate
from realpolitik.testing import assert_trajectories_equal, check_determinism

WARLIKE = Params.core(crisis_base_rate=0.1, war_given_crisis=0.3)
KW = {"states": 5, "runs": 70, "years": 40, "chunk_size": 16}  # 5 chunks, the last one short


@pytest.mark.parametrize("fast", [True, False], ids=["fused", "modules"])
def test_same_seed_is_bit_identical_for_one_and_two_workers(fast):
    check_determinism(seed=12, other_seed=13, workers=(1, 2), params=WARLIKE, fast=fast, **KW)


def test_spawned_workers_give_the_same_result_as_one_process():
    one = simulate(WARLIKE, seed=4, workers=1, **KW)
    spawned = simulate(WARLIKE, seed=4, workers=2, start_method="spawn", **KW)
    assert_trajectories_equal(one, spawned)
    assert len(one.events) > 0


def test_injected_initial_conditions_are_split_over_chunks_and_workers():
    rng = np.random.default_rng(0)
    gdp = rng.uniform(5, 15, (70, 5))
    initial = {
        "military": 0.02 * gdp,
        "gdp": gdp,
        "greedy": rng.random((70, 5)) < 0.3,
        "growth": np.full((70, 5), 0.02),
    }
    a = simulate(WARLIKE, seed=1, workers=1, initial=initial, **KW)
    b = simulate(WARLIKE, seed=1, workers=2, initial=initial, **KW)
    assert_trajectories_equal(a, b)
    np.testing.assert_array_equal(a.array("gdp")[:, 0], gdp)
    np.testing.assert_array_equal(a.array("greedy"), initial["greedy"])


def test_different_seeds_give_different_trajectories_and_events():
    a = simulate(WARLIKE, seed=1, **KW)
    b = simulate(WARLIKE, seed=2, **KW)
    assert not np.array_equal(a.array("military"), b.array("military"))
    assert not np.array_equal(a.event_arrays()["run"], b.event_arrays()["run"])


def test_each_chunk_has_its_own_stream_so_chunks_differ():
    traj = simulate(Params.core(), states=3, runs=32, years=5, seed=0, chunk_size=16)
    m0 = traj.array("military")[:, 0]
    assert not np.array_equal(m0[:16], m0[16:])


def test_seed_none_draws_entropy_that_replays_the_result():
    a = simulate(Params.core(), states=3, runs=10, years=5, seed=None)
    assert isinstance(a.seed, int) and a.seed >= 0
    assert_trajectories_equal(a, simulate(Params.core(), states=3, runs=10, years=5, seed=a.seed))


def test_check_determinism_catches_a_seed_that_is_ignored():
    def ignores_seed(seed, workers):
        return simulate(Params.core(), states=2, runs=3, years=3, seed=0, workers=workers)

    with pytest.raises(AssertionError, match="identical"):
        check_determinism(ignores_seed, workers=(1,))


def test_check_determinism_catches_results_that_depend_on_workers():
    def depends_on_workers(seed, workers):
        return simulate(Params.core(), states=2, runs=3, years=3, seed=seed + workers)

    with pytest.raises(AssertionError, match="workers=1 and workers=2 differ"):
        check_determinism(depends_on_workers, workers=(1, 2))


def test_check_determinism_without_workers_argument():
    def run(seed):
        return simulate(Params.core(), states=2, runs=3, years=3, seed=seed)

    check_determinism(run, workers=None)
    with pytest.raises(ValueError, match="workers"):
        check_determinism(run, workers=())

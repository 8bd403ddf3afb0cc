"""The engine in its core configuration is CORE_MODEL.md's model (issue 3, item 3).

- deterministic configuration (sigma = 0, p0 = 0), injected initial arrays: the engine equals
  a plain per-state loop written from CORE_MODEL.md to relative 1e-12, on both the fused and
  the mechanism-module path;
- stochastic configuration: the engine's distributions agree with the loop's (own RNG) by the
  tests of CORE_MODEL "What agree means";
- the fused kernel is bit-identical to the mechanism modules, also with noise and wars;
- the two-state Richardson configuration reproduces ``theory.richardson.Richardson.simulate``.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from realpolitik.engine import Params, simulate
from realpolitik.testing import (
    assert_agreement,
    assert_trajectories_equal,
    check_invariants,
    sample_from_trajectory,
)
from realpolitik.theory.richardson import Richardson

sys.path.insert(0, str(Path(__file__).parent))
from engine_core_loop import core_loop


def draw_initial(runs: int, states: int, seed: int, p_greedy: float = 0.3) -> dict:
    """CORE_MODEL.md's initial conditions, drawn here independently of the engine."""
    rng = np.random.default_rng(seed)
    gdp = rng.uniform(5, 15, (runs, states))
    return {
        "military": 0.02 * gdp * rng.uniform(0.5, 1.5, (runs, states)),
        "gdp": gdp,
        "greedy": rng.random((runs, states)) < p_greedy,
        "growth": rng.uniform(0.01, 0.05, (runs, states)),
    }


DETERMINISTIC = {
    "core": {},
    "runaway_hits_the_cap": {"reaction": 0.5, "offense_defense_factor": 1.5},
    "per_state_parameters": {
        "reaction": [0.1, 0.2, 0.3, 0.4, 0.25],
        "fatigue": [0.3, 0.2, 0.4, 0.3, 0.35],
        "offense_defense_factor": [1.0, 1.2, 1.5, 0.8, 1.1],
        "grievance_greedy": [0.05, 0.08, 0.02, 0.05, 0.1],
        "grievance_secure": [0.005, -0.01, 0.0, 0.01, 0.002],
        "military_cap_share": [0.1, 0.05, 0.2, 0.1, math.inf],
        "burden_cost": [0.2, 0.5, 0.1, 0.0, 0.3],
        "dt": 0.5,
    },
}


@pytest.mark.parametrize("fast", [True, False], ids=["fused", "modules"])
@pytest.mark.parametrize("config", list(DETERMINISTIC))
def test_deterministic_core_equals_the_per_state_loop(config, fast):
    params = Params.core(perception_noise=0.0, crisis_base_rate=0.0, **DETERMINISTIC[config])
    runs, states, years = 12, 5, 200
    initial = draw_initial(runs, states, seed=11)
    traj = simulate(
        params, states=states, runs=runs, years=years, seed=0, initial=initial, fast=fast
    )
    ref = core_loop(params.to_dict(), initial, years)  # to_dict writes inf as "inf"
    for name, key in (("military", "military"), ("gdp", "gdp"), ("budget_share", "share")):
        got = traj.array(name)
        want = np.array(ref[key])
        np.testing.assert_allclose(got[:, 1:], want[:, 1:], rtol=1e-12, atol=0, err_msg=name)
    np.testing.assert_array_equal(traj.array("military")[:, 0], initial["military"])
    assert np.isnan(traj.array("budget_share")[:, 0]).all()
    assert len(traj.events) == 0
    check_invariants(traj)
    if config == "runaway_hits_the_cap":  # the cap must have bound, or the clip went untested
        share = traj.array("budget_share")[:, 1:]
        assert np.isclose(share, 0.1, rtol=1e-12).mean() > 0.5


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {
            "crisis_base_rate": 0.1,
            "war_given_crisis": 0.3,
            "crisis_sensitivity": 1.5,
            "decisiveness": 2.0,
            "perception_noise": [0.1, 0.2, 0.3, 0.2, 0.4, 0.1],
            "reaction": [0.2, 0.1, 0.3, 0.2, 0.2, 0.25],
        },
    ],
    ids=["core", "warlike_per_state"],
)
def test_stochastic_core_agrees_in_distribution_with_the_per_state_loop(overrides):
    params = Params.core(**overrides)
    runs, states, years = 300, 6, 120
    initial = draw_initial(runs, states, seed=21)
    traj = simulate(params, states=states, runs=runs, years=years, seed=3, initial=initial)
    ref = core_loop(params.to_dict(), initial, years, seed=4)
    wars = np.bincount([w[0] for w in ref["wars"]], minlength=runs)
    ref_sample = {
        "final_military": np.array(ref["military"])[:, -1, :].ravel(),
        "final_gdp": np.array(ref["gdp"])[:, -1, :].ravel(),
        "wars_per_run": wars,
    }
    sample = sample_from_trajectory(traj)
    assert sample["wars_per_run"].sum() > 100  # wars happen, so their losses are compared too
    table = assert_agreement(sample, ref_sample)
    assert list(table["test"]) == ["ks", "ks", "chi2", "z_mean", "z_mean", "z_mean"]
    # the crisis rate agrees too (binomial z on the number of crises)
    n_engine = int((traj.event_arrays()["kind"] == 0).sum())
    n_loop = len(ref["crises"])
    assert abs(n_engine - n_loop) < 4 * math.sqrt(n_engine + n_loop)


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"crisis_base_rate": 0.2, "war_given_crisis": 0.5, "decisiveness": 0.7},
        {"crisis_sensitivity": 1.0, "perception_noise": [0.0, 0.5, 0.2, 0.1]},
        {"crisis_sensitivity": 3.0, "reaction": 0.6, "military_cap_share": [0.1, 0.2, 1, 0.05]},
    ],
)
def test_fused_kernel_is_bit_identical_to_the_mechanism_modules(overrides):
    params = Params.core(**overrides)
    kw = {"states": 4, "runs": 50, "years": 80, "seed": 9, "chunk_size": 20}
    fused = simulate(params, fast=True, **kw)
    modules = simulate(params, fast=False, **kw)
    assert fused.meta["fast_path"] and not modules.meta["fast_path"]
    assert (fused.event_arrays()["kind"] == 1).sum() > 0
    assert_trajectories_equal(fused, modules)


def test_fused_kernel_equals_the_modules_with_float32_records():
    kw = {"states": 3, "runs": 40, "years": 50, "seed": 2, "dtype": "float32"}
    fused = simulate(Params.core(), fast=True, **kw)
    assert fused.array("military").dtype == np.float32
    assert_trajectories_equal(fused, simulate(Params.core(), fast=False, **kw))


@pytest.mark.parametrize(
    ("k", "l", "a", "b", "g", "h", "dt"),
    [
        (0.2, 0.3, 0.5, 0.4, 0.1, 0.2, 1.0),  # case i: stable balance
        (0.9, 0.8, 0.3, 0.2, 0.5, 0.1, 1.0),  # case iii: runaway
        (0.4, 0.1, 0.6, 0.7, 1.0, 0.3, 0.25),  # small step
    ],
)
def test_two_state_richardson_configuration_reproduces_the_richardson_model(k, l, a, b, g, h, dt):
    params = Params.core(
        reaction=[k, l],
        fatigue=[a, b],
        grievance_greedy=[g, h],
        grievance_secure=[g, h],
        offense_defense_factor=1.0,
        perception_noise=0.0,
        crisis_base_rate=0.0,
        military_cap_share=math.inf,
        burden_cost=0.0,
        dt=dt,
    )
    x0, y0, steps = 1.5, 0.7, 60
    initial = {
        "military": np.array([[x0, y0]]),
        "gdp": np.array([[10.0, 10.0]]),
        "greedy": np.array([[True, False]]),
        "growth": np.array([[0.02, 0.02]]),
    }
    want = Richardson(k, l, a, b, g, h).simulate(x0, y0, steps, dt=dt)
    for fast in (True, False):
        traj = simulate(params, states=2, runs=1, years=steps, seed=0, initial=initial, fast=fast)
        np.testing.assert_allclose(traj.array("military")[0], want, rtol=1e-12, atol=1e-12)

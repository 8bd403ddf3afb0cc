"""Smoke tests of the benchmark: the Mesa core model keeps CORE_MODEL.md's semantics."""

from __future__ import annotations

import importlib.util
import math
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("mesa")

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


mesa_core = _load("mesa_core")
CoreModel = mesa_core.CoreModel
CoreParams = mesa_core.CoreParams

DETERMINISTIC = {"perception_noise": 0.0, "crisis_base_rate": 0.0}


def direct_deterministic_trajectory(initial: dict, years: int, p: CoreParams) -> dict:
    """A plain per-state loop written from CORE_MODEL.md (sigma = 0, p0 = 0)."""
    m = [float(x) for x in initial["military"]]
    y = [float(x) for x in initial["gdp"]]
    n = len(m)
    k = p.reaction / (n - 1)
    out_m, out_y = [list(m)], [list(y)]
    for _ in range(years):
        new_m, new_y = [], []
        for i in range(n):
            threat = p.offense_defense_factor * sum(m[j] for j in range(n) if j != i)
            g = p.grievance_greedy if initial["greedy"][i] else p.grievance_secure
            mi = m[i] + p.dt * (k * threat - p.fatigue * m[i] + g)
            mi = min(max(mi, 0.0), p.military_cap_share * y[i])
            new_m.append(mi)
            new_y.append(y[i] * (1 + p.dt * (initial["growth"][i] - p.burden_cost * mi / y[i])))
        m, y = new_m, new_y
        out_m.append(list(m))
        out_y.append(list(y))
    return {"military": np.array(out_m), "gdp": np.array(out_y)}


def test_deterministic_mesa_model_equals_a_direct_per_state_loop():
    initial = mesa_core.core_initial(states=6, runs=3, seed=1)
    params = CoreParams(**DETERMINISTIC)
    for run in range(3):
        start = {k: v[run] for k, v in initial.items()}
        model = CoreModel(6, params, start, seed=run)
        for _ in range(25):
            model.step()
        got = model.trajectory()
        want = direct_deterministic_trajectory(start, 25, params)
        for name in ("military", "gdp"):
            np.testing.assert_allclose(got[name], want[name], rtol=1e-12, atol=0)
        assert model.events == []


def test_deterministic_run_does_not_depend_on_the_seed():
    initial = {k: v[0] for k, v in mesa_core.core_initial(5, 1, seed=2).items()}
    a = CoreModel(5, DETERMINISTIC, initial, seed=1)
    b = CoreModel(5, DETERMINISTIC, initial, seed=99)
    for _ in range(10):
        a.step()
        b.step()
    assert a.agents.get("military") == b.agents.get("military")


def test_injected_initial_conditions_are_year_zero_of_the_trajectory():
    initial = {k: v[0] for k, v in mesa_core.core_initial(4, 1, seed=3).items()}
    model = CoreModel(4, None, initial, seed=0)
    traj = model.trajectory()
    np.testing.assert_array_equal(traj["military"][0], initial["military"])
    np.testing.assert_array_equal(traj["gdp"][0], initial["gdp"])
    assert [a.greedy for a in model.agents] == list(initial["greedy"])


def test_wars_are_fought_on_post_arming_military_and_losses_applied_together():
    # p0 = 1 and q_war = 1: many crises in one step, every crisis a war.
    params = CoreParams(perception_noise=0.0, crisis_base_rate=1.0, war_given_crisis=1.0)
    initial = {k: v[0] for k, v in mesa_core.core_initial(6, 1, seed=4).items()}
    expected = direct_deterministic_trajectory(initial, 1, params)
    m_new, y_new = expected["military"][1], expected["gdp"][1]
    for seed in range(5):
        model = CoreModel(6, params, initial, seed=seed)
        model.step()
        wars = [e for e in model.events if e[1] == "war"]
        crises = [e for e in model.events if e[1] == "crisis"]
        assert len(wars) == len(crises) > 0
        won, lost = Counter(), Counter()
        for _, _, initiator, target, winner in wars:
            assert winner in (initiator, target)
            won[winner] += 1
            lost[target if winner == initiator else initiator] += 1
            # sigma = 0: the initiator's ratio m_target / m_initiator is the larger one
            assert initial["military"][initiator - 1] <= initial["military"][target - 1]
        for i, state in enumerate(model.agents):
            uid = state.unique_id
            want_m = m_new[i] * 0.7 ** lost[uid] * 0.9 ** won[uid]
            want_y = y_new[i] * 0.9 ** lost[uid]
            assert state.military == pytest.approx(want_m, rel=1e-12)
            assert state.gdp == pytest.approx(want_y, rel=1e-12)


def test_crisis_and_victory_probabilities_match_the_contest_and_ratio_formulas():
    # Two states, sigma = 0: R = m_strong / m_weak; P(crisis) = p0 R^2 / (1 + R^2), and
    # with q_war = 1 the initiator (the weaker) wins with m_w^gamma / (m_w^gamma + m_s^gamma)
    # on post-arming military.
    p0 = 0.8
    params = CoreParams(perception_noise=0.0, crisis_base_rate=p0, war_given_crisis=1.0)
    initial = {"military": [0.1, 0.3], "gdp": [10.0, 10.0], "greedy": [False, True]}
    initial["growth"] = [0.02, 0.02]
    ratio = 3.0
    p_crisis = p0 * ratio**2 / (1 + ratio**2)
    m_new = direct_deterministic_trajectory(initial, 1, params)["military"][1]
    p_weak_wins = m_new[0] / m_new.sum()
    n = 1500
    crises = weak_wins = 0
    for seed in range(n):
        model = CoreModel(2, params, initial, seed=seed, collect=False)
        model.step()
        for _, kind, initiator, _, winner in model.events:
            if kind == "war":
                crises += 1
                assert initiator == 1
                weak_wins += winner == 1
    assert abs(crises - n * p_crisis) < 4.5 * math.sqrt(n * p_crisis * (1 - p_crisis))
    sd = math.sqrt(crises * p_weak_wins * (1 - p_weak_wins))
    assert abs(weak_wins - crises * p_weak_wins) < 4.5 * sd


def test_military_stays_within_the_cap_of_last_years_gdp():
    model = CoreModel(8, None, None, seed=5, collect=False)
    for _ in range(30):
        gdp_old = {a: a.gdp for a in model.agents}
        model.step()
        for a in model.agents:
            assert 0.0 <= a.budget_share <= 0.1 + 1e-15
            assert a.military <= 0.1 * gdp_old[a] + 1e-12


def test_run_mesa_pools_a_handful_of_runs_reproducibly():
    initial = mesa_core.core_initial(8, 4, seed=6)
    a = mesa_core.run_mesa(8, 4, 20, seed=7, initial=initial)
    b = mesa_core.run_mesa(8, 4, 20, seed=7, initial=initial)
    assert a["final_military"].shape == a["final_gdp"].shape == (32,)
    assert a["wars_per_run"].shape == (4,)
    assert a["wars_per_run"].dtype.kind == "i"
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    assert np.all(a["final_gdp"] > 0)
    assert np.all(a["wars_per_run"] <= a["crises_per_run"])


def test_mesa_parameter_defaults_are_core_models_table():
    p = CoreParams()
    table = {
        "reaction": 0.2, "fatigue": 0.3, "offense_defense_factor": 1.2,
        "grievance_greedy": 0.05, "grievance_secure": 0.005, "share_greedy": 0.3,
        "military_cap_share": 0.1, "burden_cost": 0.2, "perception_noise": 0.2,
        "crisis_base_rate": 0.02, "crisis_sensitivity": 2.0, "war_given_crisis": 0.1,
        "decisiveness": 1.0, "loser_military_loss": 0.3, "loser_gdp_loss": 0.1,
        "winner_military_cost": 0.1, "dt": 1.0,
    }  # fmt: skip
    assert p.as_dict() == table


def test_fewer_than_two_states_is_rejected():
    with pytest.raises(ValueError, match="states"):
        CoreModel(1, None, None, seed=0)


def test_benchmark_default_workloads_are_the_issues_table():
    bench = _load_engine()
    sizes = [(w.states, w.years, w.runs) for w in bench.workloads()]
    assert sizes == [(8, 200, 100), (8, 200, 10_000), (100, 200, 100)]
    assert all(w.mesa_runs and w.mesa_runs < w.runs for w in bench.workloads())


def test_draws_alone_counts_one_normal_per_observer_target_pair_and_one_uniform_per_pair():
    bench = _load_engine()
    normals, uniforms = bench.draws_per_state_step(8, 0.0)
    assert (normals, uniforms) == (7.0, 3.5)
    rate = bench.draws_alone_rate(
        4, 5, 10, dtype=np.float32, threads=2, extra_per_pair=0.1, min_seconds=0.0
    )
    assert rate > 0


def _load_engine():
    # benchmarks/engine.py under a name that cannot shadow realpolitik.engine
    if "engine_benchmark" in sys.modules:
        return sys.modules["engine_benchmark"]
    spec = importlib.util.spec_from_file_location("engine_benchmark", BENCHMARKS / "engine.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["engine_benchmark"] = module
    spec.loader.exec_module(module)
    return module


def test_strategic_row_is_every_mechanism_under_the_strategic_engine_and_runs():
    bench = _load_engine()
    (row,) = bench.workloads(configs=("strategic",))
    assert (row.states, row.years, row.runs) == (8, 200, 10_000)
    assert row.mesa_runs and row.overrides == {"burn_in": 0}
    params = bench.engine_params(row.config, bench.ENGINE_CONFIGS[row.config](8, **row.overrides))
    assert params.decisions == "strategic" and params.burn_in == 0
    assert params.alliances and params.hawkishness == 0.2 and params.hotline == 0.5
    tiny = bench.Workload(8, 6, 40, mesa_runs=None, config="strategic", overrides=row.overrides)
    out = bench.time_engine(tiny, workers=1, seed=3, chunk_size=32, repeat=1)
    assert out["state_steps_per_s"] > 0 and out["seconds"] > 0
    assert out["events"]["crisis"] + out["events"]["war"] > 0
    targets = bench.config_targets(
        {"workloads": [{"workload": asdict(tiny), "name": tiny.name, "engine_w1": out}]},
        [1],
        "strategic",
        30.0,
    )
    assert targets["strategic_workload"] == "strategic 8x6x40"
    assert targets["strategic_mesa_factor"]["passes"] is None  # no Mesa timed in this row
    assert targets["strategic_peak_memory_mib"]["value"] > 0

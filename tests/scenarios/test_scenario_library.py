"""The bundled teaching scenarios load, compile, run and keep the engine's invariants."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.citations import BIBTEX, cite
from realpolitik.engine import Params
from realpolitik.scenarios import (
    FLAGSHIP,
    bundled_path,
    bundled_scenarios,
    compile_scenario,
    load_scenario,
    run_scenario,
    with_overrides,
)
from realpolitik.testing import assert_trajectories_equal, check_invariants

NAMES = ("two-state-spiral", "multipolar-offense", "bipolar-nuclear")


def test_the_three_teaching_scenarios_are_bundled():
    assert set(NAMES) <= set(bundled_scenarios())
    assert FLAGSHIP == "multipolar-offense"


@pytest.mark.parametrize("name", NAMES)
def test_bundled_scenario_runs_a_small_batch_and_keeps_the_invariants(name):
    scenario = load_scenario(name)
    params, states, _initial, _schedule = compile_scenario(scenario)
    assert isinstance(params, Params)
    assert states == scenario.n_states
    traj = run_scenario(scenario, runs=20, years=20)
    assert (traj.runs, traj.years, traj.states) == (20, 20, scenario.n_states)
    check_invariants(traj)
    assert traj.seed == scenario.seed


@pytest.mark.parametrize("name", NAMES)
def test_bundled_scenario_documents_itself_and_cites_known_sources(name):
    scenario = load_scenario(name)
    assert len(scenario.description) > 200
    assert scenario.sources and all(key in BIBTEX for key in scenario.sources)
    assert cite(*scenario.sources).count("@") == len(set(scenario.sources))
    text = bundled_path(name).read_text(encoding="utf-8")
    assert text.count("\n#") >= 5  # commented for teaching


@pytest.mark.parametrize("name", NAMES)
def test_run_depends_only_on_scenario_and_seed(name):
    a = run_scenario(name, runs=12, years=15, seed=5)
    b = run_scenario(name, runs=12, years=15, seed=5)
    assert_trajectories_equal(a, b)
    c = run_scenario(name, runs=12, years=15, seed=6)
    assert not np.array_equal(a.array("military"), c.array("military"))


def wars_per_run(traj, wars=None) -> np.ndarray:
    """Wars per run (the run is the unit), of the given war rows or of all."""
    if wars is None:
        wars = traj.events[traj.events["kind"] == "war"]
    return np.bincount(wars["run"].to_numpy(), minlength=traj.runs).astype(float)


def diff_interval(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """95% interval of mean(b) - mean(a), runs independent (normal approximation)."""
    d = b.mean() - a.mean()
    se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    return d - 1.96 * se, d + 1.96 * se


def test_every_bundled_scenario_runs_on_the_strategic_engine():
    for name in NAMES:
        params = compile_scenario(name).params
        assert params.decisions == "strategic", name


def test_two_state_spiral_has_only_preemptive_security_dilemma_wars():
    """Two security seekers in mistrust strike first out of fear (Jervis 1978; Kydd 2005)."""
    scenario = load_scenario("two-state-spiral")
    assert scenario.n_states == 2
    assert all(s.type == "security_seeker" for s in scenario.states)
    params = compile_scenario(scenario).params
    assert params.type_beliefs and params.prior_trust < 0.4545  # below the minimum trust pi*
    traj = run_scenario(scenario, runs=200, years=60)
    assert not traj.array("greedy").any()
    wars = traj.events[traj.events["kind"] == "war"]
    assert len(wars) > 0
    assert set(wars["label"].astype(str)) == {"security_dilemma_war"}
    assert set(wars["cause"].astype(str)) == {"preemption"}
    assert wars["mistrusted"].mean() > 0.5


@pytest.mark.parametrize(
    "lever",
    [{"prior_trust": 0.5}, {"transparency": 0.8}, {"distinguishability": 0.8},
     {"offense_defense_factor": 2.5}],
)  # fmt: skip
def test_two_state_spiral_levers_each_cut_the_wars(lever):
    """Trust, transparency, distinguishability and less offense dominance each prevent wars."""
    base = load_scenario("two-state-spiral")
    spiral = wars_per_run(run_scenario(base, runs=200, years=60))
    calmer = wars_per_run(run_scenario(with_overrides(base, lever), runs=200, years=60))
    _, hi = diff_interval(spiral, calmer)
    assert hi < 0


def test_multipolar_offense_is_the_flagship_configuration():
    scenario = load_scenario("multipolar-offense")
    assert scenario.n_states == 8
    assert (scenario.runs, scenario.years) == (1000, 100)
    assert len(scenario.alliances) == 2
    params = compile_scenario(scenario).params
    assert params.offense_defense_factor > 1.5  # offense dominance: striking first pays
    assert params.distinguishability <= 0.2
    assert params.alliance_formation == "threat"
    assert bool(params.alliances)
    # chain-ganging: beta V > c_war, beta = clip((od - 1) / 0.4, 0, 1) (docs/mechanisms.md)
    beta = min(1.0, (params.offense_defense_factor - 1) / 0.4)
    resolved = params.resolve(8)
    assert beta * np.max(resolved.alliance_stake) > np.max(resolved.alliance_war_cost)


def test_multipolar_offense_wars_are_few_and_come_from_a_mix_of_causes():
    """A few wars per run and century; bargaining failures, preemption and prevention all
    occur, prevention a minority; initiators win more often than not."""
    traj = run_scenario("multipolar-offense", runs=200)
    m = traj.metrics().set_index("metric")
    assert m.loc["wars_per_run", "lo"] > 1.0 and m.loc["wars_per_run", "hi"] < 5.0
    causes = ("bargaining_failure", "preemption", "prevention")
    for cause in causes:
        assert m.loc[f"share_cause_{cause}", "lo"] > 0.05, cause
    assert m.loc["share_cause_prevention", "hi"] < 0.5
    shares = [m.loc[f"share_cause_{cause}", "value"] for cause in causes]
    assert shares[0] == max(shares)  # resisted demands are the commonest road to war
    assert m.loc["initiator_win_share", "lo"] > 0.5


def test_multipolar_offense_initial_pacts_are_scheduled_in_year_zero():
    compiled = compile_scenario("multipolar-offense")
    pacts = [e for e in compiled.schedule if e.action == "alliance_form"]
    assert [(e.year, e.states) for e in pacts] == [(0, (0, 3)), (0, (1, 4))]


def test_bipolar_nuclear_forces_let_survivability_decide_and_schedule_a_hotline_and_a_treaty():
    scenario = load_scenario("bipolar-nuclear")
    compiled = compile_scenario(scenario)
    params = compiled.params.resolve(4)
    assert list(params.nuclear_warheads) == [2000.0, 2000.0, 0.0, 0.0]
    assert list(params.warheads_per_missile[:2]) == [4.0, 4.0]
    assert list(params.survivable_share[:2]) == [0.5, 0.5]
    assert compiled.params.warhead_kill_prob == pytest.approx(0.8)
    assert compiled.params.strike_warheads_per_silo == 2
    assert compiled.params.burn_in == 0  # the states give GDP: the run starts from the data
    by_action = {e.action: e for e in compiled.schedule}
    hotline = by_action["set"]
    assert hotline.value[0] == "hotline" and hotline.year == 1963 - scenario.start_year
    treaty = by_action["treaty_sign"]
    assert treaty.states == (0, 1) and treaty.year == 1972 - scenario.start_year
    assert treaty.value == pytest.approx(0.06)


def superpower_war(survivable: float, runs: int) -> np.ndarray:
    """Per run, whether the two superpowers (states 0 and 1) fought each other."""
    scenario = with_overrides(load_scenario("bipolar-nuclear"), {"survivable_share": survivable})
    ev = run_scenario(scenario, runs=runs).events
    pair = ev[(ev["kind"] == "war") & (ev["initiator"] < 2) & (ev["target"] < 2)]
    assert set(pair["cause"].astype(str)) <= {"preemption"} and pair["nuclear"].all()
    return (np.bincount(pair["run"].to_numpy(), minlength=runs) > 0).astype(float)


def test_bipolar_nuclear_survivable_forces_keep_mad_and_vulnerable_ones_invite_first_strikes():
    """Schelling (1960): survivable second strikes leave no superpower war; all-silo MIRVed
    forces bring first strikes out of the reciprocal fear of surprise attack."""
    mad = superpower_war(0.5, runs=300)
    vulnerable = superpower_war(0.0, runs=300)
    assert mad.sum() == 0
    lo, _ = diff_interval(mad, vulnerable)
    assert lo > 0


def test_a_bundled_scenario_runs_on_the_hazard_engine_when_asked():
    # the hazard preset switches type beliefs off: the scenario's own belief keys are dropped,
    # not blamed on --set
    from realpolitik.scenarios import load_scenario, with_overrides

    scenario = with_overrides(load_scenario("multipolar-offense"), {"decisions": "hazard"})
    assert scenario.parameters["decisions"] == "hazard"
    assert "prior_trust" not in scenario.parameters

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


def test_two_state_spiral_has_only_security_dilemma_wars():
    scenario = load_scenario("two-state-spiral")
    assert scenario.n_states == 2
    assert all(s.type == "security_seeker" for s in scenario.states)
    params = compile_scenario(scenario).params
    assert params.type_beliefs is True or params.type_beliefs == 1
    traj = run_scenario(scenario, runs=200, years=60)
    assert not traj.array("greedy").any()
    wars = traj.events[traj.events["kind"] == "war"]
    assert len(wars) > 0
    assert set(wars["label"].astype(str)) == {"security_dilemma_war"}


def test_two_state_spiral_low_trust_feeds_arms_races():
    """Trust decides the pair's stability: high prior trust gives fewer arms races (Kydd)."""
    base = load_scenario("two-state-spiral")
    low = run_scenario(base, runs=300, years=60)
    high = run_scenario(with_overrides(base, {"prior_trust": 0.95}), runs=300, years=60)
    p_low, p_high = low.arms_race().mean(), high.arms_race().mean()
    se = np.sqrt(p_low * (1 - p_low) / 300 + p_high * (1 - p_high) / 300)
    assert p_low - p_high - 1.96 * se > 0


def test_multipolar_offense_is_the_flagship_configuration():
    scenario = load_scenario("multipolar-offense")
    assert scenario.n_states == 8
    assert (scenario.runs, scenario.years) == (1000, 100)
    assert len(scenario.alliances) == 2
    params = compile_scenario(scenario).params
    assert params.offense_advantage == pytest.approx(0.8)
    assert params.distinguishability <= 0.2
    assert params.alliance_formation == "threat"
    assert bool(params.alliances)
    # chain-ganging: beta V > c_war (docs/mechanisms.md, MODELS.md 8.2)
    assert params.offense_advantage * np.max(params.resolve(8).alliance_stake) > np.max(
        params.resolve(8).alliance_war_cost
    )


def test_multipolar_offense_initial_pacts_are_scheduled_in_year_zero():
    compiled = compile_scenario("multipolar-offense")
    pacts = [e for e in compiled.schedule if e.action == "alliance_form"]
    assert [(e.year, e.states) for e in pacts] == [(0, (0, 3)), (0, (1, 4))]


def test_bipolar_nuclear_schedules_a_hotline_and_a_treaty():
    scenario = load_scenario("bipolar-nuclear")
    compiled = compile_scenario(scenario)
    params = compiled.params.resolve(4)
    assert list(params.nuclear_warheads) == [5000.0, 5000.0, 0.0, 0.0]
    assert np.all(params.survivable_share[:2] > 0.5)
    by_action = {e.action: e for e in compiled.schedule}
    hotline = by_action["set"]
    assert hotline.value[0] == "hotline" and hotline.year == 1963 - scenario.start_year
    treaty = by_action["treaty_sign"]
    assert treaty.states == (0, 1) and treaty.year == 1972 - scenario.start_year
    assert treaty.value == pytest.approx(0.06)


def test_bipolar_nuclear_superpowers_rarely_fight_each_other():
    """MAD: crises between the two survivable arsenals seldom become wars (Schelling)."""
    traj = run_scenario("bipolar-nuclear", runs=300, years=50)
    ev = traj.events
    pair = ev[((ev.initiator == 0) & (ev.target == 1)) | ((ev.initiator == 1) & (ev.target == 0))]
    crises = int((pair.kind == "crisis").sum())
    wars = int((pair.kind == "war").sum())
    assert crises > 50
    others = ev[~ev.index.isin(pair.index)]
    other_rate = (others.kind == "war").sum() / max(1, (others.kind == "crisis").sum())
    assert wars / crises < other_rate

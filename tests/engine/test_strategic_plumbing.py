"""The strategic engine's plumbing: its preset, the hazard keys it refuses, burn-in, the arming
drive and the warheads a first striker aims at each silo."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import Params, simulate
from realpolitik.engine.keys import ParamError
from realpolitik.engine.mechanisms import arming
from realpolitik.engine.mechanisms.deterrence import nuclear_force, nuclear_terms
from realpolitik.engine.mechanisms.schedule import ScheduledEvent, check_schedule
from realpolitik.engine.presets import HAZARD_KEYS
from realpolitik.engine.world import World
from realpolitik.scenarios import ScenarioError, compile_scenario, scenario_from_dict
from realpolitik.theory import deterrence

# ---------------------------------------------------------------------------------------------
# Params.strategic and the hazard keys
# ---------------------------------------------------------------------------------------------
PRESET = {
    "decisions": "strategic", "type_beliefs": True, "decisiveness": 1.5, "gdp_cession": 0.1,
    "mobilization": 0.05, "conquest_value_greedy": 1.0, "conquest_value_secure": 0.0,
    "cost_uncertainty": 1.5, "patience": 0.9, "projection_years": 5, "trend_window": 10,
    "settlement_years": 5, "burn_in": 50, "strike_warheads_per_silo": 2, "arming_drive": 0.0,
    "crisis_base_rate": 0.0,
}  # fmt: skip


def test_the_strategic_preset_sets_its_documented_values_and_the_core_ones_elsewhere():
    data = Params.strategic().to_dict()
    core = Params.core().to_dict()
    for key, value in data.items():
        expected = PRESET.get(key, core[key])
        assert value == expected, key


def test_the_strategic_preset_survives_replace_and_dictionary_round_trips():
    p = Params.strategic(perception_noise=0.1, offense_advantage=0.8)
    assert Params.from_dict(p.to_dict()) == p
    assert p.replace(perception_noise=0.2) == Params.strategic(offense_advantage=0.8)
    assert p.decisiveness == pytest.approx(1.6) and p.war_given_crisis == 0.1  # not mapped
    assert p.replace(offense_advantage=None).decisiveness == 1.5
    hazard = Params.strategic().replace(decisions="hazard")  # the engine's defaults follow
    assert (hazard.crisis_base_rate, hazard.decisiveness) == (0.02, 1.0)
    assert Params().replace(decisions="strategic").crisis_base_rate == 0.0
    assert Params.strategic(decisiveness=2.0).replace(decisions="hazard").decisiveness == 2.0


@pytest.mark.parametrize("key", HAZARD_KEYS)
def test_a_hazard_key_is_an_error_under_the_strategic_engine(key):
    value = {"escalation_rungs": 3, "crisis_base_rate": 0.03}.get(key, 0.5)
    with pytest.raises(ParamError, match=f"under decisions='strategic' wars are chosen by "
                       f"states; {key} belongs to the hazard model") as err:  # fmt: skip
        Params.strategic(**{key: value})
    assert err.value.key == key
    Params.core(**{key: value})  # the hazard model's own keys
    with pytest.raises(ParamError, match=key):
        Params(**{key: value}).replace(decisions="strategic")


def test_offense_advantage_sets_only_the_contest_under_the_strategic_engine():
    p = Params.strategic(offense_advantage=1.0)
    assert (p.offense_defense_factor, p.decisiveness, p.war_given_crisis) == (1.4, 2.0, 0.1)
    with pytest.raises(ParamError, match="war_given_crisis belongs to the hazard model"):
        Params.strategic(offense_advantage=1.0, war_given_crisis=0.2)


def test_a_schedule_cannot_set_a_hazard_key_under_the_strategic_engine():
    event = ScheduledEvent(3, "set", (), ("mad_damping", 0.5))
    assert check_schedule([event], 3, Params.core()) == (event,)
    with pytest.raises(ValueError, match=r"schedule\[0\]\.value.*mad_damping belongs"):
        check_schedule([event], 3, Params.strategic())


# ---------------------------------------------------------------------------------------------
# burn-in
# ---------------------------------------------------------------------------------------------
KW = {"states": 4, "runs": 30, "years": 6, "seed": 11, "chunk_size": 8}


def test_the_burn_in_is_simulated_before_the_recorded_year_zero():
    plain = simulate(Params.core(), **KW)
    burnt = simulate(Params.core(burn_in=40), **KW)
    m0, m1 = plain.array("military")[:, 0], burnt.array("military")[:, 0]
    assert not np.allclose(m0, m1)
    # forty years of growth (1-5% a year) and of arming towards the Richardson levels
    assert np.median(burnt.array("gdp")[:, 0]) > 2 * np.median(plain.array("gdp")[:, 0])
    assert np.median(m1) > 1.3 * np.median(m0)
    assert np.isnan(burnt.array("budget_share")[:, 0]).all()
    assert burnt.events["year"].min() >= 1 and burnt.array("military").shape[1] == 7


def test_the_burn_in_is_deterministic_and_the_same_on_both_paths_and_any_workers():
    p = Params.core(burn_in=25)
    base = simulate(p, fast=False, **KW)
    for other in (simulate(p, fast=True, **KW), simulate(p, fast=False, workers=2, **KW)):
        for name in ("military", "gdp", "budget_share"):
            assert np.array_equal(base.array(name), other.array(name), equal_nan=True)
        assert base.events.equals(other.events)


def test_beliefs_start_from_the_prior_at_the_recorded_year_zero():
    p = Params.core(burn_in=30, type_beliefs=True, prior_trust=0.6)
    traj = simulate(p, record=("beliefs",), **{**KW, "years": 1})
    no_burn = simulate(p.replace(burn_in=0), record=("beliefs",), **{**KW, "years": 2})
    # year 1 holds one observation's update from the prior, as in a run without burn-in
    # (where year 1 makes none: there is no earlier perception), so the values differ from
    # the prior by one Bayes step at most: mu' in {0.6 q_S/..., ...}
    mu = traj.array("beliefs")[:, 1]
    off = ~np.eye(4, dtype=bool)
    q_S, q_G = 0.2 * 0.9 + 0.8 * 0.1, 0.8 * 0.9 + 0.2 * 0.1
    one_step = {round(0.6 * q_S / (0.6 * q_S + 0.4 * q_G), 12),
                round(0.6 * (1 - q_S) / (0.6 * (1 - q_S) + 0.4 * (1 - q_G)), 12)}  # fmt: skip
    assert set(np.round(mu[:, off], 12).ravel()) <= one_step
    assert np.all(no_burn.array("beliefs")[:, 1][:, off] == 0.6)


def test_a_burn_in_with_initial_conditions_is_an_error():
    init = {
        "military": np.ones((2, 3)), "gdp": np.full((2, 3), 10.0),
        "greedy": np.zeros((2, 3), bool), "growth": np.full((2, 3), 0.02),
    }  # fmt: skip
    with pytest.raises(ValueError, match="burn_in = 5 cannot be used with initial"):
        simulate(Params.core(burn_in=5), states=3, runs=2, years=3, seed=1, initial=init)
    simulate(Params.core(), states=3, runs=2, years=3, seed=1, initial=init)


def _scenario(**changes):
    data = {"name": "t", "description": "test", "years": 5, "runs": 4, "seed": 2,
            "states": [{"name": "A", "military": 1.0}, {"name": "B"}]}  # fmt: skip
    data.update(changes)
    return scenario_from_dict(data)


def test_a_scenario_that_starts_from_data_is_not_burnt_in():
    with pytest.raises(ScenarioError, match="burn_in = 10 cannot be used") as err:
        compile_scenario(_scenario(parameters={"burn_in": 10}))
    assert err.value.loc == ("parameters", "burn_in")
    assert compile_scenario(_scenario(parameters={"burn_in": 0})).params.burn_in == 0
    drawn = _scenario(parameters={"burn_in": 10}, states=[{"name": "A"}, {"name": "B"}])
    assert compile_scenario(drawn).params.burn_in == 10


def test_a_preset_burn_in_becomes_zero_where_the_states_give_initial_values():
    from realpolitik.scenarios.compile import _start_from_data

    assert _start_from_data(_scenario(), Params.strategic()).burn_in == 0
    sc = _scenario(states=[{"name": "A"}, {"name": "B"}])
    assert _start_from_data(sc, Params.strategic()).burn_in == 50


# ---------------------------------------------------------------------------------------------
# arming drive
# ---------------------------------------------------------------------------------------------
def _arm(drive, cap=0.1, years=30):
    params = Params.core(arming_drive=drive, military_cap_share=cap).resolve(2)
    world = World(military=np.full((1, 2), 0.2), gdp=np.full((1, 2), 10.0),
                  growth=np.zeros((1, 2)), greedy=np.zeros((1, 2), bool))  # fmt: skip
    rng = np.random.default_rng(0)
    for _ in range(years):
        world.begin_step()
        world.threat[...] = world.military_old[:, ::-1] * 1.2
        arming.step(world, params, rng)
    return world.military[0]


def test_a_state_with_an_arming_drive_ends_with_more_military_within_the_cap():
    plain = _arm([0.0, 0.0])
    driven = _arm([0.02, 0.0])
    assert driven[0] > plain[0] + 0.3 and driven[1] > plain[1]  # the rival responds
    capped = _arm([0.5, 0.0], cap=0.1)
    assert capped[0] == pytest.approx(1.0)  # cap * GDP = 0.1 * 10
    assert np.array_equal(_arm(0.0), plain)


# ---------------------------------------------------------------------------------------------
# warheads per silo
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("share", "mad", "q_star"), [(0.0, False, 0.217), (0.5, True, 0.908)])
def test_two_warheads_per_silo_let_the_survivable_share_decide_mad(share, mad, q_star):
    force = nuclear_force(2000, share, 4, 0.8)
    c = deterrence.crisis(force, force, r=2, sigma=1000.0)
    assert c.mad is mad and c.q_star[0] == pytest.approx(q_star, abs=0.001)
    terms = nuclear_terms([2000, 2000], share, 4, 0.8, 1000.0, 0.5, 0.1, 1.0, r=2)
    assert bool(terms.mad[0]) is mad and terms.q_star[0, 1] == pytest.approx(q_star, abs=0.001)


def test_the_deterrence_phase_aims_the_configured_warheads_at_each_silo():
    keys = {"nuclear_warheads": [2000.0, 2000.0], "warheads_per_missile": 4.0,
            "warhead_kill_prob": 0.8}  # fmt: skip
    from realpolitik.engine.mechanisms.deterrence import prepare

    one = prepare(Params.core(**keys).resolve(2), 2)
    two = prepare(Params.core(strike_warheads_per_silo=2, **keys).resolve(2), 2)
    assert one.q_star[0, 1] == pytest.approx(0.596, abs=0.001)  # the hazard model unchanged
    assert two.q_star[0, 1] == pytest.approx(0.217, abs=0.001)

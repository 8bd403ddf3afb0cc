"""Tests of the arms-control mechanism: treaty caps, cheating by greedy types, verification."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.engine.mechanisms import arms_control
from realpolitik.engine.mechanisms.schedule import ScheduledEvent
from realpolitik.engine.params import Params
from realpolitik.engine.simulate import PHASES, Phase, simulate
from realpolitik.engine.world import World

Z = 1.959964
SIM = {"states": 4, "runs": 600, "years": 60, "seed": 2024}
LOW_CAP = 0.01  # binds: the core's greedy types settle near 2% of GDP


def make_params(**overrides) -> SimpleNamespace:
    values = {
        "treaty_cap_share": math.inf,
        "treaty_year": 0,
        "cheat_prob_greedy": 0.5,
        "verification": 0.0,
        "treaty_collapse_on_detection": True,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def make_world(runs: int = 4, states: int = 3, *, greedy=None, year: int = 0, beliefs=None):
    rng = np.random.default_rng(12)
    gdp = rng.uniform(5.0, 15.0, (runs, states))
    military = 0.02 * gdp
    if greedy is None:
        greedy = np.zeros((runs, states), dtype=bool)
    greedy = np.broadcast_to(np.asarray(greedy, dtype=bool), (runs, states)).copy()
    world = World(
        military=military, gdp=gdp, growth=np.full((runs, states), 0.02), greedy=greedy, year=year
    )
    world.beliefs = beliefs
    return world


def run_step(world, params, seed: int = 0):
    rng = np.random.default_rng(seed)
    arms_control.step(world, params, rng)
    return rng


def rng_state_after(world, params, seed: int = 0):
    return run_step(world, params, seed).bit_generator.state


# -- no treaty: nothing happens, nothing is drawn ------------------------------------------------
def test_no_treaty_returns_at_once_without_draws():
    world = make_world()
    untouched = np.random.default_rng(0).bit_generator.state
    params = make_params(verification=0.9, cheat_prob_greedy=1.0)
    assert rng_state_after(world, params) == untouched
    assert world.military_limit is None
    assert world.treaty_in_force is None
    assert "treaty_in_force" not in world.summaries
    assert not arms_control.treaty_defined(world, params)


def test_before_treaty_year_there_is_no_limit_and_no_draw():
    world = make_world(year=4, greedy=True)
    untouched = np.random.default_rng(0).bit_generator.state
    params = make_params(treaty_cap_share=0.01, treaty_year=5, cheat_prob_greedy=1.0)
    assert rng_state_after(world, params) == untouched
    assert world.military_limit is None
    assert world.treaty_in_force is None
    np.testing.assert_array_equal(world.summaries["treaty_in_force"], 0.0)
    np.testing.assert_array_equal(world.summaries["cheaters"], 0.0)


def test_treaty_enters_into_force_in_treaty_year_for_all_states():
    world = make_world(year=5)
    params = make_params(treaty_cap_share=0.01, treaty_year=5)
    run_step(world, params)
    assert world.treaty_in_force.all()
    assert world.treaty_members.all()
    np.testing.assert_allclose(world.military_limit, 0.01 * world.gdp_old)
    np.testing.assert_array_equal(world.summaries["treaty_in_force"], 1.0)


# -- caps and cheating -------------------------------------------------------------------------
def test_compliant_members_are_capped_at_share_of_last_years_gdp():
    world = make_world(greedy=[True, False, False])
    world.gdp[...] *= 2.0  # this year's GDP differs from last year's; the cap uses the latter
    params = make_params(treaty_cap_share=[0.02, 0.03, 0.04], cheat_prob_greedy=0.0)
    run_step(world, params)
    expected = np.array([0.02, 0.03, 0.04]) * world.gdp_old
    np.testing.assert_allclose(world.military_limit, expected)
    np.testing.assert_array_equal(world.summaries["cheaters"], 0.0)


def test_security_seekers_never_cheat_even_when_greedy_always_do():
    greedy = np.array([True, False, True, False])
    world = make_world(runs=50, states=4, greedy=greedy)
    run_step(world, make_params(treaty_cap_share=0.01, cheat_prob_greedy=1.0))
    assert np.isinf(world.military_limit[:, greedy]).all()
    assert np.isfinite(world.military_limit[:, ~greedy]).all()
    np.testing.assert_array_equal(world.summaries["cheaters"], 2.0)


@settings(max_examples=40, deadline=None)
@given(
    greedy=st.lists(st.booleans(), min_size=6, max_size=6),
    p=st.floats(0.0, 1.0),
    v=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_cheaters_are_greedy_members_and_the_detected_are_cheaters(greedy, p, v, seed):
    g = np.array(greedy).reshape(2, 3)
    world = make_world(runs=2, states=3, greedy=g, beliefs=np.full((2, 3, 3), 0.6))
    params = make_params(treaty_cap_share=0.05, cheat_prob_greedy=p, verification=v)
    run_step(world, params, seed)
    cheat = np.isinf(world.military_limit)
    assert not (cheat & ~g).any()
    detected = world.beliefs.min(axis=1) == 0.0
    assert not (detected & ~cheat).any()
    np.testing.assert_array_equal(world.summaries["cheaters"], cheat.sum(axis=1))
    np.testing.assert_array_equal(world.summaries["violations_detected"], detected.sum(axis=1))
    s = world.summaries["treaty_in_force"]
    assert np.all((s == 0.0) | (s == 1.0))


def test_greedy_members_cheat_with_cheat_prob_greedy():
    runs, p = 4000, 0.3
    world = make_world(runs=runs, states=2, greedy=True)
    run_step(world, make_params(treaty_cap_share=0.01, cheat_prob_greedy=p))
    n = runs * 2
    share = float(world.summaries["cheaters"].sum()) / n
    assert abs(share - p) < 4 * math.sqrt(p * (1 - p) / n)


def test_cheaters_are_detected_with_probability_verification():
    runs, v = 4000, 0.25
    world = make_world(runs=runs, states=2, greedy=True)
    run_step(world, make_params(treaty_cap_share=0.01, cheat_prob_greedy=1.0, verification=v))
    n = runs * 2
    share = float(world.summaries["violations_detected"].sum()) / n
    assert abs(share - v) < 4 * math.sqrt(v * (1 - v) / n)


# -- detection: beliefs and collapse -----------------------------------------------------------
def test_detection_sets_every_observers_belief_in_the_cheater_to_zero():
    runs, N = 3, 3
    beliefs = np.full((runs, N, N), 0.7)
    beliefs[:, np.arange(N), np.arange(N)] = 1.0
    world = make_world(runs=runs, states=N, greedy=[True, False, False], beliefs=beliefs.copy())
    run_step(world, make_params(treaty_cap_share=0.01, cheat_prob_greedy=1.0, verification=1.0))
    np.testing.assert_array_equal(world.beliefs[:, [1, 2], 0], 0.0)  # mu of the cheater
    np.testing.assert_array_equal(world.beliefs[:, 0, 0], 1.0)  # own diagonal kept
    np.testing.assert_array_equal(world.beliefs[:, :, 1:], beliefs[:, :, 1:])  # others untouched
    np.testing.assert_array_equal(world.summaries["violations_detected"], 1.0)


def test_detection_ends_the_treaty_from_the_next_year():
    world = make_world(runs=5, greedy=[True, False, False])
    params = make_params(treaty_cap_share=0.01, cheat_prob_greedy=1.0, verification=1.0)
    run_step(world, params)
    # this year the compliant members were still capped; the treaty is over afterwards
    assert np.isfinite(world.military_limit[:, 1:]).all()
    assert not world.treaty_in_force.any()
    np.testing.assert_array_equal(world.summaries["treaty_in_force"], 0.0)
    world.year += 1
    untouched = np.random.default_rng(1).bit_generator.state
    assert rng_state_after(world, params, seed=1) == untouched  # no treaty left: no draws
    assert world.military_limit is None
    assert not world.treaty_in_force.any()  # a collapsed treaty is not re-signed


def test_without_collapse_on_detection_the_treaty_survives_detection():
    world = make_world(runs=5, greedy=True)
    params = make_params(
        treaty_cap_share=0.01,
        cheat_prob_greedy=1.0,
        verification=1.0,
        treaty_collapse_on_detection=False,
    )
    run_step(world, params)
    np.testing.assert_array_equal(world.summaries["violations_detected"], 3.0)
    assert world.treaty_in_force.all()


def test_without_verification_the_treaty_never_collapses():
    world = make_world(runs=200, greedy=True)
    params = make_params(treaty_cap_share=0.01, cheat_prob_greedy=0.9, verification=0.0)
    rng = np.random.default_rng(3)
    for year in range(20):
        world.year = year
        arms_control.step(world, params, rng)
        assert world.summaries["cheaters"].sum() > 0
    assert world.treaty_in_force.all()


def test_collapse_is_per_run():
    world = make_world(runs=2000, greedy=[True, False, False])
    run_step(world, make_params(treaty_cap_share=0.01, cheat_prob_greedy=1.0, verification=0.5))
    collapsed = ~world.treaty_in_force
    np.testing.assert_array_equal(collapsed, world.summaries["violations_detected"] > 0)
    assert 0.4 < collapsed.mean() < 0.6


# -- scheduled treaties ------------------------------------------------------------------------
def test_scheduled_treaty_binds_only_its_members_in_runs_where_it_is_in_force():
    runs = 4
    world = make_world(runs=runs)
    world.treaty_in_force = np.array([True, True, False, True])
    world.treaty_members = np.tile([True, True, False], (runs, 1))
    params = make_params(treaty_cap_share=0.02, treaty_year=50)  # the schedule overrides the year
    run_step(world, params)
    limit = world.military_limit
    np.testing.assert_allclose(limit[[0, 1, 3], :2], 0.02 * world.gdp_old[[0, 1, 3], :2])
    assert np.isinf(limit[:, 2]).all()
    assert np.isinf(limit[2]).all()
    np.testing.assert_array_equal(world.summaries["treaty_in_force"], [1.0, 1.0, 0.0, 1.0])


def test_member_with_infinite_cap_share_is_not_bound():
    world = make_world(greedy=True)
    run_step(world, make_params(treaty_cap_share=[0.02, math.inf, 0.02], cheat_prob_greedy=1.0))
    assert world.summaries["cheaters"].tolist() == [2.0] * world.runs


def test_scheduled_treaty_without_members_binds_every_state():
    world = make_world()
    world.treaty_in_force = np.ones(world.runs, dtype=bool)
    run_step(world, make_params(treaty_cap_share=0.02))
    assert world.treaty_members.all()
    assert np.isfinite(world.military_limit).all()


# -- whole simulations: direction of effect on seeded batches ---------------------------------
def mean_diff_interval(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """95% normal interval of mean(x) - mean(y) for independent per-run samples."""
    d = x.mean() - y.mean()
    se = math.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
    return d - Z * se, d + Z * se


def share_diff_interval(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """95% normal interval of the difference of two proportions (bool per run)."""
    pa, pb = a.mean(), b.mean()
    se = math.sqrt(pa * (1 - pa) / a.size + pb * (1 - pb) / b.size)
    return pa - pb - Z * se, pa - pb + Z * se


def burden(traj) -> np.ndarray:
    """Per (run, state): mean military / last year's GDP over years 1..T."""
    return np.asarray(traj.array("budget_share"))[:, 1:, :].mean(axis=1)


def test_low_treaty_cap_lowers_defence_burden_and_arms_races():
    free = simulate(Params.core(), fast=False, **SIM)
    capped = simulate(Params.core(treaty_cap_share=LOW_CAP, cheat_prob_greedy=0.0), **SIM)
    lo, hi = mean_diff_interval(burden(free).mean(axis=1), burden(capped).mean(axis=1))
    assert lo > 0, (lo, hi)
    lo, hi = share_diff_interval(free.arms_race(), capped.arms_race())
    assert lo > 0, (lo, hi)
    assert np.all(burden(capped) <= LOW_CAP * (1 + 1e-12))


def test_unverified_treaty_never_collapses_and_cheaters_out_arm_compliant_members():
    honest = simulate(Params.core(treaty_cap_share=LOW_CAP, cheat_prob_greedy=0.0), **SIM)
    cheats = simulate(Params.core(treaty_cap_share=LOW_CAP, cheat_prob_greedy=0.5), **SIM)
    in_force = np.asarray(cheats.array("treaty_in_force"))[:, 1:]
    np.testing.assert_array_equal(in_force, 1.0)
    assert np.nansum(cheats.array("cheaters")) > 0
    np.testing.assert_array_equal(np.asarray(cheats.array("violations_detected"))[:, 1:], 0.0)
    greedy = np.asarray(cheats.array("greedy"))
    b = burden(cheats)
    # security seekers comply every year; greedy members break the cap
    yearly = np.asarray(cheats.array("budget_share"))[:, 1:, :].transpose(0, 2, 1)
    assert np.all(yearly[~greedy] <= LOW_CAP * (1 + 1e-12))
    assert yearly[greedy].max() > LOW_CAP
    lo, hi = mean_diff_interval(b[greedy], burden(honest)[greedy])
    assert lo > 0, (lo, hi)


def test_higher_verification_collapses_more_treaties():
    def collapsed(v: float) -> np.ndarray:
        params = Params.core(treaty_cap_share=LOW_CAP, cheat_prob_greedy=0.1, verification=v)
        traj = simulate(params, **{**SIM, "years": 20})
        return np.asarray(traj.array("treaty_in_force"))[:, -1] == 0.0

    weak, strong = collapsed(0.02), collapsed(0.5)
    lo, hi = share_diff_interval(strong, weak)
    assert lo > 0, (lo, hi)


def test_detection_drives_every_belief_in_a_cheater_to_zero_in_simulation():
    captured = {}

    def probe(world, params, rng):
        captured["beliefs"] = world.beliefs.copy()
        captured["greedy"] = world.greedy.copy()
        return world

    phases = [*PHASES[:-1], Phase("probe", probe), PHASES[-1]]
    base = {"type_beliefs": True, "treaty_cap_share": LOW_CAP, "cheat_prob_greedy": 1.0}
    sim = {**SIM, "runs": 200, "years": 10}
    off_diag = ~np.eye(SIM["states"], dtype=bool)
    simulate(Params.core(**base, verification=1.0), phases=phases, **sim)
    mu, greedy = captured["beliefs"], captured["greedy"]
    trust_in = np.where(off_diag[None], mu, np.nan)  # column j: others' trust in j
    in_greedy = np.nanmax(trust_in, axis=1)[greedy]
    np.testing.assert_array_equal(in_greedy, 0.0)
    assert np.all(np.nanmin(trust_in, axis=1)[~greedy] > 0.0)
    simulate(Params.core(**base, verification=0.0), phases=phases, **sim)
    assert np.all(np.nanmax(captured["beliefs"], axis=1)[captured["greedy"]] > 0.0)


def test_no_limit_before_treaty_year_in_simulation():
    year = 20
    free = simulate(Params.core(), fast=False, **SIM)
    later = simulate(Params.core(treaty_cap_share=LOW_CAP, treaty_year=year), **SIM)
    m_free, m_later = np.asarray(free.array("military")), np.asarray(later.array("military"))
    np.testing.assert_array_equal(m_later[:, : year + 1], m_free[:, : year + 1])
    assert not np.array_equal(m_later[:, year + 1], m_free[:, year + 1])
    s = np.asarray(later.array("treaty_in_force"))
    np.testing.assert_array_equal(s[:, 1 : year + 1], 0.0)
    np.testing.assert_array_equal(s[:, year + 1 :], 1.0)


def test_inactive_arms_control_keys_draw_nothing_in_simulation():
    sim = {**SIM, "runs": 100, "years": 30}
    free = simulate(Params.core(), fast=False, **sim)
    idle = simulate(Params.core(verification=0.9, cheat_prob_greedy=1.0), fast=False, **sim)
    np.testing.assert_array_equal(free.array("military"), idle.array("military"))
    assert "treaty_in_force" not in idle.summary_names


def test_scheduled_treaty_replaces_treaty_year_and_binds_its_members_only():
    sign = 30
    sim = {**SIM, "runs": 200}
    free = simulate(Params.core(), fast=False, **sim)
    schedule = [ScheduledEvent(year=sign, action="treaty_sign", states=(0, 1))]
    params = Params.core(treaty_cap_share=LOW_CAP, cheat_prob_greedy=0.0)
    traj = simulate(params, schedule=schedule, **sim)
    m, m_free = np.asarray(traj.array("military")), np.asarray(free.array("military"))
    np.testing.assert_array_equal(m[:, : sign + 1], m_free[:, : sign + 1])
    share = np.asarray(traj.array("budget_share"))[:, sign + 1 :, :]
    assert np.all(share[:, :, :2] <= LOW_CAP * (1 + 1e-12))
    assert share[:, :, 2:].max() > LOW_CAP


@pytest.mark.parametrize("name", ["MODELS", "SECTION", "READS", "WRITES", "REFERENCES"])
def test_metadata_is_declared(name):
    assert getattr(arms_control, name)

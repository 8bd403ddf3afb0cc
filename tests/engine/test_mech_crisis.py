"""Tests of crises and crisis management, nuclear deterrence and domestic politics.

MODELS.md 5 (deterrence) and 9 (audience costs, hawk bias); docs/mechanisms.md ("Domestic
politics", "Nuclear deterrence", "Crises and crisis management"). Unit tests compare the
mechanisms' factors with the theory modules' values computed here, and the escalation ladder's
frequencies with its closed form on hand-built worlds; direction-of-effect tests run small
seeded batches with the mechanism on and off and require the 95% interval of the difference
to exclude zero.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.engine import ChunkContext
from realpolitik.engine.mechanisms import crisis, deterrence, domestic
from realpolitik.engine.params import Params
from realpolitik.engine.simulate import simulate
from realpolitik.engine.world import FLAG_CONCEDED, FLAG_MISPERCEIVED, FLAG_NUCLEAR, World
from realpolitik.theory import audience as ta
from realpolitik.theory import deterrence as td

Z95 = 1.959964
Z99 = 2.575829
K = td.sspk(cep=0.1, lethal_radius=0.1)  # MODELS.md 11: k = 0.5

# MODELS.md 11 deterrence postures, as (warheads, survivable share, warheads per missile)
POSTURE_A = (1000.0, 0.0, 1.0)  # 1000 single-warhead silos: stable, no MAD
POSTURE_B = (1000.0, 0.0, 10.0)  # 100 silos x 10 MIRVs: unstable (q* ~ 0.80)
POSTURE_C = (1000.0, 0.5, 1.0)  # 500 silos + 500 SSBN warheads: stable, MAD
CLASSIC_AUDIENCE = {"v": 1.0, "w_B": -1.25, "w_A_lo": -3.0, "w_A_hi": 1.0}


# ---------------------------------------------------------------------------------------------
# helpers


def make_world(military, perceived_scale=1.0, *, runs: int = 1, seed: int = 0) -> World:
    """A world whose observers see the true military times ``perceived_scale``."""
    rng = np.random.default_rng(seed)
    military = np.asarray(military, dtype=float)
    if military.ndim == 1:
        military = military[None, :] * rng.uniform(0.8, 1.2, (runs, military.shape[0]))
    world = World(
        military=military,
        gdp=np.full(military.shape, 10.0),
        growth=np.full(military.shape, 0.02),
        greedy=np.zeros(military.shape, dtype=bool),
    )
    world.perceived[...] = military[:, None, :] * np.asarray(perceived_scale, dtype=float)
    idx = np.arange(world.states)
    world.perceived[:, idx, idx] = 0.0
    return world


def year(world: World, params, seed: int = 1) -> tuple[World, np.random.Generator]:
    """Run deterrence, domestic and crisis on a hand-built world."""
    rng = np.random.default_rng(seed)
    for module in (deterrence, domestic, crisis):
        world = module.step(world, params, rng)
    return world, rng


def force(posture) -> td.Force:
    W, s, mirv = posture
    return td.Force(silos=round(W * (1 - s) / mirv), mirv=round(mirv), ssbn=W * s, k=K)


def expected_factor(a, b, mad_damping=0.1, sensitivity=1.0) -> float:
    c = td.crisis(force(a), force(b), r=1, sigma=1000.0, D_star=0.5)
    return (mad_damping if c.mad else 1.0) * (1.0 + sensitivity * (1.0 - min(c.q_star)))


def nuclear_keys(*postures):
    W, s, mirv = (list(x) for x in zip(*postures, strict=True))
    return {"nuclear_warheads": W, "survivable_share": s, "warheads_per_missile": mirv}


def binomial_ok(k: int, n: int, p: float, z: float = Z99) -> bool:
    return abs(k / n - p) <= z * math.sqrt(p * (1 - p) / n) + 1e-12


def diff_interval(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean of a minus mean of b, with its 95% normal interval (independent samples)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    d = a.mean() - b.mean()
    half = Z95 * math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    return d, d - half, d + half


def prop_interval(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float, float]:
    """Difference of two proportions k1/n1 - k2/n2 with its 95% normal interval."""
    p1, p2 = k1 / n1, k2 / n2
    d = p1 - p2
    half = Z95 * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return d, d - half, d + half


def run(states: int = 4, runs: int = 600, years: int = 60, seed: int = 7, **keys):
    return simulate(Params.core(**keys), states=states, runs=runs, years=years, seed=seed)


def crisis_rows(traj) -> dict[str, np.ndarray]:
    ev = traj.event_arrays()
    crisis_row = ev["kind"] == 0
    # a crisis row is followed by its war row: mark crises that became wars
    war_keys = set(
        zip(
            ev["run"][~crisis_row],
            ev["year"][~crisis_row],
            ev["initiator"][~crisis_row],
            ev["target"][~crisis_row],
            strict=True,
        )
    )
    out = {k: v[crisis_row] for k, v in ev.items() if k != "joiners"}
    out["war"] = np.array(
        [
            key in war_keys
            for key in zip(out["run"], out["year"], out["initiator"], out["target"], strict=True)
        ],
        dtype=bool,
    )
    return out


def per_run(traj, mask_rows: np.ndarray, rows: dict[str, np.ndarray]) -> np.ndarray:
    return np.bincount(rows["run"][mask_rows], minlength=traj.runs)


def mean_burden_per_run(traj) -> np.ndarray:
    share = np.asarray(traj.array("budget_share"), dtype=float)[:, 1:]
    return share.mean(axis=(1, 2))


# ---------------------------------------------------------------------------------------------
# nuclear deterrence: factors against theory.deterrence


@pytest.mark.parametrize(
    "a, b",
    [
        (POSTURE_A, POSTURE_A),
        (POSTURE_B, POSTURE_B),
        (POSTURE_C, POSTURE_C),
        (POSTURE_B, POSTURE_C),
        (POSTURE_C, POSTURE_A),
    ],
)
def test_nuclear_factor_equals_the_strike_wait_game_of_the_two_arsenals(a, b):
    W, s, mirv = (np.array(x) for x in zip(a, b, strict=True))
    factor, nuclear = deterrence.nuclear_factors(W, s, mirv, [K, K], 1000.0, 0.5, 0.1, 1.0)
    assert nuclear.tolist() == [True]
    assert factor[0] == pytest.approx(expected_factor(a, b), rel=1e-12)


def test_survivable_forces_damp_war_and_mirved_silos_feed_it():
    f = {
        name: deterrence.nuclear_factors(
            *map(np.array, zip(p, p, strict=True)), [K, K], 1000.0, 0.5, 0.1, 1.0
        )[0][0]
        for name, p in (("a", POSTURE_A), ("b", POSTURE_B), ("c", POSTURE_C))
    }
    # (c) MAD with q* = 1: the damping alone; (b) reciprocal fear: 1 + (1 - q*) > 1; (a) 1
    assert f["c"] == pytest.approx(0.1)
    q_b = td.crisis(force(POSTURE_B), force(POSTURE_B), r=1, sigma=1000.0).q_star[0]
    assert f["b"] == pytest.approx(2.0 - q_b) and f["b"] > 1.15
    assert f["a"] == pytest.approx(1.0)


def test_pairs_without_two_nuclear_states_get_factor_one_and_no_nuclear_flag():
    W = np.array([1000.0, 0.0, 1000.0])
    factor, nuclear = deterrence.nuclear_factors(
        W, np.zeros(3), np.full(3, 10.0), np.full(3, K), 1000.0, 0.5, 0.1, 1.0
    )
    # pairs (0,1), (0,2), (1,2)
    assert nuclear.tolist() == [False, True, False]
    assert factor[0] == 1.0 and factor[2] == 1.0
    assert factor[1] == pytest.approx(expected_factor(POSTURE_B, POSTURE_B))


def test_nuclear_terms_carry_each_ordered_pairs_damages_and_thresholds():
    W = np.array([1000.0, 0.0, 1000.0])
    terms = deterrence.nuclear_terms(
        W, [0.0, 0.0, 0.5], [10.0, 1.0, 1.0], np.full(3, K), 1000.0, 0.5, 0.1, 1.0
    )
    c = td.crisis(force(POSTURE_B), force(POSTURE_C), r=1, sigma=1000.0, D_star=0.5)
    # pairs (0,1), (0,2), (1,2): only (0,2) is nuclear on both sides
    assert terms.pair.tolist() == [False, True, False]
    assert terms.mad.tolist() == [False, c.mad, False]
    assert (terms.damage_first[0, 2], terms.damage_first[2, 0]) == c.D_F
    assert (terms.damage_second[0, 2], terms.damage_second[2, 0]) == c.D_S
    assert (terms.q_star[0, 2], terms.q_star[2, 0]) == c.q_star
    assert c.D_S[0] > c.D_F[0]  # the MIRVed side: better to strike first
    for row in (terms.damage_first, terms.damage_second):
        assert row[1].tolist() == [0.0] * 3 and row[:, 1].tolist() == [0.0] * 3
    assert terms.q_star[1].tolist() == [1.0] * 3
    assert not terms.q_star.flags.writeable and not terms.factor.flags.writeable


def test_nuclear_force_rounds_silos_and_missiles():
    f = deterrence.nuclear_force(1000.0, 0.25, 3.4, 0.5)
    assert (f.silos, f.mirv, f.ssbn, f.k) == (250, 3, 250.0, 0.5)


def test_deterrence_step_is_neutral_with_fewer_than_two_nuclear_states():
    p = Params.core(nuclear_warheads=[1000.0, 0.0, 0.0]).resolve(3)
    world = make_world([1.0, 1.0, 1.0])
    two = Params.core(nuclear_warheads=[1000.0, 1000.0, 0.0]).resolve(3)
    world.nuclear = deterrence.prepare(two, 3)  # stale terms are removed
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    deterrence.step(world, p, rng)
    assert world.nuclear is None
    assert rng.bit_generator.state == state


def test_deterrence_step_reads_a_scheduled_mad_damping():
    p = Params.core(**nuclear_keys(POSTURE_C, POSTURE_C)).resolve(2)
    world = make_world([1.0, 1.0])
    deterrence.step(world, p, np.random.default_rng(0))
    assert world.nuclear.factor[0] == pytest.approx(0.1)
    world.overrides["mad_damping"] = 0.5
    deterrence.step(world, p, np.random.default_rng(0))
    assert world.nuclear.factor[0] == pytest.approx(0.5)
    assert world.nuclear.pair.tolist() == [True]
    # in a chunk, the schedule's override re-prepares the terms with the value in effect
    ctx = ChunkContext(p, 2)
    assert ctx.prepared(deterrence.prepare, deterrence.READS).factor[0] == pytest.approx(0.1)
    ctx.set_overrides({"mad_damping": 0.5})
    assert ctx.prepared(deterrence.prepare, deterrence.READS).factor[0] == pytest.approx(0.5)


# ---------------------------------------------------------------------------------------------
# domestic politics: factors against theory.audience


def test_hawk_factor_is_one_plus_both_sides_hawkishness():
    h = np.array([0.0, 0.5, 2.0])
    assert domestic.hawk_factor(h).tolist() == [1.5, 3.0, 3.5]


@pytest.mark.parametrize("a", [0.0, 0.5, 1.0, 2.0, 3.0])
def test_audience_terms_equal_the_audience_cost_game_at_the_classic_inputs(a):
    factor, concede = domestic.audience_effects(np.array([a, 0.0]), 1.0, -1.25, -3.0, 1.0)
    game = ta.audience_costs(a=a, **CLASSIC_AUDIENCE)
    base = ta.audience_costs(a=0.0, **CLASSIC_AUDIENCE)
    assert factor[0] == pytest.approx(game.p_war / base.p_war)
    assert concede[0] == pytest.approx(game.p_concedes / game.p_challenge)
    assert factor[1] == 1.0 and concede[1] == pytest.approx(base.p_concedes / base.p_challenge)


def test_audience_costs_raise_concessions_and_leave_war_constant_at_the_classic_inputs():
    a = np.array([0.0, 0.5, 1.0, 2.0])
    factor, concede = domestic.audience_effects(a, 1.0, -1.25, -3.0, 1.0)
    # semi-separating range: concede = 1 - v / (v + a) strictly rises; p_war = 1/4 constant
    assert np.all(np.diff(concede) > 0)
    assert concede == pytest.approx(1.0 - 1.0 / (1.0 + a))
    assert factor == pytest.approx(np.ones(4))


def test_audience_factor_rises_with_a_when_the_stake_exceeds_the_best_war_value():
    # p_war(a) = v/(v + a) (w_hi + a)/(w_hi - w_lo) rises in a iff v > w_hi
    factor, _ = domestic.audience_effects(np.array([0.5, 1.0]), 1.0, -2.0, -3.0, 0.5)
    base = ta.audience_costs(1.0, 0.0, -2.0, -3.0, 0.5).p_war
    expected = [ta.audience_costs(1.0, a, -2.0, -3.0, 0.5).p_war / base for a in (0.5, 1.0)]
    assert factor == pytest.approx(expected)
    assert factor[1] == pytest.approx(1.5) and factor[0] > 1.0


def test_audience_game_without_war_or_challenge_keeps_factor_one_and_no_concession():
    # q_bar = v / -w_B = 2 >= 1 (B always resists), and no type of A has w_A >= 0
    factor, concede = domestic.audience_effects(np.array([1.0]), 1.0, -0.5, -3.0, -0.1)
    assert ta.audience_costs(1.0, 0.0, -0.5, -3.0, -0.1).p_war == 0.0
    assert factor.tolist() == [1.0] and concede.tolist() == [0.0]


def test_domestic_step_stores_terms_and_removes_them_when_neutral():
    p = Params.core(hawkishness=[0.0, 1.0, 0.0], audience_cost=[1.0, 0.0, 0.0]).resolve(3)
    world = make_world([1.0, 1.0, 1.0])
    domestic.step(world, p, np.random.default_rng(0))
    assert world.domestic.hawk_factor.tolist() == [2.0, 1.0, 2.0]
    assert world.domestic.concede_prob[0] == pytest.approx(0.5)
    assert world.domestic.hawkishness.tolist() == [0.0, 1.0, 0.0]
    assert world.domestic.audience_cost.tolist() == [1.0, 0.0, 0.0]
    domestic.step(world, Params.core().resolve(3), np.random.default_rng(0))
    assert world.domestic is None


# ---------------------------------------------------------------------------------------------
# the crisis phase on hand-built worlds


CRISIS_ON = {"crisis_base_rate": 1.0, "war_given_crisis": 0.3}


@pytest.mark.parametrize(
    "keys",
    [
        {"escalation_rungs": 4},
        {"hotline": 0.7},
        nuclear_keys(POSTURE_B, POSTURE_B, POSTURE_C),
        {"hawkishness": 0.5},
        {"audience_cost": 1.0},
    ],
)
def test_escalation_draws_nothing_more_and_keeps_the_crisis_decision(keys):
    core = Params.core(**CRISIS_ON).resolve(3)
    base_world, base_rng = year(make_world([1.0, 2.0, 3.0], 1.3, runs=500), core)
    on = Params.core(**CRISIS_ON, **keys).resolve(3)
    world, rng = year(make_world([1.0, 2.0, 3.0], 1.3, runs=500), on)
    assert rng.bit_generator.state == base_rng.bit_generator.state
    for name in ("crisis", "initiator_second", "crisis_u"):
        assert np.array_equal(getattr(world, name), getattr(base_world, name))
    assert base_world.war_prob is None and not base_world.event_flags.any()
    assert world.war_prob is not None and world.crisis.any()


def test_neutral_crisis_phase_sets_no_war_prob_flags_or_rungs():
    p = Params.core(**CRISIS_ON).resolve(3)
    world, _ = year(make_world([1.0, 2.0, 3.0], 1.5, runs=200), p)
    assert world.crisis.any()
    assert world.war_prob is None
    assert not world.event_flags.any() and not world.event_rung.any()


def test_threat_weights_scale_the_perceived_ratio():
    p = Params.core(**CRISIS_ON).resolve(3)
    plain, _ = year(make_world([1.0, 2.0, 3.0], 1.2, runs=300), p)
    ones = make_world([1.0, 2.0, 3.0], 1.2, runs=300)
    ones.threat_weight = np.ones((300, 3, 3))
    ones, _ = year(ones, p)
    assert np.array_equal(ones.crisis, plain.crisis)
    assert np.array_equal(ones.crisis_u, plain.crisis_u)
    zero = make_world([1.0, 2.0, 3.0], 1.2, runs=300)
    zero.threat_weight = np.zeros((300, 3, 3))
    zero, _ = year(zero, p)
    assert not zero.crisis.any()  # a weight of 0 discounts the whole threat


def test_the_true_ratio_of_the_hotline_uses_the_same_threat_weights():
    # weights 0.5 and rivals seen 1.2 times their size: R_per = 0.6 m_T/m_I, R_true = 0.5 m_T/m_I
    p = Params.core(**CRISIS_ON, escalation_rungs=2, hotline=0.9).resolve(3)
    world = make_world([1.0, 2.0, 3.0], 1.2, runs=2000)
    world.threat_weight = np.full((2000, 3, 3), 0.5)
    world, _ = year(world, p)
    c = world.crisis
    assert c.any()
    assert np.all(world.event_flags[c] & FLAG_MISPERCEIVED)
    stop = 0.9 * (1.0 - 0.5 / 0.6)
    assert np.allclose(world.war_prob[c], 0.3 * (1.0 - stop) ** 2, rtol=1e-12)


def test_war_prob_is_reset_when_escalation_ends_or_no_crisis_is_possible():
    on = Params.core(**CRISIS_ON, escalation_rungs=3).resolve(3)
    world, _ = year(make_world([1.0, 2.0, 3.0], 1.0, runs=100), on)
    assert world.war_prob is not None
    world.begin_step()
    world, _ = year(world, Params.core(**CRISIS_ON).resolve(3))
    assert world.war_prob is None
    world, _ = year(world, on)
    world.begin_step()
    world, _ = year(world, Params.core(crisis_base_rate=0.0, escalation_rungs=3).resolve(3))
    assert world.war_prob is None and not world.crisis.any()


def test_escalation_without_any_crisis_leaves_war_prob_zero():
    world = make_world([1.0, 2.0, 3.0], 1.0, runs=50)
    world.threat_weight = np.zeros((50, 3, 3))
    world, _ = year(world, Params.core(**CRISIS_ON, escalation_rungs=3).resolve(3))
    assert not world.crisis.any()
    assert world.war_prob.shape == (50, 3) and not world.war_prob.any()


@pytest.mark.parametrize("beta", [1.0, 2.0, 3.0])
def test_crisis_probability_is_p0_times_r_to_the_beta_over_one_plus_it(beta):
    R = np.array([0.0, 0.5, 1.0, 4.0])
    expected = 0.02 * R**beta / (1 + R**beta)
    assert np.allclose(crisis.crisis_probability(R, 0.02, beta), expected, rtol=1e-15)
    assert crisis.crisis_probability(np.array([1e200]), 0.02, beta)[0] == pytest.approx(0.02)


@pytest.mark.parametrize("n", [2, 4])
def test_ladder_without_hotline_reaches_rung_k_with_probability_q_to_the_k_over_n(n):
    p = Params.core(**CRISIS_ON, escalation_rungs=n).resolve(3)
    world, _ = year(make_world([1.0, 2.0, 3.0], 1.0, runs=20000), p)
    c = world.crisis
    rung = world.event_rung[c]
    total = int(c.sum())
    assert np.all(world.war_prob[c] == 0.3)  # P(war | crisis) = q exactly
    for k in range(1, n + 1):
        assert binomial_ok(int((rung >= k).sum()), total, 0.3 ** (k / n))
    # rung n is war, decided exactly as the war phase does
    assert np.array_equal(rung == n, world.crisis_u[c] < world.war_prob[c])


def test_hotline_stops_each_rung_in_proportion_to_the_misperceived_share():
    n, h = 3, 0.8
    p = Params.core(**CRISIS_ON, escalation_rungs=n, hotline=h).resolve(3)
    world, _ = year(make_world([1.0, 2.0, 3.0], 1.6, runs=4000), p)
    c = np.flatnonzero(world.crisis)
    r, p = np.divmod(c, world.pairs)
    second = world.initiator_second.reshape(-1)[c]
    ini = np.where(second, world.pair_j[p], world.pair_i[p])
    riv = np.where(second, world.pair_i[p], world.pair_j[p])
    m = world.military_old
    R_true = m[r, riv] / (m[r, ini] + crisis.TINY)
    R_per = world.perceived[r, ini, riv] / (m[r, ini] + crisis.TINY)
    stop = h * np.maximum(0.0, 1.0 - R_true / R_per)
    assert np.allclose(world.war_prob.reshape(-1)[c], 0.3 * (1.0 - stop) ** n, rtol=1e-12)
    assert np.all(world.event_flags.reshape(-1)[c] & FLAG_MISPERCEIVED)
    # each state sees its rivals 1.6 times their size: the stop is h (1 - 1/1.6)
    assert np.allclose(stop, h * (1.0 - 1.0 / 1.6))


def test_no_misperception_flag_or_hotline_stop_when_rivals_are_seen_too_small():
    p = Params.core(**CRISIS_ON, escalation_rungs=2, hotline=1.0).resolve(3)
    world, _ = year(make_world([1.0, 2.0, 3.0], 0.9, runs=4000), p)
    c = world.crisis
    assert c.any()
    assert not (world.event_flags[c] & FLAG_MISPERCEIVED).any()
    assert np.all(world.war_prob[c] == 0.3)


def test_nuclear_hawk_and_audience_factors_multiply_war_given_crisis():
    keys = nuclear_keys(POSTURE_B, POSTURE_B, POSTURE_A)
    p = Params.core(
        **CRISIS_ON,
        **keys,
        hawkishness=[0.0, 0.5, 0.25],
        audience_cost=[1.0, 0.0, 0.0],
        crisis_stake=1.0,
        target_war_value=-2.0,
        war_value_low=-3.0,
        war_value_high=0.5,
    ).resolve(3)
    world, _ = year(make_world([1.0, 2.0, 3.0], 1.0, runs=3000), p)
    nuc = {
        (0, 1): expected_factor(POSTURE_B, POSTURE_B),
        (0, 2): expected_factor(POSTURE_B, POSTURE_A),
        (1, 2): expected_factor(POSTURE_B, POSTURE_A),
    }
    h = [0.0, 0.5, 0.25]
    aud = [1.5, 1.0, 1.0]  # state 0 as initiator: p_war(1) / p_war(0) = 1.5 at these inputs
    for pp, (i, j) in enumerate(zip(world.pair_i, world.pair_j, strict=True)):
        for second in (False, True):
            mask = world.crisis[:, pp] & (world.initiator_second[:, pp] == second)
            if not mask.any():
                continue
            ini = j if second else i
            q = min(1.0, 0.3 * nuc[(i, j)] * (1 + h[i] + h[j]) * aud[ini])
            assert np.allclose(world.war_prob[mask, pp], q, rtol=1e-12)
            assert np.all(world.event_flags[mask, pp] & FLAG_NUCLEAR)


def test_war_given_crisis_is_capped_at_one():
    p = Params.core(**CRISIS_ON, hawkishness=5.0, escalation_rungs=3).resolve(3)
    world, _ = year(make_world([1.0, 2.0, 3.0], 1.0, runs=500), p)
    c = world.crisis
    assert np.all(world.war_prob[c] == 1.0) and np.all(world.event_rung[c] == 3)


@pytest.mark.parametrize("n", [1, 3])
def test_concessions_follow_the_initiators_probability_at_every_rung(n):
    p = Params.core(**CRISIS_ON, audience_cost=1.0, escalation_rungs=n).resolve(3)
    world, _ = year(make_world([1.0, 2.0, 3.0], 1.0, runs=20000), p)
    c = world.crisis
    war = world.crisis_u < world.war_prob
    conceded = (world.event_flags & FLAG_CONCEDED) != 0
    assert not (conceded & (war | ~c)).any()
    # a = 1 at the classic inputs: p_concedes / p_challenge = 1 - v / (v + a) = 0.5
    for k in range(n):
        at = c & ~war & (world.event_rung == k)
        assert binomial_ok(int(conceded[at].sum()), int(at.sum()), 0.5)


@settings(max_examples=40, deadline=None)
@given(
    q=st.floats(0.0, 1.0),
    n=st.integers(2, 6),
    h=st.floats(0.0, 1.0),
    scale=st.floats(0.2, 3.0),
    hawk=st.floats(0.0, 3.0),
)
def test_war_prob_is_a_probability_and_the_rung_agrees_with_war(q, n, h, scale, hawk):
    p = Params.core(
        crisis_base_rate=1.0, war_given_crisis=q, escalation_rungs=n, hotline=h, hawkishness=hawk
    ).resolve(3)
    world, _ = year(make_world([1.0, 2.0, 3.0], scale, runs=50), p)
    c = world.crisis
    wp = world.war_prob[c]
    assert np.all((wp >= 0) & (wp <= 1))
    assert np.all(wp <= min(1.0, q * (1 + 2 * hawk)) * (1 + 1e-12))
    rung = world.event_rung[c]
    assert np.all(rung <= n)
    assert np.array_equal(rung == n, world.crisis_u[c] < wp)


# ---------------------------------------------------------------------------------------------
# the core configuration is unchanged


def test_core_configuration_through_the_module_path_equals_the_fused_kernel():
    p = Params.core()
    fast = simulate(p, states=4, runs=64, years=40, seed=3, fast=True)
    slow = simulate(p, states=4, runs=64, years=40, seed=3, fast=False)
    assert fast.meta["fast_path"] and not slow.meta["fast_path"]
    assert fast == slow


def test_a_ladder_without_hotline_changes_no_war_of_the_core_model():
    core = run(runs=200, years=40)
    ladder = run(runs=200, years=40, escalation_rungs=5)
    assert np.array_equal(core.wars_per_run(), ladder.wars_per_run())
    rows = crisis_rows(ladder)
    assert np.array_equal(rows["rung"] == 5, rows["war"])


# ---------------------------------------------------------------------------------------------
# direction of effect on seeded batches (95% intervals of the difference exclude zero)


def test_mad_means_fewer_nuclear_wars_than_mirved_silos_or_no_damping():
    mad = run(**nuclear_keys(*[POSTURE_C] * 4))
    mirv = run(**nuclear_keys(*[POSTURE_B] * 4))
    undamped = run(**nuclear_keys(*[POSTURE_C] * 4), mad_damping=1.0)
    nuclear_wars = {}
    for name, traj in (("mad", mad), ("mirv", mirv), ("undamped", undamped)):
        rows = crisis_rows(traj)
        assert rows["nuclear"].all()
        nuclear_wars[name] = per_run(traj, rows["war"] & rows["nuclear"], rows)
    d, lo, _ = diff_interval(nuclear_wars["mirv"], nuclear_wars["mad"])
    assert lo > 0, (d, lo)
    d, lo, _ = diff_interval(nuclear_wars["undamped"], nuclear_wars["mad"])
    assert lo > 0, (d, lo)


def test_first_strike_incentives_raise_war_given_crisis():
    keys = nuclear_keys(*[POSTURE_B] * 4)
    fear = crisis_rows(run(**keys, first_strike_sensitivity=5.0))
    calm = crisis_rows(run(**keys, first_strike_sensitivity=0.0))
    d, lo, _ = prop_interval(
        int(fear["war"].sum()), fear["war"].size, int(calm["war"].sum()), calm["war"].size
    )
    assert lo > 0, (d, lo)


def test_hotline_means_fewer_wars_and_top_rung_escalations_among_misperceived_crises():
    keys = {"escalation_rungs": 3, "perception_noise": 0.5, "crisis_base_rate": 0.05}
    on_traj = run(**keys, hotline=1.0)
    off_traj = run(**keys, hotline=0.0)
    on, off = crisis_rows(on_traj), crisis_rows(off_traj)
    mis_on, mis_off = on["misperceived"], off["misperceived"]
    assert mis_on.sum() > 200 and mis_off.sum() > 200
    d, _, hi = prop_interval(
        int(on["war"][mis_on].sum()),
        int(mis_on.sum()),
        int(off["war"][mis_off].sum()),
        int(mis_off.sum()),
    )
    assert hi < 0, (d, hi)
    top_on = per_run(on_traj, mis_on & (on["rung"] == 3), on)  # the top rung: war
    top_off = per_run(off_traj, mis_off & (off["rung"] == 3), off)
    d, _, hi = diff_interval(top_on, top_off)
    assert hi < 0, (d, hi)


def test_escalation_ladder_without_hotline_keeps_p_war_given_crisis_equal_to_q():
    rows = crisis_rows(run(escalation_rungs=4, crisis_base_rate=0.05))
    n = rows["war"].size
    assert n > 1000
    assert binomial_ok(int(rows["war"].sum()), n, 0.1)
    for k in (1, 2, 3):
        assert binomial_ok(int((rows["rung"] >= k).sum()), n, 0.1 ** (k / 4))


def test_hawkishness_means_more_wars_per_crisis_and_a_higher_defence_burden():
    hawk_traj = run(hawkishness=0.5)
    dove_traj = run()
    hawk, dove = crisis_rows(hawk_traj), crisis_rows(dove_traj)
    d, lo, _ = prop_interval(
        int(hawk["war"].sum()), hawk["war"].size, int(dove["war"].sum()), dove["war"].size
    )
    assert lo > 0, (d, lo)
    d, lo, _ = diff_interval(mean_burden_per_run(hawk_traj), mean_burden_per_run(dove_traj))
    assert lo > 0, (d, lo)


def test_audience_costs_mean_more_concessions():
    high = crisis_rows(run(audience_cost=1.5))
    low = crisis_rows(run(audience_cost=0.5))
    none = crisis_rows(run())
    assert not none["conceded"].any()
    nw_high, nw_low = ~high["war"], ~low["war"]
    d, lo, _ = prop_interval(
        int(high["conceded"][nw_high].sum()),
        int(nw_high.sum()),
        int(low["conceded"][nw_low].sum()),
        int(nw_low.sum()),
    )
    assert lo > 0, (d, lo)
    assert not (high["conceded"] & high["war"]).any()


def test_audience_costs_raise_war_when_the_stake_exceeds_the_best_war_value():
    game = {
        "crisis_stake": 1.0,
        "target_war_value": -2.0,
        "war_value_low": -3.0,
        "war_value_high": 0.5,
    }
    loud = crisis_rows(run(audience_cost=1.0, **game))
    quiet = crisis_rows(run(audience_cost=0.0, **game))
    d, lo, _ = prop_interval(
        int(loud["war"].sum()), loud["war"].size, int(quiet["war"].sum()), quiet["war"].size
    )
    assert lo > 0, (d, lo)


def test_butter_pressure_lowers_the_mean_defence_burden():
    butter = mean_burden_per_run(run(butter_pressure=2.0, runs=300))
    guns = mean_burden_per_run(run(runs=300))
    d, _, hi = diff_interval(butter, guns)
    assert hi < 0, (d, hi)

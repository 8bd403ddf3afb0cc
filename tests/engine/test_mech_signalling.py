"""Signalling and misperception in the engine: transparency, type beliefs, threat weights, gestures.

Pins docs/mechanisms.md ("Perception and signalling", "Offense-defense balance and
distinguishability") and MODELS.md 3.2-3.3 as implemented by
:mod:`realpolitik.engine.mechanisms.perception` and :mod:`realpolitik.engine.mechanisms.beliefs`.
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import PHASES, Params, Phase, World, simulate
from realpolitik.engine.mechanisms import beliefs, perception
from realpolitik.theory import spiral

BELIEFS = {"type_beliefs": True}
PI_STAR = spiral.min_trust(0.5, 0.4)  # the defaults exploitation_cost, temptation_secure


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def hand_world(military, greedy=None, gdp=10.0) -> World:
    military = np.asarray(military, dtype=np.float64)
    if greedy is None:
        greedy = np.zeros(military.shape, dtype=bool)
    return World(
        military=military.copy(),
        gdp=np.full(military.shape, gdp),
        growth=np.zeros(military.shape),
        greedy=np.asarray(greedy, dtype=bool),
    )


def one_year(world: World, params, rng, year: int) -> World:
    """Perception then beliefs for one year, as simulate orders them."""
    world.year = year
    world.begin_step()
    perception.step(world, params, rng)
    return beliefs.step(world, params, rng)


def per_run(traj, kind: int, label: int | None = None) -> np.ndarray:
    """Count events per run: kind 0 crises, 1 wars; label 0 security-dilemma wars."""
    ev = traj.event_arrays()
    mask = ev["kind"] == kind
    if label is not None:
        mask &= ev["label"] == label
    return np.bincount(ev["run"][mask], minlength=traj.runs)


def interval(diff: np.ndarray) -> tuple[float, float]:
    """95% normal interval of the mean of paired per-run differences (same seed)."""
    diff = np.asarray(diff, dtype=np.float64)
    se = diff.std(ddof=1) / np.sqrt(diff.size)
    return diff.mean() - 1.96 * se, diff.mean() + 1.96 * se


BATCH = {"states": 6, "years": 60}


# --------------------------------------------------------------------------------------------
# transparency (perception)
# --------------------------------------------------------------------------------------------
def test_perception_declares_transparency():
    assert "transparency" in perception.READS


def test_transparency_scales_the_perception_noise_by_one_minus_tau():
    m = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    seen = {}
    for tau in (0.0, 0.5):
        world = hand_world(m)
        p = Params.core(transparency=tau, perception_noise=0.1).resolve(3)
        perception.step(world, p, np.random.default_rng(7))
        seen[tau] = world.perceived / m[:, None, :] - 1.0
    off = ~np.eye(3, dtype=bool)
    np.testing.assert_allclose(seen[0.5][:, off], 0.5 * seen[0.0][:, off], rtol=1e-12, atol=1e-15)
    assert np.all(seen[0.0][:, off] != 0.0)


def test_full_transparency_sees_true_military_and_keeps_the_random_stream():
    m = np.array([[1.0, 2.0, 3.0]])
    rngs = {}
    for tau in (0.0, 1.0):
        world = hand_world(m)
        rngs[tau] = np.random.default_rng(3)
        perception.step(world, Params.core(transparency=tau).resolve(3), rngs[tau])
        if tau == 1.0:
            assert np.array_equal(world.perceived[0], np.where(np.eye(3, dtype=bool), 0.0, m))
            assert np.array_equal(world.threat[0], 1.2 * np.array([5.0, 4.0, 3.0]))
    assert rngs[0.0].bit_generator.state == rngs[1.0].bit_generator.state


def test_transparency_is_read_through_the_schedule_override():
    world = hand_world([[1.0, 2.0]])
    world.overrides["transparency"] = 1.0
    perception.step(world, Params.core().resolve(2), np.random.default_rng(0))
    assert world.perceived[0, 0, 1] == 2.0 and world.perceived[0, 1, 0] == 1.0


def test_more_transparency_means_fewer_crises_and_security_dilemma_wars():
    kw = {**BATCH, "runs": 2000, "seed": 5}
    clear = simulate(Params.core(transparency=1.0), **kw)
    foggy = simulate(Params.core(), **kw)
    assert interval(per_run(clear, 0) - per_run(foggy, 0))[1] < 0
    assert interval(per_run(clear, 1, 0) - per_run(foggy, 1, 0))[1] < 0


# --------------------------------------------------------------------------------------------
# core configuration: neutral beliefs change nothing and draw nothing
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "overrides", [{}, {"prior_trust": 0.1, "trust_discount": 1.0, "reassurance_gesture": 0.9}]
)
def test_core_configuration_mechanism_path_equals_fast_path(overrides):
    params = Params.core(**overrides)
    assert params.is_core_configuration()
    kw = {"states": 4, "runs": 50, "years": 30, "seed": 9}
    slow = simulate(params, fast=False, **kw)
    assert "beliefs" in slow.meta["phases"]
    assert slow == simulate(params, fast=True, **kw)
    assert "mean_trust" not in slow.summary_names


def test_neutral_beliefs_step_changes_nothing_and_draws_nothing():
    world = hand_world([[1.0, 2.0, 3.0], [0.5, 0.1, 0.2]], greedy=[[0, 1, 0], [1, 0, 0]])
    p = Params.core(prior_trust=0.2, reassurance_gesture=0.9).resolve(3)
    perception.step(world, p, np.random.default_rng(1))
    world.threat_weight = np.zeros((2, 3, 3))  # left over from a year it was on
    before = {k: getattr(world, k).copy() for k in ("military", "military_old", "perceived")}
    threat = world.threat.copy()
    rng = np.random.default_rng(2)
    state = rng.bit_generator.state
    assert beliefs.step(world, p, rng) is world
    assert rng.bit_generator.state == state
    assert world.beliefs is None and world.threat_weight is None and not world.summaries
    assert np.array_equal(world.threat, threat)
    for k, v in before.items():
        assert np.array_equal(getattr(world, k), v)


def test_active_beliefs_draw_no_random_numbers():
    world = hand_world([[1.0, 2.0, 3.0]], greedy=[[0, 1, 0]])
    p = Params.core(**BELIEFS, prior_trust=0.1, reassurance_gesture=0.5, distinguishability=1.0)
    rng = np.random.default_rng(4)
    for year in range(3):
        perception.step(world, p.resolve(3), rng)
        state = rng.bit_generator.state
        world.year = year
        beliefs.step(world, p.resolve(3), rng)
        assert rng.bit_generator.state == state


# --------------------------------------------------------------------------------------------
# type beliefs (MODELS.md 3.3): the engine's beliefs are theory.spiral's posterior path
# --------------------------------------------------------------------------------------------
def test_beliefs_start_at_prior_trust_and_the_first_year_observes_nothing():
    world = hand_world([[1.0, 5.0, 0.2]])
    p = Params.core(**BELIEFS, prior_trust=0.35, perception_noise=0.0).resolve(3)
    one_year(world, p, np.random.default_rng(0), 0)
    expected = np.full((3, 3), 0.35)
    np.fill_diagonal(expected, 1.0)
    assert np.array_equal(world.beliefs[0], expected)
    np.testing.assert_allclose(world.summaries["mean_trust"], [0.35], rtol=1e-15)


def test_a_move_is_arm_iff_perceived_military_grew_by_more_than_the_threshold():
    prev = np.array([[[0.0, 1.0, 1.0], [2.0, 0.0, 0.0], [1.0, 1.0, 0.0]]])
    now = np.array([[[0.0, 1.1, 1.05], [2.2, 0.0, 0.5], [0.9, 1.0, 0.0]]])
    arm = beliefs.observe_moves(now, prev, 0.05)
    expected = np.array([[False, True, False], [True, False, True], [False, False, False]])
    assert np.array_equal(arm[0], expected)
    assert beliefs.observe_moves(now, prev, 0.5)[0].sum() == 1  # only 0 -> 0.5 grows by > 50%


@pytest.mark.parametrize("threshold", [0.0, 0.04])
def test_fed_the_same_observations_beliefs_equal_the_spiral_posterior_path(threshold):
    # two states whose military path forces the observations; no noise, no crises
    path = np.array(
        [[1.0, 2.0], [1.1, 1.9], [1.12, 2.1], [1.2, 2.1], [1.0, 2.3], [1.3, 2.0], [1.36, 2.5]]
    )
    p = Params.core(**BELIEFS, perception_noise=0.0, arm_threshold=threshold, misperception=0.15)
    world = hand_world(path[:1])
    rng = np.random.default_rng(0)
    mu = []
    for t, m in enumerate(path):
        world.military[...] = m
        one_year(world, p.resolve(2), rng, t)
        mu.append(world.beliefs[0].copy())
    mu = np.array(mu)
    for i, j in ((0, 1), (1, 0)):
        obs = [int(path[t, j] > (1 + threshold) * path[t - 1, j]) for t in range(1, len(path))]
        ref = spiral.spiral(0.7, 0.2, 0.8, 0.15, 0.5, 0.4, obs).posterior_path
        assert np.array_equal(mu[:, i, j], ref), (i, j, obs)
    assert np.all(mu[:, [0, 1], [0, 1]] == 1.0)


def capture(store: list):
    def phase(world, params, rng):
        store.append((world.perceived.copy(), world.beliefs.copy()))
        return world

    return Phase("capture", phase)


def test_beliefs_in_a_noisy_simulation_equal_the_posterior_path_of_their_observations():
    store: list = []
    phases = list(PHASES)
    phases.insert([p.name for p in phases].index("beliefs") + 1, capture(store))
    params = Params.core(**BELIEFS, prior_trust=0.6, arm_threshold=0.02)
    simulate(params, states=3, runs=5, years=25, seed=2, phases=phases)
    perceived = np.array([s[0] for s in store])
    mu = np.array([s[1] for s in store])  # (years, runs, N, N)
    obs = perceived[1:] > 1.02 * perceived[:-1]
    mixed = 0
    for r in range(5):
        for i in range(3):
            for j in range(3):
                if i == j:
                    continue
                ref = spiral.spiral(0.6, 0.2, 0.8, 0.1, 0.5, 0.4, obs[:, r, i, j]).posterior_path
                assert np.array_equal(mu[:, r, i, j], ref)
                mixed += len(set(obs[:, r, i, j])) == 2
    assert mixed >= 20  # of 30 paths: most see both kinds of observation


def test_type_beliefs_summaries_are_recorded_per_run_and_year():
    traj = simulate(Params.core(**BELIEFS), states=3, runs=4, years=5, seed=0)
    trust = traj.array("mean_trust")
    assert trust.shape == (4, 6) and np.isnan(trust[:, 0]).all()
    assert np.all((trust[:, 1:] >= 0) & (trust[:, 1:] <= 1))
    np.testing.assert_allclose(trust[:, 1], 0.7, rtol=1e-15)
    np.testing.assert_array_equal(traj.array("gestures")[:, 1:], 0.0)


# --------------------------------------------------------------------------------------------
# threat weights (trust discount, distinguishability)
# --------------------------------------------------------------------------------------------
def test_threat_weights_follow_trust_and_distinguishability():
    greedy = np.array([[False, True, False]])
    mu = np.array([[[1.0, 0.9, 0.2], [0.9, 1.0, 0.9], [PI_STAR, 0.1, 1.0]]])
    td, d = 0.6, 0.3
    w = beliefs.threat_weights(greedy, mu, PI_STAR, td, d)
    secure = ~greedy[0]
    for i in range(3):
        for j in range(3):
            if i == j:
                assert w[0, i, j] == 0.0
                continue
            trusted = secure[i] and mu[0, i, j] >= PI_STAR
            expected = (1 - td * trusted) * (1 - d * secure[j])
            assert w[0, i, j] == pytest.approx(expected, rel=1e-15)
    # the greedy observer 1 never discounts; observer 2 trusts 0 exactly at pi* (weak inequality)
    assert w[0, 1, 0] == pytest.approx(1 - d) and w[0, 2, 0] == pytest.approx((1 - td) * (1 - d))


def test_distinguishability_works_without_type_beliefs():
    w = beliefs.threat_weights(np.array([[False, True]]), None, PI_STAR, 0.5, 0.25)
    assert np.array_equal(w[0], [[0.0, 1.0], [0.75, 0.0]])


def test_threat_is_recomputed_from_weighted_perception_in_perception_order():
    m = np.array([[1.0, 2.0, 3.0, 0.5], [2.0, 0.3, 1.0, 4.0]])
    greedy = np.array([[False, True, False, False], [True, False, False, True]])
    for kw in ({"distinguishability": 0.4}, {**BELIEFS, "trust_discount": 0.3}):
        p = Params.core(**kw).resolve(4)
        world = hand_world(m, greedy)
        one_year(world, p, np.random.default_rng(5), 0)
        w = world.threat_weight
        total = np.zeros((2, 4))
        for j in range(4):
            total = total + w[:, :, j] * world.perceived[:, :, j]
        assert np.array_equal(world.threat, 1.2 * total)
        assert not np.all(w[:, ~np.eye(4, dtype=bool)] == 1.0)


def test_unit_weights_leave_perceptions_threat_bit_identical():
    m = np.array([[1.0, 2.0, 3.0, 0.5], [2.0, 0.3, 1.0, 4.0]])
    p = Params.core(**BELIEFS, trust_discount=0.0).resolve(4)
    world = hand_world(m, [[0, 1, 0, 0], [1, 0, 0, 1]])
    world.begin_step()
    perception.step(world, p, np.random.default_rng(5))
    threat = world.threat.copy()
    beliefs.step(world, p, np.random.default_rng(0))
    assert np.array_equal(world.threat, threat)


def test_higher_distinguishability_means_fewer_security_dilemma_wars():
    kw = {**BATCH, "runs": 500, "seed": 3}
    clear = simulate(Params.core(distinguishability=1.0), **kw)
    blurred = simulate(Params.core(), **kw)
    assert interval(per_run(clear, 1, 0) - per_run(blurred, 1, 0))[1] < 0


def test_trust_lowers_arming_and_security_dilemma_wars_the_spiral():
    kw = {**BATCH, "runs": 500, "seed": 4}
    trusting = simulate(Params.core(**BELIEFS, prior_trust=0.95, trust_discount=0.5), **kw)
    wary = simulate(Params.core(**BELIEFS, prior_trust=0.05, trust_discount=0.5), **kw)

    def burden(t):
        return t.array("budget_share")[:, 1:].mean(axis=(1, 2))

    assert interval(burden(trusting) - burden(wary))[1] < 0
    assert interval(per_run(trusting, 1, 0) - per_run(wary, 1, 0))[1] < 0


# --------------------------------------------------------------------------------------------
# reassurance gestures (MODELS.md 3.2)
# --------------------------------------------------------------------------------------------
def gesture_world(x, greedy, prior=0.2, **kw):
    m = np.array([[1.0, 2.0, 4.0]])
    p = Params.core(
        **BELIEFS, prior_trust=prior, reassurance_gesture=x, perception_noise=0.0, **kw
    ).resolve(3)
    world = hand_world(m, [greedy])
    one_year(world, p, np.random.default_rng(0), 0)
    return world, m


def test_the_separating_threshold_is_theorys_least_cost_signal():
    t_G, k_S, k_G = 1.5, 1.0, 3.0
    r = spiral.reassurance(0.5, 0.4, t_G, 0.2, k_S, k_G, 1.0)
    x_lc = r.least_cost_signal
    assert x_lc == t_G / k_G
    _, sep = beliefs.reassurance_moves(
        np.zeros((1, 2), bool), np.ones((1, 2, 2)), PI_STAR, np.array([x_lc, x_lc - 1e-9]),
        k_S, k_G, t_G,
    )  # fmt: skip
    assert sep.tolist() == [True, False]


def test_a_gesture_at_least_cost_separates_security_seekers_and_greedy_types_do_not_mimic():
    x = 1.5 / 3.0
    world, m = gesture_world(x, greedy=[False, True, False])
    sent = [True, False, True]
    np.testing.assert_array_equal(world.military_old[0], np.where(sent, (1 - x) * m[0], m[0]))
    np.testing.assert_array_equal(world.military[0], world.military_old[0])
    np.testing.assert_allclose(world.perceived[0, 1], [(1 - x) * 1.0, 0.0, (1 - x) * 4.0])
    # every observer now knows the senders are security seekers; the greedy state is unknown
    assert np.all(world.beliefs[0][:, [0, 2]] == 1.0)
    assert world.beliefs[0, 0, 1] == 0.2 and world.beliefs[0, 2, 1] == 0.2
    assert world.summaries["gestures"].tolist() == [2.0]


def test_greedy_types_mimic_a_gesture_cheaper_than_their_temptation_and_it_informs_nobody():
    x = 0.3  # k_G x = 0.9 < t_G = 1.5: pooling
    world, m = gesture_world(x, greedy=[False, True, False])
    np.testing.assert_array_equal(world.military_old[0], (1 - x) * m[0])
    expected = np.full((3, 3), 0.2)
    np.fill_diagonal(expected, 1.0)
    assert np.array_equal(world.beliefs[0], expected)
    assert world.summaries["gestures"].tolist() == [3.0]


def test_no_gesture_from_a_trusted_state_or_one_that_costs_more_than_cooperation():
    world, m = gesture_world(0.5, greedy=[False, False, False], prior=PI_STAR)
    assert np.array_equal(world.military_old, m) and world.summaries["gestures"][0] == 0
    # k_S x = 1.2 > 1: a security seeker will not pay it (and greedy k_G x = 6 > t_G)
    world, m = gesture_world(0.6, greedy=[False, True, False], signal_cost_secure=2.0,
                             signal_cost_greedy=10.0)  # fmt: skip
    assert np.array_equal(world.military_old, m) and world.summaries["gestures"][0] == 0


def test_only_the_distrusted_gesture():
    greedy = np.zeros((1, 3), bool)
    mu = np.array([[[1.0, 0.9, 0.1], [0.9, 1.0, 0.2], [0.9, 0.9, 1.0]]])
    sent, _ = beliefs.reassurance_moves(greedy, mu, PI_STAR, 0.5, 1.0, 3.0, 1.5)
    # trust held in 0: mean(0.9, 0.9) >= pi*; in 1: mean(0.9, 0.9); in 2: mean(0.1, 0.2) < pi*
    assert sent.tolist() == [[False, False, True]]


def test_reassurance_gestures_raise_trust():
    kw = {**BATCH, "runs": 300, "seed": 6}
    base = {**BELIEFS, "prior_trust": 0.3}
    gesturing = simulate(Params.core(**base, reassurance_gesture=0.5), **kw)
    silent = simulate(Params.core(**base), **kw)
    diff = gesturing.array("mean_trust")[:, -1] - silent.array("mean_trust")[:, -1]
    assert interval(diff)[0] > 0
    assert np.nansum(gesturing.array("gestures")) > 0


def test_per_state_values_index_the_observer():
    pi = beliefs.min_trust_per_state([0.5, 1.0], 0.4, 2)
    assert pi.tolist() == [spiral.min_trust(0.5, 0.4), spiral.min_trust(1.0, 0.4)]
    assert np.array_equal(beliefs.min_trust_per_state(0.5, 0.4, 3), np.full(3, PI_STAR))
    prev = np.ones((1, 2, 2))
    arm = beliefs.observe_moves(np.full((1, 2, 2), 1.1), prev, np.array([0.05, 0.2]))
    assert arm[0].tolist() == [[False, True], [False, False]]
    with pytest.raises(ValueError, match="c"):
        beliefs.min_trust_per_state([0.5, -1.0], 0.4, 2)

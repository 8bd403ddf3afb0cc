"""Glaser / Kydd: trust, reassurance and the spiral of mistrust (MODELS.md section 3)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from realpolitik.citations import BIBTEX
from realpolitik.theory import spiral as sp
from realpolitik.theory.spiral import (
    min_trust,
    observation_probabilities,
    reassurance,
    spiral,
    two_type,
    uniform_cutoffs,
    update_belief,
)

costs = st.floats(0.01, 5.0)
seeker_temptations = st.floats(0.0, 0.99)
greedy_temptations = st.floats(1.01, 5.0)
probs = st.floats(0.0, 1.0)

# MODELS.md 11, Kydd spiral and Kydd reassurance.
KYDD_SPIRAL = dict(mu0=0.8, a_S=0.2, a_G=0.8, eps=0.1, c=0.5, t_S=0.4)
KYDD_REASSURANCE = dict(c=0.5, t_S=0.4, t_G=1.5, pi=0.3, k_S=1.0, k_G=3.0, x_max=1.0)


def stag_hunt_q_star(R: float, S: float, T: float, P: float) -> float:
    return (P - S) / ((R - T) + (P - S))


def q_of(a: float, eps: float) -> float:
    return a * (1 - eps) + (1 - a) * eps


def n_star_closed_form(mu0: float, pi_star: float, q_S: float, q_G: float) -> float:
    odds0 = mu0 / (1 - mu0)
    odds_star = pi_star / (1 - pi_star)
    return math.log(odds0 / odds_star) / math.log(q_G / q_S)


def bayes_path(mu0: float, q_S: float, q_G: float, obs: list[int]) -> list[float]:
    path = [mu0]
    for o in obs:
        ls, lg = (q_S, q_G) if o else (1 - q_S, 1 - q_G)
        mu = path[-1]
        path.append(mu * ls / (mu * ls + (1 - mu) * lg))
    return path


def test_references_are_known_bibtex_keys():
    assert sp.REFERENCES == (
        "jervis1976",
        "glaser1997",
        "glaser2010",
        "kydd1997",
        "kydd2000",
        "kydd2005",
    )
    assert all(key in BIBTEX for key in sp.REFERENCES)


# --- 3.1 minimum trust and the two-type game -----------------------------------------------


@pytest.mark.parametrize(("c", "t_S"), [(0.5, 0.4), (1.0, 0.0), (4.0, 0.9), (0.01, 0.5)])
def test_minimum_trust_is_c_over_one_minus_t_S_plus_c(c, t_S):
    assert min_trust(c, t_S) == pytest.approx(c / (1 - t_S + c), rel=1e-15)


@given(c=costs, t_S=seeker_temptations)
def test_minimum_trust_is_the_stag_hunt_belief_threshold(c, t_S):
    q_star = stag_hunt_q_star(R=1.0, S=-c, T=t_S, P=0.0)
    assert min_trust(c, t_S) == pytest.approx(q_star, rel=1e-14)
    assert 0 < min_trust(c, t_S) < 1


@given(c1=costs, c2=costs, t_S=seeker_temptations)
def test_offense_dominance_raises_the_trust_needed_to_cooperate(c1, c2, t_S):
    assume(c2 > c1 * (1 + 1e-9))
    assert min_trust(c2, t_S) > min_trust(c1, t_S)


@given(c=costs, t1=seeker_temptations, t2=seeker_temptations)
def test_a_greater_temptation_raises_the_trust_needed_to_cooperate(c, t1, t2):
    assume(t2 > t1 + 1e-9)
    assert min_trust(c, t2) > min_trust(c, t1)


@given(c=costs, t_S=seeker_temptations, t_G=greedy_temptations, pi=probs)
def test_security_seekers_cooperate_in_equilibrium_iff_trust_reaches_pi_star(c, t_S, t_G, pi):
    res = two_type(c, t_S, t_G, pi)
    pi_star = c / (1 - t_S + c)
    assert res.pi_star == pytest.approx(pi_star, rel=1e-14)
    assert res.cooperative_equilibrium_exists == (pi >= res.pi_star)
    assert res.eu_cooperate == pytest.approx(pi - (1 - pi) * c, abs=1e-12)
    assert res.eu_defect == pytest.approx(pi * t_S, abs=1e-12)
    if abs(pi - pi_star) > 1e-9:
        # Cooperation is a best reply for the security seeker exactly when the BNE exists.
        assert res.cooperative_equilibrium_exists == (res.eu_cooperate >= res.eu_defect)


@pytest.mark.parametrize(("c", "t_S"), [(0.5, 0.4), (0.3, 0.7), (2.0, 0.1)])
def test_cooperative_equilibrium_exists_on_the_boundary_pi_equals_pi_star(c, t_S):
    pi_star = min_trust(c, t_S)
    assert two_type(c, t_S, 1.5, pi_star).cooperative_equilibrium_exists
    below = np.nextafter(pi_star, 0.0)
    assert not two_type(c, t_S, 1.5, below).cooperative_equilibrium_exists


@given(c=costs, t_S=seeker_temptations, pi=probs)
def test_mutual_cooperation_has_probability_pi_squared_else_zero(c, t_S, pi):
    res = two_type(c, t_S, 2.0, pi)
    expected = pi**2 if pi >= min_trust(c, t_S) else 0.0
    assert res.p_mutual_cooperation == pytest.approx(expected, abs=1e-15)


def test_kydd_reassurance_trust_is_below_the_minimum():
    res = two_type(0.5, 0.4, 1.5, 0.3)
    assert res.pi_star == pytest.approx(0.5 / 1.1)
    assert not res.cooperative_equilibrium_exists
    assert res.p_mutual_cooperation == 0.0
    assert res.eu_defect > res.eu_cooperate


# --- 3.1 continuum of types ----------------------------------------------------------------


def best_response_limit(c: float, t_max: float, t0: float = 1.0, steps: int = 5000) -> float:
    t = t0
    for _ in range(steps):
        F = min(1.0, max(t, 0.0) / t_max)
        if F == 0.0:
            return 0.0  # nobody cooperates: the iteration has collapsed
        t = 1 + c - c / F
    return t


@given(c=costs, t_max=st.floats(0.05, 10.0))
def test_a_cutoff_equilibrium_exists_iff_real_roots_exist_outside_the_high_cost_corner(c, t_max):
    res = uniform_cutoffs(c, t_max)
    disc = (1 + c) ** 2 - 4 * c * t_max
    assume(abs(disc) > 1e-12 and abs(c - 1) > 1e-12 and abs(t_max - 1) > 1e-12)
    corner = c > 1 and t_max > 1  # both roots above t_max > 1 (when they are real)
    assert (res is None) == (disc < 0 or corner)


@pytest.mark.parametrize(("c", "t_max"), [(2.0, 1.1), (1.5, 1.02), (5.0, 1.5), (1.01, 1.00002)])
def test_no_cutoff_when_both_roots_exceed_t_max_above_one(c, t_max):
    # real roots, both above t_max: everyone cooperating is no equilibrium (types above 1
    # defect against it) and the best-response iteration from t = 1 collapses
    b = 1 + c
    disc = b * b - 4 * c * t_max
    assert disc >= 0 and (b - math.sqrt(disc)) / 2 > t_max > 1
    assert uniform_cutoffs(c, t_max) is None
    assert best_response_limit(c, t_max) == 0.0


@pytest.mark.parametrize(("c", "t_max"), [(2.0, 1.0), (2.0, 0.9), (5.0, 0.5)])
def test_with_t_max_at_most_one_universal_cooperation_is_the_stable_cutoff(c, t_max):
    # the larger root exceeds t_max <= 1: the cutoff is capped at t_max, where B(t_max) = 1
    low, high = uniform_cutoffs(c, t_max)
    assert high == t_max and low <= t_max
    assert 1 + c - c / 1.0 >= t_max  # B(t_max) = 1 >= t_max: no type wants to defect


def test_uniform_cutoffs_docstring_examples_hold():
    import doctest

    from realpolitik.theory.spiral import _games

    finder = doctest.DocTestFinder()
    (test,) = finder.find(_games.uniform_cutoffs, "uniform_cutoffs", globs=vars(_games))
    assert test.examples and doctest.DocTestRunner().run(test).failed == 0


@given(c=st.floats(0.01, 0.99), t_max=st.floats(0.05, 10.0))
def test_cutoffs_are_the_roots_of_the_quadratic_with_the_larger_capped(c, t_max):
    res = uniform_cutoffs(c, t_max)
    disc = (1 + c) ** 2 - 4 * c * t_max
    if disc < 0:
        assert res is None
        return
    low, high = res
    assert low == pytest.approx(((1 + c) - math.sqrt(disc)) / 2, abs=1e-12)
    assert high == pytest.approx(min(((1 + c) + math.sqrt(disc)) / 2, t_max), abs=1e-12)
    assert low**2 - (1 + c) * low + c * t_max == pytest.approx(0.0, abs=1e-9)
    assert low <= high <= t_max


@pytest.mark.parametrize(("c", "t_max"), [(1.0, 1.0), (0.5, 1.125)])
def test_a_zero_discriminant_still_gives_a_cutoff(c, t_max):
    low, high = uniform_cutoffs(c, t_max)
    assert low == pytest.approx(high)
    assert high == pytest.approx((1 + c) / 2)


@pytest.mark.parametrize(
    ("c", "t_max"), [(0.5, 1.1), (0.2, 1.5), (0.9, 1.002), (0.05, 4.0), (0.5, 0.8), (2.0, 0.5)]
)
def test_larger_cutoff_is_the_limit_of_best_response_iteration_from_one(c, t_max):
    _, high = uniform_cutoffs(c, t_max)
    assert min(best_response_limit(c, t_max), t_max) == pytest.approx(high, rel=1e-9)


@pytest.mark.parametrize(("c", "t_max"), [(0.5, 1.1), (0.2, 1.5), (0.05, 4.0)])
def test_smaller_cutoff_is_unstable(c, t_max):
    low, high = uniform_cutoffs(c, t_max)
    assert best_response_limit(c, t_max, t0=low * (1 - 1e-6)) == 0.0
    assert best_response_limit(c, t_max, t0=low * (1 + 1e-6)) == pytest.approx(high, rel=1e-9)


@pytest.mark.parametrize(("c", "t_max"), [(0.5, 1.1), (0.2, 1.5)])
def test_the_cutoff_type_is_indifferent_between_cooperating_and_defecting(c, t_max):
    for t_hat in uniform_cutoffs(c, t_max):
        F = t_hat / t_max  # the trust a cutoff t_hat implies
        assert F - (1 - F) * c == pytest.approx(F * t_hat, abs=1e-12)


def test_no_cutoff_when_temptations_range_high():
    assert uniform_cutoffs(0.5, 1.5) is None
    assert best_response_limit(0.5, 1.5) == 0.0


# --- 3.2 reassurance -------------------------------------------------------------------------


def test_kydd_reassurance_separates_with_the_least_cost_signal():
    k = KYDD_REASSURANCE
    res = reassurance(**k)
    x_lc = k["t_G"] / k["k_G"]
    assert res.pi_star == pytest.approx(k["c"] / (1 - k["t_S"] + k["c"]))
    assert res.regime == "separating"
    assert res.separating_interval == pytest.approx((x_lc, min(1 / k["k_S"], k["x_max"])))
    assert res.least_cost_signal == pytest.approx(x_lc)
    assert res.eu_sender_S == pytest.approx(1 - k["k_S"] * x_lc)
    assert res.eu_sender_G == 0.0
    assert res.p_cooperation == pytest.approx(k["pi"])


def test_enough_trust_needs_no_signal_but_the_separating_interval_is_still_reported():
    res = reassurance(**{**KYDD_REASSURANCE, "pi": 0.6})
    assert res.regime == "pooling_cooperation_no_signal"
    assert res.eu_sender_S == 1.0
    assert res.eu_sender_G == pytest.approx(1.5)
    assert res.p_cooperation == pytest.approx(0.6)
    assert res.separating_interval == pytest.approx((0.5, 1.0))
    assert res.least_cost_signal == pytest.approx(0.5)


def test_pooling_at_exactly_minimum_trust():
    pi_star = min_trust(0.5, 0.4)
    res = reassurance(**{**KYDD_REASSURANCE, "pi": pi_star})
    assert res.regime == "pooling_cooperation_no_signal"


def test_pooling_without_possible_separation_reports_no_interval():
    res = reassurance(**{**KYDD_REASSURANCE, "pi": 0.9, "k_G": 1.2})
    assert res.regime == "pooling_cooperation_no_signal"
    assert res.separating_interval is None
    assert res.least_cost_signal is None


@pytest.mark.parametrize(
    "change",
    [
        {"k_G": 1.2},  # single crossing fails: t_G*k_S > k_G
        {"x_max": 0.4},  # the least-cost signal is not feasible
        {"k_S": 2.5},  # S cannot afford t_G/k_G: 1/k_S < 0.5
    ],
)
def test_without_a_credible_signal_low_trust_means_mutual_defection(change):
    res = reassurance(**{**KYDD_REASSURANCE, **change})
    assert res.regime == "no_reassurance_mutual_defection"
    assert res.separating_interval is None
    assert res.least_cost_signal is None
    assert (res.eu_sender_S, res.eu_sender_G, res.p_cooperation) == (0.0, 0.0, 0.0)


def test_separation_holds_on_the_boundary_of_the_interval():
    # t_G/k_G = 2/4 = 0.5 = 1/k_S: an interval of one point is still a separating PBE.
    res = reassurance(c=0.5, t_S=0.4, t_G=2.0, pi=0.1, k_S=2.0, k_G=4.0, x_max=1.0)
    assert res.regime == "separating"
    assert res.separating_interval == (0.5, 0.5)
    assert res.eu_sender_S == pytest.approx(0.0)


@given(
    c=costs,
    t_S=seeker_temptations,
    t_G=greedy_temptations,
    pi=probs,
    k_S=st.floats(0.05, 5.0),
    k_G=st.floats(0.05, 10.0),
    x_max=st.floats(0.0, 5.0),
)
def test_reassurance_regimes_follow_the_separation_condition(c, t_S, t_G, pi, k_S, k_G, x_max):
    res = reassurance(c, t_S, t_G, pi, k_S, k_G, x_max)
    pi_star = c / (1 - t_S + c)
    separable = t_G / k_G <= min(1 / k_S, x_max)
    assume(abs(t_G / k_G - min(1 / k_S, x_max)) > 1e-9 and abs(pi - pi_star) > 1e-12)
    assert (res.separating_interval is not None) == separable
    if pi >= pi_star:
        assert res.regime == "pooling_cooperation_no_signal"
    elif separable:
        assert res.regime == "separating"
        x = res.least_cost_signal
        # Incentive compatibility: S gains from signalling, G cannot gain by mimicking.
        assert res.eu_sender_S >= -1e-12
        assert t_G - k_G * x <= 1e-12
        assert res.p_cooperation == pytest.approx(pi)
    else:
        assert res.regime == "no_reassurance_mutual_defection"
    assert 0.0 <= res.p_cooperation <= 1.0


# --- 3.3 spiral ------------------------------------------------------------------------------


def test_kydd_classic_spiral_loses_trust_after_two_arming_observations():
    k = KYDD_SPIRAL
    res = spiral(**k, observations=[1, 1, 1, 1, 1])
    q_S, q_G = q_of(k["a_S"], k["eps"]), q_of(k["a_G"], k["eps"])
    pi_star = k["c"] / (1 - k["t_S"] + k["c"])
    assert res.pi_star == pytest.approx(pi_star)
    assert (res.p_arm_given_S, res.p_arm_given_G) == pytest.approx((0.26, 0.74))
    assert res.posterior_path == pytest.approx(bayes_path(k["mu0"], q_S, q_G, [1] * 5))
    expected_n = math.floor(n_star_closed_form(k["mu0"], pi_star, q_S, q_G)) + 1
    assert res.arms_to_lose_trust == expected_n == 2
    assert res.actions == ("restrain", "restrain", "arm", "arm", "arm")
    assert np.all(np.diff(res.posterior_path) < 0)


@given(
    mu0=probs,
    a_S=st.floats(0.0, 0.5),
    gap=st.floats(0.01, 0.5),
    eps=st.floats(0.0, 0.5),
    obs=st.lists(st.integers(0, 1), max_size=30),
)
def test_posterior_path_follows_bayes_rule(mu0, a_S, gap, eps, obs):
    res = spiral(mu0, a_S, a_S + gap, eps, 0.5, 0.4, obs)
    q_S, q_G = q_of(a_S, eps), q_of(a_S + gap, eps)
    assert (res.p_arm_given_S, res.p_arm_given_G) == pytest.approx((q_S, q_G), abs=1e-15)
    assert isinstance(res.posterior_path, np.ndarray)
    assert res.posterior_path.shape == (len(obs) + 1,)
    assert res.posterior_path[0] == mu0
    assert res.posterior_path == pytest.approx(bayes_path(mu0, q_S, q_G, obs), abs=1e-12)
    assert np.all((res.posterior_path >= 0) & (res.posterior_path <= 1))


@given(mu0=probs, obs=st.lists(st.integers(0, 1), max_size=20))
def test_security_seeker_acts_on_the_belief_held_before_each_observation(mu0, obs):
    res = spiral(mu0, 0.2, 0.8, 0.1, 0.5, 0.4, obs)
    assert len(res.actions) == len(obs)
    for t, action in enumerate(res.actions):
        assert action == ("arm" if res.posterior_path[t] < res.pi_star else "restrain")


def test_first_arming_observation_does_not_change_that_periods_action():
    res = spiral(0.5, 0.0, 1.0, 0.0, 0.5, 0.4, [1])
    assert res.posterior_path[1] == 0.0 < res.pi_star
    assert res.actions == ("restrain",)


def test_observed_restraint_rebuilds_trust():
    res = spiral(**{**KYDD_SPIRAL, "mu0": 0.3}, observations=[0, 0, 0])
    assert np.all(np.diff(res.posterior_path) > 0)
    assert res.actions[0] == "arm"
    assert res.actions[-1] == "restrain"


spiral_params = dict(
    mu0=st.floats(0.0, 0.99),
    a_S=st.floats(0.0, 0.6),
    gap=st.floats(0.05, 0.4),
    eps=st.floats(0.0, 0.45),
    c=st.floats(0.05, 3.0),
    t_S=seeker_temptations,
)


@settings(max_examples=60)
@given(**spiral_params)
def test_first_drop_below_minimum_trust_is_arms_to_lose_trust(mu0, a_S, gap, eps, c, t_S):
    probe = spiral(mu0, a_S, a_S + gap, eps, c, t_S, [])
    n = probe.arms_to_lose_trust
    assert n is not None
    path = spiral(mu0, a_S, a_S + gap, eps, c, t_S, [1] * (n + 1)).posterior_path
    assert np.flatnonzero(path < probe.pi_star)[0] == n


@given(**spiral_params)
def test_arms_to_lose_trust_follows_the_log_odds_formula(mu0, a_S, gap, eps, c, t_S):
    res = spiral(mu0, a_S, a_S + gap, eps, c, t_S, [])
    pi_star = c / (1 - t_S + c)
    if mu0 < pi_star:
        assert res.arms_to_lose_trust == 0
        return
    q_S, q_G = q_of(a_S, eps), q_of(a_S + gap, eps)
    assume(q_S > 0)
    ratio = n_star_closed_form(mu0, pi_star, q_S, q_G)
    assume(abs(ratio - round(ratio)) > 1e-9)  # away from exact ties, where rounding decides
    assert res.arms_to_lose_trust == math.floor(ratio) + 1


@given(mu0=probs, c=costs, t_S=seeker_temptations, obs=st.lists(st.integers(0, 1), max_size=20))
def test_uninformative_observations_leave_beliefs_flat(mu0, c, t_S, obs):
    res = spiral(mu0, 0.1, 0.9, 0.5, c, t_S, obs)
    assert res.p_arm_given_S == res.p_arm_given_G == 0.5
    assert np.all(res.posterior_path == mu0)
    if mu0 < min_trust(c, t_S):
        assert res.arms_to_lose_trust == 0
    else:
        assert res.arms_to_lose_trust is None


def test_misperception_slows_the_spiral_in_the_classic_case():
    counts = [
        spiral(**{**KYDD_SPIRAL, "eps": e}, observations=[]).arms_to_lose_trust
        for e in np.linspace(0.0, 0.45, 10)
    ]
    assert counts == sorted(counts)
    assert counts[-1] > counts[0]
    assert spiral(**{**KYDD_SPIRAL, "eps": 0.5}, observations=[]).arms_to_lose_trust is None


@given(
    mu0=st.floats(0.0, 0.99),
    e1=st.floats(0.0, 0.45),
    e2=st.floats(0.0, 0.45),
    c=st.floats(0.05, 3.0),
)
def test_misperception_never_speeds_up_the_spiral(mu0, e1, e2, c):
    lo, hi = sorted((e1, e2))
    n_lo = spiral(mu0, 0.2, 0.8, lo, c, 0.4, []).arms_to_lose_trust
    n_hi = spiral(mu0, 0.2, 0.8, hi, c, 0.4, []).arms_to_lose_trust
    assert n_hi >= n_lo


def test_one_arming_sighting_settles_it_when_security_seekers_never_arm():
    res = spiral(0.9, 0.0, 0.5, 0.0, 0.5, 0.4, [1])
    assert res.arms_to_lose_trust == 1
    assert res.posterior_path[1] == 0.0


def test_certainty_never_erodes():
    res = spiral(1.0, 0.0, 0.5, 0.0, 0.5, 0.4, [1, 1, 0])
    assert res.arms_to_lose_trust is None
    assert np.all(res.posterior_path == 1.0)  # a zero-probability sighting changes nothing


def test_near_uninformative_spirals_use_the_closed_form():
    eps = 0.5 - 1e-9
    res = spiral(0.8, 0.2, 0.8, eps, 0.5, 0.4, [])
    ratio = n_star_closed_form(0.8, res.pi_star, res.p_arm_given_S, res.p_arm_given_G)
    assert res.arms_to_lose_trust == math.floor(ratio) + 1
    assert res.arms_to_lose_trust > 1_000_000


def test_spiral_result_is_an_immutable_snapshot():
    res = spiral(**KYDD_SPIRAL, observations=[1, 0])
    with pytest.raises(ValueError, match="read-only"):
        res.posterior_path[0] = 0.1
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.pi_star = 0.2


# --- the vectorised update the engine reuses -------------------------------------------------


def test_vectorised_update_reproduces_the_spiral_path_exactly():
    rng = np.random.default_rng(7)
    obs = rng.integers(0, 2, size=(6, 40)).astype(bool)  # six observers, forty years
    mu0 = rng.uniform(0, 1, size=6)
    k = {key: val for key, val in KYDD_SPIRAL.items() if key != "mu0"}
    q_S, q_G = observation_probabilities(k["a_S"], k["a_G"], k["eps"])
    mu = mu0.copy()
    beliefs = [mu]
    for t in range(obs.shape[1]):
        mu = update_belief(mu, obs[:, t], q_S, q_G)
        beliefs.append(mu)
    beliefs = np.array(beliefs).T
    for i in range(6):
        path = spiral(mu0=mu0[i], **k, observations=obs[i].astype(int)).posterior_path
        assert np.array_equal(beliefs[i], path)


def test_update_belief_broadcasts_per_state_parameters():
    q_S, q_G = observation_probabilities([0.1, 0.2], [0.9, 0.6], 0.1)
    assert isinstance(q_S, np.ndarray)
    assert q_S == pytest.approx([q_of(0.1, 0.1), q_of(0.2, 0.1)])
    assert q_G == pytest.approx([q_of(0.9, 0.1), q_of(0.6, 0.1)])
    out = update_belief(np.full((3, 2), 0.5), [[True, False]] * 3, q_S, q_G)
    assert out.shape == (3, 2)
    assert out[0, 0] == pytest.approx(q_S[0] / (q_S[0] + q_G[0]))
    assert out[0, 1] == pytest.approx((1 - q_S[1]) / ((1 - q_S[1]) + (1 - q_G[1])))


def test_scalar_observation_probabilities_are_floats():
    q_S, q_G = observation_probabilities(0.2, 0.8, 0.1)
    assert isinstance(q_S, float)
    assert isinstance(q_G, float)


def test_update_after_a_zero_probability_observation_keeps_the_belief():
    out = update_belief([1.0, 0.0], [True, False], 0.0, 1.0)
    assert np.array_equal(out, [1.0, 0.0])


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"c": 0.0, "t_S": 0.4}, "c"),
        ({"c": -1.0, "t_S": 0.4}, "c"),
        ({"c": 0.5, "t_S": 1.0}, "t_S"),
        ({"c": 0.5, "t_S": -0.1}, "t_S"),
        ({"c": float("nan"), "t_S": 0.4}, "c"),
    ],
)
def test_min_trust_rejects_bad_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        min_trust(**kwargs)


@pytest.mark.parametrize(
    ("change", "name"),
    [({"t_G": 1.0}, "t_G"), ({"pi": 1.1}, "pi"), ({"c": 0.0}, "c"), ({"t_S": 1.2}, "t_S")],
)
def test_two_type_rejects_bad_arguments(change, name):
    with pytest.raises(ValueError, match=name):
        two_type(**{"c": 0.5, "t_S": 0.4, "t_G": 1.5, "pi": 0.5, **change})


@pytest.mark.parametrize(("c", "t_max", "name"), [(0.0, 1.0, "c"), (0.5, 0.0, "t_max")])
def test_uniform_cutoffs_rejects_bad_arguments(c, t_max, name):
    with pytest.raises(ValueError, match=name):
        uniform_cutoffs(c, t_max)


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"k_S": 0.0}, "k_S"),
        ({"k_G": -1.0}, "k_G"),
        ({"x_max": -0.1}, "x_max"),
        ({"pi": -0.1}, "pi"),
        ({"t_G": 0.9}, "t_G"),
        ({"t_S": 1.0}, "t_S"),
    ],
)
def test_reassurance_rejects_bad_arguments(change, name):
    with pytest.raises(ValueError, match=name):
        reassurance(**{**KYDD_REASSURANCE, **change})


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"mu0": 1.5}, "mu0"),
        ({"a_S": -0.1}, "a_S"),
        ({"a_G": 1.1}, "a_G"),
        ({"a_S": 0.8, "a_G": 0.8}, "a_G"),
        ({"eps": 0.6}, "eps"),
        ({"c": 0.0}, "c"),
        ({"t_S": 1.0}, "t_S"),
        ({"observations": [1, 2]}, "observations"),
        ({"observations": [[1, 0]]}, "observations"),
        ({"observations": ["arm"]}, "observations"),
    ],
)
def test_spiral_rejects_bad_arguments(change, name):
    with pytest.raises(ValueError, match=name):
        spiral(**{**KYDD_SPIRAL, "observations": [1], **change})


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (([1.2], [True], 0.3, 0.7), "mu"),
        (([0.5], [0.5], 0.3, 0.7), "observed_arm"),
        (([0.5], [True], -0.3, 0.7), "q_S"),
        (([0.5], [True], 0.3, 1.7), "q_G"),
        (([0.5, 0.4], [True, False, True], 0.3, 0.7), "broadcast"),
    ],
)
def test_update_belief_rejects_bad_arguments(args, name):
    with pytest.raises(ValueError, match=name):
        update_belief(*args)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((0.2, 0.8, 0.51), "eps"),
        ((1.2, 0.8, 0.1), "a_S"),
        ((0.2, [0.8, 0.9], [0.1, 0.2, 0.3]), "broadcast"),
    ],
)
def test_observation_probabilities_rejects_bad_arguments(args, name):
    with pytest.raises(ValueError, match=name):
        observation_probabilities(*args)


# --- misperception slows the spiral ------------------------------------------------------------


def test_misperception_paths_compare_the_spiral_across_noise_levels():
    paths = sp.misperception_paths(0.8, 0.2, 0.8, 0.15, 0.5, 0.4, [1] * 8)
    assert list(paths) == sorted({*sp.MISPERCEPTION_LEVELS, 0.15})
    for eps, path in paths.items():
        expected = spiral(0.8, 0.2, 0.8, eps, 0.5, 0.4, [1] * 8)
        assert np.array_equal(path.posterior_path, expected.posterior_path)
    n_star = [p.arms_to_lose_trust for p in paths.values()]
    assert n_star == sorted(n_star) and n_star[0] < n_star[-1]
    with pytest.raises(ValueError, match="eps"):
        sp.misperception_paths(0.8, 0.2, 0.8, 0.6, 0.5, 0.4, [1])

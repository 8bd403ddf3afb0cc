"""Alliance politics (MODELS.md 8): burden sharing, buck-passing, chain gangs, balancing."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.citations import BIBTEX
from realpolitik.theory import alliances
from realpolitik.theory.alliances import (
    balance_or_bandwagon,
    balance_threshold,
    balance_utilities,
    best_response,
    buck_passing,
    burden_sharing,
    chain_gang,
    nash_contributions,
)

incomes = st.lists(st.floats(0.1, 100.0), min_size=1, max_size=8)
alphas = st.floats(0.02, 0.98)


# --- 8.1 burden sharing: independent references from the text of MODELS.md ------------------


def bbv_equilibrium(Y: list[float], alpha: float) -> tuple[np.ndarray, float]:
    """Try every top-k set of the income ranking; keep the one meeting the BBV conditions."""
    Y = np.asarray(Y, dtype=float)
    order = np.argsort(-Y, kind="stable")
    c = (1 - alpha) / alpha
    found = []
    for k in range(1, len(Y) + 1):
        inside, outside = order[:k], order[k:]
        Q = alpha * Y[inside].sum() / (alpha + k * (1 - alpha))
        if np.all(Y[inside] > c * Q) and np.all(Y[outside] <= c * Q):
            q = np.zeros_like(Y)
            q[inside] = Y[inside] - c * Q
            found.append((q, Q))
    assert len(found) >= 1
    return found[0]


def spec_best_response(Y: np.ndarray, alpha: float, q: np.ndarray) -> np.ndarray:
    return np.maximum(0.0, alpha * Y - (1 - alpha) * (q.sum() - q))


def best_response_dynamics(Y: list[float], alpha: float, sweeps: int = 5000) -> np.ndarray:
    """Brute force: allies take turns best-responding (Gauss-Seidel) until nothing moves."""
    Y = np.asarray(Y, dtype=float)
    q = np.zeros_like(Y)
    for _ in range(sweeps):
        before = q.copy()
        for i in range(len(Y)):
            q[i] = max(0.0, alpha * Y[i] - (1 - alpha) * (q.sum() - q[i]))
        if np.max(np.abs(q - before)) < 1e-13 * Y.max():
            break
    return q


def utility(Y: np.ndarray, alpha: float, q: np.ndarray, i: int, qi: float) -> float:
    q = q.copy()
    q[i] = qi
    return (Y[i] - qi) ** (1 - alpha) * q.sum() ** alpha


@settings(max_examples=100, deadline=None)
@given(Y=incomes, alpha=alphas)
def test_burden_sharing_equilibrium_is_a_fixed_point_of_the_best_response_map(Y, alpha):
    b = burden_sharing(Y, alpha)
    q = np.array(b.q)
    scale = max(Y)
    assert spec_best_response(np.array(Y), alpha, q) == pytest.approx(q, abs=1e-9 * scale)
    assert best_response(Y, alpha, q) == pytest.approx(q, abs=1e-9 * scale)
    assert np.all((q >= 0) & (q <= np.array(Y)))


@settings(max_examples=60, deadline=None)
@given(Y=incomes, alpha=alphas)
def test_burden_sharing_matches_brute_force_best_response_iteration(Y, alpha):
    b = burden_sharing(Y, alpha)
    brute = best_response_dynamics(Y, alpha)
    assert np.array(b.q) == pytest.approx(brute, abs=1e-8 * max(Y))


@settings(max_examples=100, deadline=None)
@given(Y=incomes, alpha=alphas)
def test_burden_sharing_uses_the_bbv_contributing_set(Y, alpha):
    q_ref, Q_ref = bbv_equilibrium(Y, alpha)
    b = burden_sharing(Y, alpha)
    assert pytest.approx(Q_ref, rel=1e-12) == b.Q
    assert np.array(b.q) == pytest.approx(q_ref, abs=1e-12 * max(Y))
    assert b.contributors == tuple(i for i in range(len(Y)) if b.q[i] > 0)
    assert b.burden == pytest.approx(tuple(qi / yi for qi, yi in zip(b.q, Y, strict=True)))


def test_no_ally_gains_by_deviating_from_the_classic_equilibrium():
    Y, alpha = np.array([10.0, 5.0, 2.0]), 0.5
    q = np.array(burden_sharing(Y, alpha).q)
    for i in range(3):
        best = utility(Y, alpha, q, i, q[i])
        for qi in np.linspace(0, Y[i], 201)[:-1]:
            assert utility(Y, alpha, q, i, qi) <= best + 1e-12


@settings(max_examples=150, deadline=None)
@given(Y=incomes, alpha=alphas)
def test_exploitation_of_the_great_by_the_small_holds(Y, alpha):
    b = burden_sharing(Y, alpha)
    assert b.exploitation_holds
    Y = np.array(Y)
    burden = np.array(b.q) / Y
    order = np.argsort(Y, kind="stable")
    assert np.all(np.diff(burden[order]) >= -1e-12)  # burden non-decreasing in income
    big = int(np.argmax(Y))
    assert b.q[big] / b.Q >= Y[big] / Y.sum() - 1e-12


def test_small_allies_free_ride_in_the_classic_alliance():
    Y, alpha = [10.0, 5.0, 2.0], 0.5
    c = (1 - alpha) / alpha
    # contributing set {ally 0}: Q = alpha*10 / (alpha + 1*(1 - alpha))
    Q = alpha * 10.0 / (alpha + 1 * (1 - alpha))
    assert Y[0] > c * Q
    assert Y[1] <= c * Q
    assert Y[2] <= c * Q
    b = burden_sharing(Y, alpha)
    assert b.q == pytest.approx((Y[0] - c * Q, 0.0, 0.0))
    assert pytest.approx(Q) == b.Q
    assert b.contributors == (0,)
    assert b.efficient_Q == pytest.approx(alpha * sum(Y))
    assert b.exploitation_holds
    assert b.under_provision == pytest.approx(alpha * sum(Y) - Q)


@settings(max_examples=100, deadline=None)
@given(Y=incomes, alpha=alphas)
def test_alliances_under_provide_deterrence_relative_to_the_samuelson_level(Y, alpha):
    b = burden_sharing(Y, alpha)
    assert b.efficient_Q == pytest.approx(alpha * sum(Y))
    if len(Y) >= 2:
        assert b.efficient_Q > b.Q
        assert b.under_provision > 0
    else:
        assert pytest.approx(b.efficient_Q) == b.Q  # a lone state provides efficiently


def test_equal_allies_all_contribute_equally():
    b = burden_sharing([4.0, 4.0, 4.0], 0.5)
    assert b.contributors == (0, 1, 2)
    assert b.q[0] == pytest.approx(b.q[1]) == pytest.approx(b.q[2])


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(incomes.filter(lambda y: len(y) == 4), min_size=1, max_size=5),
    alpha=alphas,
)
def test_vectorised_contributions_match_the_scalar_equilibrium_per_alliance(rows, alpha):
    Y = np.array(rows)
    q = nash_contributions(Y, alpha)
    assert q.shape == Y.shape
    for row, q_row in zip(Y, q, strict=True):
        assert q_row == pytest.approx(np.array(burden_sharing(row, alpha).q), abs=1e-12)
    alpha_per_row = np.full(len(rows), alpha)
    assert nash_contributions(Y, alpha_per_row) == pytest.approx(q)


def test_vectorised_contributions_treat_zero_incomes_as_absent_allies():
    padded = nash_contributions([[10.0, 0.0, 5.0, 2.0], [0.0, 0.0, 0.0, 0.0]], [0.5, 0.3])
    assert padded[0] == pytest.approx([5.0, 0.0, 0.0, 0.0])
    assert np.all(padded[1] == 0.0)
    assert nash_contributions([3.0], 0.4) == pytest.approx([1.2])  # lone ally: alpha*Y


# --- 8.2 buck-passing and chain gangs -------------------------------------------------------


def test_nobody_balances_more_often_as_the_alliance_grows():
    U, K = 1.0, 0.5
    previous = -1.0
    for n in range(2, 7):
        eq = buck_passing(n, U, K)
        assert eq.p_nobody_balances == pytest.approx((K / U) ** (n / (n - 1)))
        assert eq.p_balance_each == pytest.approx(1 - (K / U) ** (1 / (n - 1)))
        assert eq.payoff == pytest.approx(U - K)
        assert eq.p_nobody_balances > previous
        previous = eq.p_nobody_balances


@settings(max_examples=100, deadline=None)
@given(n=st.integers(2, 30), U=st.floats(0.1, 100), share=st.floats(0.01, 0.99))
def test_mixed_buck_passing_leaves_each_ally_indifferent(n, U, share):
    K = share * U
    eq = buck_passing(n, U, K)
    p_pass = 1 - eq.p_balance_each
    # balancing pays U - K; passing pays U unless all n-1 others pass too
    assert U * (1 - p_pass ** (n - 1)) == pytest.approx(U - K, rel=1e-9)
    assert eq.p_nobody_balances == pytest.approx(p_pass**n, rel=1e-9)
    assert buck_passing(n + 1, U, K).p_nobody_balances > eq.p_nobody_balances
    assert 0.0 < eq.p_balance_each < 1.0


def test_a_lone_ally_balances_iff_the_stake_exceeds_the_cost():
    alone = buck_passing(1, 1.0, 0.4)
    assert (alone.p_balance_each, alone.p_nobody_balances) == (1.0, 0.0)
    assert alone.payoff == pytest.approx(0.6)
    for K in (1.0, 1.5):  # equality goes to "no"
        eq = buck_passing(1, 1.0, K)
        assert (eq.p_balance_each, eq.p_nobody_balances, eq.payoff) == (0.0, 1.0, 0.0)


@pytest.mark.parametrize("n", [2, 3, 6])
def test_nobody_balances_when_balancing_costs_at_least_the_stake(n):
    for K in (1.0, 2.0):
        eq = buck_passing(n, 1.0, K)
        assert (eq.p_balance_each, eq.p_nobody_balances, eq.payoff) == (0.0, 1.0, 0.0)


@settings(max_examples=100, deadline=None)
@given(
    beta=st.floats(0.0, 1.0),
    V=st.floats(0.1, 10),
    K=st.floats(0.1, 10),
    n=st.integers(1, 8),
    c_war=st.floats(0.1, 10),
)
def test_chain_gang_regimes_follow_the_stake_beta_times_v(beta, V, K, n, c_war):
    cg = chain_gang(beta, V, K, n, c_war)
    U = beta * V
    assert cg.U == U
    assert cg.regime == ("pure_buck_passing" if K >= U else "mixed_buck_passing")
    assert cg.unconditional_support == (c_war < U)
    if U > 0:
        eq = buck_passing(n, U, K)
        assert (cg.p_balance_each, cg.p_nobody_balances) == (
            eq.p_balance_each,
            eq.p_nobody_balances,
        )
    if cg.regime == "pure_buck_passing":
        assert (cg.p_balance_each, cg.p_nobody_balances) == (0.0, 1.0)


def test_offense_dominance_makes_chain_gangs_and_defense_dominance_passed_bucks():
    # 1914: perceived offense dominance -> allies bound unconditionally to their partners
    before_1914 = chain_gang(beta=0.9, V=1.0, K=0.5, n=3, c_war=0.6)
    assert before_1914.unconditional_support
    assert before_1914.regime == "mixed_buck_passing"
    # late 1930s: perceived defense dominance -> nobody balances, nobody is chained
    late_1930s = chain_gang(beta=0.2, V=1.0, K=0.5, n=3, c_war=0.6)
    assert not late_1930s.unconditional_support
    assert late_1930s.regime == "pure_buck_passing"
    assert late_1930s.p_nobody_balances == 1.0


def test_unconditional_support_requires_a_stake_strictly_above_the_cost_of_war():
    assert not chain_gang(0.5, 2.0, 0.1, 2, 1.0).unconditional_support  # beta*V = c_war
    assert chain_gang(0.5, 2.0, 0.1, 2, 0.999).unconditional_support
    assert chain_gang(0.0, 2.0, 0.1, 2, 0.5).regime == "pure_buck_passing"


# --- 8.3 balancing vs bandwagoning ------------------------------------------------------------


def tullock(a: float, b: float, m: float) -> float:
    return a**m / (a**m + b**m)


def spec_alignment(x_A, x_D, x_C, m, V, L, theta):
    p_D = tullock(x_D + x_C, x_A, m)
    p_A = tullock(x_A + x_C, x_D, m)
    u_bal = p_D * V * x_C / (x_D + x_C) - (1 - p_D) * L
    u_band = p_A * (V * x_C / (x_A + x_C) - theta * L) - (1 - p_A) * L
    theta_star = (p_A * V * x_C / (x_A + x_C) - (1 - p_A) * L - u_bal) / (p_A * L)
    return u_bal, u_band, theta_star


cap = st.floats(0.05, 20.0)
decisive = st.floats(0.2, 5.0)
value = st.floats(0.1, 10.0)


@settings(max_examples=150, deadline=None)
@given(x_A=cap, x_D=cap, x_C=cap, m=decisive, V=value, L=value, theta=st.floats(0.0, 1.0))
def test_alignment_utilities_follow_the_balance_of_threat_formulas(x_A, x_D, x_C, m, V, L, theta):
    u_bal, u_band, theta_star = spec_alignment(x_A, x_D, x_C, m, V, L, theta)
    a = balance_or_bandwagon(x_A, x_D, x_C, m, V, L, theta)
    assert a.U_balance == pytest.approx(u_bal, rel=1e-9, abs=1e-12)
    assert a.U_bandwagon == pytest.approx(u_band, rel=1e-9, abs=1e-12)
    assert a.theta_star == pytest.approx(theta_star, rel=1e-9, abs=1e-9)
    assert a.p_defender_wins == pytest.approx(tullock(x_D + x_C, x_A, m))
    assert a.p_aggressor_wins == pytest.approx(tullock(x_A + x_C, x_D, m))
    if abs(a.U_balance - a.U_bandwagon) > 1e-12:
        assert a.choice == ("balance" if a.U_balance > a.U_bandwagon else "bandwagon")


@settings(max_examples=150, deadline=None)
@given(
    x_A=cap, x_D=cap, x_C=cap, m=decisive, V=value, L=value, t1=st.floats(0, 1), t2=st.floats(0, 1)
)
def test_balancing_rises_with_the_threat_and_switches_at_theta_star(x_A, x_D, x_C, m, V, L, t1, t2):
    lo, hi = sorted((t1, t2))
    a_lo = balance_or_bandwagon(x_A, x_D, x_C, m, V, L, lo)
    a_hi = balance_or_bandwagon(x_A, x_D, x_C, m, V, L, hi)
    gain = lambda a: a.U_balance - a.U_bandwagon  # noqa: E731
    assert gain(a_hi) >= gain(a_lo) - 1e-12  # balancing's advantage grows with theta
    assert a_lo.theta_star == a_hi.theta_star  # theta* does not depend on theta
    if a_lo.choice == "balance":
        assert a_hi.choice == "balance"
    theta_star = a_lo.theta_star
    for theta, a in ((lo, a_lo), (hi, a_hi)):
        if theta > theta_star + 1e-9:
            assert a.choice == "balance"
        elif theta < theta_star - 1e-9:
            assert a.choice == "bandwagon"


def test_bandwagoning_wins_when_the_third_state_is_weak_and_the_aggressor_overwhelming():
    weak_c = dict(x_D=1.0, x_C=0.1, V=1.0, L=1.0, theta=0.5)
    # a balanced fight: C balances against the threat
    assert balance_or_bandwagon(x_A=1.0, m=1.0, **weak_c).choice == "balance"
    # an aggressor twice the defender: C still balances when war is indecisive (m = 1) ...
    assert balance_or_bandwagon(x_A=2.0, m=1.0, **weak_c).choice == "balance"
    # ... but bandwagons when war is decisive (m = 2, 4): high m favours bandwagoning
    assert balance_or_bandwagon(x_A=2.0, m=2.0, **weak_c).choice == "bandwagon"
    assert balance_or_bandwagon(x_A=2.0, m=4.0, **weak_c).choice == "bandwagon"
    # an overwhelming aggressor with decisive war: bandwagon even under the greatest threat
    extreme = balance_or_bandwagon(x_A=5.0, x_D=1.0, x_C=0.1, m=4.0, V=1.0, L=1.0, theta=1.0)
    assert extreme.choice == "bandwagon"
    assert extreme.theta_star > 1.0
    # theta* rises with the aggressor's strength and with decisiveness
    stars = [
        balance_or_bandwagon(x_A, 1.0, 0.1, m, 1.0, 1.0, 0.5).theta_star
        for x_A, m in [(2.0, 1.0), (5.0, 1.0), (5.0, 4.0)]
    ]
    assert stars[0] < stars[1] < stars[2]


def test_symmetric_rivals_leave_the_third_state_indifferent_only_without_threat():
    a = balance_or_bandwagon(1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 0.0)
    assert a.theta_star == pytest.approx(0.0, abs=1e-15)
    assert a.choice == "bandwagon"  # tie at theta = theta*: balance needs a strict gain
    assert balance_or_bandwagon(1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 0.01).choice == "balance"


@settings(max_examples=50, deadline=None)
@given(
    x_A=st.lists(cap, min_size=3, max_size=3),
    x_C=cap,
    m=decisive,
    theta=st.lists(st.floats(0, 1), min_size=3, max_size=3),
)
def test_vectorised_alignment_matches_the_scalar_model_elementwise(x_A, x_C, m, theta):
    u_bal, u_band = balance_utilities(np.array(x_A), 1.0, x_C, m, 2.0, 1.5, np.array(theta))
    stars = balance_threshold(np.array(x_A), 1.0, x_C, m, 2.0, 1.5)
    assert u_bal.shape == u_band.shape == stars.shape == (3,)
    for i in range(3):
        a = balance_or_bandwagon(x_A[i], 1.0, x_C, m, 2.0, 1.5, theta[i])
        assert u_bal[i] == pytest.approx(a.U_balance)
        assert u_band[i] == pytest.approx(a.U_bandwagon)
        assert stars[i] == pytest.approx(a.theta_star)


def test_vectorised_alignment_broadcasts_over_runs():
    x_A = np.linspace(0.5, 5.0, 6)[:, None]  # 6 runs x 4 third states
    x_C = np.array([0.1, 0.5, 1.0, 2.0])[None, :]
    u_bal, u_band = balance_utilities(x_A, 1.0, x_C, 2.0, 1.0, 1.0, 0.5)
    assert u_bal.shape == u_band.shape == (6, 4)
    assert np.all(np.isfinite(u_bal))


def test_an_overwhelming_defender_makes_bandwagoning_hopeless_without_overflow():
    # p_A' underflows to 0: U_bandwagon = -L for every theta, so C always balances
    star = balance_threshold(1.0, 1e6, 1.0, 100.0, 1.0, 1.0)
    assert star == -math.inf
    a = balance_or_bandwagon(1.0, 1e6, 1.0, 100.0, 1.0, 1.0, 0.0)
    assert a.choice == "balance"
    assert a.theta_star == -math.inf
    assert a.U_bandwagon == pytest.approx(-1.0)


def test_references_are_known_citations():
    assert set(alliances.REFERENCES) == {
        "olson1966",
        "bergstrom1986",
        "christensen1990",
        "diekmann1985",
        "walt1987",
        "waltz1979",
    }
    assert all(key in BIBTEX for key in alliances.REFERENCES)


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: burden_sharing([10, -1], 0.5), "Y"),
        (lambda: burden_sharing([10, 0], 0.5), "Y"),
        (lambda: burden_sharing([], 0.5), "Y"),
        (lambda: burden_sharing([[1, 2]], 0.5), "Y"),
        (lambda: burden_sharing([1, float("nan")], 0.5), "Y"),
        (lambda: burden_sharing([1, 2], 1.0), "alpha"),
        (lambda: burden_sharing([1, 2], 0.0), "alpha"),
        (lambda: best_response([1, 2], 0.5, [1.0]), "q"),
        (lambda: best_response([1, 2], 0.5, [-1.0, 0.0]), "q"),
        (lambda: nash_contributions([1, -2], 0.5), "Y"),
        (lambda: nash_contributions(3.0, 0.5), "Y"),
        (lambda: nash_contributions([[1, 2], [3, 4]], [0.5, 0.5, 0.5]), "alpha"),
        (lambda: nash_contributions([1, 2], 1.5), "alpha"),
        (lambda: buck_passing(0, 1.0, 0.5), "n"),
        (lambda: buck_passing(2.5, 1.0, 0.5), "n"),
        (lambda: buck_passing(2, 0.0, 0.5), "U"),
        (lambda: buck_passing(2, 1.0, -0.5), "K"),
        (lambda: chain_gang(1.5, 1.0, 0.5, 2, 0.5), "beta"),
        (lambda: chain_gang(0.5, 0.0, 0.5, 2, 0.5), "V"),
        (lambda: chain_gang(0.5, 1.0, 0.0, 2, 0.5), "K"),
        (lambda: chain_gang(0.5, 1.0, 0.5, 0, 0.5), "n"),
        (lambda: chain_gang(0.5, 1.0, 0.5, 2, 0.0), "c_war"),
        (lambda: balance_or_bandwagon(0.0, 1, 1, 1, 1, 1, 0.5), "x_A"),
        (lambda: balance_or_bandwagon(1, -1, 1, 1, 1, 1, 0.5), "x_D"),
        (lambda: balance_or_bandwagon(1, 1, 0, 1, 1, 1, 0.5), "x_C"),
        (lambda: balance_or_bandwagon(1, 1, 1, 0, 1, 1, 0.5), "m"),
        (lambda: balance_or_bandwagon(1, 1, 1, 1, 0, 1, 0.5), "V"),
        (lambda: balance_or_bandwagon(1, 1, 1, 1, 1, 0, 0.5), "L"),
        (lambda: balance_or_bandwagon(1, 1, 1, 1, 1, 1, 1.5), "theta"),
        (lambda: balance_utilities([1, 2], 1, 1, 1, 1, 1, [0.5, -0.1]), "theta"),
        (lambda: balance_utilities([1, 2], [1, 1, 1], 1, 1, 1, 1, 0.5), "broadcast"),
        (lambda: balance_threshold([1, 2], [1, 1, 1], 1, 1, 1, 1), "broadcast"),
        (lambda: balance_threshold([1, 0], 1, 1, 1, 1, 1), "x_A"),
    ],
)
def test_bad_arguments_raise_value_errors_naming_them(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_a_lone_ally_pays_the_efficient_amount_itself():
    b = burden_sharing([7.0], 0.3)
    assert b.q == pytest.approx((0.3 * 7.0,))
    assert b.contributors == (0,)
    assert b.exploitation_holds


def test_unvalidated_alignment_utilities_equal_the_validated_ones():
    from realpolitik.theory.alliances import alignment_utilities, balance_utilities

    rng = np.random.default_rng(1)
    x = [rng.uniform(0.1, 3, 20) for _ in range(3)]
    m, V, L, theta = rng.uniform(0.5, 3, 20), 1.0, 2.0, rng.uniform(0, 1, 20)
    for got, want in zip(
        alignment_utilities(*x, m, V, L, theta), balance_utilities(*x, m, V, L, theta), strict=True
    ):
        np.testing.assert_array_equal(got, want)


# --- shares and the buck-passing curve --------------------------------------------------------


def test_burden_shares_show_the_great_carrying_the_small():
    b = burden_sharing([10.0, 5.0, 2.0], 0.5)
    assert sum(b.income_share) == pytest.approx(1.0)
    assert sum(b.contribution_share) == pytest.approx(1.0)
    assert b.contribution_share[0] >= b.income_share[0]
    assert b.income_share == pytest.approx((10 / 17, 5 / 17, 2 / 17))


def test_the_chance_that_nobody_balances_grows_with_the_number_of_allies():
    curve = alliances.buck_passing_curve(6, 1.0, 0.5)
    assert list(curve.n) == [2, 3, 4, 5, 6]
    expected = [(0.5 / 1.0) ** (n / (n - 1)) for n in range(2, 7)]
    assert curve.p_nobody_balances == pytest.approx(expected)
    assert np.all(np.diff(curve.p_nobody_balances) > 0)
    for i, n in enumerate(curve.n):
        eq = buck_passing(int(n), 1.0, 0.5)
        assert (curve.p_balance_each[i], curve.payoff[i]) == (eq.p_balance_each, eq.payoff)
    with pytest.raises(ValueError, match="n_max"):
        alliances.buck_passing_curve(1, 1.0, 0.5)
    with pytest.raises(ValueError, match="n_max"):
        alliances.buck_passing_curve(101, 1.0, 0.5)

"""Tests for realpolitik.theory.contest (MODELS.md section 6)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.optimize import minimize_scalar
from scipy.special import expit

from realpolitik.citations import BIBTEX
from realpolitik.theory.contest import (
    REFERENCES,
    guns_vs_butter,
    lanchester,
    logistic,
    tullock,
    tullock_array,
    tullock_equilibrium,
    tullock_symmetric,
)

FAST = settings(max_examples=60, deadline=None)

effort = st.floats(0.0, 1e6)
decisiveness = st.floats(0.05, 50.0)


def test_references_are_known_bibtex_keys():
    assert set(REFERENCES) == {
        "lanchester1916",
        "tullock1980",
        "hirshleifer1989",
        "hirshleifer1991",
    }
    assert all(key in BIBTEX for key in REFERENCES)


# ------------------------------------------------------------------ 6.4 contest success functions


@FAST
@given(x_A=st.floats(0.01, 100.0), x_B=st.floats(0.01, 100.0), m=st.floats(0.1, 4.0))
def test_tullock_is_the_ratio_form_contest_success_function(x_A, x_B, m):
    expected = x_A**m / (x_A**m + x_B**m)
    assert tullock(x_A, x_B, m) == pytest.approx(expected, rel=1e-10)
    assert tullock(x_A, x_B, m) + tullock(x_B, x_A, m) == pytest.approx(1.0)


def test_tullock_edge_cases_zero_effort_and_default_m():
    assert tullock(0.0, 0.0) == 0.5
    assert tullock(0.0, 0.0, m=3.0) == 0.5
    assert tullock(0.0, 2.0) == 0.0
    assert tullock(2.0, 0.0) == 1.0
    assert tullock(3.0, 1.0) == pytest.approx(0.75)
    assert tullock(1.0, 1000.0, m=3.0) == pytest.approx(1.0 / (1.0 + 1e9), rel=1e-12)
    assert isinstance(tullock(1.0, 2.0), float)


def test_higher_decisiveness_makes_the_stronger_side_likelier_to_win():
    ps = [tullock(2.0, 1.0, m) for m in (0.5, 1.0, 2.0, 5.0, 50.0)]
    assert all(a < b for a, b in itertools.pairwise(ps))
    assert ps[-1] == pytest.approx(1.0, abs=1e-12)


@FAST
@given(x_A=effort, x_B=effort, m=decisiveness)
def test_tullock_probability_lies_in_unit_interval(x_A, x_B, m):
    p = tullock(x_A, x_B, m)
    assert 0.0 <= p <= 1.0
    if x_A > x_B:
        assert p >= 0.5
    elif x_A == x_B:
        assert p == 0.5


def test_tullock_works_elementwise_on_numpy_arrays():
    x_A = np.array([0.0, 1.0, 2.0, 5.0, 0.0])
    x_B = np.array([0.0, 3.0, 2.0, 1.0, 4.0])
    out = tullock(x_A, x_B, 2.0)
    assert isinstance(out, np.ndarray)
    expected = [tullock(float(a), float(b), 2.0) for a, b in zip(x_A, x_B, strict=True)]
    np.testing.assert_allclose(out, expected, rtol=1e-14)
    # broadcasting a matrix of efforts against a scalar and an array of m
    grid = tullock(np.array([[1.0, 2.0], [3.0, 4.0]]), 2.0, m=np.array([1.0, 3.0]))
    assert grid.shape == (2, 2)
    assert grid[1, 1] == pytest.approx(4.0**3 / (4.0**3 + 2.0**3))
    assert isinstance(tullock([1.0, 2.0], [1.0, 1.0]), np.ndarray)


def test_tullock_array_always_returns_an_ndarray():
    out = tullock_array(1.0, 3.0)
    assert isinstance(out, np.ndarray)
    assert float(out) == pytest.approx(0.25)
    np.testing.assert_allclose(tullock_array([1.0, 0.0], [1.0, 0.0], 2.0), [0.5, 0.5])


@FAST
@given(x_A=st.floats(0.0, 100.0), x_B=st.floats(0.0, 100.0), k=st.floats(0.0, 10.0))
def test_logistic_is_the_difference_form_contest_success_function(x_A, x_B, k):
    p = logistic(x_A, x_B, k)
    assert p == pytest.approx(expit(k * (x_A - x_B)), rel=1e-12, abs=1e-300)
    assert 0.0 <= p <= 1.0
    # only the difference matters
    assert logistic(x_A + 5.0, x_B + 5.0, k) == pytest.approx(p, rel=1e-9, abs=1e-12)


def test_logistic_edge_cases_and_arrays():
    assert logistic(3.0, 3.0, 2.0) == 0.5
    assert logistic(1.0, 9.0, 0.0) == 0.5
    assert logistic(0.0, 1e6, 10.0) == 0.0  # overflow handled
    assert logistic(1e6, 0.0, 10.0) == 1.0
    out = logistic(np.array([0.0, 1.0, 2.0]), 1.0, 1.5)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, 1.0 / (1.0 + np.exp(1.5 * (1.0 - np.array([0.0, 1, 2])))))


# ------------------------------------------------------------------ 6.1 square law


def square_rhs(alpha, beta):
    return lambda t, y: [-beta * y[1], -alpha * y[0]]


def test_classic_square_law_a_wins_with_600_survivors():
    battle = lanchester(A0=1000, B0=800, alpha=0.01, beta=0.01)
    assert battle.winner == "A"
    assert battle.survivors == pytest.approx(math.sqrt(1000**2 - 800**2))
    assert battle.survivors == pytest.approx(600.0)
    t_star = math.atanh(math.sqrt(0.01 / 0.01) * 800 / 1000) / math.sqrt(0.01 * 0.01)
    assert battle.duration == pytest.approx(t_star)
    assert battle.state_at(t_star) == pytest.approx((600.0, 0.0), abs=1e-6)


def test_square_law_closed_form_equals_numerical_integration_and_annihilation_time():
    for A0, B0, alpha, beta in [(1000.0, 800.0, 0.01, 0.01), (300.0, 500.0, 0.05, 0.02)]:
        battle = lanchester(A0, B0, alpha, beta)
        t_star = battle.duration
        loser = 1 if battle.winner == "A" else 0

        def hits_zero(t, y, loser=loser):
            return y[loser]

        hits_zero.terminal = True
        ts = np.linspace(0.0, 0.99 * t_star, 12)
        sol = solve_ivp(
            square_rhs(alpha, beta),
            (0.0, 2.0 * t_star),
            [A0, B0],
            t_eval=ts,
            events=hits_zero,
            rtol=1e-11,
            atol=1e-9,
        )
        a, b = battle.state_at(ts)
        np.testing.assert_allclose(a, sol.y[0], rtol=1e-7, atol=1e-6)
        np.testing.assert_allclose(b, sol.y[1], rtol=1e-7, atol=1e-6)
        assert sol.t_events[0][0] == pytest.approx(t_star, rel=1e-6)
        winner_left = sol.y_events[0][0][1 - loser]
        assert winner_left == pytest.approx(battle.survivors, rel=1e-6)


def test_square_law_b_wins_symmetric_formulas():
    battle = lanchester(300.0, 500.0, alpha=0.05, beta=0.02)
    assert 0.05 * 300**2 < 0.02 * 500**2
    assert battle.winner == "B"
    assert battle.survivors == pytest.approx(math.sqrt(500**2 - (0.05 / 0.02) * 300**2))
    w = math.sqrt(0.05 * 0.02)
    assert battle.duration == pytest.approx(math.atanh(math.sqrt(0.05 / 0.02) * 300 / 500) / w)


def test_square_law_state_stops_at_the_end_of_battle():
    battle = lanchester(1000, 800, 0.01, 0.01)
    for t in [battle.duration, 2 * battle.duration, 1e6]:
        assert battle.state_at(t) == pytest.approx((600.0, 0.0), abs=1e-6)
    a, b = battle.state_at(np.array([0.0, 50.0, 500.0]))
    assert isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
    assert (a[0], b[0]) == (1000.0, 800.0)
    assert b[-1] == 0.0 and a[-1] == pytest.approx(600.0)
    # the closed form between start and end
    w = 0.01
    assert a[1] == pytest.approx(1000 * math.cosh(w * 50) - 800 * math.sinh(w * 50))
    assert b[1] == pytest.approx(800 * math.cosh(w * 50) - 1000 * math.sinh(w * 50))


def test_square_law_draw_decays_forever():
    battle = lanchester(500, 500, 0.02, 0.02)
    assert battle.winner == "draw"
    assert battle.survivors == 0.0
    assert battle.duration is None
    a, b = battle.state_at(100.0)
    assert a == pytest.approx(500 * math.exp(-0.02 * 100))
    assert b == pytest.approx(a)
    assert lanchester(400, 200, 0.01, 0.04).winner == "draw"  # 0.01*400^2 == 0.04*200^2


@FAST
@given(
    A0=st.floats(1.0, 1e4),
    B0=st.floats(1.0, 1e4),
    alpha=st.floats(1e-3, 1.0),
    beta=st.floats(1e-3, 1.0),
    frac=st.floats(0.0, 1.5),
)
def test_square_law_invariant_is_conserved_along_the_solution(A0, B0, alpha, beta, frac):
    battle = lanchester(A0, B0, alpha, beta)
    invariant = alpha * A0**2 - beta * B0**2
    scale = max(alpha * A0**2, beta * B0**2)
    assume(abs(invariant) > 1e-6 * scale)  # near-draws amplify rounding in cosh/sinh
    assert battle.invariant == pytest.approx(invariant)
    t = frac * battle.duration
    a, b = battle.state_at(t)
    assert a >= 0.0 and b >= 0.0
    assert alpha * a**2 - beta * b**2 == pytest.approx(invariant, abs=1e-7 * scale)


@FAST
@given(
    A0=st.floats(0.0, 1e4),
    B0=st.floats(0.0, 1e4),
    alpha=st.floats(1e-3, 1.0),
    beta=st.floats(1e-3, 1.0),
)
def test_square_law_winner_has_the_greater_fighting_strength(A0, B0, alpha, beta):
    battle = lanchester(A0, B0, alpha, beta)
    strength_A, strength_B = alpha * A0**2, beta * B0**2
    if battle.winner == "A":
        assert strength_A > strength_B
        assert battle.survivors == pytest.approx(
            math.sqrt(A0**2 - (beta / alpha) * B0**2), rel=1e-6, abs=1e-6 * A0
        )
    elif battle.winner == "B":
        assert strength_B > strength_A
        assert battle.survivors == pytest.approx(
            math.sqrt(B0**2 - (alpha / beta) * A0**2), rel=1e-6, abs=1e-6 * B0
        )
    else:
        assert strength_A == pytest.approx(strength_B, rel=1e-12)


# ------------------------------------------------------------------ 6.2 area law


def test_area_law_survivors_are_approached_asymptotically():
    battle = lanchester(1000, 800, 0.01, 0.01, law="area")
    assert battle.winner == "A"
    assert battle.survivors == pytest.approx(1000 - (0.01 / 0.01) * 800)
    assert battle.duration is None
    a, b = battle.state_at(1e4)
    assert a == pytest.approx(200.0, rel=1e-9)
    assert b == pytest.approx(0.0, abs=1e-9)
    b_wins = lanchester(100, 400, 0.005, 0.03, law="area")
    assert 0.005 * 100 < 0.03 * 400
    assert b_wins.winner == "B"
    assert b_wins.survivors == pytest.approx(400 - (0.005 / 0.03) * 100)


@pytest.mark.parametrize(
    ("A0", "B0", "alpha", "beta"),
    [(1000.0, 800.0, 1e-4, 1e-4), (100.0, 400.0, 3e-3, 5e-4), (300.0, 300.0, 2e-4, 2e-4)],
)
def test_area_law_closed_form_equals_numerical_integration(A0, B0, alpha, beta):
    battle = lanchester(A0, B0, alpha, beta, law="area")
    ts = np.linspace(0.0, 200.0, 21)
    sol = solve_ivp(
        lambda t, y: [-beta * y[0] * y[1], -alpha * y[0] * y[1]],
        (0.0, 200.0),
        [A0, B0],
        t_eval=ts,
        rtol=1e-11,
        atol=1e-9,
    )
    a, b = battle.state_at(ts)
    np.testing.assert_allclose(a, sol.y[0], rtol=1e-7, atol=1e-6)
    np.testing.assert_allclose(b, sol.y[1], rtol=1e-7, atol=1e-6)


@FAST
@given(
    A0=st.floats(1.0, 1e3),
    B0=st.floats(1.0, 1e3),
    alpha=st.floats(1e-4, 0.1),
    beta=st.floats(1e-4, 0.1),
    t=st.floats(0.0, 1e3),
)
def test_area_law_invariant_is_conserved_along_the_solution(A0, B0, alpha, beta, t):
    battle = lanchester(A0, B0, alpha, beta, law="area")
    invariant = alpha * A0 - beta * B0
    a, b = battle.state_at(t)
    scale = max(alpha * A0, beta * B0)
    assert alpha * a - beta * b == pytest.approx(invariant, abs=1e-9 * scale)
    assert a >= 0.0 and b >= 0.0
    if battle.winner == "A":
        assert battle.survivors == pytest.approx(A0 - (beta / alpha) * B0)
        assert a >= battle.survivors * (1 - 1e-12)
    elif battle.winner == "B":
        assert battle.survivors == pytest.approx(B0 - (alpha / beta) * A0)
        assert b >= battle.survivors * (1 - 1e-12)


# ------------------------------------------------------------------ 6.3 ancient law


def test_ancient_law_annihilation_time_and_survivors():
    A0, B0, alpha, beta = 1000.0, 800.0, 2.0, 3.0
    battle = lanchester(A0, B0, alpha, beta, law="ancient")
    assert A0 / beta < B0 / alpha
    assert battle.winner == "B"
    t_star = min(A0 / beta, B0 / alpha)
    assert battle.duration == pytest.approx(t_star)
    assert battle.survivors == pytest.approx(B0 - alpha * t_star)
    assert battle.state_at(t_star / 2) == pytest.approx(
        (A0 - beta * t_star / 2, B0 - alpha * t_star / 2)
    )
    assert battle.state_at(10 * t_star) == pytest.approx((0.0, battle.survivors))
    a_wins = lanchester(900.0, 100.0, 1.0, 1.0, law="ancient")
    assert a_wins.winner == "A"
    assert a_wins.duration == pytest.approx(100.0)
    assert a_wins.survivors == pytest.approx(800.0)
    draw = lanchester(300.0, 600.0, 2.0, 1.0, law="ancient")
    assert draw.winner == "draw"
    assert draw.survivors == 0.0
    assert draw.duration == pytest.approx(300.0)
    assert draw.state_at(400.0) == (0.0, 0.0)


@pytest.mark.parametrize("law", ["square", "area", "ancient"])
def test_a_side_with_no_forces_loses_at_once(law):
    battle = lanchester(0.0, 50.0, 0.1, 0.2, law=law)
    assert battle.winner == "B"
    assert battle.survivors == pytest.approx(50.0)
    assert battle.duration == 0.0
    assert battle.state_at(3.0) == pytest.approx((0.0, 50.0))
    empty = lanchester(0.0, 0.0, 0.1, 0.2, law=law)
    assert empty.winner == "draw"
    assert empty.duration == 0.0
    assert empty.state_at(1.0) == (0.0, 0.0)


def test_area_law_draw_follows_the_reciprocal_decay():
    battle = lanchester(300.0, 300.0, 2e-4, 2e-4, law="area")
    assert battle.winner == "draw"
    assert battle.survivors == 0.0
    assert battle.duration is None
    assert battle.state_at(100.0)[0] == pytest.approx(300.0 / (1 + 2e-4 * 300.0 * 100.0))


# ------------------------------------------------------------------ 6.5 equilibrium arming


def best_response(payoff, upper):
    res = minimize_scalar(
        lambda x: -payoff(x), bounds=(0.0, upper), method="bounded", options={"xatol": 1e-10}
    )
    return float(res.x)


@pytest.mark.parametrize(("V_A", "V_B"), [(1.0, 1.0), (3.0, 1.0), (2.0, 5.0)])
def test_tullock_equilibrium_is_a_mutual_best_response(V_A, V_B):
    x_A, x_B = tullock_equilibrium(V_A, V_B)
    assert x_A == pytest.approx(V_A**2 * V_B / (V_A + V_B) ** 2)
    assert x_B == pytest.approx(V_A * V_B**2 / (V_A + V_B) ** 2)
    br_A = best_response(lambda x: V_A * x / (x + x_B) - x, V_A)
    br_B = best_response(lambda x: V_B * x / (x + x_A) - x, V_B)
    assert br_A == pytest.approx(x_A, rel=1e-5)
    assert br_B == pytest.approx(x_B, rel=1e-5)


def test_the_side_that_values_the_prize_more_arms_more():
    x_A, x_B = tullock_equilibrium(3.0, 1.0)
    assert x_A > x_B
    assert tullock_equilibrium(2.0, 2.0) == pytest.approx((0.5, 0.5))
    assert tullock_symmetric(2.0, 1.0) == pytest.approx(tullock_equilibrium(2.0, 2.0)[0])


@pytest.mark.parametrize("m", [0.3, 1.0, 1.5, 2.0])
def test_symmetric_tullock_arming_is_mV4_and_dissipates_m_over_2_of_the_rent(m):
    V = 8.0
    x = tullock_symmetric(V, m)
    assert x == pytest.approx(m * V / 4)
    assert 2 * x / V == pytest.approx(m / 2)
    # x is a best response to x: no effort on a fine grid does better
    grid = np.linspace(0.0, V, 20001)
    payoff = V * tullock(grid, x, m) - grid
    assert V * tullock(x, x, m) - x >= payoff.max() - 1e-9


def test_symmetric_tullock_requires_m_at_most_2():
    with pytest.raises(ValueError, match=r"^m\b"):
        tullock_symmetric(1.0, 2.5)
    with pytest.raises(ValueError, match=r"^m\b"):
        tullock_symmetric(1.0, 0.0)


def test_classic_paradox_of_power_gives_equal_shares_despite_a_3_to_1_resource_gap():
    R_A, R_B, m = 15.0, 5.0, 1.0
    G = m * (R_A + R_B) / (2 * (1 + m))
    assert G == 5.0 and min(R_A, R_B) >= G
    out = guns_vs_butter(R_A, R_B, m)
    assert out.interior is True
    assert pytest.approx((G, G)) == (out.G_A, out.G_B)
    assert out.p_A == pytest.approx(0.5)
    assert pytest.approx(out.U_B) == out.U_A


@FAST
@given(R_A=st.floats(1.0, 100.0), ratio=st.floats(1.0, 3.0), m=st.floats(0.2, 1.0))
def test_interior_guns_are_equal_whatever_the_resource_gap(R_A, ratio, m):
    R_B = R_A * ratio
    G = m * (R_A + R_B) / (2 * (1 + m))
    assume(min(R_A, R_B) >= G)
    out = guns_vs_butter(R_A, R_B, m)
    assert out.interior
    assert pytest.approx(G) == out.G_A and pytest.approx(G) == out.G_B
    assert out.p_A == pytest.approx(0.5)


def payoffs_on_grid(G_own, G_other, R_total, m):
    p = tullock(G_own, G_other, m)
    return p * (R_total - G_own - G_other)


def test_interior_guns_are_a_mutual_best_response_on_a_grid():
    R_A, R_B, m = 15.0, 8.0, 1.0
    out = guns_vs_butter(R_A, R_B, m)
    grid_A = np.linspace(0.0, R_A, 30001)
    best_A = grid_A[np.argmax(payoffs_on_grid(grid_A, out.G_B, R_A + R_B, m))]
    grid_B = np.linspace(0.0, R_B, 30001)
    best_B = grid_B[np.argmax(payoffs_on_grid(grid_B, out.G_A, R_A + R_B, m))]
    assert best_A == pytest.approx(out.G_A, abs=2 * R_A / 30000)
    assert best_B == pytest.approx(out.G_B, abs=2 * R_B / 30000)


@pytest.mark.parametrize("a_is_richer", [True, False])
def test_when_guns_exceed_the_poorer_sides_resources_it_goes_all_in(a_is_richer):
    R_rich, R_poor, m = 20.0, 4.0, 1.0
    assert m * (R_rich + R_poor) / (2 * (1 + m)) > R_poor
    out = guns_vs_butter(R_rich, R_poor, m) if a_is_richer else guns_vs_butter(R_poor, R_rich, m)
    assert out.interior is False
    G_rich, G_poor = (out.G_A, out.G_B) if a_is_richer else (out.G_B, out.G_A)
    assert G_poor == R_poor
    # the richer side's best response, found on a fine grid of its own guns
    grid = np.linspace(0.0, R_rich, 200001)
    best = grid[np.argmax(payoffs_on_grid(grid, R_poor, R_rich + R_poor, m))]
    assert G_rich == pytest.approx(best, abs=2 * R_rich / 200000)
    # m = 1 first-order condition R_poor (R_rich - G) = G (G + R_poor)
    assert G_rich == pytest.approx(-R_poor + math.sqrt(R_poor**2 + R_poor * R_rich), rel=1e-7)
    p_rich = G_rich / (G_rich + R_poor)
    assert (out.p_A if a_is_richer else 1 - out.p_A) == pytest.approx(p_rich)
    assert p_rich > 0.5  # out of the interior the richer side does gain
    # and the poorer side cannot do better than all-in given the richer side's guns
    grid_poor = np.linspace(0.0, R_poor, 20001)
    assert np.argmax(payoffs_on_grid(grid_poor, G_rich, R_rich + R_poor, m)) == 20000


# ------------------------------------------------------------------ validation


def test_functions_reject_out_of_range_arguments():
    battle = lanchester(10.0, 5.0, 0.1, 0.1)
    cases = [
        (lambda: tullock(-1.0, 1.0), "x_A"),
        (lambda: tullock(1.0, math.nan), "x_B"),
        (lambda: tullock(1.0, 1.0, m=0.0), "m"),
        (lambda: tullock([1.0, -2.0], 1.0), "x_A"),
        (lambda: tullock(1.0, 1.0, m=np.array([1.0, 0.0])), "m"),
        (lambda: tullock_array([1.0], [1.0], -1.0), "m"),
        (lambda: logistic(1.0, -1.0, 1.0), "x_B"),
        (lambda: logistic(1.0, 1.0, -0.5), "k"),
        (lambda: lanchester(-1.0, 1.0, 0.1, 0.1), "A0"),
        (lambda: lanchester(1.0, math.inf, 0.1, 0.1), "B0"),
        (lambda: lanchester(1.0, 1.0, 0.0, 0.1), "alpha"),
        (lambda: lanchester(1.0, 1.0, 0.1, -0.1), "beta"),
        (lambda: lanchester(1.0, 1.0, 0.1, 0.1, law="cubic"), "law"),
        (lambda: battle.state_at(-1.0), "t"),
        (lambda: battle.state_at([0.0, -1.0]), "t"),
        (lambda: tullock_equilibrium(0.0, 1.0), "V_A"),
        (lambda: tullock_equilibrium(1.0, -1.0), "V_B"),
        (lambda: tullock_symmetric(0.0, 1.0), "V"),
        (lambda: guns_vs_butter(0.0, 1.0, 1.0), "R_A"),
        (lambda: guns_vs_butter(1.0, -1.0, 1.0), "R_B"),
        (lambda: guns_vs_butter(1.0, 1.0, 0.0), "m"),
    ]
    for call, name in cases:
        with pytest.raises(ValueError, match=rf"^{name}\b"):
            call()


def test_unchecked_tullock_equals_tullock_for_positive_efforts():
    rng = np.random.default_rng(0)
    a, b, m = rng.uniform(0.01, 5, 50), rng.uniform(0.01, 5, 50), rng.uniform(0.1, 4, 50)
    from realpolitik.theory import contest

    np.testing.assert_array_equal(contest.tullock_unchecked(a, b, m), contest.tullock(a, b, m))


# --- the curves the tour draws ----------------------------------------------------------------


def test_a_square_law_battle_traced_to_its_end_leaves_the_survivors():
    from realpolitik.theory.contest import lanchester

    battle = lanchester(1000.0, 800.0, 0.01, 0.01)
    t, A, B = battle.trajectory(50)
    assert battle.horizon == battle.duration
    assert t[0] == 0.0 and t[-1] == pytest.approx(1.1 * battle.duration)
    assert (A[0], B[0]) == (1000.0, 800.0) and (A[-1], B[-1]) == (battle.survivors, 0.0)
    assert np.all(np.diff(A) <= 0) and np.all(np.diff(B) <= 0)
    with pytest.raises(ValueError, match="points"):
        battle.trajectory(1)


def test_battles_never_decided_in_finite_time_are_traced_over_five_time_constants():
    from realpolitik.theory.contest import lanchester

    area = lanchester(1000.0, 800.0, 0.01, 0.01, "area")
    assert area.duration is None and area.horizon == 5.0 / (0.01 * 1000.0)
    draw = lanchester(1000.0, 1000.0, 0.01, 0.01)
    assert draw.duration is None and draw.horizon == pytest.approx(5.0 / 0.01)
    empty = lanchester(0.0, 10.0, 0.5, 0.5, "ancient")
    assert empty.duration == 0.0 and empty.horizon == pytest.approx(5.0 / 0.5)


def test_tullock_curves_are_one_half_at_parity_and_steeper_for_a_decisive_war():
    from realpolitik.theory.contest import DECISIVENESS_LEVELS, tullock_curves

    curves = tullock_curves()
    assert tuple(curves.p_A) == DECISIVENESS_LEVELS
    ratios = np.logspace(-1, 1, 121)
    assert np.array_equal(curves.ratio, ratios)
    for m, p in curves.p_A.items():
        assert p[60] == pytest.approx(0.5)
        assert np.allclose(p, ratios**m / (ratios**m + 1))
    assert curves.p_A[4.0][70] > curves.p_A[1.0][70] > curves.p_A[0.5][70]
    assert list(tullock_curves([2.0], (1.0,)).p_A[1.0]) == pytest.approx([2 / 3])
    with pytest.raises(ValueError, match="ratios"):
        tullock_curves([0.0, 1.0])


def test_the_paradox_of_power_holds_across_resource_shares():
    from realpolitik.theory.contest import guns_vs_butter, guns_vs_butter_sweep

    sweep = guns_vs_butter_sweep(20.0, 1.0)
    assert sweep.resource_share[0] == pytest.approx(0.05)
    assert sweep.resource_share[-1] == pytest.approx(0.95)
    interior = np.array(
        [guns_vs_butter(20.0 * s, 20.0 * (1 - s), 1.0).interior for s in sweep.resource_share]
    )
    assert interior.any() and np.allclose(sweep.G_A[interior], sweep.G_B[interior])
    assert np.allclose(sweep.p_A[interior], 0.5)
    assert np.all(sweep.p_A[~interior] != 0.5)
    with pytest.raises(ValueError, match="total"):
        guns_vs_butter_sweep(0.0, 1.0)
    with pytest.raises(ValueError, match="points"):
        guns_vs_butter_sweep(20.0, 1.0, points=1)

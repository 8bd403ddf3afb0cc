"""Fearon (1995) bargaining, hawk bias and the commitment problem (MODELS.md 4 and 9.2)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from realpolitik.citations import BIBTEX
from realpolitik.theory import bargaining as bg
from realpolitik.theory.bargaining import (
    bargaining_range,
    commitment_problem,
    hawk_bias_war,
    risk_return,
)

probs = st.floats(0.0, 1.0)
costs = st.floats(0.0, 1.0)


def U_A(x: np.ndarray, p: float, c_A: float, c_lo: float, c_hi: float) -> np.ndarray:
    """A's expected utility of demanding x, written out from MODELS.md 4.2."""
    p_reject = np.clip((x - p - c_lo) / (c_hi - c_lo), 0.0, 1.0)
    return (1 - p_reject) * x + p_reject * (p - c_A)


def test_references_are_known_bibtex_keys():
    assert bg.REFERENCES == ("fearon1995", "powell2006")
    assert all(key in BIBTEX for key in bg.REFERENCES)


# --- 4.1 complete information, 9.2 hawk bias ---------------------------------------------------


def test_bargaining_range_runs_from_p_minus_c_A_to_p_plus_c_B():
    assert bargaining_range(0.5, 0.1, 0.2) == pytest.approx((0.4, 0.7))


@given(p=st.floats(0.3, 0.7), c_A=st.floats(0.0, 0.3), c_B=st.floats(0.0, 0.3))
def test_the_bargaining_range_is_as_wide_as_the_total_cost_of_war(p, c_A, c_B):
    lo, hi = bargaining_range(p, c_A, c_B)
    assert lo == pytest.approx(p - c_A, abs=1e-12)
    assert hi == pytest.approx(p + c_B, abs=1e-12)
    assert hi - lo == pytest.approx(c_A + c_B, abs=1e-12)


@given(p=probs, c_A=costs, c_B=costs)
def test_a_bargaining_range_always_exists_under_complete_information(p, c_A, c_B):
    res = bargaining_range(p, c_A, c_B)
    assert res is not None
    lo, hi = res
    assert 0.0 <= lo <= p <= hi <= 1.0
    assert not hawk_bias_war(c_A, c_B)


def test_the_range_is_clipped_to_the_pie():
    assert bargaining_range(0.95, 0.1, 0.2) == pytest.approx((0.85, 1.0))
    assert bargaining_range(0.05, 0.2, 0.1) == pytest.approx((0.0, 0.15))
    assert bargaining_range(0.9, 0.0, 0.0, h_A=0.3) is None
    assert bargaining_range(0.9, 0.1, 0.4, h_A=0.3) == pytest.approx((1.0, 1.0))


@given(
    p=probs,
    c_A=costs,
    c_B=costs,
    h_A=st.floats(0.0, 1.0),
    h_B=st.floats(0.0, 1.0),
)
def test_hawk_bias_narrows_the_bargaining_range(p, c_A, c_B, h_A, h_B):
    lo0, hi0 = bargaining_range(p, c_A, c_B)
    res = bargaining_range(p, c_A, c_B, h_A, h_B)
    if res is None:
        return
    lo, hi = res
    assert lo0 <= lo <= hi <= hi0
    if p - c_A + h_A > 0 and p + c_B - h_B < 1:  # no clipping
        assert hi - lo == pytest.approx(c_A + c_B - h_A - h_B, abs=1e-12)


@given(c_A=costs, c_B=costs, h_A=st.floats(0.0, 2.0), h_B=st.floats(0.0, 2.0), p=probs)
def test_war_under_complete_information_iff_hawk_bias_exceeds_the_costs_of_war(
    c_A, c_B, h_A, h_B, p
):
    war = hawk_bias_war(c_A, c_B, h_A, h_B)
    assume(abs((h_A + h_B) - (c_A + c_B)) > 1e-9)
    assert war == (h_A + h_B > c_A + c_B)
    assert (bargaining_range(p, c_A, c_B, h_A, h_B) is None) == war


@pytest.mark.parametrize(
    ("c_A", "c_B", "h_A", "h_B"),
    [(0.25, 0.25, 0.5, 0.0), (0.1, 0.2, 0.15, 0.15), (0.3, 0.0, 0.1, 0.2)],
)
def test_hawk_bias_equal_to_the_costs_of_war_leaves_a_single_peaceful_deal(c_A, c_B, h_A, h_B):
    # Decimal inputs: 0.1 + 0.2 and 0.3 are equal up to rounding, and a tie is peace.
    assert h_A + h_B == pytest.approx(c_A + c_B, rel=1e-15)
    assert not hawk_bias_war(c_A, c_B, h_A, h_B)
    lo, hi = bargaining_range(0.5, c_A, c_B, h_A, h_B)
    assert lo == hi == pytest.approx(0.5 - c_A + h_A)


def test_hawk_bias_war_has_no_bias_by_default():
    assert not hawk_bias_war(0.0, 0.0)
    assert hawk_bias_war(0.1, 0.1, 0.15, 0.1)


def test_hawk_bias_just_above_the_costs_of_war_means_war():
    assert hawk_bias_war(0.3, 0.0, 0.1, 0.2 + 1e-9)
    assert bargaining_range(0.5, 0.3, 0.0, 0.1, 0.2 + 1e-9) is None


# --- 4.2 risk-return trade-off ------------------------------------------------------------------


def test_fearon_classic_risk_return():
    res = risk_return(0.5, 0.1, 0.0, 0.3)
    assert res.x_star == pytest.approx(0.5 + (0.3 - 0.1) / 2)
    assert res.p_war == pytest.approx((0.3 - 0.1) / (2 * 0.3))
    assert res.eu_A == pytest.approx(float(U_A(np.array(res.x_star), 0.5, 0.1, 0.0, 0.3)))


@given(p=st.floats(0.0, 0.5), c_A=st.floats(0.0, 0.5), c_bar=st.floats(0.01, 0.5))
def test_fearon_closed_form_with_costs_uniform_from_zero(p, c_A, c_bar):
    res = risk_return(p, c_A, 0.0, c_bar)
    if c_A < c_bar:
        assert res.x_star == pytest.approx(p + (c_bar - c_A) / 2, abs=1e-12)
        assert res.p_war == pytest.approx((c_bar - c_A) / (2 * c_bar), abs=1e-12)
        assert res.p_war > 0
    else:
        assert res.x_star == p
        assert res.p_war == 0.0


@pytest.mark.parametrize(("c_A", "c_bar"), [(0.3, 0.3), (0.5, 0.3), (1.0, 0.01)])
def test_no_risk_of_war_when_the_proposer_fears_war_more_than_any_rival(c_A, c_bar):
    res = risk_return(0.4, c_A, 0.0, c_bar)
    assert res.p_war == 0.0
    assert res.x_star == 0.4
    assert res.eu_A == pytest.approx(0.4)


def test_risk_of_war_falls_in_the_proposers_cost():
    p_war = [risk_return(0.5, c_A, 0.0, 0.3).p_war for c_A in np.linspace(0.0, 0.29, 30)]
    assert np.all(np.diff(p_war) < 0)


def test_risk_of_war_rises_with_uncertainty_about_the_rivals_cost():
    p_war = [risk_return(0.5, 0.1, 0.0, c_bar).p_war for c_bar in np.linspace(0.11, 0.5, 30)]
    assert np.all(np.diff(p_war) > 0)


@pytest.mark.parametrize(
    ("p", "c_A", "c_lo", "c_hi"),
    [
        (0.5, 0.1, 0.0, 0.3),
        (0.3, 0.05, 0.1, 0.6),  # interior optimum with c_lo > 0
        (0.3, 0.5, 0.1, 0.6),  # z* = c_lo: demand exactly what the toughest rival accepts
        (0.9, 0.05, 0.0, 0.5),  # x* capped at the whole pie
        (0.2, 0.0, 0.0, 1.0),
    ],
)
def test_optimal_demand_maximises_the_proposers_expected_utility(p, c_A, c_lo, c_hi):
    res = risk_return(p, c_A, c_lo, c_hi)
    grid = np.linspace(0.0, 1.0, 100_001)
    u = U_A(grid, p, c_A, c_lo, c_hi)
    assert res.eu_A == pytest.approx(float(U_A(np.array(res.x_star), p, c_A, c_lo, c_hi)))
    assert u.max() <= res.eu_A + 1e-12
    assert grid[u.argmax()] == pytest.approx(res.x_star, abs=2e-5)
    assert res.p_war == pytest.approx(
        float(np.clip((res.x_star - p - c_lo) / (c_hi - c_lo), 0, 1)), abs=1e-12
    )


@given(p=probs, c_A=costs, c_lo=st.floats(0.0, 0.5), width=st.floats(0.01, 1.0))
def test_risk_return_outputs_are_a_share_and_a_probability(p, c_A, c_lo, width):
    res = risk_return(p, c_A, c_lo, c_lo + width)
    assert p <= res.x_star <= 1.0
    assert 0.0 <= res.p_war <= 1.0
    assert res.eu_A >= p - c_A - 1e-12  # never worse than fighting for sure


# --- 4.3 commitment problem -----------------------------------------------------------------


def test_classic_preventive_war_from_a_large_rapid_shift():
    res = commitment_problem(0.6, 0.3, 0.05, 0.9)
    W = (0.6 - 0.05) / 0.1
    W_next = (0.3 - 0.05) / 0.1
    assert res.war
    assert res.required_share == pytest.approx(W - 0.9 * W_next)
    assert res.critical_shift == pytest.approx(0.1 * (1 - 0.6 + 0.05) / 0.9)
    assert res.critical_delta == pytest.approx((1 - 0.6 + 0.05) / (0.3 + 1 - 0.6 + 0.05))


commitment_args = dict(
    p_t=st.floats(0.0, 1.0),
    frac=st.floats(0.0, 1.0),
    c_D=st.floats(0.0, 0.5),
    delta=st.floats(0.01, 0.99),
)


@given(**commitment_args)
def test_war_iff_the_required_share_exceeds_the_pie(p_t, frac, c_D, delta):
    p_next = p_t * frac
    res = commitment_problem(p_t, p_next, c_D, delta)
    W = (p_t - c_D) / (1 - delta)
    W_next = max(0.0, p_next - c_D) / (1 - delta)
    x_req = W - delta * W_next
    assert res.required_share == pytest.approx(x_req, rel=1e-9, abs=1e-12)
    assume(abs(x_req - 1) > 1e-9)
    assert res.war == (x_req > 1)


@given(**commitment_args)
def test_critical_shift_and_patience_agree_with_the_war_condition(p_t, frac, c_D, delta):
    p_next = p_t * frac
    assume(p_next >= c_D)
    res = commitment_problem(p_t, p_next, c_D, delta)
    shift = p_t - p_next
    K = 1 - p_t + c_D
    margin = delta * shift - (1 - delta) * K
    assume(abs(margin) > 1e-9)
    assert res.war == (margin > 0)
    assert res.critical_shift == pytest.approx((1 - delta) * K / delta, rel=1e-12)
    assert res.war == (shift > res.critical_shift)
    if shift > 0:
        assert res.critical_delta == pytest.approx(K / (shift + K), rel=1e-12)
        assert res.war == (delta > res.critical_delta)


def test_war_needs_patience_beyond_the_critical_delta():
    delta_star = commitment_problem(0.6, 0.3, 0.05, 0.5).critical_delta
    assert not commitment_problem(0.6, 0.3, 0.05, delta_star - 1e-6).war
    assert commitment_problem(0.6, 0.3, 0.05, delta_star + 1e-6).war


@pytest.mark.parametrize(
    ("p_t", "p_next", "c_D"), [(0.6, 0.3, 0.05), (0.7, 0.1, 0.1), (0.55, 0.2, 0.15)]
)
def test_at_exactly_the_critical_patience_the_declining_state_keeps_the_peace(p_t, p_next, c_D):
    delta_star = commitment_problem(p_t, p_next, c_D, 0.5).critical_delta
    assert not commitment_problem(p_t, p_next, c_D, delta_star).war
    assert commitment_problem(p_t, p_next, c_D, delta_star * (1 + 1e-9)).war
    shift_star = commitment_problem(p_t, p_next, c_D, 0.9).critical_shift
    assert not commitment_problem(p_t, p_t - shift_star, c_D, 0.9).war


def test_on_the_boundary_the_declining_state_keeps_the_peace():
    # delta = delta* = 0.5 and shift = Delta* = 0.5 exactly: x_req = 1.
    res = commitment_problem(0.75, 0.25, 0.25, 0.5)
    assert res.critical_delta == 0.5
    assert res.critical_shift == 0.5
    assert res.required_share == 1.0
    assert not res.war


@given(p_t=probs, c_D=st.floats(0.0, 0.5), delta=st.floats(0.01, 0.99))
def test_without_a_shift_in_power_there_is_never_war(p_t, c_D, delta):
    res = commitment_problem(p_t, p_t, c_D, delta)
    assert not res.war
    if p_t >= c_D:
        assert res.critical_delta is None
        assert res.critical_shift is not None


@given(**commitment_args, bigger=st.floats(0.0, 1.0), more=st.floats(0.0, 1.0))
def test_war_needs_a_large_shift_patient_actors_and_low_costs(p_t, frac, c_D, delta, bigger, more):
    p_next = p_t * frac
    assume(p_next >= c_D)
    if not commitment_problem(p_t, p_next, c_D, delta).war:
        return
    # A war stays a war with a larger shift, more patience or lower costs.
    assert commitment_problem(p_t, p_next - bigger * (p_next - c_D), c_D, delta).war
    assert commitment_problem(p_t, p_next, c_D, delta + more * (0.999 - delta)).war
    assert commitment_problem(p_t, p_next, c_D * (1 - more), delta).war


def test_critical_values_are_undefined_when_the_future_war_is_not_worth_fighting():
    res = commitment_problem(0.9, 0.01, 0.05, 0.9)
    assert res.critical_shift is None
    assert res.critical_delta is None
    assert res.future_war_value == 0.0
    assert res.war  # (0.9 - 0.05)/(1 - 0.9) = 8.5 > 1
    calm = commitment_problem(0.9, 0.01, 0.05, 0.1)
    assert calm.required_share == pytest.approx(0.85 / 0.9)
    assert not calm.war


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"p": 1.1, "c_A": 0.1, "c_B": 0.1}, "p"),
        ({"p": 0.5, "c_A": -0.1, "c_B": 0.1}, "c_A"),
        ({"p": 0.5, "c_A": 0.1, "c_B": float("inf")}, "c_B"),
        ({"p": 0.5, "c_A": 0.1, "c_B": 0.1, "h_A": -0.1}, "h_A"),
        ({"p": 0.5, "c_A": 0.1, "c_B": 0.1, "h_B": -1.0}, "h_B"),
    ],
)
def test_bargaining_range_rejects_bad_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        bargaining_range(**kwargs)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((-0.1, 0.1, 0.0, 0.3), "p"),
        ((0.5, -0.1, 0.0, 0.3), "c_A"),
        ((0.5, 0.1, -0.1, 0.3), "c_B_lo"),
        ((0.5, 0.1, 0.3, 0.3), "c_B_hi"),
        ((0.5, 0.1, 0.3, 0.2), "c_B_hi"),
    ],
)
def test_risk_return_rejects_bad_arguments(args, name):
    with pytest.raises(ValueError, match=name):
        risk_return(*args)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((1.2, 0.3, 0.05, 0.9), "p_t"),
        ((0.6, 0.7, 0.05, 0.9), "p_next"),
        ((0.6, -0.1, 0.05, 0.9), "p_next"),
        ((0.6, 0.3, -0.05, 0.9), "c_D"),
        ((0.6, 0.3, 0.05, 1.0), "delta"),
        ((0.6, 0.3, 0.05, 0.0), "delta"),
    ],
)
def test_commitment_problem_rejects_bad_arguments(args, name):
    with pytest.raises(ValueError, match=name):
        commitment_problem(*args)


# --- the risk-return curve and the uncertainty sweep -------------------------------------------


def test_demand_utility_is_the_function_risk_return_maximises():
    p, c_A, lo, hi = 0.5, 0.1, 0.0, 0.3
    rr = risk_return(p, c_A, lo, hi)
    assert bg.demand_utility(rr.x_star, p, c_A, lo, hi) == rr.eu_A
    xs = np.linspace(0.0, 1.0, 2001)
    eu = bg.demand_utility(xs, p, c_A, lo, hi)
    assert eu.shape == xs.shape and eu.max() <= rr.eu_A + 1e-12
    reject = np.clip((xs - p - lo) / (hi - lo), 0, 1)
    assert np.allclose(eu, (1 - reject) * xs + reject * (p - c_A))
    with pytest.raises(ValueError, match="x"):
        bg.demand_utility(1.5, p, c_A, lo, hi)
    with pytest.raises(ValueError, match="x has values above 1"):
        bg.demand_utility([0.2, 1.2], p, c_A, lo, hi)
    with pytest.raises(ValueError, match="c_B_hi"):
        bg.demand_utility(0.5, p, c_A, 0.2, 0.1)


def test_more_uncertainty_about_costs_means_more_war():
    sweep = bg.uncertainty_sweep(0.5, 0.1, 0.0, 0.3)
    assert sweep.c_B_hi[0] == pytest.approx(0.006) and sweep.c_B_hi[-1] == pytest.approx(0.6)
    assert np.all(np.diff(sweep.p_war) >= 0) and sweep.p_war[-1] > 0.4
    assert sweep.p_war[0] == 0.0  # c_A >= c_B_hi: A demands the safe share
    expected = risk_return(0.5, 0.1, 0.0, float(sweep.c_B_hi[30]))
    assert (sweep.x_star[30], sweep.p_war[30]) == (expected.x_star, expected.p_war)
    with pytest.raises(ValueError, match="points"):
        bg.uncertainty_sweep(0.5, 0.1, 0.0, 0.3, points=1)
    with pytest.raises(ValueError, match="c_A"):
        bg.uncertainty_sweep(0.5, -0.1, 0.0, 0.3)

"""Tests for realpolitik.theory.deterrence (MODELS.md section 5)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.citations import BIBTEX
from realpolitik.theory.deterrence import (
    REFERENCES,
    Force,
    assured_destruction_threshold,
    crisis,
    damage,
    first_strike,
    sspk,
    strike_wait,
    war_of_nerves,
    war_of_nerves_uncertain,
)

# MODELS.md section 11, deterrence row.
K_CLASSIC = 1.0 - 0.5 ** ((0.1 / 0.1) ** 2)
SIGMA = 1000.0
LAM = 0.5
D_STAR = 0.5

FAST = settings(max_examples=60, deadline=None)


def D(S: float, sigma: float = SIGMA) -> float:
    return 1.0 - math.exp(-S / sigma)


def explicit_surviving_silos(used: int, silos: int, k: float) -> float:
    """Deal the warheads one by one, round robin, and sum each silo's survival probability."""
    counts = [0] * silos
    for w in range(used):
        counts[w % silos] += 1
    return sum((1.0 - k) ** c for c in counts)


def q_star_from_damages(D_F: float, D_S: float, lam: float = LAM) -> float:
    D_M = D_F + lam * (D_S - D_F)
    return min(1.0, D_F / (D_F + D_S - D_M)) if D_S > D_F else 1.0


def test_references_are_known_bibtex_keys():
    assert set(REFERENCES) == {"schelling1960", "schelling1966", "powell1990", "kent1989"}
    assert all(key in BIBTEX for key in REFERENCES)


# ------------------------------------------------------------------ 5.1 SSPK and damage


@FAST
@given(
    cep=st.floats(0.01, 10.0),
    lethal_radius=st.floats(0.0, 10.0),
)
def test_sspk_is_one_minus_half_to_the_squared_lethal_radius_over_cep(cep, lethal_radius):
    expected = 1.0 - 0.5 ** ((lethal_radius / cep) ** 2)
    assert sspk(cep, lethal_radius) == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert 0.0 <= sspk(cep, lethal_radius) <= 1.0


def test_sspk_is_one_half_when_lethal_radius_equals_cep_and_rises_with_accuracy():
    assert sspk(0.1, 0.1) == pytest.approx(0.5, rel=1e-15)
    assert sspk(1.0, 0.0) == 0.0
    assert sspk(0.05, 0.1) > sspk(0.1, 0.1) > sspk(0.2, 0.1)
    assert sspk(0.05, 0.1) == pytest.approx(1.0 - 0.5**4)


def test_countervalue_damage_is_one_minus_exp_and_works_on_arrays():
    assert damage(0.0, SIGMA) == 0.0
    assert damage(500.0, SIGMA) == pytest.approx(D(500.0), rel=1e-14)
    assert isinstance(damage(500.0, SIGMA), float)
    S = np.array([0.0, 100.0, 1000.0, 5000.0])
    out = damage(S, SIGMA)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, 1.0 - np.exp(-S / SIGMA), rtol=1e-14)
    assert np.all(np.diff(out) > 0)


def test_assured_destruction_threshold_inflicts_exactly_the_unacceptable_damage():
    S_star = assured_destruction_threshold(SIGMA, D_STAR)
    assert S_star == pytest.approx(-SIGMA * math.log(1.0 - D_STAR), rel=1e-14)
    assert damage(S_star, SIGMA) == pytest.approx(D_STAR, rel=1e-14)


# ------------------------------------------------------------------ 5.1 first strike


def test_force_counts_silo_and_sea_based_warheads():
    f = Force(silos=100, mirv=10, ssbn=250, k=0.5)
    assert f.icbm_warheads == 1000
    assert f.warheads == 1250
    with pytest.raises(AttributeError):
        f.silos = 3  # frozen


@pytest.mark.parametrize("r", [1, 2, 3, 4, 5, 9])
def test_first_strike_spreads_warheads_as_evenly_as_possible(r):
    attacker = Force(silos=7, mirv=3, ssbn=4, k=0.6)
    defender = Force(silos=5, mirv=2, ssbn=10, k=0.3)
    out = first_strike(attacker, defender, r)
    used = min(r * 5, 21)
    assert out.used == used
    assert (out.base, out.extra) == (used // 5, used % 5)
    surviving = explicit_surviving_silos(used, 5, 0.6)
    assert out.surviving_silos == pytest.approx(surviving, rel=1e-12)
    assert out.retaliation == pytest.approx(surviving * 2 + 10, rel=1e-12)
    assert out.attacker_remaining == pytest.approx(7 * 3 + 4 - used)
    assert out.exchange_ratio == pytest.approx((5 - surviving) * 2 / used, rel=1e-12)


@FAST
@given(
    silos_i=st.integers(0, 40),
    mirv_i=st.integers(1, 6),
    ssbn_i=st.integers(0, 50),
    k_i=st.floats(0.0, 1.0),
    silos_j=st.integers(0, 40),
    mirv_j=st.integers(1, 6),
    ssbn_j=st.integers(0, 50),
    r=st.integers(0, 4),
)
def test_first_strike_matches_an_explicit_round_robin_allocation(
    silos_i, mirv_i, ssbn_i, k_i, silos_j, mirv_j, ssbn_j, r
):
    attacker = Force(silos_i, mirv_i, ssbn_i, k_i)
    defender = Force(silos_j, mirv_j, ssbn_j, 0.5)
    out = first_strike(attacker, defender, r)
    used = min(r * silos_j, silos_i * mirv_i)
    assert out.used == used
    surviving = explicit_surviving_silos(used, silos_j, k_i) if silos_j else 0.0
    assert out.surviving_silos == pytest.approx(surviving, rel=1e-9, abs=1e-12)
    assert out.retaliation == pytest.approx(surviving * mirv_j + ssbn_j, rel=1e-9, abs=1e-12)
    assert out.attacker_remaining == silos_i * mirv_i + ssbn_i - used
    if used == 0:
        assert out.exchange_ratio is None
    else:
        expected = (silos_j - surviving) * mirv_j / used
        assert out.exchange_ratio == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_first_strike_on_a_defender_with_no_silos_uses_no_warheads():
    attacker = Force(100, 10, 0, 0.5)
    defender = Force(0, 1, 600, 0.5)
    out = first_strike(attacker, defender, 2)
    assert out.used == 0
    assert out.exchange_ratio is None
    assert out.surviving_silos == 0.0
    assert out.retaliation == 600.0
    assert out.attacker_remaining == 1000.0


def test_first_strike_by_an_attacker_without_icbms_destroys_nothing():
    out = first_strike(Force(0, 1, 300, 0.9), Force(50, 3, 0, 0.5), 1)
    assert out.used == 0
    assert out.exchange_ratio is None
    assert out.surviving_silos == 50.0
    assert out.retaliation == 150.0


def test_mirved_first_strike_destroys_more_warheads_than_it_spends():
    k = K_CLASSIC
    mirved = first_strike(Force(100, 10, 0, k), Force(100, 10, 0, k), 1)
    single = first_strike(Force(1000, 1, 0, k), Force(1000, 1, 0, k), 1)
    # Each silo gets one warhead: survivors (1 - k) * silos; ratio = k * mirv_j.
    assert mirved.exchange_ratio == pytest.approx(k * 10)
    assert single.exchange_ratio == pytest.approx(k * 1)
    assert mirved.exchange_ratio > 1.0 > single.exchange_ratio


# ---------------------------------------------------------- 5.2 classic inputs (MODELS.md 11)


def classic_crisis(force: Force):
    return crisis(force, force, r=1, sigma=SIGMA, lam=LAM, D_star=D_STAR)


def test_classic_k_is_the_sspk_of_cep_equal_to_lethal_radius():
    assert sspk(cep=0.1, lethal_radius=0.1) == pytest.approx(K_CLASSIC)


def test_classic_a_single_warhead_silos_are_stable_without_mad():
    k = sspk(0.1, 0.1)
    out = classic_crisis(Force(silos=1000, mirv=1, ssbn=0, k=k))
    # Independent numbers: 1000 warheads on 1000 silos leave 1000 (1 - k) silos.
    surviving = 1000 * (1 - K_CLASSIC)
    D_F = D(surviving * 1)
    D_S = D(1000 - 1000)  # the striker's reserve is empty
    assert pytest.approx((D_F, D_F)) == out.D_F
    assert pytest.approx((D_S, D_S)) == out.D_S
    assert out.q_star == (1.0, 1.0)
    assert out.stable is True
    assert surviving < -SIGMA * math.log(1 - D_STAR)
    assert out.mad is False
    assert out.exchange_ratio == pytest.approx((K_CLASSIC, K_CLASSIC))


def test_classic_b_mirved_silos_have_exchange_ratio_5_and_q_star_080_unstable():
    k = sspk(0.1, 0.1)
    out = classic_crisis(Force(silos=100, mirv=10, ssbn=0, k=k))
    surviving = 100 * (1 - K_CLASSIC)  # r = 1: 100 warheads, one per silo
    D_F = D(surviving * 10)
    D_S = D(1000 - 100)
    q = q_star_from_damages(D_F, D_S)
    assert out.exchange_ratio == pytest.approx((5.0, 5.0))
    assert out.q_star == pytest.approx((q, q), rel=1e-12)
    assert out.q_star[0] == pytest.approx(0.80, abs=0.005)
    assert out.fsi == pytest.approx((D_S - D_F, D_S - D_F))
    assert pytest.approx((D_F + LAM * (D_S - D_F),) * 2) == out.D_M
    assert out.stable is False
    assert out.mad is False


def test_classic_c_silos_plus_ssbn_are_stable_with_mad():
    k = sspk(0.1, 0.1)
    out = classic_crisis(Force(silos=500, mirv=1, ssbn=500, k=k))
    retaliation = 500 * (1 - K_CLASSIC) + 500
    S_star = -SIGMA * math.log(1 - D_STAR)
    assert out.S_star == pytest.approx(S_star)
    assert retaliation >= S_star
    assert out.assured_destruction == (True, True)
    assert out.mad is True
    assert out.q_star == (1.0, 1.0)
    assert out.stable is True


# ------------------------------------------------------------------ 5.2 qualitative results


def test_survivable_forces_push_first_strike_incentive_to_zero_and_q_star_to_one():
    k = K_CLASSIC
    fsi, q = [], []
    for ssbn in [0, 500, 1000, 2000, 4000, 8000]:
        out = classic_crisis(Force(100, 10, ssbn, k))
        fsi.append(out.fsi[0])
        q.append(out.q_star[0])
    assert all(a > b for a, b in itertools.pairwise(fsi))
    assert all(a < b for a, b in itertools.pairwise(q))
    assert fsi[-1] < 1e-3
    assert q[-1] > 0.999
    assert classic_crisis(Force(100, 10, 8000, k)).stable is True


def test_an_all_sea_based_force_has_no_first_strike_incentive():
    out = classic_crisis(Force(silos=0, mirv=1, ssbn=1000, k=K_CLASSIC))
    assert pytest.approx(out.D_S) == out.D_F
    assert out.fsi == (0.0, 0.0)
    assert out.q_star == (1.0, 1.0)
    assert out.stable and out.mad
    assert out.exchange_ratio == (None, None)


def test_mirved_silo_only_forces_with_exchange_ratio_above_one_give_low_q_star():
    for mirv in [3, 5, 10]:
        out = classic_crisis(Force(silos=1000 // mirv, mirv=mirv, ssbn=0, k=K_CLASSIC))
        assert out.exchange_ratio[0] > 1.0
        assert out.fsi[0] > 0.0
        assert out.q_star[0] < 0.9
        assert out.stable is False


def test_de_mirving_lowers_the_exchange_ratio_below_one_and_restores_stability():
    mirved = classic_crisis(Force(silos=100, mirv=10, ssbn=0, k=K_CLASSIC))
    de_mirved = classic_crisis(Force(silos=1000, mirv=1, ssbn=0, k=K_CLASSIC))
    assert mirved.exchange_ratio[0] > 1.0 > de_mirved.exchange_ratio[0]
    assert mirved.q_star[0] < de_mirved.q_star[0] == 1.0
    assert not mirved.stable and de_mirved.stable


def test_crisis_pairs_are_ordered_a_then_b_for_asymmetric_forces():
    A = Force(silos=100, mirv=10, ssbn=0, k=0.7)
    B = Force(silos=300, mirv=1, ssbn=400, k=0.4)
    out = crisis(A, B, r=2, sigma=800.0, lam=0.3, D_star=0.6, q_bar=0.85)
    a_first, b_first = first_strike(A, B, 2), first_strike(B, A, 2)
    D_F = (D(a_first.retaliation, 800.0), D(b_first.retaliation, 800.0))
    D_S = (D(b_first.attacker_remaining, 800.0), D(a_first.attacker_remaining, 800.0))
    assert pytest.approx(D_F) == out.D_F
    assert pytest.approx(D_S) == out.D_S
    assert pytest.approx(tuple(f + 0.3 * (s - f) for f, s in zip(D_F, D_S, strict=True))) == out.D_M
    q = tuple(q_star_from_damages(f, s, 0.3) for f, s in zip(D_F, D_S, strict=True))
    assert out.q_star == pytest.approx(q)
    assert out.stable is (min(q) >= 0.85)
    S_star = -800.0 * math.log(1 - 0.6)
    assert out.assured_destruction == (
        b_first.retaliation >= S_star,
        a_first.retaliation >= S_star,
    )
    assert out.mad is all(out.assured_destruction)
    assert out.exchange_ratio == (a_first.exchange_ratio, b_first.exchange_ratio)


def test_mad_needs_both_sides_to_keep_assured_destruction():
    strong = Force(silos=0, mirv=1, ssbn=2000, k=0.5)
    weak = Force(silos=0, mirv=1, ssbn=100, k=0.5)
    out = crisis(strong, weak, r=1, sigma=SIGMA)
    assert out.assured_destruction == (True, False)
    assert out.mad is False


def test_crisis_stability_is_min_q_star_at_least_q_bar_with_the_boundary_stable():
    force = Force(silos=100, mirv=10, ssbn=0, k=K_CLASSIC)
    q = classic_crisis(force).q_star[0]
    assert crisis(force, force, 1, SIGMA, q_bar=q).stable is True
    assert crisis(force, force, 1, SIGMA, q_bar=min(1.0, q + 1e-9)).stable is False
    assert crisis(force, force, 1, SIGMA, q_bar=0.0).stable is True


# ------------------------------------------------------------------ 5.2 abstract strike/wait


def test_strike_wait_has_three_equilibria_when_simultaneous_strikes_beat_being_struck():
    out = strike_wait(D_F=0.4, D_S=0.6, D_M=0.5)
    assert out.strike_is_best_reply_to_strike is True
    assert out.equilibria == ("(W,W)", "(S,S)", "mixed")
    assert out.q_star == pytest.approx(0.4 / (0.4 + 0.6 - 0.5))
    assert out.fsi == pytest.approx(0.2)


def test_wait_is_dominant_when_being_struck_first_is_no_worse():
    out = strike_wait(D_F=0.6, D_S=0.4, D_M=0.5)
    assert out.strike_is_best_reply_to_strike is False
    assert out.equilibria == ("(W,W)",)
    assert out.q_star == 1.0
    assert strike_wait(0.0, 0.0, 0.0).q_star == 1.0
    assert strike_wait(0.5, 0.5, 0.5).equilibria == ("(W,W)",)


@FAST
@given(
    D_F=st.floats(0.0, 1.0),
    D_S=st.floats(0.0, 1.0),
    lam=st.floats(0.0, 0.999),
)
def test_strike_wait_q_star_formula_cap_and_indifference(D_F, D_S, lam):
    D_M = D_F + lam * (D_S - D_F)
    out = strike_wait(D_F, D_S, D_M)
    assert 0.0 <= out.q_star <= 1.0
    if D_M < D_S:
        assert out.equilibria == ("(W,W)", "(S,S)", "mixed")
        q = out.q_star
        assert q == pytest.approx(min(1.0, D_F / (D_F + D_S - D_M)))
        # At q* the side is indifferent: -(q D_M + (1 - q) D_F) = -q D_S.
        assert q * D_M + (1 - q) * D_F == pytest.approx(q * D_S, abs=1e-12)
        assert D_S > D_F  # the lambda construction's equivalent condition
    else:
        assert out.equilibria == ("(W,W)",)
        assert out.q_star == 1.0
        assert D_S <= D_F or D_M >= D_S


def test_strike_wait_is_a_stag_hunt_only_with_a_first_strike_advantage():
    # (W,W) is always an equilibrium; (S,S) appears exactly with a first-strike advantage.
    for D_F, D_S in [(0.2, 0.9), (0.9, 0.2), (0.5, 0.5)]:
        D_M = D_F + LAM * (D_S - D_F)
        out = strike_wait(D_F, D_S, D_M)
        assert out.equilibria[0] == "(W,W)"
        assert ("(S,S)" in out.equilibria) is (D_S > D_F)


# ------------------------------------------------------------------ 5.3 competition in risk


def test_complete_information_war_of_nerves_goes_to_the_more_resolute_side():
    out = war_of_nerves(v_A=3.0, c_A=1.0, v_B=1.0, c_B=1.0)
    assert out.rho_A == pytest.approx(3.0 / 4.0)
    assert out.rho_B == pytest.approx(0.5)
    assert out.winner == "A"
    assert out.min_risk_to_coerce == pytest.approx(0.5)
    out = war_of_nerves(v_A=1.0, c_A=9.0, v_B=2.0, c_B=3.0)
    assert out.winner == "B"
    assert out.min_risk_to_coerce == pytest.approx(0.1)


def test_equal_resolve_is_a_tie():
    assert war_of_nerves(1.0, 2.0, 2.0, 4.0).winner == "tie"
    assert war_of_nerves(0.1, 0.2, 1.0, 2.0).winner == "tie"  # float noise is still a tie
    assert war_of_nerves(0.0, 1.0, 0.0, 5.0).winner == "tie"


@FAST
@given(
    v_A=st.floats(0.0, 100.0),
    c_A=st.floats(0.01, 100.0),
    v_B=st.floats(0.0, 100.0),
    c_B=st.floats(0.01, 100.0),
)
def test_resolve_is_a_probability_and_the_winner_has_the_higher_resolve(v_A, c_A, v_B, c_B):
    out = war_of_nerves(v_A, c_A, v_B, c_B)
    rho_A, rho_B = v_A / (v_A + c_A), v_B / (v_B + c_B)
    assert 0.0 <= out.rho_A <= 1.0 and 0.0 <= out.rho_B <= 1.0
    assert out.rho_A == pytest.approx(rho_A) and out.rho_B == pytest.approx(rho_B)
    assert out.min_risk_to_coerce == min(out.rho_A, out.rho_B)
    if out.winner == "A":
        assert out.rho_A > out.rho_B
    elif out.winner == "B":
        assert out.rho_B > out.rho_A
    else:
        assert out.rho_A == pytest.approx(out.rho_B, rel=1e-12)


@FAST
@given(rho_A=st.floats(0.0, 1.0))
def test_uncertain_resolve_closed_forms_sum_to_one(rho_A):
    out = war_of_nerves_uncertain(rho_A)
    assert out.p_war == pytest.approx(rho_A - rho_A**2 / 2)
    assert out.p_A_prevails == pytest.approx(rho_A - rho_A**2 / 2)
    assert out.p_B_prevails == pytest.approx((1 - rho_A) ** 2)
    assert out.p_war + out.p_A_prevails + out.p_B_prevails == pytest.approx(1.0)
    for p in (out.p_war, out.p_A_prevails, out.p_B_prevails):
        assert 0.0 <= p <= 1.0


@pytest.mark.parametrize("rho_A", [0.2, 0.5, 0.9])
def test_uncertainty_about_resolve_gives_a_positive_war_probability_monte_carlo(rho_A):
    n = 400_000
    rng = np.random.default_rng(20240531)
    rho_B = rng.uniform(0.0, 1.0, n)
    u = rng.uniform(0.0, 1.0, n)  # war-trigger risk level
    war = u < np.minimum(rho_A, rho_B)
    a_prevails = (rho_B < rho_A) & ~war
    b_prevails = (rho_B >= rho_A) & ~war
    out = war_of_nerves_uncertain(rho_A)
    for sample, p in [
        (war, out.p_war),
        (a_prevails, out.p_A_prevails),
        (b_prevails, out.p_B_prevails),
    ]:
        tol = 5.0 * math.sqrt(p * (1 - p) / n)  # 5 standard errors
        assert abs(sample.mean() - p) < tol
    assert out.p_war > 0.0


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"silos": -1, "mirv": 1, "ssbn": 0, "k": 0.5}, "silos"),
        ({"silos": 1.5, "mirv": 1, "ssbn": 0, "k": 0.5}, "silos"),
        ({"silos": 10, "mirv": 0, "ssbn": 0, "k": 0.5}, "mirv"),
        ({"silos": 10, "mirv": 1, "ssbn": -5, "k": 0.5}, "ssbn"),
        ({"silos": 10, "mirv": 1, "ssbn": 0, "k": 1.5}, "k"),
        ({"silos": 10, "mirv": 1, "ssbn": 0, "k": math.nan}, "k"),
    ],
)
def test_force_rejects_out_of_range_arguments(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        Force(**kwargs)


def test_functions_reject_out_of_range_arguments():
    f = Force(10, 1, 0, 0.5)
    cases = [
        (lambda: sspk(0.0, 1.0), "cep"),
        (lambda: sspk(1.0, -1.0), "lethal_radius"),
        (lambda: damage(-1.0, 10.0), "S"),
        (lambda: damage([1.0, -1.0], 10.0), "S"),
        (lambda: damage(1.0, 0.0), "sigma"),
        (lambda: assured_destruction_threshold(10.0, 1.0), "D_star"),
        (lambda: first_strike(f, f, -1), "r"),
        (lambda: first_strike("f", f, 1), "attacker"),
        (lambda: first_strike(f, None, 1), "defender"),
        (lambda: crisis(1, f, 1, 10.0), "A"),
        (lambda: crisis(f, 1, 1, 10.0), "B"),
        (lambda: crisis(f, f, 1.5, 10.0), "r"),
        (lambda: crisis(f, f, 1, 0.0), "sigma"),
        (lambda: crisis(f, f, 1, 10.0, lam=1.0), "lam"),
        (lambda: crisis(f, f, 1, 10.0, D_star=0.0), "D_star"),
        (lambda: crisis(f, f, 1, 10.0, q_bar=1.1), "q_bar"),
        (lambda: strike_wait(-0.1, 0.5, 0.5), "D_F"),
        (lambda: strike_wait(0.1, math.inf, 0.5), "D_S"),
        (lambda: strike_wait(0.1, 0.5, -1.0), "D_M"),
        (lambda: war_of_nerves(-1.0, 1.0, 1.0, 1.0), "v_A"),
        (lambda: war_of_nerves(1.0, 0.0, 1.0, 1.0), "c_A"),
        (lambda: war_of_nerves(1.0, 1.0, -1.0, 1.0), "v_B"),
        (lambda: war_of_nerves(1.0, 1.0, 1.0, -2.0), "c_B"),
        (lambda: war_of_nerves_uncertain(1.5), "rho_A"),
    ]
    for call, name in cases:
        with pytest.raises(ValueError, match=rf"^{name}\b"):
            call()


# --- the classic postures and the q* sweeps ----------------------------------------------------


def test_classic_postures_single_silos_stable_mirved_unstable_survivable_mad():
    from realpolitik.theory.deterrence import POSTURES, posture_crisis

    verdicts = {}
    for label, silos, mirv, ssbn in POSTURES:
        c = posture_crisis(silos, mirv, ssbn, K_CLASSIC, 1, SIGMA)
        side = Force(silos, mirv, ssbn, K_CLASSIC)
        assert c == crisis(side, side, 1, SIGMA)
        verdicts[label[:3]] = (c.stable, c.mad, round(c.q_star[0], 2))
    assert verdicts == {
        "(a)": (True, False, 1.0),
        "(b)": (False, False, 0.8),
        "(c)": (True, True, 1.0),
    }


def test_mirving_erodes_and_sea_based_warheads_restore_crisis_stability():
    from realpolitik.theory.deterrence import posture_crisis, q_star_sweeps

    s = q_star_sweeps(K_CLASSIC, 1, SIGMA)
    assert list(s.mirv) == [1, 2, 4, 5, 8, 10, 20]
    assert np.all(np.diff(s.q_star_mirv) <= 0) and s.q_star_mirv[0] == 1.0
    assert s.q_star_mirv[-1] < 0.8
    assert np.all(np.diff(s.q_star_sea) > 0) and s.q_star_sea[-1] == 1.0
    assert s.q_star_sea[0] == s.q_star_mirv[5]  # share 0: 100 silos x 10 MIRVs
    half = posture_crisis(50, 10, 500.0, K_CLASSIC, 1, SIGMA).q_star[0]
    assert s.sea_share[5] == 0.5 and s.q_star_sea[5] == half
    with pytest.raises(ValueError, match="sigma"):
        q_star_sweeps(K_CLASSIC, 1, 0.0)

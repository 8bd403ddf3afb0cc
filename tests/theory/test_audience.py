"""Fearon (1994) audience costs as a one-shot signalling game, and hawk bias (MODELS.md 9)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from realpolitik.citations import BIBTEX
from realpolitik.theory import audience as au
from realpolitik.theory import bargaining
from realpolitik.theory.audience import audience_costs

# MODELS.md 11: v = 1, w_B = -1.25, w_A ~ U[-3, 1], a from 0 to 2.
CLASSIC = dict(v=1.0, w_B=-1.25, w_A_lo=-3.0, w_A_hi=1.0)
AUDIENCE_COSTS = np.linspace(0.0, 2.0, 41)


def p_at_least(x: float, lo: float, hi: float) -> float:
    return float(np.clip((hi - x) / (hi - lo), 0.0, 1.0))


def test_references_are_known_bibtex_keys():
    assert au.REFERENCES == ("fearon1994", "schultz1999", "bdm2003")
    assert all(key in BIBTEX for key in au.REFERENCES)


def test_hawk_bias_war_is_the_bargaining_models():
    assert au.hawk_bias_war is bargaining.hawk_bias_war
    assert au.hawk_bias_war(0.1, 0.1, 0.3, 0.0)
    assert not au.hawk_bias_war(0.1, 0.1, 0.1, 0.1)


@pytest.mark.parametrize("a", AUDIENCE_COSTS)
def test_classic_crisis_is_semi_separating_with_indifferent_bluffers_and_target(a):
    res = audience_costs(a=a, **CLASSIC)
    v, w_B = CLASSIC["v"], CLASSIC["w_B"]
    p_R = p_at_least(-a, CLASSIC["w_A_lo"], CLASSIC["w_A_hi"])
    q_bar = v / (-w_B)
    beta = p_R * (1 - q_bar) / (q_bar * (1 - p_R))
    r = v / (v + a)
    assert res.regime == "semi_separating"
    assert res.p_resolved == pytest.approx(p_R)
    assert res.q_bar == pytest.approx(q_bar)
    assert res.bluff_prob == pytest.approx(beta)
    assert res.r_resist == pytest.approx(r)
    assert res.p_challenge == pytest.approx(p_R + beta * (1 - p_R))
    assert res.p_war == pytest.approx(r * p_R)
    assert res.p_backs_down == pytest.approx(r * beta * (1 - p_R))
    assert res.p_concedes == pytest.approx((1 - r) * res.p_challenge)
    # Equilibrium conditions: B is indifferent (P(fight | challenge) = q_bar), and so is a
    # bluffer ((1 - r) v - r a = 0).
    assert res.p_resolved / res.p_challenge == pytest.approx(q_bar)
    assert (1 - res.r_resist) * v - res.r_resist * a == pytest.approx(0.0, abs=1e-12)


def test_without_audience_costs_target_always_resists_in_the_semi_separating_range():
    res = audience_costs(a=0.0, **CLASSIC)
    assert res.regime == "semi_separating"
    assert res.r_resist == 1.0
    assert res.p_concedes == 0.0


def test_higher_audience_costs_make_threats_more_credible():
    results = [audience_costs(a=a, **CLASSIC) for a in AUDIENCE_COSTS]
    r = np.array([res.r_resist for res in results])
    p_R = np.array([res.p_resolved for res in results])
    conceded = np.array([res.p_concedes for res in results])
    assert np.all(np.diff(r) < 0)  # fewer bluffs are called
    assert np.all(np.diff(p_R) > 0)  # more of A's types are resolved
    assert np.all(np.diff(conceded) > 0)  # B backs down more often


@given(a1=st.floats(0.0, 2.0), a2=st.floats(0.0, 2.0))
def test_resistance_falls_and_resolve_rises_in_audience_costs(a1, a2):
    assume(abs(a1 - a2) > 1e-9)
    lo, hi = sorted((a1, a2))
    res_lo = audience_costs(a=lo, **CLASSIC)
    res_hi = audience_costs(a=hi, **CLASSIC)
    assert res_lo.regime == res_hi.regime == "semi_separating"
    assert res_hi.r_resist < res_lo.r_resist
    assert res_hi.p_resolved > res_lo.p_resolved


def test_enough_resolved_types_make_the_target_concede_to_everyone():
    res = audience_costs(a=2.5, **CLASSIC)  # P_R = 3.5/4 = 0.875 > q_bar = 0.8
    assert res.p_resolved > res.q_bar
    assert res.regime == "pooling_B_concedes"
    assert (res.bluff_prob, res.r_resist) == (1.0, 0.0)
    assert (res.p_challenge, res.p_concedes) == (1.0, 1.0)
    assert (res.p_war, res.p_backs_down) == (0.0, 0.0)
    # B prefers conceding: -v beats the expected war P_R * w_B.
    assert -CLASSIC["v"] > res.p_resolved * CLASSIC["w_B"]


def test_a_target_that_prefers_war_to_conceding_always_resists():
    res = audience_costs(v=1.0, a=1.0, w_B=-0.8, w_A_lo=-3.0, w_A_hi=1.0)
    assert res.q_bar == pytest.approx(1.25)
    assert res.regime == "B_always_resists"
    assert res.r_resist == 1.0
    assert res.bluff_prob == 0.0
    # Only types with w_A >= max(0, -a) = 0 challenge, and they fight.
    assert res.p_challenge == pytest.approx(p_at_least(0.0, -3.0, 1.0))
    assert res.p_war == pytest.approx(res.p_challenge)
    assert (res.p_backs_down, res.p_concedes) == (0.0, 0.0)
    assert res.p_resolved == pytest.approx(p_at_least(-1.0, -3.0, 1.0))


def test_target_resists_when_conceding_costs_exactly_as_much_as_war():
    res = audience_costs(v=1.0, a=0.5, w_B=-1.0, w_A_lo=-3.0, w_A_hi=1.0)
    assert res.q_bar == 1.0
    assert res.regime == "B_always_resists"


@pytest.mark.parametrize(("w_B", "a"), [(-2.0, 1.0), (-1.25, 2.2), (-1.0 / 0.3, 0.2)])
def test_resolved_share_equal_to_q_bar_is_still_semi_separating(w_B, a):
    # P_R = (1 + a)/4 equals q_bar = 1/(-w_B) (exactly, or up to decimal rounding).
    res = audience_costs(v=1.0, a=a, w_B=w_B, w_A_lo=-3.0, w_A_hi=1.0)
    assert res.p_resolved == pytest.approx(res.q_bar, rel=1e-12)
    assert res.regime == "semi_separating"
    assert res.bluff_prob == pytest.approx(1.0)
    assert res.p_challenge == pytest.approx(1.0)


def test_no_resolved_types_means_no_challenge():
    res = audience_costs(v=1.0, a=0.5, w_B=-2.0, w_A_lo=-3.0, w_A_hi=-1.0)
    assert res.regime == "semi_separating"
    assert res.p_resolved == 0.0
    assert res.bluff_prob == 0.0
    assert res.p_challenge == res.p_war == res.p_backs_down == res.p_concedes == 0.0


@given(
    v=st.floats(0.01, 5.0),
    a=st.floats(0.0, 5.0),
    w_B=st.floats(-10.0, -0.01),
    w_A_lo=st.floats(-10.0, 10.0),
    width=st.floats(0.01, 10.0),
)
def test_outcome_probabilities_are_consistent_in_every_regime(v, a, w_B, w_A_lo, width):
    res = audience_costs(v, a, w_B, w_A_lo, w_A_lo + width)
    probs = [
        res.p_resolved,
        res.r_resist,
        res.bluff_prob,
        res.p_challenge,
        res.p_war,
        res.p_backs_down,
        res.p_concedes,
    ]
    assert all(0.0 <= x <= 1.0 for x in probs)
    total = res.p_war + res.p_backs_down + res.p_concedes
    assert res.p_challenge == pytest.approx(total, abs=1e-12)
    assert res.q_bar == pytest.approx(v / -w_B)
    p_R = p_at_least(-a, w_A_lo, w_A_lo + width)
    assert res.p_resolved == pytest.approx(p_R, abs=1e-12)
    assume(abs(p_R - res.q_bar) > 1e-9 and abs(res.q_bar - 1) > 1e-9)
    if p_R > res.q_bar:
        assert res.regime == "pooling_B_concedes"
    elif res.q_bar >= 1:
        assert res.regime == "B_always_resists"
    else:
        assert res.regime == "semi_separating"
        assert res.r_resist == pytest.approx(v / (v + a))


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"v": 0.0}, "v"),
        ({"a": -0.1}, "a"),
        ({"w_B": 0.0}, "w_B"),
        ({"w_B": 0.5}, "w_B"),
        ({"w_A_hi": -3.0}, "w_A_hi"),
        ({"w_A_hi": -4.0}, "w_A_hi"),
        ({"w_A_lo": float("nan")}, "w_A_lo"),
    ],
)
def test_audience_costs_rejects_bad_arguments(change, name):
    with pytest.raises(ValueError, match=name):
        audience_costs(**{**CLASSIC, "a": 1.0, **change})


# --- raising audience costs -------------------------------------------------------------------


def test_audience_sweep_solves_the_game_at_every_cost():
    sweep = au.audience_sweep(1.0, -1.25, -3.0, 1.0, 2.0)
    assert sweep.a[0] == 0.0 and sweep.a[-1] == 2.0 and len(sweep.a) == 81
    for i in (0, 17, 40, 80):
        game = audience_costs(1.0, float(sweep.a[i]), -1.25, -3.0, 1.0)
        assert sweep.regime[i] == game.regime
        assert sweep.r_resist[i] == game.r_resist and sweep.p_war[i] == game.p_war
        assert sweep.p_concedes[i] == game.p_concedes and sweep.bluff_prob[i] == game.bluff_prob
    semi = np.array([r == "semi_separating" for r in sweep.regime])
    assert np.all(np.diff(sweep.r_resist[semi]) < 0)
    assert np.all(np.diff(sweep.p_resolved[semi]) > 0)
    assert len(au.audience_sweep(1.0, -1.25, -3.0, 1.0, 2.0, points=5).a) == 5
    with pytest.raises(ValueError, match="a_max"):
        au.audience_sweep(1.0, -1.25, -3.0, 1.0, 0.0)
    with pytest.raises(ValueError, match="points"):
        au.audience_sweep(1.0, -1.25, -3.0, 1.0, 2.0, points=1)

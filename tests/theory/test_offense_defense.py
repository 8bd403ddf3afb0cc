"""Jervis's offense-defense balance as a 2x2 arming game (MODELS.md 2)."""

from __future__ import annotations

import math
import warnings

import nashpy
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from realpolitik.citations import BIBTEX
from realpolitik.theory import offense_defense as od
from realpolitik.theory.offense_defense import Game, arming_game, thresholds, world

PD = Game(R=3, S=0, T=5, P=1)
STAG = Game(R=4, S=0, T=3, P=2)
CHICKEN = Game(R=3, S=1, T=4, P=0)
HARMONY = Game(R=4, S=2, T=3, P=1)
DEADLOCK = Game(R=1, S=0, T=3, P=2)

# Jervis's classic inputs (MODELS.md 11): L > g
V, C, G, L = 4.0, 1.0, 3.0, 4.0


def q_formula(R, S, T, P):
    return (P - S) / ((R - T) + (P - S))


# ---------------------------------------------------------------------------- classification
@pytest.mark.parametrize(
    ("game", "kind"),
    [
        (PD, "prisoners_dilemma"),
        (DEADLOCK, "deadlock"),
        (STAG, "stag_hunt"),
        (CHICKEN, "chicken"),
        (HARMONY, "harmony"),
        (Game(R=3, S=0, T=3, P=1), "degenerate"),  # R = T
        (Game(R=3, S=1, T=5, P=1), "degenerate"),  # S = P
    ],
)
def test_every_game_type_is_classified_by_the_stated_strict_inequalities(game, kind):
    assert game.game_type == kind
    assert kind in od.GAME_TYPES


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=4, max_size=4))
def test_classification_follows_the_stated_order(payoffs):
    R, S, T, P = payoffs
    if T > R and P > S:
        expected = "prisoners_dilemma" if R > P else "deadlock"
    elif R > T and P > S:
        expected = "stag_hunt"
    elif T > R and S > P:
        expected = "chicken"
    elif R > T and S > P:
        expected = "harmony"
    else:
        expected = "degenerate"
    assert Game(R, S, T, P).game_type == expected


def test_arming_game_reaches_harmony_stag_hunt_pd_chicken_and_degenerate():
    assert arming_game(V, C, G, L, beta=0.1, d=0.0).game_type == "harmony"
    assert arming_game(V, C, G, L, beta=0.3, d=0.0).game_type == "stag_hunt"
    assert arming_game(V, C, G, L, beta=0.9, d=0.0).game_type == "prisoners_dilemma"
    # g > L: a gain from exploiting that exceeds the loss from being exploited gives chicken
    assert arming_game(V, C, g=4.0, L=1.0, beta=0.5, d=0.0).game_type == "chicken"
    # on a threshold the tie makes it degenerate: beta = beta_S = c/L gives P = S
    assert arming_game(V, C, G, L, beta=C / L, d=0.0).game_type == "degenerate"


@settings(max_examples=200, deadline=None)
@given(
    v=st.floats(-5, 5),
    c=st.floats(0.01, 5),
    g=st.floats(0.01, 5),
    L=st.floats(0.01, 5),
    beta=st.floats(0, 1),
    d=st.floats(0, 1),
)
def test_arming_game_follows_lab_payoffs_and_is_never_deadlock(v, c, g, L, beta, d):
    game = arming_game(v, c, g, L, beta, d)
    got = (game.R, game.S, game.T, game.P)
    T = (1 - d) * (v - c + beta * g) + d * (v - c)
    S = (1 - d) * (v - beta * L) + d * (v - c)
    assert got == pytest.approx((v, S, T, v - c), abs=1e-12)
    assert got[0] == v and got[3] == v - c
    assert game.game_type != "deadlock"  # R > P always: arming costs c > 0
    beta_T, beta_S = thresholds(c, g, L, d)
    assume(abs(beta - beta_T) > 1e-6 and abs(beta - beta_S) > 1e-6 and d < 0.999)
    assert (game.T > game.R) == (beta > beta_T)
    assert (game.P > game.S) == (beta > beta_S)


# ---------------------------------------------------------------------------- equilibria
def test_prisoners_dilemma_has_unique_equilibrium_mutual_arming():
    assert PD.nash_equilibria() == ((0.0, 0.0),)


def test_harmony_has_unique_equilibrium_mutual_restraint():
    assert HARMONY.nash_equilibria() == ((1.0, 1.0),)


def test_deadlock_has_unique_equilibrium_mutual_arming():
    assert DEADLOCK.nash_equilibria() == ((0.0, 0.0),)


def test_stag_hunt_has_both_pure_equilibria_and_symmetric_mixed_one_at_q_star():
    q = q_formula(STAG.R, STAG.S, STAG.T, STAG.P)
    assert 0 < q < 1
    assert STAG.nash_equilibria() == ((0.0, 0.0), (q, q), (1.0, 1.0))
    assert STAG.q_star == pytest.approx(q)


def test_stag_hunt_q_star_is_the_belief_threshold_for_cooperating():
    R, S, T, P = STAG.R, STAG.S, STAG.T, STAG.P
    q = STAG.q_star
    for belief in (q - 0.05, q + 0.05):
        eu_c = belief * R + (1 - belief) * S
        eu_d = belief * T + (1 - belief) * P
        assert (eu_c >= eu_d) == (belief >= q)
    assert q * R + (1 - q) * S == pytest.approx(q * T + (1 - q) * P)


def test_chicken_has_two_asymmetric_pure_equilibria_and_a_mixed_one():
    q = q_formula(CHICKEN.R, CHICKEN.S, CHICKEN.T, CHICKEN.P)
    assert 0 < q < 1
    assert CHICKEN.nash_equilibria() == ((0.0, 1.0), (q, q), (1.0, 0.0))


def test_risk_dominance_of_mutual_cooperation_in_the_stag_hunt():
    assert STAG.R - STAG.T < STAG.P - STAG.S and STAG.risk_dominant == "(D,D)"
    easy = Game(R=5, S=0, T=1, P=2)
    assert easy.R - easy.T > easy.P - easy.S and easy.risk_dominant == "(C,C)"
    assert Game(R=4, S=0, T=2, P=2).risk_dominant is None  # tie
    assert PD.risk_dominant is None


def test_q_star_is_none_when_one_action_dominates_or_undefined():
    assert PD.q_star is None  # (P-S)/((R-T)+(P-S)) = 1/(-2+1) < 0
    assert HARMONY.q_star is None
    assert Game(R=2, S=1, T=1, P=2).q_star == 0.5
    assert Game(R=1, S=1, T=2, P=2).q_star is None  # zero denominator


def test_degenerate_games_list_their_pure_profiles():
    all_tied = Game(R=1, S=1, T=1, P=1)
    assert all_tied.nash_equilibria() == ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0))
    assert Game(R=3, S=0, T=3, P=1).nash_equilibria() == ((0.0, 0.0), (1.0, 1.0))


def _pairs(eqs):
    return sorted((float(r[0]), float(c[0])) for r, c in eqs)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=4, max_size=4))
def test_equilibria_agree_with_nashpy_support_enumeration(payoffs):
    R, S, T, P = payoffs
    assume(abs(R - T) > 1e-3 and abs(S - P) > 1e-3)  # ties make support enumeration unreliable
    A = np.array([[R, S], [T, P]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = _pairs(nashpy.Game(A, A.T).support_enumeration())
    got = Game(R, S, T, P).nash_equilibria()
    assert len(got) == len(expected)
    for mine, theirs in zip(got, expected, strict=True):
        assert mine == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=4, max_size=4))
def test_equilibria_are_probabilities_sorted_ascending(payoffs):
    eqs = Game(*payoffs).nash_equilibria()
    assert len(eqs) >= 1
    assert list(eqs) == sorted(eqs)
    assert all(0.0 <= p <= 1.0 for pair in eqs for p in pair)


# ---------------------------------------------------------------------------- Jervis's claims
def test_offense_advantage_turns_harmony_into_stag_hunt_into_prisoners_dilemma_when_L_exceeds_g():
    beta_T, beta_S = thresholds(C, G, L, d=0.0)
    assert beta_S < beta_T < 1  # L > g
    kinds = []
    for beta in np.linspace(0.0, 1.0, 101):
        if min(abs(beta - beta_S), abs(beta - beta_T)) < 1e-9:
            continue
        kind = arming_game(V, C, G, L, beta=float(beta), d=0.0).game_type
        if not kinds or kinds[-1] != kind:
            kinds.append(kind)
    assert kinds == ["harmony", "stag_hunt", "prisoners_dilemma"]


def test_distinguishability_turns_prisoners_dilemma_into_stag_hunt():
    assert arming_game(V, C, G, L, beta=0.5, d=0.0).game_type == "prisoners_dilemma"
    lowered = arming_game(V, C, G, L, beta=0.5, d=0.5)
    assert lowered.T < arming_game(V, C, G, L, beta=0.5, d=0.0).T
    assert lowered.game_type == "stag_hunt"


def test_full_warning_removes_the_temptation_whatever_the_offense_advantage():
    assert thresholds(C, G, L, d=1.0)[0] == math.inf
    game = arming_game(V, C, G, L, beta=1.0, d=1.0)
    assert game.T == game.P == game.S == V - C  # warned in time: both end up armed
    assert game.T < game.R


@pytest.mark.parametrize(
    ("lever", "delta"),
    [("R", +0.5), ("S", +0.5), ("T", -0.5), ("P", -0.5)],
)
def test_jervis_four_levers_lower_the_cooperation_threshold(lever, delta):
    # cooperation becomes more likely as R rises, S rises, T falls and P falls
    base = dict(R=4.0, S=0.0, T=3.0, P=2.0)
    moved = {**base, lever: base[lever] + delta}
    before, after = Game(**base), Game(**moved)
    assert before.game_type == after.game_type == "stag_hunt"
    assert after.q_star < before.q_star
    assert after.q_star == pytest.approx(q_formula(**moved))


def test_stag_hunt_threshold_equals_kydds_minimum_trust():
    c, t_S = 0.5, 0.4
    game = Game(R=1.0, S=-c, T=t_S, P=0.0)
    assert game.game_type == "stag_hunt"
    assert game.q_star == pytest.approx(c / (1 - t_S + c), rel=1e-14)


# ---------------------------------------------------------------------------- four worlds
@pytest.mark.parametrize(
    ("beta", "d", "label"),
    [
        (0.9, 0.1, "1_doubly_dangerous"),
        (0.1, 0.1, "2_security_dilemma_compatible_requirements"),
        (0.9, 0.9, "3_no_security_dilemma_aggression_possible"),
        (0.1, 0.9, "4_doubly_stable"),
        (0.5, 0.1, "2_security_dilemma_compatible_requirements"),  # beta = 0.5: defense side
        (0.5, 0.5, "4_doubly_stable"),  # d = 0.5: distinguishable
        (0.51, 0.5, "3_no_security_dilemma_aggression_possible"),
        (0.51, 0.49, "1_doubly_dangerous"),
    ],
)
def test_four_worlds_labels_and_boundaries(beta, d, label):
    assert world(beta, d) == label
    assert label in od.WORLDS


def test_four_worlds_thresholds_can_be_moved():
    assert world(0.5, 0.5, beta0=0.4) == "3_no_security_dilemma_aggression_possible"
    assert world(0.5, 0.5, d0=0.6) == "2_security_dilemma_compatible_requirements"


def test_thresholds_follow_the_formulas():
    c, g, L, d = 1.0, 3.0, 4.0, 0.25
    assert thresholds(c, g, L, d) == pytest.approx((c / ((1 - d) * g), c / L))


# ---------------------------------------------------------------------------- repeated play
def test_repeated_play_thresholds_for_3_0_5_1():
    R, S, T, P = 3, 0, 5, 1
    assert PD.grim_threshold() == pytest.approx((T - R) / (T - P)) == 0.5
    assert PD.tft_threshold() == pytest.approx(max((T - R) / (T - P), (T - R) / (R - S)))
    assert PD.tft_threshold() == pytest.approx(2 / 3)
    assert not 2 * R > T + P
    assert PD.wsls_threshold() is None  # requires 2R > T + P


def test_wsls_threshold_when_mutual_cooperation_beats_alternation():
    game = Game(R=4, S=0, T=5, P=1)
    assert 2 * game.R > game.T + game.P
    assert game.wsls_threshold() == pytest.approx((5 - 4) / (4 - 1))
    assert game.grim_threshold() == pytest.approx((5 - 4) / (5 - 1))
    assert game.tft_threshold() == pytest.approx(max(1 / 4, 1 / 4))


def test_tft_threshold_of_one_or_more_means_never():
    game = Game(R=1.5, S=0.0, T=5.0, P=1.0)  # (T-R)/(R-S) > 1
    assert game.game_type == "prisoners_dilemma"
    assert game.tft_threshold() == pytest.approx(3.5 / 1.5)
    assert game.tft_threshold() >= 1


@pytest.mark.parametrize(
    ("game", "value"),
    [
        (STAG, 0.0),
        (HARMONY, 0.0),
        (CHICKEN, None),
        (DEADLOCK, None),
        (Game(R=3, S=0, T=3, P=1), 0.0),  # degenerate with R >= T
        (Game(R=3, S=1, T=5, P=1), None),  # degenerate with R < T
    ],
)
def test_repeated_play_thresholds_outside_the_prisoners_dilemma(game, value):
    assert game.grim_threshold() == value
    assert game.tft_threshold() == value
    assert game.wsls_threshold() == value


# ---------------------------------------------------------------------------- validation
@pytest.mark.parametrize("name", ["R", "S", "T", "P"])
def test_game_rejects_non_finite_payoffs(name):
    payoffs = dict(R=3.0, S=0.0, T=5.0, P=1.0)
    with pytest.raises(ValueError, match=f"^{name} = "):
        Game(**{**payoffs, name: math.nan})


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(c=0.0), "c"),
        (dict(g=-1.0), "g"),
        (dict(L=0.0), "L"),
        (dict(beta=1.5), "beta"),
        (dict(d=-0.1), "d"),
        (dict(v=math.inf), "v"),
    ],
)
def test_arming_game_rejects_out_of_range_inputs(kwargs, name):
    args = dict(v=V, c=C, g=G, L=L, beta=0.5, d=0.5)
    with pytest.raises(ValueError, match=f"^{name} = "):
        arming_game(**{**args, **kwargs})


def test_world_and_thresholds_reject_out_of_range_inputs():
    with pytest.raises(ValueError, match=r"^beta = "):
        world(1.2, 0.5)
    with pytest.raises(ValueError, match=r"^d = "):
        world(0.5, math.nan)
    with pytest.raises(ValueError, match=r"^beta0 = "):
        world(0.5, 0.5, beta0=-1)
    with pytest.raises(ValueError, match=r"^d0 = "):
        world(0.5, 0.5, d0=2)
    with pytest.raises(ValueError, match=r"^c = "):
        thresholds(0.0, 1.0, 1.0, 0.0)
    with pytest.raises(ValueError, match=r"^d = "):
        thresholds(1.0, 1.0, 1.0, 1.5)


def test_references_are_known_bibtex_keys():
    assert od.REFERENCES == ("jervis1978", "axelrod1984")
    assert all(key in BIBTEX for key in od.REFERENCES)


# --- the four worlds over a grid ---------------------------------------------------------------


def test_four_worlds_classifies_every_cell_as_the_one_game_does():
    wm = od.four_worlds(4.0, 1.0, 3.0, 4.0, grid=7)
    assert wm.game_types.shape == wm.worlds.shape == (7, 7)
    for i, d in enumerate(wm.ds):
        for j, beta in enumerate(wm.betas):
            assert wm.game_types[i, j] == arming_game(4.0, 1.0, 3.0, 4.0, beta, d).game_type
            assert wm.worlds[i, j] == world(beta, d)
        assert wm.beta_T[i] == thresholds(1.0, 3.0, 4.0, d)[0]
    assert wm.beta_S == 1.0 / 4.0 and math.isinf(wm.beta_T[-1])


def test_doubly_dangerous_cells_are_prisoners_dilemmas_and_the_mix_counts_every_cell():
    wm = od.four_worlds(4.0, 1.0, 3.0, 4.0, grid=11)
    assert wm.game_mix("1_doubly_dangerous") == (("prisoners_dilemma", 25),)
    total = sum(n for w in od.WORLDS for _, n in wm.game_mix(w))
    assert total == 11 * 11
    counts = [n for _, n in wm.game_mix("2_security_dilemma_compatible_requirements")]
    assert counts == sorted(counts, reverse=True)
    with pytest.raises(ValueError, match="label"):
        wm.game_mix("5_nowhere")


def test_four_worlds_checks_the_grid_and_thresholds():
    with pytest.raises(ValueError, match="grid = 1"):
        od.four_worlds(4.0, 1.0, 3.0, 4.0, grid=1)
    with pytest.raises(ValueError, match="d0"):
        od.four_worlds(4.0, 1.0, 3.0, 4.0, d0=1.5)

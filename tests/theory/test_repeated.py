"""Iterated security game with noise (MODELS.md 7): the claims the Markov model must reproduce."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.citations import BIBTEX
from realpolitik.theory import repeated
from realpolitik.theory.repeated import (
    ALLC,
    ALLD,
    GRIM,
    STATES,
    TFT,
    WSLS,
    Strategy,
    classic_strategies,
    first_round,
    generosity,
    gtft,
    match,
    simulate_match,
    tournament,
    transition_matrix,
)

R, S, T, P = 3.0, 0.0, 5.0, 1.0

prob = st.floats(0.0, 1.0)
strategies = st.builds(Strategy, prob, prob, prob, prob, prob)
open_eps = st.floats(0.0, 1.0, exclude_min=True, exclude_max=True)


# --- independent reference built only from the text of MODELS.md 7 --------------------------


def spec_move_probs(s: Strategy, eps_impl: float, eps_perc: float) -> dict[str, float]:
    p = {"CC": s.p_cc, "CD": s.p_cd, "DC": s.p_dc, "DD": s.p_dd}
    out = {}
    for x in "CD":
        for y in "CD":
            not_y = "D" if y == "C" else "C"
            p_tilde = (1 - eps_perc) * p[x + y] + eps_perc * p[x + not_y]
            out[x + y] = eps_impl + (1 - 2 * eps_impl) * p_tilde
    return out


def spec_matrix(X: Strategy, Y: Strategy, eps_impl: float, eps_perc: float) -> np.ndarray:
    px, py = spec_move_probs(X, eps_impl, eps_perc), spec_move_probs(Y, eps_impl, eps_perc)
    M = np.zeros((4, 4))
    for i, s in enumerate(STATES):
        qx, qy = px[s], py[s[1] + s[0]]  # Y sees X's CD as its own DC
        for j, t in enumerate(STATES):
            M[i, j] = (qx if t[0] == "C" else 1 - qx) * (qy if t[1] == "C" else 1 - qy)
    return M


def spec_v1(X: Strategy, Y: Strategy, eps_impl: float) -> np.ndarray:
    x0 = eps_impl + (1 - 2 * eps_impl) * X.p0
    y0 = eps_impl + (1 - 2 * eps_impl) * Y.p0
    return np.array([x0 * y0, x0 * (1 - y0), (1 - x0) * y0, (1 - x0) * (1 - y0)])


# --- (a) TFT vs TFT ---------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(eps=open_eps, kind=st.sampled_from(["impl", "perc", "both"]))
def test_tit_for_tat_self_play_is_uniform_and_pays_the_mean_payoff_whatever_the_noise(eps, kind):
    eps_impl = eps if kind in ("impl", "both") else 0.0
    eps_perc = eps if kind in ("perc", "both") else 0.0
    M = transition_matrix(TFT, TFT, eps_impl, eps_perc)
    assert M.sum(axis=0) == pytest.approx(np.ones(4), abs=1e-12)  # doubly stochastic
    assert M.sum(axis=1) == pytest.approx(np.ones(4), abs=1e-12)
    m = match(TFT, TFT, R, S, T, P, eps_impl=eps_impl, eps_perc=eps_perc)
    assert m.stationary == pytest.approx((0.25,) * 4, abs=1e-6)
    assert m.payoff_X == pytest.approx((R + S + T + P) / 4, abs=1e-6)
    assert m.payoff_Y == pytest.approx(2.25, abs=1e-6)
    assert m.closed_classes == 1


# --- (b) ALLD vs ALLC -------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(eps=st.floats(0.0, 1.0))
def test_alld_exploits_allc_by_the_closed_form_under_implementation_noise(eps):
    m = match(ALLD, ALLC, R, S, T, P, eps_impl=eps)
    expected_alld = eps * (1 - eps) * R + eps**2 * S + (1 - eps) ** 2 * T + (1 - eps) * eps * P
    expected_allc = eps * (1 - eps) * R + eps**2 * T + (1 - eps) ** 2 * S + (1 - eps) * eps * P
    assert m.payoff_X == pytest.approx(expected_alld, abs=1e-12)
    assert m.payoff_Y == pytest.approx(expected_allc, abs=1e-12)


# --- (c) error correction: WSLS and GTFT recover, GRIM collapses --------------------------------
# "Near": an error (rate about 2 eps a round) costs WSLS one CD round and one DD round before
# CC returns, a joint loss of (2R - S - T) + 2(R - P) = 5, i.e. 2.5 per player: the first-order
# loss is 5 eps = 0.05 at eps = 0.01. GTFT forgives faster (smaller loss). We require the loss
# to be < 0.1 (twice the WSLS first-order loss) at eps = 0.01 and < 0.01 at eps = 0.001.
# GRIM instead sits in DD, leaving only through an eps-chance of mutual C: |payoff - P| < 0.1.


@pytest.mark.parametrize("kind", ["impl", "perc"])
@pytest.mark.parametrize("name", ["WSLS", "GTFT"])
def test_wsls_and_gtft_self_play_stay_near_mutual_cooperation_under_small_noise(name, kind):
    s = classic_strategies(R, S, T, P)[name]
    for eps, tol in [(0.01, 0.1), (0.001, 0.01)]:
        noise = {"eps_impl": eps} if kind == "impl" else {"eps_perc": eps}
        m = match(s, s, R, S, T, P, **noise)
        assert R - tol < m.payoff_X <= R
        assert m.payoff_X == pytest.approx(m.payoff_Y)
    tft = match(TFT, TFT, R, S, T, P, eps_impl=0.01)
    assert tft.payoff_X < R - 0.5  # TFT's echo of errors, for contrast


@pytest.mark.parametrize("noise", [{"eps_impl": 0.01}, {"eps_perc": 0.01}, {"eps_impl": 0.001}])
def test_grim_self_play_collapses_to_mutual_defection_under_noise(noise):
    m = match(GRIM, GRIM, R, S, T, P, **noise)
    assert abs(m.payoff_X - P) < 0.1
    assert m.stationary[3] > 0.95
    noiseless = match(GRIM, GRIM, R, S, T, P)
    assert noiseless.payoff_X == R  # only noise triggers the collapse


@pytest.mark.parametrize("eps", [1e-12, 1e-100, 1e-300, 5e-324])
def test_vanishing_noise_keeps_its_long_run_limit_down_to_the_smallest_float(eps):
    # the long run is discontinuous at eps = 0 (noise selects the ergodic limit), and the
    # computation must keep that limit even where products of probabilities underflow
    tour = classic_strategies()
    assert match(TFT, TFT, eps_impl=eps).payoff_X == pytest.approx(2.25)
    assert match(TFT, TFT, eps_perc=eps).payoff_X == pytest.approx(2.25)
    assert match(GRIM, GRIM, eps_impl=eps).payoff_X == pytest.approx(P)
    assert match(ALLD, ALLC, eps_impl=eps).payoff_X == pytest.approx(T)
    assert match(tour["WSLS"], WSLS, eps_impl=eps).payoff_X == pytest.approx(R)
    assert match(tour["GTFT"], tour["GTFT"], eps_perc=eps).payoff_X == pytest.approx(R)


def test_grim_defects_forever_after_its_own_erroneous_defection():
    assert GRIM.response == (1.0, 0.0, 0.0, 0.0)
    # perception noise only: DD is absorbing, so the long run is exactly P
    assert match(GRIM, GRIM, R, S, T, P, eps_perc=0.05).payoff_X == pytest.approx(P, abs=1e-12)


# --- (d) discounting --------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(w=st.floats(0.0, 0.999))
def test_tft_against_alld_discounted_is_one_sucker_round_then_punishment(w):
    for r, s, t, p in [(R, S, T, P), (4.0, -1.0, 6.0, 0.5)]:
        m = match(TFT, ALLD, r, s, t, p, w=w)
        assert m.payoff_X == pytest.approx((1 - w) * s + w * p, abs=1e-9)
        assert m.payoff_Y == pytest.approx((1 - w) * t + w * p, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    X=strategies, Y=strategies, w=st.floats(0.0, 0.99), ei=st.floats(0, 0.5), ep=st.floats(0, 0.5)
)
def test_discounted_occupancy_is_the_normalised_geometric_sum(X, Y, w, ei, ep):
    M, v1 = spec_matrix(X, Y, ei, ep), spec_v1(X, Y, ei)
    expected = (1 - w) * v1 @ np.linalg.inv(np.eye(4) - w * M)
    m = match(X, Y, eps_impl=ei, eps_perc=ep, w=w)
    assert np.array(m.stationary) == pytest.approx(expected, abs=1e-8)
    assert match(X, Y, eps_impl=ei, w=0.0).stationary == pytest.approx(tuple(v1), abs=1e-12)


# --- the Markov chain itself ------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(X=strategies, Y=strategies, ei=st.floats(0.0, 1.0), ep=st.floats(0.0, 1.0))
def test_transition_matrix_follows_the_noise_model(X, Y, ei, ep):
    M = transition_matrix(X, Y, ei, ep)
    np.testing.assert_allclose(M, spec_matrix(X, Y, ei, ep), rtol=0, atol=1e-12)
    assert M.sum(axis=1) == pytest.approx(np.ones(4), abs=1e-12)
    assert first_round(X, Y, ei) == pytest.approx(spec_v1(X, Y, ei), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(
    X=strategies,
    Y=strategies,
    ei=st.one_of(st.just(0.0), st.floats(0.0, 1.0)),
    ep=st.one_of(st.just(0.0), st.floats(0.0, 1.0)),
    w=st.one_of(st.none(), st.floats(0.0, 0.999)),
)
def test_stationary_is_a_probability_distribution_for_any_memory_one_pair(X, Y, ei, ep, w):
    m = match(X, Y, R, S, T, P, eps_impl=ei, eps_perc=ep, w=w)
    v = np.array(m.stationary)
    assert len(m.stationary) == 4
    assert np.all((v >= 0.0) & (v <= 1.0))
    assert v.sum() == pytest.approx(1.0, abs=1e-12)
    assert min(R, S, T, P) - 1e-9 <= m.payoff_X <= max(R, S, T, P) + 1e-9
    assert m.cooperation_X == pytest.approx(v[0] + v[1])
    assert m.cooperation_Y == pytest.approx(v[0] + v[2])


extreme = st.sampled_from([0.0, 5e-324, 1e-200, 1e-20, 0.5, 1.0 - 1e-16, 1.0])


@pytest.mark.filterwarnings("error")
@settings(max_examples=150, deadline=None)
@given(
    X=st.builds(Strategy, extreme, extreme, extreme, extreme, extreme),
    Y=st.builds(Strategy, extreme, extreme, extreme, extreme, extreme),
    ei=extreme,
    ep=extreme,
)
def test_extreme_probabilities_and_noise_still_give_a_distribution_without_warnings(X, Y, ei, ep):
    v = np.array(match(X, Y, eps_impl=ei, eps_perc=ep).stationary)
    assert np.all(np.isfinite(v))
    assert np.all(v >= 0.0)
    assert v.sum() == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(X=strategies, Y=strategies, ei=st.floats(1e-3, 0.5), ep=st.floats(0.0, 0.5))
def test_with_implementation_noise_the_long_run_is_the_left_eigenvector_for_eigenvalue_one(
    X, Y, ei, ep
):
    M = spec_matrix(X, Y, ei, ep)
    m = match(X, Y, R, S, T, P, eps_impl=ei, eps_perc=ep)
    v = np.array(m.stationary)
    assert v @ M == pytest.approx(v, abs=1e-10)
    assert m.closed_classes == 1
    assert m.payoff_X == pytest.approx(v @ [R, S, T, P])
    assert m.payoff_Y == pytest.approx(v @ [R, T, S, P])


def test_cesaro_average_of_a_periodic_noiseless_chain():
    # suspicious TFT opens with D, then copies: against TFT the play cycles CD, DC, CD, ...
    stft = Strategy(0.0, 1.0, 0.0, 1.0, 0.0)
    m = match(TFT, stft, R, S, T, P)
    assert m.stationary == pytest.approx((0.0, 0.5, 0.5, 0.0), abs=1e-15)
    assert m.payoff_X == pytest.approx((S + T) / 2)
    assert m.payoff_Y == pytest.approx((S + T) / 2)
    assert m.closed_classes == 3  # CC, DD and the 2-cycle {CD, DC}: the start decides
    assert match(TFT, TFT, R, S, T, P).payoff_X == R


def _literal_cycle_average(X: Strategy, Y: Strategy) -> np.ndarray:
    """Play two deterministic strategies and average the outcomes over the eventual cycle."""
    x, y = X.p0 == 1.0, Y.p0 == 1.0  # True = C
    seen: dict[tuple[bool, bool], int] = {}
    path = []
    while (x, y) not in seen:
        seen[(x, y)] = len(path)
        path.append((x, y))
        px = {(1, 1): X.p_cc, (1, 0): X.p_cd, (0, 1): X.p_dc, (0, 0): X.p_dd}[(x, y)]
        py = {(1, 1): Y.p_cc, (1, 0): Y.p_cd, (0, 1): Y.p_dc, (0, 0): Y.p_dd}[(y, x)]
        x, y = px == 1.0, py == 1.0
    cycle = path[seen[(x, y)] :]
    occupancy = np.zeros(4)
    for a, b in cycle:
        occupancy[STATES.index(("C" if a else "D") + ("C" if b else "D"))] += 1
    return occupancy / len(cycle)


def test_noiseless_long_run_is_the_average_over_the_cycle_of_actual_play_for_all_pure_pairs():
    pure = [Strategy(*bits) for bits in itertools.product([0.0, 1.0], repeat=5)]
    for X in pure:
        for Y in pure:
            expected = _literal_cycle_average(X, Y)
            assert np.array(match(X, Y).stationary) == pytest.approx(expected, abs=1e-12)


grid = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])
grid_strategies = st.builds(Strategy, grid, grid, grid, grid, grid)


@settings(max_examples=150, deadline=None)
@given(X=grid_strategies, Y=grid_strategies)
def test_noiseless_long_run_is_the_cesaro_limit_of_the_chain(X, Y):
    # (1/n) sum_{t<n} v1 M^t converges to the Cesaro limit with error <= (expected rounds
    # before the play settles into its recurrent pattern) / n. With probabilities on a quarter
    # grid that can be hundreds of rounds (e.g. X = (0, 1, 0, .25, .25), Y = (0, 1, .25, .25, 0)
    # needs ~260 before mutual cooperation absorbs), so n = 2^30 (summed by doubling:
    # S_2k = S_k + M^k S_k) leaves an error well below 1e-4.
    M, v1 = spec_matrix(X, Y, 0.0, 0.0), spec_v1(X, Y, 0.0)
    partial_sum, power = np.eye(4), M
    for _ in range(30):
        partial_sum, power = partial_sum + power @ partial_sum, power @ power
    n = 2**30
    total = v1 @ partial_sum
    assert np.array(match(X, Y).stationary) == pytest.approx(total / n, abs=1e-4)


# --- brute-force simulation ------------------------------------------------------------------
# 100 matches x 4000 rounds = 4e5 rounds. Per-round payoffs lie in [0, 5] (sd <= 2.5) and these
# noisy chains forget their state within ~10-40 rounds, so the standard error of the mean is at
# most 2.5 * sqrt(2 * 40 / 4e5) = 0.035 and the opening-rounds bias at most 5 * 40 / 4000 = 0.05
# in the worst case; in fact both are far smaller (over 20 seeds the largest deviation was
# 0.008), so |diff| < 0.05 is a > 5-sigma margin. Seeds are fixed.

PAIRS = [
    ("TFT", "TFT", 0.05, 0.0),
    ("WSLS", "GTFT", 0.0, 0.05),
    ("GRIM", "TFT", 0.05, 0.05),
    ("ALLD", "WSLS", 0.0, 0.1),
    ("mixed_a", "mixed_b", 0.02, 0.05),
    ("GTFT", "ALLC", 0.1, 0.0),
]


def _named(name: str) -> Strategy:
    extra = {
        "mixed_a": Strategy(0.7, 0.9, 0.2, 0.6, 0.3),
        "mixed_b": Strategy(0.4, 0.8, 0.1, 0.95, 0.5),
    }
    return extra.get(name) or classic_strategies()[name]


@pytest.mark.parametrize(("x", "y", "ei", "ep"), PAIRS)
def test_markov_long_run_payoffs_agree_with_brute_force_simulation(x, y, ei, ep):
    X, Y = _named(x), _named(y)
    exact = match(X, Y, R, S, T, P, eps_impl=ei, eps_perc=ep)
    sim = simulate_match(X, Y, 4000, R, S, T, P, ei, ep, matches=100, seed=20240601)
    assert sim.rounds * sim.matches == 400_000
    assert abs(sim.payoff_X - exact.payoff_X) < 0.05
    assert abs(sim.payoff_Y - exact.payoff_Y) < 0.05
    assert np.array(sim.frequencies) == pytest.approx(np.array(exact.stationary), abs=0.02)


def test_one_long_simulated_match_agrees_with_the_markov_long_run():
    X = classic_strategies()["GTFT"]
    exact = match(X, WSLS, R, S, T, P, eps_impl=0.05, eps_perc=0.02)
    sim = simulate_match(X, WSLS, 400_000, R, S, T, P, 0.05, 0.02, seed=7)
    assert sim.matches == 1
    assert abs(sim.payoff_X - exact.payoff_X) < 0.05
    assert abs(sim.payoff_Y - exact.payoff_Y) < 0.05


def test_simulation_is_reproducible_from_its_seed():
    a = simulate_match(TFT, WSLS, 500, eps_impl=0.1, matches=20, seed=3)
    b = simulate_match(TFT, WSLS, 500, eps_impl=0.1, matches=20, seed=np.random.default_rng(3))
    c = simulate_match(TFT, WSLS, 500, eps_impl=0.1, matches=20, seed=4)
    assert a == b
    assert a != c
    assert sum(a.frequencies) == pytest.approx(1.0)


def test_noiseless_simulation_plays_the_deterministic_path():
    sim = simulate_match(TFT, Strategy(0.0, 1.0, 0.0, 1.0, 0.0), 10, seed=0)
    assert sim.frequencies == (0.0, 0.5, 0.5, 0.0)
    one = simulate_match(ALLD, ALLC, 1, matches=3, seed=0)
    assert one.payoff_X == T
    assert one.payoff_Y == S


# --- GTFT, the tour ---------------------------------------------------------------------------


def test_gtft_generosity_is_one_third_for_the_classic_payoffs():
    assert generosity(3, 0, 5, 1) == pytest.approx(1 / 3)
    g = gtft(3, 0, 5, 1)
    assert (g.p0, g.p_cc, g.p_cd, g.p_dc, g.p_dd) == pytest.approx((1, 1, 1 / 3, 1, 1 / 3))


@settings(max_examples=50, deadline=None)
@given(
    p=st.floats(-5, 5),
    gaps=st.tuples(st.floats(0.01, 5), st.floats(0.01, 5), st.floats(0.01, 5)),
)
def test_gtft_generosity_is_the_nowak_sigmund_minimum(p, gaps):
    s = p - gaps[0]
    r = p + gaps[1]
    t = r + gaps[2]
    expected = max(0.0, min(1 - (t - r) / (r - s), (r - p) / (t - p)))
    assert generosity(r, s, t, p) == pytest.approx(expected)
    assert 0.0 <= gtft(r, s, t, p).p_cd < 1.0


def test_gtft_is_tft_when_the_temptation_is_too_large_for_forgiveness():
    # 2R <= T + S: the first term 1 - (T-R)/(R-S) is <= 0
    assert gtft(3, 0, 7, 1) == TFT


def test_classic_tour_table_matches_pairwise_matches_at_one_percent_noise():
    tour = classic_strategies()
    table = tournament(tour, eps_impl=0.01)
    assert list(table.index) == ["TFT", "GTFT", "WSLS", "GRIM", "ALLD", "ALLC"]
    assert list(table.columns) == list(table.index)
    for a in tour:
        for b in tour:
            expected = match(tour[a], tour[b], eps_impl=0.01).payoff_X
            assert table.loc[a, b] == pytest.approx(expected)
    assert table.loc["TFT", "TFT"] == pytest.approx(2.25)
    assert table.loc["WSLS", "WSLS"] > table.loc["TFT", "TFT"]
    assert table.loc["ALLD", "ALLC"] == max(table.max())


def test_classic_strategy_constants_are_the_memory_one_vectors_of_models_7():
    assert (ALLC.p0, *ALLC.response) == (1, 1, 1, 1, 1)
    assert (ALLD.p0, *ALLD.response) == (0, 0, 0, 0, 0)
    assert (TFT.p0, *TFT.response) == (1, 1, 0, 1, 0)
    assert (GRIM.p0, *GRIM.response) == (1, 1, 0, 0, 0)
    assert (WSLS.p0, *WSLS.response) == (1, 1, 0, 0, 1)


def test_references_are_known_citations():
    assert repeated.REFERENCES == ("axelrod1984", "nowak1992", "nowak1993", "press2012")
    assert all(key in BIBTEX for key in repeated.REFERENCES)


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["p0", "p_cc", "p_cd", "p_dc", "p_dd"])
def test_strategy_rejects_probabilities_outside_the_unit_interval(field):
    values = dict(p0=1.0, p_cc=1.0, p_cd=0.0, p_dc=1.0, p_dd=0.0)
    values[field] = 1.5
    with pytest.raises(ValueError, match=field):
        Strategy(**values)
    values[field] = "0.5"
    with pytest.raises(ValueError, match=field):
        Strategy(**values)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"X": "TFT"}, "X"),
        ({"Y": None}, "Y"),
        ({"R": "3"}, "R"),
        ({"P": float("nan")}, "P"),
        ({"eps_impl": -0.1}, "eps_impl"),
        ({"eps_perc": 1.1}, "eps_perc"),
        ({"w": 1.0}, "w"),
        ({"w": -0.1}, "w"),
    ],
)
def test_match_rejects_bad_arguments(kwargs, name):
    args = {"X": TFT, "Y": TFT} | kwargs
    with pytest.raises(ValueError, match=name):
        match(**args)


def test_other_functions_reject_bad_arguments():
    with pytest.raises(ValueError, match="R, S, T, P"):
        gtft(5, 0, 3, 1)
    with pytest.raises(ValueError, match="T"):
        generosity(3, 0, float("inf"), 1)
    with pytest.raises(ValueError, match="rounds"):
        simulate_match(TFT, TFT, 0)
    with pytest.raises(ValueError, match="matches"):
        simulate_match(TFT, TFT, 10, matches=0)
    with pytest.raises(ValueError, match="eps_perc"):
        simulate_match(TFT, TFT, 10, eps_perc=2.0)
    with pytest.raises(ValueError, match="eps_impl"):
        transition_matrix(TFT, TFT, eps_impl=-1)
    with pytest.raises(ValueError, match="X"):
        first_round(ALLC.response, TFT)
    with pytest.raises(ValueError, match="strategies"):
        tournament({})
    with pytest.raises(ValueError, match="strategies"):
        tournament({"TFT": TFT, "bad": (1, 1, 0, 1, 0)})


def test_the_classic_strategies_are_named_in_one_list():
    assert tuple(classic_strategies()) == repeated.STRATEGY_NAMES


# --- tournaments of any strategies: your own memory-one vectors and functions of the history ----


def tit_for_tat(mine: str, theirs: str) -> str:
    """Tit for tat written as a function of the history."""
    return "D" if theirs.endswith("D") else "C"


def tit_for_two_tats(mine: str, theirs: str) -> str:
    return "D" if theirs.endswith("DD") else "C"


def test_memory_one_takes_four_probabilities_or_five_with_the_first_move():
    mine = repeated.memory_one(1, 0.1, 1, 0.1)
    assert (mine.p0, *mine.response) == (1.0, 1.0, 0.1, 1.0, 0.1)  # cooperates first
    suspicious = repeated.memory_one([0, 1, 0, 1, 0])
    assert (suspicious.p0, *suspicious.response) == (0.0, 1.0, 0.0, 1.0, 0.0)
    assert repeated.memory_one(1, 1, 0, 1, 0) == TFT
    with pytest.raises(ValueError, match="four numbers"):
        repeated.memory_one(1, 0, 1)
    with pytest.raises(ValueError, match="p_dc"):
        repeated.memory_one(1, 0, 1.5, 0)


def test_own_memory_one_strategies_join_the_exact_tournament():
    pool = {"TFT": TFT, "mine": repeated.memory_one(1, 0.1, 1, 0.1), "WSLS": WSLS}
    table = tournament(pool, eps_impl=0.01, eps_perc=0.02)
    assert table.attrs == {"method": "exact", "w": None}
    for a, b in itertools.product(pool, pool):
        expected = match(pool[a], pool[b], eps_impl=0.01, eps_perc=0.02).payoff_X
        assert table.loc[a, b] == pytest.approx(expected)


def test_a_function_playing_tit_for_tat_plays_draw_for_draw_as_the_memory_one_tft():
    # the same noise model: the function sees its own moves and the other's as misread
    for other in (WSLS, classic_strategies()["GTFT"], Strategy(0.5, 0.9, 0.2, 0.7, 0.4)):
        as_function = simulate_match(tit_for_tat, other, 3000, eps_impl=0.05, eps_perc=0.1, seed=9)
        as_vector = simulate_match(TFT, other, 3000, eps_impl=0.05, eps_perc=0.1, seed=9)
        assert as_function == as_vector
    both = simulate_match(tit_for_tat, tit_for_tat, 500, eps_impl=0.1, matches=3, seed=2)
    assert both == simulate_match(TFT, TFT, 500, eps_impl=0.1, matches=3, seed=2)


def test_tit_for_two_tats_forgives_one_defection_and_answers_the_second():
    sim = simulate_match(tit_for_two_tats, ALLD, 10, seed=0)  # no noise
    # CD, CD, then mutual defection for 8 rounds
    assert sim.frequencies == pytest.approx((0.0, 0.2, 0.0, 0.8))
    assert sim.payoff_X == pytest.approx((0 + 0 + 8 * P) / 10)


def test_a_function_sees_the_other_through_perception_noise_and_itself_as_it_played():
    seen: dict[str, str] = {}

    def recorder(mine: str, theirs: str) -> str:
        seen["mine"], seen["theirs"] = mine, theirs
        return "C"

    simulate_match(recorder, ALLD, 20_000, eps_impl=0.1, eps_perc=0.2, seed=5)
    mine, theirs = seen["mine"], seen["theirs"]
    assert len(mine) == len(theirs) == 19_999  # the history before the last round
    # ALLD's moves are D, flipped to C with eps_impl = 0.1, misread with eps_perc = 0.2
    assert theirs.count("C") / len(theirs) == pytest.approx(0.1 * 0.8 + 0.9 * 0.2, abs=0.01)
    # its own intended C is flipped to D with eps_impl, and it sees its moves as played
    assert mine.count("D") / len(mine) == pytest.approx(0.1, abs=0.01)


def test_a_function_may_return_a_probability_of_cooperating():
    sim = simulate_match(lambda mine, theirs: 0.3, ALLD, 20_000, seed=11)
    assert sim.frequencies[1] == pytest.approx(0.3, abs=0.01)  # CD: it cooperated, ALLD not
    assert sim.frequencies[0] == sim.frequencies[2] == 0.0


@pytest.mark.parametrize("returned", ["c", "cooperate", 1.5, -0.1, True, None])
def test_a_function_returning_neither_a_move_nor_a_probability_is_named(returned):
    pool = {"TFT": TFT, "odd": lambda mine, theirs: "C" if not mine else returned}
    with pytest.raises(ValueError, match=r"strategy odd returned .* in round 2; allowed: 'C'"):
        tournament(pool, rounds=5, seed=0)


def test_simulated_memory_one_tournament_agrees_with_the_exact_long_run():
    pool = classic_strategies()
    exact = tournament(pool, eps_impl=0.05, eps_perc=0.02)
    sim = tournament(pool, eps_impl=0.05, eps_perc=0.02, rounds=4000, matches=10, seed=1)
    assert sim.attrs == {"method": "simulated", "w": None, "rounds": 4000, "matches": 10, "seed": 1}
    assert (sim - exact).abs().to_numpy().max() < 0.06


def test_with_w_matches_end_at_random_and_pool_to_the_discounted_payoff():
    pool = {"TFT": TFT, "WSLS": WSLS, "fn": tit_for_two_tats}
    exact = match(TFT, WSLS, eps_impl=0.05, w=0.8)
    sim = tournament(pool, eps_impl=0.05, w=0.8, matches=20_000, seed=3)
    assert sim.attrs["rounds"] is None and sim.attrs["w"] == 0.8
    assert sim.loc["TFT", "WSLS"] == pytest.approx(exact.payoff_X, abs=0.03)
    assert sim.loc["WSLS", "TFT"] == pytest.approx(exact.payoff_Y, abs=0.03)


def test_a_tournament_with_a_function_is_simulated_and_reproducible_from_its_seed():
    pool = {"TFT": TFT, "TF2T": tit_for_two_tats, "mine": repeated.memory_one(1, 0.1, 1, 0.1)}
    a = tournament(pool, eps_impl=0.02, seed=7)
    assert a.attrs["method"] == "simulated"
    assert a.attrs["rounds"] == repeated.DEFAULT_ROUNDS and a.attrs["matches"] == 10
    assert a.equals(tournament(pool, eps_impl=0.02, seed=7))
    assert not a.equals(tournament(pool, eps_impl=0.02, seed=8))
    # a pair's result depends on the seed and the two names, not on the others or the order
    reordered = {"mine": pool["mine"], "TFT": TFT, "TF2T": tit_for_two_tats, "ALLD": ALLD}
    b = tournament(reordered, eps_impl=0.02, seed=7)
    for x, y in itertools.product(pool, pool):
        assert b.loc[x, y] == a.loc[x, y]
    drawn = tournament(pool, eps_impl=0.02)  # no seed: one is drawn and recorded
    assert drawn.equals(tournament(pool, eps_impl=0.02, seed=drawn.attrs["seed"]))


def test_simulated_tournaments_check_their_arguments():
    pool = {"TFT": TFT, "fn": tit_for_tat}
    with pytest.raises(ValueError, match=r"rounds = 10 and w = 0\.9"):
        tournament(pool, w=0.9, rounds=10)
    with pytest.raises(ValueError, match="matches"):
        tournament(pool, matches=0)
    with pytest.raises(ValueError, match="seed"):
        tournament(pool, seed=-1)
    with pytest.raises(ValueError, match="rounds"):
        tournament({"TFT": TFT}, rounds=0)
    with pytest.raises(ValueError, match=r"strategies\['cls'\]"):
        tournament({"TFT": TFT, "cls": Strategy})
    with pytest.raises(ValueError, match="X"):
        simulate_match("TFT", TFT, 10)

"""Values, choices and answers at the pairs read are those of every pair, bit for bit."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

from realpolitik.engine import Params, compiled, simulate
from realpolitik.engine.mechanisms import decisions, deterrence
from realpolitik.engine.strategy import choices, constants, resolve, sparse, values
from realpolitik.testing import assert_trajectories_equal, strategic_configuration

sys.path.insert(0, str(Path(__file__).parent))
from test_strategic_speed import KW, PARAMS, _random_year


def _bits(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float64).view(np.uint8)


def _year(states: int, warheads: float, seed: int):
    """A random year's inputs and constants, with demands on a third of the eligible pairs."""
    params = Params.strategic(
        **strategic_configuration(states, nuclear_warheads=warheads, hawkishness=2.0)
    )
    const = constants.prepare(params, states)
    const.nuclear = deterrence.prepare(params, states)
    view, m, y, greedy, allied, mu, eligible, trend = _random_year(states, seed)
    rng = np.random.default_rng(seed + 100)
    const.join = rng.random(const.join.shape)  # joining depends on the number of allies
    if const.nuclear is not None:  # thresholds low enough for nuclear first strikes
        const.nuclear = dataclasses.replace(const.nuclear, q_star=rng.random((states,) * 2) * 0.6)
    demand = eligible & (rng.random(eligible.shape) < 0.3)
    x, c_target, xi = rng.random((3, *demand.shape))
    c_target -= 0.3
    return const, view, m, y, greedy, allied, mu, eligible, trend, demand, x, c_target, xi


# 64 states: the pacts no longer fit the loops' bit masks (the expected allies by pact arrays)
@pytest.mark.parametrize(
    ("states", "warheads", "odd"),
    [(s, w, o) for s in (3, 8, 9) for w in (0, 40) for o in (False, True)] + [(64, 40, True)],
)
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_crisis_answers_at_the_demands_are_those_at_every_pair(states, warheads, odd, monkeypatch):
    const, view, m, y, greedy, allied, *_, demand, x, c_target, xi = _year(states, warheads, states)
    if odd:  # an infinite and a NaN strength: the expected allies' sums as numpy's
        m[3, 1], m[5, 0] = np.inf, np.nan
    scale = np.linspace(0.0, 0.6, states)
    bargain = choices.Bargain(None, c_target, x, None, None)
    stake = values.war_values(view, m, y, greedy, allied, const).stake
    fast_rng, slow_rng = np.random.default_rng(5), np.random.default_rng(5)
    args = (np.nonzero(demand), m, y, greedy, allied, const, scale)
    crisis = sparse.crisis_compiled(*args, fast_rng, bargain, stake, xi)
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert sparse.crisis_compiled(*args, slow_rng, bargain, stake, xi) is None
    cview = values.perceive(m, scale, slow_rng)
    assert fast_rng.random() == slow_rng.random()  # the same draws
    cv = values.war_values(cview, m, y, greedy, allied, const)
    ans = resolve.answer(demand, x, c_target, xi, cv.p_def, cv.W_atk, stake, const)
    r, i, j = crisis.r, crisis.i, crisis.j
    assert (np.nonzero(demand)[0] == r).all()
    for got, want in zip(crisis.answers, (ans.conceded, ans.fought, ans.backed_down), strict=True):
        np.testing.assert_array_equal(got, want[r, i, j])
    assert crisis.answers.any(axis=1).all()  # every answer occurs
    wants = (cv.p_atk[r, i, j], cv.gain_if_win[r, i, j], cv.loss_if_lose[r, i, j],
             cv.p_def[r, j, i])  # fmt: skip
    for got, want in zip(crisis.values, wants, strict=True):
        np.testing.assert_array_equal(_bits(got), _bits(want))


@pytest.mark.parametrize("warheads", [0, 40])
def test_the_hawk_counterfactual_at_the_demands_is_the_numpy_one(warheads, monkeypatch):
    const, view, m, y, greedy, allied, mu, eligible, _, demand, x, c_target, xi = _year(
        8, warheads, 7
    )
    scale = np.full(8, 0.3)
    vals = values.war_values(view, m, y, greedy, allied, const)
    bargain = choices.Bargain(None, c_target, x, None, None)
    crisis = sparse.crisis_compiled(np.nonzero(demand), m, y, greedy, allied, const, scale,
                                    np.random.default_rng(2), bargain, vals.stake, xi)  # fmt: skip
    still = sparse.hawkless_sparse(crisis, eligible, vals, view, y, mu, xi, const)
    monkeypatch.setattr(compiled, "NUMBA", False)
    cvals = values.war_values(values.perceive(m, scale, np.random.default_rng(2)), m, y, greedy,
                              allied, const)  # fmt: skip
    fought = resolve.answer(demand, x, c_target, xi, cvals.p_def, cvals.W_atk, vals.stake,
                            const).fought  # fmt: skip
    want = decisions._fought_without_hawks(view, vals, cvals, y, mu, eligible, xi, const, fought)
    r, i, j = crisis.r, crisis.i, crisis.j
    np.testing.assert_array_equal(crisis.answers[1], fought[r, i, j])
    assert (still | crisis.answers[1]).all()  # True where not fought
    assert still[crisis.answers[1]].any() and not still[crisis.answers[1]].all()
    f = crisis.answers[1]
    np.testing.assert_array_equal(still[f], want[r[f], i[f], j[f]])


def test_a_year_answered_at_its_demands_is_the_year_answered_everywhere(monkeypatch):
    fast = simulate(PARAMS, **KW)
    monkeypatch.setattr(decisions, "_answer_demands", lambda *args: None)
    assert_trajectories_equal(fast, simulate(PARAMS, **KW))


@pytest.mark.parametrize("states", [3, 8, 9])
@pytest.mark.parametrize("warheads", [0, 40])
@pytest.mark.parametrize("prevention", [False, True])
def test_the_truth_counterfactual_at_the_wars_is_the_numpy_one(
    states, warheads, prevention, monkeypatch
):
    const, _, m, y, greedy, allied, mu, eligible, trend, fought, *_, xi = _year(
        states, warheads, states + 20
    )
    trend = trend if prevention else None
    wars = np.nonzero(fought)
    args = (mu, trend, eligible, xi, allied, const)
    fast = sparse.counterfactual_compiled(wars, m, y, greedy, *args)
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert sparse.counterfactual_compiled(wars, m, y, greedy, *args) is None
    world = decisions.World(m, y, np.zeros_like(y), greedy)
    slow = decisions._counterfactual(world, m, y, *args, fought)
    assert fast.any() and not fast.all()  # some wars true, some misperceived
    np.testing.assert_array_equal(fast, slow[wars])


@pytest.mark.parametrize("states", [3, 8])
@pytest.mark.parametrize("pacts", ["some-runs", "elsewhere", "none"])
@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_the_truth_at_the_wars_counts_the_pacts_of_the_wars_runs(states, pacts, monkeypatch):
    """Expected allies count when some run with a war has a pact, as on those runs in numpy.

    An infinite and a NaN strength make the difference visible (``0.0 * inf`` is NaN).
    """
    const, _, m, y, greedy, allied, mu, eligible, trend, fought, *_, xi = _year(states, 40, 31)
    m[3, 1], m[5, 0] = np.inf, np.nan
    fought[[3, 5], 0, 1] = eligible[[3, 5], 0, 1]
    wars = np.nonzero(fought)
    runs = np.unique(wars[0])
    allied = allied.copy()
    if pacts == "elsewhere":  # pacts only in runs without a war
        allied[runs] = False
        allied[np.setdiff1d(np.arange(allied.shape[0]), runs)[:3], 0, 1] = True
    elif pacts == "none":
        allied[...] = False
    else:  # pacts in some runs with a war, not in the odd ones
        allied[[3, 5]] = False
    assert fought[3].any() and fought[5].any()
    args = (mu, trend, eligible, xi, allied, const)
    fast = sparse.counterfactual_compiled(wars, m, y, greedy, *args)
    monkeypatch.setattr(compiled, "NUMBA", False)
    world = decisions.World(m, y, np.zeros_like(y), greedy)
    slow = decisions._counterfactual(world, m, y, *args, fought)
    np.testing.assert_array_equal(fast, slow[wars])


def every_run(pairs, *arrays):
    """:func:`decisions._runs_with` that keeps every run."""
    return np.arange(pairs.shape[0]), list(arrays)


def test_a_counterfactual_at_the_wars_is_the_one_on_every_pair(monkeypatch):
    fast = simulate(PARAMS, **KW)
    monkeypatch.setattr(decisions, "counterfactual_compiled", lambda *args: None)
    monkeypatch.setattr(decisions, "_runs_with", every_run)
    assert_trajectories_equal(fast, simulate(PARAMS, **KW))


def test_the_compiled_payments_are_the_numpy_ones(monkeypatch):
    """Chains of concessions in a run (a target that also demands) are paid in challenger order."""
    from realpolitik.engine.world import World

    rng = np.random.default_rng(4)
    R, N = 300, 5
    target = rng.integers(0, N, (R, N))
    demand = np.zeros((R, N, N), dtype=bool)
    rr, kk = np.nonzero((target != np.arange(N)) & (rng.random((R, N)) < 0.7))
    demand[rr, kk, target[rr, kk]] = True
    x, stake = rng.random((2, R, N, N)) * 2.0
    gdp = rng.random((R, N)) * 3.0
    const = constants.prepare(Params.strategic(**strategic_configuration(N)), N)
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        world = World(np.ones((R, N)), gdp.copy(), np.zeros((R, N)), np.zeros((R, N), dtype=bool))
        world.settled = np.zeros((R, N, N), dtype=np.int16)
        year = resolve.Year(np.zeros_like(demand), np.zeros(demand.shape, np.int8), demand)
        moves = decisions._moves(year, N)
        conceded = np.random.default_rng(5).random(moves.t.size) < 0.8  # the others: resisted
        decisions._pay(world, moves, conceded, x, stake, const)
        got.append((world.gdp, world.settled, world.event_column(decisions.COLUMNS[3])))
    assert (got[1][0] == 0.0).any()  # some target paid all it had
    for fast, slow in zip(*got, strict=True):
        np.testing.assert_array_equal(fast, slow)


@pytest.mark.parametrize("states", [3, 8, 9])
def test_the_crisis_on_the_move_list_skips_the_strikes(states):
    const, view, m, y, greedy, allied, *_, demand, x, c_target, xi = _year(states, 40, states)
    scale = np.linspace(0.0, 0.6, states)
    bargain = choices.Bargain(None, c_target, x, None, None)
    stake = values.war_values(view, m, y, greedy, allied, const).stake
    strike = ~demand & (np.random.default_rng(3).random(demand.shape) < 0.2)
    listed = np.nonzero(demand | strike)
    skip = strike[listed]
    args = (m, y, greedy, allied, const, scale)
    rng_all, rng_demands = np.random.default_rng(5), np.random.default_rng(5)
    got = sparse.crisis_compiled(listed, *args, rng_all, bargain, stake, xi, skip)
    want = sparse.crisis_compiled(np.nonzero(demand), *args, rng_demands, bargain, stake, xi)
    assert rng_all.random() == rng_demands.random()  # the same draws
    assert skip.any() and not skip.all()
    assert not got.answers[:, skip].any()  # a strike has no answer
    np.testing.assert_array_equal(got.answers[:, ~skip], want.answers)
    np.testing.assert_array_equal(_bits(got.values[:, ~skip]), _bits(want.values))

"""The strategic engine's fast routes give the numbers of its numpy reference, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import Params, compiled, simulate
from realpolitik.engine.mechanisms import decisions
from realpolitik.engine.strategy import kernels, values
from realpolitik.testing import (
    assert_trajectories_equal,
    full_schedule,
    strategic_configuration,
)

STATES, YEARS = 6, 12
KW = dict(states=STATES, runs=48, years=YEARS, seed=11, chunk_size=16,
          schedule=full_schedule(STATES, YEARS))  # fmt: skip
PARAMS = Params.strategic(**strategic_configuration(STATES, burn_in=3))


@pytest.fixture(scope="module")
def strategic():
    return simulate(PARAMS, **KW)


def test_the_strategic_workload_has_wars_strikes_and_hawk_bias(strategic):
    ev = strategic.events
    assert (ev["kind"] == "war").sum() > 0
    assert {"hawk_bias", "bargaining_failure"} <= set(ev["cause"].dropna().astype(str))
    assert ev["misperceived"].any()


@pytest.mark.parametrize("n", [0, 1, 5, 7, 8, 9, 15, 16, 17, 31, 64, 100, 128])
def test_the_compiled_sum_is_numpys_pairwise_sum(n):
    rng = np.random.default_rng(n)
    a = rng.random(n) * 10.0 ** rng.integers(-8, 8, n)
    assert kernels.pairwise_sum(a, n) == a.sum()


@pytest.mark.parametrize("states", [2, 3, 5, 8, 9, 12, 17])
def test_the_compiled_expected_allies_are_the_numpy_ones(states, monkeypatch):
    rng = np.random.default_rng(states)
    allied = rng.random((40, states, states)) < 0.4
    allied &= np.swapaxes(allied, 1, 2)
    allied[:, np.arange(states), np.arange(states)] = False
    chat = rng.random((40, states, states)) * 10.0 ** rng.integers(-6, 6, (40, states, states))
    join = rng.random((states, states - 1))
    fast = kernels.expected_allies_compiled(allied, chat, join)
    assert fast is not None
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert kernels.expected_allies_compiled(allied, chat, join) is None
    for got, want in zip(fast, values.expected_allies(allied, chat, join), strict=True):
        np.testing.assert_array_equal(got, want)


def test_compiled_loops_give_the_numbers_of_the_numpy_operations(strategic, monkeypatch):
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert_trajectories_equal(strategic, simulate(PARAMS, **KW))


def test_counterfactuals_on_the_runs_with_a_war_are_those_on_every_run(strategic, monkeypatch):
    def every_run(pairs, *arrays):
        return np.arange(pairs.shape[0]), list(arrays)

    monkeypatch.setattr(decisions, "_runs_with", every_run)
    assert_trajectories_equal(strategic, simulate(PARAMS, **KW))


@pytest.mark.parametrize("numba", [True, False])
def test_the_same_seed_gives_the_same_result_with_two_workers(strategic, numba, monkeypatch):
    monkeypatch.setattr(compiled, "NUMBA", numba)
    assert_trajectories_equal(strategic, simulate(PARAMS, workers=2, **KW))


# Whole runs under other configurations: offense dominance (decisiveness 2, preemption), a
# decisiveness of 1 (no power), no pacts / nuclear weapons / hawks, no prevention with the prior
# as beliefs.
CONFIGURATIONS = {
    "offense": dict(offense_advantage=1.0),
    "gamma_one": dict(offense_advantage=0.5),
    "bare": dict(alliances=False, hawkishness=0.0, nuclear_warheads=0),
    "no_prevention": dict(patience=0.0, type_beliefs=False),
}


@pytest.mark.parametrize("name", sorted(CONFIGURATIONS))
def test_compiled_loops_match_numpy_under_other_configurations(name, monkeypatch):
    params = Params.strategic(**strategic_configuration(STATES, burn_in=3, **CONFIGURATIONS[name]))
    fast = simulate(params, **KW)
    assert (fast.events["kind"] == "war").sum() > 0
    assert_trajectories_equal(fast, simulate(params, workers=2, **KW))
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert_trajectories_equal(fast, simulate(params, **KW))


def test_the_offense_workload_has_preemptive_wars():
    params = Params.strategic(
        **strategic_configuration(STATES, burn_in=3, **CONFIGURATIONS["offense"])
    )
    causes = set(simulate(params, **KW).events["cause"].dropna().astype(str))
    assert {"prevention", "preemption", "hawk_bias", "bargaining_failure"} <= causes


def _random_year(states: int, seed: int):
    """A year's inputs with zero strengths and zero GDP among them (the contest's edge cases)."""
    rng = np.random.default_rng(seed)
    R, N = 64, states
    military = rng.random((R, N)) * 10.0 ** rng.integers(-3, 3, (R, N))
    gdp = rng.random((R, N)) * 100.0
    military[rng.random((R, N)) < 0.1] = 0.0
    gdp[rng.random((R, N)) < 0.1] = 0.0
    allied = rng.random((R, N, N)) < 0.3
    allied &= np.swapaxes(allied, 1, 2)
    allied[:, np.arange(N), np.arange(N)] = False
    mu = rng.random((R, N, N))
    eligible = ~allied & ~np.eye(N, dtype=bool)[None]
    trend = rng.normal(0.0, 0.05, (R, N))
    greedy = rng.random((R, N)) < 0.5
    view = values.perceive(military, np.full(N, 0.4), rng)
    return view, military, gdp, greedy, allied, mu, eligible, trend


# 12 states: coalitions of up to two allies a side summed directly, larger ones term by term;
# 17: no bit tables (every coalition term by term)
@pytest.mark.parametrize("states", [3, 8, 9, 12, 17])
def test_compiled_war_values_and_choices_are_the_numpy_ones(states, monkeypatch):
    from realpolitik.engine.strategy import choices, constants

    params = Params.strategic(**strategic_configuration(states))
    const = constants.prepare(params, states)
    view, m, y, greedy, allied, mu, eligible, trend = _random_year(states, states)
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        vals = values.war_values(view, m, y, greedy, allied, const)
        cold = values.war_values(view, m, y, greedy, allied, const, hawk=False)
        pc = choices.pair_choices(vals, view, m, y, mu, trend, eligible, const)
        b = choices.bargain(cold, view, y, mu, const)
        got.append([*vars(vals).values(), *vars(cold).values(), *vars(pc.bargain).values(),
                    pc.demand, pc.strike_kind, pc.strike_margin, *vars(b).values()])  # fmt: skip
    for fast, slow in zip(*got, strict=True):
        assert fast.dtype == slow.dtype and fast.shape == slow.shape
        # the same bits (signed zeros and NaNs included)
        np.testing.assert_array_equal(np.ascontiguousarray(fast).view(np.uint8),
                                      np.ascontiguousarray(slow).view(np.uint8))  # fmt: skip


@pytest.mark.parametrize("numba", [True, False])
@pytest.mark.parametrize("warheads", [0, 40])
def test_values_without_hawks_are_those_computed_without_hawks(numba, warheads, monkeypatch):
    from realpolitik.engine.mechanisms import deterrence
    from realpolitik.engine.strategy import constants

    monkeypatch.setattr(compiled, "NUMBA", numba)
    states = 8
    params = Params.strategic(**strategic_configuration(states, nuclear_warheads=warheads))
    const = constants.prepare(params, states)
    const.nuclear = deterrence.prepare(params, states)
    assert (const.nuclear is None) == (warheads == 0)
    view, m, y, greedy, allied, *_ = _random_year(states, 5)
    rows = np.array([1, 4, 5, 30, 63])
    vals = values.war_values(view, m, y, greedy, allied, const)
    cold = values.war_values(
        values.Perception(view.mhat[rows]),
        m[rows],
        y[rows],
        greedy[rows],
        allied[rows],
        const,
        hawk=False,
    )
    got = values.without_hawks(vals, rows, y[rows], const)
    assert np.any(got.W_atk != vals.W_atk[rows])  # the hawks mattered
    for name, want in vars(cold).items():
        bits = np.ascontiguousarray(getattr(got, name)).view(np.uint8)
        np.testing.assert_array_equal(bits, np.ascontiguousarray(want).view(np.uint8), name)


@pytest.mark.parametrize("per_pair", [False, True])
def test_the_compiled_perception_is_the_numpy_one(per_pair, monkeypatch):
    rng = np.random.default_rng(3)
    R, N = 50, 7
    military = rng.random((R, N)) * 10.0 ** rng.integers(-3, 3, (R, N))
    military[rng.random((R, N)) < 0.1] = 0.0
    military[0, 0] = np.nan
    scale = rng.random((R, N, N)) * 2.0 if per_pair else np.array([0.0, 0.3, 1.5, 2, 3, 0, 0.1])
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        got.append(values.perceive(military, scale, np.random.default_rng(9)).mhat)
    assert (got[0] == 0.0).any()  # views cut at zero
    np.testing.assert_array_equal(got[0].view(np.uint8), got[1].view(np.uint8))


def _random_choices(seed: int, R: int = 400, N: int = 6):
    """Pair choices with ties, NaNs and -inf among the margins and gains (numpy's edge cases)."""
    from realpolitik.engine.strategy.choices import Bargain, PairChoices

    rng = np.random.default_rng(seed)
    kind = np.where(rng.random((R, N, N)) < 0.2, rng.integers(1, 4, (R, N, N)), 0).astype(np.int8)
    margin = rng.choice([0.0, 1.0, 2.0, np.nan, -np.inf], (R, N, N))
    demand = rng.random((R, N, N)) < 0.5
    gain = rng.choice([0.0, 1.0, 3.0, np.nan, -np.inf, np.inf], (R, N, N))
    gain[::3] = rng.random((R, N, N))[::3]
    for a in (kind, demand):
        a[:, np.arange(N), np.arange(N)] = 0
    settled = rng.integers(-1, 3, (R, N, N)).astype(np.int16)
    x, c = rng.random((2, R, N, N))
    b = Bargain(rng.random((R, N, N)), c, x, rng.random((R, N, N)), gain)
    return PairChoices(b, demand, kind, margin), settled, rng


@pytest.mark.parametrize("with_settled", [False, True])
def test_the_compiled_selection_and_answers_are_the_numpy_ones(with_settled, monkeypatch):
    from realpolitik.engine.strategy import constants, resolve

    choices, settled, rng = _random_choices(4)
    settled = settled if with_settled else None
    R, N, _ = choices.demand.shape
    const = constants.prepare(Params.strategic(**strategic_configuration(N)), N)
    xi, p_def, W_atk, stake = rng.random((4, R, N, N))
    W_atk -= 0.5
    p_def[:, 0, 1] = np.nan
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        year = resolve.select(choices, settled)
        b = choices.bargain
        ans = resolve.answer(year.demand, b.x, b.c_target, xi, p_def, W_atk, stake, const)
        got.append([*vars(year).values(), *vars(ans).values()])
    assert got[1][0].any() and got[1][2].any()  # strikes and demands
    assert got[1][3].any() and got[1][4].any() and got[1][5].any()  # every answer
    for fast, slow in zip(*got, strict=True):
        assert fast.dtype == slow.dtype
        np.testing.assert_array_equal(fast, slow)


@pytest.mark.parametrize("states", [3, 8, 9])
def test_war_values_at_some_pairs_are_those_of_every_pair(states):
    from realpolitik.engine.mechanisms import deterrence
    from realpolitik.engine.strategy import constants

    params = Params.strategic(**strategic_configuration(states))
    const = constants.prepare(params, states)
    const.nuclear = deterrence.prepare(params, states)
    view, m, y, greedy, allied, *_ = _random_year(states, states + 1)
    pairs = np.random.default_rng(1).random(allied.shape) < 0.1
    full = values.war_values(view, m, y, greedy, allied, const)
    some = values.war_values(view, m, y, greedy, allied, const, pairs=pairs)
    want = pairs | np.swapaxes(pairs, 1, 2)
    assert np.isnan(some.M[~want]).all() and np.isnan(some.Mhat[~want]).all()
    for name in ("M", "Mhat", "p_atk", "p_def", "W_atk", "W_def", "W_atk_conv", "gain_if_win"):
        got, ref = getattr(some, name)[want], getattr(full, name)[want]
        np.testing.assert_array_equal(got.view(np.uint8), ref.view(np.uint8), name)


def test_values_only_at_the_pairs_read_give_the_same_runs(strategic, monkeypatch):
    every_pair = decisions.war_values

    def war_values(*args, pairs=None, **kwargs):
        return every_pair(*args, **kwargs)

    monkeypatch.setattr(decisions, "war_values", war_values)
    assert_trajectories_equal(strategic, simulate(PARAMS, **KW))


@pytest.mark.parametrize("warheads", [0, 40])
def test_the_compiled_hawk_counterfactual_is_the_numpy_one(warheads, monkeypatch):
    from realpolitik.engine.mechanisms import deterrence
    from realpolitik.engine.strategy import constants

    states = 8
    params = Params.strategic(
        **strategic_configuration(states, nuclear_warheads=warheads, hawkishness=2.0)
    )
    const = constants.prepare(params, states)
    const.nuclear = deterrence.prepare(params, states)
    view, m, y, greedy, allied, mu, eligible, _ = _random_year(states, 7)
    rng = np.random.default_rng(8)
    cview = values.Perception(view.mhat * rng.uniform(0.8, 1.2, view.mhat.shape))
    xi = rng.random(view.mhat.shape)
    fought = eligible & (rng.random(eligible.shape) < 0.3)
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        vals = values.war_values(view, m, y, greedy, allied, const)
        cvals = values.war_values(cview, m, y, greedy, allied, const)
        args = (view, vals, cvals, y, mu, eligible, xi, const, fought)
        got.append(decisions._fought_without_hawks(*args) & fought)
    assert got[1].any() and (fought & ~got[1]).any()  # some would, some would not be fought
    np.testing.assert_array_equal(got[0], got[1])

"""The resolve half's compiled loops write what its numpy operations write, bit for bit."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from realpolitik.engine import compiled
from realpolitik.engine.mechanisms import decisions
from realpolitik.engine.world import World

sys.path.insert(0, str(Path(__file__).parent))


def _world(R: int, N: int, rng) -> World:
    greedy = rng.random((R, N)) < 0.5
    world = World(rng.random((R, N)) * 5.0, rng.random((R, N)) * 9.0, np.ones((R, N)), greedy)
    world.event_flags[...] = rng.integers(0, 16, world.event_flags.shape)  # earlier phases' bits
    return world


def _random_moves(R: int, N: int, rng) -> decisions._Moves:
    """At most one move per unordered pair, either direction, strikes of every kind."""
    iu, ju = np.triu_indices(N, 1)
    r, p = np.nonzero(rng.random((R, iu.size)) < 0.3)
    flip = rng.random(r.size) < 0.5
    i, j = np.where(flip, ju[p], iu[p]), np.where(flip, iu[p], ju[p])
    t = (r * N + i) * N + j
    order = np.argsort(t)
    r, i, j, t = r[order], i[order], j[order], t[order]
    kind = np.where(rng.random(r.size) < 0.3, rng.integers(1, 4, r.size), 0)
    return decisions._Moves(t, r, i, j, kind > 0, kind)


@pytest.mark.parametrize(("states", "nuclear"), [(2, False), (5, True), (8, True), (9, False)])
def test_the_compiled_record_is_the_numpy_one(states, nuclear, monkeypatch):
    rng = np.random.default_rng(states)
    R, N = 200, states
    moves = _random_moves(R, N, rng)
    conceded, fought, misperceived, hawk = rng.random((4, moves.t.size)) < 0.5
    fought |= moves.strike
    conceded &= ~fought
    mu = rng.random((R, N, N))
    P = N * (N - 1) // 2
    nuc = SimpleNamespace(pair=rng.random(P) < 0.5) if nuclear else None
    const = SimpleNamespace(pi_star=rng.random(N), nuclear=nuc)
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        world = _world(R, N, np.random.default_rng(1))
        decisions._record(world, moves, conceded, fought, misperceived, hawk, mu, const)
        cols = [world.event_column(decisions.COLUMNS[k]).copy() for k in (0, 1, 2, 5)]
        got.append([world.crisis, world.initiator_second, world.war, world.event_flags, *cols])
    assert got[1][2].any() and (got[1][4] == 2).any()  # wars, and backed-down demands
    for fast, slow in zip(*got, strict=True):
        assert fast.dtype == slow.dtype
        np.testing.assert_array_equal(fast, slow)


@pytest.mark.parametrize("states", [2, 5, 8, 9])
def test_the_compiled_war_list_is_the_numpy_one(states):
    from realpolitik.engine.strategy.choices import KIND_NUCLEAR
    from realpolitik.engine.strategy.resolve_loops import wars_compiled

    rng = np.random.default_rng(states + 10)
    R, N = 200, states
    moves = _random_moves(R, N, rng)
    fought = moves.strike | (rng.random(moves.t.size) < 0.4)
    od = 1.0 + rng.random(N)
    peace = rng.integers(0, 3, (R, N, N)).astype(np.int16)
    want_peace = peace.copy()
    got = wars_compiled((moves.r, moves.i, moves.j, moves.kind), fought, od, KIND_NUCLEAR,
                        peace, 7)  # fmt: skip
    # the numpy route of decisions._fight
    world = _world(R, N, rng)
    r, i, j = moves.pick(fought)
    p, second = decisions._pairs(world, r, i, j)
    order = np.argsort(r * world.pairs + p, kind="stable")
    r, i, j, p, second = r[order], i[order], j[order], p[order], second[order]
    nuc = moves.kind[fought][order] == KIND_NUCLEAR
    want_peace[r, i, j] = 7
    want_peace[r, j, i] = 7
    for a, b in zip(got, (r, p, i, j, second, nuc, od[i], nuc.any()), strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(peace, want_peace)
    assert nuc.any() and (states == 2 or np.unique(r).size < r.size)  # runs of several wars


@pytest.mark.parametrize("states", [3, 8])
@pytest.mark.parametrize("gamma", [1.4, 1.0, 0.0])
def test_wars_on_mobilised_strengths_are_those_on_the_strength_array(states, gamma, monkeypatch):
    from realpolitik.engine import Params
    from realpolitik.engine.mechanisms import war
    from realpolitik.testing import strategic_configuration

    keys = strategic_configuration(states, decisiveness=gamma, offense_advantage=None)
    params = Params.strategic(**keys).resolve(states)
    const = war.prepare(params, states)
    mob = np.linspace(0.01, 0.4, states)
    got = []
    for numba, by_mob in ((True, True), (False, True), (False, False)):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        rng = np.random.default_rng(3)
        world = _world(100, states, rng)
        world.military[rng.random(world.military.shape) < 0.3] = 0.0  # sides with nothing
        world.gdp[rng.random(world.gdp.shape) < 0.3] = 0.0
        allied = rng.random((100, states, states)) < 0.35
        world.allied = allied | np.swapaxes(allied, 1, 2)
        r, p = np.divmod(np.flatnonzero(rng.random(100 * world.pairs) < 0.3), world.pairs)
        second, u = rng.random(r.size) < 0.5, rng.random(r.size)
        factor = 1.0 + rng.random(r.size)
        strength = None if by_mob else world.military + mob[None, :] * world.gdp
        first = war.fight(world, params, rng, r, p, second, u, const, strength, factor,
                          mob if by_mob else None)  # fmt: skip
        got.append((first, world.military, world.gdp, world.winner_second, rng.random()))
    assert 0 < got[1][0].sum() < got[1][0].size  # both sides won some wars
    for fast, slow in zip(got[0], got[1], strict=True):
        np.testing.assert_array_equal(fast, slow)
    for fast, slow in zip(got[0], got[2], strict=True):
        np.testing.assert_array_equal(fast, slow)


@pytest.mark.parametrize(("states", "seed"), [(2, 1), (3, 2), (8, 3), (9, 4), (65, 5)])
@pytest.mark.parametrize("with_settled", [False, True])
def test_the_compiled_selection_and_its_move_list_are_the_numpy_ones(
    states, seed, with_settled, monkeypatch
):
    """Strikes in few runs, demands with NaN, -inf and tied gains: numpy's argmax and ties.

    N <= 8: a run's candidates in one word of bits; 9: a row's; 65: the scan of a row.
    """
    from test_strategic_speed import _random_choices

    from realpolitik.engine.strategy import resolve

    choices, settled, _ = _random_choices(seed, R=300, N=states)
    choices.strike_kind[50:] = 0  # most runs strike no one
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        year = resolve.select(choices, settled if with_settled else None)
        got.append(list(vars(year).values()))
    assert got[1][0].any() and got[1][2].any()
    for fast, slow in zip(*got, strict=True):
        assert fast.dtype == slow.dtype
        np.testing.assert_array_equal(fast, slow)


@pytest.mark.parametrize("states", [2, 5, 8, 13])
def test_the_cession_table_is_numpys_power_of_the_counts(states):
    """``(1 - c)**n`` read from the table has the bits of numpy's power on a count array."""
    from realpolitik.engine.mechanisms.war import cession_keep

    rng = np.random.default_rng(states)
    N, P = states, states * (states - 1) // 2
    for scale in (1e-3, 0.1, 1.0):
        c = rng.random(N) * scale
        c[0] = 0.0
        keep = cession_keep(c, max(N, P + 1))
        n = rng.integers(0, max(N, P + 1), (500, N)) * (rng.random((500, N)) < 0.4)
        want = (1.0 - c)[None, :] ** n  # war._cede's operation
        got = keep[n, np.arange(N)[None, :]]
        np.testing.assert_array_equal(got.view(np.uint64), want.view(np.uint64))

"""The resolve half's compiled loops write what its numpy operations write, bit for bit."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from realpolitik.engine import compiled
from realpolitik.engine.mechanisms import decisions
from realpolitik.engine.world import World


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

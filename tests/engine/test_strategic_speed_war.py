"""The compiled coalition wars (:mod:`~realpolitik.engine.mechanisms.war_loops`) are numpy's.

:func:`~realpolitik.engine.mechanisms.war.fight` by its loops against its numpy operations
(``NUMBA = False``), bit for bit, on random years of wars: with and without allies, cession,
the strategic engine's strengths and first-strike factors, states with nothing, and several
wars of one state in a year.
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import Params, compiled
from realpolitik.engine.mechanisms import war
from realpolitik.engine.world import World
from realpolitik.testing import strategic_configuration


def _year(states: int, seed: int, runs: int = 60):
    """A world with pacts and some wars per run, and the wars' arguments of ``fight``."""
    rng = np.random.default_rng(seed)
    m = rng.random((runs, states)) * 10.0 ** rng.integers(-3, 2, (runs, states))
    m[rng.random((runs, states)) < 0.1] = 0.0  # states with nothing
    y = rng.random((runs, states)) * 5.0
    world = World(military=m, gdp=y, growth=np.ones_like(m), greedy=m > 1.0)
    allied = rng.random((runs, states, states)) < 0.35
    allied = allied | np.swapaxes(allied, 1, 2)
    allied[:, np.arange(states), np.arange(states)] = False
    world.allied = allied
    flat = np.flatnonzero(rng.random(runs * world.pairs) < 0.3)  # (run, pair) order
    r, p = np.divmod(flat, world.pairs)
    return world, rng, r, p, rng.random(flat.size) < 0.5, rng.random(flat.size)


def _fight(states, seed, keys, strategic, numba, monkeypatch):
    monkeypatch.setattr(compiled, "NUMBA", numba)
    params = Params.strategic(**strategic_configuration(states, **keys)).resolve(states)
    world, rng, r, p, second, u = _year(states, seed)
    const = war.prepare(params, states)
    strength, factor = None, None
    if strategic:
        strength = world.military + 0.3 * world.gdp
        factor = 1.0 + np.random.default_rng(seed + 1).random(r.size)
    first = war.fight(world, params, rng, r, p, second, u, const, strength, factor)
    joiners = [np.concatenate(a) for a in zip(*world.joiners, strict=True)] if world.joiners else []
    return first, world, joiners, rng.random()


@pytest.mark.parametrize("states", [3, 8, 9])
@pytest.mark.parametrize(
    "keys",
    [{}, dict(gdp_cession=0.0), dict(alliances=False), dict(offense_advantage=0.5)],
    ids=["allies-cession", "no-cession", "no-allies", "gamma1"],
)
@pytest.mark.parametrize("strategic", [False, True])
def test_the_compiled_coalition_wars_are_numpys(states, keys, strategic, monkeypatch):
    fast = _fight(states, states, keys, strategic, True, monkeypatch)
    slow = _fight(states, states, keys, strategic, False, monkeypatch)
    np.testing.assert_array_equal(fast[0], slow[0])
    assert 0 < fast[0].sum() < fast[0].size  # both sides won some wars
    for name in ("military", "gdp", "winner_second"):
        a, b = getattr(fast[1], name), getattr(slow[1], name)
        np.testing.assert_array_equal(a.view(np.uint8), b.view(np.uint8), err_msg=name)
    assert len(fast[2]) == len(slow[2])
    for a, b in zip(fast[2], slow[2], strict=True):
        np.testing.assert_array_equal(a, b)
    if set(keys) <= {"gdp_cession"} and states > 3:
        assert fast[2][0].size > 0  # allies joined
    assert fast[3] == slow[3]  # the same draws


def _fight_some_runs(states, numba, monkeypatch):
    """Wars in the even runs only; the odd runs' GDP has 0, -0, inf and NaN among its values."""
    monkeypatch.setattr(compiled, "NUMBA", numba)
    params = Params.strategic(**strategic_configuration(states)).resolve(states)
    world, rng, r, p, second, u = _year(states, 5, runs=40)
    keep = r % 2 == 0
    r, p, second, u = r[keep], p[keep], second[keep], u[keep]
    odd = world.gdp[1::2]
    odd[:, 0] = 0.0
    odd[:4, 1] = [-0.0, np.inf, np.nan, -np.inf]
    world.gdp[1::2] = odd
    const = war.prepare(params, states)
    first = war.fight(world, params, rng, r, p, second, u, const, None, None)
    return first, world


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # numpy's inf * 0
@pytest.mark.parametrize("states", [3, 8])
def test_runs_without_a_war_keep_their_gdp_bits_as_numpys(states, monkeypatch):
    """The loops skip the cession's ``(gdp - 0) + 0`` where it changes no bit, and only there."""
    fast = _fight_some_runs(states, True, monkeypatch)
    slow = _fight_some_runs(states, False, monkeypatch)
    np.testing.assert_array_equal(fast[0], slow[0])
    for name in ("military", "gdp"):
        a, b = getattr(fast[1], name), getattr(slow[1], name)
        np.testing.assert_array_equal(a.view(np.uint8), b.view(np.uint8), err_msg=name)
    assert np.isnan(fast[1].gdp[3, 1]) and np.signbit(slow[1].gdp[1, 1]) == np.signbit(
        fast[1].gdp[1, 1]
    )

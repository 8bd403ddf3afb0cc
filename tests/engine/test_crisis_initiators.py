"""Without a crisis drawn (p0 = 0) the compiled pass sets the numpy route's initiators."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import Params, compiled
from realpolitik.engine.mechanisms import crisis
from realpolitik.engine.world import World


def _world(states: int, weighted: bool, seed: int) -> World:
    rng = np.random.default_rng(seed)
    R, N = 300, states
    m = rng.random((R, N)) * 10.0 ** rng.integers(-3, 2, (R, N))
    m[rng.random((R, N)) < 0.1] = 0.0  # the TINY guard
    world = World(m, rng.random((R, N)), np.ones((R, N)), rng.random((R, N)) < 0.5)
    world.begin_step()
    world.perceived = m[:, None, :] * (0.5 + rng.random((R, N, N)))
    world.perceived[rng.random((R, N, N)) < 0.05] = 0.0  # ties at 0
    if weighted:
        world.threat_weight = rng.random((R, N, N)) * 2.0
    world.crisis_u[...] = rng.random(world.crisis_u.shape)  # left as it is
    world.war_prob = np.ones((R, world.pairs))  # an earlier year's: dropped
    return world


@pytest.mark.parametrize("states", [2, 5, 8])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("beta", [2.0, 1.5])
def test_the_initiators_without_crises_are_numpys(states, weighted, beta, monkeypatch):
    params = Params.core(crisis_base_rate=0.0, crisis_sensitivity=beta).resolve(states)
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        world = _world(states, weighted, states)
        rng = np.random.default_rng(1)
        crisis.step(world, params, rng)
        got.append((world.initiator_second, world.crisis, world.crisis_u, world.war_prob,
                    rng.random()))  # fmt: skip
    fast, slow = got
    assert slow[0].any() and not slow[0].all()
    assert not slow[1].any() and fast[3] is None and slow[3] is None
    for a, b in zip(fast[:3], slow[:3], strict=True):
        np.testing.assert_array_equal(a, b)
    assert fast[4] == slow[4]  # nothing drawn

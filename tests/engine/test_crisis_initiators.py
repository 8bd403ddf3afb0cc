"""Without a crisis drawn (p0 = 0) the crisis phase computes nothing: no crisis, no initiator."""

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
    world = World(m, rng.random((R, N)), np.ones((R, N)), rng.random((R, N)) < 0.5)
    world.begin_step()
    world.perceived = m[:, None, :] * (0.5 + rng.random((R, N, N)))
    if weighted:
        world.threat_weight = rng.random((R, N, N)) * 2.0
    world.initiator_second[...] = rng.random(world.crisis.shape) < 0.5  # an earlier phase's
    world.crisis_u[...] = rng.random(world.crisis_u.shape)  # left as it is
    world.war_prob = np.ones((R, world.pairs))  # an earlier year's: dropped
    return world


@pytest.mark.parametrize("states", [2, 5, 8])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("beta", [2.0, 1.5])
@pytest.mark.parametrize("numba", [True, False])
def test_no_crisis_drawn_means_no_crisis_and_no_initiator(states, weighted, beta, numba,
                                                          monkeypatch):  # fmt: skip
    monkeypatch.setattr(compiled, "NUMBA", numba)
    params = Params.core(crisis_base_rate=0.0, crisis_sensitivity=beta).resolve(states)
    world = _world(states, weighted, states)
    u = world.crisis_u.copy()
    rng = np.random.default_rng(1)
    crisis.step(world, params, rng)
    assert not world.crisis.any() and not world.initiator_second.any()
    assert world.war_prob is None
    np.testing.assert_array_equal(world.crisis_u, u)
    assert rng.random() == np.random.default_rng(1).random()  # nothing drawn

"""One home for compiled code: the switch, the helpers, and each scalar equation written once."""

from __future__ import annotations

import math

import numpy as np
import pytest

from realpolitik.engine import Params, World, compiled
from realpolitik.engine.compiled import _with_scalars, jit, scalar
from realpolitik.engine.mechanisms import arming, crisis, economy, perception, war

GRID = np.array([0.0, 1e-300, 0.3, 1.0, 2.5, 1e155, 1e200, np.inf])


@pytest.mark.parametrize("beta", [1.0, 2.0, 1.5, 0.7])
def test_the_crisis_chance_is_the_numpy_crisis_probability(beta):
    want = crisis.crisis_probability(GRID, 0.02, beta)
    got = [crisis.crisis_chance(float(r), 0.02, beta) for r in GRID]
    if beta in (1.0, 2.0):  # the compiled loops' cases: the same operations, the same bits
        np.testing.assert_array_equal(got, want)
    else:  # R**beta: Python's pow and numpy's power may differ in the last bit
        np.testing.assert_allclose(got, want, rtol=1e-14)
    assert crisis.perceived_ratio(2.0, 1.0) == 2.0 / (1.0 + crisis.TINY)
    assert crisis.larger_ratio(1.0, 2.0) == 2.0 and math.isnan(crisis.larger_ratio(1.0, math.nan))


@pytest.mark.parametrize("gamma", [0.0, 0.5, 1.0, 2.5])
def test_the_win_chance_is_the_numpy_contest(gamma):
    m_i, m_j = np.meshgrid([0.0, 0.4, 3.0], [0.0, 1.0, 7.0])
    want = war.win_probability(m_i.ravel(), m_j.ravel(), gamma)
    got = [war.win_chance(a, b, gamma) for a, b in zip(m_i.ravel(), m_j.ravel(), strict=True)]
    np.testing.assert_allclose(got, want, rtol=0 if gamma in (0.0, 1.0) else 1e-14)


def test_perception_arming_and_economy_scalars_are_their_modules_numpy_operations():
    eps = np.float32(-1.7)
    assert perception.perceived_value(2.0, 0.3, eps) == 2.0 * (1.0 + 0.3 * np.float64(eps))
    assert perception.perceived_value(2.0, 1.0, np.float32(-3.0)) == 0.0
    p = Params.core(military_cap_share=[0.1, math.inf, 0.05], burden_cost=0.4).resolve(3)
    world = World(np.array([[0.3, 0.5, 0.2]]), np.array([[10.0, 0.0, 4.0]]),
                  np.full((1, 3), 0.02), np.array([[False, True, False]]))  # fmt: skip
    world.begin_step()
    world.threat[...] = [[2.0, 30.0, 1.0]]
    arming.step(world, p, None)
    economy.step(world, p, None)
    m_old, y_old = world.military_old[0], world.gdp_old[0]
    for i in range(3):
        g = p.grievance_greedy[i] if world.greedy[0, i] else p.grievance_secure[i]
        x = arming.military_response(m_old[i], world.threat[0, i], p.k[i], p.fatigue[i], g, 1.0)
        assert world.military[0, i] == arming.capped(x, p.military_cap_share[i], y_old[i])
        y = economy.grown_gdp(y_old[i], 0.02, 0.4, world.military[0, i], 1.0)
        assert world.gdp[0, i] == y
    assert world.gdp[0, 1] == 0.0 and world.military[0, 1] > 0.0  # no GDP: no cap, GDP 0


def test_the_switch_and_the_helpers(monkeypatch):
    def loops(x):  # pragma: no cover - compiled
        return x + 1.0

    assert compiled.compiled(loops)(1.0) == 2.0
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert compiled.compiled(loops) is None
    assert jit(loops)(2.0) == 3.0  # the fused kernel needs Numba whatever the switch
    assert "NUMBA" not in vars(perception) and "compiled" not in perception.__all__


@scalar
def _half(x):
    return 0.5 * x


def _uses_half(x):  # pragma: no cover - compiled
    return _half(x) + 1.0


def test_a_loop_is_cached_under_a_digest_of_the_scalars_it_calls():
    assert _with_scalars(lambda x: x).__qualname__.endswith("<lambda>")
    a = _with_scalars(_uses_half)
    assert a.__qualname__.startswith("_uses_half__") and a.__module__ == __name__
    assert compiled.compiled(_uses_half)(4.0) == 3.0 and _uses_half(4.0) == 3.0

    @scalar
    def _half(x):  # another body, the same name
        return x / 3.0

    glob = {**_uses_half.__globals__, "_half": _half}
    other = type(_uses_half)(_uses_half.__code__, glob, "_uses_half")
    other.__qualname__ = "_uses_half"
    assert _with_scalars(other).__qualname__ != a.__qualname__


def test_the_fused_kernel_reads_its_parameters_by_named_rows():
    from realpolitik.engine import _fast

    ps, sc = _fast.pack(Params.core(perception_noise=[0.1, 0.2, 0.3]).resolve(3))
    np.testing.assert_array_equal(ps[_fast.SIGMA], [0.1, 0.2, 0.3])
    assert _fast.STATE_KEYS[_fast.CAP] == "military_cap_share" and ps[_fast.K, 0] == 0.1
    assert sc[_fast.P0] == 0.02 and sc[_fast.GAMMA] == 1.0 and sc[_fast.DT] == 1.0

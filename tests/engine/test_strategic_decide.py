"""The decide half's compiled passes give the numpy reference's bits (decide_loops).

A year's decisions are made twice from copies of one random world (strengths and GDP with
zeros among them, pacts, settlements and peace treaties, beliefs, a GDP trend): once by the
compiled passes of :mod:`realpolitik.engine.strategy.decide_loops`, once by the numpy
operations (``compiled.NUMBA = False``). Everything the rest of the year reads must be the same
bits, and the generator must be left in the same state (the same draws): the choices,
strengths and perceptions at every pair, the coalitions, values and bargains at the pairs that
may go to war (the compiled passes compute them only there, and their reverses).
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

from realpolitik.engine import Params, compiled
from realpolitik.engine.mechanisms import decisions, deterrence
from realpolitik.engine.strategy import decide_loops
from realpolitik.engine.world import World
from realpolitik.testing import strategic_configuration

CONFIGURATIONS = {
    "full": (8, {}),
    "offense": (8, dict(offense_advantage=1.0, hawkishness=1.0)),
    "gamma_one": (6, dict(offense_advantage=0.5)),
    "bare": (5, dict(alliances=False, hawkishness=0.0, nuclear_warheads=0)),
    "no_prevention": (8, dict(patience=0.0, type_beliefs=False)),
    "many_states": (17, {}),
    "no_noise": (7, dict(perception_noise=0.0)),
    "dense_pacts": (8, {}),
    "one_sided_peace": (8, {}),
}
PACTS = {"dense_pacts": 0.6}
"""The share of pairs drawn allied (both ways; 0.25 elsewhere): many states with three or more
allies that may join (the coalition sums over more than two terms)."""
ONE_SIDED = {"one_sided_peace"}
"""Peace treaties drawn per ordered pair (not both ways): pairs that may go to war one way
only, whose reverse a nuclear crisis reads (the compiled passes compute both ways; states 0
and 1 are nuclear)."""


def _world(
    states: int, params: Params, seed: int, pacts: float = 0.25, one_sided: bool = False
) -> World:
    """A world after this year's arming and growth, with the decision phase's state set."""
    rng = np.random.default_rng(seed)
    R, N = 70, states
    military = rng.random((R, N)) * 10.0 ** rng.integers(-2, 2, (R, N))
    military[rng.random((R, N)) < 0.05] = 0.0
    gdp = 10.0 + 90.0 * rng.random((R, N))
    world = World(military=military, gdp=gdp, growth=np.full((R, N), 0.02),
                  greedy=rng.random((R, N)) < 0.5)  # fmt: skip
    world.begin_step()
    world.gdp *= np.exp(rng.normal(0.0, 0.05, (R, N)))
    world.gdp[rng.random((R, N)) < 0.03] = 0.0
    allied = rng.random((R, N, N)) < pacts
    allied &= np.swapaxes(allied, 1, 2)
    allied[:, np.arange(N), np.arange(N)] = False
    world.allied = allied
    if params.type_beliefs:
        world.beliefs = rng.random((R, N, N))
    peace = np.where(rng.random((R, N, N)) < 0.1, rng.integers(1, 4, (R, N, N)), 0)
    if one_sided:  # and in every other run the nuclear pair (0, 1) one way only
        peace[::2, 0, 1], peace[::2, 1, 0] = 0, 2
        allied[::2, 0, 1] = allied[::2, 1, 0] = False
    else:
        peace = np.maximum(peace, np.swapaxes(peace, 1, 2))
    world.peace = peace.astype(np.int16)
    world.settled = rng.integers(-1, 3, (R, N, N)).astype(np.int16)
    world.nuclear = deterrence.prepare(params, N)
    if one_sided:  # nuclear strikes: a first strike's chance q* below one
        q_star = np.where(world.nuclear.q_star < 1.0, world.nuclear.q_star, 0.3)
        world.nuclear = dataclasses.replace(world.nuclear, q_star=q_star)
    # a few years of growth seen (the trend of the preventive-war test)
    world.growth_log = rng.normal(0.02, 0.05, (R, int(params.trend_window), N))
    world.growth_seen = 3
    return world


def _decide(world: World, params: Params, numba: bool, monkeypatch):
    monkeypatch.setattr(compiled, "NUMBA", numba)
    rng = np.random.default_rng(7)
    pending = decisions.decide(world, params, rng)
    return pending, rng.random()


def _same(got: np.ndarray, want: np.ndarray, where: np.ndarray | None = None, name: str = ""):
    got, want = np.broadcast_to(got, want.shape), np.asarray(want)
    if where is not None:
        got, want = got[where], want[where]
    bits = np.ascontiguousarray(got).view(np.uint8)
    np.testing.assert_array_equal(bits, np.ascontiguousarray(want).view(np.uint8), name)


@pytest.mark.parametrize("name", sorted(CONFIGURATIONS))
def test_the_compiled_decisions_are_the_numpy_ones(name, monkeypatch):
    states, keys = CONFIGURATIONS[name]
    params = Params.strategic(**strategic_configuration(states, **keys))
    world = _world(states, params, seed=len(name), pacts=PACTS.get(name, 0.25),
                   one_sided=name in ONE_SIDED)  # fmt: skip
    fast_world, slow_world = copy.deepcopy(world), copy.deepcopy(world)
    fast, after_fast = _decide(fast_world, params, True, monkeypatch)
    slow, after_slow = _decide(slow_world, params, False, monkeypatch)
    assert after_fast == after_slow  # the same draws
    for field in ("settled", "peace", "growth_log"):
        _same(getattr(fast_world, field), getattr(slow_world, field), name=field)
    assert fast is not None and slow is not None  # demands or strikes this year
    assert slow.year.demand.any()
    el = slow.eligible
    _same(fast.eligible, el, name="eligible")
    _same(fast.view.mhat, slow.view.mhat, name="mhat")
    _same(fast.trend, slow.trend, name="trend")
    for field in ("loss_if_lose", "C", "Chat"):
        _same(getattr(fast.vals, field), getattr(slow.vals, field), name=field)
    # the compiled passes compute the coalitions, values and bargains only at the pairs that
    # may go to war (what the year reads)
    for field in ("M", "Mhat", "stake", "stake_back", "gain_if_win", "p_atk", "W_atk"):
        _same(getattr(fast.vals, field), getattr(slow.vals, field), el, name=field)
    fc, sc = fast.choices, slow.choices
    for field in ("demand", "strike_kind", "strike_margin"):
        _same(getattr(fc, field), getattr(sc, field), name=field)
    for field in ("p", "c_target", "x", "p_war", "gain"):
        _same(getattr(fc.bargain, field), getattr(sc.bargain, field), el, name=field)
    for field in ("strike", "kind", "demand"):
        _same(getattr(fast.year, field), getattr(slow.year, field), name=field)


@pytest.mark.parametrize("bit_generator", [np.random.SFC64, np.random.Philox])
def test_the_compiled_decisions_draw_numpys_normals_from_any_generator(bit_generator, monkeypatch):
    # the draws are made before the compiled pass (pcg64.fill on PCG64, else Numba's Generator)
    params = Params.strategic(**strategic_configuration(8))
    world = _world(8, params, seed=3)
    got = []
    for numba in (True, False):
        w = copy.deepcopy(world)
        monkeypatch.setattr(compiled, "NUMBA", numba)
        rng = np.random.Generator(bit_generator(11))
        pending = decisions.decide(w, params, rng)
        got.append((pending, rng.random()))
    (fast, after_fast), (slow, after_slow) = got
    assert after_fast == after_slow
    _same(fast.view.mhat, slow.view.mhat, name="mhat")
    _same(fast.eligible, slow.eligible, name="eligible")
    for field in ("demand", "strike_kind", "strike_margin"):
        _same(getattr(fast.choices, field), getattr(slow.choices, field), name=field)


def test_the_decisions_keep_their_buffers_and_rebuild_them_for_another_shape():
    scratch: dict = {}
    first = decide_loops._buffers(scratch, 10, 4)
    mhat = first["mhat"]
    assert decide_loops._buffers(scratch, 10, 4)["mhat"] is mhat
    assert mhat.flags.c_contiguous and first["ratios"].shape == (4, 160)
    assert decide_loops._buffers(scratch, 3, 4)["mhat"].shape == (3, 4, 4)


def test_with_policies_the_year_makes_new_arrays(monkeypatch):
    """A policy may keep what it is shown: with policies the compiled passes are not used."""
    params = Params.strategic(**strategic_configuration(6))
    world = _world(6, params, seed=2)

    def fail(*args):
        raise AssertionError("the compiled passes ran under a policy")

    monkeypatch.setattr(decisions, "decide_compiled", fail)

    ctx = decisions.ensure_context(world, params, None)
    ctx.policies = type("Policies", (), {"strikes": lambda s, p: None,
                                         "demands": lambda s, p: None})()  # fmt: skip
    pending = decisions.decide(world, params, np.random.default_rng(1), ctx)
    assert pending is None or pending.view.mhat.shape == (70, 6, 6)


@pytest.mark.parametrize("runs, states", [(1, 2), (5, 3), (70, 8), (4, 17)])
def test_the_compiled_trend_is_numpys_mean(runs, states):
    from realpolitik.engine.strategy.kernels import trend_compiled

    rng = np.random.default_rng(states)
    for window in (1, 3, 8, 10, 13):
        for n in range(1, window + 1):
            log = rng.normal(0.0, 1.0, (runs, window, states)) * 10.0 ** rng.integers(
                -8, 8, (runs, window, states)
            )
            g = log[:, 0] * 3.0
            g[0, 0] = np.inf if n % 2 else np.nan
            slot = (n * 7) % window
            want_log = log.copy()
            want_log[:, slot] = np.where(np.isfinite(g), g, 0.0)
            want = want_log[:, :n].mean(axis=1)
            got = trend_compiled(g, log, slot, n)
            np.testing.assert_array_equal(log, want_log)
            _same(got, want, name=f"window {window}, n {n}")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("bit_generator", [np.random.PCG64, np.random.SFC64, np.random.Philox])
@pytest.mark.parametrize("numba", [True, False])
def test_the_compiled_normals_are_numpys_draws(dtype, bit_generator, numba, monkeypatch):
    """kernels.standard_normal draws numpy's bits and leaves the generator in numpy's state."""
    from realpolitik.engine.strategy.kernels import F32_CHUNK, standard_normal

    monkeypatch.setattr(compiled, "NUMBA", numba)
    ours, numpys = np.random.Generator(bit_generator(11)), np.random.Generator(bit_generator(11))
    for shape in [(1,), (3, 5, 5), (70, 8, 7), (2 * F32_CHUNK + 3,), (0, 4)]:
        ours.random(3)  # the draws continue a stream (float32 draws use half words)
        numpys.random(3)
        got = standard_normal(ours, np.empty(shape, dtype=dtype))
        want = numpys.standard_normal(shape, dtype=dtype)
        _same(got, want, name=str(shape))
        assert repr(ours.bit_generator.state) == repr(numpys.bit_generator.state)
    assert ours.random() == numpys.random()
    with pytest.raises(ValueError, match="contiguous"):  # numpy's answer to another array
        standard_normal(ours, np.empty((6, 4), dtype=dtype)[:, ::2])


def test_the_perception_noise_is_numpys_block(monkeypatch):
    from realpolitik.engine.mechanisms.perception import draw_noise

    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        rng, ref = np.random.default_rng(4), np.random.default_rng(4)
        for _ in range(3):
            got = draw_noise(rng, 33, 6)
            _same(got, ref.standard_normal((33, 6, 5), dtype=np.float32))
            assert got.dtype == np.float32
        assert rng.random() == ref.random()

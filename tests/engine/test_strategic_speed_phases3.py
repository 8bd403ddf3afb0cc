"""The compiled alliance and belief loops reworked in round 2 give the numbers of their references.

Alliance formation's choice of A and D in one pass (ties, NaN readings), against the argmaxes
as the loops always took them (first ``j``, then a strictly greater value) and against numpy's
``argmax`` where no NaN is read.
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import compiled
from realpolitik.engine.mechanisms import alliances


def _first_then_greater(values, skip):
    """The index the loops take: the first not skipped, then a strictly greater value."""
    best = -1
    for j, v in enumerate(values):
        if j not in skip and (best < 0 or v > values[best]):
            best = j
    return best


@pytest.mark.parametrize("N", [3, 5, 8])
@pytest.mark.parametrize("nan", [False, True], ids=["plain", "nan"])
@pytest.mark.parametrize("use_mob", [True, False], ids=["strengths", "armies"])
@pytest.mark.parametrize("use_w", [True, False], ids=["weights", "no-weights"])
def test_the_aggressor_and_defender_in_one_pass(N, nan, use_mob, use_w):
    rng = np.random.default_rng(N + 10 * nan + 100 * use_mob + 1000 * use_w)
    R = 400
    perceived = rng.integers(0, 4, (R, N, N)) * 0.5  # ties
    if nan:
        perceived[rng.random((R, N, N)) < 0.08] = np.nan
    mob_y = rng.integers(0, 3, (R, N)) * 0.5
    military = rng.integers(0, 3, (R, N)) * 0.5
    w = rng.integers(0, 3, (R, N, N)) * 0.5
    od = rng.uniform(0.5, 2.0, N)
    mu = rng.random((R, N, N))
    A, D = (np.empty((R, N), dtype=np.int64) for _ in range(2))
    x_A, x_D, x_C, mu_A = (np.empty((R, N)) for _ in range(4))
    ratios = np.empty((4, R, N))
    compiled.compiled(alliances._select_loops)(
        perceived, mob_y, use_mob, military, w, use_w, od, mu, True,
        A, D, x_A, x_D, x_C, mu_A, *ratios,
    )  # fmt: skip
    mhat = perceived + mob_y[:, None, :] if use_mob else perceived
    threat = (w * mhat) * od[None, :, None] if use_w else mhat * od[None, :, None]
    for r in range(R):
        for c in range(N):
            a = _first_then_greater(threat[r, c], {c})
            assert A[r, c] == a
            assert D[r, c] == _first_then_greater(mhat[r, c], {c, a})
    if not nan:  # numpy's argmax (the reference route) where the loops' reading is a maximum
        idx = np.arange(N)
        others = mhat.copy()
        others[:, idx, idx] = -np.inf
        np.put_along_axis(others, A[:, :, None], -np.inf, axis=2)
        np.testing.assert_array_equal(D, np.argmax(others, axis=2))
    x = np.take_along_axis(mhat, D[:, :, None], axis=2)[:, :, 0]
    np.testing.assert_array_equal(x_D, np.where(x >= alliances.FLOOR, x, alliances.FLOOR))


@pytest.mark.parametrize("N", [7, 8])
@pytest.mark.parametrize("with_beliefs", [True, False], ids=["beliefs", "no-beliefs"])
@pytest.mark.parametrize("sharing", [0.3, 0.0], ids=["sharing", "no-sharing"])
def test_the_fused_pacts_offset_and_pairs_are_numpys(N, with_beliefs, sharing, monkeypatch):
    """Three years of the threat formation: last year's pacts dropped, scenario pacts kept."""
    from types import SimpleNamespace

    from realpolitik.engine import Params
    from realpolitik.engine.world import World
    from realpolitik.testing import strategic_configuration

    R = 300
    keys = dict(aggressor_threat=0.3, burden_sharing=sharing)
    resolved = Params.strategic(**strategic_configuration(N, **keys)).resolve(N)
    params = SimpleNamespace(**{k: getattr(resolved, k) for k in dir(resolved) if k[0] != "_"})
    params.alliance_formation = "threat"
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        rng = np.random.default_rng(12)  # the same worlds both times
        world = World(military=np.ones((R, N)), gdp=np.ones((R, N)), growth=np.ones((R, N)),
                      greedy=np.zeros((R, N), dtype=bool))  # fmt: skip
        scenario = rng.random((R, N, N)) < 0.4  # allies enough for the sums to show their order
        world.allied = scenario | scenario.transpose(0, 2, 1)
        world.allied[:, np.arange(N), np.arange(N)] = False
        years = []
        for _ in range(3):
            world.military[...] = np.exp(rng.normal(0.0, 6.0, (R, N)))  # any order shows
            world.gdp[...] = rng.integers(1, 3, (R, N)) * 10.0
            world.perceived[...] = rng.integers(0, 4, (R, N, N)) * 0.5
            world.threat_weight = rng.integers(0, 3, (R, N, N)) * 0.5
            world.beliefs = rng.random((R, N, N)) if with_beliefs else None
            world.summaries = {}
            alliances.step(world, params, rng, None)
            offset = None if world.threat_offset is None else world.threat_offset.copy()
            summaries = world.summaries["balancing_share"], world.summaries["alliance_pairs"]
            years.append((world.allied.copy(), world.dynamic_pacts.copy(), offset, *summaries))
        got.append(years)
    assert any(y[1].any() for y in got[1]) and not got[1][-1][0].all()
    for fast, slow in zip(*got, strict=True):
        for a, b in zip(fast, slow, strict=True):
            if a is None or b is None:
                assert a is None and b is None
                continue
            assert a.dtype == b.dtype
            assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize("N", [4, 8, 12])
def test_the_offset_and_pair_loop_is_the_allies_and_pair_loops(N):
    """Signed zeros, negative and non-finite military: the same bits as the two loops."""
    rng = np.random.default_rng(N)
    R = 200
    allied = rng.random((R, N, N)) < 0.6
    military = np.exp(rng.normal(0.0, 6.0, (R, N))) * rng.choice([1.0, -1.0], (R, N))
    military[rng.random((R, N)) < 0.1] = -0.0
    military[rng.random((R, N)) < 0.02] = np.inf
    military[:3] = -0.0  # rows of zeros only
    s = rng.random(N)
    offset, pairs = np.empty((R, N)), np.empty(R)
    compiled.compiled(alliances._offset_pairs_loops)(allied, military, s, offset, pairs)
    sums, count = np.empty((R, N)), np.empty(R)
    compiled.compiled(alliances._allies_loops)(allied, military, sums)
    compiled.compiled(alliances._pair_count_loops)(allied, count)
    assert offset.tobytes() == (s * sums).tobytes()
    assert pairs.tobytes() == count.tobytes()


@pytest.mark.parametrize("shape", [(0,), (1,), (3,), (4,), (7,), (5, 6, 6), (64, 8, 8)])
@pytest.mark.parametrize("bits", ["PCG64", "MT19937"])
def test_the_uniforms_are_numpys_draws_and_state(shape, bits, monkeypatch):
    """Four PCG64 steps side by side give numpy's draws and leave numpy's state."""
    from realpolitik.engine.mechanisms import belief_loops

    def generator():
        rng = np.random.Generator(getattr(np.random, bits)(len(shape) + shape[0]))
        rng.standard_normal(3, dtype=np.float32)  # a 32-bit word kept by the generator
        return rng

    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        ours, theirs = generator(), generator()
        got = belief_loops.uniforms(ours, shape)
        want = theirs.random(shape)
        assert got.shape == want.shape and got.tobytes() == want.tobytes()
        if bits == "PCG64":
            assert ours.bit_generator.state == theirs.bit_generator.state
        assert ours.random(9).tobytes() == theirs.random(9).tobytes()
        assert ours.standard_normal(5, dtype=np.float32).tobytes() == (
            theirs.standard_normal(5, dtype=np.float32).tobytes()
        )

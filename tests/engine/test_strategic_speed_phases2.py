"""The fast routes of the strategic year's phases give the numbers of their numpy reference (2).

The compiled PCG64 normals (:mod:`realpolitik.engine.strategy.pcg64`) against numpy's own
``standard_normal`` and Numba's ``Generator`` loops, bit for bit, with the generator's state.
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import compiled
from realpolitik.engine.strategy import kernels


def _bits(a: np.ndarray) -> bytes:
    return np.ascontiguousarray(a).tobytes()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("half_word", [False, True], ids=["whole", "half-word-kept"])
def test_the_pcg64_normals_are_numpys_draws_and_state(dtype, half_word):
    """A million draws (the ziggurat's wedge and tail tests run thousands of times)."""
    from realpolitik.engine.strategy import pcg64

    ours, numpys = np.random.default_rng(21), np.random.default_rng(21)
    for n in (1, 2, 7, 1_000_003, 56):
        if half_word:  # a 32-bit draw leaves the high half of a word in the generator
            ours.integers(0, 2**32, 1, dtype=np.uint32)
            numpys.integers(0, 2**32, 1, dtype=np.uint32)
        out = np.empty(n, dtype=dtype)
        assert pcg64.supports(ours, out)
        got = pcg64.fill(ours, out)
        assert got is out
        assert _bits(got) == _bits(numpys.standard_normal(n, dtype=dtype)), n
        assert repr(ours.bit_generator.state) == repr(numpys.bit_generator.state)
    assert ours.random() == numpys.random()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_pcg64_normals_are_numbas_generator_draws(dtype):
    """The fill gives the bits of the loops on Numba's ``Generator`` (the route it replaces)."""
    from realpolitik.engine.strategy import pcg64

    loop = compiled.compiled(
        kernels.normal_f32_loops if dtype == np.float32 else kernels.normal_loops
    )
    ours, theirs = np.random.default_rng(8), np.random.default_rng(8)
    for shape in [(300, 8, 7), (5,), (2 * kernels.F32_CHUNK + 1,)]:
        a, b = np.empty(shape, dtype=dtype), np.empty(shape, dtype=dtype)
        pcg64.fill(ours, a)
        loop(theirs, b)
        assert _bits(a) == _bits(b)
        assert repr(ours.bit_generator.state) == repr(theirs.bit_generator.state)


def test_the_pcg64_route_takes_only_pcg64_and_contiguous_float_arrays():
    from realpolitik.engine.strategy import pcg64

    pcg, sfc = np.random.default_rng(1), np.random.Generator(np.random.SFC64(1))
    assert pcg64.supports(pcg, np.empty(3))
    assert not pcg64.supports(sfc, np.empty(3))
    assert not pcg64.supports(pcg, np.empty((4, 4))[:, ::2])
    assert not pcg64.supports(pcg, np.empty(3, dtype=np.float16))


def test_the_pcg64_step_is_numpys_raw_output():
    """The 128-bit step and XSL-RR output (plain Python ints as the reference)."""
    from realpolitik.engine.strategy import pcg64

    bg = np.random.PCG64(77)
    st = bg.state["state"]
    s, inc = st["state"], st["inc"]
    mask = (1 << 64) - 1
    step = compiled.jit(pcg64.pcg64_step)
    hi, lo = np.uint64(s >> 64), np.uint64(s & mask)
    for want in bg.random_raw(1000):
        got = step(hi, lo, np.uint64(inc >> 64), np.uint64(inc & mask))
        hi, lo, out = (np.uint64(int(v) & mask) for v in got)  # boxed as int64
        assert out == want


@pytest.mark.parametrize("states", [3, 4, 8, 12])
def test_the_compiled_allies_military_is_numpys_matmul(states, monkeypatch):
    """Burden sharing's sum over allies: the compiled lanes give matmul's bits (or matmul runs)."""
    from realpolitik.engine.mechanisms import alliances
    from realpolitik.engine.world import World

    rs = np.random.default_rng(states)
    runs = 300
    military = np.exp(rs.normal(0.0, 6.0, (runs, states)))
    military[rs.random(military.shape) < 0.05] = 0.0
    z = np.ones((runs, states))
    world = World(military=military, gdp=z, growth=z, greedy=z > 2)
    world.allied = rs.random((runs, states, states)) < rs.random((runs, 1, 1))
    want = np.matmul(world.allied.astype(np.float64), military[:, :, None])[:, :, 0]
    assert _bits(alliances._allies_military(world, None)) == _bits(want)
    if states % 4:
        assert not alliances._gemv_order(states)  # matmul ran
    monkeypatch.setattr(compiled, "NUMBA", False)
    assert _bits(alliances._allies_military(world, None)) == _bits(want)


@pytest.mark.parametrize("bit_generator", [np.random.PCG64, np.random.SFC64])
@pytest.mark.parametrize("tau", [0.0, 0.4])
def test_the_compiled_perception_is_numpys(bit_generator, tau, monkeypatch):
    """perception.step: the fused draws and views (PCG64), the block and its loop, numpy's.

    The fused route and the block's loop agree bit for bit, a rival of military 0 included
    (its view is -0.0 when ``1 + sigma eps < 0``, which numpy's maximum may turn into 0.0:
    against numpy the military is positive).
    """
    from realpolitik.engine import Params
    from realpolitik.engine.mechanisms import perception
    from realpolitik.engine.world import World

    N, runs = 6, 37
    rs = np.random.default_rng(5)
    military = np.exp(rs.normal(0.0, 2.0, (runs, N)))
    z = np.ones((runs, N))
    params = Params.core(perception_noise=[0.0, 0.1, 0.3, 0.5, 0.9, 2.0], transparency=tau)
    params = params.resolve(N)

    def run(m, numba, fused):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        if not fused:
            monkeypatch.setattr(perception, "pcg64_loops", lambda rng: None)
        world = World(military=m, gdp=z, growth=z, greedy=z > 2)
        rng = np.random.Generator(bit_generator(3))
        for _ in range(3):  # the stream continues over the years (float32: half words)
            perception.step(world, params, rng)
        monkeypatch.undo()
        return _bits(world.perceived), _bits(world.threat), rng.random()

    assert run(military, True, True) == run(military, False, False)
    zero = military.copy()
    zero[:, 2] = 0.0
    assert run(zero, True, True) == run(zero, True, False)


@pytest.mark.parametrize("states", [7, 8])
@pytest.mark.parametrize("formation", ["threat", "balance"])
def test_the_compiled_year_of_pacts_is_numpys(states, formation, monkeypatch):
    """alliances.step over years: dropped, formed, counted pacts and the allies' military."""
    from types import SimpleNamespace

    from realpolitik.engine import Params
    from realpolitik.engine.mechanisms import alliances
    from realpolitik.engine.world import World
    from realpolitik.testing import strategic_configuration

    N, R = states, 250
    keys = dict(burden_sharing=0.3, aggressor_threat=0.3)
    resolved = Params.strategic(**strategic_configuration(N, **keys)).resolve(N)
    params = SimpleNamespace(**{k: getattr(resolved, k) for k in dir(resolved) if k[0] != "_"})
    params.alliance_formation = formation
    scenario = np.random.default_rng(3).random((R, N, N)) < 0.1
    scenario |= np.swapaxes(scenario, 1, 2)
    scenario[:, np.arange(N), np.arange(N)] = False
    got = []
    for numba in (True, False):
        monkeypatch.setattr(compiled, "NUMBA", numba)
        rng = np.random.default_rng(11)
        z = np.ones((R, N))
        world = World(military=z, gdp=z, growth=z, greedy=z > 2)
        world.allied = scenario.copy()
        out = []
        for _ in range(4):
            world.military[...] = np.exp(rng.normal(0.0, 3.0, (R, N)))
            world.gdp[...] = rng.integers(1, 3, (R, N)) * 10.0
            world.perceived[...] = rng.random((R, N, N))
            world.threat_weight = rng.random((R, N, N))
            world.beliefs = rng.random((R, N, N))
            alliances.step(world, params, rng, None)
            out += [world.allied.copy(), world.dynamic_pacts.copy(), world.threat_offset.copy()]
            out += [world.summaries["balancing_share"], world.summaries["alliance_pairs"]]
        got.append(out)
    for fast, slow in zip(*got, strict=True):
        assert fast.dtype == slow.dtype
        assert _bits(fast) == _bits(slow)


@pytest.mark.parametrize(
    "phase, override",
    [
        ("perception", ("transparency", 0.7)),
        ("arms_control", ("verification", 0.9)),
        ("arms_control", ("treaty_cap_share", 0.05)),
    ],
)
def test_the_prepared_constants_follow_a_schedule_override(phase, override):
    """A phase's constants prepared in the chunk's context are prepared again after an override.

    The phase run in a context whose constants were prepared before ``set_overrides`` gives
    the numbers of a context that had the override from the start.
    """
    import copy

    from realpolitik.engine import Params
    from realpolitik.engine.context import ChunkContext
    from realpolitik.engine.mechanisms import MECHANISMS
    from realpolitik.engine.world import World
    from realpolitik.testing import strategic_configuration

    N, R = 5, 40
    keys = dict(perception_noise=0.3, treaty_cap_share=0.1, verification=0.2,
                cheat_prob_greedy=0.5, treaty_year=0)  # fmt: skip
    params = Params.strategic(**strategic_configuration(N, **keys)).resolve(N)
    rs = np.random.default_rng(4)
    z = np.ones((R, N))
    world = World(military=rs.random((R, N)) + 0.5, gdp=z * 10.0, growth=z,
                  greedy=rs.random((R, N)) < 0.5)  # fmt: skip
    step = MECHANISMS[phase].step
    stale = ChunkContext(params, N, R)
    step(copy.deepcopy(world), stale.params, np.random.default_rng(0), stale)  # prepares
    stale.set_overrides(dict([override]))
    fresh = ChunkContext(params, N, R)
    fresh.set_overrides(dict([override]))
    results = []
    for ctx in (stale, fresh):
        w = copy.deepcopy(world)
        step(w, ctx.params, np.random.default_rng(1), ctx)
        limit = w.military_limit
        summaries = [_bits(w.summaries[k]) for k in sorted(w.summaries)]
        results.append(
            (_bits(w.perceived), _bits(w.threat), limit is None or _bits(limit), summaries)
        )
    assert results[0] == results[1]

"""The PCG64 jumps (:func:`realpolitik.engine.strategy.pcg64.uniform_at`) give numpy's draws.

The uniforms at a list of flat indices are ``rng.random(shape)``'s at those indices, bit for
bit, and the generator is left in numpy's state; the jump table is the PCG64 step repeated.
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.engine import compiled


def _pcg64():
    from realpolitik.engine.strategy import pcg64

    return pcg64


@pytest.mark.parametrize(
    ("size", "k"), [(1, 1), (100, 0), (5000, 5000), (65536, 2600), (70000, 3), (10_000, 40)]
)
@pytest.mark.parametrize("half_word", [False, True], ids=["whole", "half-word-kept"])
def test_the_uniforms_at_a_list_are_numpys_block_and_state(size, k, half_word):
    """Gaps shorter and longer than a table's jump, none, every entry; a kept half word."""
    pcg64 = _pcg64()
    ours, numpys = np.random.default_rng(size + k), np.random.default_rng(size + k)
    if half_word:  # a 32-bit draw leaves the high half of a word in the generator
        ours.integers(0, 2**32, 1, dtype=np.uint32)
        numpys.integers(0, 2**32, 1, dtype=np.uint32)
    t = np.sort(np.random.default_rng(9).choice(size, k, replace=False)).astype(np.int64)
    got = pcg64.uniform_at(ours, (size,), t)
    want = numpys.random(size)
    assert got[t].tobytes() == want[t].tobytes()
    assert np.isnan(np.delete(got, t)).all()
    assert repr(ours.bit_generator.state) == repr(numpys.bit_generator.state)
    assert ours.random() == numpys.random()


def test_the_uniforms_keep_the_block_shape():
    pcg64 = _pcg64()
    ours, numpys = np.random.default_rng(3), np.random.default_rng(3)
    t = np.array([0, 9, 64, 511], dtype=np.int64)
    got = pcg64.uniform_at(ours, (8, 8, 8), t)
    want = numpys.random((8, 8, 8))
    assert got.shape == (8, 8, 8)
    np.testing.assert_array_equal(got.reshape(-1)[t], want.reshape(-1)[t])


@pytest.mark.parametrize("t", [[3, 3], [5, 2], [0, 512], [-1]])
def test_indices_out_of_order_or_outside_the_block_are_refused(t):
    pcg64 = _pcg64()
    rng = np.random.default_rng(4)
    before = repr(rng.bit_generator.state)
    with pytest.raises(ValueError):
        pcg64.uniform_at(rng, (8, 8, 8), np.array(t, dtype=np.int64))
    assert repr(rng.bit_generator.state) == before


def test_a_jump_of_n_steps_is_n_pcg64_steps():
    """The table's rows against the step itself (plain Python ints as the reference)."""
    pcg64 = _pcg64()
    table = pcg64.jump_table()
    assert table.shape == (pcg64.JUMP + 1, 4)
    bg = np.random.PCG64(77)
    st = bg.state["state"]
    mask = (1 << 64) - 1
    s, inc = st["state"], st["inc"]
    words = [np.uint64(v) for v in (s >> 64, s & mask, inc >> 64, inc & mask)]
    jump = compiled.jit(pcg64.pcg64_jump)
    step = compiled.jit(pcg64.pcg64_step)
    hi, lo = words[0], words[1]
    for n in range(pcg64.JUMP + 1):
        got = jump(words[0], words[1], words[2], words[3], table, n)
        assert (int(got[0]) & mask, int(got[1]) & mask) == (int(hi), int(lo)), n
        out = step(hi, lo, words[2], words[3])
        hi, lo = (np.uint64(int(v) & mask) for v in out[:2])

"""numpy's PCG64 normals, compiled: the draws of ``Generator.standard_normal`` without its calls.

:func:`~.kernels.standard_normal` fills a float32 or float64 array through this module when the
chunk's generator is a PCG64 (the engine's) and the compiled loops are on: the generator's
state is read (``bit_generator.state``), the PCG64 steps and numpy's ziggurat run here, in
registers, and the state is written back, so the draws and the generator's state afterwards
are numpy's (the tests check both against ``rng.standard_normal``). Numba's own ``Generator``
calls the bit generator through a function pointer for every 32- or 64-bit word; here a word
costs one 128-bit multiply (:func:`mulhi`, an LLVM ``i128`` product), which makes a float32
normal about 2.3x as fast (57,344 draws: 5.1 -> 2.2 ns each) and a float64 one about 1.1x.

The ziggurat is Numba's translation of numpy's ``random_standard_normal`` /
``random_standard_normal_f`` (``numba.np.random.distributions``) with its tables
(``numba.np.random._constants``), operation for operation; the first test (99% of the draws)
runs inline in the fill loop and the rest in :func:`pcg64_normal` / :func:`pcg64_normal_f32`.

:func:`perceive` draws the perception block and computes the perceived military and the
threat in one pass (``perception.step`` on the engine's PCG64), the draws never stored.

:func:`uniform_at` gives ``rng.random(shape)`` at a sorted list of flat indices only (NaN
elsewhere; the generator advanced past the whole block): a uniform double takes exactly one
PCG64 output, and PCG64 is a linear congruential generator, so the state ``n`` steps on is
``A**n s + S_n inc`` (``A`` the multiplier, ``S_n = 1 + A + ... + A**(n - 1)``, modulo
2**128): one jump (two 128-bit products, :func:`pcg64_jump`) reaches each listed entry
(a table of ``A**n``, ``S_n`` for n up to :data:`JUMP`).

This module imports Numba; it is imported by :func:`~.kernels.pcg64_loops`, when the compiled
loops are on.
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic
from numba.np.random import _constants as zig

from realpolitik.engine.compiled import compiled, scalar
from realpolitik.engine.mechanisms.perceived import perceived_value

__all__ = [
    "JUMP", "fill", "jump_table", "lcg_step", "mul128", "mulhi", "pcg64_f32_loops",
    "pcg64_f64_loops", "pcg64_jump", "pcg64_output", "pcg64_step", "perceive", "perceive_loops",
    "supports", "uniform_at", "uniform_at_loops",
]  # fmt: skip

_M64 = (1 << 64) - 1


@intrinsic
def mulhi(typingctx, a, b):  # pragma: no cover - compiled
    """Return the high word of the 128-bit product of the uint64 ``a`` and ``b`` (compiled only)."""
    sig = types.uint64(types.uint64, types.uint64)

    def codegen(context, builder, sig, args):
        i128 = ir.IntType(128)
        p = builder.mul(builder.zext(args[0], i128), builder.zext(args[1], i128))
        return builder.trunc(builder.lshr(p, ir.Constant(i128, 64)), ir.IntType(64))

    return sig, codegen


# numpy's PCG64 (``pcg_setseq_128_xsl_rr_64``): the 128-bit state advances as
# ``state * MULT + inc``; the output is the XSL-RR of the new state.
_MULT_HI = np.uint64(2549297995355413924)
_MULT_LO = np.uint64(4865540595714422341)
_LO32 = np.uint64(0xFFFFFFFF)
_U1 = np.uint64(1)
_U0 = np.uint64(0)
_U11 = np.uint64(11)
_U32 = np.uint64(32)
_U58 = np.uint64(58)
_U63 = np.uint64(63)
_U64 = np.uint64(64)


@scalar
def lcg_step(s_hi, s_lo, a_hi, a_lo, c_hi, c_lo):  # pragma: no cover - compiled
    """Advance a 128-bit state by ``s a + c`` (mod 2**128); return ``(s_hi, s_lo, output)``.

    With numpy's multiplier and the generator's increment this is one PCG64 step
    (:func:`pcg64_step`); with a jump's multiplier and increment it moves several steps at
    once. The output is the XSL-RR of the new state, ``rotr64(hi ^ lo, hi >> 58)``, as
    ``pcg64_random_r`` computes it (uint64 words).
    """
    prod_lo = s_lo * a_lo
    hi = mulhi(s_lo, a_lo) + s_lo * a_hi + s_hi * a_lo
    lo = prod_lo + c_lo
    hi = hi + c_hi + (_U1 if lo < prod_lo else _U0)
    return hi, lo, pcg64_output(hi, lo)


@scalar
def pcg64_step(s_hi, s_lo, inc_hi, inc_lo):  # pragma: no cover - compiled
    """Advance numpy's PCG64 one step; return ``(s_hi, s_lo, output)`` (uint64 words).

    The 128-bit state ``s`` and increment ``inc`` (high and low words) give ``s * MULT + inc``
    modulo 2**128 (:func:`lcg_step` with numpy's multiplier).
    """
    return lcg_step(s_hi, s_lo, _MULT_HI, _MULT_LO, inc_hi, inc_lo)


@scalar
def pcg64_uint32(s_hi, s_lo, inc_hi, inc_lo, has, buf):  # pragma: no cover - compiled
    """Return numpy's ``next_uint32`` of PCG64: a new output's low word, then its high word.

    Returns ``(value, s_hi, s_lo, has, buf)``: ``has`` / ``buf`` are the generator's
    ``has_uint32`` / ``uinteger`` (the high word kept for the next call).
    """
    if has:
        return buf, s_hi, s_lo, False, buf
    s_hi, s_lo, r = pcg64_step(s_hi, s_lo, inc_hi, inc_lo)
    return np.uint32(r & _LO32), s_hi, s_lo, True, np.uint32(r >> _U32)


@scalar
def pcg64_normal_f32(
    r, s_hi, s_lo, inc_hi, inc_lo, has, buf, wi, ki, fi, inv_r, r_f
):  # pragma: no cover
    """One float32 standard normal: numpy's ziggurat (``random_standard_normal_f``).

    The operations of Numba's translation of it (``numba.np.random.distributions``) on the
    32-bit words of :func:`pcg64_uint32`; ``wi``, ``ki``, ``fi``, ``inv_r``, ``r_f`` are its
    tables and constants. Returns ``(x, s_hi, s_lo, has, buf)``.
    """
    while 1:
        idx = r & 0xFF
        sign = (r >> 8) & 0x1
        rabs = (r >> 9) & 0x0007FFFFF
        x = np.float32(np.float32(rabs) * wi[idx])
        if sign & 0x1:
            x = -x
        if rabs < ki[idx]:
            return x, s_hi, s_lo, has, buf
        if idx == 0:
            while 1:
                u, s_hi, s_lo, has, buf = pcg64_uint32(s_hi, s_lo, inc_hi, inc_lo, has, buf)
                f = np.float32(np.float32(u >> 8) * np.float32(1.0) / np.float32(16777216.0))
                xx = np.float32(-inv_r * np.log1p(np.float32(-f)))
                u, s_hi, s_lo, has, buf = pcg64_uint32(s_hi, s_lo, inc_hi, inc_lo, has, buf)
                f = np.float32(np.float32(u >> 8) * np.float32(1.0) / np.float32(16777216.0))
                yy = np.float32(-np.log1p(np.float32(-f)))
                if np.float32(yy + yy) > np.float32(xx * xx):
                    if (rabs >> 8) & 0x1:
                        return -np.float32(r_f + xx), s_hi, s_lo, has, buf
                    return np.float32(r_f + xx), s_hi, s_lo, has, buf
        else:
            u, s_hi, s_lo, has, buf = pcg64_uint32(s_hi, s_lo, inc_hi, inc_lo, has, buf)
            f = np.float32(np.float32(u >> 8) * np.float32(1.0) / np.float32(16777216.0))
            if ((fi[idx - 1] - fi[idx]) * f + fi[idx]) < np.float32(
                np.exp(-np.float32(0.5) * x * x)
            ):
                return x, s_hi, s_lo, has, buf
        r, s_hi, s_lo, has, buf = pcg64_uint32(s_hi, s_lo, inc_hi, inc_lo, has, buf)


@scalar
def pcg64_normal(rr, s_hi, s_lo, inc_hi, inc_lo, wi, ki, fi, inv_r, r):  # pragma: no cover
    """One float64 standard normal: numpy's ziggurat (``random_standard_normal``).

    The operations of Numba's translation of it on the outputs of :func:`pcg64_step`
    (``next_double`` is ``(output >> 11) / 2**53``); ``wi``, ``ki``, ``fi``, ``inv_r``, ``r``
    are its tables and constants. Returns ``(x, s_hi, s_lo)``.
    """
    while 1:
        idx = rr & 0xFF
        rr >>= 8
        sign = rr & 0x1
        rabs = (rr >> 1) & 0x000FFFFFFFFFFFFF
        x = rabs * wi[idx]
        if sign & 0x1:
            x = -x
        if rabs < ki[idx]:
            return x, s_hi, s_lo
        if idx == 0:
            while 1:
                s_hi, s_lo, u = pcg64_step(s_hi, s_lo, inc_hi, inc_lo)
                xx = -inv_r * np.log1p(-((u >> _U11) * (1.0 / 9007199254740992.0)))
                s_hi, s_lo, u = pcg64_step(s_hi, s_lo, inc_hi, inc_lo)
                yy = -np.log1p(-((u >> _U11) * (1.0 / 9007199254740992.0)))
                if yy + yy > xx * xx:
                    if (rabs >> 8) & 0x1:
                        return -(r + xx), s_hi, s_lo
                    return r + xx, s_hi, s_lo
        else:
            s_hi, s_lo, u = pcg64_step(s_hi, s_lo, inc_hi, inc_lo)
            d = (u >> _U11) * (1.0 / 9007199254740992.0)
            if ((fi[idx - 1] - fi[idx]) * d + fi[idx]) < np.exp(-0.5 * x * x):
                return x, s_hi, s_lo
        s_hi, s_lo, rr = pcg64_step(s_hi, s_lo, inc_hi, inc_lo)


def pcg64_f32_loops(state, wi, ki, fi, inv_r, r_f, out):  # pragma: no cover - compiled
    """Fill the C-contiguous float32 ``out`` in C order from the PCG64 ``state`` (updated).

    ``state`` is ``[s_hi, s_lo, inc_hi, inc_lo, has_uint32, uinteger]`` (uint64).
    """
    s_hi, s_lo, inc_hi, inc_lo = state[0], state[1], state[2], state[3]
    has = state[4] != 0
    buf = np.uint32(state[5])
    f = out.reshape(out.size)
    for t in range(f.size):
        r, s_hi, s_lo, has, buf = pcg64_uint32(s_hi, s_lo, inc_hi, inc_lo, has, buf)
        idx = r & 0xFF
        rabs = (r >> 9) & 0x0007FFFFF
        if rabs < ki[idx]:  # numpy's first test, inline (99% of the draws)
            x = np.float32(np.float32(rabs) * wi[idx])
            f[t] = -x if (r >> 8) & 0x1 else x
        else:
            f[t], s_hi, s_lo, has, buf = pcg64_normal_f32(
                r, s_hi, s_lo, inc_hi, inc_lo, has, buf, wi, ki, fi, inv_r, r_f
            )
    state[0] = s_hi
    state[1] = s_lo
    state[4] = 1 if has else 0
    state[5] = buf


def pcg64_f64_loops(state, wi, ki, fi, inv_r, r, out):  # pragma: no cover - compiled
    """Fill the C-contiguous float64 ``out`` in C order from the PCG64 ``state`` (updated)."""
    s_hi, s_lo, inc_hi, inc_lo = state[0], state[1], state[2], state[3]
    f = out.reshape(out.size)
    for t in range(f.size):
        s_hi, s_lo, rr = pcg64_step(s_hi, s_lo, inc_hi, inc_lo)
        idx = rr & 0xFF
        w = rr >> 8
        rabs = (w >> 1) & 0x000FFFFFFFFFFFFF
        if rabs < ki[idx]:  # numpy's first test, inline (99% of the draws)
            x = rabs * wi[idx]
            f[t] = -x if w & 0x1 else x
        else:
            f[t], s_hi, s_lo = pcg64_normal(rr, s_hi, s_lo, inc_hi, inc_lo, wi, ki, fi, inv_r, r)
    state[0] = s_hi
    state[1] = s_lo


def perceive_loops(
    state, wi, ki, fi, inv_r, r_f, m_old, sigma, od, mhat, threat
):  # pragma: no cover - compiled
    """Fill mhat and the threat as ``perception._perceive_loops``, drawing each eps in turn.

    Observer i's draw on target j != i is the next float32 normal of the PCG64 ``state``
    (updated): the block ``(runs, N, N - 1)`` in C order, as :func:`pcg64_f32_loops` fills it.
    """
    s_hi, s_lo, inc_hi, inc_lo = state[0], state[1], state[2], state[3]
    has = state[4] != 0
    buf = np.uint32(state[5])
    R, N = m_old.shape[0], m_old.shape[1]
    for r in range(R):
        for i in range(N):
            s = sigma[i]
            acc = 0.0
            for j in range(N):
                v = 0.0
                if j != i:
                    w, s_hi, s_lo, has, buf = pcg64_uint32(s_hi, s_lo, inc_hi, inc_lo, has, buf)
                    idx = w & 0xFF
                    rabs = (w >> 9) & 0x0007FFFFF
                    if rabs < ki[idx]:  # numpy's first test, inline (99% of the draws)
                        x = np.float32(np.float32(rabs) * wi[idx])
                        x = -x if (w >> 8) & 0x1 else x
                    else:
                        x, s_hi, s_lo, has, buf = pcg64_normal_f32(
                            w, s_hi, s_lo, inc_hi, inc_lo, has, buf, wi, ki, fi, inv_r, r_f
                        )
                    v = perceived_value(m_old[r, j], s, x)
                mhat[r, i, j] = v
                acc += v
            threat[r, i] = od[i] * acc
    state[0] = s_hi
    state[1] = s_lo
    state[4] = 1 if has else 0
    state[5] = buf


def supports(rng: np.random.Generator, out: np.ndarray) -> bool:
    """Return whether :func:`fill` draws ``out`` (a PCG64 generator, C-contiguous float32/64)."""
    return (
        type(rng.bit_generator) is np.random.PCG64
        and out.flags.c_contiguous
        and out.dtype in (np.float32, np.float64)
    )


def fill(rng: np.random.Generator, out: np.ndarray) -> np.ndarray:
    """Fill ``out`` as ``rng.standard_normal(out=out, dtype=out.dtype)`` does; return it.

    Parameters
    ----------
    rng
        A generator on numpy's PCG64 (:func:`supports`); its state is advanced as numpy's.
    out
        The C-contiguous float32 or float64 array to fill, in C order.

    Returns
    -------
    numpy.ndarray
        ``out``.
    """
    words = _words(rng)
    if out.dtype == np.float32:
        compiled(pcg64_f32_loops)(
            words, zig.wi_float, zig.ki_float, zig.fi_float,
            zig.ziggurat_nor_inv_r_f, zig.ziggurat_nor_r_f, out,
        )  # fmt: skip
    else:
        compiled(pcg64_f64_loops)(
            words, zig.wi_double, zig.ki_double, zig.fi_double,
            float(zig.ziggurat_nor_inv_r), float(zig.ziggurat_nor_r), out,
        )  # fmt: skip
    _store(rng, words)
    return out


def perceive(
    rng: np.random.Generator,
    m_old: np.ndarray,
    sigma: np.ndarray,
    od: np.ndarray,
    mhat: np.ndarray,
    threat: np.ndarray,
) -> None:
    """Draw the perception block and fill mhat and the threat in one pass (:func:`perceive_loops`).

    The draws of ``perception.draw_noise`` (``rng.standard_normal((runs, N, N - 1),
    dtype=float32)``, the generator left in numpy's state) and the operations of
    ``perception._perceive_loops`` on them, without the block in memory.

    Parameters
    ----------
    rng
        The chunk's generator, on numpy's PCG64.
    m_old
        ``(runs, N)`` the start-of-step military (float64, C-contiguous).
    sigma, od
        ``(N,)`` the effective noise and the offense-defense factor (float64, C-contiguous).
    mhat, threat
        ``(runs, N, N)`` and ``(runs, N)`` float64 C-contiguous outputs.
    """
    words = _words(rng)
    compiled(perceive_loops)(
        words, zig.wi_float, zig.ki_float, zig.fi_float, zig.ziggurat_nor_inv_r_f,
        zig.ziggurat_nor_r_f, m_old, sigma, od, mhat, threat,
    )  # fmt: skip
    _store(rng, words)


def _words(rng: np.random.Generator) -> np.ndarray:
    """Return the generator's state as uint64 ``[s_hi, s_lo, inc_hi, inc_lo, has, uinteger]``."""
    st = rng.bit_generator.state
    s, inc = st["state"]["state"], st["state"]["inc"]
    return np.array(
        [s >> 64, s & _M64, inc >> 64, inc & _M64, st["has_uint32"], st["uinteger"]],
        dtype=np.uint64,
    )


def _store(rng: np.random.Generator, words: np.ndarray) -> None:
    """Put the state ``words`` (:func:`_words`, advanced by a loop) back in the generator."""
    rng.bit_generator.state = {
        "bit_generator": "PCG64",
        "state": {
            "state": (int(words[0]) << 64) | int(words[1]),
            "inc": (int(words[2]) << 64) | int(words[3]),
        },
        "has_uint32": int(words[4]),
        "uinteger": int(words[5]),
    }


JUMP = 1024
"""The longest jump of :func:`pcg64_jump` (longer ones are made of several)."""

_JUMPS: list[np.ndarray] = []


def jump_table() -> np.ndarray:
    """Return the ``(JUMP + 1, 4)`` uint64 table of the PCG64 jumps (made on first use).

    Row n is ``[A**n >> 64, A**n & M, S_n >> 64, S_n & M]`` (``M = 2**64 - 1``): ``A`` the
    PCG64 multiplier, ``S_n = 1 + A + ... + A**(n - 1)`` modulo 2**128 (row 0: ``A**0 = 1``,
    ``S_0 = 0``), so that ``n`` steps from state ``s`` give ``A**n s + S_n inc``.
    """
    if not _JUMPS:
        mult = (int(_MULT_HI) << 64) | int(_MULT_LO)
        m128 = (1 << 128) - 1
        rows, a, acc = [], 1, 0
        for _ in range(JUMP + 1):
            rows.append((a >> 64, a & _M64, acc >> 64, acc & _M64))
            acc = (acc + a) & m128
            a = (a * mult) & m128
        _JUMPS.append(np.array(rows, dtype=np.uint64))
    return _JUMPS[0]


@scalar
def mul128(a_hi, a_lo, b_hi, b_lo):  # pragma: no cover - compiled
    """Return ``(hi, lo)``: the 128-bit ``a * b`` modulo 2**128 (uint64 words)."""
    return mulhi(a_lo, b_lo) + a_lo * b_hi + a_hi * b_lo, a_lo * b_lo


@scalar
def pcg64_output(hi, lo):  # pragma: no cover - compiled
    """Return numpy's PCG64 output of the new state ``(hi, lo)`` (XSL-RR, as :func:`pcg64_step`)."""
    x = hi ^ lo
    rot = hi >> _U58
    return (x >> rot) | (x << ((_U64 - rot) & _U63))


@scalar
def pcg64_jump(s_hi, s_lo, inc_hi, inc_lo, jumps, n):  # pragma: no cover - compiled
    """Advance the PCG64 state ``n`` steps (``0 <= n <= JUMP``): ``A**n s + S_n inc``.

    ``jumps`` is :func:`jump_table`; returns ``(s_hi, s_lo)``.
    """
    a_hi, a_lo = mul128(s_hi, s_lo, jumps[n, 0], jumps[n, 1])
    c_hi, c_lo = mul128(inc_hi, inc_lo, jumps[n, 2], jumps[n, 3])
    lo = a_lo + c_lo
    return a_hi + c_hi + (_U1 if lo < a_lo else _U0), lo


def uniform_at_loops(state, jumps, t, size, out):  # pragma: no cover - compiled
    """Fill ``out[t[q]]`` with the PCG64 ``state``'s uniform number ``t[q]`` of ``size``.

    ``t`` strictly increasing in ``[0, size)``; ``out`` flat. The uniform number n is numpy's
    ``next_double`` of output n, ``(output >> 11) / 2**53``; ``state`` (uint64 ``[s_hi, s_lo,
    inc_hi, inc_lo, ...]``) is advanced ``size`` steps, as ``random(size)`` advances it.
    Returns 0, or -1 (nothing written to ``state``) when ``t`` is not as described.
    """
    s_hi, s_lo, inc_hi, inc_lo = state[0], state[1], state[2], state[3]
    K = jumps.shape[0] - 1
    pos = 0  # outputs taken so far
    for q in range(t.shape[0] + 1):
        end = t[q] + 1 if q < t.shape[0] else size
        n = end - pos
        if n < (1 if q < t.shape[0] else 0) or end > size:
            return -1
        while n > K:
            s_hi, s_lo = pcg64_jump(s_hi, s_lo, inc_hi, inc_lo, jumps, K)
            n -= K
        s_hi, s_lo = pcg64_jump(s_hi, s_lo, inc_hi, inc_lo, jumps, n)
        pos = end
        if q < t.shape[0]:
            out[t[q]] = (pcg64_output(s_hi, s_lo) >> _U11) * (1.0 / 9007199254740992.0)
    state[0] = s_hi
    state[1] = s_lo
    return 0


def uniform_at(rng: np.random.Generator, shape: tuple, t: np.ndarray) -> np.ndarray:
    """Return ``rng.random(shape)`` at the flat indices ``t`` only (NaN elsewhere).

    The numbers at ``t`` are numpy's bits, and the generator is left in the state
    ``rng.random(shape)`` leaves it in; the entries between are jumped over
    (:func:`uniform_at_loops`), not drawn.

    Parameters
    ----------
    rng
        A generator on numpy's PCG64 (``type(rng.bit_generator) is np.random.PCG64``).
    shape
        The shape of the block ``rng.random`` would draw.
    t
        Strictly increasing int64 flat indices into that block.

    Returns
    -------
    numpy.ndarray
        ``shape`` float64: the uniforms at ``t``, NaN elsewhere.

    Raises
    ------
    ValueError
        If ``t`` is not strictly increasing within the block (the generator is not advanced).
    """
    size = int(np.prod(shape))
    out = np.full(size, np.nan)
    words = _words(rng)
    idx = np.ascontiguousarray(t, dtype=np.int64)
    if compiled(uniform_at_loops)(words, jump_table(), idx, size, out) != 0:
        raise ValueError("uniform_at: the indices must be strictly increasing in the block")
    _store(rng, words)
    return out.reshape(shape)

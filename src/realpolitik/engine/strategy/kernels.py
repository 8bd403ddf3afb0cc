"""Compiled loops of the decision phase: the numpy operations of :mod:`.values`, per pair.

The numpy operations of :mod:`realpolitik.engine.strategy` are the reference (they run with
``realpolitik.engine.compiled.NUMBA = False``); each loop here performs the same floating-point
operations in the same order, over runs and ordered pairs, without the ``(runs, N, N, N)``
temporaries of the numpy route, and gives the same bits (the tests check it).

A sum over the last axis of an array is numpy's pairwise summation (blocks of eight partial
sums, numpy's ``pairwise_sum``); :func:`pairwise_sum` repeats its order, so that a compiled sum
of the same terms is the numpy sum's bits.

Normal draws: Numba compiles the methods of a numpy ``Generator`` with the generator's own bit
generator and numpy's ziggurat, so :func:`standard_normal` draws the bits of
``rng.standard_normal(out=out)`` and leaves the generator in the same state (the tests check
it), about three times faster (float64) than numpy's own loop. On the engine's PCG64 it runs
the generator's steps itself (:mod:`.pcg64`: the same draws and state, float32 normals about
2.3x as fast again); the loops here serve other bit generators and compiled callers
(:func:`normal_loops` inside a compiled pass).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from realpolitik.engine.compiled import compiled, scalar

__all__ = [
    "BLOCK", "F32_CHUNK", "allies_loops", "allies_pair", "expected_allies_compiled",
    "normal_f32_loops", "normal_loops", "pairwise_sum", "pcg64_loops", "perceive_compiled",
    "perceive_loops", "standard_normal", "trend_compiled", "trend_loops",
]  # fmt: skip

BLOCK = 128
"""numpy's ``PW_BLOCKSIZE``: a sum of more terms splits in two halves (the loops stop here)."""


@scalar
def pairwise_sum(a: np.ndarray, n: int) -> float:
    """Return ``a[:n].sum()`` in numpy's pairwise order (float64, ``n`` <= :data:`BLOCK`).

    Below eight terms a plain running sum from 0; up to :data:`BLOCK` terms eight running
    partial sums combined as ``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`` and the rest
    added one by one (above, numpy splits the sum in two halves: the loops are not used there).
    """
    if n < 8:
        res = 0.0
        for t in range(n):
            res += a[t]
        return res
    r0, r1, r2, r3, r4, r5, r6, r7 = a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]
    t = 8
    while t < n - (n % 8):
        r0 += a[t]
        r1 += a[t + 1]
        r2 += a[t + 2]
        r3 += a[t + 3]
        r4 += a[t + 4]
        r5 += a[t + 5]
        r6 += a[t + 6]
        r7 += a[t + 7]
        t += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while t < n:
        res += a[t]
        t += 1
    return res


@scalar
def allies_pair(allied, chat, join, r, i, j, ta, tb):
    """Return ``(A_ij, B_ij)`` of run ``r`` (:func:`allies_loops`), ``ta``/``tb`` as scratch.

    For observer i and rival j: k is an eligible ally of i if allied with i, not with j and
    k != j (of j likewise, k != i); ``n`` eligible allies on a side each join with
    ``join[k, n]``; the expected strength is the sum over k of ``P(k joins) Chat_ik``, in
    numpy's order (:func:`pairwise_sum`), the terms of ineligible k being ``0.0 * Chat_ik``.
    """
    N = chat.shape[2]
    n_i = 0
    n_j = 0
    for k in range(N):
        ai = allied[r, i, k]
        aj = allied[r, j, k]
        if ai and not aj and k != j:
            n_i += 1
        if aj and not ai and k != i:
            n_j += 1
    for k in range(N):
        ai = allied[r, i, k]
        aj = allied[r, j, k]
        p_i = join[k, n_i] if (ai and not aj and k != j) else 0.0
        p_j = join[k, n_j] if (aj and not ai and k != i) else 0.0
        ta[k] = p_i * chat[r, i, k]
        tb[k] = p_j * chat[r, i, k]
    return pairwise_sum(ta, N), pairwise_sum(tb, N)


F32_CHUNK = 2048
"""float32 normals drawn per call of Numba's ``standard_normal(size=...)`` (its scalar float32
draw is slower than numpy's; an array of this size is cheap to make)."""


@scalar
def normal_loops(rng, out):  # pragma: no cover - compiled
    """Fill the C-contiguous float64 ``out`` with standard normals in C order (numpy's draws)."""
    f = out.reshape(out.size)
    for t in range(f.size):
        f[t] = rng.standard_normal()


@scalar
def normal_f32_loops(rng, out):  # pragma: no cover - compiled
    """Fill the C-contiguous float32 ``out`` with float32 standard normals in C order."""
    f = out.reshape(out.size)
    n = f.size
    for lo in range(0, n, F32_CHUNK):
        hi = min(lo + F32_CHUNK, n)
        f[lo:hi] = rng.standard_normal(size=hi - lo, dtype=np.float32)


_PCG64 = None
"""The module :mod:`.pcg64` once imported (it imports Numba: only when the loops are on)."""


def pcg64_loops(rng: np.random.Generator) -> Any:
    """Return the module :mod:`.pcg64` where its loops draw ``rng``'s numbers, else None.

    Parameters
    ----------
    rng
        A generator.

    Returns
    -------
    module or None
        :mod:`.pcg64` (imported on first use: it imports Numba) when the compiled loops are
        on and ``rng`` runs on numpy's PCG64; else None (also where this Numba lacks the
        ziggurat tables or the intrinsics :mod:`.pcg64` imports: the loops on Numba's
        ``Generator`` run instead).
    """
    global _PCG64
    if type(rng.bit_generator) is not np.random.PCG64 or compiled(normal_loops) is None:
        return None
    if _PCG64 is None:
        try:
            from realpolitik.engine.strategy import pcg64
        except ImportError:  # pragma: no cover - a Numba without numba.np.random._constants
            pcg64 = False
        _PCG64 = pcg64
    return _PCG64 or None


def standard_normal(rng: np.random.Generator, out: np.ndarray) -> np.ndarray:
    """Fill ``out`` as ``rng.standard_normal(out=out, dtype=out.dtype)`` does; return it.

    By a compiled loop for a C-contiguous float64 or float32 ``out`` (:func:`.pcg64.fill` on a
    PCG64 generator, else :func:`normal_loops`, :func:`normal_f32_loops`): the same draws, in
    the same order, and the generator left in the same state as numpy's. numpy fills it when
    the compiled loops are off (and answers another array: numpy takes a C-contiguous float64
    or float32 ``out`` only).

    Parameters
    ----------
    rng
        The generator.
    out
        The array to fill (C-contiguous, float64 or float32).

    Returns
    -------
    numpy.ndarray
        ``out``.
    """
    loop = None
    pcg64 = pcg64_loops(rng)
    if pcg64 is not None and pcg64.supports(rng, out):
        return pcg64.fill(rng, out)
    if out.flags.c_contiguous and out.dtype == np.float64:
        loop = compiled(normal_loops)
    elif out.flags.c_contiguous and out.dtype == np.float32:
        loop = compiled(normal_f32_loops)
    if loop is None:
        rng.standard_normal(out=out, dtype=out.dtype)
    else:
        loop(rng, out)
    return out


def allies_loops(allied, chat, join, out_a, out_b):  # pragma: no cover - compiled
    """Fill ``A_ij`` and ``B_ij`` (:func:`~.values.expected_allies`) for every run and pair."""
    R, N, _ = chat.shape
    ta = np.empty(N)
    tb = np.empty(N)
    for r in range(R):
        for i in range(N):
            for j in range(N):
                out_a[r, i, j], out_b[r, i, j] = allies_pair(allied, chat, join, r, i, j, ta, tb)


def expected_allies_compiled(
    allied: np.ndarray, chat: np.ndarray, join: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Return ``(A, B)`` of :func:`~.values.expected_allies` by the compiled loop, or None.

    Parameters
    ----------
    allied
        ``(runs, N, N)`` bool pacts.
    chat
        ``(runs, N, N)`` i's view of every state's strength.
    join
        ``(N, N - 1)`` join probabilities.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray) or None
        The two ``(runs, N, N)`` arrays; None when the compiled loops are off
        (``realpolitik.engine.compiled.NUMBA``) or N > :data:`BLOCK`; the caller then runs its
        numpy operations.
    """
    loop = compiled(allies_loops) if chat.shape[-1] <= BLOCK else None
    if loop is None:
        return None
    a = np.empty(chat.shape)
    b = np.empty(chat.shape)
    loop(
        np.ascontiguousarray(allied),
        np.ascontiguousarray(chat, dtype=np.float64),
        np.ascontiguousarray(join, dtype=np.float64),
        a,
        b,
    )
    return a, b


def perceive_loops(military, scale, eps, mhat):  # pragma: no cover - compiled
    """Fill ``mhat_ij = m_j max(0, 1 + scale_ij eps_ij)`` and m_i on the diagonal.

    :func:`~.values.perceive`'s numpy operations on each entry (``np.maximum(0.0, t)`` keeps a
    NaN ``t``).
    """
    R, N = military.shape
    for r in range(R):
        for i in range(N):
            for j in range(N):
                t = 1.0 + scale[r, i, j] * eps[r, i, j]
                mhat[r, i, j] = military[r, j] * (0.0 if t < 0.0 else t)
            mhat[r, i, i] = military[r, i]


def perceive_compiled(
    military: np.ndarray, scale: np.ndarray, eps: np.ndarray
) -> np.ndarray | None:
    """Return the noisy view of :func:`~.values.perceive` by a compiled loop, or None.

    Parameters
    ----------
    military
        ``(runs, N)`` true military.
    scale
        The noise scale, broadcastable to ``(runs, N, N)`` (observer i on axis 1).
    eps
        ``(runs, N, N)`` the standard normals drawn.

    Returns
    -------
    numpy.ndarray or None
        ``mhat`` ``(runs, N, N)``; None when the compiled loops are off (the caller then runs
        its numpy operations).
    """
    loop = compiled(perceive_loops)
    if loop is None:
        return None
    mhat = np.empty(eps.shape)
    s = np.broadcast_to(np.asarray(scale, dtype=np.float64), eps.shape)
    loop(np.ascontiguousarray(military, dtype=np.float64), s, eps, mhat)
    return mhat


def trend_loops(g, log, slot, n, out):  # pragma: no cover - compiled
    """Store the year's log growth ``g`` (0 where not finite) in ``log[:, slot]``; fill the mean.

    ``out[r, j]`` is the mean of ``log[r, :n, j]`` as numpy's ``mean(axis=1)`` computes it on
    these arrays: the sum in window order, divided by n.
    """
    R, N = log.shape[0], log.shape[2]
    for r in range(R):
        for j in range(N):
            v = g[r, j]
            log[r, slot, j] = v if np.isfinite(v) else 0.0
        for j in range(N):
            s = log[r, 0, j]
            for k in range(1, n):
                s += log[r, k, j]
            out[r, j] = s / n


def trend_compiled(g: np.ndarray, log: np.ndarray, slot: int, n: int) -> np.ndarray | None:
    """Return the mean growth over the window by :func:`trend_loops` (after storing ``g``), or None.

    Parameters
    ----------
    g
        ``(runs, N)`` this year's log growth of GDP (inf or NaN where a GDP is 0).
    log
        ``(runs, window, N)`` the growth log (C-contiguous float64), written at ``slot``.
    slot, n
        The window slot of this year and the years seen (1 <= n <= window).

    Returns
    -------
    numpy.ndarray or None
        ``(runs, N)``; None when the compiled loops are off (the caller then runs its numpy
        operations).
    """
    loop = compiled(trend_loops)
    if loop is None:
        return None
    out = np.empty(g.shape)
    loop(np.ascontiguousarray(g, dtype=np.float64), log, slot, n, out)
    return out

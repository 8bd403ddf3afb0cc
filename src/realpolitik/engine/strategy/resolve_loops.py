"""Compiled loops of the year's selection and answers (:mod:`.resolve`), per run and pair.

The numpy operations of :func:`~.resolve.select` and :func:`~.resolve.answer` are the reference
(they run with ``realpolitik.engine.compiled.NUMBA = False``); the loops here make the same
comparisons and floating-point operations in the same order, one pass over each run's pairs
instead of some twenty array operations, and give the same booleans (the tests check it). Ties
and NaNs are numpy's: a NaN margin never loses a pair, and the best demand of a state is
``np.argmax``'s (the first NaN, else the first largest gain, ``-inf`` standing for a rival it
cannot demand of).

Each function here returns None when the compiled loops are off; the caller then runs its numpy
operations. Sources of the rules: docs/strategic.md and :mod:`.resolve`.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import compiled, scalar

TIE = 1e-9
"""Tolerance of the target's acceptance test (a demand equal to the target's reservation value
is accepted, whatever the last bits of two routes to the same number)."""

__all__ = ["TIE", "answer_compiled", "answer_loops", "select_compiled", "select_loops"]


@scalar
def _keep_pair(chosen, margin, r, i, j) -> bool:
    """Whether ``chosen[i, j]`` (a run's) survives :func:`~.resolve._one_per_pair` of run r.

    Where both directions are chosen, the larger ``margin[r]`` stands (ties: the lower i; a
    NaN compares false, so it loses nothing).
    """
    if not chosen[i, j]:
        return False
    if not chosen[j, i]:
        return True
    m, mt = margin[r, i, j], margin[r, j, i]
    return not (m < mt or (m == mt and not i < j))


@scalar
def _best_demand(demand, gain, settled, strike, striker, r, i) -> int:
    """Return the rival state i demands of in run r (-1: none), as :func:`~.resolve.select`.

    ``np.argmax`` of ``where(cand, gain, -inf)``: the first NaN, else the first largest value
    (a row of candidates that all gain ``-inf`` picks index 0, as numpy does).
    """
    N = gain.shape[2]
    b = -1
    top = 0.0
    has = False
    for j in range(N):
        cand = demand[r, i, j] and not (strike[i, j] or strike[j, i] or striker)
        if settled.shape[0] > 0:
            cand = cand and settled[r, i, j] <= 0
        has = has or cand
        g = gain[r, i, j] if cand else -np.inf
        if b < 0 or (top == top and (g > top or g != g)):
            b, top = j, g
    return b if has else -1


def select_loops(  # pragma: no cover - compiled
    kind, margin, demand, gain, settled, strike_out, kind_out, demand_out
):
    """Fill the strikes, their kinds and the demands of :func:`~.resolve.select`.

    ``settled`` of shape ``(0, 0, 0)`` means no settlements.
    """
    R, N, _ = kind.shape
    chosen = np.zeros((N, N), dtype=np.bool_)
    strike = np.zeros((N, N), dtype=np.bool_)
    for r in range(R):
        for i in range(N):
            for j in range(N):
                chosen[i, j] = kind[r, i, j] > 0
        for i in range(N):
            for j in range(N):
                strike[i, j] = _keep_pair(chosen, margin, r, i, j)
                strike_out[r, i, j] = strike[i, j]
                kind_out[r, i, j] = kind[r, i, j] if strike[i, j] else 0
        for i in range(N):
            striker = False
            for j in range(N):
                striker = striker or strike[i, j]
            b = _best_demand(demand, gain, settled, strike, striker, r, i)
            for j in range(N):
                chosen[i, j] = j == b
        for i in range(N):
            for j in range(N):
                demand_out[r, i, j] = _keep_pair(chosen, gain, r, i, j)


def select_compiled(kind, margin, demand, gain, settled) -> tuple | None:
    """Return ``(strike, kind, demand)`` of :func:`~.resolve.select` by the loop, or None.

    Parameters
    ----------
    kind, margin
        ``(runs, N, N)`` the strike kinds (int8, 0: none) and margins.
    demand, gain
        ``(runs, N, N)`` the demands a state would make (bool) and their expected gains.
    settled
        ``(runs, N, N)`` years left of a settlement, or None.

    Returns
    -------
    tuple or None
        The strikes (bool), their kinds (int8) and the demands (bool); None when the compiled
        loops are off (the caller then runs its numpy operations).
    """
    loop = compiled(select_loops)
    if loop is None:
        return None
    shape = kind.shape
    strike = np.empty(shape, dtype=bool)
    kind_out = np.empty(shape, dtype=np.int8)
    demand_out = np.empty(shape, dtype=bool)
    sett = np.zeros((0, 0, 0), dtype=np.int16) if settled is None else settled
    loop(kind, margin, demand, gain, sett, strike, kind_out, demand_out)
    return strike, kind_out, demand_out


def answer_loops(  # pragma: no cover - compiled
    demand, x, c_target, xi, p_def, W_atk, stake, u, audience, out
):
    """Fill ``out[0..2]`` = conceded, fought, backed down of :func:`~.resolve.answer`."""
    R, N, _ = demand.shape
    for r in range(R):
        for i in range(N):
            for j in range(N):
                if not demand[r, i, j]:
                    out[0, r, i, j] = False
                    out[1, r, i, j] = False
                    out[2, r, i, j] = False
                    continue
                p_T = 1.0 - p_def[r, j, i]
                c_T = c_target[r, i, j] * (1.0 + u * (xi[r, i, j] - 0.5))
                accept = x[r, i, j] <= p_T + c_T + TIE
                fights = not accept and W_atk[r, i, j] > -audience[i] * stake[r, i, j]
                out[0, r, i, j] = accept
                out[1, r, i, j] = fights
                out[2, r, i, j] = not accept and not fights


def answer_compiled(demand, x, c_target, xi, p_def, W_atk, stake, const) -> np.ndarray | None:
    """Return conceded, fought and backed down (``(3, runs, N, N)`` bool) by the loop, or None.

    Parameters are those of :func:`~.resolve.answer`; None when the compiled loops are off (the
    caller then runs its numpy operations).
    """
    loop = compiled(answer_loops)
    if loop is None:
        return None
    out = np.empty((3, *demand.shape), dtype=bool)
    aud = np.ascontiguousarray(const.audience, dtype=np.float64)
    loop(demand, x, c_target, xi, p_def, W_atk, stake, float(const.u), aud, out)
    return out

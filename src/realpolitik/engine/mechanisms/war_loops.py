"""Coalition wars (:func:`~realpolitik.engine.mechanisms.war.fight`) in a few compiled loops.

The numpy operations of :func:`~realpolitik.engine.mechanisms.war.fight` are the reference
(they run with ``realpolitik.engine.compiled.NUMBA = False``); a year has a few dozen wars per
thousand runs, so those operations cost their calls more than their arithmetic. The loops here
perform the same floating-point operations in the same order, war by war (a sum over a war's
states in numpy's pairwise order, :func:`~realpolitik.engine.strategy.kernels.pairwise_sum`;
the additions of ``np.add.at`` in the wars' order), and give the same bits (the tests check
it). Two powers stay numpy's, as in the reference (numpy's power may differ from the C
library's in the last bit): the contest's ``ratio ** gamma``
(:func:`~realpolitik.engine.mechanisms.war.win_probability`) and the cession's compounded
share ``(1 - c) ** n``. The steps, between which the caller draws and raises:

0. :func:`sides_loops`: each war's states, initiator and target; the sides start as the dyad.
1. :func:`eligible_loops`: each war's eligible allies of the initiator and the target.
2. :func:`join_loops`: who joins (from the block of joining draws), the sides.
3. :func:`strength_loops`: the sides' strengths (with the initiator's first-strike factor;
   the strategic engine's ``military + mob * gdp`` computed at the wars' states).
4. :func:`apply_loops`: the winners (from the contest ratios raised to gamma by numpy), the
   wars' counts, the losses, and the wars each state cedes in.
5. :func:`cede_loops`: the cession of GDP to the winning sides.

Sources of the equations: docs/engine.md, docs/models/contest.md (Tullock 1980, Hirshleifer
1989), docs/models/alliances.md (Christensen & Snyder 1990, Diekmann 1985).
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import compiled, numpy_errors
from realpolitik.engine.strategy.kernels import BLOCK, pairwise_sum

__all__ = [
    "apply_loops", "cede_loops", "eligible_loops", "fight_compiled", "join_loops",
    "sides_loops", "strength_loops",
]  # fmt: skip

_NO_MOB = np.zeros(0)


def sides_loops(p, init_second, pair_i, pair_j, idx, side_I, side_T):  # pragma: no cover
    """Fill each war's pair states, initiator and target (``idx``: i, j, ini, tgt) and sides.

    Each side starts with its dyad member alone (the allies join in :func:`join_loops`).
    """
    nw, N = side_I.shape
    for w in range(nw):
        a, b = pair_i[p[w]], pair_j[p[w]]
        ini, tgt = (b, a) if init_second[w] else (a, b)
        idx[0, w] = a
        idx[1, w] = b
        idx[2, w] = ini
        idx[3, w] = tgt
        for k in range(N):
            side_I[w, k] = k == ini
            side_T[w, k] = k == tgt


def eligible_loops(allied, r, ini, tgt, elig_I, elig_T):  # pragma: no cover - compiled
    """Fill each war's eligible allies of its initiator and its target; return whether any.

    An ally of one side that is not allied with the other, other than the two dyad members.
    """
    nw, N = elig_I.shape
    found = False
    for w in range(nw):
        rr, a, b = r[w], ini[w], tgt[w]
        for k in range(N):
            of_a = allied[rr, a, k]
            of_b = allied[rr, b, k]
            own = k != a and k != b
            e_a = of_a and not of_b and own
            e_b = of_b and not of_a and own
            elig_I[w, k] = e_a
            elig_T[w, k] = e_b
            found = found or e_a or e_b
    return found


def join_loops(elig_I, elig_T, table, u, side_I, side_T, joins):  # pragma: no cover - compiled
    """Fill who joins each war (``u < table[k, n]``, n the side's eligible allies) and the sides.

    ``table`` is :func:`~realpolitik.engine.mechanisms.war.join_probabilities`, ``u`` the
    ``(wars, N)`` block of joining draws. ``joins[:, q]`` = (war, state) of the q-th joiner in
    (war, state) order (``np.nonzero``'s); returns the number of joiners.
    """
    nw, N = elig_I.shape
    n = 0
    for w in range(nw):
        n_I = 0
        n_T = 0
        for k in range(N):
            n_I += 1 if elig_I[w, k] else 0
            n_T += 1 if elig_T[w, k] else 0
        for k in range(N):
            e_I, e_T = elig_I[w, k], elig_T[w, k]
            j = False
            if e_I or e_T:
                j = u[w, k] < table[k, n_I if e_I else n_T]
            if j:
                joins[0, n] = w
                joins[1, n] = k
                n += 1
            if j and e_I:
                side_I[w, k] = True
            if j and e_T:
                side_T[w, k] = True
    return n


@numpy_errors
def strength_loops(  # pragma: no cover - compiled
    r, side_I, side_T, init_second, strength, mob, gdp, factor, S_i, S_j, ratio
):
    """Fill the strengths of the sides of each pair's states i and j (sums in numpy's order).

    ``ratio`` gets :func:`~realpolitik.engine.mechanisms.war.win_probability`'s ratio before
    the power: ``S_j / S_i`` where ``S_i > 0``, else 0.

    ``factor`` of shape ``(0,)``: no first-strike factor; else the initiator side's factor.
    ``mob`` of shape ``(0,)``: each member adds ``strength``; else ``strength + mob * gdp``.
    """
    add = mob.shape[0] > 0
    nw, N = side_I.shape
    ta = np.empty(N)
    tb = np.empty(N)
    for w in range(nw):
        rr = r[w]
        second = init_second[w]
        for k in range(N):
            in_i = side_T[w, k] if second else side_I[w, k]
            in_j = side_I[w, k] if second else side_T[w, k]
            s = strength[rr, k] + mob[k] * gdp[rr, k] if add else strength[rr, k]
            ta[k] = s if in_i else 0.0
            tb[k] = s if in_j else 0.0
        a = pairwise_sum(ta, N)
        b = pairwise_sum(tb, N)
        if factor.shape[0] > 0:
            a = a * (1.0 if second else factor[w])
            b = b * (factor[w] if second else 1.0)
        S_i[w] = a
        S_j[w] = b
        ratio[w] = b / a if a > 0.0 else 0.0


@numpy_errors
def apply_loops(  # pragma: no cover - compiled
    r, p, i, j, contest, first, init_second, side_I, side_T, tables, military, gdp,
    winner_second, n_lost, n_won, n_ceded,
):  # fmt: skip
    """Decide each war, record the winners, count each state's wars lost and won, apply losses.

    ``contest`` = (the ratios raised to gamma, S_i, S_j, the uniforms u, gamma): the side of
    the pair's state i wins iff ``u < P`` with P
    :func:`~realpolitik.engine.mechanisms.war.win_probability`'s (``first``, filled).
    ``tables`` = (loser's military, loser's GDP, winner's military) loss tables; ``n_lost``,
    ``n_won`` and ``n_ceded`` (the wars each state cedes in as the losing dyad member) start at
    zero. ``military *= lm[n_lost] cm[n_won]``, ``gdp *= ly[n_lost]`` in the runs with a war
    (elsewhere the factors are ``(1 - loss)**0 = 1``, which changes no bit).
    """
    ratio, S_i, S_j, u, gamma = contest
    lm, ly, cm = tables
    nw, N = side_I.shape
    R = military.shape[0]
    touched = np.zeros(R, dtype=np.bool_)
    for w in range(nw):
        rr = r[w]
        touched[rr] = True
        if S_i[w] > 0.0:
            chance = 1.0 / (1.0 + ratio[w])
        elif S_j[w] > 0.0 and gamma > 0:
            chance = 0.0
        else:
            chance = 0.5
        won = u[w] < chance
        first[w] = won
        winner_second[rr, p[w]] = not won
        second = init_second[w]
        for k in range(N):
            in_i = side_T[w, k] if second else side_I[w, k]
            in_j = side_I[w, k] if second else side_T[w, k]
            n_won[rr, k] += 1 if (in_i if won else in_j) else 0
            n_lost[rr, k] += 1 if (in_j if won else in_i) else 0
        n_ceded[rr, j[w] if won else i[w]] += 1
    for rr in range(R):
        if not touched[rr]:
            continue
        for k in range(N):
            military[rr, k] = military[rr, k] * (lm[n_lost[rr, k]] * cm[n_won[rr, k]])
            gdp[rr, k] = gdp[rr, k] * ly[n_lost[rr, k]]


@numpy_errors
def cede_loops(  # pragma: no cover - compiled
    r, i, j, first, init_second, side_I, side_T, m_w, keep, n_ceded, gdp, total, gains
):  # fmt: skip
    """Move each losing dyad member's cession to its war's winning side (by military).

    ``keep`` = ``(1 - c) ** n_ceded`` (numpy's power); ``m_w`` the wars' military before the
    losses; ``total`` and ``gains`` are ``(runs, N)`` scratch.
    """
    nw, N = side_I.shape
    R = gdp.shape[0]
    for rr in range(R):
        for k in range(N):
            total[rr, k] = gdp[rr, k] * (1.0 - keep[rr, k])
            gains[rr, k] = 0.0
    wt = np.empty(N)
    wins = np.empty(N, dtype=np.bool_)
    for w in range(nw):
        rr = r[w]
        won, second = first[w], init_second[w]
        loser = j[w] if won else i[w]
        per_war = total[rr, loser] / n_ceded[rr, loser]
        count = 0
        for k in range(N):
            in_i = side_T[w, k] if second else side_I[w, k]
            in_j = side_I[w, k] if second else side_T[w, k]
            wins[k] = in_i if won else in_j
            count += 1 if wins[k] else 0
            wt[k] = m_w[w, k] if wins[k] else 0.0
        S = pairwise_sum(wt, N)
        for k in range(N):
            share = wt[k] / S if S > 0.0 else (1.0 if wins[k] else 0.0) / count
            gains[rr, k] += per_war * share
    for rr in range(R):
        for k in range(N):
            gdp[rr, k] = (gdp[rr, k] - total[rr, k]) + gains[rr, k]


def fight_compiled(
    world, rng, r, p, init_second, u, const, gamma, join_on, c, strength, factor, mob=None
):
    """Run :func:`~realpolitik.engine.mechanisms.war.fight` by the loops; return who won, or None.

    Arguments as there (``gamma``: the decisiveness; the contest's power is numpy's, as in
    :func:`~realpolitik.engine.mechanisms.war.win_probability`, between two loops;
    ``join_on``: the allies may join; ``c``: the per-state cession shares; ``factor``: the
    first-strike factor or None; ``mob``: the strengths are ``military + mob * gdp``, computed in
    the loops, when ``strength`` is None). None when the compiled loops are off or
    N > :data:`~realpolitik.engine.strategy.kernels.BLOCK` (the caller runs its numpy
    operations). Draws the joining block ``random((wars, N))`` as the numpy route does: only
    when some war has an eligible ally.
    """
    R, N = world.runs, world.states
    first_loop = compiled(eligible_loops) if N <= BLOCK else None
    if first_loop is None:
        return None
    nw = r.size
    idx = np.empty((4, nw), dtype=np.int64)
    side_I = np.empty((nw, N), dtype=bool)
    side_T = np.empty((nw, N), dtype=bool)
    compiled(sides_loops)(p, init_second, world.pair_i, world.pair_j, idx, side_I, side_T)
    i, j, ini, tgt = idx
    if join_on:
        elig_I = np.empty((nw, N), dtype=bool)
        elig_T = np.empty((nw, N), dtype=bool)
        if first_loop(world.allied, r, ini, tgt, elig_I, elig_T):
            draws = rng.random((nw, N))
            joins = np.empty((2, nw * N), dtype=np.int64)
            n = compiled(join_loops)(elig_I, elig_T, const.join, draws, side_I, side_T, joins)
            if n:
                jw = joins[0, :n]
                world.add_joiners(r[jw], p[jw], joins[1, :n])
    m = world.military
    s = m if strength is None else np.ascontiguousarray(strength, dtype=np.float64)
    f = np.zeros(0) if factor is None else np.ascontiguousarray(factor, dtype=np.float64)
    mb = _NO_MOB if (mob is None or strength is not None) else mob
    S_i, S_j, ratio = np.empty(nw), np.empty(nw), np.empty(nw)
    compiled(strength_loops)(r, side_I, side_T, init_second, s, mb, world.gdp, f, S_i, S_j, ratio)
    if gamma != 1.0:  # win_probability's power
        with np.errstate(over="ignore"):
            ratio = np.power(ratio, np.full_like(ratio, gamma))
    cede = bool(np.any(c > 0.0))
    m_w = m[r] if cede else m[:0]
    n_lost, n_won, n_ceded = (np.zeros((R, N), dtype=np.int64) for _ in range(3))
    first = np.empty(nw, dtype=bool)
    compiled(apply_loops)(r, p, i, j, (ratio, S_i, S_j, u, float(gamma)), first, init_second,
                          side_I, side_T, const.coalition, m, world.gdp, world.winner_second,
                          n_lost, n_won, n_ceded)  # fmt: skip
    if cede:
        keep = (1.0 - c)[None, :] ** n_ceded
        total, gains = np.empty((R, N)), np.empty((R, N))
        compiled(cede_loops)(r, i, j, first, init_second, side_I, side_T, m_w, keep, n_ceded,
                             world.gdp, total, gains)  # fmt: skip
    return first

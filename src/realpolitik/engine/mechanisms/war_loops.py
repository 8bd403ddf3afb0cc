"""Coalition wars (:func:`~realpolitik.engine.mechanisms.war.fight`) in three compiled loops.

The numpy operations of :func:`~realpolitik.engine.mechanisms.war.fight` are the reference
(they run with ``realpolitik.engine.compiled.NUMBA = False``); a year has up to a few thousand
wars per thousand runs, so those operations cost their calls and their temporaries more than
their arithmetic. The loops here perform the same floating-point operations in the same order,
war by war (a sum over a war's states in numpy's pairwise order,
:func:`~realpolitik.engine.strategy.kernels.pairwise_sum`; the additions of ``np.add.at`` in
the wars' order), and give the same bits (the tests check it). Two powers stay numpy's, as in
the reference (numpy's power may differ from the C library's in the last bit): the contest's
``ratio ** gamma`` (:func:`~realpolitik.engine.mechanisms.war.win_probability`), raised
between two loops, and the cession's compounded share ``(1 - c) ** n``, read from a table
numpy's power made once per chunk (:attr:`~realpolitik.engine.mechanisms.war.WarConstants.keep`:
the same power of the same two numbers). The steps, between which the caller draws and
raises:

1. :func:`sides_loops`: each war's states, initiator and target; the sides start as the dyad;
   each war's eligible allies of the initiator and the target.
2. :func:`contest_loops`: who joins (from the block of joining draws), the sides, and the
   sides' strengths (with the initiator's first-strike factor; the strategic engine's
   ``military + mob * gdp`` computed at the wars' states) and contest ratios.
3. :func:`outcome_loops`: the winners (from the ratios raised to gamma by numpy), the wars'
   counts, the losses, and the cession of GDP to the winning sides.

Sources of the equations: docs/engine.md, docs/models/contest.md (Tullock 1980, Hirshleifer
1989), docs/models/alliances.md (Christensen & Snyder 1990, Diekmann 1985).
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import compiled, numpy_errors
from realpolitik.engine.contracts import read_only
from realpolitik.engine.strategy.kernels import BLOCK, pairwise_sum

__all__ = ["contest_loops", "fight_compiled", "outcome_loops", "sides_loops"]

_NO_MOB = np.zeros(0)
_NO_PACTS = np.zeros((0, 0, 0), dtype=bool)
_NO_DRAWS = np.zeros((0, 0))
_NO_TABLE = read_only(np.zeros((0, 0)))  # read-only, as the tables of WarConstants


def sides_loops(  # pragma: no cover - compiled
    p, init_second, pair_i, pair_j, allied, r, idx, side_I, side_T, elig_I, elig_T
):
    """Fill each war's states (``idx``: i, j, ini, tgt), its sides and its eligible allies.

    Each side starts with its dyad member alone (the allies join in :func:`contest_loops`).
    An eligible ally of a side is allied with its dyad member, not with the other, and is
    neither of the two; ``allied`` of shape ``(0, 0, 0)``: no allies (``elig_*`` not filled).
    Returns whether some war has an eligible ally.
    """
    nw, N = side_I.shape
    pacts = allied.shape[0] > 0
    found = False
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
        if pacts:
            rr = r[w]
            for k in range(N):
                of_a = allied[rr, ini, k]
                of_b = allied[rr, tgt, k]
                own = k != ini and k != tgt
                e_a = of_a and not of_b and own
                e_b = of_b and not of_a and own
                elig_I[w, k] = e_a
                elig_T[w, k] = e_b
                found = found or e_a or e_b
    return found


@numpy_errors
def contest_loops(  # pragma: no cover - compiled
    r, side_I, side_T, elig_I, elig_T, table, u, joins, init_second, strength, mob, gdp,
    factor, S_i, S_j, ratio,
):  # fmt: skip
    """Add the allies who join each war to its sides; fill the sides' strengths and ratios.

    Joining (``u`` of shape ``(0, 0)``: no ally is eligible, none joins): ally k joins iff
    ``u[w, k] < table[k, n]`` (``table`` :func:`~realpolitik.engine.mechanisms.war.
    join_probabilities`, n the side's eligible allies, ``u`` the ``(wars, N)`` block of
    joining draws); ``joins[:, q]`` = (war, state) of the q-th joiner in (war, state) order
    (``np.nonzero``'s). Strengths (sums in numpy's order) of the sides of each pair's states i
    and j: ``factor`` of shape ``(0,)``: no first-strike factor, else the initiator side's
    factor; ``mob`` of shape ``(0,)``: each member adds ``strength``, else ``strength + mob *
    gdp``. ``ratio`` gets :func:`~realpolitik.engine.mechanisms.war.win_probability`'s ratio
    before the power: ``S_j / S_i`` where ``S_i > 0``, else 0. Returns the number of joiners.
    """
    drawn = u.shape[0] > 0
    add = mob.shape[0] > 0
    nw, N = side_I.shape
    ta = np.empty(N)
    tb = np.empty(N)
    n = 0
    for w in range(nw):
        if drawn:
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
    return n


@numpy_errors
def outcome_loops(  # pragma: no cover - compiled
    r, p, idx, contest, first, init_second, side_I, side_T, tables, keep, military, gdp,
    winner_second, counts, m_w, scratch,
):  # fmt: skip
    """Decide each war, record the winners, apply the losses; cede GDP to the winning sides.

    ``contest`` = (the ratios raised to gamma, S_i, S_j, the uniforms u, gamma): the side of
    the pair's state i wins iff ``u < P`` with P
    :func:`~realpolitik.engine.mechanisms.war.win_probability`'s (``first``, filled).
    ``tables`` = (loser's military, loser's GDP, winner's military) loss tables; ``counts`` =
    (n_lost, n_won, n_ceded), ``(runs, N)`` ints, zeroed here in the runs with a war (the
    others are not read; n_ceded: the wars each state cedes in as the losing dyad member).
    ``military *= lm[n_lost] cm[n_won]``, ``gdp *= ly[n_lost]`` in the runs with a war
    (elsewhere the factors are ``(1 - loss)**0 = 1``, which changes no bit).

    Cession (``keep`` of shape ``(0, 0)``: none): ``keep[n, k]`` = ``(1 - c_k) ** n``; a
    state's cession is ``total = gdp (1 - keep[n_ceded])`` after the losses, an equal part of
    it in each war it ceded in, split over the war's winning side by ``m_w`` (``(wars, N)``,
    filled here with the wars' military before the losses; equally where the side has none);
    ``gdp = (gdp - total) + gains`` in every run, as the numpy operations. In a run without a
    war (no cession, no gains) that is ``(gdp - gdp (1 - keep[0])) + 0``, which leaves a
    finite positive gdp's bits where ``keep[0] = 1``: those are skipped, the others (0, -0,
    inf, NaN) computed. ``scratch``: ``(2, runs, N)`` floats (read in the runs with a war).
    """
    ratio, S_i, S_j, u, gamma = contest
    lm, ly, cm = tables
    n_lost, n_won, n_ceded = counts[0], counts[1], counts[2]
    cede = keep.shape[0] > 0
    nw, N = side_I.shape
    R = military.shape[0]
    touched = np.zeros(R, dtype=np.bool_)
    for w in range(nw):
        rr = r[w]
        if not touched[rr]:  # the run's first war: its counts start at 0
            touched[rr] = True
            for k in range(N):
                n_lost[rr, k] = 0
                n_won[rr, k] = 0
                n_ceded[rr, k] = 0
        if cede:
            for k in range(N):
                m_w[w, k] = military[rr, k]
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
        n_ceded[rr, idx[1, w] if won else idx[0, w]] += 1
    for rr in range(R):
        if not touched[rr]:
            continue
        for k in range(N):
            military[rr, k] = military[rr, k] * (lm[n_lost[rr, k]] * cm[n_won[rr, k]])
            gdp[rr, k] = gdp[rr, k] * ly[n_lost[rr, k]]
    if not cede:
        return
    total, gains = scratch[0], scratch[1]
    for rr in range(R):
        if not touched[rr]:
            continue
        for k in range(N):
            total[rr, k] = gdp[rr, k] * (1.0 - keep[n_ceded[rr, k], k])
            gains[rr, k] = 0.0
    wt = np.empty(N)
    wins = np.empty(N, dtype=np.bool_)
    for w in range(nw):
        rr = r[w]
        won, second = first[w], init_second[w]
        loser = idx[1, w] if won else idx[0, w]
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
        if touched[rr]:
            for k in range(N):
                gdp[rr, k] = (gdp[rr, k] - total[rr, k]) + gains[rr, k]
            continue
        for k in range(N):  # no war in the run: no cession, no gains
            g = gdp[rr, k]
            if not (g > 0.0 and g < np.inf and keep[0, k] == 1.0):
                gdp[rr, k] = (g - g * (1.0 - keep[0, k])) + 0.0


def fight_compiled(
    world, rng, r, p, init_second, u, const, gamma, join_on, c, strength, factor, mob=None
):
    """Run :func:`~realpolitik.engine.mechanisms.war.fight` by the loops; return who won, or None.

    Arguments as there (``gamma``: the decisiveness; the contest's power is numpy's, as in
    :func:`~realpolitik.engine.mechanisms.war.win_probability`, between two loops;
    ``join_on``: the allies may join; ``c``: the per-state cession shares (their powers are
    ``const.keep``'s); ``factor``: the first-strike factor or None; ``mob``: the strengths are
    ``military + mob * gdp``, computed in the loops, when ``strength`` is None). None when the
    compiled loops are off or N > :data:`~realpolitik.engine.strategy.kernels.BLOCK` (the
    caller runs its numpy operations). Draws the joining block ``random((wars, N))`` as the
    numpy route does: only when some war has an eligible ally.
    """
    R, N = world.runs, world.states
    first_loop = compiled(sides_loops) if N <= BLOCK else None
    if first_loop is None:
        return None
    nw = r.size
    idx = np.empty((4, nw), dtype=np.int64)
    side_I, side_T, elig_I, elig_T = np.empty((4, nw, N), dtype=bool)
    allied = world.allied if join_on else _NO_PACTS
    found = first_loop(p, init_second, world.pair_i, world.pair_j, allied, r, idx, side_I,
                       side_T, elig_I, elig_T)  # fmt: skip
    draws = rng.random((nw, N)) if found else _NO_DRAWS
    joins = np.empty((2, nw * N if found else 0), dtype=np.int64)
    m = world.military
    s = m if strength is None else np.ascontiguousarray(strength, dtype=np.float64)
    f = np.zeros(0) if factor is None else np.ascontiguousarray(factor, dtype=np.float64)
    mb = _NO_MOB if (mob is None or strength is not None) else mob
    S_i, S_j, ratio = np.empty((3, nw))
    table = const.join if found else _NO_TABLE
    n = compiled(contest_loops)(r, side_I, side_T, elig_I, elig_T, table, draws, joins,
                                init_second, s, mb, world.gdp, f, S_i, S_j, ratio)  # fmt: skip
    if n:
        jw = joins[0, :n]
        world.add_joiners(r[jw], p[jw], joins[1, :n])
    if gamma != 1.0:  # win_probability's power
        with np.errstate(over="ignore"):
            ratio = np.power(ratio, np.full_like(ratio, gamma))
    cede = bool(np.any(c > 0.0))
    keep = const.keep if cede else _NO_TABLE
    counts = np.empty((3, R, N), dtype=np.int64)  # zeroed in the loop, in the runs with a war
    m_w = np.empty((nw, N) if cede else (0, N))
    scratch = np.empty((2, R, N) if cede else (2, 0, N))
    first = np.empty(nw, dtype=bool)
    compiled(outcome_loops)(r, p, idx, (ratio, S_i, S_j, u, float(gamma)), first, init_second,
                            side_I, side_T, const.coalition, keep, m, world.gdp,
                            world.winner_second, counts, m_w, scratch)  # fmt: skip
    return first

"""Compiled loops of the year's selection, answers and outcomes (the resolve half of a year).

The numpy operations of :func:`~.resolve.select` and :func:`~.resolve.answer` are the reference
(they run with ``realpolitik.engine.compiled.NUMBA = False``); the loops here make the same
comparisons and floating-point operations in the same order, one pass over each run's pairs
instead of some twenty array operations, and give the same booleans (the tests check it). Ties
and NaNs are numpy's: a NaN margin never loses a pair, and the best demand of a state is
``np.argmax``'s (the first NaN, else the first largest gain, ``-inf`` standing for a rival it
cannot demand of). The selection also lists the year's moves (:attr:`~.resolve.Year.moves`);
the rest of the year works on that list, a few thousand moves per thousand runs, where numpy
would spend its calls more than its arithmetic: the events (:func:`record_loops`), the wars in
(run, pair) order with their peace countdowns (:func:`wars_loops`) and the concessions
(:func:`pay_loops`), each against the numpy operations of
:mod:`realpolitik.engine.mechanisms.decisions`.

Each function here returns None (or False) when the compiled loops are off; the caller then
runs its numpy operations. Sources of the rules: docs/strategic.md and :mod:`.resolve`.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import compiled, numpy_errors, scalar
from realpolitik.engine.strategy.choice_loops import _choice_consts, demand_pair
from realpolitik.engine.strategy.fused import as_f64, nuclear_shares
from realpolitik.engine.strategy.sparse_allies import lowest_bit

TIE = 1e-9
"""Tolerance of the target's acceptance test (a demand equal to the target's reservation value
is accepted, whatever the last bits of two routes to the same number)."""

__all__ = [
    "TIE", "answer_compiled", "answer_loops", "answer_pair", "hawkless_compiled", "hawkless_loops",
    "hawkless_pair", "pair_index", "pay_compiled", "pay_loops", "record_compiled",
    "record_loops", "select_compiled", "select_loops", "wars_compiled", "wars_loops",
]  # fmt: skip


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
def _best_demand(demand, gain, settled, strike, struck, striker, r, i) -> int:
    """Return the rival state i demands of in run r (-1: none), as :func:`~.resolve.select`.

    ``np.argmax`` of ``where(cand, gain, -inf)``: the first NaN, else the first largest value
    (a row of candidates that all gain ``-inf`` picks index 0, as numpy does). ``strike`` (the
    run's strikes) is read only when the run has one (``struck``). The scan of a row of more
    than 64 states (:func:`select_loops` takes the candidates' bits below).
    """
    N = gain.shape[2]
    b = 0
    top = -np.inf
    nan = -1  # the first NaN, which np.argmax returns
    has = False
    sett = settled.shape[0] > 0
    for j in range(N):  # branch-free: the candidates are unpredictable
        blocked = striker | (struck & (strike[i, j] | strike[j, i]))
        cand = demand[r, i, j] & (not blocked)
        if sett:
            cand = cand & (settled[r, i, j] <= 0)
        has = has | cand
        g = gain[r, i, j] if cand else -np.inf
        nan = j if (nan < 0) & (g != g) else nan
        better = g > top  # the first largest (index 0 when every value is -inf)
        b = j if better else b
        top = g if better else top
    b = nan if nan >= 0 else b
    return b if has else -1


@scalar
def _best_of(bits, gain, r, i) -> int:
    """Return :func:`_best_demand`'s rival from the bits of row i's candidates (-1: none).

    ``bits`` (uint64, bit j: j is a candidate) lists the candidates; each is visited once, in
    ascending j (:func:`~.sparse_allies.lowest_bit`), so the row's other states cost nothing:
    they would gain ``-inf``, which never beats ``top`` and is no NaN.
    """
    if bits == 0:
        return -1
    b = 0
    top = -np.inf
    nan = -1  # the first NaN, which np.argmax returns
    while bits != 0:
        j = lowest_bit(bits)
        bits &= bits - np.uint64(1)
        g = gain[r, i, j]
        nan = j if (nan < 0) & (g != g) else nan
        better = g > top  # the first largest (index 0 when every value is -inf)
        b = j if better else b
        top = g if better else top
    return nan if nan >= 0 else b


def select_loops(  # pragma: no cover - compiled
    kind, margin, demand, gain, settled, strike_out, kind_out, demand_out, moves
):
    """Fill the strikes, their kinds and the demands of :func:`~.resolve.select`; list them.

    ``settled`` of shape ``(0, 0, 0)`` means no settlements. ``moves[:, q]`` = (flat index of
    ``(r, i, j)``, r, i, j, strike kind) of the q-th strike or demand in (run, i, j) order
    (0: a demand); returns the number of moves. A run's arrays are read as flat rows of
    ``N * N`` entries where that vectorises (its strikes, the outputs' zeros). A run without a
    strike (most runs) skips the strikes' pair comparisons, and with ``N * N <= 64`` its
    demand candidates (a demand not settled) are one word of bits; otherwise each row's
    candidates are (with ``N <= 64``). Each state's demand is kept as its target (``best``:
    :func:`_best_of` visits the candidates only), and a demand loses only to its reverse
    (:func:`_keep_pair`'s comparison of the two gains).
    """
    R, N, _ = kind.shape
    NN = N * N
    flat = NN <= 64  # a run's candidates in one word
    rows = N <= 64  # a row's candidates in one word (else _best_demand's scan)
    row_mask = np.uint64(2**N - 1) if flat else np.uint64(0)
    k2, d2 = kind.reshape(R, NN), demand.reshape(R, NN)
    s2 = settled.reshape(settled.shape[0], settled.shape[1] * settled.shape[2])
    so2, ko2, do2 = strike_out.reshape(R, NN), kind_out.reshape(R, NN), demand_out.reshape(R, NN)
    sett = settled.shape[0] > 0
    chosen = np.zeros((N, N), dtype=np.bool_)
    strike = np.zeros((N, N), dtype=np.bool_)
    best = np.empty(N, dtype=np.int64)
    n = 0
    for r in range(R):
        struck = False
        for t in range(NN):
            struck = struck | (k2[r, t] > 0)
        for t in range(NN):
            so2[r, t] = False
            ko2[r, t] = 0
            do2[r, t] = False
        if struck:
            for i in range(N):
                for j in range(N):
                    chosen[i, j] = kind[r, i, j] > 0
            for i in range(N):
                for j in range(N):
                    strike[i, j] = _keep_pair(chosen, margin, r, i, j)
                    strike_out[r, i, j] = strike[i, j]
                    kind_out[r, i, j] = kind[r, i, j] if strike[i, j] else 0
        run_bits = np.uint64(0)
        if flat and not struck:
            for t in range(NN):
                cand = d2[r, t]
                if sett:
                    cand = cand & (s2[r, t] <= 0)
                run_bits |= np.uint64(cand) << np.uint64(t)
        asked = False
        for i in range(N):
            striker = False
            if struck:
                for j in range(N):
                    striker = striker | strike[i, j]
            if flat and not struck:
                b = _best_of((run_bits >> np.uint64(i * N)) & row_mask, gain, r, i)
            elif striker:
                b = -1
            elif rows:
                bits = np.uint64(0)
                for j in range(N):
                    cand = demand[r, i, j] & (not (struck and (strike[i, j] | strike[j, i])))
                    if sett:
                        cand = cand & (settled[r, i, j] <= 0)
                    bits |= np.uint64(cand) << np.uint64(j)
                b = _best_of(bits, gain, r, i)
            else:
                b = _best_demand(demand, gain, settled, strike, struck, striker, r, i)
            best[i] = b
            asked = asked or b >= 0
        if not (struck or asked):
            continue
        for i in range(N):
            b = best[i]
            if b >= 0:  # where both directions are chosen, the larger gain stands
                keep = True
                if best[b] == i:
                    m, mt = gain[r, i, b], gain[r, b, i]
                    keep = not (m < mt or (m == mt and not i < b))
                demand_out[r, i, b] = keep
        for i in range(N):
            if not struck:  # the row's one demand, if kept
                b = best[i]
                if b < 0 or not demand_out[r, i, b]:
                    continue
                lo, hi = b, b + 1
            else:
                lo, hi = 0, N
            for j in range(lo, hi):
                if (struck and strike[i, j]) or demand_out[r, i, j]:
                    moves[0, n] = (r * N + i) * N + j
                    moves[1, n] = r
                    moves[2, n] = i
                    moves[3, n] = j
                    moves[4, n] = kind_out[r, i, j]
                    n += 1
    return n


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
        The strikes (bool), their kinds (int8), the demands (bool) and the list of the moves
        (``(5, moves)`` int64: the flat index of ``(r, i, j)``, r, i, j and the strike kind, 0
        for a demand; in (run, i, j) order); None when the compiled loops are off (the caller
        then runs its numpy operations).
    """
    loop = compiled(select_loops)
    if loop is None:
        return None
    shape = kind.shape
    strike = np.empty(shape, dtype=bool)
    kind_out = np.empty(shape, dtype=np.int8)
    demand_out = np.empty(shape, dtype=bool)
    sett = np.zeros((0, 0, 0), dtype=np.int16) if settled is None else settled
    R, N, _ = shape
    moves = np.empty((5, R * max(N * (N - 1) // 2, 1)), dtype=np.int64)  # one per pair at most
    n = loop(kind, margin, demand, gain, sett, strike, kind_out, demand_out, moves)
    return strike, kind_out, demand_out, moves[:, :n]


@scalar
def answer_pair(x, c_target, xi, p_def_ji, w_atk, s, u, aud_i) -> tuple:
    """One demand of :func:`~.resolve.answer`: (accepted, fought).

    ``p_def_ji`` is j's chance if i strikes first (the target's own crisis estimate of the
    challenger's chance is ``1 - p_def_ji``).
    """
    p_T = 1.0 - p_def_ji
    c_T = c_target * (1.0 + u * (xi - 0.5))
    accept = x <= p_T + c_T + TIE
    return accept, not accept and w_atk > -aud_i * s


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
                accept, fights = answer_pair(
                    x[r, i, j], c_target[r, i, j], xi[r, i, j], p_def[r, j, i], W_atk[r, i, j],
                    stake[r, i, j], u, audience[i],
                )  # fmt: skip
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


@scalar
def _hawkless_attack(p, gain, lose, nf, y_i, nuc_on) -> float:
    """:func:`~.values.without_hawks`'s attack value of one pair: no hawk bias."""
    w = (p * gain - (1.0 - p) * lose) + 0.0
    return w - nf * y_i if nuc_on > 0.0 else w


@numpy_errors
@scalar
def hawkless_pair(year, cv, mhat, y_i, y_j, mu, v_g, v_s, nf, ns_t, xi, u, aud_i, consts) -> bool:
    """Whether a fought demand would still be fought with no hawk bias (one pair).

    ``year`` = (eligible, p_atk, gain, lose, stake, stake_back) of the year's values at the
    pair, ``cv`` = (p_atk, gain, lose, p_def of the transpose) of the crisis's; ``nf`` the
    challenger's nuclear first-strike damage share, ``ns_t`` the target's second-strike one;
    ``consts`` those of :func:`~.choice_loops.choices_loops` without prevention.
    """
    eligible, p_atk, gain, lose, s, s_back = year
    nuc_on = consts[4]
    w = _hawkless_attack(p_atk, gain, lose, nf, y_i, nuc_on)
    if not (eligible and s > 0.0 and w > 0.0):  # no demand: none fought
        return False
    tv = (1.0 - mu) * v_g + mu * v_s
    c_t, x, _, _ = demand_pair(p_atk, w, s, s_back, mhat, y_j, tv, consts, ns_t)
    wc = _hawkless_attack(cv[0], cv[1], cv[2], nf, y_i, nuc_on)
    return answer_pair(x, c_t, xi, cv[3], wc, s, u, aud_i)[1]


@numpy_errors
def hawkless_loops(  # pragma: no cover - compiled
    fought, eligible, year, crisis, mhat, gdp, mu, v_greedy, v_secure, first, second_t, xi, u,
    audience, consts, out,
):  # fmt: skip
    """Fill ``out``: whether each fought demand would still be fought with no hawk bias.

    ``year`` = (p_atk, gain, lose, stake, stake_back) of the year's values, ``crisis`` =
    (p_atk, gain, lose, p_def) of the crisis's; ``first`` the nuclear first-strike damage
    shares, ``second_t`` the second-strike ones transposed; ``consts`` those of
    :func:`~.choice_loops.choices_loops` without prevention. True where nothing was fought.
    """
    p_atk, gain, lose, stake, stake_back = year
    cp_atk, cgain, close, cp_def = crisis
    R, N, _ = fought.shape
    for r in range(R):
        for i in range(N):
            for j in range(N):
                out[r, i, j] = True
                if not fought[r, i, j]:
                    continue
                out[r, i, j] = hawkless_pair(
                    (eligible[r, i, j], p_atk[r, i, j], gain[r, i, j], lose[r, i, j],
                     stake[r, i, j], stake_back[r, i, j]),
                    (cp_atk[r, i, j], cgain[r, i, j], close[r, i, j], cp_def[r, j, i]),
                    mhat[r, i, j], gdp[r, i], gdp[r, j], mu[r, i, j], v_greedy[j], v_secure[j],
                    first[i, j], second_t[i, j], xi[r, i, j], u, audience[i], consts,
                )  # fmt: skip


def hawkless_compiled(fought, eligible, vals, cvals, view, gdp, mu, xi, const) -> np.ndarray | None:
    """Return the demands still fought with no hawk bias by the compiled loop, or None.

    The pair-level form of the hawk counterfactual of
    :mod:`realpolitik.engine.mechanisms.decisions` (``_fought_without_hawks``): at each fought
    demand, the attack values without hawk bias (:func:`~.values.without_hawks`), the demand
    they give (:func:`~.choices.bargain`) and its answer (:func:`~.resolve.answer`), with the
    same operations; the other pairs are True.

    Parameters
    ----------
    fought
        ``(runs, N, N)`` the demands fought this year.
    eligible
        ``(runs, N, N)`` the pairs that may go to war.
    vals, cvals
        The year's and the crisis's war values (with hawks).
    view
        The year's perceptions.
    gdp, mu, xi
        GDP, beliefs and the targets' private cost draws.
    const
        The phase's constants.

    Returns
    -------
    numpy.ndarray or None
        Bool ``(runs, N, N)``; None when the compiled loops are off.
    """
    loop = compiled(hawkless_loops)
    if loop is None:
        return None
    first, second, _ = nuclear_shares(const)
    out = np.empty(fought.shape, dtype=bool)
    loop(
        fought,
        eligible,
        (vals.p_atk, vals.gain_if_win, vals.loss_if_lose, vals.stake, vals.stake_back),
        (cvals.p_atk, cvals.gain_if_win, cvals.loss_if_lose, cvals.p_def),
        view.mhat,
        as_f64(gdp),
        mu,
        as_f64(const.v_greedy),
        as_f64(const.v_secure),
        first,
        as_f64(second.T),
        xi,
        float(const.u),
        as_f64(const.audience),
        _choice_consts(const, False),
        out,
    )
    return out


def pay_loops(r, k, j, conceded, x, stake, gdp, settled, paid, settle):  # pragma: no cover
    """Pay each conceded demand (challenger k, target j, run r) in the order listed.

    The payment is ``min(x S, y_j)`` out of the target's current GDP (a NaN stays NaN, as
    ``np.minimum``); ``paid[r, p]`` records it by unordered pair p, and the challenger is
    settled with its target for ``settle`` years. Moves not ``conceded`` are skipped.
    """
    N = gdp.shape[1]
    for q in range(r.shape[0]):
        if not conceded[q]:
            continue
        rq, kq, jq = r[q], k[q], j[q]
        a = x[rq, kq, jq] * stake[rq, kq, jq]
        g = gdp[rq, jq]
        t = a if (a <= g or a != a) else g
        gdp[rq, jq] -= t
        gdp[rq, kq] += t
        paid[rq, pair_index(kq, jq, N)] = t
        settled[rq, kq, jq] = settle


def pay_compiled(moves, conceded, x, stake, gdp, settled, paid, settle: int) -> bool:
    """Pay conceded demands in ascending challenger order by :func:`pay_loops`; False when off.

    Parameters
    ----------
    moves
        ``(r, k, j)`` the year's moves (run, challenger, target), at most one demand per
        challenger and run, in (run, challenger) order: each run's payments in ascending
        challenger order, as the numpy route's (the runs do not interact).
    conceded
        Bool per move: a conceded demand.
    x, stake
        ``(runs, N, N)`` the demands (stake units) and the stakes: the payment is ``x S``.
    gdp, settled, paid
        Written in place: GDP ``(runs, N)``, the settlement countdowns ``(runs, N, N)`` and
        the ``transfer`` event column ``(runs, pairs)``.
    settle
        The settlement's years.

    Returns
    -------
    bool
        Whether the loop ran (False: the caller runs its numpy operations).
    """
    loop = compiled(pay_loops)
    if loop is None:
        return False
    loop(*moves, conceded, x, stake, gdp, settled, paid, settle)
    return True


@scalar
def pair_index(i, j, N) -> int:
    """Return the unordered pair index of states i != j (the world's pair order)."""
    lo, hi = min(i, j), max(i, j)
    return lo * N - lo * (lo + 1) // 2 + (hi - lo - 1)


def record_loops(  # pragma: no cover - compiled
    r, i, j, kind, conceded, fought, misperceived, hawk, mu, pi_star, greedy, nuc_pair, codes,
    events, columns,
):  # fmt: skip
    """Write each move's event (one per unordered pair) as the numpy route of the recording.

    ``codes`` = (prevention kind, nuclear kind, strike, conceded, nuclear and misperceived
    flags); ``events`` = (crisis, initiator_second, war, event_flags) and ``columns`` =
    (outcome, cause, mistrusted, strike), ``(runs, pairs)``; ``nuc_pair`` of shape ``(0,)``:
    no nuclear pair.
    """
    prevention, nuclear_kind, f_strike, f_conceded, f_nuclear, f_misperceived = codes
    crisis, second, war, flags = events
    outcome, cause, mistrusted, strike_col = columns
    N = greedy.shape[1]
    nuc_on = nuc_pair.shape[0] > 0
    for q in range(r.shape[0]):
        rq, iq, jq, k = r[q], i[q], j[q], kind[q]
        p = pair_index(iq, jq, N)
        strike = k > 0
        crisis[rq, p] = True
        second[rq, p] = iq > jq
        war[rq, p] = fought[q]
        nuclear = k == nuclear_kind or (nuc_on and nuc_pair[p])
        f = f_strike if strike else 0
        f |= f_conceded if conceded[q] else 0
        f |= f_nuclear if nuclear else 0
        f |= f_misperceived if misperceived[q] else 0
        flags[rq, p] = flags[rq, p] | f
        outcome[rq, p] = 0 if fought[q] else (1 if conceded[q] else 2)
        c = 0 if k == prevention else (1 if k > 0 else (2 if hawk[q] else 3))
        cause[rq, p] = c if fought[q] else -1
        mistrusted[rq, p] = fought[q] and mu[rq, iq, jq] < pi_star[iq] and not greedy[rq, jq]
        strike_col[rq, p] = strike


def record_compiled(moves, answers, misperceived, mu, pi_star, greedy, nuc_pair, codes, events,
                    columns) -> bool:  # fmt: skip
    """Write the year's events by :func:`record_loops`; False when the compiled loops are off.

    Parameters
    ----------
    moves
        ``(r, i, j, kind)`` of the year's moves (kind 0: a demand).
    answers
        ``(conceded, fought, hawk)`` bool per move (``hawk``: a hawk-bias war).
    misperceived
        Bool per move.
    mu, pi_star, greedy
        Beliefs ``(runs, N, N)``, minimum trust ``(N,)`` and types ``(runs, N)``.
    nuc_pair
        ``(pairs,)`` bool: the pair is nuclear on both sides, or None.
    codes
        (prevention kind, nuclear kind, strike, conceded, nuclear, misperceived flags).
    events, columns
        Written in place: (crisis, initiator_second, war, event_flags) and the event columns
        (outcome, cause, mistrusted, strike), ``(runs, pairs)``.

    Returns
    -------
    bool
        Whether the loop ran (False: the caller runs its numpy operations).
    """
    loop = compiled(record_loops)
    if loop is None:
        return False
    r, i, j, kind = moves
    conceded, fought, hawk = answers
    nuc = np.zeros(0, dtype=bool) if nuc_pair is None else nuc_pair
    loop(r, i, j, kind, conceded, fought, misperceived, hawk, mu, pi_star, greedy, nuc, codes,
         events, columns)  # fmt: skip
    return True


def wars_loops(  # pragma: no cover - compiled
    r, i, j, kind, fought, od, nuclear_kind, peace, settle, idx, flags, factor
):
    """List the fought moves in (run, pair) order; set each war's peace countdown both ways.

    The moves are in (run, i, j) order; each run's wars are sorted by their unordered pair
    (at most one war per pair). ``idx[:, w]`` = (run, pair, initiator, target) of war w,
    ``flags[:, w]`` = (the initiator is the pair's higher-indexed state, a nuclear strike),
    ``factor[w]`` the initiator's first-strike factor ``od``. Returns the number of wars and
    whether one is a nuclear strike.
    """
    N = peace.shape[1]
    M = r.shape[0]
    nw = 0
    nuclear = False
    q = 0
    while q < M:
        rr = r[q]
        start = nw
        while q < M and r[q] == rr:
            if fought[q]:
                a, b = i[q], j[q]
                p = pair_index(a, b, N)
                w = nw
                while w > start and idx[1, w - 1] > p:  # insertion by pair within the run
                    for c in range(4):
                        idx[c, w] = idx[c, w - 1]
                    flags[0, w] = flags[0, w - 1]
                    flags[1, w] = flags[1, w - 1]
                    factor[w] = factor[w - 1]
                    w -= 1
                idx[0, w] = rr
                idx[1, w] = p
                idx[2, w] = a
                idx[3, w] = b
                flags[0, w] = a > b
                flags[1, w] = kind[q] == nuclear_kind
                nuclear = nuclear or kind[q] == nuclear_kind
                factor[w] = od[a]
                peace[rr, a, b] = settle
                peace[rr, b, a] = settle
                nw += 1
            q += 1
    return nw, nuclear


def wars_compiled(moves, fought, od, nuclear_kind: int, peace, settle: int) -> tuple | None:
    """List the year's wars in (run, pair) order by :func:`wars_loops`, or None when off.

    Parameters
    ----------
    moves
        ``(r, i, j, kind)`` of the year's moves, in (run, i, j) order.
    fought
        Bool per move: a war.
    od
        ``(N,)`` each state's first-strike factor.
    nuclear_kind
        The strike kind of a nuclear first strike.
    peace
        ``(runs, N, N)`` the peace countdowns: set to ``settle`` both ways for each war.
    settle
        The settlement's years.

    Returns
    -------
    tuple or None
        ``(r, p, initiator, target, initiator_second, nuclear, factor, any_nuclear)`` per war;
        None when the compiled loops are off (the caller runs its numpy operations).
    """
    loop = compiled(wars_loops)
    if loop is None:
        return None
    r, i, j, kind = moves
    M = r.shape[0]
    idx = np.empty((4, M), dtype=np.int64)
    flags = np.empty((2, M), dtype=bool)
    factor = np.empty(M)
    nw, nuclear = loop(r, i, j, kind, fought, od, nuclear_kind, peace, settle, idx, flags, factor)
    return (*idx[:, :nw], flags[0, :nw], flags[1, :nw], factor[:nw], nuclear)

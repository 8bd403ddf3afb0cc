"""Compiled per-pair loops of the decision phase: the war values.

The numpy operations of :func:`~.values.war_values` are the reference (they run with
``realpolitik.engine.compiled.NUMBA = False``); the demands and choices are compiled in
:mod:`.choice_loops`. The loops here perform the same floating-point operations in the same
order, in a few passes over runs and ordered pairs instead of some forty array operations (flat
indices, so that the loop over the rival vectorises), and give the same bits (the tests check
it). The only operation left to numpy is the power of the contest success function with a
non-integer decisiveness (``ratio ** gamma``): numpy's power may differ from the C library's in
the last bit, so the loops compute the ratio ``b / a`` of :func:`~.values.csf`, numpy raises it
to gamma, and a second loop finishes ``1 / (1 + ratio)``. The loops divide as numpy does
(:func:`~realpolitik.engine.compiled.numpy_errors`: inf or NaN, no check).

Each function here returns None when the compiled loops are off; the caller then runs its
numpy operations. Sources of the equations: docs/strategic.md and :mod:`.values`.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import compiled, numpy_errors, scalar
from realpolitik.engine.strategy.kernels import BLOCK, allies_pair, pairwise_sum

__all__ = [
    "as_f64", "coalition_loops", "contest_power", "csf_finish", "csf_ratio", "flat",
    "nuclear_shares", "pair_scalar", "payoff_consts", "payoff_loops", "ratio_loops",
    "strength_loops", "war_values_compiled",
]  # fmt: skip


@scalar
def flat(a: np.ndarray) -> np.ndarray:
    """Return a C-contiguous array as a flat view (flat indices let the loops vectorise)."""
    return a.reshape(a.size)


@scalar
def _sum_below_16(a: np.ndarray, n: int) -> float:
    """:func:`~.kernels.pairwise_sum` of ``n`` < 16 terms (numpy's order), without a loop of 8."""
    if n < 8:
        res = 0.0
        for t in range(n):
            res += a[t]
        return res
    res = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]))
    for t in range(8, n):
        res += a[t]
    return res


def pair_scalar(fn):
    """Mark a scalar equation of the loops that divides as numpy does.

    (:func:`~realpolitik.engine.compiled.scalar` and
    :func:`~realpolitik.engine.compiled.numpy_errors`.)
    """
    return numpy_errors(scalar(fn))


@pair_scalar
def csf_ratio(a: float, b: float) -> float:
    """Return the ratio ``b / a`` of :func:`~.values.csf` before the power (1 when ``a <= 0``).

    :func:`csf_finish` does not read the ratio when ``a <= 0`` (or NaN); 1 there keeps numpy's
    power on its fast path (a zero or NaN base takes its slow one).
    """
    if a > 0.0:
        return b / a
    return 1.0


@pair_scalar
def csf_finish(ratio: float, a: float, b: float) -> float:
    """:func:`~.values.csf` from its ratio raised to gamma: ``1 / (1 + ratio)``, or 0 / 0.5."""
    if a > 0.0:
        return 1.0 / (1.0 + ratio)
    if b > 0.0:
        return 0.0
    return 0.5


@scalar
def _two_products(mask, n, low, jt, chf, row, N):
    """Return the sum of a side's at most two terms ``join[k, n] Chat_ik`` (k in ``mask``).

    ``jt[n * N + k]`` is ``join[k, n]``; each term is the product
    :func:`coalition_loops` once tabulated (the same bits), made only for the allies that
    count. Selects, no branches: 0.0 with no term, ``t1 + 0.0`` (``t1`` itself, every term
    being >= 0) with one.
    """
    k1 = low[mask]
    k2 = low[mask & (mask - 1)]
    t1 = jt[n * N + k1] * chf[row + k1]
    t2 = jt[n * N + k2] * chf[row + k2]
    return (t1 if n > 0 else 0.0) + (t2 if n > 1 else 0.0)


@scalar
def _masked_products(jt, chf, off, row, mask, n):
    """:func:`_sum_below_16` of the ``n`` < 16 products ``jt[off + k] chf[row + k]``, k in ``mask``.

    The terms not in ``mask`` are 0.0 (selects, no scratch array); the first eight are summed
    in numpy's tree.
    """
    if n < 8:
        res = 0.0
        for k in range(n):
            res += jt[off + k] * chf[row + k] if (mask >> k) & 1 else 0.0
        return res
    t0 = jt[off] * chf[row] if mask & 1 else 0.0
    t1 = jt[off + 1] * chf[row + 1] if (mask >> 1) & 1 else 0.0
    t2 = jt[off + 2] * chf[row + 2] if (mask >> 2) & 1 else 0.0
    t3 = jt[off + 3] * chf[row + 3] if (mask >> 3) & 1 else 0.0
    t4 = jt[off + 4] * chf[row + 4] if (mask >> 4) & 1 else 0.0
    t5 = jt[off + 5] * chf[row + 5] if (mask >> 5) & 1 else 0.0
    t6 = jt[off + 6] * chf[row + 6] if (mask >> 6) & 1 else 0.0
    t7 = jt[off + 7] * chf[row + 7] if (mask >> 7) & 1 else 0.0
    res = ((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7))
    for k in range(8, n):
        res += jt[off + k] * chf[row + k] if (mask >> k) & 1 else 0.0
    return res


@scalar
def coalition_loops(  # pragma: no cover - compiled
    allied, join, mhat, military, gdp, mob, want, mode, C, Chat, M, Mhat
):
    """Fill the strengths ``C``, ``Chat`` and the coalitions ``M``, ``Mhat`` of every run.

    ``allied`` of shape ``(0, 0, 0)`` means no pacts (no expected allies: ``A = B = 0``). With
    N < 63 the pacts of a run become bit masks and the expected allies are
    :func:`~.kernels.allies_pair`'s terms in its order (an ineligible k gives ``0.0 * Chat_ik``).
    ``mode`` 0: every pair; 1: the pairs ``want`` marks (the others get NaN coalitions).
    """
    R, N, _ = mhat.shape
    ta = np.empty(N)
    tb = np.empty(N)
    pacts = allied.shape[0] > 0
    masks = N < 63
    bits = np.zeros(N, dtype=np.int64)
    clean = np.zeros(N, dtype=np.bool_)
    popc = np.zeros(1 << N if N <= 16 else 1, dtype=np.int64)  # bits set in each mask
    low = np.zeros(popc.shape[0], dtype=np.int64)  # the lowest bit set in each mask
    for t in range(1, popc.shape[0]):
        popc[t] = popc[t >> 1] + (t & 1)
        low[t] = 0 if t & 1 else low[t >> 1] + 1
    jf, J, chf = flat(join), join.shape[1], flat(Chat)
    few = N < 16  # the tables above; then join must be finite and >= 0
    for t in range(jf.shape[0]):
        few = few and jf[t] >= 0.0 and jf[t] < np.inf
    jt = np.empty(J * N)  # join transposed, [n, k]
    for k in range(N):
        for n in range(J):
            jt[n * N + k] = jf[k * J + n]
    use_bits = pacts and masks
    for r in range(R):
        for i in range(N):
            C[r, i] = military[r, i] + mob[i] * gdp[r, i]
            mask = 0
            ok = True
            for k in range(N):  # selects, no branch
                if use_bits:
                    mask |= np.int64(allied[r, i, k]) << k
                ch = mhat[r, i, k] + mob[k] * gdp[r, k]
                Chat[r, i, k] = ch
                ok = ok & (ch >= 0.0) & (ch < np.inf)
            bits[i] = mask
            clean[i] = ok
        for i in range(N):
            row = (r * N + i) * N
            # where i's view of every state is finite and >= 0 and the join probabilities
            # too, an ineligible ally's term 0.0 * Chat_ik is +0.0, which leaves any sum
            # exact: the terms are the products join[k, n] Chat_ik or 0.0, a side with at most
            # two eligible allies sums to their terms' sum in any order (the call costs more
            # than the pair); the products are made for the allies that count only
            table = pacts and masks and few and clean[i]
            for j in range(N):
                if mode > 0 and not want[r, i, j]:
                    M[r, i, j] = np.nan
                    Mhat[r, i, j] = np.nan
                    continue
                if not pacts:
                    a, b = 0.0, 0.0
                elif table:
                    elig_i = bits[i] & ~bits[j] & ~(1 << j)
                    elig_j = bits[j] & ~bits[i] & ~(1 << i)
                    if (elig_i | elig_j) == 0:  # no ally on either side (many pairs): 0.0 + 0.0
                        a, b = 0.0 + 0.0, 0.0 + 0.0
                    else:
                        n_i, n_j = popc[elig_i], popc[elig_j]
                        if n_i <= 2:  # (no ally: 0.0 + 0.0)
                            a = _two_products(elig_i, n_i, low, jt, chf, row, N)
                        else:
                            a = _masked_products(jt, chf, n_i * N, row, elig_i, N)
                        if n_j <= 2:
                            b = _two_products(elig_j, n_j, low, jt, chf, row, N)
                        else:
                            b = _masked_products(jt, chf, n_j * N, row, elig_j, N)
                elif masks:
                    elig_i = bits[i] & ~bits[j] & ~(1 << j)
                    elig_j = bits[j] & ~bits[i] & ~(1 << i)
                    if N <= 16:
                        n_i, n_j = popc[elig_i], popc[elig_j]
                    else:
                        n_i = 0
                        n_j = 0
                        for k in range(N):
                            n_i += (elig_i >> k) & 1
                            n_j += (elig_j >> k) & 1
                    # allies_pair's terms in its order, from the masks
                    for k in range(N):  # join * 1.0 or * 0.0: np.where's bits, no branch
                        p_i = jf[k * J + n_i] * ((elig_i >> k) & 1)
                        p_j = jf[k * J + n_j] * ((elig_j >> k) & 1)
                        ta[k] = p_i * chf[row + k]
                        tb[k] = p_j * chf[row + k]
                    if N < 16:  # pairwise_sum's order, inline (a call costs more)
                        a, b = _sum_below_16(ta, N), _sum_below_16(tb, N)
                    else:
                        a, b = pairwise_sum(ta, N), pairwise_sum(tb, N)
                else:
                    a, b = allies_pair(allied, Chat, join, r, i, j, ta, tb)
                M[r, i, j] = C[r, i] + a
                Mhat[r, i, j] = Chat[r, i, j] + b


@numpy_errors
def strength_loops(  # pragma: no cover - compiled
    allied, join, mhat, military, gdp, mob, od, want, C, Chat, M, Mhat, r_atk, r_def
):
    """Fill the strengths of :func:`~.values.war_values` and the two contest ratios.

    The strengths and coalitions are :func:`coalition_loops`'s; ``want`` of shape ``(0, 0,
    0)`` means every pair, else only the pairs it marks get their coalitions (the others NaN).
    """
    mode = 1 if want.shape[0] > 0 else 0
    coalition_loops(allied, join, mhat, military, gdp, mob, want, mode, C, Chat, M, Mhat)
    ratio_loops(od, M, Mhat, r_atk, r_def)


@pair_scalar
def ratio_loops(od, M, Mhat, r_atk, r_def):  # pragma: no cover - compiled
    """Fill the contest ratios of ``p_atk`` (i strikes first) and ``p_def`` (j strikes first)."""
    R, N, _ = M.shape
    m, mh, ra, rd = flat(M), flat(Mhat), flat(r_atk), flat(r_def)
    for r in range(R):  # flat indices: the loop over j vectorises
        for i in range(N):
            base = (r * N + i) * N
            for j in range(N):
                t = base + j
                ra[t] = csf_ratio(od[i] * m[t], mh[t])
                rd[t] = csf_ratio(m[t], od[j] * mh[t])


@pair_scalar
def payoff_loops(  # pragma: no cover - compiled
    M, Mhat, r_atk, r_def, military, gdp, v, od, hawk, nuc_first, nuc_second, consts,
    p_atk, p_def, stake, stake_back, gain, lose, W_atk, W_def, W_atk_conv,
):  # fmt: skip
    """Fill the chances and war values of :func:`~.values.war_values` (``v``: i's own value).

    ``consts`` = (cession, cost_m, loss_m, loss_y + cession, hawk on, nuclear on) as floats.
    """
    R, N, _ = M.shape
    c, cost_m, loss_m, loss_yc, hawk_on, nuc_on = consts
    m, mh, ra, rd = flat(M), flat(Mhat), flat(r_atk), flat(r_def)
    pa, pd, st, sb, g = flat(p_atk), flat(p_def), flat(stake), flat(stake_back), flat(gain)
    wa, wd, wc = flat(W_atk), flat(W_def), flat(W_atk_conv)
    nf, ns, y = flat(nuc_first), flat(nuc_second), flat(gdp)
    for r in range(R):
        for i in range(N):
            lose[r, i] = loss_m * military[r, i] + loss_yc * gdp[r, i]
        for i in range(N):
            y_i = gdp[r, i]
            lose_i = lose[r, i]
            cost_i = cost_m * military[r, i]
            v_i, od_i, hawk_i = v[r, i], od[i], hawk[i]
            base = (r * N + i) * N
            for j in range(N):  # flat indices: the loop over j vectorises
                t = base + j
                p_a = csf_finish(ra[t], od_i * m[t], mh[t])
                p_d = csf_finish(rd[t], m[t], od[j] * mh[t])
                s = c * y[r * N + j] * 1.0
                gain_t = v_i * s - cost_i
                base_atk = p_a * gain_t - (1.0 - p_a) * lose_i
                base_def = p_d * gain_t - (1.0 - p_d) * lose_i
                conv = base_atk + hawk_i * s if hawk_on > 0.0 else base_atk + 0.0
                pa[t] = p_a
                pd[t] = p_d
                st[t] = s
                sb[t] = c * y_i
                g[t] = gain_t
                wc[t] = conv
                wa[t] = conv - nf[i * N + j] * y_i if nuc_on > 0.0 else conv
                wd[t] = base_def - ns[i * N + j] * y_i if nuc_on > 0.0 else base_def


def contest_power(ratio: np.ndarray, gamma: float) -> np.ndarray:
    """Raise a contest ratio to gamma with numpy's power, as :func:`~.values.csf` does."""
    if gamma == 1.0:
        return ratio
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return ratio**gamma


def as_f64(a: np.ndarray) -> np.ndarray:
    """Return ``a`` as a C-contiguous float64 array (the loops' argument types)."""
    return np.ascontiguousarray(a, dtype=np.float64)


def nuclear_shares(const) -> tuple[np.ndarray, np.ndarray, bool]:
    """Return (damage_first, damage_second, on) of the year's nuclear terms (zeros when off)."""
    nuc = const.nuclear
    if nuc is None:
        z = np.zeros((const.od.shape[0],) * 2)
        return z, z, False
    return as_f64(nuc.damage_first), as_f64(nuc.damage_second), True


def payoff_consts(const, hawk: bool, nuc_on: bool) -> tuple:
    """Return the scalars of :func:`payoff_loops` (its docstring), as floats."""
    c = const.cession
    return (c, const.cost_m, const.loss_m, const.loss_y + c, float(hawk), float(nuc_on))


def war_values_compiled(
    view, military, gdp, greedy, allied, const, hawk: bool, pairs: np.ndarray | None = None
) -> tuple | None:
    """Return the fields of :class:`~.values.Values` by the compiled loops, or None.

    Parameters are those of :func:`~.values.war_values`; with ``pairs`` (``(runs, N, N)``
    bool) the contests are computed only at those ordered pairs and their transposes, the same
    bits there (elsewhere the coalitions are NaN and the values that follow are meaningless).
    Returns the tuple ``(C, Chat, M, Mhat, p_atk, p_def, stake, stake_back, W_atk, W_def,
    W_atk_conv, gain, lose)``, or None when the compiled loops are off or N >
    :data:`~.kernels.BLOCK` (the caller runs its numpy operations).
    """
    R, N = military.shape
    first = compiled(strength_loops) if N <= BLOCK else None
    if first is None:
        return None
    pacts = allied is not None and const.join is not None and bool(allied.any())
    al = np.ascontiguousarray(allied) if pacts else np.zeros((0, 0, 0), dtype=bool)
    join = as_f64(const.join) if pacts else np.zeros((N, max(N - 1, 1)))
    m, y = as_f64(military), as_f64(gdp)
    C = np.empty((R, N))
    Chat, M, Mhat, r_atk, r_def = (np.empty((R, N, N)) for _ in range(5))
    od = as_f64(const.od)
    want = np.zeros((0, 0, 0), dtype=bool) if pairs is None else pairs | np.swapaxes(pairs, 1, 2)
    first(
        al,
        join,
        as_f64(view.mhat),
        m,
        y,
        as_f64(const.mobilization),
        od,
        want,
        C,
        Chat,
        M,
        Mhat,
        r_atk,
        r_def,
    )
    if pairs is None:
        r_atk, r_def = contest_power(r_atk, const.gamma), contest_power(r_def, const.gamma)
    else:  # the wanted entries only (numpy's power gives each entry the same bits)
        t = np.flatnonzero(want)
        for ratio in (r_atk, r_def):
            ratio.reshape(-1)[t] = contest_power(ratio.reshape(-1)[t], const.gamma)
    out = [np.empty((R, N, N)) for _ in range(8)]
    p_atk, p_def, stake, stake_back, gain, W_atk, W_def, W_atk_conv = out
    lose = np.empty((R, N))
    v = np.where(greedy, const.v_greedy[None, :], const.v_secure[None, :]).astype(np.float64)
    first_d, second_d, nuc_on = nuclear_shares(const)
    consts = payoff_consts(const, hawk, nuc_on)
    compiled(payoff_loops)(
        M,
        Mhat,
        r_atk,
        r_def,
        m,
        y,
        v,
        od,
        as_f64(const.hawk),
        first_d,
        second_d,
        consts,
        p_atk,
        p_def,
        stake,
        stake_back,
        gain,
        lose,
        W_atk,
        W_def,
        W_atk_conv,
    )
    lose = np.broadcast_to(lose[:, :, None], (R, N, N))
    return C, Chat, M, Mhat, p_atk, p_def, stake, stake_back, W_atk, W_def, W_atk_conv, gain, lose

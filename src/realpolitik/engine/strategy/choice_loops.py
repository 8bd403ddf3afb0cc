"""Compiled per-pair loops of the decision phase: demands, fear, prevention and the choices.

The numpy operations of :func:`~.choices.bargain`, :func:`~.choices.fear`,
:func:`~.choices.prevention_loss` and :func:`~.choices.pair_choices` are the reference (they run
with ``realpolitik.engine.compiled.NUMBA = False``); the loops here perform the same
floating-point operations in the same order over runs and ordered pairs (flat indices, so that
the loop over the rival vectorises) and give the same bits (the tests check it). The contest
ratios are raised to the decisiveness by numpy's power, as in :mod:`.fused`. Sources of the
equations: J. Fearon, "Rationalist Explanations for War" (1995) for the risk-return demand;
docs/strategic.md ("Demands", "Fear and preemption", "Prevention", "Nuclear dyads").
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import compiled, scalar
from realpolitik.engine.strategy.fused import (
    as_f64,
    contest_power,
    csf_finish,
    csf_ratio,
    flat,
    nuclear_shares,
    pair_scalar,
)

__all__ = [
    "bargain_compiled", "choices_compiled", "choices_loops", "nuclear_pairs", "prevention_loops",
    "risk_return",
]  # fmt: skip


# Written as selects without early returns, so that the loops compile to branch-free code.
@scalar
def _maximum(a: float, b: float) -> float:
    """``np.maximum(a, b)``: the larger, NaN if either is NaN."""
    m = a if a >= b else b
    return a if a != a else m


@scalar
def _minimum(a: float, b: float) -> float:
    """``np.minimum(a, b)``: the smaller, NaN if either is NaN."""
    m = a if a <= b else b
    return a if a != a else m


@scalar
def _clip01(x: float) -> float:
    """``np.clip(x, 0.0, 1.0)`` (NaN stays NaN)."""
    t = x if x > 0.0 else 0.0
    t = t if t < 1.0 else 1.0
    return x if x != x else t


@pair_scalar
def risk_return(p: float, c_a: float, lo: float, hi: float):
    """One pair of :func:`realpolitik.theory.bargaining.risk_return_arrays` (Fearon 1995)."""
    width = hi - lo
    z_star = _maximum(lo, (hi - c_a) / 2.0)
    x_star = _clip01(p + z_star)
    p_war = _clip01((x_star - p - lo) / width) if width > 0.0 else 0.0
    if not width > 0.0 and x_star - p > lo:
        p_war = 1.0
    return x_star, p_war, (1.0 - p_war) * x_star + p_war * (p - c_a)


@pair_scalar
def _band(c: float, half_u: float):
    """Return the target's cost band ``c (1 -/+ u/2)`` (ordered), from ``half_u = 0.5 u``."""
    half = half_u * c
    return _minimum(c - half, c + half), _maximum(c - half, c + half)


@pair_scalar
def demand_pair(p, w_atk, s, s_back, mh, y_j, tv, consts, nuc_j):
    """One pair of :func:`~.choices.bargain`: ``(c_target, x, p_war, gain)``.

    ``tv`` is the conquest value i expects of j, ``nuc_j`` j's damage share when struck first,
    ``consts`` those of :func:`choices_loops`.
    """
    cost_m, loss_m, loss_yc, half_u, nuc_on = consts[0], consts[1], consts[2], consts[3], consts[4]
    sd = s if s > 0.0 else 1.0
    c_a = p - w_atk / sd
    gain_j = tv * s_back - cost_m * mh
    lose_j = loss_m * mh + loss_yc * y_j
    u_j = (1.0 - p) * gain_j - p * lose_j
    if nuc_on > 0.0:
        u_j = u_j - nuc_j * y_j
    c_j = -u_j / sd - p
    lo, hi = _band(c_j, half_u)
    x, p_war, eu = risk_return(p, c_a, lo, hi)
    return c_j, x, p_war, eu * s


@pair_scalar
def fear_pair(p_def, w_def, s, mh, y_j, mu, v_g, hawk_j, consts, nuc_j):
    """One pair of :func:`~.choices.fear`: phi_ij (``nuc_j``: j's damage share striking first)."""
    cost_m, loss_m, loss_yc, half_u, nuc_on = consts[0], consts[1], consts[2], consts[3], consts[4]
    sd = s if s > 0.0 else 1.0
    pj = 1.0 - p_def
    gain_j = v_g * s - cost_m * mh
    lose_j = loss_m * mh + loss_yc * y_j
    w_j = pj * gain_j - (1.0 - pj) * lose_j + hawk_j * s
    if nuc_on > 0.0:
        w_j = w_j - nuc_j * y_j
    c_a = pj - w_j / sd
    lo, hi = _band(-w_def / sd - pj, half_u)
    p_war = risk_return(pj, c_a, lo, hi)[1]
    return (1.0 - mu) * p_war if s > 0.0 else 0.0


@pair_scalar
def prevention_loops(C, Chat, C_then, mhat, mob_grow, r_now, r_then):  # pragma: no cover - compiled
    """Fill the contest ratios of :func:`~.choices.prevention_loss` (now and projected)."""
    R, N, _ = Chat.shape
    chf, mh, rn, rt, mgr = flat(Chat), flat(mhat), flat(r_now), flat(r_then), flat(mob_grow)
    for r in range(R):
        for i in range(N):
            base = (r * N + i) * N
            c_now, c_then = C[r, i], C_then[r, i]
            for j in range(N):  # flat indices: the loop over j vectorises
                t = base + j
                rn[t] = csf_ratio(c_now, chf[t])
                rt[t] = csf_ratio(c_then, mh[t] + mgr[r * N + j])


@scalar
def _rival_tiles(a, b, N):
    """Return the per-rival constants ``a[j]``, ``b[j]`` tiled over the pairs ``i N + j``."""
    ta, tb = np.empty(N * N), np.empty(N * N)
    for i in range(N):
        for j in range(N):
            ta[i * N + j] = a[j]
            tb[i * N + j] = b[j]
    return ta, tb


@pair_scalar
def bargain_loops(  # pragma: no cover - compiled
    p_atk, W_atk, stake, stake_back, mhat, gdp, mu, v_greedy, v_secure, second_t, consts,
    c_target, x, p_war, gain,
):  # fmt: skip
    """Fill :func:`~.choices.bargain`'s demands for every run and ordered pair.

    ``second_t[i, j]`` is j's nuclear damage share when struck first by i (``damage_second``
    transposed). One flat loop over each run's pairs, the rival's constants tiled per pair
    (a loop over the N rivals of one observer is too short to vectorise well).
    """
    R, N, _ = p_atk.shape
    NN = N * N
    pa, wa, st, sb = flat(p_atk), flat(W_atk), flat(stake), flat(stake_back)
    mh, mf, ns = flat(mhat), flat(mu), flat(second_t)
    ct, xf, pw, gf = flat(c_target), flat(x), flat(p_war), flat(gain)
    vg, vs = _rival_tiles(v_greedy, v_secure, N)
    y_j = np.empty(NN)
    for r in range(R):
        for i in range(N):  # the rival's GDP per pair
            for j in range(N):
                y_j[i * N + j] = gdp[r, j]
        base = r * NN
        for q in range(NN):  # flat: the loop vectorises
            t = base + q
            tv = (1.0 - mf[t]) * vg[q] + mf[t] * vs[q]
            ct[t], xf[t], pw[t], gf[t] = demand_pair(
                pa[t], wa[t], st[t], sb[t], mh[t], y_j[q], tv, consts, ns[q]
            )


@pair_scalar
def threat_loops(  # pragma: no cover - compiled
    p_def, W_def, stake_back, mhat, gdp, mu, v_greedy, hawk, first_t, prevent, consts, phi, loss,
):  # fmt: skip
    """Fill phi_ij (:func:`~.choices.fear`) and L_ij (:func:`~.choices.prevention_loss`).

    Arguments as in :func:`choices_loops`; ``loss`` is left alone when prevention is off.
    """
    C, Chat, C_then, mob_grow, r_now, r_then = prevent
    R, N, _ = p_def.shape
    NN = N * N
    pd, wd, sb = flat(p_def), flat(W_def), flat(stake_back)
    mh, mf, nf = flat(mhat), flat(mu), flat(first_t)
    ph, lf = flat(phi), flat(loss)
    vg, hk = _rival_tiles(v_greedy, hawk, N)
    y_j = np.empty(NN)
    for r in range(R):
        for i in range(N):  # the rival's GDP per pair
            for j in range(N):
                y_j[i * N + j] = gdp[r, j]
        base = r * NN
        for q in range(NN):  # flat (rival constants tiled), no branches: the loop vectorises
            t = base + q
            ph[t] = fear_pair(pd[t], wd[t], sb[t], mh[t], y_j[q], mf[t], vg[q], hk[q], consts,
                              nf[q])  # fmt: skip
    if consts[5] > 0.0:
        rn, rt, chf = flat(r_now), flat(r_then), flat(Chat)
        mgr = flat(mob_grow)
        for r in range(R):
            for i in range(N):
                base = (r * N + i) * N
                c_now, c_then = C[r, i], C_then[r, i]
                for j in range(N):
                    t = base + j
                    p_now = csf_finish(rn[t], c_now, chf[t])
                    p_then = csf_finish(rt[t], c_then, mh[t] + mgr[r * N + j])
                    lf[t] = (1.0 - mf[t]) * (p_now - p_then) * sb[t]


@pair_scalar
def choices_loops(  # pragma: no cover - compiled
    vals, mhat, gdp, mu, eligible, v_greedy, v_secure, hawk, nuc, nuc_pair, q_star, prevent,
    consts, c_target, x, p_war, gain, demand, kind, margin, phi, loss,
):  # fmt: skip
    """Fill :func:`~.choices.pair_choices` for every run and ordered pair.

    ``vals`` = (p_atk, p_def, W_atk, W_def, W_atk_conv, stake, stake_back), ``nuc`` = the
    nuclear damage shares (first, second) transposed (``[i, j]``: j's), ``prevent`` =
    (C, Chat, C_then, mob_grow, r_now, r_then) raised to gamma, ``consts`` = (cost_m, loss_m,
    loss_y + cession, u / 2, nuclear on, prevention on, max(settlement_years, 1),
    patience / (1 - patience)); ``phi`` and ``loss`` are scratch of the shape of ``x``.
    """
    p_atk, p_def, W_atk, W_def, W_atk_conv, stake, stake_back = vals
    first_t, second_t = nuc  # transposed: [i, j] is j's share
    prevent_on, settle, worth = consts[5] > 0.0, consts[6], consts[7]
    R, N, _ = p_atk.shape
    bargain_loops(
        p_atk,
        W_atk,
        stake,
        stake_back,
        mhat,
        gdp,
        mu,
        v_greedy,
        v_secure,
        second_t,
        consts,
        c_target,
        x,
        p_war,
        gain,
    )
    threat_loops(
        p_def, W_def, stake_back, mhat, gdp, mu, v_greedy, hawk, first_t, prevent, consts, phi, loss
    )
    wa, wd, st, el = flat(W_atk), flat(W_def), flat(stake), flat(eligible)
    ph, lf = flat(phi), flat(loss)
    dm, kd, mgf = flat(demand), flat(kind), flat(margin)
    for t in range(wa.size):  # selects, no branch
        w = wa[t]
        e = el[t]
        dm[t] = e & (st[t] > 0.0) & (w > 0.0)
        waits = e & (w <= 0.0)  # i waits: prevention, else preemption
        lt = lf[t]
        value = worth * (lt / settle)
        threat = ph[t] * wd[t]
        prev = waits & prevent_on & (lt > 0.0) & (value > -w)  # choices.KIND_PREVENTION
        pre = waits & (not prev) & (w > threat)  # choices.KIND_PREEMPTION
        kd[t] = np.int8(1) if prev else (np.int8(2) if pre else np.int8(0))
        mgf[t] = (value + w) if prev else ((w - threat) if pre else 0.0)
    if consts[4] > 0.0:
        # the pairs with a nuclear side, (i, j) or (j, i): no strike elsewhere
        pi = np.empty(N * N, dtype=np.int64)
        pj = np.empty(N * N, dtype=np.int64)
        n_pairs = 0
        for i in range(N):
            for j in range(N):
                if nuc_pair[i, j] or nuc_pair[j, i]:
                    pi[n_pairs] = i
                    pj[n_pairs] = j
                    n_pairs += 1
        for r in range(R):
            for q in range(n_pairs):
                i, j = pi[q], pj[q]
                conv = nuc_pair[i, j] and W_atk_conv[r, i, j] > 0.0
                back = nuc_pair[j, i] and W_atk_conv[r, j, i] > 0.0
                phi_n = (1.0 - mu[r, i, j]) * (1.0 - q_star[j, i])
                strike = eligible[r, i, j] and (conv or back) and kind[r, i, j] == 0
                if strike and phi_n > q_star[i, j]:
                    kind[r, i, j] = 3  # choices.KIND_NUCLEAR
                    margin[r, i, j] = phi_n - q_star[i, j]


def nuclear_pairs(nuc) -> np.ndarray:
    """Return the ``(N, N)`` bool matrix of pairs with two nuclear states.

    Parameters
    ----------
    nuc
        The year's nuclear terms (``q_star`` ``(N, N)``, ``pair`` per unordered pair).

    Returns
    -------
    numpy.ndarray
        True at ``[i, j]`` and ``[j, i]`` where both hold warheads.
    """
    q = nuc.q_star
    N = q.shape[0]
    out = np.zeros((N, N), dtype=bool)
    i, j = np.triu_indices(N, k=1)
    out[i, j] = nuc.pair
    out[j, i] = nuc.pair
    return out


def _choice_consts(const, prevent: bool) -> tuple:
    """Return the scalars of :func:`choices_loops` (its docstring), as floats."""
    worth = const.patience / (1.0 - const.patience) if prevent else 0.0
    nuc_on = float(const.nuclear is not None)
    return (
        float(const.cost_m),
        float(const.loss_m),
        const.loss_y + const.cession,
        0.5 * const.u,
        nuc_on,
        float(prevent),
        float(max(const.settlement_years, 1)),
        worth,
    )


def bargain_compiled(vals, view, gdp: np.ndarray, mu: np.ndarray, const) -> tuple | None:
    """Return ``(c_target, x, p_war, gain)`` of :func:`~.choices.bargain` compiled, or None."""
    loop = compiled(bargain_loops)
    if loop is None:
        return None
    out = [np.empty(vals.p_atk.shape) for _ in range(4)]
    loop(
        as_f64(vals.p_atk),
        as_f64(vals.W_atk),
        as_f64(vals.stake),
        as_f64(vals.stake_back),
        as_f64(view.mhat),
        as_f64(gdp),
        as_f64(mu),
        as_f64(const.v_greedy),
        as_f64(const.v_secure),
        as_f64(nuclear_shares(const)[1].T),
        _choice_consts(const, False),
        *out,
    )
    return tuple(out)


def choices_compiled(vals, view, military, gdp, mu, trend, eligible, const) -> tuple | None:
    """Return :func:`~.choices.pair_choices`'s arrays by the compiled loop, or None.

    Parameters are those of :func:`~.choices.pair_choices`. Returns ``(c_target, x, p_war,
    gain, demand, kind, margin)``; None when the compiled loops are off (the caller then runs
    its numpy operations).
    """
    loop = compiled(choices_loops)
    if loop is None:
        return None
    R, N, _ = vals.p_atk.shape
    prevent = trend is not None and const.patience > 0.0 and const.cession > 0.0
    mhat, y = as_f64(view.mhat), as_f64(gdp)
    if prevent:
        mob = const.mobilization[None, :]
        grow = gdp * np.exp(const.projection_years * trend)
        C_then = as_f64(military + mob * grow)
        mob_grow = as_f64(mob * grow)
        C, Chat = as_f64(vals.C), as_f64(vals.Chat)
        r_now, r_then = np.empty((R, N, N)), np.empty((R, N, N))
        compiled(prevention_loops)(C, Chat, C_then, mhat, mob_grow, r_now, r_then)
        r_now, r_then = contest_power(r_now, const.gamma), contest_power(r_then, const.gamma)
        terms = (C, Chat, C_then, mob_grow, r_now, r_then)
    else:
        flat, cube = np.zeros((1, 1)), np.zeros((1, 1, 1))
        terms = (flat, cube, flat, flat, cube, cube)
    first_d, second_d, _ = nuclear_shares(const)
    nuc = const.nuclear
    if nuc is not None:
        pairs, q_star = nuclear_pairs(nuc), as_f64(nuc.q_star)
    else:
        pairs, q_star = np.zeros((N, N), dtype=bool), np.zeros((N, N))
    fields = (
        vals.p_atk,
        vals.p_def,
        vals.W_atk,
        vals.W_def,
        vals.W_atk_conv,
        vals.stake,
        vals.stake_back,
    )
    out = [np.empty((R, N, N)) for _ in range(4)]
    demand = np.empty((R, N, N), dtype=bool)
    kind = np.empty((R, N, N), dtype=np.int8)
    margin = np.empty((R, N, N))
    loop(
        tuple(as_f64(a) for a in fields),
        mhat,
        y,
        as_f64(mu),
        np.ascontiguousarray(eligible),
        as_f64(const.v_greedy),
        as_f64(const.v_secure),
        as_f64(const.hawk),
        (as_f64(first_d.T), as_f64(second_d.T)),
        pairs,
        q_star,
        terms,
        _choice_consts(const, prevent),
        *out,
        demand,
        kind,
        margin,
        np.empty((R, N, N)),
        np.empty((R, N, N)),
    )
    return (*out, demand, kind, margin)

"""Compiled per-pair loops of the decision phase: war values, demands, fear and prevention.

The numpy operations of :func:`~.values.war_values`, :func:`~.choices.bargain`,
:func:`~.choices.fear`, :func:`~.choices.prevention_loss` and :func:`~.choices.pair_choices`
are the reference (they run with ``realpolitik.engine.compiled.NUMBA = False``). The loops here
perform the same floating-point operations in the same order, one pass over runs and ordered
pairs instead of some hundred array operations a year, and give the same bits (the tests
check it). The only operation left to numpy is the power of the contest success function with
a non-integer decisiveness (``ratio ** gamma``): numpy's power may differ from the C library's
in the last bit, so the loops compute the ratio ``b / a`` of :func:`~.values.csf`, numpy raises
it to gamma, and a second loop finishes ``1 / (1 + ratio)``.

Each function here returns None when the compiled loops are off; the caller then runs its
numpy operations. Sources of the equations: docs/strategic.md and the modules named above.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import compiled, scalar
from realpolitik.engine.strategy.kernels import BLOCK, allies_pair, pairwise_sum

__all__ = [
    "bargain_compiled", "choices_compiled", "csf_finish", "csf_ratio", "risk_return",
    "war_values_compiled",
]  # fmt: skip


@scalar
def _maximum(a: float, b: float) -> float:
    """``np.maximum(a, b)``: the larger, NaN if either is NaN."""
    if a >= b or a != a:
        return a
    return b


@scalar
def _minimum(a: float, b: float) -> float:
    """``np.minimum(a, b)``: the smaller, NaN if either is NaN."""
    if a <= b or a != a:
        return a
    return b


@scalar
def _clip01(x: float) -> float:
    """``np.clip(x, 0.0, 1.0)`` (NaN stays NaN)."""
    if x != x:
        return x
    t = x if x > 0.0 else 0.0
    return t if t < 1.0 else 1.0


@scalar
def csf_ratio(a: float, b: float) -> float:
    """Return the ratio ``b / a`` of :func:`~.values.csf` (0 when ``a <= 0``), before the power."""
    if a > 0.0:
        return b / a
    return 0.0


@scalar
def csf_finish(ratio: float, a: float, b: float) -> float:
    """:func:`~.values.csf` from its ratio raised to gamma: ``1 / (1 + ratio)``, or 0 / 0.5."""
    if a > 0.0:
        return 1.0 / (1.0 + ratio)
    if b > 0.0:
        return 0.0
    return 0.5


@scalar
def risk_return(p: float, c_a: float, lo: float, hi: float):
    """One pair of :func:`realpolitik.theory.bargaining.risk_return_arrays` (Fearon 1995)."""
    width = hi - lo
    z_star = _maximum(lo, (hi - c_a) / 2.0)
    x_star = _clip01(p + z_star)
    p_war = _clip01((x_star - p - lo) / width) if width > 0.0 else 0.0
    if not width > 0.0 and x_star - p > lo:
        p_war = 1.0
    return x_star, p_war, (1.0 - p_war) * x_star + p_war * (p - c_a)


@scalar
def _band(c: float, half_u: float):
    """Return the target's cost band ``c (1 -/+ u/2)`` (ordered), from ``half_u = 0.5 u``."""
    half = half_u * c
    return _minimum(c - half, c + half), _maximum(c - half, c + half)


@scalar
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


@scalar
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


def strength_loops(  # pragma: no cover - compiled
    allied, join, mhat, military, gdp, mob, od, C, Chat, M, Mhat, r_atk, r_def
):
    """Fill the strengths of :func:`~.values.war_values` and the two contest ratios.

    ``allied`` of shape ``(0, 0, 0)`` means no pacts (no expected allies: ``A = B = 0``). With
    N < 63 the pacts of a run become bit masks and the expected allies are
    :func:`~.kernels.allies_pair`'s terms in its order (an ineligible k gives ``0.0 * Chat_ik``).
    """
    R, N, _ = mhat.shape
    ta = np.empty(N)
    tb = np.empty(N)
    pacts = allied.shape[0] > 0
    masks = N < 63
    bits = np.zeros(N, dtype=np.int64)
    clean = np.zeros(N, dtype=np.bool_)
    for r in range(R):
        for i in range(N):
            C[r, i] = military[r, i] + mob[i] * gdp[r, i]
            mask = 0
            ok = True
            for k in range(N):
                if pacts and masks and allied[r, i, k]:
                    mask |= 1 << k
                ch = mhat[r, i, k] + mob[k] * gdp[r, k]
                Chat[r, i, k] = ch
                ok = ok and ch >= 0.0 and ch < np.inf
            bits[i] = mask
            clean[i] = ok
        for i in range(N):
            for j in range(N):
                if not pacts:
                    a, b = 0.0, 0.0
                elif masks:
                    # a side with no eligible ally sums 0.0 * Chat_ik: 0.0 where i's view of
                    # every state is finite and >= 0 (the call costs more than the pair)
                    elig_i = bits[i] & ~bits[j] & ~(1 << j)
                    elig_j = bits[j] & ~bits[i] & ~(1 << i)
                    if elig_i == 0 and elig_j == 0 and clean[i]:
                        a, b = 0.0, 0.0
                    else:  # allies_pair's terms in its order, from the masks
                        n_i = 0
                        n_j = 0
                        for k in range(N):
                            n_i += (elig_i >> k) & 1
                            n_j += (elig_j >> k) & 1
                        a, b = 0.0, 0.0  # below 8 terms numpy's sum runs from 0.0
                        for k in range(N):
                            p_i = join[k, n_i] if (elig_i >> k) & 1 else 0.0
                            p_j = join[k, n_j] if (elig_j >> k) & 1 else 0.0
                            ta[k] = p_i * Chat[r, i, k]
                            tb[k] = p_j * Chat[r, i, k]
                            a += ta[k]
                            b += tb[k]
                        if N >= 8:
                            a, b = pairwise_sum(ta, N), pairwise_sum(tb, N)
                else:
                    a, b = allies_pair(allied, Chat, join, r, i, j, ta, tb)
                m = C[r, i] + a
                mh = Chat[r, i, j] + b
                M[r, i, j] = m
                Mhat[r, i, j] = mh
                r_atk[r, i, j] = csf_ratio(od[i] * m, mh)
                r_def[r, i, j] = csf_ratio(m, od[j] * mh)


def payoff_loops(  # pragma: no cover - compiled
    M, Mhat, r_atk, r_def, military, gdp, v, od, hawk, nuc_first, nuc_second, consts,
    p_atk, p_def, stake, stake_back, gain, lose, W_atk, W_def, W_atk_conv,
):  # fmt: skip
    """Fill the chances and war values of :func:`~.values.war_values` (``v``: i's own value).

    ``consts`` = (cession, cost_m, loss_m, loss_y + cession, hawk on, nuclear on) as floats.
    """
    R, N, _ = M.shape
    c, cost_m, loss_m, loss_yc, hawk_on, nuc_on = consts
    for r in range(R):
        for i in range(N):
            lose[r, i] = loss_m * military[r, i] + loss_yc * gdp[r, i]
        for i in range(N):
            y_i = gdp[r, i]
            for j in range(N):
                m = M[r, i, j]
                mh = Mhat[r, i, j]
                pa = csf_finish(r_atk[r, i, j], od[i] * m, mh)
                pd = csf_finish(r_def[r, i, j], m, od[j] * mh)
                s = c * gdp[r, j] * 1.0
                g = v[r, i] * s - cost_m * military[r, i]
                base_atk = pa * g - (1.0 - pa) * lose[r, i]
                base_def = pd * g - (1.0 - pd) * lose[r, i]
                conv = base_atk + hawk[i] * s if hawk_on > 0.0 else base_atk + 0.0
                p_atk[r, i, j] = pa
                p_def[r, i, j] = pd
                stake[r, i, j] = s
                stake_back[r, i, j] = c * y_i
                gain[r, i, j] = g
                W_atk_conv[r, i, j] = conv
                if nuc_on > 0.0:
                    W_atk[r, i, j] = conv - nuc_first[i, j] * y_i
                    W_def[r, i, j] = base_def - nuc_second[i, j] * y_i
                else:
                    W_atk[r, i, j] = conv
                    W_def[r, i, j] = base_def


def _power(ratio: np.ndarray, gamma: float) -> np.ndarray:
    """Raise a contest ratio to gamma with numpy's power, as :func:`~.values.csf` does."""
    if gamma == 1.0:
        return ratio
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return ratio**gamma


def _f64(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float64)


def _nuclear(const) -> tuple[np.ndarray, np.ndarray, bool]:
    """Return (damage_first, damage_second, on) of the year's nuclear terms (zeros when off)."""
    nuc = const.nuclear
    if nuc is None:
        z = np.zeros((const.od.shape[0],) * 2)
        return z, z, False
    return _f64(nuc.damage_first), _f64(nuc.damage_second), True


def war_values_compiled(view, military, gdp, greedy, allied, const, hawk: bool) -> tuple | None:
    """Return the fields of :class:`~.values.Values` by the compiled loops, or None.

    Parameters are those of :func:`~.values.war_values`. Returns the tuple ``(C, Chat, M, Mhat,
    p_atk, p_def, stake, stake_back, W_atk, W_def, W_atk_conv, gain, lose)``, or None when the
    compiled loops are off or N > :data:`~.kernels.BLOCK` (the caller runs its numpy operations).
    """
    R, N = military.shape
    first = compiled(strength_loops) if N <= BLOCK else None
    if first is None:
        return None
    pacts = allied is not None and const.join is not None and bool(allied.any())
    al = np.ascontiguousarray(allied) if pacts else np.zeros((0, 0, 0), dtype=bool)
    join = _f64(const.join) if pacts else np.zeros((N, max(N - 1, 1)))
    m, y = _f64(military), _f64(gdp)
    C = np.empty((R, N))
    Chat, M, Mhat, r_atk, r_def = (np.empty((R, N, N)) for _ in range(5))
    od = _f64(const.od)
    first(al, join, _f64(view.mhat), m, y, _f64(const.mobilization), od, C, Chat, M, Mhat,
          r_atk, r_def)  # fmt: skip
    r_atk, r_def = _power(r_atk, const.gamma), _power(r_def, const.gamma)
    out = [np.empty((R, N, N)) for _ in range(8)]
    p_atk, p_def, stake, stake_back, gain, W_atk, W_def, W_atk_conv = out
    lose = np.empty((R, N))
    v = np.where(greedy, const.v_greedy[None, :], const.v_secure[None, :]).astype(np.float64)
    first_d, second_d, nuc_on = _nuclear(const)
    c = const.cession
    consts = (c, const.cost_m, const.loss_m, const.loss_y + c, float(hawk), float(nuc_on))
    compiled(payoff_loops)(M, Mhat, r_atk, r_def, m, y, v, od, _f64(const.hawk), first_d,
                           second_d, consts, p_atk, p_def, stake, stake_back, gain, lose, W_atk,
                           W_def, W_atk_conv)  # fmt: skip
    lose = np.broadcast_to(lose[:, :, None], (R, N, N))
    return C, Chat, M, Mhat, p_atk, p_def, stake, stake_back, W_atk, W_def, W_atk_conv, gain, lose


def prevention_loops(C, Chat, C_then, mhat, mob_grow, r_now, r_then):  # pragma: no cover - compiled
    """Fill the contest ratios of :func:`~.choices.prevention_loss` (now and projected)."""
    R, N, _ = Chat.shape
    for r in range(R):
        for i in range(N):
            for j in range(N):
                r_now[r, i, j] = csf_ratio(C[r, i], Chat[r, i, j])
                r_then[r, i, j] = csf_ratio(C_then[r, i], mhat[r, i, j] + mob_grow[r, j])


@scalar
def bargain_loops(  # pragma: no cover - compiled
    p_atk, W_atk, stake, stake_back, mhat, gdp, mu, v_greedy, v_secure, nuc_second, consts,
    c_target, x, p_war, gain,
):  # fmt: skip
    """Fill :func:`~.choices.bargain`'s demands for every run and ordered pair."""
    R, N, _ = p_atk.shape
    for r in range(R):
        for i in range(N):
            for j in range(N):
                m_u = mu[r, i, j]
                tv = (1.0 - m_u) * v_greedy[j] + m_u * v_secure[j]
                c_target[r, i, j], x[r, i, j], p_war[r, i, j], gain[r, i, j] = demand_pair(
                    p_atk[r, i, j],
                    W_atk[r, i, j],
                    stake[r, i, j],
                    stake_back[r, i, j],
                    mhat[r, i, j],
                    gdp[r, j],
                    tv,
                    consts,
                    nuc_second[j, i],
                )


def choices_loops(  # pragma: no cover - compiled
    vals, mhat, gdp, mu, eligible, v_greedy, v_secure, hawk, nuc, nuc_pair, q_star, prevent,
    consts, c_target, x, p_war, gain, demand, kind, margin,
):  # fmt: skip
    """Fill :func:`~.choices.pair_choices` for every run and ordered pair.

    ``vals`` = (p_atk, p_def, W_atk, W_def, W_atk_conv, stake, stake_back), ``nuc`` = the
    nuclear damage shares (first, second), ``prevent`` =
    (C, Chat, C_then, mob_grow, r_now, r_then) raised to gamma, ``consts`` = (cost_m, loss_m,
    loss_y + cession, u / 2, nuclear on, prevention on, max(settlement_years, 1),
    patience / (1 - patience)).
    """
    p_atk, p_def, W_atk, W_def, W_atk_conv, stake, stake_back = vals
    C, Chat, C_then, mob_grow, r_now, r_then = prevent
    nuc_first, nuc_second = nuc
    prevent_on, settle, worth = consts[5] > 0.0, consts[6], consts[7]
    R, N, _ = p_atk.shape
    bargain_loops(p_atk, W_atk, stake, stake_back, mhat, gdp, mu, v_greedy, v_secure,
                  nuc_second, consts, c_target, x, p_war, gain)  # fmt: skip
    for r in range(R):
        for i in range(N):
            for j in range(N):
                wa = W_atk[r, i, j]
                el = eligible[r, i, j]
                demand[r, i, j] = el and stake[r, i, j] > 0.0 and wa > 0.0
                waits = el and wa <= 0.0
                k = 0
                mg = 0.0
                m_u = mu[r, i, j]
                if prevent_on and waits:
                    p_now = csf_finish(r_now[r, i, j], C[r, i], Chat[r, i, j])
                    p_then = csf_finish(r_then[r, i, j], C_then[r, i],
                                        mhat[r, i, j] + mob_grow[r, j])  # fmt: skip
                    L = (1.0 - m_u) * (p_now - p_then) * stake_back[r, i, j]
                    value = worth * (L / settle)
                    if waits and L > 0.0 and value > -wa:
                        k = 1  # choices.KIND_PREVENTION
                        mg = value + wa
                if waits and k == 0:  # fear matters only here
                    wd = W_def[r, i, j]
                    phi = fear_pair(
                        p_def[r, i, j],
                        wd,
                        stake_back[r, i, j],
                        mhat[r, i, j],
                        gdp[r, j],
                        m_u,
                        v_greedy[j],
                        hawk[j],
                        consts,
                        nuc_first[j, i],
                    )
                    if wa > phi * wd:
                        k = 2  # choices.KIND_PREEMPTION
                        mg = wa - phi * wd
                kind[r, i, j] = k
                margin[r, i, j] = mg
        if consts[4] > 0.0:
            for i in range(N):
                for j in range(N):
                    conv = nuc_pair[i, j] and W_atk_conv[r, i, j] > 0.0
                    back = nuc_pair[j, i] and W_atk_conv[r, j, i] > 0.0
                    phi_n = (1.0 - mu[r, i, j]) * (1.0 - q_star[j, i])
                    strike = eligible[r, i, j] and (conv or back) and kind[r, i, j] == 0
                    if strike and phi_n > q_star[i, j]:
                        kind[r, i, j] = 3  # choices.KIND_NUCLEAR
                        margin[r, i, j] = phi_n - q_star[i, j]


def _choice_consts(const, prevent: bool) -> tuple:
    """Return the scalars of :func:`choices_loops` (its docstring), as floats."""
    worth = const.patience / (1.0 - const.patience) if prevent else 0.0
    nuc_on = float(const.nuclear is not None)
    return (float(const.cost_m), float(const.loss_m), const.loss_y + const.cession,
            0.5 * const.u, nuc_on, float(prevent), float(max(const.settlement_years, 1)),
            worth)  # fmt: skip


def bargain_compiled(vals, view, gdp: np.ndarray, mu: np.ndarray, const) -> tuple | None:
    """Return ``(c_target, x, p_war, gain)`` of :func:`~.choices.bargain` compiled, or None."""
    loop = compiled(bargain_loops)
    if loop is None:
        return None
    out = [np.empty(vals.p_atk.shape) for _ in range(4)]
    loop(_f64(vals.p_atk), _f64(vals.W_atk), _f64(vals.stake), _f64(vals.stake_back),
         _f64(view.mhat), _f64(gdp), _f64(mu), _f64(const.v_greedy), _f64(const.v_secure),
         _nuclear(const)[1], _choice_consts(const, False), *out)  # fmt: skip
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
    mhat, y = _f64(view.mhat), _f64(gdp)
    if prevent:
        mob = const.mobilization[None, :]
        grow = gdp * np.exp(const.projection_years * trend)
        C_then = _f64(military + mob * grow)
        mob_grow = _f64(mob * grow)
        C, Chat = _f64(vals.C), _f64(vals.Chat)
        r_now, r_then = np.empty((R, N, N)), np.empty((R, N, N))
        compiled(prevention_loops)(C, Chat, C_then, mhat, mob_grow, r_now, r_then)
        r_now, r_then = _power(r_now, const.gamma), _power(r_then, const.gamma)
        terms = (C, Chat, C_then, mob_grow, r_now, r_then)
    else:
        flat, cube = np.zeros((1, 1)), np.zeros((1, 1, 1))
        terms = (flat, cube, flat, flat, cube, cube)
    first_d, second_d, _ = _nuclear(const)
    nuc = const.nuclear
    if nuc is not None:
        from realpolitik.engine.strategy.choices import _nuclear_pairs

        pairs, q_star = _nuclear_pairs(nuc), _f64(nuc.q_star)
    else:
        pairs, q_star = np.zeros((N, N), dtype=bool), np.zeros((N, N))
    fields = (vals.p_atk, vals.p_def, vals.W_atk, vals.W_def, vals.W_atk_conv, vals.stake,
              vals.stake_back)  # fmt: skip
    out = [np.empty((R, N, N)) for _ in range(4)]
    demand = np.empty((R, N, N), dtype=bool)
    kind = np.empty((R, N, N), dtype=np.int8)
    margin = np.empty((R, N, N))
    loop(tuple(_f64(a) for a in fields), mhat, y, _f64(mu), np.ascontiguousarray(eligible),
         _f64(const.v_greedy), _f64(const.v_secure), _f64(const.hawk), (first_d, second_d),
         pairs, q_star, terms, _choice_consts(const, prevent), *out, demand, kind,
         margin)  # fmt: skip
    return (*out, demand, kind, margin)

"""The decide half of a strategic year in two compiled passes over the runs (no policy).

:func:`~realpolitik.engine.mechanisms.decisions.decide` without policies needs, of the year's
views, values and choices, only what selection and :func:`~realpolitik.engine.mechanisms.
decisions.resolve` read: every pair's choice (demand, strike kind and margin, the demand's
expected gain), the demands (x, the target's cost) and, at the pairs that may go to war, the
values the hawk counterfactual reads (``p_atk``, the gains and losses, the stakes) and the
perceptions. The two passes here compute these, pair by pair, with the floating-point
operations of the numpy reference (:func:`~.values.perceive`, :func:`~.values.war_values`,
:func:`~.choices.pair_choices`) in the same order, so the same bits:

1. :func:`strength_pass`: the settlement and peace countdowns, the pairs that may go to war,
   the perceptions from the year's normal draws, the strengths and coalitions, and the contest
   ratios (attack, defence, prevention now and then) of the pairs that may go to war (and their
   transposes), packed in one flat array.
2. numpy raises the packed ratios to the decisiveness gamma (numpy's power, as
   :func:`~.values.csf`; the compiled loops of :mod:`.fused` explain why).
3. :func:`choice_pass`: the chances, war values, demands, fear, prevention and nuclear strikes
   of those pairs.

The pairs that may not go to war are never read, and get NaN values and no choice. A policy
reads every pair: :func:`~realpolitik.engine.mechanisms.decisions.decide` then runs the
full-array route (:mod:`.fused`, :mod:`.choice_loops`). Buffers are kept for the chunk's
lifetime (:meth:`~realpolitik.engine.context.ChunkContext.scratch`): a year's arrays are
valid until the next year's decisions. Sources of the equations: docs/strategic.md,
:mod:`.values` and :mod:`.choices`.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import compiled, numpy_errors
from realpolitik.engine.strategy.choice_loops import (
    _choice_consts,
    demand_pair,
    fear_pair,
    nuclear_pairs,
)
from realpolitik.engine.strategy.fused import (
    as_f64,
    coalition_loops,
    csf_finish,
    csf_ratio,
    nuclear_shares,
)
from realpolitik.engine.strategy.kernels import BLOCK

__all__ = ["choice_pass", "decide_compiled", "strength_pass"]


@numpy_errors
def strength_pass(  # pragma: no cover - compiled
    military, gdp, eps, noise, noisy, settled, peace, allied, join, mob, od, prevent,
    mhat, eligible, C, Chat, M, Mhat, ratios,
):  # fmt: skip
    """Count down, perceive, and fill the strengths and packed contest ratios (step 1).

    ``allied`` of shape ``(0, 0, 0)``: no pact in the chunk (:func:`~.fused.coalition_loops`).
    ``prevent`` =
    (on, C_then, mob_grow) of :func:`~.choice_loops.choices_compiled`. The ratios of each pair
    computed (eligible either way, in run, i, j order) are packed as attack, defence and, with
    prevention, now and then. Returns the number of ratios.
    """
    R, N = military.shape
    on, C_then, mob_grow = prevent
    has_pacts = allied.shape[0] > 0
    for r in range(R):
        for i in range(N):
            for j in range(N):
                if settled[r, i, j] > 0:
                    settled[r, i, j] -= 1
                if peace[r, i, j] > 0:
                    peace[r, i, j] -= 1
                if noisy:  # :func:`~.values.perceive`
                    t = 1.0 + noise[i] * eps[r, i, j]
                    mhat[r, i, j] = military[r, j] * (0.0 if t < 0.0 else t)
                else:
                    mhat[r, i, j] = military[r, j]
            mhat[r, i, i] = military[r, i]
        for i in range(N):
            for j in range(N):
                ok = i != j and peace[r, i, j] <= 0
                eligible[r, i, j] = ok and not (has_pacts and allied[r, i, j])
    coalition_loops(allied, join, mhat, military, gdp, mob, eligible, 2, C, Chat, M, Mhat)
    n = 0
    for r in range(R):
        for i in range(N):
            for j in range(N):
                if not (eligible[r, i, j] or eligible[r, j, i]):
                    continue
                m, mh = M[r, i, j], Mhat[r, i, j]
                ratios[n] = csf_ratio(od[i] * m, mh)
                ratios[n + 1] = csf_ratio(m, od[j] * mh)
                n += 2
                if on:
                    ratios[n] = csf_ratio(C[r, i], Chat[r, i, j])
                    ratios[n + 1] = csf_ratio(C_then[r, i], mhat[r, i, j] + mob_grow[r, j])
                    n += 2
    return n


@numpy_errors
def choice_pass(  # pragma: no cover - compiled
    ratios, eligible, mhat, military, gdp, greedy, mu, C, Chat, M, Mhat, od, hawk, v_greedy,
    v_secure, nuc, prevent, consts, out, demand, kind,
):  # fmt: skip
    """Fill the values and choices of the pairs that may go to war from the raised ratios.

    ``nuc`` = (damage_first, damage_second, nuclear pairs, q_star); ``consts`` =
    :func:`~.choice_loops.choices_loops`'s then cession; ``out`` = (p_atk, stake, stake_back,
    gain, lose, c_target, x, p_war, expected gain, margin) (``lose`` per run and observer).
    Every pair gets its stakes and gain; the others of a pair that may not go to war are NaN
    (no demand, no strike, margin 0).
    """
    on, C_then, mob_grow = prevent
    first, second, nuc_pair, q_star = nuc
    p_atk, stake, stake_back, gain, lose, c_target, x, p_war, b_gain, margin = out
    cost_m, loss_m, loss_yc, nuc_on = consts[0], consts[1], consts[2], consts[4] > 0.0
    settle, worth, c = consts[6], consts[7], consts[8]
    R, N = military.shape
    conv = np.empty((N, N))
    n = 0
    for r in range(R):
        for i in range(N):
            lose[r, i] = loss_m * military[r, i] + loss_yc * gdp[r, i]
        for i in range(N):
            y_i, lose_i, cost_i = gdp[r, i], lose[r, i], cost_m * military[r, i]
            v_i = v_greedy[i] if greedy[r, i] else v_secure[i]
            for j in range(N):
                s = c * gdp[r, j] * 1.0
                gain_t = v_i * s - cost_i
                stake[r, i, j] = s
                stake_back[r, i, j] = c * y_i
                gain[r, i, j] = gain_t
                demand[r, i, j] = False
                kind[r, i, j] = 0
                margin[r, i, j] = 0.0
                el = eligible[r, i, j]
                if not (el or eligible[r, j, i]):
                    p_atk[r, i, j] = np.nan
                    c_target[r, i, j] = np.nan
                    x[r, i, j] = np.nan
                    p_war[r, i, j] = np.nan
                    b_gain[r, i, j] = np.nan
                    conv[i, j] = np.nan
                    continue
                m, mh = M[r, i, j], Mhat[r, i, j]
                p_a = csf_finish(ratios[n], od[i] * m, mh)
                p_d = csf_finish(ratios[n + 1], m, od[j] * mh)
                base_atk = p_a * gain_t - (1.0 - p_a) * lose_i
                cv = base_atk + hawk[i] * s
                conv[i, j] = cv
                w = cv - first[i, j] * y_i if nuc_on else cv
                p_atk[r, i, j] = p_a
                if not el:
                    c_target[r, i, j] = np.nan
                    x[r, i, j] = np.nan
                    p_war[r, i, j] = np.nan
                    b_gain[r, i, j] = np.nan
                    n += 4 if on else 2
                    continue
                m_ij, y_j, view = mu[r, i, j], gdp[r, j], mhat[r, i, j]
                tv = (1.0 - m_ij) * v_greedy[j] + m_ij * v_secure[j]
                ct, xx, pw, bg = demand_pair(p_a, w, s, c * y_i, view, y_j, tv, consts,
                                             second[j, i])  # fmt: skip
                c_target[r, i, j] = ct
                x[r, i, j] = xx
                p_war[r, i, j] = pw
                b_gain[r, i, j] = bg
                demand[r, i, j] = s > 0.0 and w > 0.0
                if w <= 0.0:  # i waits: prevention, else preemption
                    loss = 0.0
                    if on:
                        p_now = csf_finish(ratios[n + 2], C[r, i], Chat[r, i, j])
                        p_then = csf_finish(ratios[n + 3], C_then[r, i], view + mob_grow[r, j])
                        loss = (1.0 - m_ij) * (p_now - p_then) * (c * y_i)
                    value = worth * (loss / settle)
                    if on and loss > 0.0 and value > -w:
                        kind[r, i, j] = 1  # choices.KIND_PREVENTION
                        margin[r, i, j] = value + w
                    else:
                        base_def = p_d * gain_t - (1.0 - p_d) * lose_i
                        w_def = base_def - second[i, j] * y_i if nuc_on else base_def
                        phi = fear_pair(p_d, w_def, c * y_i, view, y_j, m_ij, v_greedy[j],
                                        hawk[j], consts, first[j, i])  # fmt: skip
                        if w > phi * w_def:
                            kind[r, i, j] = 2  # choices.KIND_PREEMPTION
                            margin[r, i, j] = w - phi * w_def
                n += 4 if on else 2
        if nuc_on:
            for i in range(N):
                for j in range(N):
                    if not eligible[r, i, j] or kind[r, i, j] != 0:
                        continue
                    crisis = (nuc_pair[i, j] and conv[i, j] > 0.0) or (
                        nuc_pair[j, i] and conv[j, i] > 0.0
                    )
                    phi_n = (1.0 - mu[r, i, j]) * (1.0 - q_star[j, i])
                    if crisis and phi_n > q_star[i, j]:
                        kind[r, i, j] = 3  # choices.KIND_NUCLEAR
                        margin[r, i, j] = phi_n - q_star[i, j]


def _buffers(scratch: dict, R: int, N: int, prevent: bool) -> dict:
    """Return the chunk's buffers for ``R`` runs of ``N`` states (made on first use)."""
    if scratch.get("shape") != (R, N):
        scratch.clear()
        scratch["shape"] = (R, N)
        for name in ("eps", "mhat", "Chat", "M", "Mhat", "p_atk", "stake", "stake_back", "gain",
                     "c_target", "x", "p_war", "b_gain", "margin"):  # fmt: skip
            scratch[name] = np.empty((R, N, N))
        scratch["C"], scratch["lose"] = np.empty((R, N)), np.empty((R, N))
        scratch["eligible"] = np.empty((R, N, N), dtype=bool)
        scratch["demand"] = np.empty((R, N, N), dtype=bool)
        scratch["kind"] = np.empty((R, N, N), dtype=np.int8)
        scratch["ratios"] = np.empty(R * N * N * 4)
    return scratch


def _raise(ratios: np.ndarray, gamma: float) -> None:
    """Raise the packed contest ratios to gamma in place (numpy's power, as ``ratio**gamma``)."""
    if gamma != 1.0:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            ratios **= gamma


def decide_compiled(world, const, rng, trend, mu, allied, scratch: dict) -> tuple | None:
    """Return the year's ``(mhat, eligible, values, choices)`` by the two passes, or None.

    Draws the perception block ``standard_normal((runs, N, N))`` (when some observer's noise is
    positive) and counts the settlements and peace treaties down, as the numpy route does.

    Parameters
    ----------
    world
        The chunk's world (``settled`` and ``peace`` allocated).
    const
        The phase's constants.
    rng
        The chunk's generator.
    trend
        ``(runs, N)`` mean log growth of GDP, or None (no prevention).
    mu
        ``(runs, N, N)`` beliefs.
    allied
        ``(runs, N, N)`` pacts, or None.
    scratch
        The chunk's buffers (a dict kept between years).

    Returns
    -------
    tuple or None
        The perceptions, the eligible pairs, ``(p_atk, stake, stake_back, gain, lose)`` (``lose``
        ``(runs, N)``) and ``(c_target, x, p_war, expected gain, demand, kind, margin)``; None
        when the compiled loops are off or N > :data:`~.kernels.BLOCK` (the caller then runs the
        numpy route).
    """
    R, N = world.runs, world.states
    first_loop = compiled(strength_pass) if N <= BLOCK else None
    if first_loop is None:
        return None
    prevent = trend is not None and const.patience > 0.0 and const.cession > 0.0
    b = _buffers(scratch, R, N, prevent)
    noisy = rng is not None and bool(np.any(const.noise > 0.0))
    if noisy:
        rng.standard_normal(out=b["eps"])
    m, y = as_f64(world.military), as_f64(world.gdp)
    if prevent:
        mob = const.mobilization[None, :]
        grow = y * np.exp(const.projection_years * trend)
        terms = (True, as_f64(m + mob * grow), as_f64(mob * grow))
    else:
        terms = (False, np.zeros((1, 1)), np.zeros((1, 1)))
    pacts = allied is not None and const.join is not None and bool(allied.any())
    # no pact in the chunk: no coalitions, and every distinct pair at peace may go to war
    al = np.ascontiguousarray(allied) if pacts else np.zeros((0, 0, 0), dtype=bool)
    join = as_f64(const.join) if pacts else np.zeros((N, max(N - 1, 1)))
    od = as_f64(const.od)
    n = first_loop(
        m, y, b["eps"], as_f64(const.noise), noisy, world.settled, world.peace, al, join,
        as_f64(const.mobilization), od, terms, b["mhat"], b["eligible"], b["C"], b["Chat"],
        b["M"], b["Mhat"], b["ratios"],
    )  # fmt: skip
    _raise(b["ratios"][:n], const.gamma)
    first, second, _ = nuclear_shares(const)
    nuc = const.nuclear
    pairs = nuclear_pairs(nuc) if nuc is not None else np.zeros((N, N), dtype=bool)
    q_star = as_f64(nuc.q_star) if nuc is not None else np.zeros((N, N))
    out = tuple(b[k] for k in ("p_atk", "stake", "stake_back", "gain", "lose", "c_target", "x",
                               "p_war", "b_gain", "margin"))  # fmt: skip
    compiled(choice_pass)(
        b["ratios"], b["eligible"], b["mhat"], m, y, world.greedy, as_f64(mu), b["C"], b["Chat"],
        b["M"], b["Mhat"], od, as_f64(const.hawk), as_f64(const.v_greedy),
        as_f64(const.v_secure), (first, second, pairs, q_star), terms,
        (*_choice_consts(const, prevent), float(const.cession)), out, b["demand"], b["kind"],
    )  # fmt: skip
    vals = out[:5]
    choices = (*out[5:9], b["demand"], b["kind"], b["margin"])
    return b["mhat"], b["eligible"], vals, choices

"""Compiled values, choices and answers at a list of ordered pairs (the resolve half of a year).

After the year's choices only a few ordered pairs are read: the crisis of a demand needs the
challenger's war value and the target's chance of defending (the transposed pair) in the
crisis view; the ``misperceived`` counterfactual needs the choices with every perception
replaced by the truth at the pairs that fought. The loops here compute those values at a
list of ``(run, i, j)`` pairs only, with the floating-point operations of
:func:`~.values.war_values`, :func:`~.choices.pair_choices` and :func:`~.resolve.answer` in
their order, so each value read has the bits of the whole-array computation (the tests check
it against the numpy reference). The random draws are unchanged: the crisis perception's
block of normals is drawn whole, and only the entries a listed pair reads are used. The crisis
runs on the year's whole move list with its strikes skipped (a mask), so its answers come out
per move; each pair's contest (:func:`contest_loops`) keeps an observer's view in one vector
of N strengths and sums the expected allies from bit masks, with no ``(runs, N, N)`` scratch.

The contest ratio ``b / a`` of the contest success function (Tullock 1980; Hirshleifer 1989)
is raised to the decisiveness by numpy's power, as in :mod:`.fused`: numpy's power on a
gathered one-dimensional array gives each element the bits it gets in the whole array. Each
function here returns None when the compiled loops are off; the caller then runs the numpy
operations on every pair. Sources of the rules: docs/strategic.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.engine.compiled import compiled, numpy_errors, scalar
from realpolitik.engine.strategy.choice_loops import (
    _choice_consts,
    demand_pair,
    fear_pair,
)
from realpolitik.engine.strategy.fused import (
    as_f64,
    contest_power,
    csf_finish,
    csf_ratio,
    nuclear_shares,
    pair_scalar,
)
from realpolitik.engine.strategy.kernels import BLOCK, standard_normal
from realpolitik.engine.strategy.resolve_loops import answer_pair, hawkless_pair, pair_index
from realpolitik.engine.strategy.sparse_allies import allies_from_masks, allies_of, lowest_bit

__all__ = ["Crisis", "counterfactual_compiled", "crisis_compiled", "hawkless_sparse"]


@numpy_errors
def contest_loops(  # pragma: no cover - compiled
    pr, pi, pj, skip, military, gdp, mob, od, scale, eps, allied, in_runs, join, half, M, Mhat,
    ratios,
):  # fmt: skip
    """Fill the coalitions and both contest ratios of each listed pair and of its transpose.

    Pair d ``(r, i, j)`` fills entry ``2 d`` (observer i, rival j) and its transpose entry
    ``2 d + 1`` (observer j, rival i). The observer's view of every state's strength is
    computed first: the perception of :func:`~.values.perceive` from ``eps`` (shape
    ``(0, 0, 0)``: the truth, one view for both observers), plus the observed mobilisable GDP.
    ``allied`` of shape ``(0, 0, 0)`` means no pacts; with ``in_runs``, the pacts count only
    when some run listed has one (:func:`~.values.war_values` on those runs; else every
    expected ally is 0). ``ratios[0]`` is the attack ratio (the observer strikes first),
    ``ratios[1]`` the defence ratio; with ``half`` only the two a crisis reads, ``(2, D)``:
    ``ratios[0, d]`` pair d's attack ratio, ``ratios[1, d]`` its transpose's defence ratio. A
    pair ``skip`` marks (shape ``(0,)``: none) gets strengths 0 and ratios 1 (not read).
    Where every view is finite and >= 0 (and the join probabilities) and each side has at
    most two eligible allies (most pairs), a side's expected allies are the sum of its
    allies' terms, inline; otherwise :func:`~.sparse_allies.allies_from_masks` sums every
    term in numpy's order.
    """
    some = skip.shape[0] > 0
    N = military.shape[1]
    noisy = eps.shape[0] > 0
    pacts = allied.shape[0] > 0
    masks = N < 63
    if pacts and in_runs:  # some pact in the runs listed
        flat = allied.reshape(allied.shape[0], N * N)
        found = False
        last = -1
        for d in range(pr.shape[0]):
            r = pr[d]
            if r != last:
                for t in range(N * N):
                    found |= flat[r, t]
            last = r
        pacts = found
    few = True  # every join probability finite and >= 0
    for k in range(join.shape[0]):
        for n in range(join.shape[1]):
            few = few and join[k, n] >= 0.0 and join[k, n] < np.inf
    chat = np.empty(N)
    ta = np.empty(N if pacts and not masks else 0)
    tb = np.empty(N if pacts and not masks else 0)
    for d in range(pr.shape[0]):
        r = pr[d]
        if some and skip[d]:
            for f in range(2 * d, 2 * d + 2):
                M[f] = 0.0
                Mhat[f] = 0.0
            for f in range(d, d + 1) if half else range(2 * d, 2 * d + 2):
                ratios[0, f] = 1.0
                ratios[1, f] = 1.0
            continue
        bits_i, bits_j = 0, 0
        if pacts and masks:
            for k in range(N):
                bits_i |= np.int64(allied[r, pi[d], k]) << k
                bits_j |= np.int64(allied[r, pj[d], k]) << k
        clean = True  # every view finite and >= 0
        if not noisy:  # the truth: one view for both observers
            for k in range(N):
                chat[k] = military[r, k] + mob[k] * gdp[r, k]
                clean &= (chat[k] >= 0.0) & (chat[k] < np.inf)
        for e in range(2):
            a, b = (pi[d], pj[d]) if e == 0 else (pj[d], pi[d])
            bits_a, bits_b = (bits_i, bits_j) if e == 0 else (bits_j, bits_i)
            if noisy:
                s_a = scale[a]
                for k in range(N):  # m_k f_ak, the observer's own strength after the loop
                    t = 1.0 + s_a * eps[r, a, k]
                    f = 0.0 if t < 0.0 else t
                    chat[k] = military[r, k] * f + mob[k] * gdp[r, k]
                chat[a] = military[r, a] + mob[a] * gdp[r, a]
                clean = True
                for k in range(N):
                    clean &= (chat[k] >= 0.0) & (chat[k] < np.inf)
            x, y = 0.0, 0.0
            if pacts and masks:
                elig_a = bits_a & ~bits_b & ~(1 << b)
                elig_b = bits_b & ~bits_a & ~(1 << a)
                a1, b1 = elig_a & (elig_a - 1), elig_b & (elig_b - 1)
                if clean and few and (a1 & (a1 - 1)) == 0 and (b1 & (b1 - 1)) == 0:
                    # at most two eligible allies a side, every term finite and >= 0: each
                    # other term is +0.0, which leaves a sum exact, so a side's sum of N terms
                    # in numpy's order is its eligible allies' terms join[k, n] Chat_k summed
                    # (inline: a call with arrays costs more than the pair)
                    n_a = (1 if elig_a != 0 else 0) + (1 if a1 != 0 else 0)
                    n_b = (1 if elig_b != 0 else 0) + (1 if b1 != 0 else 0)
                    k1, k2 = lowest_bit(elig_a), lowest_bit(a1)
                    if n_a > 0:
                        x = join[k1, n_a] * chat[k1]
                    if n_a > 1:
                        x = x + join[k2, n_a] * chat[k2]
                    k1, k2 = lowest_bit(elig_b), lowest_bit(b1)
                    if n_b > 0:
                        y = join[k1, n_b] * chat[k1]
                    if n_b > 1:
                        y = y + join[k2, n_b] * chat[k2]
                elif not (elig_a == 0 and elig_b == 0 and clean):  # else every term is 0.0
                    x, y = allies_from_masks(chat, join, elig_a, elig_b)
            elif pacts:
                x, y = allies_of(allied, chat, join, r, a, b, ta, tb)
            m = chat[a] + x  # the observer's own strength, m_a + mob_a y_a
            mh = chat[b] + y
            f = 2 * d + e
            M[f] = m
            Mhat[f] = mh
            if not half:
                ratios[0, f] = csf_ratio(od[a] * m, mh)
                ratios[1, f] = csf_ratio(m, od[b] * mh)
            elif e == 0:
                ratios[0, d] = csf_ratio(od[a] * m, mh)
            else:
                ratios[1, d] = csf_ratio(m, od[b] * mh)


@pair_scalar
def payoff_pair(ratio_atk, ratio_def, m, mh, od_a, od_b, v_a, s, mil_a, y_a, hawk_a, nf, ns, k):
    """One ordered pair of :func:`~.values.war_values` from its contest ratios raised to gamma.

    ``k`` = (cession, cost_m, loss_m, loss_y + cession, hawk on, nuclear on); ``nf``/``ns``
    the pair's nuclear damage shares. Returns (p_atk, p_def, gain, lose, W_atk_conv, W_atk,
    W_def).
    """
    lose = k[2] * mil_a + k[3] * y_a
    p_a = csf_finish(ratio_atk, od_a * m, mh)
    p_d = csf_finish(ratio_def, m, od_b * mh)
    gain = v_a * s - k[1] * mil_a
    base_atk = p_a * gain - (1.0 - p_a) * lose
    base_def = p_d * gain - (1.0 - p_d) * lose
    conv = base_atk + hawk_a * s if k[4] > 0.0 else base_atk + 0.0
    w_atk = conv - nf * y_a if k[5] > 0.0 else conv
    w_def = base_def - ns * y_a if k[5] > 0.0 else base_def
    return p_a, p_d, gain, lose, conv, w_atk, w_def


_NO_PACTS = np.zeros((0, 0, 0), dtype=bool)
_NO_NOISE = np.zeros((0, 0, 0))
_NO_SCALE = np.zeros(0)
_NO_SKIP = np.zeros(0, dtype=bool)


@dataclass
class _Pairs:
    """Each listed pair ``(r, i, j)`` and its transpose, with their strengths and ratios."""

    r: np.ndarray
    i: np.ndarray
    j: np.ndarray
    M: np.ndarray  # (2 D,): [2 d] pair d, [2 d + 1] its transpose
    Mhat: np.ndarray
    ratios: np.ndarray  # (2, 2 D) raised to gamma


def _contests(
    r, i, j, military, gdp, allied, pacts, const, scale=None, eps=None, skip=None, half=False
) -> _Pairs:
    """Return the coalitions and contest ratios at the pairs ``(r, i, j)`` and their transposes.

    ``pacts``: whether the values count expected allies (:func:`~.values.war_values` does
    when some pact holds in the runs it is given; None: when some run listed has a pact, the
    loop decides); ``skip``: bool per pair, the pairs not read; ``half``: only the ratios a
    crisis reads (:func:`contest_loops`), half the powers.
    """
    N = military.shape[1]
    on = allied is not None and const.join is not None and pacts is not False
    al = allied if on else _NO_PACTS
    join = const.join if on else np.zeros((N, max(N - 1, 1)))
    noise = _NO_NOISE if eps is None else eps
    s = _NO_SCALE if scale is None else as_f64(scale)
    n = 2 * r.size
    M, Mhat, ratios = np.empty(n), np.empty(n), np.empty((2, r.size if half else n))
    sk = _NO_SKIP if skip is None else skip
    compiled(contest_loops)(r, i, j, sk, military, gdp, const.mobilization, const.od, s, noise,
                            al, pacts is None, join, half, M, Mhat, ratios)  # fmt: skip
    return _Pairs(r, i, j, M, Mhat, contest_power(ratios, const.gamma))


def _payoff_consts(const) -> tuple:
    """Return :func:`payoff_pair`'s constants (hawk bias on, as the year's values have it)."""
    c = const.cession
    nuc = float(const.nuclear is not None)
    return (c, float(const.cost_m), float(const.loss_m), const.loss_y + c, 1.0, nuc)


@scalar
def own_value(greedy, v_greedy, v_secure, r, i) -> float:
    """State i's conquest value by its own type in run r (``np.where(greedy, v_G, v_S)``)."""
    vg, vs = v_greedy[i], v_secure[i]  # both loaded: a select, not a branch
    return vg if greedy[r, i] else vs


@numpy_errors
def crisis_loops(  # pragma: no cover - compiled
    pr, pi, pj, skip, M, Mhat, ratios, military, gdp, types, od, hawk, nuc, k, demand, xi, u, aud,
    out, cv,
):  # fmt: skip
    """Fill each demand's answer (``out``: conceded, fought, backed down) and its crisis values.

    ``types`` = (greedy, v_greedy, v_secure): each state's conquest value by its own type;
    ``demand`` = (x, c_target, stake) of the year's bargains; ``cv`` = the crisis's (p_atk,
    gain, lose, p_def of the transpose) at each demand, for the hawk counterfactual; ``M``,
    ``Mhat`` both directions' coalitions and ``ratios`` the two ratios a crisis reads, raised
    to gamma (:func:`contest_loops` with ``half``). A pair ``skip`` marks (shape ``(0,)``:
    none; a strike) is no demand: none of the three answers.
    """
    greedy, v_greedy, v_secure = types
    some = skip.shape[0] > 0
    x, c_target, stake = demand
    first, second = nuc
    for d in range(pr.shape[0]):
        if some and skip[d]:
            for c in range(3):
                out[c, d] = False
            for c in range(4):
                cv[c, d] = 0.0
            continue
        r, i, j = pr[d], pi[d], pj[d]
        e, f = 2 * d, 2 * d + 1
        s = k[0] * gdp[r, j] * 1.0
        p_a, _, gain, lose, _, w_atk, _ = payoff_pair(  # (its p_def is not read)
            ratios[0, d], 1.0, M[e], Mhat[e], od[i], od[j],
            own_value(greedy, v_greedy, v_secure, r, i), s, military[r, i], gdp[r, i], hawk[i],
            first[i, j], second[i, j], k,
        )  # fmt: skip
        p_def_ji = csf_finish(ratios[1, d], M[f], od[i] * Mhat[f])
        accept, fights = answer_pair(x[r, i, j], c_target[r, i, j], xi[r, i, j], p_def_ji, w_atk,
                                     stake[r, i, j], u, aud[i])  # fmt: skip
        out[0, d] = accept
        out[1, d] = fights
        out[2, d] = not accept and not fights
        cv[0, d] = p_a
        cv[1, d] = gain
        cv[2, d] = lose
        cv[3, d] = p_def_ji


@dataclass
class Crisis:
    """The year's demands answered in the crisis view (listed by demand, challenger first).

    ``r``, ``i``, ``j`` list the demands; ``answers`` is ``(3, D)`` bool (conceded, fought,
    backed down); ``values`` ``(4, D)`` the crisis's p_atk, gain, lose at each demand and the
    target's p_def.
    """

    r: np.ndarray
    i: np.ndarray
    j: np.ndarray
    answers: np.ndarray
    values: np.ndarray


def crisis_compiled(
    demands: tuple, military: np.ndarray, gdp: np.ndarray, greedy: np.ndarray,
    allied: np.ndarray | None, const, scale: np.ndarray, rng: np.random.Generator, bargain,
    stake: np.ndarray, xi: np.ndarray, skip: np.ndarray | None = None,
) -> Crisis | None:  # fmt: skip
    """Draw the crisis perception and answer each demand, the values at the demands only.

    The normal block of :func:`~.values.perceive` is drawn whole (the same stream) when some
    ``scale`` is positive; the crisis values of :func:`~.values.war_values` are computed at
    each demand and its transpose, and :func:`~.resolve.answer` applied.

    Parameters
    ----------
    demands
        ``(r, i, j)`` int arrays: the year's demands (challenger i, target j, run r).
    military, gdp, greedy
        ``(runs, N)`` true military, GDP and types.
    allied
        ``(runs, N, N)`` pacts, or None.
    const
        The phase's constants.
    scale
        ``(N,)`` each observer's crisis noise, ``sigma (1 - transparency)(1 - hotline)``.
    rng
        The chunk's generator.
    bargain
        The year's :class:`~.choices.Bargain` (its ``x`` and ``c_target``, ``(runs, N, N)``).
    stake, xi
        ``(runs, N, N)`` the stakes and the targets' private cost draws.
    skip
        Bool per listed pair: not a demand (the year's strikes, when ``demands`` lists every
        move; no answer, values 0), or None.

    Returns
    -------
    Crisis or None
        The answers; None (nothing drawn) when the compiled loops are off or N >
        :data:`~.kernels.BLOCK` (the caller then draws and computes on every pair).
    """
    R, N = military.shape
    loop = compiled(crisis_loops) if N <= BLOCK else None
    if loop is None:
        return None
    # numpy's draws and generator state, by the compiled kernel (kernels.standard_normal)
    eps = standard_normal(rng, np.empty((R, N, N))) if np.any(scale > 0.0) else None
    pacts = allied is not None and const.join is not None and bool(allied.any())
    c = _contests(*demands, military, gdp, allied, pacts, const, scale, eps, skip, half=True)
    first, second, _ = nuclear_shares(const)
    out = np.empty((3, c.r.size), dtype=bool)
    cv = np.empty((4, c.r.size))
    loop(
        c.r, c.i, c.j, _NO_SKIP if skip is None else skip, c.M, c.Mhat, c.ratios, military, gdp,
        (greedy, const.v_greedy, const.v_secure), const.od, const.hawk, (first, second),
        _payoff_consts(const), (bargain.x, bargain.c_target, stake), xi, float(const.u),
        as_f64(const.audience), out, cv,
    )  # fmt: skip
    return Crisis(c.r, c.i, c.j, out, cv)


@numpy_errors
def hawkless_sparse_loops(  # pragma: no cover - compiled
    pr, pi, pj, fought, cv, eligible, year, mhat, gdp, mu, v_greedy, v_secure, nuc, xi, u, aud,
    consts, out,
):  # fmt: skip
    """Fill ``out[d]``: whether fought demand d would still be fought with no hawk bias.

    ``year`` = (p_atk, gain, lose, stake, stake_back) of the year's values, ``cv`` the
    crisis values of :func:`crisis_loops`, ``nuc`` = (first-strike shares, second-strike
    shares transposed); True where the demand was not fought.
    """
    p_atk, gain, lose, stake, stake_back = year
    first, second_t = nuc
    for d in range(pr.shape[0]):
        out[d] = True
        if not fought[d]:
            continue
        r, i, j = pr[d], pi[d], pj[d]
        out[d] = hawkless_pair(
            (eligible[r, i, j], p_atk[r, i, j], gain[r, i, j], lose[r, i, j], stake[r, i, j],
             stake_back[r, i, j]),
            (cv[0, d], cv[1, d], cv[2, d], cv[3, d]), mhat[r, i, j], gdp[r, i], gdp[r, j],
            mu[r, i, j], v_greedy[j], v_secure[j], first[i, j], second_t[i, j], xi[r, i, j], u,
            aud[i], consts,
        )  # fmt: skip


def hawkless_sparse(
    crisis: Crisis, eligible: np.ndarray, vals, view, gdp: np.ndarray, mu: np.ndarray,
    xi: np.ndarray, const,
) -> np.ndarray:  # fmt: skip
    """Return, per demand of ``crisis``, whether it would still be fought with no hawk bias.

    The pair-level hawk counterfactual of ``_fought_without_hawks``
    (:mod:`realpolitik.engine.mechanisms.decisions`) at the fought demands; True at the
    others. Needs the compiled loops (``crisis`` comes from :func:`crisis_compiled`).

    Parameters
    ----------
    crisis
        The year's answered demands (:func:`crisis_compiled`).
    eligible
        ``(runs, N, N)`` the pairs that may go to war.
    vals, view
        The year's :class:`~.values.Values` (with hawks) and :class:`~.values.Perception`.
    gdp, mu, xi
        GDP ``(runs, N)``, beliefs and the targets' private cost draws ``(runs, N, N)``.
    const
        The phase's constants.

    Returns
    -------
    numpy.ndarray
        Bool per demand.
    """
    first, second, _ = nuclear_shares(const)
    out = np.empty(crisis.r.size, dtype=bool)
    compiled(hawkless_sparse_loops)(
        crisis.r, crisis.i, crisis.j, crisis.answers[1], crisis.values, eligible,
        (vals.p_atk, vals.gain_if_win, vals.loss_if_lose, vals.stake, vals.stake_back),
        view.mhat, as_f64(gdp), mu, as_f64(const.v_greedy), as_f64(const.v_secure),
        (first, as_f64(second.T)), xi, float(const.u), as_f64(const.audience),
        _choice_consts(const, False), out,
    )  # fmt: skip
    return out


@scalar
def mob_grow(gdp, mob, expo, r, k) -> float:
    """Return state k's mobilisable GDP in T years, ``mob_k (y_k expo_k)``.

    ``expo`` = ``exp(T trend)`` (numpy's exponentials), as :func:`~.choices.prevention_loss`.
    """
    return mob[k] * (gdp[r, k] * expo[r, k])


@scalar
def c_then(military, gdp, mob, expo, r, k) -> float:
    """Return state k's strength in T years, ``m_k + mob_k (y_k expo_k)``."""
    return military[r, k] + mob_grow(gdp, mob, expo, r, k)


@numpy_errors
def projection_loops(pr, pi, pj, military, gdp, mob, expo, out):  # pragma: no cover
    """Fill the contest ratios now and projected of :func:`~.choices.prevention_loss` (truth)."""
    for f in range(pr.shape[0]):
        r, i, j = pr[f], pi[f], pj[f]
        m_j = military[r, j]
        out[0, f] = csf_ratio(military[r, i] + mob[i] * gdp[r, i], m_j + mob[j] * gdp[r, j])
        out[1, f] = csf_ratio(c_then(military, gdp, mob, expo, r, i),
                              m_j + mob_grow(gdp, mob, expo, r, j))  # fmt: skip


@numpy_errors
def truth_loops(  # pragma: no cover - compiled
    pr, pi, pj, M, Mhat, ratios, proj, military, gdp, mob, greedy, od, hawk, nuc, k, mu, eligible,
    types, q_star, xi, u, aud, consts, out,
):  # fmt: skip
    """Fill ``out[f]``: whether fought pair f would go to war with every view the truth.

    :func:`~.choices.pair_choices` at the pair (prevention, preemption, a nuclear strike, a
    demand) and :func:`~.resolve.answer` of its demand; ``proj`` the prevention ratios of
    :func:`projection_loops` raised to gamma, ``types`` = (v_greedy, v_secure, the
    projection's exponentials ``exp(T trend)``: :func:`c_then`, :func:`mob_grow`), ``nuc`` =
    (first, second, each unordered pair nuclear on both sides); each state's conquest value is
    its own type's (``greedy``).
    """
    N = military.shape[1]
    first, second, nuc_pair = nuc
    v_greedy, v_secure, expo = types
    prevent_on, settle, worth = consts[5] > 0.0, consts[6], consts[7]
    for f in range(pr.shape[0]):
        r, i, j = pr[f], pi[f], pj[f]
        e, g = 2 * f, 2 * f + 1
        y_i, y_j, mh, m_ = gdp[r, i], gdp[r, j], military[r, j], mu[r, i, j]
        s, s_back = k[0] * y_j * 1.0, k[0] * y_i
        p_a, p_d, _, _, conv, w, w_def = payoff_pair(
            ratios[0, e], ratios[1, e], M[e], Mhat[e], od[i], od[j],
            own_value(greedy, v_greedy, v_secure, r, i), s, military[r, i], y_i, hawk[i],
            first[i, j], second[i, j], k,
        )  # fmt: skip
        _, p_d_ji, _, _, conv_ji, _, _ = payoff_pair(
            ratios[0, g], ratios[1, g], M[g], Mhat[g], od[j], od[i],
            own_value(greedy, v_greedy, v_secure, r, j), s_back * 1.0, military[r, j], y_j,
            hawk[j], first[j, i], second[j, i], k,
        )  # fmt: skip
        el = eligible[r, i, j]
        kind = 0
        if el and w <= 0.0:  # i waits: prevention, else preemption
            loss = 0.0
            if prevent_on:
                p_now = csf_finish(proj[0, f], military[r, i] + mob[i] * y_i, mh + mob[j] * y_j)
                p_then = csf_finish(proj[1, f], c_then(military, gdp, mob, expo, r, i),
                                    mh + mob_grow(gdp, mob, expo, r, j))  # fmt: skip
                loss = (1.0 - m_) * (p_now - p_then) * s_back
            value = worth * (loss / settle)
            if prevent_on and loss > 0.0 and value > -w:
                kind = 1
            else:
                phi = fear_pair(p_d, w_def, s_back, mh, y_j, m_, v_greedy[j], hawk[j], consts,
                                first[j, i])  # fmt: skip
                kind = 2 if w > phi * w_def else 0
        if consts[4] > 0.0 and kind == 0:
            crisis = nuc_pair[pair_index(i, j, N)] and (conv > 0.0 or conv_ji > 0.0)
            phi_n = (1.0 - m_) * (1.0 - q_star[j, i])
            if el and crisis and phi_n > q_star[i, j]:
                kind = 3
        fights = kind > 0
        if not fights and el and s > 0.0 and w > 0.0:  # a demand: answered
            tv = (1.0 - m_) * v_greedy[j] + m_ * v_secure[j]
            c_t, x, _, _ = demand_pair(p_a, w, s, s_back, mh, y_j, tv, consts, second[j, i])
            fights = answer_pair(x, c_t, xi[r, i, j], p_d_ji, w, s, u, aud[i])[1]
        out[f] = fights


def counterfactual_compiled(
    fought: tuple, military: np.ndarray, gdp: np.ndarray, greedy: np.ndarray, mu: np.ndarray,
    trend: np.ndarray | None, eligible: np.ndarray, xi: np.ndarray, allied: np.ndarray | None,
    const,
) -> np.ndarray | None:  # fmt: skip
    """Return whether each fought pair would go to war with every perception the truth, or None.

    The ``misperceived`` counterfactual of :mod:`realpolitik.engine.mechanisms.decisions`
    (``_counterfactual``) at the fought pairs only: the truth's war values
    (:func:`~.values.war_values`) at each pair and its transpose, the choice of
    :func:`~.choices.pair_choices` and the answer to its demand (:func:`~.resolve.answer`).
    Beliefs, cost draws and biases are kept.

    Parameters
    ----------
    fought
        ``(r, i, j)`` int arrays: the ordered pairs that went to war (initiator i).
    military, gdp, greedy
        ``(runs, N)`` true military, GDP and types.
    mu
        ``(runs, N, N)`` beliefs (P(j is a security seeker)).
    trend
        ``(runs, N)`` mean log growth of GDP over the trend window, or None (no prevention).
    eligible, xi
        ``(runs, N, N)`` the pairs that may go to war and the targets' private cost draws.
    allied
        ``(runs, N, N)`` pacts, or None.
    const
        The phase's constants.

    Returns
    -------
    numpy.ndarray or None
        Bool per fought pair; None when the compiled loops are off or N >
        :data:`~.kernels.BLOCK`.
    """
    N = military.shape[1]
    loop = compiled(truth_loops) if N <= BLOCK else None
    if loop is None:
        return None
    c = _contests(*fought, military, gdp, allied, None, const)  # pacts in the wars' runs
    m, y, mob = as_f64(military), as_f64(gdp), as_f64(const.mobilization)
    prevent = trend is not None and const.patience > 0.0 and const.cession > 0.0
    proj = np.zeros((2, c.r.size))
    expo = np.zeros((1, 1))
    if prevent:
        expo = as_f64(np.exp(const.projection_years * trend))  # grow = y expo, in the loops
        compiled(projection_loops)(c.r, c.i, c.j, m, y, mob, expo, proj)
        proj = contest_power(proj, const.gamma)
    first, second, _ = nuclear_shares(const)
    nuc = const.nuclear
    pairs = nuc.pair if nuc is not None else np.zeros(max(N * (N - 1) // 2, 1), dtype=bool)
    q_star = as_f64(nuc.q_star) if nuc is not None else np.zeros((N, N))
    got = np.empty(c.r.size, dtype=bool)
    loop(
        c.r, c.i, c.j, c.M, c.Mhat, c.ratios, proj, m, y, mob, greedy,
        as_f64(const.od), as_f64(const.hawk), (first, second, pairs), _payoff_consts(const), mu,
        eligible, (as_f64(const.v_greedy), as_f64(const.v_secure), expo), q_star, xi,
        float(const.u), as_f64(const.audience), _choice_consts(const, prevent), got,
    )  # fmt: skip
    return got

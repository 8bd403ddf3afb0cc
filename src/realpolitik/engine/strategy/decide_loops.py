"""The decide half of a strategic year in two compiled calls, on the chunk's buffers.

Without policies, :func:`~realpolitik.engine.mechanisms.decisions.decide` runs the compiled
loops of :mod:`.fused` and :mod:`.choice_loops` (the same floating-point operations as the
numpy reference, :func:`~.values.perceive`, :func:`~.values.war_values` and
:func:`~.choices.pair_choices`, so the same bits) chained in two calls, with no array made or
copied in between:

1. :func:`strength_pass`: the settlement and peace countdowns, the year's normal draws (by
   Numba's ``Generator``: numpy's draws, :func:`~.kernels.standard_normal`), the perceptions,
   the pairs that may go to war, the strengths and coalitions, and the contest ratios (attack,
   defence and, with prevention, now and then) in one block.
2. numpy raises the block to the decisiveness gamma in place (numpy's power, as
   :func:`~.values.csf`; :mod:`.fused` explains why the loops leave it to numpy).
3. :func:`choice_pass`: the chances and war values, the demands, fear, prevention and nuclear
   strikes.

Each pass takes :data:`BLOCK_RUNS` runs at a time through its loops. The values that only pass
from the war values to the choices (``p_def``, ``W_def``, ``W_atk_conv``) are not kept: they
are None in the year's :class:`~.values.Values` (nothing after the choices reads them).

The buffers are kept for the chunk's lifetime
(:meth:`~realpolitik.engine.context.ChunkContext.scratch`): a year's arrays are valid until the
next year's decisions. A policy may keep what it is shown, so with policies the phase runs the
routes that make new arrays every year. Sources of the equations: docs/strategic.md,
:mod:`.values` and :mod:`.choices`.
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.compiled import compiled, numpy_errors
from realpolitik.engine.strategy.choice_loops import (
    _choice_consts,
    choices_loops,
    nuclear_pairs,
    prevention_loops,
)
from realpolitik.engine.strategy.choices import Bargain, PairChoices
from realpolitik.engine.strategy.fused import (
    as_f64,
    coalition_loops,
    flat,
    nuclear_shares,
    payoff_consts,
    payoff_loops,
    ratio_loops,
)
from realpolitik.engine.strategy.kernels import BLOCK, normal_loops
from realpolitik.engine.strategy.values import Perception, Values

__all__ = ["choice_pass", "decide_compiled", "strength_pass"]


BLOCK_RUNS = 64
"""Runs each pass takes together through its loops: what one loop leaves for the next stays in
the core's cache (32 KiB an array at N = 8), and the arrays that only pass from the war
values to the choices (``p_def``, ``W_def``, ``W_atk_conv``, fear, the prevention loss) never
leave it."""


@numpy_errors
def strength_pass(  # pragma: no cover - compiled
    military, gdp, rng, eps, noise, noisy, settled, peace, allied, join, mob, od, prevent, mhat,
    eligible, C, Chat, M, Mhat, ratios,
):  # fmt: skip
    """Count down, draw, perceive, and fill the strengths and contest ratios (step 1).

    With ``noisy``, each block's normals are drawn into ``eps`` (numpy's draws of the block
    ``rng.standard_normal((runs, N, N))``, in its order: :func:`~.kernels.normal_loops`).
    ``allied`` of shape ``(0, 0, 0)``: no pact in the chunk (:func:`~.fused.coalition_loops`).
    ``prevent`` = (on, C_then, mob_grow) of :func:`~.choice_loops.choices_compiled`.
    ``ratios`` gets the contest ratios of ``p_atk``, ``p_def`` and, with prevention, of the
    chances now and then. Returns the number of ratio arrays filled (2 or 4).
    """
    R, N = military.shape
    on, C_then, mob_grow = prevent
    has_pacts = allied.shape[0] > 0
    NN = N * N
    st, pc, el = flat(settled), flat(peace), flat(eligible)
    for lo in range(0, R, BLOCK_RUNS):
        hi = min(lo + BLOCK_RUNS, R)
        for t in range(lo * NN, hi * NN):  # the countdowns: a zero stays zero
            s = st[t]
            st[t] = s - (s > 0)
            p = pc[t]
            pc[t] = p - (p > 0)
        if noisy:  # :func:`~.values.perceive`
            normal_loops(rng, eps[lo:hi])
            for r in range(lo, hi):
                for i in range(N):
                    s_i = noise[i]
                    for j in range(N):
                        t = 1.0 + s_i * eps[r, i, j]
                        mhat[r, i, j] = military[r, j] * (0.0 if t < 0.0 else t)
                    mhat[r, i, i] = military[r, i]
        else:
            for r in range(lo, hi):
                for i in range(N):
                    for j in range(N):
                        mhat[r, i, j] = military[r, j]
        for r in range(lo, hi):  # distinct, at peace, not allied
            for i in range(N):
                base = (r * N + i) * N
                for j in range(N):
                    el[base + j] = (i != j) & (pc[base + j] <= 0)
                if has_pacts:
                    for j in range(N):
                        el[base + j] = el[base + j] & (not allied[r, i, j])
        m, y, c, ch, mh = military[lo:hi], gdp[lo:hi], C[lo:hi], Chat[lo:hi], mhat[lo:hi]
        coalition_loops(allied[lo:hi], join, mh, m, y, mob, eligible, 0, c, ch, M[lo:hi],
                        Mhat[lo:hi])  # fmt: skip
        ratio_loops(od, M[lo:hi], Mhat[lo:hi], ratios[0, lo:hi], ratios[1, lo:hi])
        if on:
            prevention_loops(c, ch, C_then[lo:hi], mh, mob_grow[lo:hi], ratios[2, lo:hi],
                             ratios[3, lo:hi])  # fmt: skip
    return 4 if on else 2


@numpy_errors
def choice_pass(  # pragma: no cover - compiled
    ratios, eligible, mhat, military, gdp, greedy, mu, C, Chat, M, Mhat, od, hawk, v_greedy,
    v_secure, nuc, prevent, consts, vals, choices,
):  # fmt: skip
    """Fill the values and choices from the raised contest ratios (step 3).

    ``nuc`` = (damage_first, damage_second, both transposed, nuclear pairs, q_star);
    ``consts`` = (:func:`~.fused.payoff_loops`'s, :func:`~.choice_loops.choices_loops`'s);
    ``vals`` = (v, p_atk, stake, stake_back, gain, lose, W_atk) and ``choices`` = (c_target,
    x, p_war, expected gain, demand, kind, margin) are filled (``v``: each state's own conquest
    value), :data:`BLOCK_RUNS` runs at a time.
    """
    C_then, mob_grow = prevent[1], prevent[2]
    first, second, first_t, second_t, pairs, q_star = nuc
    v, p_atk, stake, stake_back, gain, lose, W_atk = vals
    c_target, x, p_war, b_gain, demand, kind, margin = choices
    R, N = military.shape
    for r in range(R):
        for i in range(N):
            v[r, i] = v_greedy[i] if greedy[r, i] else v_secure[i]
    B = BLOCK_RUNS
    p_def, W_def, W_atk_conv = np.empty((B, N, N)), np.empty((B, N, N)), np.empty((B, N, N))
    phi, loss = np.empty((B, N, N)), np.empty((B, N, N))
    for lo in range(0, R, B):
        hi = min(lo + B, R)
        n = hi - lo
        pa, st, sb, wa = p_atk[lo:hi], stake[lo:hi], stake_back[lo:hi], W_atk[lo:hi]
        pd, wd, wc = p_def[:n], W_def[:n], W_atk_conv[:n]
        m, y = military[lo:hi], gdp[lo:hi]
        payoff_loops(M[lo:hi], Mhat[lo:hi], ratios[0, lo:hi], ratios[1, lo:hi], m, y, v[lo:hi],
                     od, hawk, first, second, consts[0], pa, pd, st, sb, gain[lo:hi],
                     lose[lo:hi], wa, wd, wc)  # fmt: skip
        terms = (C[lo:hi], Chat[lo:hi], C_then[lo:hi], mob_grow[lo:hi], ratios[2, lo:hi],
                 ratios[3, lo:hi])  # fmt: skip
        choices_loops((pa, pd, wa, wd, wc, st, sb), mhat[lo:hi], y, mu[lo:hi],
                      eligible[lo:hi], v_greedy, v_secure, hawk, (first_t, second_t), pairs,
                      q_star, terms, consts[1], c_target[lo:hi], x[lo:hi], p_war[lo:hi],
                      b_gain[lo:hi], demand[lo:hi], kind[lo:hi], margin[lo:hi], phi[:n],
                      loss[:n])  # fmt: skip


_FLOATS = (
    "eps", "mhat", "Chat", "M", "Mhat", "p_atk", "stake", "stake_back", "gain", "W_atk",
    "c_target", "x", "p_war", "b_gain", "margin",
)  # fmt: skip
"""The chunk's ``(runs, N, N)`` float buffers."""


STAGGER = 320
"""Bytes between the end of one buffer and the start of the next: the loops read and write
a dozen of them at the same index, and buffers a multiple of 4 KiB apart would share the
same cache sets (and stall on false store-to-load dependencies); 320 = 5 cache lines puts each
at its own offset modulo 4 KiB."""


def _buffers(scratch: dict, R: int, N: int) -> dict:
    """Return the chunk's buffers for ``R`` runs of ``N`` states (made on first use).

    One block holds them all: a block this large is mapped apart from the heap, so that the
    arrays the rest of the year makes and frees keep reusing the same heap memory (buffers of
    their size left among them had the heap trimmed, and its pages touched anew, every year).
    """
    if scratch.get("shape") == (R, N):
        return scratch
    scratch.clear()
    scratch["shape"] = (R, N)
    cube, row, pad = R * N * N, R * N, STAGGER // 8
    floats = np.empty(cube * (len(_FLOATS) + 4) + 3 * row + (len(_FLOATS) + 4) * pad)
    at = 0
    for name in _FLOATS:
        scratch[name] = floats[at : at + cube].reshape(R, N, N)
        at += cube + pad
    scratch["ratios"] = floats[at : at + 4 * cube].reshape(4, R, N, N)
    at += 4 * cube + pad
    for name in ("C", "lose", "v"):
        scratch[name] = floats[at : at + row].reshape(R, N)
        at += row
    flags = np.empty(3 * cube + 2 * STAGGER, dtype=np.int8)
    at = 0
    for name in ("eligible", "demand", "kind"):
        scratch[name] = flags[at : at + cube].reshape(R, N, N)
        at += cube + STAGGER
    scratch["eligible"] = scratch["eligible"].view(bool)
    scratch["demand"] = scratch["demand"].view(bool)
    return scratch


def _raise(ratios: np.ndarray, gamma: float) -> None:
    """Raise the packed contest ratios to gamma in place (numpy's power, as ``ratio**gamma``)."""
    if gamma != 1.0:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            ratios **= gamma


_NO_DRAWS = np.random.default_rng(0)
"""The generator :func:`strength_pass` is given when it draws nothing (a typed argument)."""


def _nuclear_terms(scratch: dict, const, N: int) -> tuple[tuple, bool]:
    """Return :func:`choice_pass`'s nuclear terms and whether they are on, kept per terms.

    The terms (:func:`~.fused.nuclear_shares`, their transposes, the nuclear pairs and
    ``q_star``) change only with the year's :class:`~realpolitik.engine.contracts.NuclearTerms`
    object (prepared once per chunk, again when a schedule changes a deterrence key): they are
    made when it changes (the scratch keeps a reference to it).
    """
    nuc = const.nuclear
    kept = scratch.get("nuclear")
    if kept is not None and kept[0] is nuc:
        return kept[1], kept[2]
    first, second, nuc_on = nuclear_shares(const)
    pairs = nuclear_pairs(nuc) if nuc is not None else np.zeros((N, N), dtype=bool)
    q_star = as_f64(nuc.q_star) if nuc is not None else np.zeros((N, N))
    terms = (first, second, as_f64(first.T), as_f64(second.T), pairs, q_star)
    scratch["nuclear"] = (nuc, terms, nuc_on)
    return terms, nuc_on


def decide_compiled(world, const, rng, trend, mu, allied, scratch: dict) -> tuple | None:
    """Return the year's ``(mhat, eligible, values, choices)`` by the two passes, or None.

    Draws the perception block ``standard_normal((runs, N, N))`` (when some observer's noise is
    positive: numpy's draws, by the compiled pass) and counts the settlements and peace
    treaties down, as the numpy route does.

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
        The perceptions (:class:`~.values.Perception`), the eligible pairs, the values
        (:class:`~.values.Values`) and the choices (:class:`~.choices.PairChoices`); None
        when the compiled loops are off or N > :data:`~.kernels.BLOCK` (the caller then runs
        the numpy route).
    """
    R, N = world.runs, world.states
    first_loop = compiled(strength_pass) if N <= BLOCK else None
    if first_loop is None:
        return None
    prevent = trend is not None and const.patience > 0.0 and const.cession > 0.0
    b = _buffers(scratch, R, N)
    noisy = rng is not None and bool(np.any(const.noise > 0.0))
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
    nr = first_loop(
        m, y, rng if noisy else _NO_DRAWS, b["eps"], as_f64(const.noise), noisy, world.settled,
        world.peace, al, join, as_f64(const.mobilization), od, terms, b["mhat"], b["eligible"],
        b["C"], b["Chat"], b["M"], b["Mhat"], b["ratios"],
    )  # fmt: skip
    _raise(b["ratios"][:nr], const.gamma)
    nuc_terms, nuc_on = _nuclear_terms(scratch, const, N)
    vals = tuple(b[k] for k in ("v", "p_atk", "stake", "stake_back", "gain", "lose", "W_atk"))
    choices = tuple(b[k] for k in ("c_target", "x", "p_war", "b_gain", "demand", "kind",
                                   "margin"))  # fmt: skip
    consts = (payoff_consts(const, True, nuc_on), _choice_consts(const, prevent))
    compiled(choice_pass)(
        b["ratios"], b["eligible"], b["mhat"], m, y, world.greedy, as_f64(mu), b["C"], b["Chat"],
        b["M"], b["Mhat"], od, as_f64(const.hawk), as_f64(const.v_greedy),
        as_f64(const.v_secure), nuc_terms, terms, consts, vals, choices,
    )  # fmt: skip
    lose = np.broadcast_to(b["lose"][:, :, None], (R, N, N))
    # p_def, W_def and W_atk_conv only pass through the cache (choice_pass): None here
    values = Values(b["C"], b["Chat"], b["M"], b["Mhat"], b["p_atk"], None, b["stake"],
                    b["stake_back"], b["W_atk"], None, None, b["gain"], lose)  # fmt: skip
    bargain = Bargain(b["p_atk"], b["c_target"], b["x"], b["p_war"], b["b_gain"])
    pc = PairChoices(bargain, b["demand"], b["kind"], b["margin"])
    return Perception(b["mhat"]), b["eligible"], values, pc

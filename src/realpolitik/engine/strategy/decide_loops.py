"""The decide half of a strategic year in two compiled calls, on the chunk's buffers.

Without policies, :func:`~realpolitik.engine.mechanisms.decisions.decide` runs the compiled
loops of :mod:`.fused` and :mod:`.choice_loops` (the same floating-point operations as the
numpy reference, :func:`~.values.perceive`, :func:`~.values.war_values` and
:func:`~.choices.pair_choices`, so the same bits) chained in two calls, with no array made or
copied in between:

0. :func:`~.kernels.standard_normal` draws the year's normals (numpy's draws and state; on
   the engine's PCG64 by :func:`~.pcg64.fill`, ~10% faster than Numba's ``Generator``),
   outside the pass (a generator argument also cost the call ~7 us of typing; drawing
   inside the pass, each block's normals in the cache, measured ~1% faster only).
1. :func:`strength_pass`: the settlement and peace countdowns, the perceptions,
   the pairs that may go to war, the strengths, and the coalitions and contest ratios
   (attack, defence and, with prevention, now and then) of those pairs only (in one year of
   the benchmark some 40% of the ordered pairs), the ratios packed in one block.
2. numpy raises the packed block to the decisiveness gamma in place (numpy's power, as
   :func:`~.values.csf`, gives each entry the same bits whatever the array;
   :mod:`.fused` explains why the loops leave it to numpy).
3. :func:`choice_pass`: the chances and war values, the demands, fear, prevention and nuclear
   strikes.

What the rest of the year reads at a pair that may not go to war (distinct, at peace, not
allied) is its choice: no demand, strike kind 0, margin 0 (the selection reads the demands and
kinds of every pair; the bargains, stakes and values only at demands and strikes). So the
coalitions and contest ratios of the other pairs (but the reverse of a pair that may: a
nuclear crisis reads it) are not computed, and their values and bargains, which the flat loops
of :func:`choice_pass` compute from whatever the buffers held, are meaningless.

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

from realpolitik.engine.compiled import compiled, numpy_errors, scalar
from realpolitik.engine.strategy.choice_loops import _choice_consts, choices_loops, nuclear_pairs
from realpolitik.engine.strategy.choices import Bargain, PairChoices
from realpolitik.engine.strategy.fused import (
    _masked_products,
    _sum_below_16,
    _two_products,
    as_f64,
    csf_ratio,
    flat,
    nuclear_shares,
    payoff_consts,
    payoff_loops,
)
from realpolitik.engine.strategy.kernels import BLOCK, allies_pair, pairwise_sum, standard_normal
from realpolitik.engine.strategy.values import Perception, Values

__all__ = ["choice_pass", "decide_compiled", "strength_pass"]


BLOCK_RUNS = 64
"""Runs each pass takes together through its loops: what one loop leaves for the next stays in
the core's cache (32 KiB an array at N = 8), and the arrays that only pass from the war
values to the choices (``p_def``, ``W_def``, ``W_atk_conv``, fear, the prevention loss) never
leave it."""


@scalar
def _coalition_runs(lo, hi, allied, join, tables, mhat, military, gdp, mob, C, Chat, pk, runs,
                    M, Mhat, terms, ops):  # fmt: skip
    """Fill the strengths ``C``, ``Chat`` of runs ``lo:hi`` and the coalitions of their pairs.

    :func:`~.fused.coalition_loops`'s operations and bits (``M``, ``Mhat`` flat, at the pairs
    ``pk[:, e]``, e in ``runs[r]:runs[r + 1]``: one call per block, a call costs more than a
    run); ``tables`` = (popcounts, lowest bits, join transposed, join finite and >= 0 with
    N < 16, bit masks, clean rows, two scratch rows), made once per pass. Where the table
    route of :func:`~.fused.coalition_loops` applies, the terms are multiplied for the allies
    that count only (the same products) instead of tabulated. The per-run strengths and the
    per-pair ally sums are written out here as in :func:`~.fused.coalition_loops` on purpose: a
    compiled helper shared by both was measured to make this pass several times slower (Numba
    called it instead of inlining it); a change to one must be made to the other.

    ``ops[:, e - runs[lo]]`` gets the operands of the pair's contest ratios (``a`` and ``b``
    of :func:`~.fused.csf_ratio`: attack, defence and, with prevention, now and then),
    contiguous so that the divisions that follow vectorise; ``terms`` = (od_i, od_j per pair
    ``i N + j``, prevention on, C_then, mob_grow).
    """
    popc, low, jt, few, bits, clean, ta, tb = tables
    odi, odj, on, C_then, mob_grow = terms
    e0 = runs[lo]
    N = mob.shape[0]
    pacts = allied.shape[0] > 0
    masks = N < 63
    use_bits = pacts and masks
    jf, J, chf = flat(join), join.shape[1], flat(Chat)
    for r in range(lo, hi):
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
        for e in range(runs[r], runs[r + 1]):
            i = pk[1, e]
            j = pk[2, e]
            row = (r * N + i) * N
            if not pacts:
                a, b = 0.0, 0.0
            elif masks and few and clean[i]:
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
                for k in range(N):  # join * 1.0 or * 0.0: np.where's bits, no branch
                    p_i = jf[k * J + n_i] * ((elig_i >> k) & 1)
                    p_j = jf[k * J + n_j] * ((elig_j >> k) & 1)
                    ta[k] = p_i * chf[row + k]
                    tb[k] = p_j * chf[row + k]
                if N < 16:
                    a, b = _sum_below_16(ta, N), _sum_below_16(tb, N)
                else:
                    a, b = pairwise_sum(ta, N), pairwise_sum(tb, N)
            else:
                a, b = allies_pair(allied, Chat, join, r, i, j, ta, tb)
            m_ = C[r, i] + a
            mh_ = chf[row + j] + b
            M[row + j] = m_
            Mhat[row + j] = mh_
            u = e - e0
            q = i * N + j
            ops[0, u] = odi[q] * m_
            ops[1, u] = mh_
            ops[2, u] = m_
            ops[3, u] = odj[q] * mh_
            if on:
                ops[4, u] = C[r, i]
                ops[5, u] = chf[row + j]
                ops[6, u] = C_then[r, i]
                ops[7, u] = mhat[r, i, j] + mob_grow[r, j]


@scalar
def _coalition_tables(join, N):
    """Return :func:`_coalition_runs`'s tables for ``N`` states."""
    popc = np.zeros(1 << N if N <= 16 else 1, dtype=np.int64)  # bits set in each mask
    low = np.zeros(popc.shape[0], dtype=np.int64)  # the lowest bit set in each mask
    for t in range(1, popc.shape[0]):
        popc[t] = popc[t >> 1] + (t & 1)
        low[t] = 0 if t & 1 else low[t >> 1] + 1
    jf, J = flat(join), join.shape[1]
    few = N < 16  # the tables above; then join must be finite and >= 0
    for t in range(jf.shape[0]):
        few = few and jf[t] >= 0.0 and jf[t] < np.inf
    jt = np.empty(J * N)  # join transposed, [n, k]
    for k in range(N):
        for n in range(J):
            jt[n * N + k] = jf[k * J + n]
    bits = np.zeros(N, dtype=np.int64)
    clean = np.zeros(N, dtype=np.bool_)
    return popc, low, jt, few, bits, clean, np.empty(N), np.empty(N)


@numpy_errors
def strength_pass(  # pragma: no cover - compiled
    military, gdp, eps, noise, noisy, settled, peace, allied, join, mob, od, prevent, mhat,
    eligible, C, Chat, pk, runs, M, Mhat, ratios,
):  # fmt: skip
    """Count down, perceive, list the pairs, and fill their coalitions and ratios (step 1).

    With ``noisy``, ``eps`` holds the year's normals (the block ``rng.standard_normal((runs,
    N, N))``, drawn before the call by :func:`~.kernels.standard_normal`: the module docstring).
    ``allied`` of shape ``(0, 0, 0)``: no pact in the chunk (:func:`~.fused.coalition_loops`).
    ``prevent`` = (on, C_then, mob_grow) of :func:`~.choice_loops.choices_compiled`.

    The pairs computed are those that may go to war either way (``eligible`` at ``(i, j)``
    or ``(j, i)``: a nuclear crisis reads the reverse pair), packed in (run, i, j) order:
    ``pk[:, e]`` = (flat index of ``(r, i, j)``, i, j) and run r's pairs are
    ``runs[r]:runs[r + 1]``. ``M``, ``Mhat`` get their coalitions (at those pairs only) and
    ``ratios[:, e]`` the contest ratios of ``p_atk``, ``p_def`` and, with prevention, of the
    chances now and then (packed: numpy's power then runs on these pairs only). Returns (the
    number of ratio rows filled, 2 or 4; the number of pairs).
    """
    R, N = military.shape
    on, C_then, mob_grow = prevent
    has_pacts = allied.shape[0] > 0
    NN = N * N
    st, pc, el, al = flat(settled), flat(peace), flat(eligible), flat(allied)
    odi, odj = np.empty(NN), np.empty(NN)  # od_i, od_j per pair i N + j
    for i in range(N):
        for j in range(N):
            odi[i * N + j] = od[i]
            odj[i * N + j] = od[j]
    tables = _coalition_tables(join, N)
    mf, mhf = flat(M), flat(Mhat)
    terms = (odi, odj, on, C_then, mob_grow)
    ops = np.empty((8, BLOCK_RUNS * NN))  # a block's ratio operands, packed
    o0, o1, o2, o3, o4, o5, o6, o7 = ops[0], ops[1], ops[2], ops[3], ops[4], ops[5], ops[6], ops[7]
    ra, rd, rn, rt = ratios[0], ratios[1], ratios[2], ratios[3]
    n = 0
    for lo in range(0, R, BLOCK_RUNS):
        hi = min(lo + BLOCK_RUNS, R)
        for t in range(lo * NN, hi * NN):  # the countdowns: a zero stays zero
            s = st[t]
            st[t] = s - (s > 0)
            p = pc[t]
            pc[t] = p - (p > 0)
        if noisy:  # :func:`~.values.perceive`
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
        for r in range(lo, hi):
            runs[r] = n
            for i in range(N):  # the pairs to compute, without a branch
                for j in range(N):
                    t = (r * N + i) * N + j
                    tr = (r * N + j) * N + i
                    # distinct, at peace, not allied, either way: computed in this loop (a
                    # loop that filled ``eligible`` first, read back here, cost ~0.1 ms more)
                    e = (i != j) & (pc[t] <= 0)
                    e_back = (i != j) & (pc[tr] <= 0)
                    if has_pacts:
                        e = e & (not al[t])
                        e_back = e_back & (not al[tr])
                    el[t] = e
                    pk[0, n] = t
                    pk[1, n] = i
                    pk[2, n] = j
                    n += e | e_back
        runs[hi] = n
        _coalition_runs(lo, hi, allied, join, tables, mhat, military, gdp, mob, C, Chat, pk, runs,
                        mf, mhf, terms, ops)  # fmt: skip
        e0 = runs[lo]
        for e in range(e0, n):  # contiguous: the divisions vectorise
            ra[e] = csf_ratio(o0[e - e0], o1[e - e0])
            rd[e] = csf_ratio(o2[e - e0], o3[e - e0])
        if on:
            for e in range(e0, n):
                rn[e] = csf_ratio(o4[e - e0], o5[e - e0])
                rt[e] = csf_ratio(o6[e - e0], o7[e - e0])
    return 4 if on else 2, n


@numpy_errors
def choice_pass(  # pragma: no cover - compiled
    ratios, pk, runs, eligible, mhat, military, gdp, greedy, mu, C, Chat, M, Mhat, od, hawk,
    v_greedy, v_secure, nuc, prevent, consts, vals, choices,
):  # fmt: skip
    """Fill the values and choices from the raised contest ratios (step 3).

    ``ratios`` and ``pk``, ``runs``: the packed ratios of :func:`strength_pass`, raised;
    ``nuc`` = (damage_first, damage_second, both transposed, nuclear pairs, q_star);
    ``consts`` = (:func:`~.fused.payoff_loops`'s, :func:`~.choice_loops.choices_loops`'s);
    ``vals`` = (v, p_atk, stake, stake_back, gain, lose, W_atk) and ``choices`` = (c_target,
    x, p_war, expected gain, demand, kind, margin) are filled (``v``: each state's own conquest
    value), :data:`BLOCK_RUNS` runs at a time: each block's ratios are unpacked into the
    cache, and the loops run over all its pairs (a flat loop over every pair vectorises; one
    over the packed pairs does not). The entries of the pairs not packed are computed from
    what the buffers held (meaningless, and read by no one); there ``eligible`` is False, so
    the choices are no demand, kind 0 and margin 0.
    """
    C_then, mob_grow = prevent[1], prevent[2]
    first, second, first_t, second_t, pairs, q_star = nuc
    v, p_atk, stake, stake_back, gain, lose, W_atk = vals
    c_target, x, p_war, b_gain, demand, kind, margin = choices
    R, N = military.shape
    NN = N * N
    for r in range(R):
        for i in range(N):
            v[r, i] = v_greedy[i] if greedy[r, i] else v_secure[i]
    B = BLOCK_RUNS
    p_def, W_def, W_atk_conv = np.empty((B, N, N)), np.empty((B, N, N)), np.empty((B, N, N))
    phi, loss = np.empty((B, N, N)), np.empty((B, N, N))
    # the block's raised ratios, unpacked (zeros where never written: finite inputs)
    rb = np.zeros((4, B, N, N))
    rbf = rb.reshape(4, B * NN)
    for lo in range(0, R, B):
        hi = min(lo + B, R)
        n = hi - lo
        off = lo * NN
        if prevent[0]:
            for e in range(runs[lo], runs[hi]):
                t = pk[0, e] - off
                rbf[0, t], rbf[1, t] = ratios[0, e], ratios[1, e]
                rbf[2, t], rbf[3, t] = ratios[2, e], ratios[3, e]
        else:
            for e in range(runs[lo], runs[hi]):
                t = pk[0, e] - off
                rbf[0, t], rbf[1, t] = ratios[0, e], ratios[1, e]
        pa, st, sb, wa = p_atk[lo:hi], stake[lo:hi], stake_back[lo:hi], W_atk[lo:hi]
        pd, wd, wc = p_def[:n], W_def[:n], W_atk_conv[:n]
        m, y = military[lo:hi], gdp[lo:hi]
        payoff_loops(M[lo:hi], Mhat[lo:hi], rb[0, :n], rb[1, :n], m, y, v[lo:hi], od, hawk,
                     first, second, consts[0], pa, pd, st, sb, gain[lo:hi], lose[lo:hi], wa, wd,
                     wc)  # fmt: skip
        terms = (C[lo:hi], Chat[lo:hi], C_then[lo:hi], mob_grow[lo:hi], rb[2, :n], rb[3, :n])
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
    scratch["ratios"] = floats[at : at + 4 * cube].reshape(4, cube)
    at += 4 * cube + pad
    for name in ("C", "lose", "v"):
        scratch[name] = floats[at : at + row].reshape(R, N)
        at += row
    # each observer's loss, as Values holds it (a view made once: np.broadcast_to costs)
    scratch["lose_pairs"] = np.broadcast_to(scratch["lose"][:, :, None], (R, N, N))
    flags = np.empty(3 * cube + 2 * STAGGER, dtype=np.int8)
    at = 0
    for name in ("eligible", "demand", "kind"):
        scratch[name] = flags[at : at + cube].reshape(R, N, N)
        at += cube + STAGGER
    scratch["eligible"] = scratch["eligible"].view(bool)
    scratch["demand"] = scratch["demand"].view(bool)
    scratch["pk"] = np.empty((3, cube), dtype=np.int64)  # the packed pairs (strength_pass)
    scratch["runs"] = np.empty(R + 1, dtype=np.int64)
    return scratch


def _raise(ratios: np.ndarray, gamma: float) -> None:
    """Raise the packed contest ratios to gamma in place (numpy's power, as ``ratio**gamma``)."""
    if gamma != 1.0:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            ratios **= gamma


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
    positive: numpy's draws, :func:`~.kernels.standard_normal`) and counts the settlements and
    peace treaties down, as the numpy route does.

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
        the numpy route). The coalitions, values and bargains are those of the numpy route
        at the pairs that may go to war either way, and meaningless elsewhere (the module
        docstring); the choices, strengths and perceptions hold at every pair.
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
        mob_grow = as_f64(mob * grow)  # once (the same product in C_then)
        terms = (True, as_f64(m + mob_grow), mob_grow)
    else:
        terms = (False, np.zeros((1, 1)), np.zeros((1, 1)))
    pacts = allied is not None and const.join is not None and bool(allied.any())
    # no pact in the chunk: no coalitions, and every distinct pair at peace may go to war
    al = np.ascontiguousarray(allied) if pacts else np.zeros((0, 0, 0), dtype=bool)
    join = as_f64(const.join) if pacts else np.zeros((N, max(N - 1, 1)))
    od = as_f64(const.od)
    if noisy:  # numpy's draws (pcg64.fill on the engine's PCG64), before the pass
        standard_normal(rng, b["eps"])
    nr, n = first_loop(
        m, y, b["eps"], as_f64(const.noise), noisy, world.settled,
        world.peace, al, join, as_f64(const.mobilization), od, terms, b["mhat"], b["eligible"],
        b["C"], b["Chat"], b["pk"], b["runs"], b["M"], b["Mhat"], b["ratios"],
    )  # fmt: skip
    _raise(b["ratios"][:nr, :n], const.gamma)
    nuc_terms, nuc_on = _nuclear_terms(scratch, const, N)
    vals = tuple(b[k] for k in ("v", "p_atk", "stake", "stake_back", "gain", "lose", "W_atk"))
    choices = tuple(b[k] for k in ("c_target", "x", "p_war", "b_gain", "demand", "kind",
                                   "margin"))  # fmt: skip
    consts = (payoff_consts(const, True, nuc_on), _choice_consts(const, prevent))
    compiled(choice_pass)(
        b["ratios"], b["pk"], b["runs"], b["eligible"], b["mhat"], m, y, world.greedy,
        as_f64(mu), b["C"], b["Chat"], b["M"], b["Mhat"], od, as_f64(const.hawk),
        as_f64(const.v_greedy), as_f64(const.v_secure), nuc_terms, terms, consts, vals, choices,
    )  # fmt: skip
    lose = b["lose_pairs"]
    # p_def, W_def and W_atk_conv only pass through the cache (choice_pass): None here
    values = Values(b["C"], b["Chat"], b["M"], b["Mhat"], b["p_atk"], None, b["stake"],
                    b["stake_back"], b["W_atk"], None, None, b["gain"], lose)  # fmt: skip
    bargain = Bargain(b["p_atk"], b["c_target"], b["x"], b["p_war"], b["b_gain"])
    pc = PairChoices(bargain, b["demand"], b["kind"], b["margin"])
    return Perception(b["mhat"]), b["eligible"], values, pc

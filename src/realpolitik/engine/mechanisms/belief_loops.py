"""The beliefs phase's loops compiled by Numba (:mod:`realpolitik.engine.mechanisms.beliefs`).

Each loop performs the floating-point operations of the numpy path it replaces in the same
order (identical numbers; the numpy operations are the reference and run without Numba or with
``realpolitik.engine.compiled.NUMBA = False``); the callers get them through
:func:`realpolitik.engine.compiled.compiled`.

- :func:`update_loops`: the hazard model's observation (growth against the threshold) and
  Bayes' update (Kydd 1997).
- :func:`strategic_update_loops`: the strategic engine's observation against a security
  seeker's Richardson level (:func:`~realpolitik.engine.mechanisms.trust.secure_levels`,
  :func:`~realpolitik.engine.mechanisms.trust.strategic_moves`), distinguishability (Jervis
  1978) and the same Bayes update, in one pass.
- :func:`gesture_loops`: who is distrusted and willing to make a reassurance gesture
  (Kydd 2005; :func:`~realpolitik.engine.mechanisms.trust.reassurance_moves`).
- :func:`cut_loops`: the gestures' cuts and the beliefs a separating gesture sets.
- :func:`mean_trust_loops`: the ``mean_trust`` summary (mean of mu over ordered pairs).
- :func:`count_loops`: the ``gestures`` summary (the count of gestures of each run).
- :func:`store_loops`: this year's perception kept for next year's observation.
- :func:`weights_loops`: the threat weights and the weighted threat
  (:func:`~realpolitik.engine.mechanisms.trust.threat_weights`).
- :func:`uniform_loops`: numpy's PCG64 uniforms (``Generator.random``), four steps of the
  generator side by side (:func:`uniforms`).

and the drivers that call them with the phase's arrays and prepared constants
(:func:`update_strategic`, :func:`weight_tables`, :func:`mean_trust`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from realpolitik.engine.compiled import compiled, numpy_errors, scalar
from realpolitik.engine.context import ChunkContext
from realpolitik.engine.keys import per_state
from realpolitik.engine.mechanisms.arming import burden_law
from realpolitik.engine.strategy.kernels import BLOCK, pairwise_sum, pcg64_loops
from realpolitik.engine.world import World

__all__ = [
    "OBSERVATION_KEYS",
    "WEIGHT_KEYS",
    "count_loops",
    "cut_loops",
    "gesture_loops",
    "mean_trust",
    "mean_trust_loops",
    "observation_constants",
    "posterior",
    "store_loops",
    "strategic_update_loops",
    "uniform_loops",
    "uniforms",
    "update_loops",
    "update_strategic",
    "weight_tables",
    "weights_loops",
]


@scalar
@numpy_errors
def posterior(mu: float, l_S: float, l_G: float) -> float:
    """Return Bayes' posterior that a rival is a security seeker (Kydd 1997).

    ``num / (num + (1 - mu) l_G)`` with ``num = mu l_S``: theory.spiral's arithmetic, with
    ``l_S`` and ``l_G`` the likelihoods of the observation under each type.
    """
    num = mu * l_S
    return num / (num + (1.0 - mu) * l_G)


@numpy_errors
def update_loops(beliefs, perceived, prev, thr, lik_S, lik_G):  # pragma: no cover
    """Observe the moves and update the beliefs in place (the hazard model's numpy path).

    ``arm = perceived > thr_i * prev`` (``thr = 1 + arm_threshold``); likelihoods
    ``l = lik[i, arm]`` (column 0: restrain, 1: arm; a table lookup, no branch);
    ``mu' = num / (num + (1 - mu) l_G)`` with ``num = mu l_S`` (theory.spiral's Bayes
    arithmetic); the diagonal is 1.
    """
    R, N = beliefs.shape[0], beliefs.shape[1]
    for r in range(R):
        for i in range(N):
            t = thr[i]
            for j in range(N):
                if j != i:
                    a = np.int64(perceived[r, i, j] > t * prev[r, i, j])
                    beliefs[r, i, j] = posterior(beliefs[r, i, j], lik_S[i, a], lik_G[i, a])
            beliefs[r, i, i] = 1.0


@numpy_errors
def strategic_update_loops(
    beliefs, perceived, prev, gdp, od, k, a, g, cap, margin, u, d, greedy, lik_S, lik_G
):  # pragma: no cover
    """Read the strategic moves and update the beliefs in place (one pass over the pairs).

    For observer i and target j != i of run r, as the numpy operations of
    ``observe_strategic`` (Richardson law) and ``_update`` compute them::

        T_ij   = (sum_l prev_il - prev_ij) * od_j    (the sum in numpy's pairwise order)
        level  = (k_j T_ij + g_j) / a_j  if a_j > 0 else inf
        upper  = cap_j * gdp_j  if cap_j is finite else inf
        arm    = perceived_ij > min(level, upper) + margin_j     (NaN: no "arm")
        arm    = arm and not (u_ij < d_j and j secure)           (when ``u`` has rows)
        mu_ij <- num / (num + (1 - mu_ij) lik_G[i, arm]),  num = mu_ij lik_S[i, arm]

    and ``mu_ii = 1``. ``u`` is an empty ``(0, N, N)`` array when no distinguishability
    draws were made.

    The inner loop has no branch (selects only): the level divides by ``a_j`` where ``a_j > 0``
    (by 1 elsewhere, then replaced by inf), and ``p > min(level, upper) + margin`` is read as
    ``(p > level + margin or p > upper + margin)`` and neither ``level`` nor ``upper`` NaN:
    rounding is monotone, so ``min(level, upper) + margin`` is the smaller of the two sums,
    and the NaN cases (a NaN bound, or an inf sum of an inf bound and an inf margin) read "no
    arm" both ways.
    """
    R, N = beliefs.shape[0], beliefs.shape[1]
    use_u = u.shape[0] > 0
    a_pos = np.empty(N, np.bool_)
    a_div = np.empty(N)
    for j in range(N):
        a_pos[j] = a[j] > 0
        a_div[j] = a[j] if a[j] > 0 else 1.0
    upper_m = np.empty(N)  # upper_j + margin_j
    upper_ok = np.empty(N, np.bool_)  # upper_j is not NaN
    seen = np.empty(N, np.bool_)  # the type can be read (no defensive reading drawn)
    for r in range(R):
        for j in range(N):
            upper = np.inf if np.isinf(cap[j]) else cap[j] * gdp[r, j]
            upper_m[j] = upper + margin[j]
            upper_ok[j] = upper == upper
        for i in range(N):
            total = pairwise_sum(prev[r, i], N)
            if use_u:  # a security seeker's build-up read as defensive
                for j in range(N):
                    seen[j] = ~((u[r, i, j] < d[j]) & ~greedy[r, j])
            else:
                for j in range(N):
                    seen[j] = True
            rest_S, arm_S, rest_G, arm_G = lik_S[i, 0], lik_S[i, 1], lik_G[i, 0], lik_G[i, 1]
            for j in range(N):
                threat = (total - prev[r, i, j]) * od[j]
                ratio = (k[j] * threat + g[j]) / a_div[j]
                level = ratio if a_pos[j] else np.inf
                p = perceived[r, i, j]
                arm = (p > level + margin[j]) | (p > upper_m[j])
                arm = arm & (level == level) & upper_ok[j] & seen[j]
                l_S = arm_S if arm else rest_S
                l_G = arm_G if arm else rest_G
                beliefs[r, i, j] = posterior(beliefs[r, i, j], l_S, l_G)
            beliefs[r, i, i] = 1.0


@numpy_errors
def gesture_loops(
    beliefs, greedy, needed, willing_greedy, willing_secure, sent
):  # pragma: no cover
    """Fill ``sent`` (who gestures) and return whether anyone does.

    ``held_i = (sum_j mu_ji - mu_ii) / (N - 1)`` with the sum over observers j in increasing
    order from 0 (numpy's ``beliefs.sum(axis=1)``); ``sent_i = held_i < needed_i`` and the
    sender's type is willing. The N sums of a run run side by side (rows of ``beliefs`` read
    in order, one independent chain of additions per i).
    """
    R, N = beliefs.shape[0], beliefs.shape[1]
    anyone = False
    acc = np.empty(N)
    for r in range(R):
        for i in range(N):
            acc[i] = 0.0
        for j in range(N):
            for i in range(N):
                acc[i] += beliefs[r, j, i]
        for i in range(N):
            held = (acc[i] - beliefs[r, i, i]) / (N - 1)
            s = (held < needed[i]) & (willing_greedy[i] if greedy[r, i] else willing_secure[i])
            sent[r, i] = s
            anyone |= s
    return anyone


def cut_loops(
    sent, cut, separating, military_old, military, perceived, beliefs
):  # pragma: no cover
    """Make the gestures ``sent``: cut the sender's military, as every observer sees it.

    A sender i's ``military_old``, ``military`` and every ``perceived[:, i]`` are multiplied
    by ``cut_i`` (the others by nothing: ``x * 1.0 == x``); a separating gesture sets every
    ``mu_ji = 1``, and then every diagonal is 1 (numpy's ``_gesture``).
    """
    R, N = sent.shape[0], sent.shape[1]
    revealed = False
    for r in range(R):
        for i in range(N):
            if sent[r, i]:
                c = cut[i]
                military_old[r, i] *= c
                military[r, i] *= c
                for j in range(N):
                    perceived[r, j, i] *= c
                if separating[i]:
                    revealed = True
                    for j in range(N):
                        beliefs[r, j, i] = 1.0
    if revealed:
        for r in range(R):
            for i in range(N):
                beliefs[r, i, i] = 1.0


def count_loops(sent, out):  # pragma: no cover
    """Fill ``out[r]`` with the number of True in ``sent[r]``, as a float (a count: exact)."""
    R, N = sent.shape
    for r in range(R):
        n = 0
        for i in range(N):
            n += sent[r, i]
        out[r] = n


def store_loops(perceived, military_old, prev, diagonal):  # pragma: no cover
    """Copy this year's perception into ``prev``; with ``diagonal``, ``prev_ii = m_old_i``."""
    R, N = military_old.shape
    flat_in, flat_out = perceived.reshape(-1), prev.reshape(-1)
    for x in range(flat_in.size):  # a plain copy (memcpy)
        flat_out[x] = flat_in[x]
    if diagonal:
        for r in range(R):
            for i in range(N):
                prev[r, i, i] = military_old[r, i]


def mean_trust_loops(beliefs, out):  # pragma: no cover
    """Fill ``out[r]`` with the mean of mu over the ordered pairs i != j of run r.

    As numpy computes ``beliefs[:, off].mean(axis=1)`` for two runs or more: the gathered
    ``(runs, N (N - 1))`` array is laid out pair-major (Fortran order), so its sum over the
    pairs is a running sum from 0 in row-major pair order (not the pairwise sum of a
    contiguous axis), then divided by the count. Four runs' sums run side by side (each in
    its own order: four independent chains of additions instead of one).
    """
    R, N = beliefs.shape[0], beliefs.shape[1]
    n = N * (N - 1)
    R4 = R - R % 4
    for r in range(0, R4, 4):
        a0 = 0.0
        a1 = 0.0
        a2 = 0.0
        a3 = 0.0
        for i in range(N):
            for j in range(N):
                if j != i:
                    a0 += beliefs[r, i, j]
                    a1 += beliefs[r + 1, i, j]
                    a2 += beliefs[r + 2, i, j]
                    a3 += beliefs[r + 3, i, j]
        out[r] = a0 / n
        out[r + 1] = a1 / n
        out[r + 2] = a2 / n
        out[r + 3] = a3 / n
    for r in range(R4, R):
        acc = 0.0
        for i in range(N):
            for j in range(N):
                if j != i:
                    acc += beliefs[r, i, j]
        out[r] = acc / n


def weights_loops(
    beliefs, use_beliefs, greedy, pi, trust, factor, mhat, od, w, threat
):  # pragma: no cover
    """Fill the threat weights and the weighted threat (the numpy path of ``_weigh``).

    ``w_ij = trust[i, i secure and mu_ij >= pi_i] * factor[j, j greedy]`` with
    ``trust[i] = (1, 1 - trust_discount_i)`` and ``factor[j] = (1 - d_j, 1)`` (``(1, 1)``
    without distinguishability: ``x * 1.0 == x``), ``w_ii = 0``;
    ``threat_i = od_i * sum_j w_ij mhat_ij`` summed over j in increasing order.
    """
    R, N = mhat.shape[0], mhat.shape[1]
    fac = np.empty(N)
    for r in range(R):
        for j in range(N):  # factor[j, j greedy], once per run
            fac[j] = factor[j, 1] if greedy[r, j] else factor[j, 0]
        for i in range(N):
            trusting = use_beliefs & ~greedy[r, i]
            kept, plain, p_i = trust[i, 1], trust[i, 0], pi[i]
            acc = 0.0
            for j in range(N):
                # selects instead of branches: trust[i, 1] = kept_i, factor[j, 1] = 1 (for a
                # greedy j); multiplying by 1.0 is exact
                t = kept if (trusting & (beliefs[r, i, j] >= p_i)) else plain
                wij = t * fac[j]
                wij = 0.0 if j == i else wij
                w[r, i, j] = wij
                term = wij * mhat[r, i, j]
                acc = term if j == 0 else acc + term
            threat[r, i] = od[i] * acc


# the drivers the beliefs phase calls


OBSERVATION_KEYS = (
    "offense_defense_factor", "reaction", "fatigue", "grievance_secure", "grievance_greedy",
    "military_cap_share", "distinguishability",
)  # fmt: skip
"""The keys :func:`observation_constants` reads."""


def observation_constants(params, states: int) -> tuple[np.ndarray, ...]:
    """Return the per-target terms of the strategic observation (beliefs' docstring, 1b).

    ``(od, k, a, g_S, cap, margin, d)``, each float64 ``(N,)``: as
    :func:`~realpolitik.engine.mechanisms.trust.secure_levels` and
    :func:`~realpolitik.engine.mechanisms.trust.strategic_moves` read them, with
    ``margin_j = (g_G_j - g_S_j) / (2 a_j)`` (0 where ``a_j = 0``).
    """
    N = states
    od, k, a, g_S, g_G, cap, d = (
        np.ascontiguousarray(per_state(x, N))
        for x in (params.offense_defense_factor, params.k, params.fatigue,
                  params.grievance_secure, params.grievance_greedy, params.military_cap_share,
                  params.distinguishability)
    )  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = np.where(a > 0, (g_G - g_S) / (2.0 * np.where(a > 0, a, 1.0)), 0.0)
    return od, k, a, g_S, cap, margin, d


def update_strategic(
    world: World, params, lik_table: tuple, rng: np.random.Generator, ctx: ChunkContext
) -> bool:
    """Read the strategic moves and update the beliefs in one compiled pass, if possible.

    The Richardson law's reading (``beliefs.observe_strategic``) and Bayes' rule with the
    likelihood tables ``lik_table`` (``BeliefConstants.lik_table``) as
    :func:`strategic_update_loops`, drawing the same distinguishability block (by
    :func:`uniforms`). Returns False,
    drawing nothing, where the numpy path runs instead (no Numba, the burden law, more states
    than one pairwise block sums).
    """
    N = world.states
    kernel = compiled(strategic_update_loops)
    if kernel is None or burden_law(params) or N > BLOCK:
        return False
    od, k, a, g_S, cap, margin, d = ctx.prepared(observation_constants, OBSERVATION_KEYS)
    # observe_strategic's block of uniforms, drawn only when some d > 0
    drawing = ctx.prepared(_drawing, ("distinguishability",))
    u = uniforms(rng, (world.runs, N, N)) if drawing else np.empty((0, N, N))
    kernel(world.beliefs, world.perceived, world.perceived_prev, world.gdp_old, od, k, a, g_S,
           cap, margin, u, d, world.greedy, *lik_table)  # fmt: skip
    return True


def _drawing(params, states: int) -> bool:
    """Return whether some distinguishability is > 0 (the observation draws its uniforms)."""
    return bool(np.any(per_state(params.distinguishability, states) > 0))


WEIGHT_KEYS = ("trust_discount", "distinguishability", "offense_defense_factor")
"""The keys :func:`weight_tables` reads."""


def weight_tables(params, states: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the tables of :func:`weights_loops`: trust, factor and od.

    ``trust[i] = (1, 1 - trust_discount_i)``, ``factor[j] = (1 - d_j, 1)`` (``(1, 1)`` without
    distinguishability) and the offense-defense factor, each C-contiguous.
    """
    N = states
    d = params.distinguishability
    d_keep = 1.0 - per_state(d, N) if np.any(np.asarray(d) > 0) else np.ones(N)
    return (
        np.stack([np.ones(N), 1.0 - per_state(params.trust_discount, N)], axis=1),
        np.stack([d_keep, np.ones(N)], axis=1),
        np.ascontiguousarray(per_state(params.offense_defense_factor, N)),
    )


def mean_trust(beliefs: np.ndarray, off: np.ndarray) -> np.ndarray:
    """Return the ``mean_trust`` summary: the mean of mu over ordered pairs i != j, per run.

    ``off`` is the ``(N, N)`` off-diagonal mask; :func:`mean_trust_loops` with Numba.
    """
    runs = beliefs.shape[0]
    kernel = compiled(mean_trust_loops)
    if kernel is None or runs < 2:  # one run: numpy sums a contiguous row, pairwise
        return beliefs[:, off].mean(axis=1)
    out = np.empty(runs)
    kernel(beliefs, out)
    return out


# numpy's PCG64 uniforms, four generator steps side by side

pcg64_step: Any = None
"""numpy's PCG64 step (``pcg64.pcg64_step``), bound by :func:`_uniform_kernel`."""
jump_step: Any = None
"""A jump of several PCG64 steps (``pcg64.lcg_step``), bound by :func:`_uniform_kernel`."""

_M64 = (1 << 64) - 1
_M128 = (1 << 128) - 1
_MULT = (2549297995355413924 << 64) + 4865540595714422341  # PCG64's multiplier
_JUMPS: dict[int, tuple[np.uint64, ...]] = {}
"""increment -> the four-step jump ``(a_hi, a_lo, c_hi, c_lo)`` (:func:`_jump`)."""
_U11 = np.uint64(11)


def uniforms(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Return ``rng.random(shape)``: the same numbers, the generator left in the same state.

    On numpy's PCG64 with the compiled loops on, :func:`uniform_loops` draws them (each
    uniform ``(output >> 11) / 2**53`` of one step, as numpy's ``next_double``; four steps
    side by side, about 1.5x as fast); else numpy's ``rng.random``.

    Parameters
    ----------
    rng
        The chunk's generator.
    shape
        The block's shape.

    Returns
    -------
    numpy.ndarray
        float64 of ``shape``, C order.
    """
    pcg64 = pcg64_loops(rng)
    if pcg64 is None:
        return rng.random(shape)
    out = np.empty(shape)
    words = pcg64._words(rng)
    _uniform_kernel(pcg64)(words, *_jump(int(words[2]) << 64 | int(words[3])), out)
    pcg64._store(rng, words)
    return out


def _jump(inc: int) -> tuple[np.uint64, ...]:
    """Return the PCG64 jump of four steps, ``s -> a s + c`` (mod 2**128), as uint64 words."""
    jump = _JUMPS.get(inc)
    if jump is None:
        a, c = 1, 0
        for _ in range(4):
            a, c = (a * _MULT) & _M128, (c * _MULT + inc) & _M128
        jump = (np.uint64(a >> 64), np.uint64(a & _M64), np.uint64(c >> 64), np.uint64(c & _M64))
        _JUMPS[inc] = jump
    return jump


def _uniform_kernel(pcg64: Any) -> Any:
    """Return :func:`uniform_loops` compiled, with the PCG64 scalars it calls bound first.

    ``pcg64`` is :mod:`realpolitik.engine.strategy.pcg64` (from :func:`~realpolitik.engine.
    strategy.kernels.pcg64_loops`: imported only when the loops are on, as it imports Numba).
    """
    global pcg64_step, jump_step
    pcg64_step, jump_step = pcg64.pcg64_step, pcg64.lcg_step
    return compiled(uniform_loops)


def uniform_loops(state, a_hi, a_lo, c_hi, c_lo, out):  # pragma: no cover - compiled
    """Fill the C-contiguous float64 ``out`` as ``Generator.random`` on numpy's PCG64.

    ``state`` is ``[s_hi, s_lo, inc_hi, inc_lo, ...]`` (uint64, ``pcg64._words``), updated.
    Four lanes hold the states of steps ``t + 1 .. t + 4``; each lane moves four steps at
    once by the jump ``(a, c)`` (:func:`_jump`): the same states, four independent chains
    of 128-bit products instead of one. The last ``size % 4`` by single steps.
    """
    s_hi, s_lo, inc_hi, inc_lo = state[0], state[1], state[2], state[3]
    f = out.reshape(out.size)
    n = f.size
    n4 = n - n % 4
    scale = 1.0 / 9007199254740992.0
    if n4 > 0:
        h0, l0, o0 = pcg64_step(s_hi, s_lo, inc_hi, inc_lo)
        h1, l1, o1 = pcg64_step(h0, l0, inc_hi, inc_lo)
        h2, l2, o2 = pcg64_step(h1, l1, inc_hi, inc_lo)
        h3, l3, o3 = pcg64_step(h2, l2, inc_hi, inc_lo)
        t = 0
        while True:
            f[t] = (o0 >> _U11) * scale
            f[t + 1] = (o1 >> _U11) * scale
            f[t + 2] = (o2 >> _U11) * scale
            f[t + 3] = (o3 >> _U11) * scale
            t += 4
            if t >= n4:
                break
            h0, l0, o0 = jump_step(h0, l0, a_hi, a_lo, c_hi, c_lo)
            h1, l1, o1 = jump_step(h1, l1, a_hi, a_lo, c_hi, c_lo)
            h2, l2, o2 = jump_step(h2, l2, a_hi, a_lo, c_hi, c_lo)
            h3, l3, o3 = jump_step(h3, l3, a_hi, a_lo, c_hi, c_lo)
        s_hi, s_lo = h3, l3
    for t in range(n4, n):
        s_hi, s_lo, o = pcg64_step(s_hi, s_lo, inc_hi, inc_lo)
        f[t] = (o >> _U11) * scale
    state[0] = s_hi
    state[1] = s_lo

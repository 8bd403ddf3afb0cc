"""What a state expects from a war: strengths, coalitions, chances of winning and war values.

Sources: G. Tullock, "Efficient Rent Seeking" (1980) and J. Hirshleifer, "Conflict and Rent-
Seeking Success Functions", *Public Choice* 63 (1989) for the contest; R. Jervis, "Cooperation
under the Security Dilemma", *World Politics* 30(2), 1978 for offense dominance as a first-move
advantage; T. Christensen and J. Snyder, "Chain Gangs and Passed Bucks", *International
Organization* 44(2), 1990 for the allies a state expects; docs/strategic.md ("Values").

All arrays are ``(runs, N, N)`` with the observer (the deciding state) i first and the rival j
second, in GDP units (military valued 1:1). For observer i and rival j::

    C_i      = m_i + mob_i y_i                         (strength in a long war)
    Chat_ij  = mhat_ij + mob_j y_j                     (i's view of j's strength; GDP is observed)
    M_i      = C_i + sum_k P(k joins i) Chat_ik        (allies of i not allied with j)
    Mhat_ij  = Chat_ij + sum_k P(k joins j) Chat_ik    (allies of j not allied with i)
    p_atk_ij = CSF(od_i M_i, Mhat_ij)                  (i strikes first)
    p_def_ij = CSF(M_i, od_j Mhat_ij)                  (j strikes first)
    S_ij     = gdp_cession y_j                         (the stake of i's war on j)
    W_atk_ij = p_atk (v_i S_ij - cost_m m_i) - (1 - p_atk)(loss_m m_i + (loss_y + c) y_i)
               - N_first_ij + h_i S_ij
    W_def_ij = the same with p_def, the damage N_second_ij of being struck first, no h_i

with CSF(a, b) = a^gamma / (a^gamma + b^gamma) (decisiveness gamma), v_i the conquest value of
i's type (greedy or security seeker: a state knows its own type), N the nuclear damage in GDP
units (damage share x y_i) and h_i the hawk bias (Bueno de Mesquita et al. 2003). A state's own
perception of itself is exact (the diagonal of ``mhat`` is its own military).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.engine.strategy.fused import war_values_compiled
from realpolitik.engine.strategy.kernels import expected_allies_compiled, perceive_compiled

__all__ = ["Perception", "Values", "csf", "perceive", "war_values", "without_hawks"]


def csf(a: np.ndarray, b: np.ndarray, gamma: float) -> np.ndarray:
    """Return the Tullock contest success function P(a beats b) (0.5 when both are 0).

    Computed in the ratio form ``1 / (1 + (b / a)**gamma)``, which never overflows to inf/inf.

    Parameters
    ----------
    a, b
        The two sides' strengths (>= 0), broadcastable.
    gamma
        Decisiveness (> 0).

    Returns
    -------
    numpy.ndarray
        P(side a wins) in [0, 1].
    """
    a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
    positive = a > 0.0
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        ratio = np.where(positive, b / np.where(positive, a, 1.0), 0.0)
        if gamma != 1.0:
            ratio = ratio**gamma
        p = 1.0 / (1.0 + ratio)
    return np.where(positive, p, np.where(b > 0.0, 0.0, 0.5))


@dataclass
class Perception:
    """One view of the world that states decide on (the year's, the truth's, a crisis's).

    Attributes
    ----------
    mhat : numpy.ndarray
        ``(runs, N, N)`` perceived military of j by i (diagonal: own military).
    """

    mhat: np.ndarray


def perceive(
    military: np.ndarray, scale: np.ndarray, rng: np.random.Generator | None
) -> Perception:
    """Return perceived military ``mhat_ij = m_j max(0, 1 + scale_i eps_ij)``, eps ~ N(0, 1).

    Parameters
    ----------
    military
        ``(runs, N)`` true military after this year's arming.
    scale
        ``(N,)`` each observer's noise, ``perception_noise (1 - transparency)`` (times
        ``1 - hotline`` inside a crisis), or ``(runs, N, N)`` per ordered pair (a policy that
        leaves the hotline unused).
    rng
        The chunk's generator; one block ``standard_normal((runs, N, N))`` is drawn when some
        scale is positive. None gives the truth (no draw).

    Returns
    -------
    Perception
        The view, with each state's own military exact.
    """
    R, N = military.shape
    if rng is None or not np.any(scale > 0.0):
        return Perception(np.broadcast_to(military[:, None, :], (R, N, N)).copy())
    eps = rng.standard_normal((R, N, N))
    s = scale[None, :, None] if np.ndim(scale) == 1 else scale  # per pair: (runs, N, N)
    fast = perceive_compiled(military, s, eps)
    if fast is not None:
        return Perception(fast)
    mhat = np.broadcast_to(military[:, None, :], (R, N, N)).copy()
    mhat *= np.maximum(0.0, 1.0 + s * eps)
    idx = np.arange(N)
    mhat[:, idx, idx] = military
    return Perception(mhat)


@dataclass
class Values:
    """What every observer i expects of a war with every rival j (see the module docstring).

    All fields ``(runs, N, N)`` float64, observer first.
    """

    C: np.ndarray  # (R, N) own strength
    Chat: np.ndarray
    M: np.ndarray
    Mhat: np.ndarray
    p_atk: np.ndarray
    p_def: np.ndarray
    stake: np.ndarray  # S_ij = c y_j
    stake_back: np.ndarray  # S_ji = c y_i
    W_atk: np.ndarray  # with hawk bias and first-strike nuclear damage
    W_def: np.ndarray
    W_atk_conv: np.ndarray  # without nuclear damage
    gain_if_win: np.ndarray  # v_i S_ij - cost_m m_i
    loss_if_lose: np.ndarray  # loss_m m_i + (loss_y + c) y_i (per observer, broadcast)


def expected_allies(
    allied: np.ndarray | None, Chat: np.ndarray, join: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Return the allied strength i expects beside itself and beside j, from i's perceptions.

    Parameters
    ----------
    allied
        ``(runs, N, N)`` bool pacts or None.
    Chat
        ``(runs, N, N)`` i's view of every state's strength (diagonal: its own).
    join
        ``(N, N - 1)`` P(ally k joins | n eligible allies on its side) (the war phase's
        :func:`~realpolitik.engine.mechanisms.war.join_probabilities`), or None.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``A_ij`` (allies of i, not of j, expected beside i) and ``B_ij`` (allies of j, not of
        i, expected beside j), each ``(runs, N, N)``.
    """
    R, N, _ = Chat.shape
    if allied is None or join is None or not allied.any():
        z = np.zeros((R, N, N))
        return z, z
    fast = expected_allies_compiled(allied, Chat, join)
    if fast is not None:
        return fast
    # elig[r, i, j, k]: k allied with i, not with j, k != j (k != i: no self-pacts)
    a_ik = allied[:, :, None, :]
    a_jk = allied[:, None, :, :]
    not_j = ~np.eye(N, dtype=bool)[None, None, :, :]  # k != j
    elig_i = a_ik & ~a_jk & not_j
    elig_j = a_jk & ~a_ik & ~np.eye(N, dtype=bool)[None, :, None, :]  # k != i
    kk = np.arange(N)
    n_i = elig_i.sum(axis=-1)
    n_j = elig_j.sum(axis=-1)
    p_i = np.where(elig_i, join[kk[None, None, None, :], n_i[..., None]], 0.0)
    p_j = np.where(elig_j, join[kk[None, None, None, :], n_j[..., None]], 0.0)
    view = Chat[:, :, None, :]  # i's view of k
    return (p_i * view).sum(axis=-1), (p_j * view).sum(axis=-1)


def war_values(
    view: Perception,
    military: np.ndarray,
    gdp: np.ndarray,
    greedy: np.ndarray,
    allied: np.ndarray | None,
    const,
    hawk: bool = True,
    pairs: np.ndarray | None = None,
) -> Values:
    """Return every observer's war values against every rival (module docstring).

    Parameters
    ----------
    view
        The perceptions decided on.
    military, gdp
        ``(runs, N)`` true military (after arming) and GDP; a state knows its own exactly.
    greedy
        ``(runs, N)`` true types (a state values conquest by its own type).
    allied
        ``(runs, N, N)`` pacts or None.
    const
        The phase's constants (:class:`~realpolitik.engine.strategy.constants.Constants`).
    hawk
        Whether the hawk bias sweetens the war a state chooses (False: the counterfactual with
        h = 0, for the ``hawk_bias`` cause).
    pairs
        ``(runs, N, N)`` bool: the ordered pairs whose values are read (a crisis's demands).
        The compiled loops then compute the contests at those pairs and their transposes only
        (elsewhere the coalitions are NaN and the values meaningless); the numpy operations
        compute every pair. None: every pair.

    Returns
    -------
    Values
        The values.
    """
    fast = war_values_compiled(view, military, gdp, greedy, allied, const, hawk, pairs)
    if fast is not None:
        return Values(*fast)
    R, N = military.shape
    mob = const.mobilization
    C = military + mob[None, :] * gdp
    Chat = view.mhat + (mob[None, :] * gdp)[:, None, :]
    A, B = expected_allies(allied, Chat, const.join)
    M = C[:, :, None] + A
    Mhat = Chat + B
    od = const.od
    g = const.gamma
    p_atk = csf(od[None, :, None] * M, Mhat, g)
    p_def = csf(M, od[None, None, :] * Mhat, g)
    c = const.cession
    stake = c * gdp[:, None, :] * np.ones((1, N, 1))
    stake_back = np.broadcast_to((c * gdp)[:, :, None], (R, N, N))
    v = np.where(greedy, const.v_greedy[None, :], const.v_secure[None, :])
    gain = v[:, :, None] * stake - (const.cost_m * military)[:, :, None]
    lose = (const.loss_m * military + (const.loss_y + c) * gdp)[:, :, None]
    base_atk = p_atk * gain - (1.0 - p_atk) * lose
    base_def = p_def * gain - (1.0 - p_def) * lose
    W_atk_conv = base_atk + (const.hawk[None, :, None] * stake if hawk else 0.0)
    if const.nuclear is not None:
        y_i = gdp[:, :, None]
        W_atk = W_atk_conv - const.nuclear.damage_first[None] * y_i
        W_def = base_def - const.nuclear.damage_second[None] * y_i
    else:
        W_atk, W_def = W_atk_conv, base_def
    return Values(C, Chat, M, Mhat, p_atk, p_def, stake, stake_back, W_atk, W_def, W_atk_conv,
                  gain, np.broadcast_to(lose, (R, N, N)))  # fmt: skip


def without_hawks(vals: Values, rows: np.ndarray, gdp: np.ndarray, const) -> Values:
    """Return :func:`war_values` with ``hawk=False`` at some runs, from the values with hawks.

    The hawk bias enters the attacker's war values only (``W_atk_conv``, ``W_atk``): the
    strengths and chances of the same view are those already computed, so only the attack
    values are recomputed, by the same operations in the same order (the same bits as a call of
    :func:`war_values` with ``hawk=False`` on those runs).

    Parameters
    ----------
    vals
        The values with hawk bias (every run).
    rows
        The runs to keep (int indices).
    gdp
        ``(len(rows), N)`` GDP at those runs.
    const
        The phase's constants.

    Returns
    -------
    Values
        The values at ``rows`` without hawk bias.
    """
    p_atk = vals.p_atk[rows]
    gain = vals.gain_if_win[rows]
    lose = vals.loss_if_lose[rows]
    W_atk_conv = (p_atk * gain - (1.0 - p_atk) * lose) + 0.0
    if const.nuclear is not None:
        W_atk = W_atk_conv - const.nuclear.damage_first[None] * gdp[:, :, None]
    else:
        W_atk = W_atk_conv
    return Values(vals.C[rows], vals.Chat[rows], vals.M[rows], vals.Mhat[rows], p_atk,
                  vals.p_def[rows], vals.stake[rows], vals.stake_back[rows], W_atk,
                  vals.W_def[rows], W_atk_conv, gain, lose)  # fmt: skip

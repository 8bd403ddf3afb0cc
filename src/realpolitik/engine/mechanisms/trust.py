"""The beliefs phase's equations as numpy functions on arrays (Kydd 2005; Jervis 1978).

Source: Kydd, *Trust and Mistrust in International Relations* (2005) for minimum trust,
Bayesian updating on observed moves and costly reassurance; Jervis, "Cooperation under the
Security Dilemma" (1978) for distinguishability; docs/mechanisms.md, "Perception and
signalling". :mod:`~realpolitik.engine.mechanisms.beliefs` applies them each year; they are
the numpy reference of its compiled loops, and each can be used on its own (the arrays have
the run axis first, observer before target).
"""

from __future__ import annotations

import numpy as np

from realpolitik.engine.keys import per_state
from realpolitik.theory.spiral import min_trust

__all__ = [
    "min_trust_per_state",
    "observe_moves",
    "reassurance_moves",
    "secure_levels",
    "select",
    "strategic_moves",
    "threat_weights",
    "uniform",
]


def min_trust_per_state(
    exploitation_cost: object, temptation_secure: object, states: int
) -> np.ndarray:
    """Return each observer's minimum trust pi*_i = c_i / (1 - t_S_i + c_i) (docs/models/spiral.md).

    Parameters
    ----------
    exploitation_cost
        c, a float or per-state array (> 0).
    temptation_secure
        t_S, a float or per-state array in [0, 1).
    states
        The number of states N.

    Returns
    -------
    numpy.ndarray
        pi*, float64 array of shape ``(states,)``, from :func:`theory.spiral.min_trust`.

    Raises
    ------
    ValueError
        If a value is outside its range (from :func:`theory.spiral.min_trust`).
    """
    if np.ndim(exploitation_cost) == 0 and np.ndim(temptation_secure) == 0:
        pi = min_trust(float(exploitation_cost), float(temptation_secure))
        return np.full(states, pi)
    c = per_state(exploitation_cost, states)
    t_S = per_state(temptation_secure, states)
    return np.array([min_trust(float(a), float(b)) for a, b in zip(c, t_S, strict=True)])


def observe_moves(perceived: np.ndarray, previous: np.ndarray, arm_threshold: object) -> np.ndarray:
    """Classify each rival's move as "arm" (True) or "restrain" (False) (docs/mechanisms.md).

    A move is "arm" iff the perceived military grew by more than ``arm_threshold`` relative to
    the observer's previous perception of it: ``perceived > (1 + arm_threshold) * previous``.

    Parameters
    ----------
    perceived
        This year's perception ``(runs, N, N)`` (observer first).
    previous
        The observer's perception of the year before, same shape.
    arm_threshold
        The observer's threshold share (float or per-observer array of shape ``(N,)``), >= -1.

    Returns
    -------
    numpy.ndarray
        bool ``(runs, N, N)``; the diagonal is False.
    """
    N = perceived.shape[-1]
    thr = per_state(arm_threshold, N)[:, None]
    arm = perceived > (1.0 + thr) * previous
    idx = np.arange(N)
    arm[..., idx, idx] = False
    return arm


def secure_levels(
    previous: np.ndarray,
    gdp: np.ndarray,
    od: object,
    k: object,
    fatigue: object,
    grievance_secure: object,
    cap: object,
) -> np.ndarray:
    """Return observer i's estimate of the military a security-seeking j would have chosen.

    The Richardson level of the arming law (``m = m + dt (k threat - a m + g)`` at rest,
    Richardson 1960) in response to the threat j faces as i perceives it, capped by j's
    economy::

        T_ij = od_j * sum_{l != j} previous_il        (unit weights; previous_ii: i's own)
        level_ij = min((k_j T_ij + g_S_j) / a_j, cap_j * y_j)

    Parameters
    ----------
    previous
        ``(runs, N, N)`` the observer's perceptions of the year before, with its own military
        of that year on the diagonal (what j responded to).
    gdp
        ``(runs, N)`` GDP y (observed exactly).
    od, k, fatigue, grievance_secure, cap
        Per-state (target j) offense-defense factor, reaction per rival k = kappa / (N - 1),
        fatigue a, a security seeker's grievance g_S and the cap share (floats or ``(N,)``).

    Returns
    -------
    numpy.ndarray
        float64 ``(runs, N, N)``, observer first (inf where a_j = 0 and no cap binds).
    """
    N = previous.shape[-1]
    od, k, a, g, cap = (per_state(x, N) for x in (od, k, fatigue, grievance_secure, cap))
    threat = previous.sum(axis=2)[:, :, None] - previous  # sum over l != j of previous_il
    threat *= od[None, None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        level = np.where(a > 0, (k * threat + g) / np.where(a > 0, a, 1.0), np.inf)
        upper = np.where(np.isinf(cap), np.inf, cap * gdp)
    return np.minimum(level, upper[:, None, :])


def strategic_moves(
    perceived: np.ndarray,
    levels: np.ndarray,
    fatigue: object,
    grievance_secure: object,
    grievance_greedy: object,
) -> np.ndarray:
    """Classify each rival's move as "arm" (True) against a security seeker's level (Kydd 2005).

    i reads j's move as "arm" iff j's perceived military exceeds the level a security seeker
    would have chosen (:func:`secure_levels`) by more than half the gap between the types'
    Richardson levels, ``(g_G_j - g_S_j) / (2 a_j)``: the types differ in their level, not in
    their growth, so this reading carries information where growth against a trend does not.

    Parameters
    ----------
    perceived
        This year's perception ``(runs, N, N)`` (observer first).
    levels
        :func:`secure_levels`, same shape.
    fatigue, grievance_secure, grievance_greedy
        Per-state (target j) a, g_S and g_G (floats or ``(N,)``).

    Returns
    -------
    numpy.ndarray
        bool ``(runs, N, N)``; the diagonal is False.
    """
    N = perceived.shape[-1]
    a, g_S, g_G = (per_state(x, N) for x in (fatigue, grievance_secure, grievance_greedy))
    with np.errstate(divide="ignore", invalid="ignore"):
        margin = np.where(a > 0, (g_G - g_S) / (2.0 * np.where(a > 0, a, 1.0)), 0.0)
    arm = perceived > levels + margin
    idx = np.arange(N)
    arm[..., idx, idx] = False
    return arm


def threat_weights(
    greedy: np.ndarray,
    beliefs: np.ndarray | None,
    pi_star: object,
    trust_discount: object,
    distinguishability: object,
    *,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Return the weights w_ij of rival j's perceived military in observer i's threat.

    ``w_ij = (1 - trust_discount_i [i secure and mu_ij >= pi*_i]) (1 - d_j [j secure])``, with
    a zero diagonal (docs/models/offense_defense.md, docs/models/spiral.md; docs/mechanisms.md).

    Parameters
    ----------
    greedy
        bool ``(runs, N)``: the true types.
    beliefs
        ``(runs, N, N)`` mu_ij, or None without type beliefs (the trust factor is then 1).
    pi_star
        Minimum trust pi*, float or per-observer ``(N,)``.
    trust_discount
        Share of a trusted rival's threat a security seeker discounts, float or per-observer.
    distinguishability
        d, float or per-target ``(N,)``, in [0, 1].
    out
        Optional float64 ``(runs, N, N)`` array to write the weights into (default: a new one).

    Returns
    -------
    numpy.ndarray
        float64 ``(runs, N, N)`` in [0, 1] (``out`` when given).
    """
    runs, N = greedy.shape
    secure = ~greedy
    w = np.empty((runs, N, N)) if out is None else out
    if beliefs is not None:
        pi = per_state(pi_star, N)[None, :, None]
        trusted = beliefs >= pi
        trusted &= secure[:, :, None]
        # 1 - td * [trusted] is 1 - td where trusted and 1 - 0 = 1 elsewhere
        select(trusted, uniform(1.0 - per_state(trust_discount, N))[0], 1.0, w)
    else:
        w.fill(1.0)
    d = per_state(distinguishability, N)
    if np.any(d > 0):
        w *= np.where(secure, 1.0 - d[None, :], 1.0)[:, None, :]
    idx = np.arange(N)
    w[:, idx, idx] = 0.0
    return w


def select(mask: np.ndarray, a: object, b: object, out: np.ndarray) -> np.ndarray:
    """Write ``np.where(mask, a, b)`` into ``out`` (a, b: floats or broadcastable arrays).

    As ``mask * (a - b) + b`` when that gives exactly ``a`` and ``b`` for every value (checked:
    ``mask`` is 0 or 1, so the result is ``b`` or ``(a - b) + b``), which is several times
    faster than ``np.where`` with broadcast operands; otherwise with ``np.where``.
    """
    a_arr = np.asarray(a, dtype=np.float64)
    b_arr = np.asarray(b, dtype=np.float64)
    diff = a_arr - b_arr
    if np.all(diff + b_arr == a_arr) and np.all(np.isfinite(diff)):
        np.multiply(mask, diff, out=out)
        out += b_arr
    else:
        out[...] = np.where(mask, a_arr, b_arr)
    return out


def reassurance_moves(
    greedy: np.ndarray,
    beliefs: np.ndarray,
    pi_star: object,
    gesture: object,
    signal_cost_secure: object,
    signal_cost_greedy: object,
    temptation_greedy: object,
) -> tuple[np.ndarray, np.ndarray]:
    """Decide who makes a reassurance gesture this year and whether it separates (Kydd 2005).

    State i is distrusted when ``mean_{j != i} mu_ji < mean_{j != i} pi*_j``. A distrusted
    security seeker gestures iff ``x_i > 0`` and ``k_S x_i <= 1``; a distrusted greedy state
    mimics iff ``x_i > 0`` and ``k_G x_i < t_G``. A gesture separates iff
    ``x_i >= x_LC = t_G / k_G`` (then greedy types never send it).

    Parameters
    ----------
    greedy
        bool ``(runs, N)``: the true types.
    beliefs
        ``(runs, N, N)`` mu_ij (observer first).
    pi_star
        Minimum trust pi*, float or per-observer ``(N,)``.
    gesture
        x, the size of the cut (share of own military), float or per-sender, in [0, 1].
    signal_cost_secure, signal_cost_greedy
        k_S and k_G, floats or per-sender (> 0).
    temptation_greedy
        t_G, float or per-sender (> 1).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``sent`` bool ``(runs, N)``: who gestures; ``separating`` bool ``(N,)``: whether a
        gesture of that sender's size is the separating signal.
    """
    N = greedy.shape[1]
    x = per_state(gesture, N)
    k_S = per_state(signal_cost_secure, N)
    k_G = per_state(signal_cost_greedy, N)
    t_G = per_state(temptation_greedy, N)
    pi = per_state(pi_star, N)
    idx = np.arange(N)
    held = (beliefs.sum(axis=1) - beliefs[:, idx, idx]) / (N - 1)  # mean_j!=i mu_ji
    needed = (pi.sum() - pi) / (N - 1)  # mean_j!=i pi*_j
    distrusted = held < needed[None, :]
    willing = np.where(greedy, (k_G * x < t_G)[None, :], (k_S * x <= 1.0)[None, :])
    sent = distrusted & willing & (x > 0)[None, :]
    separating = x >= t_G / k_G
    return sent, separating


def uniform(values: np.ndarray) -> tuple[float | np.ndarray, bool]:
    """Return ``(value, True)`` when every entry of ``values`` is equal, else ``(column, False)``.

    A per-observer ``(N,)`` or ``(N, 1)`` array that holds one value is used as a scalar (a
    faster ``np.where``, the same numbers); otherwise it is returned as the observer column
    ``(1, N, 1)`` for broadcasting over ``(runs, N, N)``.
    """
    flat = np.asarray(values, dtype=np.float64).reshape(-1)
    if np.all(flat == flat[0]):
        return float(flat[0]), True
    return flat[None, :, None], False

"""Trust and reassurance: the one-shot Bayesian security-dilemma game (Kydd 1997, 2000, 2005)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from realpolitik.theory import _validate as val

#: Regime labels of :func:`reassurance`.
REGIMES: tuple[str, ...] = (
    "pooling_cooperation_no_signal",
    "separating",
    "no_reassurance_mutual_defection",
)


def _security_seeker_temptation(t_S: object) -> float:
    return val.in_range("t_S", t_S, 0.0, 1.0, hi_open=True)


def _greedy_temptation(t_G: object) -> float:
    return val.in_range("t_G", t_G, 1.0, lo_open=True)


def min_trust(c: float, t_S: float) -> float:
    """Return the minimum trust pi* a security seeker needs to cooperate (Kydd).

    ``pi* = c / (1 - t_S + c)``, the stag-hunt belief threshold q* (docs/models/offense_defense.md)
    with R = 1, T = t_S, P = 0, S = -c. It rises in ``c`` (offense dominance) and in ``t_S``.

    Parameters
    ----------
    c : float
        Cost of being exploited, ``c > 0`` (e.g. ``beta*L``).
    t_S : float
        A security seeker's temptation to exploit a cooperator, in ``[0, 1)``.

    Returns
    -------
    float
        pi*, in ``(0, 1)``.

    Raises
    ------
    ValueError
        If ``c <= 0`` or ``t_S`` is outside ``[0, 1)``.
    """
    c = val.positive("c", c)
    t_S = _security_seeker_temptation(t_S)
    return c / (1.0 - t_S + c)


@dataclass(frozen=True)
class TwoType:
    """Two-type Bayesian security-dilemma game.

    Attributes
    ----------
    pi_star : float
        Minimum trust pi* = c/(1 - t_S + c).
    cooperative_equilibrium_exists : bool
        Whether "security seekers cooperate, greedy types defect" is a BNE (``pi >= pi*``).
    p_mutual_cooperation : float
        ``pi**2`` in that equilibrium if it exists, else 0 (the all-defect equilibrium).
    eu_cooperate : float
        A security seeker's expected payoff from cooperating, ``pi - (1 - pi)*c``.
    eu_defect : float
        A security seeker's expected payoff from defecting, ``pi*t_S``.
    pi : float
        The trust the game was solved at.
    """

    pi_star: float
    cooperative_equilibrium_exists: bool
    p_mutual_cooperation: float
    eu_cooperate: float
    eu_defect: float
    pi: float


def two_type(c: float, t_S: float, t_G: float, pi: float) -> TwoType:
    """Solve the two-type Bayesian security-dilemma game (Kydd 2005).

    Greedy types (t_G > 1) always defect. The equilibrium in which security seekers cooperate
    exists iff ``pi >= pi*`` (weak inequality); the all-defect equilibrium always exists.

    Parameters
    ----------
    c : float
        Cost of being exploited, ``c > 0``.
    t_S : float
        Security seeker's temptation, in ``[0, 1)``.
    t_G : float
        Greedy type's temptation, ``t_G > 1``.
    pi : float
        Trust: prior probability that the other is a security seeker, in ``[0, 1]``.

    Returns
    -------
    TwoType
        pi*, whether the cooperative equilibrium exists, P(mutual cooperation) and the security
        seeker's expected payoffs from cooperating and defecting.

    Raises
    ------
    ValueError
        If an argument is outside its range.
    """
    c = val.positive("c", c)
    t_S = _security_seeker_temptation(t_S)
    pi_star = min_trust(c, t_S)
    _greedy_temptation(t_G)
    pi = val.probability("pi", pi)
    exists = pi >= pi_star
    return TwoType(
        pi_star=pi_star,
        cooperative_equilibrium_exists=exists,
        p_mutual_cooperation=pi * pi if exists else 0.0,
        eu_cooperate=pi - (1.0 - pi) * c,
        eu_defect=pi * t_S,
        pi=pi,
    )


def uniform_cutoffs(c: float, t_max: float) -> tuple[float, float] | None:
    """Return the cutoff equilibria of the game with temptations t ~ U[0, t_max].

    A type cooperates iff ``t <= t_hat``; the cutoff solves ``t_hat/t_max = c/(1 - t_hat + c)``,
    i.e. ``t_hat**2 - (1 + c)*t_hat + c*t_max = 0``. Real roots exist iff
    ``(1 + c)**2 >= 4*c*t_max``. The larger root, capped at ``t_max``, is the stable and most
    cooperative cutoff: iterating the best-response cutoff ``B(t) = 1 + c - c/F(t)`` from t = 1
    converges to it. The smaller root is unstable.

    A root above ``t_max`` is an equilibrium only as "everyone cooperates" (cutoff ``t_max``),
    and that needs ``t_max <= 1``: the best response to universal cooperation is the cutoff
    ``B(t_max) = 1``. When ``t_max > 1`` and both roots exceed it (which happens exactly when
    ``c > 1`` and ``1 < t_max <= (1 + c)**2/(4c)``), the types above 1 would defect against
    universal cooperation, so no cutoff equilibrium exists and the function returns None; the
    iteration of B from t = 1 then collapses to universal defection.

    Parameters
    ----------
    c : float
        Cost of being exploited, ``c > 0``.
    t_max : float
        Upper end of the uniform distribution of temptations, ``t_max > 0``.

    Returns
    -------
    tuple of float or None
        ``(t_hat_low, t_hat_high)``: the smaller root and the larger root capped at ``t_max``;
        None when ``(1 + c)**2 < 4*c*t_max`` or when ``t_max > 1`` and both roots exceed
        ``t_max`` (no cutoff equilibrium: everyone defects).

    Raises
    ------
    ValueError
        If ``c <= 0`` or ``t_max <= 0``.

    Examples
    --------
    >>> uniform_cutoffs(0.5, 1.1)  # doctest: +ELLIPSIS
    (0.6..., 0.8...)
    >>> uniform_cutoffs(2.0, 1.1) is None  # c > 1: both roots (1.28, 1.72) exceed t_max
    True
    """
    c = val.positive("c", c)
    t_max = val.positive("t_max", t_max)
    b = 1.0 + c
    disc = b * b - 4.0 * c * t_max
    if disc < 0.0:
        return None
    root = math.sqrt(disc)
    low, high = (b - root) / 2.0, (b + root) / 2.0
    if t_max > 1.0 and low > t_max:
        return None  # both roots above t_max > 1: types above 1 defect, no cutoff exists
    return (low, min(high, t_max))


@dataclass(frozen=True)
class Reassurance:
    """Costly-signal reassurance game.

    Attributes
    ----------
    pi_star : float
        Minimum trust the receiver needs to cooperate.
    regime : str
        One of ``"pooling_cooperation_no_signal"``, ``"separating"``,
        ``"no_reassurance_mutual_defection"``.
    separating_interval : tuple of float or None
        ``(t_G/k_G, min(1/k_S, x_max))`` whenever a separating PBE exists (whatever the regime),
        else None.
    least_cost_signal : float or None
        The Intuitive-Criterion signal ``t_G/k_G`` whenever separation is possible, else None.
    eu_sender_S : float
        The security-seeking sender's expected payoff in the selected regime.
    eu_sender_G : float
        The greedy sender's expected payoff in the selected regime.
    p_cooperation : float
        Probability of mutual cooperation: ``pi`` when pooling or separating, else 0.
    """

    pi_star: float
    regime: str
    separating_interval: tuple[float, float] | None
    least_cost_signal: float | None
    eu_sender_S: float  # noqa: N815 (the literature's symbol)
    eu_sender_G: float  # noqa: N815 (the literature's symbol)
    p_cooperation: float


def reassurance(
    c: float, t_S: float, t_G: float, pi: float, k_S: float, k_G: float, x_max: float
) -> Reassurance:
    """Solve the two-stage costly-signal reassurance game (Kydd 2000).

    Sender A is a security seeker (probability ``pi``) or greedy. It sends a gesture
    x in ``[0, x_max]`` at cost ``k_S*x`` or ``k_G*x``; receiver B (a security seeker with
    temptation ``t_S``) cooperates iff its posterior is at least ``pi*``. If ``pi >= pi*`` no
    signal is needed (pooling); otherwise, if ``t_G/k_G <= min(1/k_S, x_max)``, type S separates
    by sending the least-cost signal ``t_G/k_G``; otherwise there is no reassurance.

    Parameters
    ----------
    c : float
        Cost of being exploited, ``c > 0``.
    t_S : float
        Receiver's (security seeker's) temptation, in ``[0, 1)``.
    t_G : float
        Greedy sender's payoff from exploiting a cooperating receiver, ``t_G > 1``.
    pi : float
        Prior probability that the sender is a security seeker, in ``[0, 1]``.
    k_S : float
        Security seeker's cost per unit of gesture, ``k_S > 0``.
    k_G : float
        Greedy type's cost per unit of gesture, ``k_G > 0`` (the model assumes ``k_G > k_S``;
        separation needs ``t_G*k_S <= k_G``).
    x_max : float
        Largest feasible gesture, ``x_max >= 0``.

    Returns
    -------
    Reassurance
        Regime, separating interval and least-cost signal (None if no separation), the two
        sender types' payoffs and the probability of mutual cooperation.

    Raises
    ------
    ValueError
        If an argument is outside its range.
    """
    pi_star = min_trust(c, t_S)
    t_G = _greedy_temptation(t_G)
    pi = val.probability("pi", pi)
    k_S = val.positive("k_S", k_S)
    k_G = val.positive("k_G", k_G)
    x_max = val.nonnegative("x_max", x_max)

    x_lc = t_G / k_G
    x_hi = min(1.0 / k_S, x_max)
    separable = x_lc <= x_hi
    interval = (x_lc, x_hi) if separable else None
    signal = x_lc if separable else None

    if pi >= pi_star:
        regime, eu_S, eu_G, p_coop = REGIMES[0], 1.0, t_G, pi
    elif separable:
        regime, eu_S, eu_G, p_coop = REGIMES[1], 1.0 - k_S * x_lc, 0.0, pi
    else:
        regime, eu_S, eu_G, p_coop = REGIMES[2], 0.0, 0.0, 0.0
    return Reassurance(
        pi_star=pi_star,
        regime=regime,
        separating_interval=interval,
        least_cost_signal=signal,
        eu_sender_S=eu_S,
        eu_sender_G=eu_G,
        p_cooperation=p_coop,
    )

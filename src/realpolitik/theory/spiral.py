"""Trust, reassurance and the spiral of mistrust between security seekers and greedy states.

Sources: C. Glaser, "The Security Dilemma Revisited", *World Politics* 50(1), 1997, and
*Rational Theory of International Politics* (2010); A. Kydd, "Game Theory and the Spiral
Model", *World Politics* 49(3), 1997; "Trust, Reassurance, and Cooperation", *International
Organization* 54(2), 2000; *Trust and Mistrust in International Relations* (2005); R. Jervis,
*Perception and Misperception in International Politics* (1976). MODELS.md section 3.

Equations implemented (MODELS.md 3.1-3.3)
-------------------------------------------
One-shot Bayesian security-dilemma game with R = 1, P = 0, S = -c (c > 0, the cost of being
exploited) and T = t_i, player i's private temptation: a security seeker has t_S < 1
(assurance preferences), a greedy type t_G > 1 (prisoner's-dilemma preferences). Trust ``pi`` is
the prior probability that the other is a security seeker.

* Minimum trust: ``pi* = c / (1 - t_S + c)``, the stag-hunt belief threshold
  q* = (P - S)/((R - T) + (P - S)) of section 2. It rises in ``c`` and in ``t_S``.
* Two-type Bayesian Nash equilibrium: greedy types defect; "security seekers cooperate" is an
  equilibrium iff ``pi >= pi*`` (weak), with P(mutual cooperation) = pi**2. A security seeker's
  expected payoffs against it are ``pi - (1 - pi)*c`` (cooperate) and ``pi*t_S`` (defect).
* Uniform types t ~ U[0, t_max]: a cutoff ``t_hat`` solves
  ``t_hat**2 - (1 + c)*t_hat + c*t_max = 0``, which has real roots iff
  ``(1 + c)**2 >= 4*c*t_max``. The larger root, capped at t_max, is the stable, most cooperative
  cutoff (the limit of B(t) = 1 + c - c/F(t) from t = 1); the smaller one is unstable.
* Reassurance by a costly signal (lab convention): type S pays ``k_S*x``, type G ``k_G*x`` for a
  gesture x in [0, x_max]. A separating PBE exists iff ``t_G/k_G <= min(1/k_S, x_max)``; the
  separating interval is ``[t_G/k_G, min(1/k_S, x_max)]`` and the least-cost (Intuitive
  Criterion) signal is ``t_G/k_G``.
* Spiral: with arming probabilities a_S < a_G and misperception eps (an observation is flipped
  with probability eps), ``q_type = a_type*(1 - eps) + (1 - a_type)*eps`` = P(observe "arm" |
  type) and Bayes' rule gives ``mu' = mu*q_S / (mu*q_S + (1 - mu)*q_G)`` after "arm" (1 - q in
  place of q after "restrain"). A security seeker arms in period t iff ``mu_t < pi*``. The number
  of consecutive "arm" observations that takes mu below pi* is
  ``n* = floor(ln(odds0/odds*) / ln(q_G/q_S)) + 1`` (0 if mu0 < pi*), odds = mu/(1 - mu).

Conventions: payoffs are in units of the value of mutual cooperation (R = 1); probabilities and
beliefs lie in [0, 1]; all results are float64. :func:`update_belief` and
:func:`observation_probabilities` are the vectorised Bayesian update that the engine reuses, so
that its beliefs equal :func:`spiral`'s ``posterior_path`` for the same observations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from realpolitik.theory import _validate as val

__all__ = [
    "REFERENCES",
    "Reassurance",
    "Spiral",
    "TwoType",
    "min_trust",
    "observation_probabilities",
    "reassurance",
    "spiral",
    "two_type",
    "uniform_cutoffs",
    "update_belief",
]

#: BibTeX keys (see :mod:`realpolitik.citations`) of the sources of this module.
REFERENCES: tuple[str, ...] = (
    "jervis1976",
    "glaser1997",
    "glaser2010",
    "kydd1997",
    "kydd2000",
    "kydd2005",
)

#: Regime labels of :func:`reassurance` (MODELS.md 3.2).
REGIMES: tuple[str, ...] = (
    "pooling_cooperation_no_signal",
    "separating",
    "no_reassurance_mutual_defection",
)

# Above this many "arm" observations, arms_to_lose_trust is taken from the closed form alone
# instead of being confirmed on the Bayesian path (the path is only walked when it is short).
_MAX_PATH_CHECK = 100_000


def _security_seeker_temptation(t_S: object) -> float:
    return val.in_range("t_S", t_S, 0.0, 1.0, hi_open=True)


def _greedy_temptation(t_G: object) -> float:
    return val.in_range("t_G", t_G, 1.0, lo_open=True)


def min_trust(c: float, t_S: float) -> float:
    """Return the minimum trust pi* a security seeker needs to cooperate (Kydd).

    ``pi* = c / (1 - t_S + c)``, the stag-hunt belief threshold q* of MODELS.md section 2 with
    R = 1, T = t_S, P = 0, S = -c. It rises in ``c`` (offense dominance) and in ``t_S``.

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
    """Two-type Bayesian security-dilemma game (MODELS.md 3.1).

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
    """Solve the two-type Bayesian security-dilemma game (Kydd 2005; MODELS.md 3.1).

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
    """Return the cutoff equilibria of the game with temptations t ~ U[0, t_max] (MODELS.md 3.1).

    A type cooperates iff ``t <= t_hat``; the cutoff solves ``t_hat/t_max = c/(1 - t_hat + c)``,
    i.e. ``t_hat**2 - (1 + c)*t_hat + c*t_max = 0``. Real roots exist iff
    ``(1 + c)**2 >= 4*c*t_max``. The larger root, capped at ``t_max``, is the stable and most
    cooperative cutoff: iterating the best-response cutoff ``B(t) = 1 + c - c/F(t)`` from t = 1
    converges to it. The smaller root is unstable.

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
        None when ``(1 + c)**2 < 4*c*t_max`` (no cutoff equilibrium: everyone defects).

    Raises
    ------
    ValueError
        If ``c <= 0`` or ``t_max <= 0``.

    Notes
    -----
    The roots are reported as MODELS.md defines them. When ``c > 1`` and
    ``1 < t_max <= (1 + c)**2/(4c)`` both roots exceed ``t_max``; they then lie outside the
    support, and the iteration of B from t = 1 collapses to universal defection.
    """
    c = val.positive("c", c)
    t_max = val.positive("t_max", t_max)
    b = 1.0 + c
    disc = b * b - 4.0 * c * t_max
    if disc < 0.0:
        return None
    root = math.sqrt(disc)
    return ((b - root) / 2.0, min((b + root) / 2.0, t_max))


@dataclass(frozen=True)
class Reassurance:
    """Costly-signal reassurance game (MODELS.md 3.2).

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
    eu_sender_S: float  # noqa: N815 (MODELS.md section 0 name)
    eu_sender_G: float  # noqa: N815 (MODELS.md section 0 name)
    p_cooperation: float


def reassurance(
    c: float, t_S: float, t_G: float, pi: float, k_S: float, k_G: float, x_max: float
) -> Reassurance:
    """Solve the two-stage costly-signal reassurance game (Kydd 2000; MODELS.md 3.2).

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


def _probabilities(name: str, value: ArrayLike, hi: float = 1.0) -> np.ndarray:
    arr = val.array(name, value, min_size=0, lo=0.0)
    if arr.size and np.any(arr > hi):
        raise ValueError(
            f"{name} has values above {hi:g} (max {arr.max():g}); allowed: [0, {hi:g}]"
        )
    return arr


def observation_probabilities(
    a_S: ArrayLike, a_G: ArrayLike, eps: ArrayLike
) -> tuple[float, float] | tuple[np.ndarray, np.ndarray]:
    """Return the probabilities of *observing* "arm" from each type, noise included (MODELS.md 3.3).

    ``q_type = a_type*(1 - eps) + (1 - a_type)*eps``: the type arms with probability ``a_type``
    and the observation is flipped with probability ``eps``. Works elementwise on arrays (numpy
    broadcasting), e.g. per-state parameters in the engine.

    Parameters
    ----------
    a_S : float or array_like
        Probability that a security seeker arms, in ``[0, 1]``.
    a_G : float or array_like
        Probability that a greedy state arms, in ``[0, 1]``.
    eps : float or array_like
        Misperception: probability that an observation is flipped, in ``[0, 0.5]``.

    Returns
    -------
    tuple
        ``(q_S, q_G)``: floats when every argument is a scalar, else float64 arrays of the
        broadcast shape.

    Raises
    ------
    ValueError
        If a value is not finite or outside its range, or the shapes do not broadcast.
    """
    aS = _probabilities("a_S", a_S)
    aG = _probabilities("a_G", a_G)
    e = _probabilities("eps", eps, hi=0.5)
    try:
        aS, aG, e = np.broadcast_arrays(aS, aG, e)
    except ValueError as exc:
        raise ValueError(f"a_S, a_G and eps have shapes that do not broadcast: {exc}") from None
    q_S = aS * (1.0 - e) + (1.0 - aS) * e
    q_G = aG * (1.0 - e) + (1.0 - aG) * e
    if q_S.ndim == 0:
        return float(q_S), float(q_G)
    return q_S, q_G


def _bayes(mu, lik_S, lik_G):  # floats or arrays alike
    # One place for the arithmetic of Bayes' rule, so scalar loops and array updates agree
    # to the last bit.
    num = mu * lik_S
    return num, num + (1.0 - mu) * lik_G


def update_belief(
    mu: ArrayLike, observed_arm: ArrayLike, q_S: ArrayLike, q_G: ArrayLike
) -> np.ndarray:
    """Update the belief that the other is a security seeker after one observation (MODELS.md 3.3).

    After "arm": ``mu' = mu*q_S / (mu*q_S + (1 - mu)*q_G)``; after "restrain", ``1 - q_S`` and
    ``1 - q_G`` take the place of ``q_S`` and ``q_G``. Elementwise with numpy broadcasting, so
    the engine can update every observer-rival pair at once. An observation that has probability
    zero under the current belief (Bayes' rule undefined) or the same probability under both
    types (uninformative) leaves the belief unchanged.

    Parameters
    ----------
    mu : float or array_like
        Current belief P(other is a security seeker), in ``[0, 1]``.
    observed_arm : bool or array_like of bool
        True (or 1) where "arm" was observed, False (or 0) where "restrain" was.
    q_S : float or array_like
        P(observe "arm" | security seeker), in ``[0, 1]`` (see
        :func:`observation_probabilities`).
    q_G : float or array_like
        P(observe "arm" | greedy), in ``[0, 1]``.

    Returns
    -------
    numpy.ndarray
        The posterior beliefs, float64, of the broadcast shape (0-d for scalar inputs).

    Raises
    ------
    ValueError
        If a value is not finite or outside its range, ``observed_arm`` is not 0/1, or the
        shapes do not broadcast.
    """
    m = _probabilities("mu", mu)
    arm = _observations("observed_arm", observed_arm)
    qS = _probabilities("q_S", q_S)
    qG = _probabilities("q_G", q_G)
    try:
        m, arm, qS, qG = np.broadcast_arrays(m, arm, qS, qG)
    except ValueError as exc:
        raise ValueError(
            f"mu, observed_arm, q_S and q_G have shapes that do not broadcast: {exc}"
        ) from None
    return _update(m, arm, qS, qG)


def _update(m: np.ndarray, arm: np.ndarray, qS: np.ndarray, qG: np.ndarray) -> np.ndarray:
    lik_S = np.where(arm, qS, 1.0 - qS)
    lik_G = np.where(arm, qG, 1.0 - qG)
    num, den = _bayes(m, lik_S, lik_G)
    # Bayes' rule is undefined after a zero-probability observation, and an uninformative one
    # (equal likelihoods) must leave the belief exactly as it was, even where mu*q underflows.
    ok = (den > 0.0) & (lik_S != lik_G)
    return np.where(ok, num / np.where(ok, den, 1.0), m)


def _observations(name: str, value: ArrayLike) -> np.ndarray:
    arr = val.array(name, value, min_size=0)
    if arr.size and not np.all((arr == 0.0) | (arr == 1.0)):
        raise ValueError(f"{name} must hold only 1 (arm) / 0 (restrain) or booleans; got {value!r}")
    return arr.astype(bool)


@dataclass(frozen=True)
class Spiral:
    """Belief path of a security seeker watching a rival of unknown type (MODELS.md 3.3).

    Attributes
    ----------
    pi_star : float
        Minimum trust; the security seeker arms whenever its belief is below it.
    posterior_path : numpy.ndarray
        ``(mu_0, ..., mu_n)`` for n observations (n + 1 entries, read-only).
    actions : tuple of str
        ``actions[t]`` is ``"arm"`` if ``mu_t < pi*`` else ``"restrain"`` (n entries).
    p_arm_given_S : float
        q_S, the probability of observing "arm" from a security seeker.
    p_arm_given_G : float
        q_G, the probability of observing "arm" from a greedy state.
    arms_to_lose_trust : int or None
        n*, the number of consecutive "arm" observations that push the belief below pi*
        (0 if it starts below; None if that never happens).
    """

    pi_star: float
    posterior_path: np.ndarray
    actions: tuple[str, ...]
    p_arm_given_S: float  # noqa: N815 (MODELS.md section 0 name)
    p_arm_given_G: float  # noqa: N815 (MODELS.md section 0 name)
    arms_to_lose_trust: int | None


def _arms_to_lose_trust(mu0: float, pi_star: float, q_S: float, q_G: float) -> int | None:
    if mu0 < pi_star:
        return 0
    if q_G <= q_S or mu0 >= 1.0:
        return None  # observations carry no information, or certainty never erodes
    if q_S == 0.0:
        return 1  # "arm" is impossible for a security seeker: one sighting settles it
    odds0 = mu0 / (1.0 - mu0)
    odds_star = pi_star / (1.0 - pi_star)
    n_closed = math.floor(math.log(odds0 / odds_star) / math.log(q_G / q_S)) + 1
    if n_closed > _MAX_PATH_CHECK:
        return n_closed
    # Confirm on the very path spiral() reports, so that rounding at an exact tie cannot make
    # the count and the path disagree.
    mu, n = mu0, 0
    while mu >= pi_star and n <= n_closed + 1:
        num, den = _bayes(mu, q_S, q_G)
        mu, n = num / den, n + 1
    return n


def spiral(
    mu0: float,
    a_S: float,
    a_G: float,
    eps: float,
    c: float,
    t_S: float,
    observations: Sequence[int] | ArrayLike,
) -> Spiral:
    """Trace the spiral of mistrust by Bayesian updating on observed arming (MODELS.md 3.3).

    Each period the security seeker acts on its current belief (arm iff ``mu_t < pi*``), then
    observes the rival's move and updates with :func:`update_belief`.

    Parameters
    ----------
    mu0 : float
        Prior belief that the rival is a security seeker, in ``[0, 1]``.
    a_S : float
        Probability that a security seeker arms, in ``[0, 1)``.
    a_G : float
        Probability that a greedy state arms, in ``(a_S, 1]``.
    eps : float
        Misperception (probability an observation is flipped), in ``[0, 0.5]``.
    c : float
        Cost of being exploited, ``c > 0``.
    t_S : float
        The observer's temptation, in ``[0, 1)``.
    observations : sequence of int or bool
        The observed moves in order: 1 = "arm", 0 = "restrain" (may be empty).

    Returns
    -------
    Spiral
        pi*, the posterior path, the observer's actions, q_S, q_G and n*.

    Raises
    ------
    ValueError
        If an argument is outside its range, ``a_S >= a_G``, or an observation is not 0/1.
    """
    mu0 = val.probability("mu0", mu0)
    a_S = val.probability("a_S", a_S)
    a_G = val.probability("a_G", a_G)
    if not a_S < a_G:
        raise ValueError(f"a_G = {a_G!r} must exceed a_S = {a_S!r}; allowed: a_S < a_G <= 1")
    eps = val.in_range("eps", eps, 0.0, 0.5)
    pi_star = min_trust(c, t_S)
    obs = _observations("observations", observations)
    if obs.ndim != 1:
        raise ValueError(f"observations has shape {obs.shape}; expected a 1-d sequence")
    q_S, q_G = observation_probabilities(a_S, a_G, eps)

    path = np.empty(obs.size + 1)
    path[0] = mu0
    qS = np.float64(q_S)
    qG = np.float64(q_G)
    for t, arm in enumerate(obs):
        path[t + 1] = _update(path[t], arm, qS, qG)
    path.setflags(write=False)
    actions = tuple("arm" if m < pi_star else "restrain" for m in path[:-1])
    return Spiral(
        pi_star=pi_star,
        posterior_path=path,
        actions=actions,
        p_arm_given_S=q_S,
        p_arm_given_G=q_G,
        arms_to_lose_trust=_arms_to_lose_trust(mu0, pi_star, q_S, q_G),
    )

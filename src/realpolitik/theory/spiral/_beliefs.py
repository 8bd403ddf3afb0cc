"""The spiral of mistrust: Bayesian updating on observed arming (Jervis 1976; Kydd 1997)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from realpolitik.theory import _validate as val
from realpolitik.theory.spiral._games import min_trust

# Above this many "arm" observations, arms_to_lose_trust is taken from the closed form alone
# instead of being confirmed on the Bayesian path (the path is only walked when it is short).
_MAX_PATH_CHECK = 100_000


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
    """Return the probabilities of *observing* "arm" from each type, noise included.

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
    """Update the belief that the other is a security seeker after one observation.

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
    """Belief path of a security seeker watching a rival of unknown type.

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
    p_arm_given_S: float  # noqa: N815 (the literature's symbol)
    p_arm_given_G: float  # noqa: N815 (the literature's symbol)
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
    """Trace the spiral of mistrust by Bayesian updating on observed arming.

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


#: Misperception levels the spiral is compared at (:func:`misperception_paths`).
MISPERCEPTION_LEVELS: tuple[float, ...] = (0.0, 0.1, 0.25, 0.4)


def misperception_paths(
    mu0: float,
    a_S: float,
    a_G: float,
    eps: float,
    c: float,
    t_S: float,
    observations: Sequence[int] | ArrayLike,
) -> dict[float, Spiral]:
    """Return the spiral at misperception ``eps`` and at :data:`MISPERCEPTION_LEVELS`.

    Misperception makes observations less informative (the likelihood ratio q_G/q_S falls
    towards 1 as eps approaches 0.5), so the same observations erode trust more slowly.

    Parameters
    ----------
    mu0, a_S, a_G, eps, c, t_S, observations
        As in :func:`spiral`.

    Returns
    -------
    dict of float to Spiral
        Misperception level -> :func:`spiral` at that level, in ascending order of the level.

    Raises
    ------
    ValueError
        If an argument is outside its range (see :func:`spiral`).
    """
    eps = val.in_range("eps", eps, 0.0, 0.5)
    levels = sorted({*MISPERCEPTION_LEVELS, eps})
    return {e: spiral(mu0, a_S, a_G, e, c, t_S, observations) for e in levels}

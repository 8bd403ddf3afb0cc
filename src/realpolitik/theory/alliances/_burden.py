"""Burden sharing as Nash provision of a public good (Olson & Zeckhauser 1966; BBV 1986)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.theory._validate import array, in_range


def _positive_array(name: str, value: object, ndim: int | None = None) -> np.ndarray:
    arr = array(name, value, ndim=ndim)
    if np.any(arr <= 0.0):
        raise ValueError(f"{name} has values <= 0 (min {arr.min():g}); allowed: numbers > 0")
    return arr


def _alpha_array(alpha: object) -> np.ndarray:
    a = array("alpha", alpha, min_size=1)
    if np.any((a <= 0.0) | (a >= 1.0)):
        raise ValueError(f"alpha = {alpha!r} is out of range; allowed: (0, 1)")
    return a


def _nash(Y: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Vectorised BBV equilibrium along the last axis (no validation)."""
    a = alpha[..., None]
    Ys = -np.sort(-Y, axis=-1)  # descending
    k = np.arange(1, Y.shape[-1] + 1)
    # t_k = ((1-alpha)/alpha) Q_k = (1-alpha) S_k / (alpha + k(1-alpha)), S_k the top-k income:
    # the income at or below which an ally gives nothing when the top k contribute. Since
    # t_k is a weighted mean of t_(k-1) and Y_(k), "Y_(k) > t_k" is equivalent to
    # "Y_(k) > t_(k-1)" (t_0 = 0), and once it fails it fails for every larger k. So the BBV
    # set is the top k* with k* = #{k : Y_(k) > t_(k-1)}, and q_i = max(0, Y_i - t_k*) needs
    # no unsorting (ties at the threshold give 0 either way).
    t = (1.0 - a) * np.cumsum(Ys, axis=-1) / (a + k * (1.0 - a))
    t_prev = np.concatenate([np.zeros_like(t[..., :1]), t[..., :-1]], axis=-1)
    n_contrib = np.sum(np.cumprod(Ys > t_prev, axis=-1), axis=-1)  # length of the prefix
    t_star = np.take_along_axis(t, np.maximum(n_contrib - 1, 0)[..., None], axis=-1)
    t_star = np.where(n_contrib[..., None] > 0, t_star, 0.0)
    return np.maximum(Y - t_star, 0.0)


def nash_contributions(Y: object, alpha: object) -> np.ndarray:
    """Return the Nash contributions of 8.1 for many alliances at once (vectorised).

    Parameters
    ----------
    Y : array_like
        Incomes, shape ``(..., n)``: the last axis lists the allies of one alliance, leading
        axes are independent alliances (e.g. runs). Entries must be >= 0; a zero marks an
        absent ally (padding), which contributes 0 and does not change the others.
    alpha : float or array_like
        Weight of the public good in (0, 1), a scalar or an array of shape ``Y.shape[:-1]``.

    Returns
    -------
    numpy.ndarray
        ``q`` with the shape of ``Y``, in input order.

    Raises
    ------
    ValueError
        If ``Y`` is not a finite non-negative array with at least one axis, or ``alpha`` is
        outside (0, 1) or does not broadcast against ``Y.shape[:-1]``.
    """
    Yarr = array("Y", Y, lo=0.0)
    if Yarr.ndim < 1:
        raise ValueError(f"Y has shape {Yarr.shape}; expected at least one axis (the allies)")
    a = _alpha_array(alpha)
    try:
        a = np.broadcast_to(a, Yarr.shape[:-1])
    except ValueError:
        raise ValueError(
            f"alpha has shape {a.shape}; expected a scalar or shape {Yarr.shape[:-1]}"
        ) from None
    return _nash(Yarr, a)


def best_response(Y: object, alpha: float, q: object) -> np.ndarray:
    """Return every ally's best response ``max(0, alpha Y_i - (1-alpha) Q_{-i})`` to ``q``.

    Parameters
    ----------
    Y : array_like
        Incomes, shape ``(n,)``, each > 0.
    alpha : float
        Weight of the public good in (0, 1).
    q : array_like
        Current contributions, shape ``(n,)``, each >= 0.

    Returns
    -------
    numpy.ndarray
        Best responses, shape ``(n,)``; a Nash equilibrium is a fixed point.

    Raises
    ------
    ValueError
        If an argument is out of range or the shapes differ.
    """
    Yarr = _positive_array("Y", Y, ndim=1)
    alpha = in_range("alpha", alpha, 0.0, 1.0, lo_open=True, hi_open=True)
    qarr = array("q", q, shape=(Yarr.size,), lo=0.0)
    others = qarr.sum() - qarr
    return np.maximum(0.0, alpha * Yarr - (1.0 - alpha) * others)


@dataclass(frozen=True)
class Burden:
    """Nash equilibrium of alliance burden sharing.

    Attributes
    ----------
    q : tuple of float
        Each ally's contribution, in input order.
    Q : float
        Total contribution (the alliance's deterrent).
    contributors : tuple of int
        Ascending 0-based indices (input order) of the allies with ``q_i > 0``.
    efficient_Q : float
        Samuelson (Pareto-efficient) level ``alpha * sum(Y)``.
    exploitation_holds : bool
        Whether the burden ``q_i / Y_i`` is non-decreasing in ``Y_i`` and the largest ally's
        share of contributions is >= its share of income (Olson-Zeckhauser).
    burden : tuple of float
        ``q_i / Y_i`` for each ally.
    income_share : tuple of float
        ``Y_i / sum(Y)``, each ally's share of the alliance's income.
    contribution_share : tuple of float
        ``q_i / Q``, each ally's share of the common deterrent.
    """

    q: tuple[float, ...]
    Q: float
    contributors: tuple[int, ...]
    efficient_Q: float  # noqa: N815
    exploitation_holds: bool
    burden: tuple[float, ...]
    income_share: tuple[float, ...] = ()
    contribution_share: tuple[float, ...] = ()

    @property
    def under_provision(self) -> float:
        """Return ``efficient_Q - Q`` (> 0 whenever two or more allies exist)."""
        return self.efficient_Q - self.Q


def burden_sharing(Y: object, alpha: float) -> Burden:
    """Return the unique Nash equilibrium of voluntary burden sharing (Olson-Zeckhauser, BBV).

    Parameters
    ----------
    Y : array_like
        Allies' incomes, shape ``(n,)`` with ``n >= 1``, each > 0.
    alpha : float
        Weight of the common deterrent in the Cobb-Douglas utility, in (0, 1).

    Returns
    -------
    Burden
        Contributions, total, contributors, efficient level and the exploitation check.

    Raises
    ------
    ValueError
        If ``Y`` is not a non-empty 1-D array of positive finite numbers or ``alpha`` is
        outside (0, 1).
    """
    Yarr = _positive_array("Y", Y, ndim=1)
    alpha = in_range("alpha", alpha, 0.0, 1.0, lo_open=True, hi_open=True)
    q = _nash(Yarr, np.array(alpha))
    Q = float(q.sum())
    burden = q / Yarr
    order = np.argsort(Yarr, kind="stable")
    rtol = 1e-12
    monotone = bool(np.all(np.diff(burden[order]) >= -rtol))
    big = int(np.argmax(Yarr))
    largest_fair = bool(q[big] / Q >= Yarr[big] / Yarr.sum() - rtol)
    return Burden(
        q=tuple(float(x) for x in q),
        Q=Q,
        contributors=tuple(int(i) for i in np.flatnonzero(q > 0.0)),
        efficient_Q=float(alpha * Yarr.sum()),
        exploitation_holds=monotone and largest_fair,
        burden=tuple(float(b) for b in burden),
        income_share=tuple(float(y) for y in Yarr / Yarr.sum()),
        contribution_share=tuple(float(x) for x in q / Q),
    )

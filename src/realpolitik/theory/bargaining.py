"""Rationalist bargaining model of war: the bargaining range, private information and commitment.

Sources: J. Fearon, "Rationalist Explanations for War", *International Organization* 49(3),
1995; R. Powell, "War as a Commitment Problem", *International Organization* 60(1), 2006.
Hawk bias after B. Bueno de Mesquita et al., *The Logic of Political Survival*
(2003). Documentation: docs/models/bargaining.md.

Equations implemented
---------------------
* Complete information (4.1, 9.2): a pie [0, 1], x = A's share, A wins a war with probability
  p, war costs c_A, c_B >= 0 and leaders' private benefits from war (hawk bias) h_A, h_B >= 0.
  Both prefer every x in ``[p - c_A + h_A, p + c_B - h_B]`` to war; the range is empty, and war
  occurs under complete information, iff ``h_A + h_B > c_A + c_B`` (strict; equality is peace).
  Without hawk bias its width is c_A + c_B, so a bargaining range always exists.
* Risk-return trade-off (4.2): B's cost c_B ~ U[c_B_lo, c_B_hi] is private; A makes a
  take-it-or-leave-it demand x, accepted iff c_B >= x - p, so
  ``U_A(x) = P(accept)*x + P(reject)*(p - c_A)`` with
  ``P(reject) = clip((x - p - c_B_lo)/(c_B_hi - c_B_lo), 0, 1)``. The optimum is
  ``z* = max(c_B_lo, (c_B_hi - c_A)/2)``, ``x* = min(p + z*, 1)``. With c_B_lo = 0 and
  c_A < c_B_hi this is Fearon's ``x* = p + (c_B_hi - c_A)/2``,
  ``P(war) = (c_B_hi - c_A)/(2*c_B_hi)``.
* Commitment problem (4.3, lab form with flow costs, infinite horizon, discount delta): the
  declining state D wins with probability p_t today and p_next afterwards. Its war value today
  is ``W = (p_t - c_D)/(1 - delta)``, the most the rising state can credibly promise later is
  ``W' = max(0, p_next - c_D)/(1 - delta)``, and peace needs the share
  ``x_req = W - delta*W' <= 1``. If p_next >= c_D, war iff
  ``delta*(p_t - p_next) > (1 - delta)*(1 - p_t + c_D)``, i.e. iff the shift exceeds
  ``Delta* = (1 - delta)(1 - p_t + c_D)/delta`` or iff delta exceeds
  ``delta* = (1 - p_t + c_D)/(Delta + 1 - p_t + c_D)``.

Conventions: shares, probabilities and costs are fractions of the pie (in [0, 1] for shares and
probabilities, >= 0 for costs); on a boundary the verdict is peace, and the two sides of a war
condition that agree to a relative 1e-12 (decimal inputs such as 0.1 + 0.2 against 0.3) are a
boundary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from realpolitik.theory import _validate as val
from realpolitik.theory.inputs import Input

__all__ = [
    "INPUTS",
    "REFERENCES",
    "Commitment",
    "RiskReturn",
    "UncertaintySweep",
    "bargaining_range",
    "commitment_problem",
    "demand_utility",
    "hawk_bias_war",
    "risk_return",
    "risk_return_arrays",
    "uncertainty_sweep",
]

#: BibTeX keys (see :mod:`realpolitik.citations`) of the sources of this module.
REFERENCES: tuple[str, ...] = ("fearon1995", "powell2006")


#: Relative tolerance under which two sides of a war condition count as equal (peace).
TIE_RTOL = 1e-12


def _clip01(x: float) -> float:
    return min(1.0, max(0.0, x))


def _exceeds(lhs: float, rhs: float) -> bool:
    """Strict ``lhs > rhs``, with a tie up to floating-point rounding going to "no".

    Convention: when a strict inequality decides a verdict, equality goes to the peaceful side.
    Inputs written in decimal (0.1 + 0.2 against 0.3) are equal up to rounding, so values within
    a relative ``TIE_RTOL`` of each other count as a tie.
    """
    return lhs > rhs and not math.isclose(lhs, rhs, rel_tol=TIE_RTOL)


def hawk_bias_war(c_A: float, c_B: float, h_A: float = 0.0, h_B: float = 0.0) -> bool:
    """Say whether war occurs under complete information with hawk bias.

    War iff ``h_A + h_B > c_A + c_B`` (strict: equality, up to floating-point rounding, is
    peace), i.e. iff the leaders' private benefits from war exceed its total cost, which empties
    the bargaining range.

    Parameters
    ----------
    c_A, c_B : float
        Costs of war to A and B, ``>= 0``.
    h_A, h_B : float
        Hawk bias: each leader's private benefit from war, ``>= 0``.

    Returns
    -------
    bool
        True iff the bargaining range is empty.

    Raises
    ------
    ValueError
        If an argument is negative or not finite.
    """
    c_A = val.nonnegative("c_A", c_A)
    c_B = val.nonnegative("c_B", c_B)
    h_A = val.nonnegative("h_A", h_A)
    h_B = val.nonnegative("h_B", h_B)
    return _exceeds(h_A + h_B, c_A + c_B)


def bargaining_range(
    p: float, c_A: float, c_B: float, h_A: float = 0.0, h_B: float = 0.0
) -> tuple[float, float] | None:
    """Return the shares for A that both sides prefer to war (Fearon 1995).

    The range is ``[p - c_A + h_A, p + c_B - h_B]``, clipped to [0, 1]. It is empty (None) iff
    ``h_A + h_B > c_A + c_B``, the condition of :func:`hawk_bias_war`; with equality it is a
    single point. Without hawk bias its width is ``c_A + c_B`` before clipping.

    Parameters
    ----------
    p : float
        A's probability of winning a war, in ``[0, 1]``.
    c_A, c_B : float
        Costs of war to A and B (fractions of the pie), ``>= 0``.
    h_A, h_B : float, optional
        Hawk bias: each leader's private benefit from war, ``>= 0`` (default 0).

    Returns
    -------
    tuple of float or None
        ``(lo, hi)`` with ``0 <= lo <= hi <= 1``, or None when the range is empty.

    Raises
    ------
    ValueError
        If ``p`` is outside [0, 1] or a cost or bias is negative.
    """
    p = val.probability("p", p)
    if hawk_bias_war(c_A, c_B, h_A, h_B):
        return None
    lo_unbiased = p - float(c_A)
    lo = lo_unbiased + float(h_A)
    hi = p + float(c_B) - float(h_B)
    if lo > hi:
        # Only by rounding, when h_A + h_B equals c_A + c_B: the range is a single point, kept
        # inside the range without bias.
        lo = hi = max(hi, lo_unbiased)
    return (_clip01(lo), _clip01(hi))


@dataclass(frozen=True)
class RiskReturn:
    """A's optimal demand under uncertainty about B's cost of war.

    Attributes
    ----------
    x_star : float
        A's optimal take-it-or-leave-it demand (its share of the pie).
    p_war : float
        Probability that B rejects the demand, i.e. of war.
    eu_A : float
        A's expected utility at ``x_star``.
    """

    x_star: float
    p_war: float
    eu_A: float  # noqa: N815 (the literature's symbol)


def risk_return(p: float, c_A: float, c_B_lo: float, c_B_hi: float) -> RiskReturn:
    """Solve Fearon's risk-return trade-off with B's cost uniform on [c_B_lo, c_B_hi].

    A demands x; B accepts iff ``c_B >= x - p``. A maximises
    ``U_A(x) = (1 - P(reject))*x + P(reject)*(p - c_A)``; the optimum is
    ``x* = min(p + max(c_B_lo, (c_B_hi - c_A)/2), 1)`` (Fearon 1995). P(war) falls in c_A
    and rises with the uncertainty c_B_hi.

    Parameters
    ----------
    p : float
        A's probability of winning a war, in ``[0, 1]``.
    c_A : float
        A's cost of war, ``>= 0``.
    c_B_lo : float
        Lowest possible cost of war to B, ``>= 0``.
    c_B_hi : float
        Highest possible cost of war to B, ``> c_B_lo``.

    Returns
    -------
    RiskReturn
        The optimal demand, the probability of war and A's expected utility.

    Raises
    ------
    ValueError
        If an argument is outside its range.
    """
    p, c_A, c_lo, c_hi = _risk_inputs(p, c_A, c_B_lo, c_B_hi)
    z_star = max(c_lo, (c_hi - c_A) / 2.0)
    x_star = min(p + z_star, 1.0)
    p_war = float(_p_reject(x_star, p, c_lo, c_hi))
    eu_A = float(_utility(x_star, p_war, p, c_A))
    return RiskReturn(x_star=x_star, p_war=p_war, eu_A=eu_A)


def risk_return_arrays(
    p: np.ndarray, c_A: np.ndarray, c_B_lo: np.ndarray, c_B_hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return :func:`risk_return`'s ``(x_star, p_war, eu_A)`` for arrays, without checks.

    The unvalidated array core that the engine's strategic decisions call for every pair at
    once (Fearon 1995's risk-return trade-off, the same optimum as :func:`risk_return`). It
    accepts what the engine meets: negative costs (a side that gains from war) and a cost band
    of width 0 (no private information: the demand ``min(p + c_B_lo, 1)`` is accepted, so
    ``p_war = 0``). ``x_star`` is also floored at 0 (a demand is a share of the stake).

    Parameters
    ----------
    p, c_A, c_B_lo, c_B_hi
        Broadcastable float arrays: A's chance of winning, A's cost of war and the band of B's
        cost (``c_B_hi >= c_B_lo``), all in units of the stake.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
        The optimal demand, the probability that B rejects it (war) and A's expected utility.
    """
    width = c_B_hi - c_B_lo
    z_star = np.maximum(c_B_lo, (c_B_hi - c_A) / 2.0)
    x_star = np.clip(p + z_star, 0.0, 1.0)
    wide = width > 0.0
    p_war = np.where(
        wide, np.clip((x_star - p - c_B_lo) / np.where(wide, width, 1.0), 0.0, 1.0), 0.0
    )
    p_war = np.where(~wide & (x_star - p > c_B_lo), 1.0, p_war)
    return x_star, p_war, _utility(x_star, p_war, p, c_A)


def _risk_inputs(
    p: object, c_A: object, c_B_lo: object, c_B_hi: object
) -> tuple[float, float, float, float]:
    """Check the inputs of the risk-return game: p in [0, 1], costs >= 0, c_B_hi > c_B_lo."""
    p = val.probability("p", p)
    c_A = val.nonnegative("c_A", c_A)
    c_lo = val.nonnegative("c_B_lo", c_B_lo)
    return p, c_A, c_lo, val.in_range("c_B_hi", c_B_hi, c_lo, lo_open=True)


def _p_reject(x, p, c_lo, c_hi):  # floats or arrays alike
    # P(B rejects the demand x) = P(c_B < x - p) for c_B ~ U[c_lo, c_hi]
    return np.clip((x - p - c_lo) / (c_hi - c_lo), 0.0, 1.0)


def _utility(x, p_reject, p, c_A):  # floats or arrays alike
    # U_A(x) = P(accept)*x + P(reject)*(p - c_A): one place for risk_return and its curve
    return (1.0 - p_reject) * x + p_reject * (p - c_A)


def demand_utility(
    x: float | ArrayLike, p: float, c_A: float, c_B_lo: float, c_B_hi: float
) -> float | np.ndarray:
    """Return A's expected utility ``U_A(x)`` of demanding ``x`` (Fearon 1995).

    ``U_A(x) = (1 - P(reject))*x + P(reject)*(p - c_A)`` with
    ``P(reject) = clip((x - p - c_B_lo)/(c_B_hi - c_B_lo), 0, 1)``: the function
    :func:`risk_return` maximises, here at every demand (e.g. a grid, to draw the trade-off).

    Parameters
    ----------
    x : float or array_like
        A's demands, shares of the pie in ``[0, 1]``.
    p, c_A, c_B_lo, c_B_hi : float
        As in :func:`risk_return`.

    Returns
    -------
    float or numpy.ndarray
        ``U_A`` at each demand: a float for a scalar ``x``, else an array of its shape.

    Raises
    ------
    ValueError
        If an argument is outside its range.
    """
    p, c_A, c_lo, c_hi = _risk_inputs(p, c_A, c_B_lo, c_B_hi)
    if np.ndim(x) == 0:
        xs = val.probability("x", x)
        return float(_utility(xs, _p_reject(xs, p, c_lo, c_hi), p, c_A))
    xa = val.array("x", x, min_size=0, lo=0.0)
    if np.any(xa > 1.0):
        raise ValueError(f"x has values above 1 (max {xa.max():g}); allowed: [0, 1]")
    return _utility(xa, _p_reject(xa, p, c_lo, c_hi), p, c_A)


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class UncertaintySweep:
    """The risk-return optimum as B's highest cost of war grows (more uncertainty).

    Attributes
    ----------
    c_B_hi : numpy.ndarray
        Upper ends of B's cost band, ascending.
    x_star : numpy.ndarray
        A's optimal demand at each.
    p_war : numpy.ndarray
        The probability of war at each: it rises with the uncertainty.
    """

    c_B_hi: np.ndarray  # noqa: N815 (Fearon's symbols)
    x_star: np.ndarray
    p_war: np.ndarray


def uncertainty_sweep(
    p: float, c_A: float, c_B_lo: float, c_B_hi: float, points: int = 60
) -> UncertaintySweep:
    """Return :func:`risk_return` as the upper end of B's cost band grows (Fearon 1995).

    The band's upper end runs from just above ``c_B_lo`` (2% of the given band) to twice
    ``c_B_hi`` (at least ``c_B_lo + 0.05``).

    Parameters
    ----------
    p, c_A, c_B_lo, c_B_hi : float
        As in :func:`risk_return`.
    points : int, optional
        Number of upper ends, an integer >= 2 (default 60).

    Returns
    -------
    UncertaintySweep
        The upper ends, A's optimal demands and the probabilities of war.

    Raises
    ------
    ValueError
        If an argument is outside its range.
    """
    risk_return(p, c_A, c_B_lo, c_B_hi)  # validates the inputs
    points = val.integer("points", points, lo=2)
    his = np.linspace(c_B_lo + (c_B_hi - c_B_lo) * 0.02, max(c_B_hi * 2.0, c_B_lo + 0.05), points)
    sweep = [risk_return(p, c_A, c_B_lo, float(hi)) for hi in his]
    return UncertaintySweep(
        c_B_hi=his,
        x_star=np.array([s.x_star for s in sweep]),
        p_war=np.array([s.p_war for s in sweep]),
    )


@dataclass(frozen=True)
class Commitment:
    """Preventive war from a shift in power (Powell 2006).

    Attributes
    ----------
    war : bool
        Whether the declining state fights now (peace needs ``required_share <= 1``).
    required_share : float
        ``x_req = W - delta*W'``, the share today that buys the declining state's peace.
    critical_shift : float or None
        ``Delta* = (1 - delta)(1 - p_t + c_D)/delta``: war iff ``p_t - p_next > Delta*``. None
        when ``p_next < c_D``.
    critical_delta : float or None
        ``delta* = (1 - p_t + c_D)/(Delta + 1 - p_t + c_D)``: war iff ``delta > delta*``. None
        when ``p_next < c_D`` or when there is no shift (``Delta = 0``).
    war_value : float
        W, the declining state's value of fighting today.
    future_war_value : float
        W', the most the rising state can credibly promise after the shift.
    """

    war: bool
    required_share: float
    critical_shift: float | None
    critical_delta: float | None
    war_value: float
    future_war_value: float


def commitment_problem(p_t: float, p_next: float, c_D: float, delta: float) -> Commitment:
    """Decide whether a shift in power leads the declining state to fight now.

    The declining state D wins with probability ``p_t`` today and ``p_next <= p_t`` in every
    later period; war is absorbing, worth ``p - c_D`` per period to D. The rising state cannot
    commit to give more than D's future war value, so D fights iff
    ``x_req = (p_t - c_D)/(1 - delta) - delta*max(0, p_next - c_D)/(1 - delta) > 1``; when
    ``p_next >= c_D`` this is ``delta*(p_t - p_next) > (1 - delta)*(1 - p_t + c_D)``. War needs a
    large, rapid shift, patient actors and low costs; with no shift there is never war.

    Parameters
    ----------
    p_t : float
        D's probability of winning today, in ``[0, 1]``.
    p_next : float
        D's probability of winning in every later period, in ``[0, p_t]``.
    c_D : float
        D's per-period cost of war, ``>= 0``.
    delta : float
        Discount factor, in ``(0, 1)``.

    Returns
    -------
    Commitment
        The verdict, the required share and the critical shift and patience.

    Raises
    ------
    ValueError
        If an argument is outside its range (including ``p_next > p_t``).
    """
    p_t = val.probability("p_t", p_t)
    p_next = val.in_range("p_next", p_next, 0.0, p_t)
    c_D = val.nonnegative("c_D", c_D)
    delta = val.in_range("delta", delta, 0.0, 1.0, lo_open=True, hi_open=True)
    W = (p_t - c_D) / (1.0 - delta)
    W_next = max(0.0, p_next - c_D) / (1.0 - delta)
    x_req = W - delta * W_next
    if p_next >= c_D:
        shift = p_t - p_next
        K = 1.0 - p_t + c_D
        war = _exceeds(delta * shift, (1.0 - delta) * K)
        critical_shift: float | None = (1.0 - delta) * K / delta
        critical_delta = K / (shift + K) if shift > 0.0 else None
    else:
        war = _exceeds(x_req, 1.0)
        critical_shift = critical_delta = None
    return Commitment(
        war=war,
        required_share=x_req,
        critical_shift=critical_shift,
        critical_delta=critical_delta,
        war_value=W,
        future_war_value=W_next,
    )


#: The classic inputs: Fearon's risk-return trade-off with c_B ~ U[0, 0.3], Powell's
#: commitment problem, and an illustrative complete-information cost c_B = 0.15.
INPUTS: tuple[Input, ...] = (
    Input("p", 0.5, "A's probability of winning a war", lo=0.0, hi=1.0),
    Input("c_A", 0.1, "A's cost of war", "share of the pie", lo=0.0),
    Input("c_B", 0.15, "B's cost of war (complete information)", "share of the pie", lo=0.0),
    Input("h_A", 0.0, "Hawk bias: A's leader's private benefit of war", "share of the pie", lo=0.0),
    Input("h_B", 0.0, "Hawk bias: B's leader's private benefit of war", "share of the pie", lo=0.0),
    Input(
        "c_B_lo", 0.0, "Private information: lowest cost of war to B", "share of the pie", lo=0.0
    ),
    Input(
        "c_B_hi",
        0.3,
        "Private information: highest cost to B, > c_B_lo",
        "share of the pie",
        lo=0.0,
        lo_open=True,
    ),
    Input("p_t", 0.6, "Commitment: declining state's P(win) today", lo=0.0, hi=1.0),
    Input("p_next", 0.3, "Commitment: its P(win) after the shift, <= p_t", lo=0.0, hi=1.0),
    Input("c_D", 0.05, "Commitment: declining state's per-period war cost", lo=0.0),
    Input("delta", 0.9, "Discount factor", lo=0.0, hi=1.0, lo_open=True, hi_open=True),
)

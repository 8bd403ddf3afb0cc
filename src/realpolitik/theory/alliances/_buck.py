"""Buck-passing as a volunteer's dilemma, and chain gangs (Diekmann; Christensen & Snyder)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.theory._validate import integer, positive, probability


@dataclass(frozen=True)
class BuckPassing:
    """Symmetric equilibrium of the volunteer's dilemma among status-quo allies (8.2).

    Attributes
    ----------
    p_balance_each : float
        Probability that a given ally balances.
    p_nobody_balances : float
        Probability that no ally balances (the aggressor is unchecked).
    payoff : float
        Each ally's expected equilibrium payoff (``U - K`` when balancing is worth it, else 0).
    """

    p_balance_each: float
    p_nobody_balances: float
    payoff: float


def _volunteer(n: int, U: float, K: float) -> BuckPassing:
    if K >= U:
        return BuckPassing(p_balance_each=0.0, p_nobody_balances=1.0, payoff=0.0)
    if n == 1:
        return BuckPassing(p_balance_each=1.0, p_nobody_balances=0.0, payoff=U - K)
    ratio = K / U
    p_pass = ratio ** (1.0 / (n - 1))
    return BuckPassing(
        p_balance_each=1.0 - p_pass,
        p_nobody_balances=ratio ** (n / (n - 1)),
        payoff=U - K,
    )


def buck_passing(n: int, U: float, K: float) -> BuckPassing:
    """Return the symmetric equilibrium of the buck-passing game (Diekmann's volunteer's dilemma).

    Parameters
    ----------
    n : int
        Number of status-quo allies, >= 1.
    U : float
        Value to every ally of the aggressor being balanced, > 0.
    K : float
        Cost of balancing to the ally who does it, > 0.

    Returns
    -------
    BuckPassing
        ``p_balance_each``, ``p_nobody_balances`` (``(K/U)^(n/(n-1))`` for ``n >= 2`` and
        ``K < U``) and ``payoff``. With ``n = 1`` the ally balances iff ``U > K``; with
        ``K >= U`` nobody balances.

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 1 or ``U``, ``K`` are not positive.
    """
    n = integer("n", n, lo=1)
    U = positive("U", U)
    K = positive("K", K)
    return _volunteer(n, U, K)


@dataclass(frozen=True)
class ChainGang:
    """Christensen-Snyder alliance pattern under an offense advantage ``beta`` (8.2).

    Attributes
    ----------
    regime : str
        ``"pure_buck_passing"`` (``K >= U``: nobody balances) or ``"mixed_buck_passing"``.
    p_balance_each : float
        Probability that a given ally balances.
    p_nobody_balances : float
        Probability that no ally balances.
    unconditional_support : bool
        Whether an ally follows a partner into war unconditionally (``beta V > c_war``).
    U : float
        The stake ``beta * V``.
    """

    regime: str
    p_balance_each: float
    p_nobody_balances: float
    unconditional_support: bool
    U: float


def chain_gang(beta: float, V: float, K: float, n: int, c_war: float) -> ChainGang:
    """Return buck-passing or chain-ganging from the perceived offense advantage.

    Parameters
    ----------
    beta : float
        Perceived offense advantage in [0, 1]; the stake of balancing is ``U = beta * V``.
    V : float
        Value of the threatened front-line ally's survival, > 0.
    K : float
        Cost of balancing, > 0.
    n : int
        Number of status-quo allies, >= 1.
    c_war : float
        Cost of joining a partner's war, > 0.

    Returns
    -------
    ChainGang
        ``regime`` ("pure_buck_passing" iff ``K >= beta V``, else "mixed_buck_passing", also
        for ``n = 1`` where the lone ally balances for sure), the buck-passing probabilities
        of :func:`buck_passing` with ``U = beta V``, and ``unconditional_support``
        (``beta V > c_war``, strict).

    Raises
    ------
    ValueError
        If an argument is outside its allowed range.
    """
    beta = probability("beta", beta)
    V = positive("V", V)
    K = positive("K", K)
    n = integer("n", n, lo=1)
    c_war = positive("c_war", c_war)
    U = beta * V
    eq = _volunteer(n, U, K)
    return ChainGang(
        regime="pure_buck_passing" if K >= U else "mixed_buck_passing",
        p_balance_each=eq.p_balance_each,
        p_nobody_balances=eq.p_nobody_balances,
        unconditional_support=c_war < U,
        U=U,
    )


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class BuckPassingCurve:
    """Buck-passing as the number of allies grows (Diekmann 1985; Christensen & Snyder 1990).

    Attributes
    ----------
    n : numpy.ndarray
        Numbers of allies, 2 to ``n_max``.
    p_balance_each : numpy.ndarray
        Probability that a given ally balances, for each n.
    p_nobody_balances : numpy.ndarray
        Probability that no ally balances, ``(K/U)^(n/(n-1))`` (increasing in n when K < U).
    payoff : numpy.ndarray
        Each ally's equilibrium payoff.
    """

    n: np.ndarray
    p_balance_each: np.ndarray
    p_nobody_balances: np.ndarray
    payoff: np.ndarray


def buck_passing_curve(n_max: int, U: float, K: float) -> BuckPassingCurve:
    """Return :func:`buck_passing` for 2, 3, ..., ``n_max`` allies.

    Parameters
    ----------
    n_max : int
        Largest number of allies, an integer in [2, 100].
    U : float
        Value to every ally of the aggressor being balanced, > 0.
    K : float
        Cost of balancing to the ally who does it, > 0.

    Returns
    -------
    BuckPassingCurve
        The equilibrium probabilities and payoff for each number of allies.

    Raises
    ------
    ValueError
        If ``n_max`` is not an integer in [2, 100] or ``U``, ``K`` are not positive.
    """
    n_max = integer("n_max", n_max, lo=2, hi=100)
    ns = np.arange(2, n_max + 1)
    eqs = [buck_passing(int(n), U, K) for n in ns]
    return BuckPassingCurve(
        n=ns,
        p_balance_each=np.array([e.p_balance_each for e in eqs]),
        p_nobody_balances=np.array([e.p_nobody_balances for e in eqs]),
        payoff=np.array([e.payoff for e in eqs]),
    )

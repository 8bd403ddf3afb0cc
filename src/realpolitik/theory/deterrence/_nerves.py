"""Competition in risk taking: the war of nerves under MAD (Schelling 1966; Powell 1990)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from realpolitik.theory import _validate as v

# Relative tolerance under which two resolves count as equal ("tie") in war_of_nerves.
_TIE_RTOL = 1e-12


# --------------------------------------------------------------------------------------------
# 5.3 Competition in risk taking
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nerves:
    """Competition in risk taking under complete information.

    Attributes
    ----------
    rho_A, rho_B : float
        Resolve ``v / (v + c)``: the largest cumulative risk of war each side accepts.
    winner : str
        ``"A"`` or ``"B"`` (the more resolute side; the other concedes at once, with no war), or
        ``"tie"`` when the resolves are equal (to a relative 1e-12).
    min_risk_to_coerce : float
        ``min(rho_A, rho_B)``: the risk the winner must be seen to run to coerce the loser.
    """

    rho_A: float  # noqa: N815 (the literature's symbol)
    rho_B: float  # noqa: N815 (the literature's symbol)
    winner: str
    min_risk_to_coerce: float


def _resolve(v_name: str, v_val: float, c_name: str, c_val: float) -> float:
    stake = v.nonnegative(v_name, v_val)
    cost = v.positive(c_name, c_val)
    return stake / (stake + cost)


def war_of_nerves(v_A: float, c_A: float, v_B: float, c_B: float) -> Nerves:
    """Return the outcome of a war of nerves between two sides that know each other's resolve.

    Parameters
    ----------
    v_A, v_B : float
        Each side's stake, >= 0.
    c_A, c_B : float
        Each side's cost of nuclear war, > 0.

    Returns
    -------
    Nerves
        Both resolves, the winner (``"tie"`` if equal) and the minimal risk needed to coerce.

    Raises
    ------
    ValueError
        If a stake is negative or a cost is not > 0.
    """
    rho_A = _resolve("v_A", v_A, "c_A", c_A)
    rho_B = _resolve("v_B", v_B, "c_B", c_B)
    if math.isclose(rho_A, rho_B, rel_tol=_TIE_RTOL, abs_tol=0.0):
        winner = "tie"
    else:
        winner = "A" if rho_A > rho_B else "B"
    return Nerves(rho_A=rho_A, rho_B=rho_B, winner=winner, min_risk_to_coerce=min(rho_A, rho_B))


@dataclass(frozen=True)
class NervesUncertain:
    """Competition in risk taking with B's resolve unknown, ``rho_B ~ U[0, 1]``.

    Attributes
    ----------
    p_war : float
        ``E[min(rho_A, rho_B)] = rho_A - rho_A**2 / 2``.
    p_A_prevails : float
        ``rho_A - rho_A**2 / 2`` (B concedes before the war trigger is reached).
    p_B_prevails : float
        ``(1 - rho_A) ** 2`` (A concedes). The three probabilities sum to 1.
    """

    p_war: float
    p_A_prevails: float  # noqa: N815 (the literature's symbol)
    p_B_prevails: float  # noqa: N815 (the literature's symbol)


def war_of_nerves_uncertain(rho_A: float) -> NervesUncertain:
    """Return the outcome probabilities of a war of nerves when A does not know B's resolve.

    Both sides raise the shared risk ``r`` until their own resolve; war breaks out when ``r``
    reaches a trigger ``u ~ U[0, 1]``; ``rho_B ~ U[0, 1]``.

    Parameters
    ----------
    rho_A : float
        A's resolve, in [0, 1].

    Returns
    -------
    NervesUncertain
        ``p_war``, ``p_A_prevails`` and ``p_B_prevails`` (summing to 1).

    Raises
    ------
    ValueError
        If ``rho_A`` is not in [0, 1].
    """
    rho_A = v.probability("rho_A", rho_A)
    p = rho_A - rho_A**2 / 2.0
    return NervesUncertain(p_war=p, p_A_prevails=p, p_B_prevails=(1.0 - rho_A) ** 2)

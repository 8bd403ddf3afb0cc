"""Memory-one strategies of the iterated security game (Axelrod 1984; Nowak & Sigmund)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from realpolitik.theory._validate import probability, real

#: Names of the classic strategies, in the order of :func:`classic_strategies`.
STRATEGY_NAMES: tuple[str, ...] = ("TFT", "GTFT", "WSLS", "GRIM", "ALLD", "ALLC")


@dataclass(frozen=True)
class Strategy:
    """A memory-one strategy of the iterated game.

    Parameters
    ----------
    p0 : float
        Probability of cooperating in round 1, in [0, 1].
    p_cc, p_cd, p_dc, p_dd : float
        Probability of cooperating after a round in which I played the first letter and the
        other played the second (e.g. ``p_cd``: I cooperated, the other defected), in [0, 1].

    Raises
    ------
    ValueError
        If any probability is not a real number in [0, 1].
    """

    p0: float
    p_cc: float
    p_cd: float
    p_dc: float
    p_dd: float

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, probability(f.name, getattr(self, f.name)))

    @property
    def response(self) -> tuple[float, float, float, float]:
        """P(C) after each previous outcome ``(CC, CD, DC, DD)`` from this player's view."""
        return (self.p_cc, self.p_cd, self.p_dc, self.p_dd)


def memory_one(*probabilities: float | Sequence[float]) -> Strategy:
    """Return the memory-one strategy of four (or five, with the first move) probabilities.

    The usual way to write a strategy of your own: ``memory_one(1, 0.1, 1, 0.1)`` is P(C) after
    CC, CD, DC and DD (from the player's own view, its own move first), cooperating in round 1;
    five numbers put P(C) in round 1 first, in the order of :class:`Strategy`'s fields:
    ``memory_one(0, 1, 0, 1, 0)`` is suspicious tit for tat. One sequence of them works too.

    Parameters
    ----------
    *probabilities : float or one sequence of floats
        ``(p_cc, p_cd, p_dc, p_dd)`` or ``(p0, p_cc, p_cd, p_dc, p_dd)``, each in [0, 1].

    Returns
    -------
    Strategy
        The strategy; with four numbers ``p0 = 1`` (cooperate first, Axelrod's convention).

    Raises
    ------
    ValueError
        If there are not four or five numbers, or one is not a probability.
    """
    values = probabilities
    if len(values) == 1 and isinstance(values[0], Sequence | np.ndarray):
        values = tuple(values[0])  # type: ignore[arg-type]
    if len(values) not in (4, 5):
        raise ValueError(
            f"probabilities = {values!r} is not allowed; allowed: four numbers (P(C) after CC, "
            "CD, DC, DD) or five (P(C) in round 1 first)"
        )
    return Strategy(*((1.0,) if len(values) == 4 else ()), *values)  # type: ignore[arg-type]


#: Always cooperate.
ALLC = Strategy(1.0, 1.0, 1.0, 1.0, 1.0)
#: Always defect.
ALLD = Strategy(0.0, 0.0, 0.0, 0.0, 0.0)
#: Tit for tat: cooperate first, then copy the other's last action.
TFT = Strategy(1.0, 1.0, 0.0, 1.0, 0.0)
#: Grim trigger as memory-one: defects forever once any D occurred (its own erroneous D too).
GRIM = Strategy(1.0, 1.0, 0.0, 0.0, 0.0)
#: Win-stay, lose-shift (Pavlov): repeat after R or T, switch after S or P.
WSLS = Strategy(1.0, 1.0, 0.0, 0.0, 1.0)


def _check_pd(R: float, S: float, T: float, P: float) -> tuple[float, float, float, float]:
    R, S, T, P = real("R", R), real("S", S), real("T", T), real("P", P)
    if not T > R > P > S:
        raise ValueError(
            f"R, S, T, P = {R!r}, {S!r}, {T!r}, {P!r} is not a prisoner's dilemma; "
            "allowed: payoffs with T > R > P > S"
        )
    return R, S, T, P


def generosity(R: float = 3.0, S: float = 0.0, T: float = 5.0, P: float = 1.0) -> float:
    """Return GTFT's forgiveness ``g* = min(1 - (T-R)/(R-S), (R-P)/(T-P))`` (Nowak-Sigmund 1992).

    Parameters
    ----------
    R, S, T, P : float
        Prisoner's dilemma payoffs, ``T > R > P > S``.

    Returns
    -------
    float
        ``g*`` (1/3 for 3, 0, 5, 1). When ``2R <= T + S`` the first term is <= 0 and no
        forgiveness is safe; the value is then clipped to 0 (GTFT becomes TFT).

    Raises
    ------
    ValueError
        If the payoffs are not real numbers with ``T > R > P > S``.
    """
    R, S, T, P = _check_pd(R, S, T, P)
    g = min(1.0 - (T - R) / (R - S), (R - P) / (T - P))
    return max(0.0, g)


def gtft(R: float = 3.0, S: float = 0.0, T: float = 5.0, P: float = 1.0) -> Strategy:
    """Return generous tit for tat ``(1, 1, g*, 1, g*)`` for the given payoffs.

    Parameters
    ----------
    R, S, T, P : float
        Prisoner's dilemma payoffs, ``T > R > P > S``.

    Returns
    -------
    Strategy
        GTFT: cooperate first and after the other's C; after the other's D cooperate with
        probability ``g*`` (see :func:`generosity`).

    Raises
    ------
    ValueError
        If the payoffs are not real numbers with ``T > R > P > S``.
    """
    g = generosity(R, S, T, P)
    return Strategy(1.0, 1.0, g, 1.0, g)


def classic_strategies(
    R: float = 3.0, S: float = 0.0, T: float = 5.0, P: float = 1.0
) -> dict[str, Strategy]:
    """Return the tour's strategies (docs/theory.md): TFT, GTFT, WSLS, GRIM, ALLD, ALLC.

    Parameters
    ----------
    R, S, T, P : float
        Prisoner's dilemma payoffs (used for GTFT's ``g*``), ``T > R > P > S``.

    Returns
    -------
    dict[str, Strategy]
        Name -> strategy, in the order above.

    Raises
    ------
    ValueError
        If the payoffs are not a prisoner's dilemma.
    """
    return {
        "TFT": TFT,
        "GTFT": gtft(R, S, T, P),
        "WSLS": WSLS,
        "GRIM": GRIM,
        "ALLD": ALLD,
        "ALLC": ALLC,
    }


def _check_strategy(name: str, value: object) -> Strategy:
    if not isinstance(value, Strategy):
        raise ValueError(f"{name} = {value!r} is not a Strategy; expected a repeated.Strategy")
    return value

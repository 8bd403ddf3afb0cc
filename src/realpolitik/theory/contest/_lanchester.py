"""Lanchester's laws of attrition: square, area (linear) and ancient (Lanchester 1916)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from realpolitik.theory import _validate as v
from realpolitik.theory.contest._csf import ArrayOrFloat, _arg, _is_array

LAWS: tuple[str, ...] = ("square", "area", "ancient")

# Relative tolerance under which two fighting strengths count as equal ("draw").
_DRAW_RTOL = 1e-12


# --------------------------------------------------------------------------------------------
# 6.1-6.3 Lanchester attrition
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Battle:
    """Outcome of a Lanchester battle.

    Attributes
    ----------
    winner : str
        ``"A"``, ``"B"`` or ``"draw"`` (equal fighting strength, to a relative 1e-12).
    survivors : float
        The winner's final force (0 for a draw); for the area law the asymptotic limit.
    duration : float or None
        Time at which the loser is annihilated; None if it is never reached (area law; square
        law draw). 0 when a side starts with no force.
    law : str
        ``"square"``, ``"area"`` or ``"ancient"``.
    A0, B0, alpha, beta : float
        The inputs.
    invariant : float
        The law's conserved quantity: ``alpha A**2 - beta B**2`` (square) or
        ``alpha A - beta B`` (area, ancient).

    Notes
    -----
    ``state_at(t)`` returns the closed-form forces ``(A(t), B(t))`` at time ``t >= 0`` (floats,
    or arrays for an array ``t``). For the square and ancient laws the state stops at the end
    of the battle: for ``t >= duration`` it is the final state (winner's survivors, loser 0),
    and forces are clamped at 0. For the area law the solution is valid for all ``t`` and
    approaches the survivors asymptotically; in a square-law draw both sides decay as
    ``exp(-w t)`` forever.
    """

    winner: str
    survivors: float
    duration: float | None
    law: str
    A0: float
    B0: float
    alpha: float
    beta: float
    invariant: float

    def state_at(self, t: float | np.ndarray) -> tuple[ArrayOrFloat, ArrayOrFloat]:
        """Return the forces ``(A(t), B(t))`` at time ``t``.

        Parameters
        ----------
        t : float or array_like
            Time since the battle began, >= 0.

        Returns
        -------
        tuple
            ``(A, B)``: floats for a scalar ``t``, arrays of ``t``'s shape otherwise.

        Raises
        ------
        ValueError
            If ``t`` is negative or not finite.
        """
        tt = np.asarray(_arg("t", t, lo=0.0), dtype=float)
        if self.law == "area":
            a, b = self._area_state(tt)
        elif self.law == "square" and self.duration is None:
            # Square-law draw: A0 = sqrt(beta/alpha) B0 and both decay as exp(-w t).
            decay = np.exp(-math.sqrt(self.alpha * self.beta) * tt)
            a, b = self.A0 * decay, self.B0 * decay
        else:
            a, b = self._finite_state(tt)
        a = np.maximum(a, 0.0)
        b = np.maximum(b, 0.0)
        if _is_array(t):
            return a, b
        return float(a), float(b)

    def _finite_state(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Square or ancient law, stopped at ``duration`` (the end of the battle)."""
        A0, B0, alpha, beta = self.A0, self.B0, self.alpha, self.beta
        assert self.duration is not None
        tc = np.minimum(t, self.duration)
        if self.law == "square":
            w = math.sqrt(alpha * beta)
            a = A0 * np.cosh(w * tc) - math.sqrt(beta / alpha) * B0 * np.sinh(w * tc)
            b = B0 * np.cosh(w * tc) - math.sqrt(alpha / beta) * A0 * np.sinh(w * tc)
        else:
            a = A0 - beta * tc
            b = B0 - alpha * tc
        end = t >= self.duration
        a = np.where(end, self.survivors if self.winner == "A" else 0.0, a)
        b = np.where(end, self.survivors if self.winner == "B" else 0.0, b)
        return a, b

    def _area_state(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Area law: logistic closed form, valid for every ``t >= 0``."""
        A0, B0, alpha, beta = self.A0, self.B0, self.alpha, self.beta
        if self.winner == "draw":  # K = 0: dA/dt = -alpha A^2, dB/dt = -beta B^2
            return A0 / (1.0 + alpha * A0 * t), B0 / (1.0 + beta * B0 * t)
        K = alpha * A0 - beta * B0
        with np.errstate(over="ignore"):
            a = K * A0 / (K - beta * B0 * np.expm1(-K * t))
            b = -K * B0 / (-K - alpha * A0 * np.expm1(K * t))
        return a, b

    @property
    def horizon(self) -> float:
        """Return a time over which the battle is decided, for tracing it.

        The duration when annihilation happens at a time > 0; otherwise five time constants:
        ``5/max(alpha*A0, beta*B0)`` for an area-law battle (decided only asymptotically), else
        ``5/sqrt(alpha*beta)``.
        """
        if self.duration:
            return self.duration
        if self.law == "area" and self.duration is None:
            return 5.0 / max(self.alpha * max(self.A0, 1e-9), self.beta * max(self.B0, 1e-9))
        return 5.0 / math.sqrt(max(self.alpha * self.beta, 1e-12))

    def trajectory(self, points: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the forces over 1.1 times :attr:`horizon`, for drawing the battle.

        Parameters
        ----------
        points : int, optional
            Number of times, an integer >= 2 (default 200).

        Returns
        -------
        tuple of numpy.ndarray
            ``(t, A(t), B(t))``, each of length ``points``.

        Raises
        ------
        ValueError
            If ``points`` is not an integer >= 2.
        """
        points = v.integer("points", points, lo=2)
        t = np.linspace(0.0, 1.1 * self.horizon, points)
        a, b = self.state_at(t)
        return t, np.asarray(a, dtype=float), np.asarray(b, dtype=float)


def _winner(strength_A: float, strength_B: float) -> str:
    if math.isclose(strength_A, strength_B, rel_tol=_DRAW_RTOL, abs_tol=0.0):
        return "draw"
    return "A" if strength_A > strength_B else "B"


def _square(A0: float, B0: float, alpha: float, beta: float) -> Battle:
    w = math.sqrt(alpha * beta)
    winner = _winner(alpha * A0**2, beta * B0**2)
    duration: float | None
    if winner == "A":
        survivors = math.sqrt(max(A0**2 - (beta / alpha) * B0**2, 0.0))
        duration = math.atanh(math.sqrt(beta / alpha) * B0 / A0) / w
    elif winner == "B":
        survivors = math.sqrt(max(B0**2 - (alpha / beta) * A0**2, 0.0))
        duration = math.atanh(math.sqrt(alpha / beta) * A0 / B0) / w
    else:
        survivors = 0.0
        duration = 0.0 if A0 == 0.0 else None  # both start at 0, else asymptotic decay
    return Battle(
        winner, survivors, duration, "square", A0, B0, alpha, beta, alpha * A0**2 - beta * B0**2
    )


def _area(A0: float, B0: float, alpha: float, beta: float) -> Battle:
    winner = _winner(alpha * A0, beta * B0)
    if winner == "A":
        survivors = A0 - (beta / alpha) * B0
    elif winner == "B":
        survivors = B0 - (alpha / beta) * A0
    else:
        survivors = 0.0
    duration = 0.0 if min(A0, B0) == 0.0 else None
    return Battle(
        winner, max(survivors, 0.0), duration, "area", A0, B0, alpha, beta, alpha * A0 - beta * B0
    )


def _ancient(A0: float, B0: float, alpha: float, beta: float) -> Battle:
    t_A, t_B = A0 / beta, B0 / alpha  # time for each side to be wiped out
    winner = _winner(t_A, t_B)
    duration = min(t_A, t_B)
    if winner == "A":
        survivors = A0 - beta * duration
    elif winner == "B":
        survivors = B0 - alpha * duration
    else:
        survivors = 0.0
    return Battle(
        winner,
        max(survivors, 0.0),
        duration,
        "ancient",
        A0,
        B0,
        alpha,
        beta,
        alpha * A0 - beta * B0,
    )


def lanchester(A0: float, B0: float, alpha: float, beta: float, law: str = "square") -> Battle:
    """Return the outcome of a Lanchester battle between forces ``A0`` and ``B0``.

    Parameters
    ----------
    A0, B0 : float
        Initial forces, >= 0.
    alpha : float
        A's per-unit kill rate against B, > 0.
    beta : float
        B's per-unit kill rate against A, > 0.
    law : {"square", "area", "ancient"}, default "square"
        Aimed fire (square law), area fire (linear law) or one-on-one combat (linear law).

    Returns
    -------
    Battle
        Winner, the winner's survivors, the duration (None if annihilation is never reached)
        and ``state_at(t)``.

    Raises
    ------
    ValueError
        If a force is negative, a kill rate is not > 0 or ``law`` is unknown.
    """
    A0 = v.nonnegative("A0", A0)
    B0 = v.nonnegative("B0", B0)
    alpha = v.positive("alpha", alpha)
    beta = v.positive("beta", beta)
    law = v.choice("law", law, LAWS)
    solver = {"square": _square, "area": _area, "ancient": _ancient}[law]
    return solver(A0, B0, alpha, beta)

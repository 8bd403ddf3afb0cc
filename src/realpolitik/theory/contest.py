"""Lanchester attrition and contest success functions: who wins a war, and how much states arm.

Sources
-------
- F. W. Lanchester, *Aircraft in Warfare: The Dawn of the Fourth Arm*, 1916 (attrition laws).
- G. Tullock, "Efficient Rent Seeking", 1980 (ratio-form contest and equilibrium outlays).
- J. Hirshleifer, "Conflict and rent-seeking success functions: ratio vs. difference models of
  relative success", *Public Choice* 63, 1989 (logistic / difference form).
- J. Hirshleifer, "The Paradox of Power", *Economics & Politics* 3, 1991 (guns vs butter).

Equations (MODELS.md section 6)
-------------------------------
Square law (aimed fire): ``dA/dt = -beta * B``, ``dB/dt = -alpha * A``; invariant
``alpha * A**2 - beta * B**2``; A wins iff ``alpha * A0**2 > beta * B0**2``; survivors
``sqrt(A0**2 - (beta / alpha) * B0**2)``; with ``w = sqrt(alpha * beta)``,
``A(t) = A0 cosh(w t) - sqrt(beta / alpha) B0 sinh(w t)`` (symmetric for B) and
``t* = artanh(sqrt(beta / alpha) * B0 / A0) / w``.

Area law (area fire): ``dA/dt = -beta * A * B``, ``dB/dt = -alpha * A * B``; invariant
``K = alpha * A - beta * B``; A wins iff ``K > 0``; survivors ``A0 - (beta / alpha) * B0``,
reached only asymptotically. Closed form (logistic):
``A(t) = K A0 / (K - beta B0 expm1(-K t))``, ``B(t) = -K B0 / (-K - alpha A0 expm1(K t))``.

Ancient law (one-on-one): ``dA/dt = -beta``, ``dB/dt = -alpha``; A wins iff
``A0 / beta > B0 / alpha``; ``t* = min(A0 / beta, B0 / alpha)``.

Contest success functions (probability that A wins): Tullock ratio form
``p_A = x_A**m / (x_A**m + x_B**m)`` (1/2 if both are 0) and Hirshleifer's logistic form
``p_A = 1 / (1 + exp(k * (x_B - x_A)))``.

Equilibrium arming: Tullock with m = 1 and prizes ``V_A, V_B``:
``x_A = V_A**2 V_B / (V_A + V_B)**2``, ``x_B = V_A V_B**2 / (V_A + V_B)**2``; symmetric with
``m <= 2``: ``x = m V / 4`` (rent dissipation ``m / 2``). Guns vs butter:
``U_i = p_i(G_A, G_B) * (R_A - G_A + R_B - G_B)``; interior equilibrium
``G_A = G_B = m (R_A + R_B) / (2 (1 + m))`` iff it is ``<= min(R_A, R_B)`` (the paradox of
power: equal shares whatever the resource gap); otherwise the poorer side goes all-in and the
richer side best-responds.

Conventions
-----------
Forces, arming, resources and prizes are nonnegative amounts in common units; kill rates
``alpha``, ``beta`` are per unit of time per unit of force; ``t`` is time in the same unit.
Boundary ties in a battle (equal fighting strength, to a relative 1e-12) are a ``"draw"``.
:func:`tullock` and :func:`logistic` work elementwise on numpy arrays (the engine reuses them):
scalars in give a float, arrays in give an ndarray.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from realpolitik.theory import _validate as v

REFERENCES: tuple[str, ...] = (
    "lanchester1916",
    "tullock1980",
    "hirshleifer1989",
    "hirshleifer1991",
)

__all__ = [
    "LAWS",
    "REFERENCES",
    "Battle",
    "GunsButter",
    "guns_vs_butter",
    "lanchester",
    "logistic",
    "tullock",
    "tullock_array",
    "tullock_equilibrium",
    "tullock_symmetric",
]

LAWS: tuple[str, ...] = ("square", "area", "ancient")

# Relative tolerance under which two fighting strengths count as equal ("draw").
_DRAW_RTOL = 1e-12

ArrayOrFloat = float | np.ndarray


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _is_array(value: object) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def _arg(name: str, value: object, *, lo: float, lo_open: bool = False) -> ArrayOrFloat:
    """Validate a scalar or array argument against a lower bound ``lo`` (strict if lo_open)."""
    if _is_array(value):
        arr = v.array(name, value, min_size=0, lo=lo)
        if lo_open and np.any(arr <= lo):
            raise ValueError(f"{name} has values <= {lo:g} (min {arr.min():g}); allowed: > {lo:g}")
        return arr
    return v.in_range(name, value, lo, lo_open=lo_open)


def _out(result: np.ndarray, *inputs: object) -> ArrayOrFloat:
    """Return a float when every input was a scalar, else the array."""
    if any(_is_array(x) for x in inputs):
        return result
    return float(result)


# --------------------------------------------------------------------------------------------
# 6.4 Contest success functions
# --------------------------------------------------------------------------------------------


def tullock(x_A: ArrayOrFloat, x_B: ArrayOrFloat, m: ArrayOrFloat = 1.0) -> ArrayOrFloat:
    """Return the Tullock (ratio-form) probability that A wins, ``x_A**m / (x_A**m + x_B**m)``.

    Computed as ``1 / (1 + (x_B / x_A) ** m)`` (no overflow for large ``m``); 1/2 where both
    efforts are 0. Works elementwise with numpy broadcasting.

    Parameters
    ----------
    x_A, x_B : float or array_like
        Efforts (arming, capabilities) of A and B, >= 0.
    m : float or array_like, default 1.0
        Decisiveness, > 0 (a higher m makes war more decisive: the offense-like case).

    Returns
    -------
    float or numpy.ndarray
        ``p_A`` in [0, 1]: a float if every argument is a scalar, else the broadcast array.

    Raises
    ------
    ValueError
        If an effort is negative or not finite, or ``m`` is not > 0.
    """
    xa = _arg("x_A", x_A, lo=0.0)
    xb = _arg("x_B", x_B, lo=0.0)
    mm = _arg("m", m, lo=0.0, lo_open=True)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.divide(xb, xa)  # inf where x_A = 0 < x_B, nan where both are 0
        p = 1.0 / (1.0 + np.power(ratio, mm))
    p = np.where(np.isnan(p), 0.5, p)
    return _out(np.asarray(p, dtype=float), x_A, x_B, m)


def tullock_unchecked(x_A: np.ndarray, x_B: np.ndarray, m: np.ndarray | float) -> np.ndarray:
    """Return Tullock's ``1 / (1 + (x_B / x_A)**m)`` without validating the inputs.

    For vectorised callers whose inputs are valid by construction (efforts > 0, ``m > 0``):
    the engine's alliance choices evaluate it on ``(runs, states)`` arrays every simulated
    year, where validation would cost more than the formula. The arithmetic is that of
    :func:`tullock` for positive efforts.

    Parameters
    ----------
    x_A, x_B : numpy.ndarray
        Efforts, > 0 (broadcast together).
    m : float or numpy.ndarray
        Decisiveness, > 0.

    Returns
    -------
    numpy.ndarray
        ``p_A`` elementwise, in [0, 1].
    """
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.power(x_B / x_A, m))


def tullock_array(x_A: object, x_B: object, m: object = 1.0) -> np.ndarray:
    """Return :func:`tullock` as a float64 ndarray, whatever the input types.

    Convenience for vectorised callers (the engine): scalars give a 0-d array.

    Parameters
    ----------
    x_A, x_B : array_like
        Efforts of A and B, >= 0 (broadcast together).
    m : float or array_like, default 1.0
        Decisiveness, > 0.

    Returns
    -------
    numpy.ndarray
        ``p_A`` elementwise, in [0, 1].

    Raises
    ------
    ValueError
        As :func:`tullock`.
    """
    return np.asarray(
        tullock(np.asarray(x_A, dtype=float), np.asarray(x_B, dtype=float), m), dtype=float
    )


def logistic(x_A: ArrayOrFloat, x_B: ArrayOrFloat, k: ArrayOrFloat) -> ArrayOrFloat:
    """Return Hirshleifer's logistic (difference-form) probability ``1/(1 + exp(k (x_B - x_A)))``.

    Works elementwise with numpy broadcasting.

    Parameters
    ----------
    x_A, x_B : float or array_like
        Efforts of A and B, >= 0.
    k : float or array_like
        Decisiveness, >= 0 (``k = 0`` gives 1/2 whatever the efforts).

    Returns
    -------
    float or numpy.ndarray
        ``p_A`` in [0, 1]: a float if every argument is a scalar, else the broadcast array.

    Raises
    ------
    ValueError
        If an effort or ``k`` is negative or not finite.
    """
    xa = _arg("x_A", x_A, lo=0.0)
    xb = _arg("x_B", x_B, lo=0.0)
    kk = _arg("k", k, lo=0.0)
    with np.errstate(over="ignore"):
        p = 1.0 / (1.0 + np.exp(np.multiply(kk, np.subtract(xb, xa))))
    return _out(np.asarray(p, dtype=float), x_A, x_B, k)


# --------------------------------------------------------------------------------------------
# 6.1-6.3 Lanchester attrition
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Battle:
    """Outcome of a Lanchester battle (MODELS.md 6.1-6.3).

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


# --------------------------------------------------------------------------------------------
# 6.5 Equilibrium arming
# --------------------------------------------------------------------------------------------


def tullock_equilibrium(V_A: float, V_B: float) -> tuple[float, float]:
    """Return the Nash equilibrium efforts of a Tullock contest (m = 1) with unequal prizes.

    Each side maximises ``p_i * V_i - x_i`` with ``p_A = x_A / (x_A + x_B)``.

    Parameters
    ----------
    V_A, V_B : float
        Each side's value of the prize, > 0.

    Returns
    -------
    tuple of float
        ``(x_A, x_B) = (V_A**2 V_B, V_A V_B**2) / (V_A + V_B)**2``.

    Raises
    ------
    ValueError
        If a prize is not > 0.
    """
    V_A = v.positive("V_A", V_A)
    V_B = v.positive("V_B", V_B)
    denom = (V_A + V_B) ** 2
    return (V_A**2 * V_B / denom, V_A * V_B**2 / denom)


def tullock_symmetric(V: float, m: float) -> float:
    """Return each side's equilibrium effort ``m V / 4`` in a symmetric Tullock contest.

    Rent dissipation (total effort over the prize) is ``2 x / V = m / 2``. The interior
    symmetric equilibrium exists only for ``m <= 2``.

    Parameters
    ----------
    V : float
        The prize, > 0.
    m : float
        Decisiveness, in (0, 2].

    Returns
    -------
    float
        Each side's effort.

    Raises
    ------
    ValueError
        If ``V`` is not > 0 or ``m`` is not in (0, 2].
    """
    V = v.positive("V", V)
    m = v.in_range("m", m, 0.0, 2.0, lo_open=True)
    return m * V / 4.0


@dataclass(frozen=True)
class GunsButter:
    """Equilibrium of Hirshleifer's guns-vs-butter conflict (MODELS.md 6.5).

    Attributes
    ----------
    G_A, G_B : float
        Guns (resources spent on fighting) of each side, in ``[0, R_i]``.
    p_A : float
        A's equilibrium share of the combined butter, ``tullock(G_A, G_B, m)``.
    interior : bool
        True for the interior equilibrium (paradox of power); False when the poorer side is
        all-in.
    U_A, U_B : float
        Equilibrium payoffs ``p_i * (R_A - G_A + R_B - G_B)``.
    """

    G_A: float
    G_B: float
    p_A: float  # noqa: N815 (MODELS.md section 0 name)
    interior: bool
    U_A: float
    U_B: float


def guns_vs_butter(R_A: float, R_B: float, m: float) -> GunsButter:
    """Return the Nash equilibrium of Hirshleifer's guns-vs-butter contest.

    ``U_i = p_i(G_A, G_B) * (R_A - G_A + R_B - G_B)`` with Tullock exponent ``m``. The interior
    equilibrium ``G_A = G_B = m (R_A + R_B) / (2 (1 + m))`` holds iff it is ``<= min(R_A, R_B)``;
    otherwise the poorer side spends everything on guns and the richer side's best response is
    found by bounded 1-D maximisation (:func:`scipy.optimize.minimize_scalar`).

    Parameters
    ----------
    R_A, R_B : float
        Resources, > 0.
    m : float
        Decisiveness of the contest, > 0.

    Returns
    -------
    GunsButter
        Guns of each side, A's share, whether the equilibrium is interior and the payoffs.

    Raises
    ------
    ValueError
        If a resource or ``m`` is not > 0.
    """
    R_A = v.positive("R_A", R_A)
    R_B = v.positive("R_B", R_B)
    m = v.positive("m", m)
    total = R_A + R_B
    G = m * total / (2.0 * (1.0 + m))
    interior = min(R_A, R_B) >= G
    if interior:
        G_A = G_B = G
    else:
        from scipy.optimize import minimize_scalar

        a_richer = R_A > R_B
        R_rich, R_poor = (R_A, R_B) if a_richer else (R_B, R_A)

        def neg_payoff(g: float) -> float:
            return -float(tullock(g, R_poor, m)) * (R_rich - g)

        res = minimize_scalar(
            neg_payoff,
            bounds=(0.0, R_rich),
            method="bounded",
            options={"xatol": 1e-12 * max(1.0, R_rich)},
        )
        g_rich = float(res.x)
        G_A, G_B = (g_rich, R_poor) if a_richer else (R_poor, g_rich)
    p_A = float(tullock(G_A, G_B, m))
    butter = total - G_A - G_B
    return GunsButter(
        G_A=G_A, G_B=G_B, p_A=p_A, interior=interior, U_A=p_A * butter, U_B=(1.0 - p_A) * butter
    )

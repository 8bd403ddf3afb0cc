"""Contest success functions and equilibrium arming (Tullock 1980; Hirshleifer 1989, 1991)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.theory import _validate as v

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
    """Equilibrium of Hirshleifer's guns-vs-butter conflict.

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
    p_A: float  # noqa: N815 (the literature's symbol)
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


#: Decisiveness levels m of the Tullock curves (:func:`tullock_curves`).
DECISIVENESS_LEVELS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class TullockCurves:
    """Tullock's P(A wins) against the force ratio, for several decisiveness levels.

    Attributes
    ----------
    ratio : numpy.ndarray
        Force ratios ``x_A / x_B``.
    p_A : dict of float to numpy.ndarray
        m -> P(A wins) at each ratio: a higher m makes the curve steeper (a more decisive war).
    """

    ratio: np.ndarray
    p_A: dict[float, np.ndarray]  # noqa: N815 (Tullock's symbol)


def tullock_curves(
    ratios: np.ndarray | None = None, ms: tuple[float, ...] = DECISIVENESS_LEVELS
) -> TullockCurves:
    """Return Tullock's P(A wins) against the force ratio ``x_A / x_B``, for several m.

    Parameters
    ----------
    ratios : array_like, optional
        Force ratios ``x_A / x_B`` > 0 (default: 121 points from 0.1 to 10, log-spaced).
    ms : tuple of float, optional
        Decisiveness exponents m > 0 (default :data:`DECISIVENESS_LEVELS`).

    Returns
    -------
    TullockCurves
        The ratios and, for each m, :func:`tullock` ``(ratios, 1, m)``.

    Raises
    ------
    ValueError
        If a ratio or an m is not > 0.
    """
    x = np.logspace(-1, 1, 121) if ratios is None else _arg("ratios", ratios, lo=0.0, lo_open=True)
    x = np.asarray(x, dtype=float)
    return TullockCurves(x, {m: np.asarray(tullock(x, np.ones_like(x), m)) for m in ms})


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class GunsButterSweep:
    """Hirshleifer's equilibrium as A's share of the resources grows (the paradox of power).

    Attributes
    ----------
    resource_share : numpy.ndarray
        A's share ``R_A / (R_A + R_B)``.
    G_A, G_B : numpy.ndarray
        Each side's guns in equilibrium.
    p_A : numpy.ndarray
        P(A wins) in equilibrium.
    """

    resource_share: np.ndarray
    G_A: np.ndarray
    G_B: np.ndarray
    p_A: np.ndarray  # noqa: N815


def guns_vs_butter_sweep(total: float, m: float, points: int = 37) -> GunsButterSweep:
    """Return :func:`guns_vs_butter` as A's share of ``total`` resources runs from 5% to 95%.

    Parameters
    ----------
    total : float
        Both sides' resources ``R_A + R_B``, > 0.
    m : float
        Decisiveness (Tullock exponent), > 0.
    points : int, optional
        Number of shares, an integer >= 2 (default 37).

    Returns
    -------
    GunsButterSweep
        Shares, guns and P(A wins): inside the interior range both sides arm equally whatever
        the resource gap.

    Raises
    ------
    ValueError
        If an argument is out of its range.
    """
    total = v.positive("total", total)
    points = v.integer("points", points, lo=2)
    r_a = np.linspace(0.05, 0.95, points) * total
    eqs = [guns_vs_butter(float(x), float(total - x), m) for x in r_a]
    return GunsButterSweep(
        resource_share=r_a / total,
        G_A=np.array([e.G_A for e in eqs]),
        G_B=np.array([e.G_B for e in eqs]),
        p_A=np.array([e.p_A for e in eqs]),
    )

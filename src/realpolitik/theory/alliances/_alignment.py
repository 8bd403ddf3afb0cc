"""Balancing vs bandwagoning under the balance of threat, vectorised for the engine (Walt 1987)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realpolitik.theory._validate import array, positive, probability
from realpolitik.theory.alliances._burden import _positive_array
from realpolitik.theory.contest import tullock_unchecked


def _csf(a: np.ndarray, b: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return Tullock's ``a^m / (a^m + b^m)`` and its complement for a, b > 0.

    Each side is computed directly (:func:`realpolitik.theory.contest.tullock_unchecked`), so
    tiny win probabilities keep their relative accuracy.
    """
    return tullock_unchecked(a, b, m), tullock_unchecked(b, a, m)


def _threshold(
    u_balance: np.ndarray, u_band0: np.ndarray, p_A: np.ndarray, L: np.ndarray
) -> np.ndarray:
    """theta* with the limit ``p_A' = 0`` (underflow) mapped to -inf / +inf."""
    gap = u_band0 - u_balance
    with np.errstate(divide="ignore", invalid="ignore"):
        out = gap / (p_A * L)
    return np.where(p_A > 0.0, out, np.where(gap >= 0.0, np.inf, -np.inf))


def _alignment_inputs(
    x_A: object, x_D: object, x_C: object, m: object, V: object, L: object
) -> tuple[np.ndarray, ...]:
    return (
        _positive_array("x_A", x_A),
        _positive_array("x_D", x_D),
        _positive_array("x_C", x_C),
        _positive_array("m", m),
        _positive_array("V", V),
        _positive_array("L", L),
    )


def _theta_array(theta: object) -> np.ndarray:
    th = array("theta", theta, min_size=1)
    if np.any((th < 0.0) | (th > 1.0)):
        raise ValueError(f"theta = {theta!r} is out of range; allowed: [0, 1]")
    return th


def _utilities(
    x_A: np.ndarray,
    x_D: np.ndarray,
    x_C: np.ndarray,
    m: np.ndarray,
    V: np.ndarray,
    L: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """U_balance, the theta-free part of U_bandwagon, p_A' and p_D' (no validation)."""
    p_D, q_D = _csf(x_D + x_C, x_A, m)
    p_A, q_A = _csf(x_A + x_C, x_D, m)
    u_balance = p_D * V * x_C / (x_D + x_C) - q_D * L
    u_band0 = p_A * V * x_C / (x_A + x_C) - q_A * L
    return u_balance, u_band0, p_A, p_D


def balance_utilities(
    x_A: object,
    x_D: object,
    x_C: object,
    m: object,
    V: object,
    L: object,
    theta: object,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(U_balance, U_bandwagon)`` of 8.3 elementwise (vectorised, broadcasting).

    Parameters
    ----------
    x_A, x_D, x_C : array_like
        Capabilities of the aggressor, the defender and the third state C, each > 0.
    m : array_like
        Tullock decisiveness exponent, > 0.
    V : array_like
        Prize shared by the winning side, > 0.
    L : array_like
        Loss of C when on the losing side, > 0.
    theta : array_like
        Threat that a victorious aggressor later turns on C, in [0, 1].

    Returns
    -------
    tuple of numpy.ndarray
        ``U_balance`` and ``U_bandwagon``, broadcast to a common shape. C balances where
        ``U_balance > U_bandwagon``.

    Raises
    ------
    ValueError
        If an argument has a value outside its range or the shapes do not broadcast.
    """
    args = _alignment_inputs(x_A, x_D, x_C, m, V, L)
    th = _theta_array(theta)
    try:
        *args, th = np.broadcast_arrays(*args, th)
    except ValueError:
        raise ValueError("x_A, x_D, x_C, m, V, L and theta do not broadcast together") from None
    return alignment_utilities(*args, th)


def alignment_utilities(
    x_A: np.ndarray,
    x_D: np.ndarray,
    x_C: np.ndarray,
    m: np.ndarray,
    V: np.ndarray,
    L: np.ndarray,
    theta: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return :func:`balance_utilities` for inputs that are valid by construction.

    No validation: for vectorised callers (the engine's alliance phase evaluates it on
    ``(runs, states)`` arrays every year) whose capabilities, ``m``, ``V`` and ``L`` are > 0
    and ``theta`` lies in [0, 1]. Same arithmetic, same numbers.

    Parameters
    ----------
    x_A, x_D, x_C, m, V, L, theta : numpy.ndarray
        As :func:`balance_utilities`, broadcast together.

    Returns
    -------
    tuple of numpy.ndarray
        ``U_balance`` and ``U_bandwagon``.
    """
    u_balance, u_band0, p_A, _ = _utilities(x_A, x_D, x_C, m, V, L)
    return u_balance, u_band0 - p_A * theta * L


def balance_threshold(
    x_A: object, x_D: object, x_C: object, m: object, V: object, L: object
) -> np.ndarray:
    """Return the indifference threat ``theta*`` of 8.3 elementwise (vectorised).

    Parameters
    ----------
    x_A, x_D, x_C : array_like
        Capabilities of the aggressor, the defender and the third state C, each > 0.
    m : array_like
        Tullock decisiveness exponent, > 0.
    V : array_like
        Prize, > 0.
    L : array_like
        Loss on the losing side, > 0.

    Returns
    -------
    numpy.ndarray
        ``theta* = (p_A' V x_C/(x_A+x_C) - (1-p_A') L - U_balance) / (p_A' L)``: C balances iff
        ``theta > theta*``. Not clipped: ``theta* < 0`` means C balances for every threat,
        ``theta* >= 1`` means it bandwagons for every threat.

    Raises
    ------
    ValueError
        If an argument has a value outside its range or the shapes do not broadcast.
    """
    args = _alignment_inputs(x_A, x_D, x_C, m, V, L)
    try:
        args = tuple(np.broadcast_arrays(*args))
    except ValueError:
        raise ValueError("x_A, x_D, x_C, m, V and L do not broadcast together") from None
    u_balance, u_band0, p_A, _ = _utilities(*args)
    return _threshold(u_balance, u_band0, p_A, args[5])


@dataclass(frozen=True)
class Alignment:
    """Third state's choice between balancing and bandwagoning.

    Attributes
    ----------
    choice : str
        ``"balance"`` iff ``U_balance > U_bandwagon``, else ``"bandwagon"``.
    U_balance, U_bandwagon : float
        Expected utilities of joining the defender or the aggressor.
    theta_star : float
        Indifference threat: C balances iff ``theta > theta_star`` (may lie outside [0, 1]).
    p_defender_wins, p_aggressor_wins : float
        ``p_D'`` (C with D) and ``p_A'`` (C with A).
    """

    choice: str
    U_balance: float
    U_bandwagon: float
    theta_star: float
    p_defender_wins: float
    p_aggressor_wins: float


def balance_or_bandwagon(
    x_A: float, x_D: float, x_C: float, m: float, V: float, L: float, theta: float
) -> Alignment:
    """Return whether a third state balances against or bandwagons with an aggressor (Walt).

    Parameters
    ----------
    x_A, x_D, x_C : float
        Capabilities of the aggressor, the defender and the third state C, each > 0.
    m : float
        Tullock decisiveness exponent, > 0 (higher: war more decisive).
    V : float
        Prize shared by the winning side in proportion to capability, > 0.
    L : float
        Loss of C when on the losing side, > 0.
    theta : float
        Threat (intentions times proximity) that a victorious aggressor turns on C, in [0, 1].

    Returns
    -------
    Alignment
        ``choice``, ``U_balance``, ``U_bandwagon``, ``theta_star`` and the two win
        probabilities.

    Raises
    ------
    ValueError
        If an argument is outside its range.
    """
    x_A = positive("x_A", x_A)
    x_D = positive("x_D", x_D)
    x_C = positive("x_C", x_C)
    m = positive("m", m)
    V = positive("V", V)
    L = positive("L", L)
    theta = probability("theta", theta)
    u_balance, u_band0, p_A, p_D = _utilities(*(np.float64(v) for v in (x_A, x_D, x_C, m, V, L)))
    u_bandwagon = float(u_band0 - p_A * theta * L)
    return Alignment(
        choice="balance" if float(u_balance) > u_bandwagon else "bandwagon",
        U_balance=float(u_balance),
        U_bandwagon=u_bandwagon,
        theta_star=float(_threshold(u_balance, u_band0, p_A, np.float64(L))),
        p_defender_wins=float(p_D),
        p_aggressor_wins=float(p_A),
    )

"""The N-nation Richardson model ``dx/dt = A x + g`` (Richardson 1960; Hawkins-Simon)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from realpolitik.theory import _validate as val


# ---------------------------------------------------------------------------- N nations
@dataclass(frozen=True)
class NNation:
    """Equilibrium and stability of the N-nation model ``x' = A x + g``.

    Attributes
    ----------
    equilibrium : tuple of float or None
        ``x* = -A^{-1} g``; None when A is singular.
    stable : bool
        Every eigenvalue of A has a negative real part (never granted when A is singular).
    max_real_eigenvalue : float
        The largest real part among A's eigenvalues.
    leading_principal_minors : tuple of float
        The leading principal minors of -A, orders 1..N.
    minors_positive : bool
        Whether every leading principal minor of -A is > 0 (Hawkins-Simon); for a Metzler A
        this is equivalent to ``stable``.
    """

    equilibrium: tuple[float, ...] | None
    stable: bool
    max_real_eigenvalue: float
    leading_principal_minors: tuple[float, ...]
    minors_positive: bool


def n_nation(A: ArrayLike, g: ArrayLike) -> NNation:
    """Solve the N-nation Richardson model ``dx/dt = A x + g``.

    Parameters
    ----------
    A : array_like
        Square (N, N) matrix, N >= 1, Metzler: ``A[i, i] = -a_i`` (fatigue) and off-diagonal
        ``A[i, j] = k_ij >= 0`` (reaction of i to j).
    g : array_like
        Grievances, shape (N,).

    Returns
    -------
    NNation
        The equilibrium, eigenvalue stability, the largest real part of the eigenvalues, and
        the leading principal minors of -A with the Hawkins-Simon verdict.

    Raises
    ------
    ValueError
        If A is not a finite square matrix with non-negative off-diagonal entries, or g is not
        a finite vector of matching length.
    """
    A = val.array("A", A, ndim=2)
    n = A.shape[0]
    if A.shape != (n, n):
        raise ValueError(f"A has shape {A.shape}; expected a square (n, n) matrix")
    g = val.array("g", g, shape=(n,))
    off = A[~np.eye(n, dtype=bool)]
    if np.any(off < 0):
        raise ValueError(
            f"A has a negative off-diagonal entry (min {off.min():g}); allowed: k_ij >= 0 "
            "(a Metzler matrix)"
        )
    minors = tuple(float(np.linalg.det(-A[:i, :i])) for i in range(1, n + 1))
    max_re = float(np.linalg.eigvals(A).real.max())
    # det(-A) and solve(A) share one LU factorisation: a zero pivot gives det = 0 exactly
    eq = None if minors[-1] == 0.0 else tuple(float(v) for v in np.linalg.solve(A, -g))
    return NNation(
        equilibrium=eq,
        stable=bool(max_re < 0 and eq is not None),
        max_real_eigenvalue=max_re,
        leading_principal_minors=minors,
        minors_positive=all(m > 0 for m in minors),
    )

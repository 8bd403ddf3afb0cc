"""Argument checks shared by the theory modules.

Every public function of :mod:`realpolitik.theory` validates its inputs with these helpers so
that a bad argument always raises the same kind of error: a ``ValueError`` that names the
argument, the value it got and the allowed range (MODELS.md, general conventions).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def _fmt(value: object) -> str:
    return repr(value) if not isinstance(value, float) else f"{value!r}"


def real(name: str, value: object) -> float:
    """Return ``value`` as a finite float, or raise ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} = {_fmt(value)} is not a real number; expected a finite float")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{name} = {_fmt(value)} is not finite; expected a finite float")
    return out


def in_range(
    name: str,
    value: object,
    lo: float = -math.inf,
    hi: float = math.inf,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
) -> float:
    """Return ``value`` as a float if it lies in the interval, else raise ``ValueError``.

    The interval is ``[lo, hi]``; ``lo_open`` / ``hi_open`` make either end strict.
    """
    x = real(name, value)
    bad_lo = x <= lo if lo_open else x < lo
    bad_hi = x >= hi if hi_open else x > hi
    if bad_lo or bad_hi:
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        raise ValueError(
            f"{name} = {_fmt(value)} is out of range; allowed: {left}{lo:g}, {hi:g}{right}"
        )
    return x


def probability(name: str, value: object) -> float:
    """Return a probability in [0, 1] or raise ``ValueError``."""
    return in_range(name, value, 0.0, 1.0)


def nonnegative(name: str, value: object) -> float:
    """Return a finite float >= 0 or raise ``ValueError``."""
    return in_range(name, value, 0.0)


def positive(name: str, value: object) -> float:
    """Return a finite float > 0 or raise ``ValueError``."""
    return in_range(name, value, 0.0, lo_open=True)


def integer(name: str, value: object, lo: int = 0, hi: int | None = None) -> int:
    """Return an int in ``[lo, hi]`` (no upper bound when ``hi`` is None) or raise."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} = {_fmt(value)} is not an integer")
    out = int(value)
    if out < lo or (hi is not None and out > hi):
        upper = "inf" if hi is None else str(hi)
        raise ValueError(f"{name} = {out} is out of range; allowed: integers in [{lo}, {upper}]")
    return out


def array(
    name: str,
    value: object,
    *,
    ndim: int | None = None,
    shape: Sequence[int | None] | None = None,
    min_size: int = 1,
    lo: float = -math.inf,
) -> np.ndarray:
    """Return ``value`` as a finite float64 array, checking its shape, size and lower bound.

    ``shape`` may use ``None`` for a free axis. ``lo`` is an inclusive lower bound on every
    element (``-inf`` for none).
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} cannot be read as an array of numbers: {exc}") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} has {arr.ndim} dimensions, shape {arr.shape}; expected {ndim}")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(
            want is None or got == want for got, want in zip(arr.shape, shape, strict=True)
        )
        if not ok:
            want_txt = "(" + ", ".join("n" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} has shape {arr.shape}; expected {want_txt}")
    if arr.size < min_size:
        raise ValueError(f"{name} is empty or too short ({arr.size} values); need >= {min_size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values; expected finite numbers")
    if lo > -math.inf and np.any(arr < lo):
        raise ValueError(f"{name} has values below {lo:g} (min {arr.min():g}); allowed: >= {lo:g}")
    return arr


def choice(name: str, value: object, allowed: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``allowed`` strings, else raise ``ValueError``."""
    if value not in allowed:
        raise ValueError(f"{name} = {_fmt(value)} is not allowed; choose one of {list(allowed)}")
    return str(value)

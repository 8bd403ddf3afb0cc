"""Argument checks shared by the theory modules, the engine's parameters and the scenarios.

Every public function of :mod:`realpolitik.theory` validates its inputs with these helpers so
that a bad argument always raises the same kind of error: an :class:`InputError` (a
``ValueError``) that names the argument, the value it got and the allowed range. The error is
structured (``key``, ``index``, ``value``, ``allowed``), so the engine's parameters, the
scenario layer and the command line turn it into their own messages (a file's field, a
command-line option) without parsing its text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = [
    "InputError",
    "array",
    "choice",
    "in_range",
    "integer",
    "interval_text",
    "nonnegative",
    "positive",
    "probability",
    "real",
]


class InputError(ValueError):
    """A value outside what its key or argument allows.

    Parameters
    ----------
    key
        The argument or parameter key, e.g. ``"beta"`` or ``"reaction"``.
    value
        The offending value (for an array, the offending element).
    allowed
        What is allowed, as text (e.g. ``"[0, 1]"`` or ``"integers >= 1"``).
    problem
        What is wrong, as the words after ``key = value`` (default ``"is out of range"``).
    index
        For an element of a per-state array, its position (None otherwise).
    note
        Optional text appended to the message (e.g. the key's meaning).
    lead
        The words before ``allowed`` in the message (default ``"allowed: "``).
    """

    def __init__(
        self,
        key: str,
        value: object,
        allowed: str,
        *,
        problem: str = "is out of range",
        index: int | None = None,
        note: str = "",
        lead: str = "allowed: ",
    ) -> None:
        self.key = key
        self.value = value
        self.allowed = allowed
        self.problem = problem
        self.index = index
        self.note = note
        self.lead = lead
        super().__init__(self._text())

    @property
    def name(self) -> str:
        """The key with its index, e.g. ``"reaction[1]"``."""
        return self.key if self.index is None else f"{self.key}[{self.index}]"

    def _text(self) -> str:
        text = f"{self.name} = {_fmt(self.value)} {self.problem}; {self.lead}{self.allowed}"
        return f"{text} ({self.note})" if self.note else text

    def renamed(self, key: str, *, index: int | None = None) -> InputError:
        """Return the same error under another name (e.g. a scenario field or CLI option)."""
        return InputError(
            key,
            self.value,
            self.allowed,
            problem=self.problem,
            index=self.index if index is None else index,
            note=self.note,
            lead=self.lead,
        )

    def __reduce__(self):
        return (
            _rebuild_input_error,
            (self.key, self.value, self.allowed, self.problem, self.index, self.note, self.lead),
        )


def _rebuild_input_error(key, value, allowed, problem, index, note, lead) -> InputError:
    return InputError(key, value, allowed, problem=problem, index=index, note=note, lead=lead)


def interval_text(
    lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False, allow_inf: bool = False
) -> str:
    """Return an interval in standard notation, e.g. ``"[0, 1]"``, ``"(0, inf)"``.

    An infinite end is open unless ``allow_inf`` admits ``+inf`` as a value.
    """
    left = "(" if (lo_open or lo == -math.inf) else "["
    right = ")" if (hi_open or (hi == math.inf and not allow_inf)) else "]"
    return f"{left}{lo:g}, {hi:g}{right}"


def _fmt(value: object) -> str:
    return repr(value) if not isinstance(value, float) else f"{value!r}"


def real(name: str, value: object) -> float:
    """Return ``value`` as a finite float, or raise ``ValueError`` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InputError(name, value, "a finite float", problem="is not a real number")
    out = float(value)
    if not math.isfinite(out):
        raise InputError(name, value, "a finite float", problem="is not finite")
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
        raise InputError(name, value, f"{left}{lo:g}, {hi:g}{right}")
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
        upper = "inf" if hi is None else str(hi)
        raise InputError(name, value, f"integers in [{lo}, {upper}]", problem="is not an integer")
    out = int(value)
    if out < lo or (hi is not None and out > hi):
        upper = "inf" if hi is None else str(hi)
        raise InputError(name, out, f"integers in [{lo}, {upper}]")
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
        raise InputError(
            name, value, f"one of {list(allowed)}", problem="is not allowed", lead="choose "
        )
    return str(value)

"""One home for the engine's compiled code: the Numba switch and the compile helpers.

The engine's numpy operations are the reference; where a mechanism's loop pays (the benchmark
says where), the same floating-point operations run as a loop compiled by Numba, with identical
numbers (no fast-math). Each scalar equation that several compiled loops share (the crisis
probability, the contest win probability, a perceived capability, the arming response, the
growth of GDP, ...) is written once, in the mechanism module that owns it, as a plain Python
function of floats marked with :func:`scalar`; the mechanism's loops and the fused kernel of
:mod:`realpolitik.engine._fast` call it by name, and :func:`compiled` / :func:`jit` compile it
along with them.

- :data:`NUMBA`: run the mechanisms' compiled loops (False: their numpy operations only; the
  tests check that both give the same numbers). The fused kernel of the core configuration
  always needs Numba (``simulate(fast=False)`` runs without it).
- :func:`compiled`: a loop compiled on first use (cached on disk), or None when :data:`NUMBA`
  is False or Numba is not installed (the caller then runs its numpy operations).
- :func:`jit`: the same, required (the fused kernel).

Numba is imported only when a loop is first compiled, so that ``import realpolitik`` stays
fast. Numba's disk cache does not see a change in a function that a cached loop calls, so the
name a loop is cached under carries a digest of the scalar functions it calls.
"""

from __future__ import annotations

import hashlib
import types
from collections.abc import Callable
from typing import Any

__all__ = ["NUMBA", "compiled", "jit", "numpy_errors", "scalar"]

NUMBA = True
"""Run the mechanisms' loops compiled by Numba when it is installed (False: numpy only).

The loops perform the same floating-point operations in the same order as the numpy
operations they replace (no fast-math), so both paths give identical numbers; the numpy path
is the reference."""

_COMPILED: dict[tuple[str, str], Any] = {}


def scalar(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a scalar equation (a function of floats) that compiled loops call by name.

    The function stays a plain Python function (callable as is, e.g. in a test); when a loop
    that calls it is compiled, it is compiled too and the loop calls the compiled version.

    Parameters
    ----------
    fn
        A module-level function of floats without side effects.

    Returns
    -------
    callable
        ``fn`` itself, marked.
    """
    fn._realpolitik_scalar = True  # type: ignore[attr-defined]
    return fn


def numpy_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a loop or scalar function to compile with Numba's numpy error model.

    A float division by zero then gives inf or NaN, as the numpy operations it replaces do,
    instead of a check that raises ``ZeroDivisionError``; without the check in its way, LLVM
    can vectorise the loop. Mark every function a loop calls that divides.

    Parameters
    ----------
    fn
        A module-level function.

    Returns
    -------
    callable
        ``fn`` itself, marked.
    """
    fn._realpolitik_error_model = "numpy"  # type: ignore[attr-defined]
    return fn


def compiled(fn: Callable[..., Any]) -> Any:
    """Return ``fn`` compiled by Numba (on first use; cached on disk), or None.

    Parameters
    ----------
    fn
        A module-level function of plain loops over numpy arrays.

    Returns
    -------
    callable or None
        The compiled function; None when :data:`NUMBA` is False or Numba is not installed
        (the caller then runs its numpy operations).
    """
    if not NUMBA:
        return None
    return _compile(fn)


def jit(fn: Callable[..., Any]) -> Any:
    """Return ``fn`` compiled by Numba (cached on disk), whatever :data:`NUMBA` says.

    Parameters
    ----------
    fn
        A module-level function (the fused kernel).

    Returns
    -------
    callable
        The compiled function.

    Raises
    ------
    ImportError
        If Numba is not installed.
    """
    out = _compile(fn)
    if out is None:  # pragma: no cover - Numba is a dependency
        raise ImportError(f"compiling {fn.__qualname__} needs Numba")
    return out


def _compile(fn: Callable[..., Any]) -> Any:
    key = (fn.__module__, fn.__qualname__)
    if key not in _COMPILED:
        try:
            import numba
        except ImportError:  # pragma: no cover - Numba is a dependency
            _COMPILED[key] = None
        else:
            model = getattr(fn, "_realpolitik_error_model", "python")
            _COMPILED[key] = numba.njit(nogil=True, cache=True, error_model=model)(
                _with_scalars(fn)
            )
    return _COMPILED[key]


def _scalars_called(fn: Callable[..., Any]) -> dict[str, Callable[..., Any]]:
    """Return the scalar functions ``fn`` refers to by global name."""
    found = {}
    for name in fn.__code__.co_names:
        value = fn.__globals__.get(name)
        if getattr(value, "_realpolitik_scalar", False):
            found[name] = value
    return found


def _digest(fn: Callable[..., Any], h: Any) -> None:
    """Feed ``fn``'s code (and that of the scalar functions it calls) into the hash ``h``."""
    code = fn.__code__
    h.update(code.co_code)
    h.update(repr((code.co_consts, code.co_names)).encode())
    for name, dep in sorted(_scalars_called(fn).items()):
        h.update(name.encode())
        _digest(dep, h)


def _with_scalars(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``fn`` calling the compiled versions of the scalar functions it calls."""
    deps = _scalars_called(fn)
    if not deps:
        return fn
    glob = dict(fn.__globals__)
    h = hashlib.sha256()
    for name, dep in sorted(deps.items()):
        glob[name] = _compile(dep)
        h.update(name.encode())
        _digest(dep, h)
    new = types.FunctionType(fn.__code__, glob, fn.__name__, fn.__defaults__, fn.__closure__)
    new.__qualname__ = f"{fn.__qualname__}__{h.hexdigest()[:12]}"
    new.__module__ = fn.__module__
    new.__doc__ = fn.__doc__
    return new

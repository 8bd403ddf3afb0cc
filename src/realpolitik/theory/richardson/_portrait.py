"""The curves of Richardson's phase portrait: nullclines and sample trajectories (Richardson 1960).

The x-nullcline is ``k*y - a*x + g = 0`` (where dx/dt = 0) and the y-nullcline
``l*x - b*y + h = 0``; they cross at the equilibrium. Trajectories are the model's own discrete
iteration :meth:`~realpolitik.theory.richardson.Richardson.simulate` with a time step small
against every eigenvalue (at most ``0.05/max|lambda|`` and 1/400 of the horizon), which traces
the continuous-time flow to drawing accuracy at a fraction of the cost of the closed form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from realpolitik.theory import _validate as val
from realpolitik.theory.richardson._model import Richardson

# Points per nullcline, the largest number of points kept per trajectory, and the distance
# (in box sides) beyond which a runaway path is cut off.
_NULLCLINE_POINTS = 200
_PATH_POINTS = 300
_RUNAWAY_SIDES = 50.0


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class PhasePortrait:
    """Nullclines and trajectories of a Richardson model in the positive quadrant.

    Attributes
    ----------
    box : tuple of float
        ``(x_max, y_max)``: the quadrant ``[0, x_max] x [0, y_max]`` the curves are meant for,
        twice the largest of 1, the start and the equilibrium's coordinates (armament units).
    x_nullcline, y_nullcline : numpy.ndarray
        Points ``(x, y)`` of the lines where dx/dt = 0 and where dy/dt = 0, shape (n, 2), over
        the box's x range (a vertical line when the level's own coefficient is 0; empty when
        the rate does not depend on the levels).
    trajectories : tuple of numpy.ndarray
        Unconstrained paths from starts spread along the box's edges, each of shape (n, 2).
    start_path : numpy.ndarray
        The unconstrained path from ``(x0, y0)``, shape (n, 2).
    horizon : float
        Years each path covers (at most; runaway paths stop well off the box).
    """

    box: tuple[float, float]
    x_nullcline: np.ndarray
    y_nullcline: np.ndarray
    trajectories: tuple[np.ndarray, ...]
    start_path: np.ndarray
    horizon: float


def _nullcline(own: float, cross: float, const: float, xs: np.ndarray, y_max: float) -> np.ndarray:
    """Points of ``cross*x - own*y + const = 0`` (the y-nullcline's form) over ``xs``."""
    if own != 0:
        return np.column_stack([xs, (cross * xs + const) / own])
    if cross != 0:
        x = -const / cross
        return np.array([[x, 0.0], [x, y_max]])
    return np.empty((0, 2))


def phase_portrait(model: Richardson, x0: float, y0: float) -> PhasePortrait:
    """Return the nullclines and sample trajectories of a Richardson model's phase portrait.

    Parameters
    ----------
    model : Richardson
        The model.
    x0, y0 : float
        The start whose path is traced, armament levels >= 0.

    Returns
    -------
    PhasePortrait
        The box, both nullclines, the trajectories from the box's edges and the path from
        ``(x0, y0)`` (unconstrained, thinned to at most 300 points each).

    Raises
    ------
    ValueError
        If ``model`` is not a Richardson model, or x0 or y0 is negative or not finite.
    """
    if not isinstance(model, Richardson):
        raise ValueError(f"model = {model!r} is not a Richardson model")
    x0 = val.nonnegative("x0", x0)
    y0 = val.nonnegative("y0", y0)
    eq = model.equilibrium
    scale = max([1.0, x0, y0] + ([abs(eq[0]), abs(eq[1])] if eq is not None else []))
    side = 2.0 * scale
    rates = [abs(complex(e).real) for e in model.eigenvalues]
    slow = [r for r in rates if r > 1e-9]
    horizon = 5.0 / min(slow) if slow else 20.0
    horizon = float(min(max(horizon, 1.0), 100.0))
    dt = min(horizon / 400.0, 0.05 / max(max(rates), 1e-9))
    steps = min(math.ceil(horizon / dt), 4000)
    fr = (0.0, 0.25, 0.5, 0.75, 1.0)
    starts = {(f * side, 0.0) for f in fr} | {(0.0, f * side) for f in fr}
    starts |= {(f * side, side) for f in fr[1:]} | {(side, f * side) for f in fr[1:]}
    starts.discard((x0, y0))

    def path(sx: float, sy: float) -> np.ndarray:
        pts = model.simulate(sx, sy, steps, dt)
        keep = np.all(np.isfinite(pts) & (np.abs(pts) <= _RUNAWAY_SIDES * side), axis=1)
        if not keep.all():  # stop runaway paths well off the chart
            pts = pts[: max(int(np.argmin(keep)), 2)]
        return pts[:: max(1, steps // _PATH_POINTS)]

    xs = np.linspace(0.0, side, _NULLCLINE_POINTS)
    return PhasePortrait(
        box=(side, side),
        # k*y - a*x + g = 0 is the y-nullcline's form with the roles of (own, cross) = (k, a)
        x_nullcline=_nullcline(model.k, model.a, -model.g, xs, side),
        y_nullcline=_nullcline(model.b, model.l, model.h, xs, side),
        trajectories=tuple(path(sx, sy) for sx, sy in sorted(starts)),
        start_path=path(x0, y0),
        horizon=horizon,
    )

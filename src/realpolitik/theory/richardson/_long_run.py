"""The long run of the constrained Richardson system (levels held >= 0), by exact integration.

Under the sign conventions the four cases of Rapoport (1960) are decided analytically by
:meth:`~realpolitik.theory.richardson.Richardson.long_run`; every other model (mixed signs,
D = 0, broken conventions) is integrated here piece by piece: the matrix exponential on each face
of the positive quadrant, switching faces by bisection on the event time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from realpolitik.theory.richardson._model import Richardson

#: Labels of :attr:`LongRun.outcome`.
OUTCOMES: tuple[str, ...] = ("stable_equilibrium", "disarmament", "runaway")

# Integration of the constrained system (long_run of models outside the four cases).
_CONVERGED_RTOL = 1e-12  # |rate| below this, relative to r*max(1, |z|) + |c|: settled
_SNAP_RTOL = 1e-6  # a settled state this close to a constrained equilibrium is reported as it
_RUNAWAY_FACTOR = 1e8  # models breaking the sign conventions: |z| beyond this x scale: runaway
_MAX_STEPS = 100_000


@dataclass(frozen=True)
class LongRun:
    """Long-run outcome of the constrained Richardson system from a given start.

    Attributes
    ----------
    outcome : str
        "stable_equilibrium", "disarmament" (the limit is (0, 0)) or "runaway".
    limit : tuple of float or None
        The limit (x, y); None for a runaway.
    """

    outcome: str
    limit: tuple[float, float] | None


def _constrained_equilibria(m: Richardson) -> list[np.ndarray]:
    """Isolated rest points of the constrained system (a line of them, D = 0, is not listed)."""
    pts = []
    if m.g <= 0 and m.h <= 0:
        pts.append(np.zeros(2))
    if m.a != 0 and m.g / m.a > 0 and m.l * (m.g / m.a) + m.h <= 0:
        pts.append(np.array([m.g / m.a, 0.0]))
    if m.b != 0 and m.h / m.b > 0 and m.k * (m.h / m.b) + m.g <= 0:
        pts.append(np.array([0.0, m.h / m.b]))
    eq = m.equilibrium
    if eq is not None and eq[0] > 0 and eq[1] > 0:
        pts.append(np.array(eq))
    return pts


def _settled(x: float, y: float, pts: list[tuple[float, float]]) -> LongRun:
    """Return the long run of a settled state, snapped to a constrained equilibrium within 1e-6."""
    for p in pts:
        if max(abs(x - p[0]), abs(y - p[1])) <= _SNAP_RTOL * max(1.0, *p):
            x, y = p
            break
    outcome = "disarmament" if (x, y) == (0.0, 0.0) else "stable_equilibrium"
    return LongRun(outcome, (x, y))


def _event_time(happened: Callable[[float], bool], step: float) -> float:
    """Return the first time in (0, step] at which ``happened`` turns true, by bisection.

    The bisection keeps no event at ``lo`` and an event at ``hi``; it returns ``hi``.
    """
    lo, hi = 0.0, step
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        if happened(mid):
            hi = mid
        else:
            lo = mid
    return hi


def integrate_constrained(m: Richardson, x0: float, y0: float) -> LongRun:
    """Decide the long run of the constrained system by exact piecewise integration."""
    from scipy.linalg import expm

    a, b, k, l, g, h = m.a, m.b, m.k, m.l, m.g, m.h
    r = max(abs(a), abs(b), abs(k), abs(l))
    if r == 0.0:  # z' = c: each level drifts at a constant rate
        if g > 0 or h > 0:
            return LongRun("runaway", None)
        limit = (x0 if g == 0 else 0.0, y0 if h == 0 else 0.0)
        return LongRun("disarmament" if limit == (0.0, 0.0) else "stable_equilibrium", limit)

    pts = [(float(p[0]), float(p[1])) for p in _constrained_equilibria(m)]
    # The monotone runaway certificate needs a cooperative system and no unbounded line of
    # equilibria (D = 0 with c in the range of J: the line has a positive direction (k, a)).
    line = m.determinant == 0 and l * g + a * h == 0
    certify = m.sign_conventions_hold and not line
    c_size = max(abs(g), abs(h))
    bound = _RUNAWAY_FACTOR * max([1.0, x0, y0, c_size / r] + [max(p) for p in pts])
    slow = min(abs(complex(lam).real) for lam in m.eigenvalues)
    h0 = 0.05 / r
    h_max = max(20.0 * h0, 0.5 / slow) if slow > 1e-12 * r else 20.0 * h0
    aug = m._augmented()
    cache: dict[tuple[bool, bool, float], tuple[float, ...]] = {}

    def flow(x: float, y: float, px: bool, py: bool, tau: float, keep: bool = False):
        key = (px, py, tau)
        E = cache.get(key)
        if E is None:
            A = aug.copy()
            A[:2][[px, py]] = 0.0  # a pinned level stays at 0
            E = tuple(float(e) for e in expm(A * tau)[:2].ravel())
            if keep and len(cache) < 256:
                cache[key] = E
        xn = 0.0 if px else E[0] * x + E[1] * y + E[2]
        yn = 0.0 if py else E[3] * x + E[4] * y + E[5]
        return xn, yn

    def event(x: float, y: float, px: bool, py: bool) -> bool:
        # a free level went negative, or a pinned one's rate turned positive
        fx_up = k * y - a * x + g > 0
        fy_up = l * x - b * y + h > 0
        return (fx_up if px else x < 0) or (fy_up if py else y < 0)

    x, y = x0, y0
    step, calm = h0, 0
    for _ in range(_MAX_STEPS):
        fx, fy = k * y - a * x + g, l * x - b * y + h
        px, py = x <= 0 and fx <= 0, y <= 0 and fy <= 0
        Fx, Fy = (0.0 if px else fx), (0.0 if py else fy)
        size = max(abs(x), abs(y))
        if not math.isfinite(size) or (not certify and size > bound):
            return LongRun("runaway", None)
        if max(abs(Fx), abs(Fy)) <= _CONVERGED_RTOL * (r * max(1.0, size) + c_size):
            return _settled(x, y, pts)
        if certify and Fx >= 0 and Fy >= 0 and not any(p[0] >= x and p[1] >= y for p in pts):
            return LongRun("runaway", None)
        xn, yn = flow(x, y, px, py, step, keep=True)
        if event(xn, yn, px, py):
            hi = _event_time(lambda t, z=(x, y, px, py): event(*flow(*z, t), *z[2:]), step)
            xn, yn = flow(x, y, px, py, hi)
            x, y = max(xn, 0.0), max(yn, 0.0)
            step, calm = h0, 0
        else:
            x, y = xn, yn
            calm += 1
            if calm >= 200:
                step = min(step * 1.25, h_max)
    raise ValueError(
        f"k, l, a, b = {k!r}, {l!r}, {a!r}, {b!r}: the constrained path neither settles nor runs "
        "away (a sustained oscillation, possible only when the sign conventions fail)"
    )

"""Richardson's arms race: two (or N) nations that arm in reaction to each other.

Sources: L. F. Richardson, *Generalized Foreign Politics* (1939) and *Arms and Insecurity*
(1960); the four cases follow A. Rapoport, *Fights, Games and Debates* (1960). MODELS.md
section 1.

Equations implemented (MODELS.md 1)
-----------------------------------
Armament levels x(t), y(t) >= 0 (defence expenditure, e.g. million GBP per year), t in years::

    dx/dt = k*y - a*x + g
    dy/dt = l*x - b*y + h

i.e. ``z' = J z + c`` with ``J = [[-a, k], [l, -b]]`` and ``c = (g, h)``. Sign conventions:
k, l >= 0 (defence / reaction coefficients, 1/yr), a, b > 0 (fatigue, 1/yr), g, h real
(grievance if > 0, goodwill if < 0; units of dx/dt). The constructor accepts any finite reals
(fitted models can break the conventions); ``sign_conventions_hold`` reports whether they hold.

* D = a*b - k*l. Equilibrium (D != 0): ``x* = (k*h + b*g)/D``, ``y* = (l*g + a*h)/D``.
* Eigenvalues ``(-(a+b) -/+ sqrt((a-b)**2 + 4*k*l))/2``; stable iff every eigenvalue has a
  negative real part, i.e. ``D > 0`` and ``a + b > 0`` (under the conventions: iff ab > kl).
  D = 0 is never stable (equilibrium None, case "degenerate").
* Closed form ``z(t) = z* + expm(J t)(z0 - z*)``.
* Cases: i (ab > kl, g, h > 0: stable balance), ii (ab > kl, g, h < 0: disarmament), iii
  (ab < kl, g, h > 0: runaway), iv (ab < kl, g, h < 0: saddle in the positive quadrant; the side
  of the stable manifold, read off the left eigenvector w_u of the unstable eigenvalue with
  w_u[0] > 0, decides: w_u.(z0 - z*) > 0 runaway, < 0 disarmament, = 0 the equilibrium);
  otherwise "mixed".
* Long run of the *constrained* system (a rate that would push a zero coordinate negative is
  set to 0): the four cases are decided analytically under the sign conventions; every other
  model is integrated (see :meth:`Richardson.long_run`).
* Discrete time ``z_{t+1} = z_t + dt*(J z_t + c)``: stable iff the spectral radius of
  ``I + dt*J`` is < 1 (exactly 1 is not stable).
* N nations: ``x' = A x + g`` with A Metzler; ``x* = -A^{-1} g``; stable iff every eigenvalue
  of A has a negative real part, iff every leading principal minor of -A is > 0
  (Hawkins-Simon).
* Estimation by OLS with intercept (numpy.linalg.lstsq): "forward" regresses
  ``x_{t+1} - x_t`` on ``[y_t, x_t, 1]`` (giving k, -a, g) and ``y_{t+1} - y_t`` on
  ``[x_t, y_t, 1]`` (giving l, -b, h); "midpoint" (Richardson's practice) uses the means of
  consecutive years as regressors. :func:`fit_total` is Richardson's method on a bloc sum.

Conventions: float64 throughout; time in years, rates in 1/yr, levels in the data's units.
:data:`RICHARDSON_1909_1913` holds the 1909-1913 table (million GBP, Richardson 1960) whose
bloc-sum fit is ``Delta(U+V) = 0.731*(U+V - 194.9)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike

from realpolitik.theory import _validate as val

__all__ = [
    "CASES",
    "OUTCOMES",
    "REFERENCES",
    "RICHARDSON_1909_1913",
    "ArmsTable",
    "LongRun",
    "NNation",
    "Richardson",
    "TotalFit",
    "fit",
    "fit_total",
    "n_nation",
]

#: BibTeX keys (see :mod:`realpolitik.citations`) of the sources of this module.
REFERENCES: tuple[str, ...] = ("richardson1939", "richardson1960", "rapoport1960")

#: Labels of :attr:`Richardson.case` (MODELS.md 1, after Rapoport 1960).
CASES: tuple[str, ...] = ("i", "ii", "iii", "iv", "mixed", "degenerate")

#: Labels of :attr:`LongRun.outcome`.
OUTCOMES: tuple[str, ...] = ("stable_equilibrium", "disarmament", "runaway")

# Case iv: |w_u.(z0 - z*)| at most this, relative to max(1, |z0|, |z*|), counts as "exactly on
# the stable manifold" (it absorbs the rounding of a start built as z* + s*v_s).
_MANIFOLD_RTOL = 1e-10
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


@dataclass(frozen=True)
class Richardson:
    """The two-nation Richardson model ``x' = k*y - a*x + g``, ``y' = l*x - b*y + h``.

    Parameters
    ----------
    k, l : float
        Defence (reaction) coefficients, 1/yr; >= 0 under the sign conventions.
    a, b : float
        Fatigue (expense) coefficients, 1/yr; > 0 under the sign conventions.
    g, h : float
        Grievances (> 0) or goodwill (< 0), in units of dx/dt.

    Raises
    ------
    ValueError
        If a parameter is not a finite real number (any finite real is accepted).
    """

    k: float
    l: float
    a: float
    b: float
    g: float
    h: float

    def __post_init__(self) -> None:
        for name in ("k", "l", "a", "b", "g", "h"):
            object.__setattr__(self, name, val.real(name, getattr(self, name)))

    # ------------------------------------------------------------------ structure
    @property
    def jacobian(self) -> np.ndarray:
        """The matrix ``J = [[-a, k], [l, -b]]`` (a new array on every access)."""
        return np.array([[-self.a, self.k], [self.l, -self.b]])

    @property
    def determinant(self) -> float:
        """``D = a*b - k*l`` (the determinant of -J)."""
        return self.a * self.b - self.k * self.l

    @property
    def sign_conventions_hold(self) -> bool:
        """Whether k, l >= 0 and a, b > 0."""
        return self.k >= 0 and self.l >= 0 and self.a > 0 and self.b > 0

    @property
    def stable(self) -> bool:
        """Whether both eigenvalues have negative real parts (``D > 0`` and ``a + b > 0``)."""
        return self.determinant > 0 and self.a + self.b > 0

    @property
    def case(self) -> str:
        """Rapoport's case: "i".."iv", "mixed" (other signs of g, h) or "degenerate" (D = 0).

        The label reads only the signs of D, g and h; its meaning ("stable balance", ...)
        assumes the sign conventions.
        """
        D = self.determinant
        if D == 0:
            return "degenerate"
        pos = self.g > 0 and self.h > 0
        neg = self.g < 0 and self.h < 0
        if D > 0:
            return "i" if pos else "ii" if neg else "mixed"
        return "iii" if pos else "iv" if neg else "mixed"

    @property
    def equilibrium(self) -> tuple[float, float] | None:
        """The fixed point ``(x*, y*)``, or None when D = 0 (no unique equilibrium)."""
        D = self.determinant
        if D == 0:
            return None
        return (
            (self.k * self.h + self.b * self.g) / D,
            (self.l * self.g + self.a * self.h) / D,
        )

    @property
    def eigenvalues(self) -> tuple[float, float] | tuple[complex, complex]:
        """Eigenvalues of J sorted by (real part, imaginary part).

        Real (floats) whenever ``(a - b)**2 + 4*k*l >= 0``, which the sign conventions ensure;
        otherwise a complex-conjugate pair.
        """
        trace = -(self.a + self.b)
        D = self.determinant
        disc = (self.a - self.b) ** 2 + 4.0 * self.k * self.l
        if disc < 0:
            re, im = trace / 2.0, math.sqrt(-disc) / 2.0
            return (complex(re, -im), complex(re, im))
        root = math.sqrt(disc)
        # The larger-magnitude root first, the other from the product (= D): no cancellation.
        if trace == 0:
            return (-root / 2.0, root / 2.0)
        big = (trace - root) / 2.0 if trace < 0 else (trace + root) / 2.0
        small = D / big + 0.0  # + 0.0 turns -0.0 into 0.0
        lo, hi = sorted((big, small))  # rounding can swap a (near) double root
        return (lo, hi)

    # ------------------------------------------------------------------ continuous time
    def state_at(self, t: float, x0: float, y0: float) -> tuple[float, float]:
        """Return the unconstrained solution at time t from (x0, y0).

        Parameters
        ----------
        t : float
            Time in years, >= 0.
        x0, y0 : float
            Initial armament levels, >= 0.

        Returns
        -------
        tuple of float
            ``z* + expm(J t)(z0 - z*)``; for D = 0 (no z*) the same flow computed through the
            augmented matrix ``[[J, c], [0, 0]]``. Levels may go negative: the system is not
            constrained here (see :meth:`long_run`).

        Raises
        ------
        ValueError
            If t, x0 or y0 is not finite or is negative.
        """
        from scipy.linalg import expm

        t = val.nonnegative("t", t)
        z0 = np.array([val.nonnegative("x0", x0), val.nonnegative("y0", y0)])
        eq = self.equilibrium
        if eq is not None:
            zs = np.array(eq)
            z = zs + expm(self.jacobian * t) @ (z0 - zs)
        else:
            z = (expm(self._augmented() * t) @ np.append(z0, 1.0))[:2]
        return (float(z[0]), float(z[1]))

    def long_run(self, x0: float, y0: float) -> LongRun:
        """Return the long-run outcome of the constrained system (x, y kept >= 0) from (x0, y0).

        Under the sign conventions the four cases are decided analytically: i converges to
        z*, ii disarms, iii runs away, and iv follows the side of the stable manifold given by
        the left eigenvector rule (a start on the manifold, within a relative 1e-10, converges
        to z*). Every other model (mixed signs, D = 0, broken conventions) is integrated exactly
        piece by piece (matrix exponential on each face of the quadrant, switching faces by
        bisection on the event time) until one of these stopping rules fires:

        * settled: the constrained rate is below 1e-12 of its scale; the state (snapped to a
          constrained equilibrium within a relative 1e-6) is the limit, "disarmament" if (0, 0);
        * runaway, under the sign conventions (a cooperative, hence monotone system): both
          constrained rates are >= 0 (the path is nondecreasing from then on) and no constrained
          equilibrium lies above the state;
        * runaway, otherwise: the state exceeds 1e8 times the model's scale.

        Parameters
        ----------
        x0, y0 : float
            Initial armament levels, >= 0.

        Returns
        -------
        LongRun
            ``outcome`` and ``limit`` ((x, y), or None for a runaway).

        Raises
        ------
        ValueError
            If x0 or y0 is negative or not finite, or (only for a model that breaks the sign
            conventions) if the path neither settles nor runs away within the step budget
            (a sustained oscillation).
        """
        x0 = val.nonnegative("x0", x0)
        y0 = val.nonnegative("y0", y0)
        case = self.case
        if not self.sign_conventions_hold or case in ("mixed", "degenerate"):
            return _integrate_constrained(self, x0, y0)
        if case == "i":
            return LongRun("stable_equilibrium", self.equilibrium)
        if case == "ii":
            return LongRun("disarmament", (0.0, 0.0))
        if case == "iii":
            return LongRun("runaway", None)
        side = self.manifold_side(x0, y0)
        if side > 0:
            return LongRun("runaway", None)
        if side < 0:
            return LongRun("disarmament", (0.0, 0.0))
        return LongRun("stable_equilibrium", self.equilibrium)

    def manifold_side(self, x0: float, y0: float) -> int:
        """Return the side of the saddle's stable manifold on which (x0, y0) lies.

        Parameters
        ----------
        x0, y0 : float
            A state, >= 0.

        Returns
        -------
        int
            The sign of ``w_u.(z0 - z*)``, with w_u the left eigenvector of J for the unstable
            eigenvalue oriented so that ``w_u[0] > 0``: +1 (runaway side), -1 (disarmament
            side), 0 (on the manifold, within a relative 1e-10).

        Raises
        ------
        ValueError
            If x0 or y0 is negative or not finite, or if the model is not a real saddle
            (D >= 0) or its left eigenvector cannot be oriented (l = 0 and a + lambda_u = 0).
        """
        x0 = val.nonnegative("x0", x0)
        y0 = val.nonnegative("y0", y0)
        if self.determinant >= 0:
            raise ValueError(
                f"k, l, a, b: D = ab - kl = {self.determinant!r} >= 0; the stable manifold "
                "exists only for a saddle (D < 0)"
            )
        lam_u = float(self.eigenvalues[1])  # D < 0: real eigenvalues of opposite signs
        w = np.array([self.l, self.a + lam_u])  # w^T (J - lam_u I) = 0 (first column)
        if w[0] == 0:
            w = np.array([self.b + lam_u, self.k])  # second column
        if w[0] == 0:
            raise ValueError("l: the left eigenvector has w_u[0] = 0 and cannot be oriented")
        w = w * np.sign(w[0]) / np.linalg.norm(w)
        zs = np.array(self.equilibrium)
        z0 = np.array([x0, y0])
        s = float(w @ (z0 - zs))
        scale = max(1.0, float(np.abs(z0).max()), float(np.abs(zs).max()))
        if abs(s) <= _MANIFOLD_RTOL * scale:
            return 0
        return 1 if s > 0 else -1

    # ------------------------------------------------------------------ discrete time
    def simulate(self, x0: float, y0: float, steps: int, dt: float = 1.0) -> np.ndarray:
        """Iterate the discrete-time model ``z_{t+1} = z_t + dt*(J z_t + c)``.

        Parameters
        ----------
        x0, y0 : float
            Initial armament levels, >= 0.
        steps : int
            Number of steps, >= 0.
        dt : float, default 1.0
            Step length in years, > 0.

        Returns
        -------
        numpy.ndarray
            Shape (steps + 1, 2): row 0 is (x0, y0), row t the state after t steps. The map is
            not constrained (an overshooting map can go negative); an exploding path may reach
            inf.

        Raises
        ------
        ValueError
            If x0, y0 are negative or not finite, steps is not an integer >= 0 or dt <= 0.
        """
        z = np.array([val.nonnegative("x0", x0), val.nonnegative("y0", y0)])
        n = val.integer("steps", steps, lo=0)
        dt = val.positive("dt", dt)
        M = np.eye(2) + dt * self.jacobian
        inc = dt * np.array([self.g, self.h])
        out = np.empty((n + 1, 2))
        out[0] = z
        with np.errstate(over="ignore", invalid="ignore"):
            for i in range(1, n + 1):
                z = M @ z + inc
                out[i] = z
        return out

    def spectral_radius(self, dt: float = 1.0) -> float:
        """Return the spectral radius of ``I + dt*J``, the discrete map's linear part.

        Parameters
        ----------
        dt : float, default 1.0
            Step length in years, > 0.

        Returns
        -------
        float
            ``max |1 + dt*lambda_i|`` over the eigenvalues lambda_i of J.

        Raises
        ------
        ValueError
            If dt is not a finite number > 0.
        """
        dt = val.positive("dt", dt)
        return float(max(abs(1.0 + dt * lam) for lam in self.eigenvalues))

    def discrete_stable(self, dt: float = 1.0) -> bool:
        """Return whether the discrete map is stable: spectral radius strictly below 1.

        Parameters
        ----------
        dt : float, default 1.0
            Step length in years, > 0.

        Returns
        -------
        bool
            ``spectral_radius(dt) < 1`` (a radius of exactly 1 is not stable).

        Raises
        ------
        ValueError
            If dt is not a finite number > 0.
        """
        return self.spectral_radius(dt) < 1.0

    def _augmented(self) -> np.ndarray:
        aug = np.zeros((3, 3))
        aug[:2, :2] = self.jacobian
        aug[:2, 2] = (self.g, self.h)
        return aug


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


def _integrate_constrained(m: Richardson, x0: float, y0: float) -> LongRun:
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
            for p in pts:
                if max(abs(x - p[0]), abs(y - p[1])) <= _SNAP_RTOL * max(1.0, *p):
                    x, y = p
                    break
            outcome = "disarmament" if (x, y) == (0.0, 0.0) else "stable_equilibrium"
            return LongRun(outcome, (x, y))
        if certify and Fx >= 0 and Fy >= 0 and not any(p[0] >= x and p[1] >= y for p in pts):
            return LongRun("runaway", None)
        xn, yn = flow(x, y, px, py, step, keep=True)
        if event(xn, yn, px, py):
            lo, hi = 0.0, step  # bisection keeps: no event at lo, an event at hi
            for _ in range(200):
                mid = 0.5 * (lo + hi)
                if mid <= lo or mid >= hi:
                    break
                if event(*flow(x, y, px, py, mid), px, py):
                    hi = mid
                else:
                    lo = mid
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


# ---------------------------------------------------------------------------- estimation
def _ols(design: np.ndarray, target: np.ndarray, names: str) -> np.ndarray:
    coef, _, rank, _ = np.linalg.lstsq(design, target, rcond=None)
    if rank < design.shape[1]:
        raise ValueError(
            f"{names}: the regressors are collinear (rank {rank} < {design.shape[1]}), so the "
            "parameters are not identified; the series must vary independently"
        )
    return coef


def fit(x: ArrayLike, y: ArrayLike, scheme: str = "forward") -> Richardson:
    """Estimate a Richardson model from yearly series by ordinary least squares.

    Parameters
    ----------
    x, y : array_like
        The two nations' levels in years 0..T, 1-D, equal length >= 4 (at least three yearly
        changes for three coefficients per equation), finite.
    scheme : {"forward", "midpoint"}, default "forward"
        "forward": regress ``x_{t+1} - x_t`` on ``[y_t, x_t, 1]`` and ``y_{t+1} - y_t`` on
        ``[x_t, y_t, 1]``. "midpoint" (Richardson's practice): the same with the means of
        consecutive years, ``(x_t + x_{t+1})/2`` and ``(y_t + y_{t+1})/2``, as regressors.

    Returns
    -------
    Richardson
        The model with the estimated k, l, a, b, g, h (sign conventions not imposed).

    Raises
    ------
    ValueError
        For an unknown scheme; series that are not 1-D, contain NaN/inf, differ in length or
        are shorter than 4; or collinear regressors (parameters not identified).
    """
    scheme = val.choice("scheme", scheme, ("forward", "midpoint"))
    xa = val.array("x", x, ndim=1, min_size=4)
    ya = val.array("y", y, ndim=1, min_size=4)
    if xa.shape != ya.shape:
        raise ValueError(f"x and y have lengths {xa.size} and {ya.size}; expected equal lengths")
    dx, dy = np.diff(xa), np.diff(ya)
    if scheme == "forward":
        xr, yr = xa[:-1], ya[:-1]
    else:
        xr, yr = 0.5 * (xa[:-1] + xa[1:]), 0.5 * (ya[:-1] + ya[1:])
    ones = np.ones_like(dx)
    k, minus_a, g = _ols(np.column_stack([yr, xr, ones]), dx, "x, y")
    l, minus_b, h = _ols(np.column_stack([xr, yr, ones]), dy, "x, y")
    return Richardson(k=k, l=l, a=-minus_a, b=-minus_b, g=g, h=h)


@dataclass(frozen=True)
class TotalFit:
    """Richardson's regression on a bloc sum: ``Delta(U+V) = slope*(U+V) + intercept``.

    Attributes
    ----------
    slope : float
        ``k - a`` for symmetric blocs (1/yr); > 0 means an unstable race.
    intercept : float
        ``g + h`` (units of the sum per year).
    zero_point : float or None
        ``-intercept/slope``, the level at which the sum would stop changing; None if the
        slope is 0 (to rounding: ``|slope|*max|mean| <= 1e-12*max|change|``).
    """

    slope: float
    intercept: float
    zero_point: float | None


def fit_total(total: ArrayLike) -> TotalFit:
    """Fit Richardson's bloc-sum equation ``d(U+V)/dt = (k - a)(U+V) + (g + h)``.

    Regresses the yearly change ``s_{t+1} - s_t`` on the mean of consecutive years
    ``(s_t + s_{t+1})/2``, with an intercept (OLS, numpy.linalg.lstsq).

    Parameters
    ----------
    total : array_like
        The bloc sum U + V in consecutive years, 1-D, length >= 3, finite.

    Returns
    -------
    TotalFit
        Slope, intercept and zero point.

    Raises
    ------
    ValueError
        If total is not a finite 1-D series of length >= 3, or is constant in a way that makes
        slope and intercept unidentified.
    """
    s = val.array("total", total, ndim=1, min_size=3)
    mean = 0.5 * (s[:-1] + s[1:])
    slope, intercept = _ols(np.column_stack([mean, np.ones_like(mean)]), np.diff(s), "total")
    slope, intercept = float(slope), float(intercept)
    # a slope whose effect on the fitted changes is at rounding level counts as 0
    flat = abs(slope) * float(np.abs(mean).max()) <= 1e-12 * float(np.abs(np.diff(s)).max())
    return TotalFit(slope, intercept, None if flat else -intercept / slope)


# ---------------------------------------------------------------------------- data
@dataclass(frozen=True)
class ArmsTable:
    """A small table of yearly defence expenditure by country, read-only.

    Attributes
    ----------
    years : tuple of int
        The years, ascending.
    milex : Mapping[str, tuple of float]
        Expenditure per country, one value per year.
    blocs : Mapping[str, tuple of str]
        The blocs, each a tuple of country names.
    units : str
        Units of ``milex``.
    source : str
        BibTeX key of the source.
    """

    years: tuple[int, ...]
    milex: Mapping[str, tuple[float, ...]]
    blocs: Mapping[str, tuple[str, ...]]
    units: str
    source: str

    def series(self, country: str) -> np.ndarray:
        """Return one country's expenditure per year.

        Parameters
        ----------
        country : str
            One of the table's countries.

        Returns
        -------
        numpy.ndarray
            Float64 array, one value per year.

        Raises
        ------
        ValueError
            For a country not in the table.
        """
        country = val.choice("country", country, tuple(self.milex))
        return np.array(self.milex[country], dtype=float)

    def total(self, countries: Sequence[str] | None = None) -> np.ndarray:
        """Return the yearly sum over countries (default: all, i.e. U + V for two blocs).

        Parameters
        ----------
        countries : sequence of str, optional
            Countries (or bloc names) to add up; default every country.

        Returns
        -------
        numpy.ndarray
            Float64 array, one value per year.

        Raises
        ------
        ValueError
            For a name that is neither a country nor a bloc of the table.
        """
        names: list[str] = []
        for name in self.milex if countries is None else countries:
            if name in self.blocs:
                names.extend(self.blocs[name])
            else:
                names.append(val.choice("countries", name, tuple(self.milex) + tuple(self.blocs)))
        return np.sum([self.milex[c] for c in names], axis=0, dtype=float)


#: Defence expenditure 1909-1913, million GBP, as reproduced from Richardson (1960)
#: (MODELS.md 1, [UNSURE] about individual figures). Blocs: U = France + Russia ("Entente"),
#: V = Germany + Austria-Hungary ("Central Powers"). ``fit_total(RICHARDSON_1909_1913.total())``
#: gives slope 0.731/yr and zero point 194.9.
RICHARDSON_1909_1913 = ArmsTable(
    years=(1909, 1910, 1911, 1912, 1913),
    milex=MappingProxyType(
        {
            "France": (48.6, 50.9, 57.1, 63.2, 74.7),
            "Russia": (66.7, 68.5, 70.7, 81.8, 92.0),
            "Germany": (63.1, 62.0, 62.5, 68.2, 95.4),
            "Austria-Hungary": (20.8, 23.4, 24.6, 25.5, 26.9),
        }
    ),
    blocs=MappingProxyType(
        {"Entente": ("France", "Russia"), "Central Powers": ("Germany", "Austria-Hungary")}
    ),
    units="million GBP per year",
    source="richardson1960",
)

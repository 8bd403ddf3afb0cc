"""The two-nation Richardson model: structure, continuous and discrete time (Richardson 1960).

See :mod:`realpolitik.theory.richardson` for the equations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from realpolitik.theory import _validate as val
from realpolitik.theory.richardson._long_run import LongRun, integrate_constrained

#: Labels of :attr:`Richardson.case` (after Rapoport 1960).
CASES: tuple[str, ...] = ("i", "ii", "iii", "iv", "mixed", "degenerate")

# Case iv: |w_u.(z0 - z*)| at most this, relative to max(1, |z0|, |z*|), counts as "exactly on
# the stable manifold" (it absorbs the rounding of a start built as z* + s*v_s).
_MANIFOLD_RTOL = 1e-10


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
            return integrate_constrained(self, x0, y0)
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

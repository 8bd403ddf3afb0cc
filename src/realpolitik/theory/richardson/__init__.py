"""Richardson's arms race: two (or N) nations that arm in reaction to each other.

Sources: L. F. Richardson, *Generalized Foreign Politics* (1939) and *Arms and Insecurity*
(1960); the four cases follow A. Rapoport, *Fights, Games and Debates* (1960).
Documentation: docs/models/richardson.md.

Equations implemented
---------------------
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

from realpolitik.theory.inputs import Input
from realpolitik.theory.richardson._estimation import (
    RICHARDSON_1909_1913,
    TABLES,
    ArmsTable,
    BlocFit,
    TotalFit,
    bloc_fit,
    fit,
    fit_total,
)
from realpolitik.theory.richardson._long_run import OUTCOMES, LongRun
from realpolitik.theory.richardson._model import CASES, Richardson
from realpolitik.theory.richardson._nations import NNation, n_nation
from realpolitik.theory.richardson._portrait import PhasePortrait, phase_portrait

__all__ = [
    "CASES",
    "INPUTS",
    "OUTCOMES",
    "REFERENCES",
    "RICHARDSON_1909_1913",
    "RUNAWAY",
    "TABLES",
    "ArmsTable",
    "BlocFit",
    "LongRun",
    "NNation",
    "PhasePortrait",
    "Richardson",
    "TotalFit",
    "bloc_fit",
    "fit",
    "fit_total",
    "n_nation",
    "phase_portrait",
]

#: BibTeX keys (see :mod:`realpolitik.citations`) of the sources of this module.
REFERENCES: tuple[str, ...] = ("richardson1939", "richardson1960", "rapoport1960")

#: The classic inputs: the stable example (case i) and a start, or a historical table to fit.
INPUTS: tuple[Input, ...] = (
    Input("k", 0.9, "A's reaction (defence) coefficient to B", "1/yr"),
    Input("l", 0.8, "B's reaction (defence) coefficient to A", "1/yr"),
    Input("a", 1.2, "A's fatigue / expense coefficient", "1/yr"),
    Input("b", 1.0, "B's fatigue / expense coefficient", "1/yr"),
    Input("g", 2.0, "A's grievance (> 0) or goodwill (< 0)", "M GBP/yr"),
    Input("h", 1.5, "B's grievance (> 0) or goodwill (< 0)", "M GBP/yr"),
    Input("x0", 0.0, "A's starting armaments", "M GBP/yr", lo=0.0),
    Input("y0", 0.0, "B's starting armaments", "M GBP/yr", lo=0.0),
    Input(
        "data",
        None,
        "Fit a historical table instead (fit_total on the bloc sums)",
        kind="choice",
        choices=tuple(TABLES),
    ),
)

#: The classic runaway example (case iii): the inputs that differ from the stable example's.
RUNAWAY: dict[str, float] = {"k": 1.2, "l": 1.0, "a": 0.5, "b": 0.6, "g": 1.0, "h": 1.0}

# Results name this package as their home, where realpolitik.cite finds the sources.
for _cls in (ArmsTable, BlocFit, LongRun, NNation, PhasePortrait, Richardson, TotalFit):
    _cls.__module__ = __name__
del _cls

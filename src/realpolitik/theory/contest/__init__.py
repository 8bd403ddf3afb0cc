"""Lanchester attrition and contest success functions: who wins a war, and how much states arm.

Sources
-------
- F. W. Lanchester, *Aircraft in Warfare: The Dawn of the Fourth Arm*, 1916 (attrition laws).
- G. Tullock, "Efficient Rent Seeking", 1980 (ratio-form contest and equilibrium outlays).
- J. Hirshleifer, "Conflict and rent-seeking success functions: ratio vs. difference models of
  relative success", *Public Choice* 63, 1989 (logistic / difference form).
- J. Hirshleifer, "The Paradox of Power", *Economics & Politics* 3, 1991 (guns vs butter).

Equations
---------
Square law (aimed fire): ``dA/dt = -beta * B``, ``dB/dt = -alpha * A``; invariant
``alpha * A**2 - beta * B**2``; A wins iff ``alpha * A0**2 > beta * B0**2``; survivors
``sqrt(A0**2 - (beta / alpha) * B0**2)``; with ``w = sqrt(alpha * beta)``,
``A(t) = A0 cosh(w t) - sqrt(beta / alpha) B0 sinh(w t)`` (symmetric for B) and
``t* = artanh(sqrt(beta / alpha) * B0 / A0) / w``.

Area law (area fire): ``dA/dt = -beta * A * B``, ``dB/dt = -alpha * A * B``; invariant
``K = alpha * A - beta * B``; A wins iff ``K > 0``; survivors ``A0 - (beta / alpha) * B0``,
reached only asymptotically. Closed form (logistic):
``A(t) = K A0 / (K - beta B0 expm1(-K t))``, ``B(t) = -K B0 / (-K - alpha A0 expm1(K t))``.

Ancient law (one-on-one): ``dA/dt = -beta``, ``dB/dt = -alpha``; A wins iff
``A0 / beta > B0 / alpha``; ``t* = min(A0 / beta, B0 / alpha)``.

Contest success functions (probability that A wins): Tullock ratio form
``p_A = x_A**m / (x_A**m + x_B**m)`` (1/2 if both are 0) and Hirshleifer's logistic form
``p_A = 1 / (1 + exp(k * (x_B - x_A)))``.

Equilibrium arming: Tullock with m = 1 and prizes ``V_A, V_B``:
``x_A = V_A**2 V_B / (V_A + V_B)**2``, ``x_B = V_A V_B**2 / (V_A + V_B)**2``; symmetric with
``m <= 2``: ``x = m V / 4`` (rent dissipation ``m / 2``). Guns vs butter:
``U_i = p_i(G_A, G_B) * (R_A - G_A + R_B - G_B)``; interior equilibrium
``G_A = G_B = m (R_A + R_B) / (2 (1 + m))`` iff it is ``<= min(R_A, R_B)`` (the paradox of
power: equal shares whatever the resource gap); otherwise the poorer side goes all-in and the
richer side best-responds.

Conventions
-----------
Forces, arming, resources and prizes are nonnegative amounts in common units; kill rates
``alpha``, ``beta`` are per unit of time per unit of force; ``t`` is time in the same unit.
Boundary ties in a battle (equal fighting strength, to a relative 1e-12) are a ``"draw"``.
:func:`tullock` and :func:`logistic` work elementwise on numpy arrays (the engine reuses them):
scalars in give a float, arrays in give an ndarray.
"""

from __future__ import annotations

from realpolitik.theory.contest._csf import (
    DECISIVENESS_LEVELS,
    GunsButter,
    GunsButterSweep,
    TullockCurves,
    guns_vs_butter,
    guns_vs_butter_sweep,
    logistic,
    tullock,
    tullock_array,
    tullock_curves,
    tullock_equilibrium,
    tullock_symmetric,
    tullock_unchecked,
)
from realpolitik.theory.contest._lanchester import LAWS, Battle, lanchester
from realpolitik.theory.inputs import Input

REFERENCES: tuple[str, ...] = (
    "lanchester1916",
    "tullock1980",
    "hirshleifer1989",
    "hirshleifer1991",
)

__all__ = [
    "DECISIVENESS_LEVELS",
    "INPUTS",
    "LAWS",
    "REFERENCES",
    "Battle",
    "GunsButter",
    "GunsButterSweep",
    "TullockCurves",
    "guns_vs_butter",
    "guns_vs_butter_sweep",
    "lanchester",
    "logistic",
    "tullock",
    "tullock_array",
    "tullock_curves",
    "tullock_equilibrium",
    "tullock_symmetric",
    "tullock_unchecked",
]

#: The classic inputs: a square-law battle of 1000 against 800, and guns vs butter with
#: resources 15 and 5.
INPUTS: tuple[Input, ...] = (
    Input("A0", 1000.0, "A's initial force", "units", lo=0.0),
    Input("B0", 800.0, "B's initial force", "units", lo=0.0),
    Input("alpha", 0.01, "A's kill rate per unit against B", "1/time", lo=0.0, lo_open=True),
    Input("beta", 0.01, "B's kill rate per unit against A", "1/time", lo=0.0, lo_open=True),
    Input("law", "square", "Lanchester law", kind="choice", choices=LAWS),
    Input("R_A", 15.0, "Guns vs butter: A's resources", lo=0.0, lo_open=True),
    Input("R_B", 5.0, "Guns vs butter: B's resources", lo=0.0, lo_open=True),
    Input("m", 1.0, "Decisiveness (Tullock exponent)", lo=0.0, lo_open=True),
)

# Results name this package as their home, where realpolitik.cite finds the sources.
for _cls in (Battle, GunsButter, GunsButterSweep, TullockCurves):
    _cls.__module__ = __name__
del _cls

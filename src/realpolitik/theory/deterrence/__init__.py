"""Nuclear deterrence: counterforce exchange, first-strike stability, MAD and competition in risk.

Sources
-------
- T. C. Schelling, *The Strategy of Conflict*, 1960, ch. 9 "The reciprocal fear of surprise
  attack" (the Strike/Wait crisis game).
- T. C. Schelling, *Arms and Influence*, 1966 (competition in risk taking).
- R. Powell, *Nuclear Deterrence Theory: The Search for Credibility*, 1990 (the manipulation of
  risk under mutual assured destruction).
- G. Kent and D. Thaler, *First-Strike Stability*, RAND R-3765, 1989 (the idea of a first-strike
  stability index; their exact index is not reproduced, the lab index below is a convention).

Equations (*lab convention*)
----------------------------
Counterforce exchange. A side has ``silos`` ICBM launchers carrying ``mirv`` warheads each,
``ssbn`` survivable sea-based warheads and a per-warhead kill probability ``k`` against a silo
(``k = SSPK * reliability``), with ``SSPK = 1 - 0.5 ** ((LR / CEP) ** 2)``. A first strike by i on
j with ``r`` warheads per silo uses ``used = min(r * silos_j, silos_i * mirv_i)`` ICBM warheads,
spread as evenly as possible (``base = used // silos_j``; ``extra = used % silos_j`` silos get one
more)::

    surviving_silos_j = (silos_j - extra) * (1 - k_i) ** base + extra * (1 - k_i) ** (base + 1)
    S_j               = surviving_silos_j * mirv_j + ssbn_j          (retaliatory warheads)
    W_i remaining     = W_i - used,  W = silos * mirv + ssbn
    exchange_ratio    = (silos_j - surviving_silos_j) * mirv_j / used

Countervalue damage of ``S`` arriving warheads ``D(S) = 1 - exp(-S / sigma)``; j has assured
destruction iff ``S_j >= S* = -sigma * ln(1 - D*)``; MAD iff both sides have it.

Strike/Wait crisis game, for side i: ``D_F = D(S_j after i strikes first)``,
``D_S = D(W_j remaining after j strikes first)``, ``D_M = D_F + lam * (D_S - D_F)``. Payoffs are
minus damage, ``(Wait, Wait) = 0``. Strike is a best reply to Strike iff ``D_M < D_S``; the belief
threshold is ``q* = D_F / (D_F + D_S - D_M)`` (capped at 1; 1 when Strike is never a best reply),
the first-strike index is ``FSI = D_S - D_F`` and the crisis is stable iff
``min(q*_A, q*_B) >= q_bar``.

Competition in risk taking. Resolve ``rho = v / (v + c)``; under complete information the less
resolute side concedes at once; with ``rho_B ~ U[0, 1]`` unknown to A and a war trigger
``u ~ U[0, 1]``, ``P(war) = P(A prevails) = rho_A - rho_A**2 / 2`` and
``P(B prevails) = (1 - rho_A) ** 2``.

Conventions
-----------
Warhead and silo counts are numbers of weapons; ``sigma`` is in warheads; damages are fractions
of value destroyed in [0, 1]; probabilities lie in [0, 1]. Pairs are ordered (A's, B's).
"""

from __future__ import annotations

from realpolitik.theory.deterrence._crisis import (
    POSTURES,
    Crisis,
    QStarSweeps,
    StrikeWait,
    crisis,
    posture_crisis,
    q_star_sweeps,
    strike_wait,
)
from realpolitik.theory.deterrence._exchange import (
    Force,
    Strike,
    assured_destruction_threshold,
    damage,
    first_strike,
    sspk,
)
from realpolitik.theory.deterrence._nerves import (
    Nerves,
    NervesUncertain,
    war_of_nerves,
    war_of_nerves_uncertain,
)
from realpolitik.theory.inputs import Input

REFERENCES: tuple[str, ...] = ("schelling1960", "schelling1966", "powell1990", "kent1989")

__all__ = [
    "INPUTS",
    "POSTURES",
    "REFERENCES",
    "Crisis",
    "Force",
    "Nerves",
    "NervesUncertain",
    "QStarSweeps",
    "Strike",
    "StrikeWait",
    "assured_destruction_threshold",
    "crisis",
    "damage",
    "first_strike",
    "posture_crisis",
    "q_star_sweeps",
    "sspk",
    "strike_wait",
    "war_of_nerves",
    "war_of_nerves_uncertain",
]

#: The classic inputs: both sides' accuracy and exchange (compared over :data:`POSTURES`), an
#: optional extra posture, and an illustrative war of nerves.
INPUTS: tuple[Input, ...] = (
    Input(
        "cep",
        0.1,
        "Circular error probable (same units as the lethal radius)",
        lo=0.0,
        lo_open=True,
    ),
    Input("lethal_radius", 0.1, "Lethal radius against a silo", lo=0.0),
    Input("r", 1, "Warheads aimed at each enemy silo", "warheads", kind="integer", lo=0),
    Input(
        "sigma", 1000.0, "Damage scale: D(S) = 1 - exp(-S/sigma)", "warheads", lo=0.0, lo_open=True
    ),
    Input(
        "lam",
        0.5,
        "Weight of struck-first damage when both strike",
        lo=0.0,
        hi=1.0,
        hi_open=True,
    ),
    Input(
        "D_star",
        0.5,
        "Unacceptable damage for assured destruction",
        "share of value",
        lo=0.0,
        hi=1.0,
        lo_open=True,
        hi_open=True,
    ),
    Input("q_bar", 0.9, "Crisis stable iff both q* >= q_bar", lo=0.0, hi=1.0),
    Input("silos", None, "Extra posture: silos per side", kind="integer", lo=0),
    Input("mirv", None, "Extra posture: warheads per silo", kind="integer", lo=1),
    Input("ssbn", None, "Extra posture: survivable sea-based warheads", "warheads", lo=0.0),
    Input("v_A", 1.0, "War of nerves: A's stake", "utility", lo=0.0),
    Input("c_A", 2.0, "War of nerves: A's cost of war", "utility", lo=0.0, lo_open=True),
    Input("v_B", 1.0, "War of nerves: B's stake", "utility", lo=0.0),
    Input("c_B", 4.0, "War of nerves: B's cost of war", "utility", lo=0.0, lo_open=True),
)

# Results name this package as their home, where realpolitik.cite finds the sources.
for _cls in (Crisis, Force, Nerves, NervesUncertain, QStarSweeps, Strike, StrikeWait):
    _cls.__module__ = __name__
del _cls

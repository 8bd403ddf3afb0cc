"""Alliance politics: burden sharing, buck-passing, chain-ganging, balancing.

Documentation: docs/models/alliances.md.

Sources: M. Olson & R. Zeckhauser, "An Economic Theory of Alliances", *Review of Economics and
Statistics* 48(3), 1966; T. Bergstrom, L. Blume & H. Varian, "On the private provision of public
goods", *Journal of Public Economics* 29, 1986 (uniqueness); T. Christensen & J. Snyder, "Chain
Gangs and Passed Bucks", *International Organization* 44(2), 1990; A. Diekmann, "Volunteer's
Dilemma", *Journal of Conflict Resolution* 29(4), 1985; S. Walt, *The Origins of Alliances*
(1987); K. Waltz, *Theory of International Politics* (1979).

8.1 Burden sharing (*lab convention*, Cobb-Douglas): ally i with income ``Y_i > 0`` gives
``q_i`` in ``[0, Y_i]`` to the common deterrent ``Q = sum_j q_j`` and gets
``U_i = (Y_i - q_i)^(1-alpha) Q^alpha``, ``alpha`` in (0, 1). Best response
``q_i = max(0, alpha Y_i - (1-alpha) Q_{-i})``. The unique Nash equilibrium (BBV 1986): with the
allies sorted by income, descending, the contributing set is the top ``k`` with
``Q = alpha sum_K Y / (alpha + k(1-alpha))``, ``Y_i > ((1-alpha)/alpha) Q`` inside and ``<=``
outside, and ``q_i = Y_i - ((1-alpha)/alpha) Q`` for contributors. The efficient (Samuelson)
level is ``Q_eff = alpha sum Y``.

8.2 Buck-passing as a volunteer's dilemma: ``n`` allies, balancing costs ``K``, everyone gets
``U`` if at least one balances. ``n = 1``: balance iff ``U > K``. ``n >= 2`` and ``K < U``: the
symmetric mixed equilibrium has P(a given ally passes) ``= (K/U)^(1/(n-1))`` and P(nobody
balances) ``= (K/U)^(n/(n-1))``, increasing in ``n``; the payoff is ``U - K``. ``K >= U``: nobody
balances (payoff 0). Christensen-Snyder mapping (*lab convention*): ``U = beta V``; an ally gives
unconditional support to a partner at war (chain gang) iff ``beta V > c_war``.

8.3 Balancing vs bandwagoning (*lab convention*, Walt's balance of threat): with the Tullock
contest success function ``CSF(a, b, m) = a^m / (a^m + b^m)``,
``p_D' = CSF(x_D + x_C, x_A, m)``, ``p_A' = CSF(x_A + x_C, x_D, m)``,
``U_balance = p_D' V x_C/(x_D + x_C) - (1 - p_D') L``,
``U_bandwagon = p_A' (V x_C/(x_A + x_C) - theta L) - (1 - p_A') L``;
C balances iff ``U_balance > U_bandwagon``, i.e. iff ``theta > theta*`` with
``theta* = (p_A' V x_C/(x_A + x_C) - (1 - p_A') L - U_balance) / (p_A' L)``.

The engine reuses 8.1 and 8.3 over many runs: :func:`nash_contributions`,
:func:`balance_utilities` and :func:`balance_threshold` are the vectorised (numpy, broadcasting)
forms of the scalar functions.

Conventions: incomes, capabilities, prizes and costs are positive reals; ``alpha`` in (0, 1);
``beta`` and ``theta`` in [0, 1]; ``m > 0``; ``n`` an integer >= 1. Ties go to the "no" side:
``U = K`` means nobody balances, ``beta V = c_war`` gives no unconditional support, and
``U_balance = U_bandwagon`` means bandwagoning.
"""

from __future__ import annotations

from realpolitik.theory.alliances._alignment import (
    Alignment,
    alignment_utilities,
    balance_or_bandwagon,
    balance_threshold,
    balance_utilities,
)
from realpolitik.theory.alliances._buck import (
    BuckPassing,
    BuckPassingCurve,
    ChainGang,
    buck_passing,
    buck_passing_curve,
    chain_gang,
)
from realpolitik.theory.alliances._burden import (
    Burden,
    best_response,
    burden_sharing,
    nash_contributions,
)
from realpolitik.theory.inputs import Input

__all__ = [
    "INPUTS",
    "REFERENCES",
    "Alignment",
    "BuckPassing",
    "BuckPassingCurve",
    "Burden",
    "ChainGang",
    "alignment_utilities",
    "balance_or_bandwagon",
    "balance_threshold",
    "balance_utilities",
    "best_response",
    "buck_passing",
    "buck_passing_curve",
    "burden_sharing",
    "chain_gang",
    "nash_contributions",
]

REFERENCES: tuple[str, ...] = (
    "olson1966",
    "bergstrom1986",
    "christensen1990",
    "diekmann1985",
    "walt1987",
    "waltz1979",
)

#: The classic inputs: burden sharing among incomes 10, 5, 2 and buck passing among 2 to 6
#: allies; the chain-gang inputs (beta, V, n, c_war) are illustrative.
INPUTS: tuple[Input, ...] = (
    Input(
        "Y",
        (10.0, 5.0, 2.0),
        "Allies' incomes, comma-separated",
        "any common unit",
        kind="reals",
        lo=0.0,
        lo_open=True,
        aliases=("incomes",),
    ),
    Input(
        "alpha",
        0.5,
        "Weight of the common defence in each ally's utility",
        lo=0.0,
        hi=1.0,
        lo_open=True,
        hi_open=True,
    ),
    Input("n_max", 6, "Buck-passing curve for 2..n_max allies", kind="integer", lo=2, hi=100),
    Input("U", 1.0, "Value to each ally of someone balancing", lo=0.0, lo_open=True),
    Input("K", 0.5, "Cost of balancing", lo=0.0, lo_open=True),
    Input("beta", 0.8, "Chain gangs: perceived offense advantage", lo=0.0, hi=1.0),
    Input("V", 1.0, "Chain gangs: stake (U = beta V)", lo=0.0, lo_open=True),
    Input("n", 3, "Chain gangs: number of allies", kind="integer", lo=1),
    Input("c_war", 0.5, "Chain gangs: an ally's cost of joining a war", lo=0.0, lo_open=True),
)

# Results name this package as their home, where realpolitik.cite finds the sources.
for _cls in (Alignment, BuckPassing, BuckPassingCurve, Burden, ChainGang):
    _cls.__module__ = __name__
del _cls

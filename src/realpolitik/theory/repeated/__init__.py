"""Iterated security game with noise: memory-one strategies as a Markov chain.

Documentation: docs/models/repeated.md.

Sources: R. Axelrod, *The Evolution of Cooperation* (1984); M. Nowak & K. Sigmund, "Tit for tat
in heterogeneous populations", *Nature* 355 (1992) (generous tit for tat, GTFT); M. Nowak &
K. Sigmund, "A strategy of win-stay, lose-shift that outperforms tit-for-tat in the Prisoner's
Dilemma game", *Nature* 364 (1993) (WSLS); W. Press & F. Dyson, "Iterated Prisoner's Dilemma
contains strategies that dominate any evolutionary opponent", *PNAS* 109 (2012) (the Markov
formulation).

Model
-----
A memory-one strategy is ``(p0, p_cc, p_cd, p_dc, p_dd)``: ``p0`` is P(C) in round 1 and
``p_xy`` is P(C) after a round in which *I* played ``x`` and *the other* played ``y``. The row
player's stage payoffs are R (C,C), S (C,D), T (D,C), P (D,D); the game is symmetric.

Noise, independent across players and rounds:

* perception noise ``eps_perc``: a player misreads the other's last action, so
  ``p~(x, y) = (1 - eps_perc) p(x, y) + eps_perc p(x, not y)``; own actions are seen correctly;
* implementation noise ``eps_impl``: the intended action is flipped,
  ``p^ = eps_impl + (1 - 2 eps_impl) p~``; it also applies to ``p0``.

The true outcomes form a Markov chain on the states ordered ``(CC, CD, DC, DD)`` from X's
point of view (Y sees X's ``CD`` as its own ``DC``), with ``M[s, s']`` the product of X's and
Y's independent move probabilities and first-round distribution ``v1``. :func:`match` reports

* the long-run occupancy ``v`` (Cesaro limit of ``v1 M^t``). When noise makes the chain
  ergodic this is the unique stationary distribution (left eigenvector of ``M`` for the
  eigenvalue 1); without noise it is the Cesaro average from ``v1``, which may depend on the
  start and is exact for periodic chains;
* or, when a continuation probability ``w`` is given, the normalised discounted occupancy
  ``(1 - w) v1 (I - w M)^{-1}``,

and the payoffs ``pi_X = v . (R, S, T, P)`` and ``pi_Y = v . (R, T, S, P)`` (per round).

The Cesaro limit is computed exactly from the chain's structure: the closed communicating
classes (recurrent classes) of the transition graph, the stationary distribution of each class
by the Grassmann-Taksar-Heyman state-reduction algorithm (subtraction-free and exact for
periodic classes), and the absorption probabilities of the transient states by the same
elimination. No matrix powers, iterations or tolerances are involved. Transition
probabilities are built and reduced in log space as sums of non-negative terms, so any noise
level in (0, 1], down to the smallest float, keeps the chain's structure and its long run.

Strategies of your own
----------------------
A tournament takes any strategies alongside the classic ones (Axelrod-style):

* a memory-one strategy as four probabilities, P(C) after CC, CD, DC, DD (cooperating in round
  1), or five with P(C) in round 1 first: ``memory_one(1, 0.1, 1, 0.1)``; on the command line
  ``realpolitik theory repeated --strategy "mine=1,0.1,1,0.1"``;
* a function of the history ``f(mine, theirs)``: the two move strings so far (``"CCD"``, the
  other's as this player saw them), returning ``"C"``, ``"D"`` or P(C).

Memory-one strategies keep the exact Markov payoffs; a tournament with a function of the
history (or with ``rounds``) plays every pair move by move under the same noise, each pair from
a generator seeded by the tournament's ``seed`` and the two names (:func:`tournament`).

>>> from realpolitik.theory import repeated as rp
>>> def tit_for_two_tats(mine, theirs):
...     return "D" if theirs.endswith("DD") else "C"
>>> pool = {"TFT": rp.TFT, "mine": rp.memory_one(1, 0.1, 1, 0.1), "TF2T": tit_for_two_tats}
>>> table = rp.tournament(pool, eps_impl=0.01, rounds=100, seed=1)
>>> table.attrs["method"], table.shape
('simulated', (3, 3))
>>> table.equals(rp.tournament(pool, eps_impl=0.01, rounds=100, seed=1))
True

Conventions: probabilities in [0, 1]; payoffs are real numbers (any ordering for :func:`match`,
a prisoner's dilemma ``T > R > P > S`` for :func:`gtft`); ``w`` in [0, 1).
"""

from __future__ import annotations

from realpolitik.theory.inputs import Input
from realpolitik.theory.repeated._chain import STATES, first_round, transition_matrix
from realpolitik.theory.repeated._history import HistoryFunction, Player
from realpolitik.theory.repeated._match import Match, match
from realpolitik.theory.repeated._simulation import Simulation, simulate_match
from realpolitik.theory.repeated._strategies import (
    ALLC,
    ALLD,
    GRIM,
    STRATEGY_NAMES,
    TFT,
    WSLS,
    Strategy,
    classic_strategies,
    generosity,
    gtft,
    memory_one,
)
from realpolitik.theory.repeated._tournament import DEFAULT_MATCHES, DEFAULT_ROUNDS, tournament

__all__ = [
    "ALLC",
    "ALLD",
    "DEFAULT_MATCHES",
    "DEFAULT_ROUNDS",
    "GRIM",
    "INPUTS",
    "REFERENCES",
    "STATES",
    "STRATEGY_NAMES",
    "TFT",
    "WSLS",
    "HistoryFunction",
    "Match",
    "Player",
    "Simulation",
    "Strategy",
    "classic_strategies",
    "first_round",
    "generosity",
    "gtft",
    "match",
    "memory_one",
    "simulate_match",
    "tournament",
    "transition_matrix",
]

REFERENCES: tuple[str, ...] = ("axelrod1984", "nowak1992", "nowak1993", "press2012")

#: The classic inputs: the payoffs 3, 0, 5, 1 and a round robin of the classic strategies at
#: 1% implementation noise.
INPUTS: tuple[Input, ...] = (
    Input("R", 3.0, "Reward for mutual cooperation", "utility per round"),
    Input("S", 0.0, "Sucker's payoff (cooperate against defect)", "utility per round"),
    Input("T", 5.0, "Temptation (defect against cooperate)", "utility per round"),
    Input("P", 1.0, "Punishment for mutual defection", "utility per round"),
    Input("eps_impl", 0.01, "Implementation noise: P(a move is flipped)", lo=0.0, hi=1.0),
    Input("eps_perc", 0.0, "Perception noise: P(a move is misread)", lo=0.0, hi=1.0),
    Input(
        "w",
        None,
        "Continuation probability (default: the long run)",
        lo=0.0,
        hi=1.0,
        hi_open=True,
    ),
    Input(
        "strategies",
        STRATEGY_NAMES,
        "The strategies of the round robin, comma-separated",
        kind="names",
        choices=STRATEGY_NAMES,
    ),
    Input(
        "strategy",
        None,
        "Strategies of your own, NAME=p_cc,p_cd,p_dc,p_dd (P(C) after CC, CD, DC, DD; put "
        "P(C) in round 1 first for five numbers); repeat the option for more",
        kind="named_reals",
        lo=0.0,
        hi=1.0,
    ),
    Input(
        "rounds",
        None,
        "Simulate matches of this many rounds (default: the exact long run, or w)",
        kind="integer",
        lo=1,
    ),
    Input("matches", DEFAULT_MATCHES, "Simulated matches per pair", kind="integer", lo=1),
    Input("seed", 0, "Seed of the simulated matches", kind="integer", lo=0),
)

# Results name this package as their home, where realpolitik.cite finds the sources.
for _cls in (Match, Simulation, Strategy):
    _cls.__module__ = __name__
del _cls

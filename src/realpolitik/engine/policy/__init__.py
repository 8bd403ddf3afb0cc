"""Policies: a state's decisions in the strategic engine, replaceable by a user's, and a stepper.

Source: R. Axelrod, *The Evolution of Cooperation* (1984) (users' strategies inside one
tournament); docs/policies.md (the interface and worked examples).

- :class:`Policy`: a state's reassurance gestures, arming, pacts, strikes, demands, answers and
  use of the hotline; each method sees a read-only :class:`View` (what the state perceives and
  believes) and the strategic model's choice, which the base class returns;
- ``simulate(params, ..., policies={state: policy})`` runs chosen states by their policies;
- :class:`Stepper`: a run advanced one year at a time, so a person can play a state;
- worked examples: :class:`TitForTatArming`, :class:`NeverPreempt`, :class:`AlwaysConcede`,
  :class:`Pacifist`.
"""

from __future__ import annotations

from realpolitik.engine.policy.base import Demands, Policy, View
from realpolitik.engine.policy.examples import (
    AlwaysConcede,
    NeverPreempt,
    Pacifist,
    TitForTatArming,
)
from realpolitik.engine.policy.stepper import Played, Stepper

__all__ = [
    "AlwaysConcede",
    "Demands",
    "NeverPreempt",
    "Pacifist",
    "Played",
    "Policy",
    "Stepper",
    "TitForTatArming",
    "View",
]

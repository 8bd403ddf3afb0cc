"""Decisions: every war chosen by a state, for the literature's reasons (the strategic engine).

Sources: J. Fearon, "Rationalist Explanations for War", *International Organization* 49(3),
1995 (demands under private information and mutual optimism; the risk-return trade-off);
T. Schelling, *The Strategy of Conflict* (1960), ch. 9 (the reciprocal fear of surprise
attack); R. Jervis, "Cooperation under the Security Dilemma", *World Politics* 30(2), 1978
(offense dominance as a first-move advantage); A. Kydd, *Trust and Mistrust in International
Relations* (2005) (fear from beliefs about types); R. Powell, "War as a Commitment Problem",
*International Organization* 60(1), 2006 (preventive war against a rising rival); J. Fearon,
"Domestic Political Audiences and the Escalation of International Disputes", *APSR* 88(3),
1994 (audience costs). docs/strategic.md describes the rules, their defaults and what they
produce.

This module owns the strategic engine's keys (``decisions = "strategic"`` switches it on) and
runs the decision phase; the equations live in :mod:`realpolitik.engine.strategy`. With
``decisions = "hazard"`` (the core model's crises at a fixed rate) the phase returns at once,
drawing nothing.
"""

from __future__ import annotations

import functools

import numpy as np

from realpolitik.engine.context import ChunkContext
from realpolitik.engine.keys import KeySpec, key
from realpolitik.engine.world import World

__all__ = ["KEYS", "MODELS", "READS", "REFERENCES", "SECTION", "WRITES", "step"]

MODELS = (
    "wars chosen by states: demands under private information, preemption out of fear, "
    "prevention against a rising rival, nuclear first strikes"
)
SECTION = "docs/strategic.md"
REFERENCES = ("fearon1995", "schelling1960", "jervis1978", "kydd2005", "powell2006")

_SRC = "docs/strategic.md"
_key = functools.partial(key, mechanism="decisions", source=_SRC, requires="decisions")

KEYS: tuple[KeySpec, ...] = (
    key("decisions", "-", "hazard",
        "how wars start: 'hazard' (crises at a fixed rate, the core model) or 'strategic' "
        "(every war chosen by a state)", mechanism="decisions", source=_SRC, kind="choice",
        choices=("hazard", "strategic")),
    _key("mobilization", "mob", 0.05,
         "share of GDP a state turns into military power in a long war: C = m + mob * y",
         per_state=True, hi=1.0),
    _key("conquest_value_greedy", "v_G", 1.0,
         "value a greedy state puts on a unit of conquered GDP", per_state=True),
    _key("conquest_value_secure", "v_S", 0.0,
         "value a security seeker puts on a unit of conquered GDP (0: security is its only "
         "motive)", per_state=True),
    _key("cost_uncertainty", "u", 1.5,
         "width of the private cost band: the target's cost is c (1 + u (xi - 1/2)), xi ~ U(0,1)",
         hi=2.0, hi_open=True),
    _key("patience", "delta", 0.9,
         "discount factor of future concessions in the preventive-war test (0: no prevention)",
         hi=1.0, hi_open=True),
    _key("projection_years", "T", 5, "years ahead a state projects the balance of strength",
         kind="int", lo=1.0, hi=100.0),
    _key("trend_window", "-", 10, "years of economic growth averaged into the projection",
         kind="int", lo=1.0, hi=100.0),
    _key("settlement_years", "-", 5,
         "years a concession or a war's peace settles a pair (no new demand, no new war)",
         kind="int", lo=0.0, hi=1000.0),
)  # fmt: skip
"""The keys this mechanism owns (:func:`~realpolitik.engine.keys.key`)."""

READS = tuple(s.key for s in KEYS)
WRITES = ("military", "gdp", "crisis", "war", "initiator_second", "winner_second", "event_flags")


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Run the decision phase (see the module docstring); nothing under ``decisions = "hazard"``."""
    if params.decisions != "strategic":
        return world
    raise NotImplementedError("the strategic decision phase is being built")

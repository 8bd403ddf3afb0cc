"""The engine's mechanisms: one module per phase of a simulated year (DESIGN.md).

Each module exposes ``step(world, params, rng) -> world`` (updating the world's arrays in place
and returning it) and metadata: ``MODELS`` (what it models), ``SECTION`` (where its equations
are defined), ``READS`` (the :class:`~realpolitik.engine.params.Params` keys it reads),
``WRITES`` (the :class:`~realpolitik.engine.world.World` fields it sets) and ``REFERENCES``
(BibTeX keys in :mod:`realpolitik.citations`). ``params`` is the
:class:`~realpolitik.engine.params.ResolvedParams` of the simulation: per-state keys as arrays
of shape ``(states,)``, scalar keys as floats (bool, int, str or None for the other kinds).

The phases, in order (docs/mechanisms.md): schedule, perception, beliefs, arms_control, arming,
economy, alliances, deterrence, domestic, crisis, war (then the simulation's record). The core
configuration (reference/CORE_MODEL.md) acts through perception, arming, economy, crisis and
war; every other module returns at once, drawing nothing, while its keys are neutral
(:meth:`~realpolitik.engine.params.Params.is_active`) and the world holds none of its state.
"""

from __future__ import annotations

from types import ModuleType

from realpolitik.engine.mechanisms import (
    alliances,
    arming,
    arms_control,
    beliefs,
    crisis,
    deterrence,
    domestic,
    economy,
    perception,
    schedule,
    war,
)

__all__ = [
    "MECHANISMS",
    "MECHANISM_ORDER",
    "alliances",
    "arming",
    "arms_control",
    "beliefs",
    "crisis",
    "deterrence",
    "domestic",
    "economy",
    "perception",
    "schedule",
    "war",
]

MECHANISM_ORDER = (
    "schedule",
    "perception",
    "beliefs",
    "arms_control",
    "arming",
    "economy",
    "alliances",
    "deterrence",
    "domestic",
    "crisis",
    "war",
)
"""Every mechanism of the engine, in the order of a year's phases."""

MECHANISMS: dict[str, ModuleType] = {name: globals()[name] for name in MECHANISM_ORDER}
"""Mechanism name -> module, for every mechanism the engine knows (in phase order)."""

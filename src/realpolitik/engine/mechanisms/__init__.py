"""The engine's mechanisms: one module per phase of a simulated year, in one ordered list.

Each module exposes ``step(world, params, rng, ctx=None) -> world`` (updating the world's arrays
in place and returning it), the keys it owns (``KEYS``, :class:`~realpolitik.engine.keys.
KeySpec` made with :func:`~realpolitik.engine.keys.key`), optionally a ``prepare(params,
states)`` hook for its per-parameter constants and the event columns it writes (``COLUMNS``),
and metadata: ``MODELS`` (what it models), ``SECTION`` (where its equations are defined),
``READS`` (the keys it reads), ``WRITES`` (the :class:`~realpolitik.engine.world.World` fields it
sets) and ``REFERENCES`` (BibTeX keys in :mod:`realpolitik.citations`). ``params`` is the
:class:`~realpolitik.engine.params.ResolvedParams` in effect: per-state keys as arrays of shape
``(states,)``, scalar keys as floats (bool, int, str or None for the other kinds).

:data:`MECHANISM_LIST` is the one ordered list: the phases of a year run in its order (then
the simulation's record), :class:`~realpolitik.engine.params.Params` holds the core keys and
then each mechanism's ``KEYS`` in its order, and the schedulable keys are those declared so.
Adding a mechanism = writing its module and adding it here (docs/contributing.md). The core
configuration acts through perception, arming, economy, crisis and war; every other module
returns at once, drawing nothing, while its keys are neutral and the world holds none of its
state.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from realpolitik.engine import core_keys
from realpolitik.engine.keys import KeySpec
from realpolitik.engine.mechanisms import (
    alliances,
    arming,
    arms_control,
    beliefs,
    crisis,
    decisions,
    deterrence,
    domestic,
    economy,
    perception,
    schedule,
    war,
)

__all__ = [
    "KEY_SPECS",
    "MECHANISMS",
    "MECHANISM_LIST",
    "MECHANISM_ORDER",
    "SCHEDULABLE",
    "alliances",
    "arming",
    "arms_control",
    "beliefs",
    "crisis",
    "decisions",
    "declared_keys",
    "deterrence",
    "domestic",
    "economy",
    "perception",
    "schedule",
    "war",
]

MECHANISM_LIST: tuple[ModuleType, ...] = (
    schedule,
    perception,
    beliefs,
    arms_control,
    arming,
    economy,
    alliances,
    deterrence,
    domestic,
    crisis,
    war,
    decisions,
)
"""Every mechanism of the engine, in the order of a year's phases (the one ordered list)."""

MECHANISMS: dict[str, ModuleType] = {m.__name__.rsplit(".", 1)[1]: m for m in MECHANISM_LIST}
"""Mechanism name -> module, in phase order."""

MECHANISM_ORDER: tuple[str, ...] = tuple(MECHANISMS)
"""The mechanisms' names, in phase order."""


def declared_keys(mechanisms: Iterable[ModuleType] = MECHANISM_LIST) -> tuple[KeySpec, ...]:
    """Return the core keys, then every mechanism's ``KEYS``, in the list's order.

    Parameters
    ----------
    mechanisms
        Mechanism modules in phase order (default: :data:`MECHANISM_LIST`).

    Returns
    -------
    tuple of KeySpec
        The declarations.

    Raises
    ------
    ValueError
        If two declarations name the same key.
    """
    specs = [*core_keys.KEYS, *(s for m in mechanisms for s in getattr(m, "KEYS", ()))]
    seen: set[str] = set()
    for spec in specs:
        if spec.key in seen:
            raise ValueError(f"parameter key {spec.key!r} is declared twice")
        seen.add(spec.key)
    return tuple(specs)


KEY_SPECS: tuple[KeySpec, ...] = declared_keys()
"""Every key the engine's mechanisms declare, in :class:`~realpolitik.engine.Params` order."""

SCHEDULABLE: tuple[str, ...] = tuple(s.key for s in KEY_SPECS if s.schedulable)
"""The keys a scenario's schedule may set (declared ``schedulable``)."""

schedule.bind_keys(KEY_SPECS)  # the schedule checks its set events against the declarations

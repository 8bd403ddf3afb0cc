"""Schedule: time-dated scenario events (pacts formed or dissolved, treaties, policy changes).

Source: DESIGN.md (scenario files); docs/mechanisms.md (phase 0 and "The engine contract").

A schedule is a sequence of :class:`ScheduledEvent`; the schedule phase, first in every year,
applies the events due at the start of year t (``event.year == world.year``: year 0 is before
the first step) to every run of the chunk:

- ``alliance_form`` (``states`` = the members, at least 2): every pair among them becomes
  allied (``world.allied[:, i, j] = world.allied[:, j, i] = True``);
- ``alliance_dissolve`` (``states`` at least 2): every pair among them stops being allied;
- ``treaty_sign`` (``states`` = the members, at least 2, or empty for all states; ``value`` =
  the cap share, or None for the parameters' ``treaty_cap_share``): ``world.treaty_in_force``
  becomes True, ``world.treaty_members`` the members (a new treaty replaces the old one), and
  ``world.overrides["treaty_cap_share"]`` the value (removed when ``value`` is None);
- ``treaty_end`` (no states): ``world.treaty_in_force`` becomes False (the members stay
  recorded);
- ``set`` (``value = (key, number)``): ``world.overrides[key] = number`` from that year on, for a
  key of :data:`SCHEDULABLE`; from then on the parameters every phase receives have that value
  (:meth:`~realpolitik.engine.context.ChunkContext.set_overrides`).

Conventions
-----------
- Whether a pact or a treaty acts is up to its mechanism (pacts act only with
  ``alliances = true``; arms control acts whenever ``world.treaty_in_force`` holds).
- Events of the same year apply in the order given. Events after the last simulated year never
  apply.
- :func:`check_schedule` validates a schedule for a simulation (state indices < N, a cap for
  a treaty); its errors name the event (``schedule[2].states``) and the allowed values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from realpolitik.engine.context import ChunkContext
from realpolitik.engine.keys import KeySpec
from realpolitik.engine.world import World

__all__ = [
    "ACTIONS",
    "KEYS",
    "MODELS",
    "READS",
    "REFERENCES",
    "SCHEDULABLE",
    "SECTION",
    "WRITES",
    "ScheduledEvent",
    "apply_event",
    "bind_keys",
    "check_schedule",
    "step",
]

MODELS = "time-dated scenario events: pacts, treaties and policy changes (hotline, verification)"
SECTION = "DESIGN.md (scenario files); docs/mechanisms.md phase 0"
READS: tuple[str, ...] = ()
WRITES = ("allied", "treaty_in_force", "treaty_members", "overrides")
REFERENCES: tuple[str, ...] = ()
KEYS: tuple[KeySpec, ...] = ()
"""The keys this mechanism owns: none."""

ACTIONS = ("alliance_form", "alliance_dissolve", "treaty_sign", "treaty_end", "set")
"""The actions of a scheduled event."""

SCHEDULABLE: tuple[str, ...] = ()
"""The parameter keys a ``set`` event may change: those the mechanisms declare ``schedulable``
(bound by :mod:`realpolitik.engine.mechanisms` from the declarations, :func:`bind_keys`)."""

_SPECS: dict[str, KeySpec] = {}


def bind_keys(specs: Iterable[KeySpec]) -> None:
    """Check events against these key declarations (set by the mechanisms' package).

    Parameters
    ----------
    specs
        Every key's :class:`~realpolitik.engine.keys.KeySpec`; the ``schedulable`` ones become
        :data:`SCHEDULABLE`.
    """
    global SCHEDULABLE
    specs = tuple(specs)
    _SPECS.clear()
    _SPECS.update({s.key: s for s in specs})
    SCHEDULABLE = tuple(s.key for s in specs if s.schedulable)


@dataclass(frozen=True)
class ScheduledEvent:
    """One time-dated scenario event.

    Parameters
    ----------
    year
        The year at whose start it applies (integer >= 0; 0 = before the first step).
    action
        One of :data:`ACTIONS`.
    states
        The member states (indices) of an alliance or treaty action; empty otherwise (and empty
        for ``treaty_sign`` means all states).
    value
        ``treaty_sign``: the cap share (> 0, may be inf) or None for the parameters'
        ``treaty_cap_share``; ``set``: a ``(key, number)`` pair with a key of
        :data:`SCHEDULABLE` and a number in that key's range; None otherwise.

    Raises
    ------
    ValueError
        For an invalid field, naming it, its value and what is allowed.
    """

    year: int
    action: str
    states: tuple[int, ...] = ()
    value: Any = None

    def __post_init__(self) -> None:
        year = self.year
        if isinstance(year, bool) or not isinstance(year, int | np.integer) or year < 0:
            raise ValueError(f"year = {year!r} is not allowed; allowed: integers >= 0")
        object.__setattr__(self, "year", int(year))
        if self.action not in ACTIONS:
            raise ValueError(f"action = {self.action!r} is not allowed; allowed: {list(ACTIONS)}")
        states = self.states
        if isinstance(states, int | np.integer | str):
            raise ValueError(f"states = {states!r} must be a sequence of state indices")
        try:
            states = tuple(states)
        except TypeError:
            raise ValueError(f"states = {states!r} must be a sequence of state indices") from None
        for s in states:
            if isinstance(s, bool) or not isinstance(s, int | np.integer) or s < 0:
                raise ValueError(
                    f"states = {self.states!r} is not allowed; allowed: distinct integers >= 0"
                )
        states = tuple(int(s) for s in states)
        if len(set(states)) != len(states):
            raise ValueError(f"states = {self.states!r} repeats a state; allowed: distinct states")
        action = self.action
        if action in ("alliance_form", "alliance_dissolve") and len(states) < 2:
            raise ValueError(f"states = {self.states!r}: {action} needs at least 2 states")
        if action == "treaty_sign" and len(states) == 1:
            raise ValueError(
                f"states = {self.states!r}: treaty_sign needs at least 2 states (or none: all)"
            )
        if action in ("treaty_end", "set") and states:
            raise ValueError(f"states = {self.states!r}: {action} takes no states")
        object.__setattr__(self, "states", states)
        object.__setattr__(self, "value", _check_value(action, self.value))


def _check_value(action: str, value: Any) -> Any:
    if action == "treaty_sign":
        if value is None:
            return None
        _number("value", value)
        _SPECS["treaty_cap_share"].check_scalar("value", float(value))
        return float(value)
    if action == "set":
        if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
            raise ValueError(
                f"value = {value!r} is not allowed; a set event needs (key, number) with a key "
                f"of {list(SCHEDULABLE)}"
            )
        key, number = value
        if key not in SCHEDULABLE:
            raise ValueError(
                f"value = {value!r}: key {key!r} cannot be scheduled; allowed: {list(SCHEDULABLE)}"
            )
        _number(f"value[{key!r}]", number)
        _SPECS[key].check_scalar(f"value[{key!r}]", float(number))
        return (key, float(number))
    if value is not None:
        raise ValueError(f"value = {value!r}: {action} takes no value (None)")
    return None


def _number(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} = {value!r} is not a number")


def check_schedule(
    schedule: Sequence[ScheduledEvent] | None, states: int, params: Any = None
) -> tuple[ScheduledEvent, ...]:
    """Validate a schedule for a simulation of ``states`` states.

    Parameters
    ----------
    schedule
        The events (None or empty: no schedule).
    states
        The number of states N.
    params
        The :class:`~realpolitik.engine.params.Params` (or resolved parameters), to check that
        a ``treaty_sign`` without a value has a finite ``treaty_cap_share``; None skips it.

    Returns
    -------
    tuple of ScheduledEvent
        The events, in the given order.

    Raises
    ------
    ValueError
        Naming the event (``schedule[i]``), the field and what is allowed.
    """
    if schedule is None:
        return ()
    if isinstance(schedule, ScheduledEvent | str | bytes):
        raise ValueError("schedule must be a sequence of ScheduledEvent")
    out = tuple(schedule)
    for n, event in enumerate(out):
        if not isinstance(event, ScheduledEvent):
            raise ValueError(
                f"schedule[{n}] = {event!r} is not a ScheduledEvent(year, action, states, value)"
            )
        bad = [s for s in event.states if s >= states]
        if bad:
            raise ValueError(
                f"schedule[{n}].states = {event.states!r} names state {bad[0]}; allowed: "
                f"0..{states - 1}"
            )
        if event.action == "treaty_sign" and event.value is None and params is not None:
            cap = params.treaty_cap_share
            if not math.isfinite(cap):
                raise ValueError(
                    f"schedule[{n}].value = None uses treaty_cap_share, which is inf (no cap);"
                    " give the treaty's cap share as value or set treaty_cap_share"
                )
    return out


def apply_event(world: World, event: ScheduledEvent) -> None:
    """Apply one event to every run of ``world`` (see the module docstring).

    Parameters
    ----------
    world
        The chunk's world (updated in place).
    event
        The event.
    """
    R, N = world.runs, world.states
    action = event.action
    if action in ("alliance_form", "alliance_dissolve"):
        if world.allied is None:
            world.allied = np.zeros((R, N, N), dtype=bool)
        on = action == "alliance_form"
        for i, j in combinations(event.states, 2):
            world.allied[:, i, j] = on
            world.allied[:, j, i] = on
    elif action == "treaty_sign":
        if world.treaty_in_force is None:
            world.treaty_in_force = np.zeros(R, dtype=bool)
        if world.treaty_members is None:
            world.treaty_members = np.zeros((R, N), dtype=bool)
        world.treaty_in_force[:] = True
        world.treaty_members[...] = not event.states
        if event.states:
            world.treaty_members[:, list(event.states)] = True
        if event.value is None:
            world.overrides.pop("treaty_cap_share", None)
        else:
            world.overrides["treaty_cap_share"] = event.value
    elif action == "treaty_end":
        if world.treaty_in_force is None:
            world.treaty_in_force = np.zeros(R, dtype=bool)
        world.treaty_in_force[:] = False
    else:  # set
        key, number = event.value
        world.overrides[key] = number


def step(world: World, params, rng: np.random.Generator, ctx: ChunkContext | None = None) -> World:
    """Apply the events of the chunk's schedule due at the start of this year.

    The ``set`` and ``treaty_sign`` overrides are then put in effect for the phases that follow
    (:meth:`~realpolitik.engine.context.ChunkContext.set_overrides`).

    Parameters
    ----------
    world
        The chunk's world.
    params
        The resolved parameters (unused).
    rng
        Unused (the schedule draws nothing).
    ctx
        The chunk's context: ``ctx.schedule`` is the validated schedule (None or empty:
        nothing to do).

    Returns
    -------
    World
        The same world.
    """
    if ctx is None or not ctx.schedule:
        return world
    for event in ctx.schedule:
        if event.year == world.year:
            apply_event(world, event)
    ctx.set_overrides(world.overrides)
    return world

"""Schedule: time-dated scenario events (pacts formed or dissolved, treaties, policy changes).

Source: docs/architecture.md (scenario files); docs/mechanisms.md (phase 0 and "The engine
contract").

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
  (:meth:`~realpolitik.engine.context.ChunkContext.set_overrides`). With ``states`` (a per-state
  key only, e.g. ``nuclear_warheads``), only those states' values change and the others keep
  theirs: a power's arsenal can grow year by year while its rival's stays as it was.

Conventions
-----------
- Whether a pact or a treaty acts is up to its mechanism (pacts act only with
  ``alliances = true``; arms control acts whenever ``world.treaty_in_force`` holds).
- Events of the same year apply in the order given. Events after the last simulated year never
  apply.
- :func:`check_schedule` validates a schedule for a simulation (state indices < N, a cap for
  a treaty; :func:`check_event` for one event); its errors name the event
  (``schedule[2].states``) and the allowed values. Every check raises the structured
  :class:`~realpolitik.theory._validate.InputError`, so a scenario maps it to its own field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from realpolitik.engine.context import ChunkContext
from realpolitik.engine.keys import KeySpec, per_state
from realpolitik.engine.presets import HAZARD_KEYS
from realpolitik.engine.world import World
from realpolitik.theory._validate import InputError

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
    "check_event",
    "check_schedule",
    "scheduled_values",
    "step",
]

MODELS = "time-dated scenario events: pacts, treaties and policy changes (hotline, verification)"
SECTION = "docs/architecture.md (scenario files); docs/mechanisms.md phase 0"
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
    InputError
        A ``ValueError`` for an invalid field: ``key`` is the field (``"year"``, ``"action"``,
        ``"states"`` or ``"value"``; a ``set`` event's number is named ``value[<key>]``),
        ``index`` the offending element where there is one (element 0 of a ``set`` value is its
        key), ``value`` the bad value and ``allowed`` what is allowed.
    """

    year: int
    action: str
    states: tuple[int, ...] = ()
    value: Any = None

    def __post_init__(self) -> None:
        year = self.year
        if isinstance(year, bool) or not isinstance(year, int | np.integer) or year < 0:
            raise InputError("year", year, "integers >= 0", problem="is not allowed")
        object.__setattr__(self, "year", int(year))
        if self.action not in ACTIONS:
            raise InputError("action", self.action, str(list(ACTIONS)), problem="is not allowed")
        object.__setattr__(self, "states", _check_states(self.action, self.states))
        object.__setattr__(self, "value", _check_value(self.action, self.value))
        if self.action == "set":
            _check_set_states(self.states, self.value)


def _check_states(action: str, states: Any) -> tuple[int, ...]:
    """Return the member states as a tuple of ints, checked for ``action``."""
    if isinstance(states, int | np.integer | str):
        raise InputError("states", states, "a sequence of state indices", problem="is not allowed")
    try:
        out = tuple(states)
    except TypeError:
        raise InputError(
            "states", states, "a sequence of state indices", problem="is not allowed"
        ) from None
    for i, s in enumerate(out):
        if isinstance(s, bool) or not isinstance(s, int | np.integer) or s < 0:
            raise InputError("states", s, "integers >= 0", problem="is not a state index", index=i)
    out = tuple(int(s) for s in out)
    seen: set[int] = set()
    for i, s in enumerate(out):
        if s in seen:
            raise InputError(
                "states",
                s,
                "distinct states",
                problem="is listed twice (it repeats an earlier state)",
                index=i,
            )
        seen.add(s)
    n = len(out)
    if action in ("alliance_form", "alliance_dissolve") and n < 2:
        raise InputError(
            "states", out, "2 or more states", problem=f"names {n} state(s) for {action}"
        )
    if action == "treaty_sign" and n == 1:
        raise InputError(
            "states",
            out,
            "2 or more members, or none (all states)",
            problem="names 1 state for treaty_sign",
        )
    if action == "treaty_end" and n:
        raise InputError(
            "states",
            out,
            "none (it acts on the whole system)",
            problem=f"is not allowed: {action} takes no states",
        )
    return out


def _check_set_states(states: tuple[int, ...], value: Any) -> None:
    """Refuse states on a ``set`` event whose key is one value for the whole system."""
    key = value[0]
    spec = _SPECS.get(key)
    if states and spec is not None and not spec.per_state:
        raise InputError(
            "states",
            states,
            "none: the key is one value for the whole system (states only for per-state keys)",
            problem=f"is not allowed: {key} is not a per-state key",
        )


def _check_value(action: str, value: Any) -> Any:
    """Return the event's value, checked for ``action`` (see :class:`ScheduledEvent`).

    A ``set`` event's key that cannot be scheduled is reported as element 0 of the value
    (``InputError.index == 0``); its number under the name ``value[<key>]``.
    """
    if action == "treaty_sign":
        if value is None:
            return None
        _number("value", value, _CAP_TEXT)
        _SPECS["treaty_cap_share"].check_scalar("value", float(value))
        return float(value)
    if action == "set":
        if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
            raise InputError(
                "value",
                value,
                f"a (key, number) pair with a key of {list(SCHEDULABLE)}",
                problem="is not allowed",
            )
        key, number = value
        if key not in SCHEDULABLE:
            raise InputError(
                "value", key, ", ".join(SCHEDULABLE), problem="cannot be scheduled", index=0
            )
        _number(f"value[{key!r}]", number, "one number for the system")
        _SPECS[key].check_scalar(f"value[{key!r}]", float(number))
        return (key, float(number))
    if value is not None:
        raise InputError(
            "value",
            value,
            "None (a value only in set and treaty_sign events)",
            problem=f"is not allowed: {action} takes no value",
        )
    return None


_CAP_TEXT = (
    "the treaty's cap share, a number > 0 (military / GDP), or None (the treaty_cap_share "
    "parameter)"
)


def _number(name: str, value: Any, allowed: str = "a number") -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InputError(name, value, allowed, problem="is not a number")


def check_event(event: ScheduledEvent, states: int, params: Any = None) -> None:
    """Check one event against a simulation of ``states`` states.

    Parameters
    ----------
    event
        The event (its own fields are checked when it is made).
    states
        The number of states N.
    params
        The :class:`~realpolitik.engine.params.Params` (or resolved parameters), to check that
        a ``treaty_sign`` without a value has a finite ``treaty_cap_share`` and that a ``set``
        event does not change a hazard key under ``decisions = "strategic"``
        (:data:`~realpolitik.engine.presets.HAZARD_KEYS`); None skips both.

    Raises
    ------
    InputError
        ``key`` ``"states"`` (a state index >= N) or ``"value"`` (a treaty without a cap, a
        hazard key under the strategic engine).
    """
    bad = [s for s in event.states if s >= states]
    if bad:
        raise InputError(
            "states", event.states, f"0..{states - 1}", problem=f"names state {bad[0]}"
        )
    strategic = params is not None and getattr(params, "decisions", "hazard") == "strategic"
    if event.action == "set" and strategic and event.value[0] in HAZARD_KEYS:
        raise InputError(
            "value", event.value[0], "a schedulable key other than the hazard model's",
            problem="is not allowed: under decisions='strategic' wars are chosen by states; "
            f"{event.value[0]} belongs to the hazard model", index=0,
        )  # fmt: skip
    uncapped = params is not None and not np.all(np.isfinite(params.treaty_cap_share))
    if event.action == "treaty_sign" and event.value is None and uncapped:
        raise InputError(
            "value",
            None,
            "give the treaty's cap share as value or set treaty_cap_share",
            problem="uses treaty_cap_share, which is inf (no cap)",
            lead="",
        )


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
        As for :func:`check_event`; None skips the treaty cap check.

    Returns
    -------
    tuple of ScheduledEvent
        The events, in the given order.

    Raises
    ------
    InputError
        Naming the event and its field (``schedule[i].states``) and what is allowed.
    """
    if schedule is None:
        return ()
    if isinstance(schedule, ScheduledEvent | str | bytes):
        raise InputError(
            "schedule", schedule, "a sequence of ScheduledEvent", problem="is not a sequence"
        )
    out = tuple(schedule)
    for n, event in enumerate(out):
        if not isinstance(event, ScheduledEvent):
            raise InputError(
                f"schedule[{n}]",
                event,
                "ScheduledEvent(year, action, states, value)",
                problem="is not a ScheduledEvent",
            )
        try:
            check_event(event, states, params)
        except InputError as err:
            raise err.renamed(f"schedule[{n}].{err.key}") from None
    return out


def scheduled_values(schedule: Sequence[ScheduledEvent] | None) -> dict[str, list[Any]]:
    """Return the parameter values a schedule puts in effect mid-run, key by key.

    A ``set`` event puts its number in effect for its key; a ``treaty_sign`` event with a
    value puts that cap in effect as ``treaty_cap_share`` (without a value it uses the
    parameters' own cap, which changes nothing). Other actions set no key.

    Parameters
    ----------
    schedule
        The events (None or empty: no schedule).

    Returns
    -------
    dict
        Key -> the values the events set it to, in the order given (keys no event sets are
        absent). A mechanism whose switch is off at the start may be switched on by one of
        these (e.g. a treaty signed in year 22).
    """
    out: dict[str, list[Any]] = {}
    for event in schedule or ():
        if event.action == "set":
            key, number = event.value
            out.setdefault(key, []).append(number)
        elif event.action == "treaty_sign" and event.value is not None:
            out.setdefault("treaty_cap_share", []).append(event.value)
    return out


def apply_event(world: World, event: ScheduledEvent, base: Any = None) -> None:
    """Apply one event to every run of ``world`` (see the module docstring).

    Parameters
    ----------
    world
        The chunk's world (updated in place).
    event
        The event.
    base
        The parameters at the start (a per-state ``set`` event changes its states' values
        and keeps the others' from the overrides in effect, else from ``base``).
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
        if event.states:
            current = world.overrides.get(key, getattr(base, key, None))
            if current is None:
                raise InputError(
                    "base",
                    None,
                    "the parameters in effect",
                    problem=f"are needed for a per-state set of {key}",
                )
            values = np.array(per_state(current, N), dtype=float)
            values[list(event.states)] = number
            world.overrides[key] = tuple(values.tolist())
        else:
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
            apply_event(world, event, ctx.base)
    ctx.set_overrides(world.overrides)
    return world

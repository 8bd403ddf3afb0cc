"""The checks of a scenario that need several fields or the engine, and the inputs they build.

Source: docs/cli.md ("Conventions": one short error naming the field, the bad value and what is
allowed); docs/mechanisms.md for the engine keys and the schedule's rules.

The pydantic models of :mod:`realpolitik.scenarios.schema` check each field on its own. This
module checks what needs more:

- states: unique names, a type or a type probability (not both), per-state engine keys known
  (:func:`state_keys`) and in their range;
- alliances and events: the states they name exist (and appear once), event years lie within
  the horizon, and every alliance and event is a valid
  :class:`~realpolitik.engine.mechanisms.schedule.ScheduledEvent`: the engine's own event type
  checks the rules of each action (members, keys, values), so they are written once;
- sources known to :data:`realpolitik.citations.BIBTEX`; the memory ceiling;
- parameters: every key known and in range, as :class:`~realpolitik.engine.Params` checks it.

Every failure is a :class:`~realpolitik.scenarios.schema.ScenarioError` whose ``loc`` is the
scenario field. Errors of the engine's checks arrive as the structured
:class:`~realpolitik.theory._validate.InputError` (``key``, ``index``, ``value``, ``allowed``)
and are mapped to the field from those attributes, never from the message text.

:func:`build_params` and :func:`build_schedule` return the engine inputs they check;
:mod:`realpolitik.scenarios.compile` uses them.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from realpolitik.citations import BIBTEX
from realpolitik.engine import Params, ScheduledEvent
from realpolitik.engine.keys import switch_condition, to_json
from realpolitik.engine.mechanisms.schedule import SCHEDULABLE, check_event
from realpolitik.engine.params import ineffective_keys
from realpolitik.scenarios.schema import (
    LIMITS,
    MEMORY_CEILING_BYTES,
    NUCLEAR_KEYS,
    STATE_FIELDS,
    Event,
    Scenario,
    ScenarioError,
    check_value,
    short_repr,
)
from realpolitik.theory._validate import InputError

__all__ = [
    "build_params",
    "build_schedule",
    "check_memory",
    "check_scenario",
    "check_size",
    "check_take_effect",
    "check_treaty_caps",
    "engine_preset",
    "estimate_memory_bytes",
    "per_state_keys",
    "state_keys",
    "unknown_key_message",
    "validate_scenario",
]

Loc = tuple[str | int, ...]


# ---------------------------------------------------------------------------------------------
# keys, sizes and memory
# ---------------------------------------------------------------------------------------------


def per_state_keys() -> tuple[str, ...]:
    """Return the engine keys that accept one value per state.

    Returns
    -------
    tuple of str
        Keys of :class:`~realpolitik.engine.Params` whose spec is ``per_state``.
    """
    return tuple(k for k, s in Params.specs().items() if s.per_state)


def state_keys() -> tuple[str, ...]:
    """Return every key a state's mapping may hold.

    Returns
    -------
    tuple of str
        The fixed fields (name, type, greedy_probability, military, gdp, growth, nuclear) and
        the per-state engine keys, except ``share_greedy`` (use ``greedy_probability``) and the
        nuclear keys (use the ``nuclear`` block).
    """
    skip = {"share_greedy", *NUCLEAR_KEYS.values()}
    return (*STATE_FIELDS, *(k for k in per_state_keys() if k not in skip))


def unknown_key_message(
    key: str, allowed: Sequence[str], what: str = "key", show: int | None = None
) -> str:
    """Return ``unknown <what> 'x' (did you mean 'y'?); allowed keys: ...``.

    Parameters
    ----------
    key
        The unknown key.
    allowed
        The keys allowed there.
    what
        The word for the key (``"key"``, ``"source"``).
    show
        At most this many allowed keys are listed, the closest to ``key`` first, with the
        total (None: all of them). A long list, such as every BibTeX key, would make the
        one-line message unreadable.

    Returns
    -------
    str
        The message, with the closest allowed key as a hint where one is close.
    """
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    if show is None or len(allowed) <= show:
        return f"unknown {what} {short_repr(key)}{hint}; allowed keys: {', '.join(allowed)}"
    nearest = difflib.get_close_matches(key, allowed, n=show, cutoff=0.0)
    return (
        f"unknown {what} {short_repr(key)}{hint}; allowed keys ({len(allowed)} in all), the "
        f"closest: {', '.join(nearest)}, ..."
    )


def estimate_memory_bytes(runs: int, years: int, states: int, chunk_size: int = 1024) -> int:
    """Estimate the memory a simulation needs, in bytes.

    The trajectory keeps three float64 variables per run, year and state (military, GDP,
    budget share): ``runs (years + 1) states * 3 * 8``; the mechanisms hold about eight
    pair-level float64 arrays per chunk while they work: ``min(runs, chunk) states^2 * 8 * 8``.

    Parameters
    ----------
    runs, years, states
        The sizes.
    chunk_size
        Runs per chunk.

    Returns
    -------
    int
        The estimate.
    """
    recorded = runs * (years + 1) * states * 3 * 8
    working = min(runs, chunk_size) * states * states * 8 * 8
    return recorded + working


def check_memory(
    runs: int, years: int, states: int, *, loc: Sequence[str | int] | None = None
) -> None:
    """Raise :class:`ScenarioError` when a simulation would need more than the ceiling.

    Parameters
    ----------
    runs, years, states
        The sizes.
    loc
        The field to name in the error, e.g. ``("runs",)``.

    Raises
    ------
    ScenarioError
        If :func:`estimate_memory_bytes` exceeds
        :data:`~realpolitik.scenarios.schema.MEMORY_CEILING_BYTES`.
    """
    need = estimate_memory_bytes(runs, years, states)
    if need > MEMORY_CEILING_BYTES:
        raise ScenarioError(
            f"runs = {runs:,} x years = {years:,} x states = {states} needs about "
            f"{need / 2**30:,.1f} GiB; allowed: at most {MEMORY_CEILING_BYTES / 2**30:g} GiB "
            "(runs x (years + 1) x states x 24 bytes); use fewer runs or years",
            loc=loc,
        )


def check_size(name: str, value: Any, default: int | None = None) -> int | None:
    """Check a run size override (runs, years or seed) against the scenario limits.

    Parameters
    ----------
    name
        ``"runs"``, ``"years"`` or ``"seed"``.
    value
        The override, or None.
    default
        Returned when ``value`` is None.

    Returns
    -------
    int or None
        The value as an int, or ``default``.

    Raises
    ------
    ScenarioError
        With ``loc`` = ``(name,)``, for a non-integer or a value out of
        :data:`~realpolitik.scenarios.schema.LIMITS`.
    """
    if value is None:
        return default
    lo, hi = LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ScenarioError(f"{name} = {value!r} is not an integer; allowed: integers "
                            f"{lo:,}..{hi:,}", loc=(name,))  # fmt: skip
    if not lo <= int(value) <= hi:
        raise ScenarioError(f"{name} = {value} is out of range; allowed: integers "
                            f"{lo:,}..{hi:,}", loc=(name,))  # fmt: skip
    return int(value)


# ---------------------------------------------------------------------------------------------
# the whole scenario
# ---------------------------------------------------------------------------------------------


def check_scenario(scenario: Scenario) -> None:
    """Run the checks that need several fields at once, or the engine.

    Unique state names; types given once; per-state keys known and in range; alliances and
    events naming known states, within the horizon and valid as the engine's scheduled
    events; sources known to :data:`realpolitik.citations.BIBTEX`; the memory ceiling; the
    parameters (:func:`build_params`), each of which must take effect
    (:func:`check_take_effect`). A treaty signed without a cap is checked at run time
    (:func:`check_treaty_caps`), since ``--set treaty_cap_share=...`` may supply the cap.

    Parameters
    ----------
    scenario
        The scenario.

    Raises
    ------
    ScenarioError
        For the first problem, with its field (``loc``).
    """
    check_take_effect(scenario, *validate_scenario(scenario))


def check_take_effect(
    scenario: Scenario, params: Params, schedule: Sequence[ScheduledEvent]
) -> None:
    """Refuse a key whose mechanism is off at the start and never switched on by the schedule.

    Such a key changes nothing (``burden_sharing`` without ``alliances: true``, a strategic
    key such as ``mobilization`` without ``decisions: strategic``), so giving it is an error
    naming the switch that turns its mechanism on (:func:`~realpolitik.engine.params.
    ineffective_keys`). A switch turned on by a scheduled event (a ``set`` event, a treaty
    signed with a cap) makes its keys take effect. Only keys away from their neutral value
    count: the neutral value changes nothing either way; and only keys the scenario gives (a
    preset's own value, such as the strategic engine's ``strike_warheads_per_silo`` in a
    scenario without nuclear states, is no error).

    Parameters
    ----------
    scenario
        The scenario, for the field that sets the key.
    params, schedule
        Its parameters and schedule (:func:`validate_scenario`).

    Raises
    ------
    ScenarioError
        For the first such key, at the field that sets it (``parameters``, a state's own
        key or ``nuclear`` block, or a ``set`` event's value).
    """
    given = (
        (key, switch, _where_set(scenario, key))
        for key, switch in ineffective_keys(params, schedule).items()
    )
    key, switch, where = next((g for g in given if g[2] is not None), (None, None, None))
    if where is None:
        return
    value, loc = where
    cond = switch_condition(Params.specs()[switch])
    raise ScenarioError(
        f"{key} = {short_repr(to_json(value))} takes effect only with {cond}, but {switch} is "
        f"off here (at the start and in every scheduled event); set {cond} or leave {key} out",
        loc=loc,
    )


def _where_set(scenario: Scenario, key: str) -> tuple[Any, Loc] | None:
    """Return the value a scenario gives ``key`` and the field that gives it (None: not given)."""
    if key in scenario.parameters:
        return scenario.parameters[key], ("parameters", key)
    for i, state in enumerate(scenario.states):
        own = state.keys_set()
        if key in own:
            return own[key], ("states", i, *_state_field(key))
    for e, event in enumerate(scenario.events):  # the only other place: a set event
        if event.action == "set" and event.key == key:
            return event.value, ("events", e, "value")
    return None


def validate_scenario(scenario: Scenario) -> tuple[Params, tuple[ScheduledEvent, ...]]:
    """Run :func:`check_scenario`'s checks and return the engine inputs they built.

    Parameters
    ----------
    scenario
        The scenario.

    Returns
    -------
    (Params, tuple of ScheduledEvent)
        :func:`build_params` and :func:`build_schedule` of the scenario.

    Raises
    ------
    ScenarioError
        For the first problem, with its field (``loc``).
    """
    _check_states(scenario)
    schedule = build_schedule(scenario)
    for s, key in enumerate(scenario.sources):
        if key not in BIBTEX:
            raise ScenarioError(
                unknown_key_message(key, sorted(BIBTEX), "source", show=12),
                loc=("sources", s),
            )
    check_memory(scenario.runs, scenario.years, scenario.n_states, loc=("runs",))
    return build_params(scenario), schedule


def _check_states(scenario: Scenario) -> None:
    specs = Params.specs()
    seen: dict[str, int] = {}
    allowed = state_keys()
    for i, state in enumerate(scenario.states):
        if state.name in seen:
            raise ScenarioError(
                f"state name {state.name!r} is used twice (states[{seen[state.name]}] and "
                f"states[{i}]); allowed: unique names",
                loc=("states", i, "name"),
            )
        seen[state.name] = i
        if state.type is not None and state.greedy_probability is not None:
            raise ScenarioError(
                f"type = {state.type!r} and greedy_probability = {state.greedy_probability!r} "
                "both set; allowed: one of them",
                loc=("states", i, "greedy_probability"),
            )
        for key, value in (state.model_extra or {}).items():
            if key not in allowed:
                raise ScenarioError(unknown_key_message(key, allowed), loc=("states", i, key))
            if isinstance(value, list):
                raise ScenarioError(
                    f"{short_repr(value)} is a list; allowed: one value for the state (a list "
                    "of one value per state goes under parameters)",
                    loc=("states", i, key),
                )
            _check_key_value(key, value, ("states", i, key))
        if state.nuclear is not None:
            for field, key in NUCLEAR_KEYS.items():
                value = getattr(state.nuclear, field)
                if value is not None and key in specs:
                    _check_key_value(key, value, ("states", i, "nuclear", field))


def _check_key_value(key: str, value: Any, loc: Loc) -> None:
    """Check one value (a scalar, or a per-state list) of an engine key, as Params does."""
    try:
        check_value(value)
        Params.core(**{key: value})
    except ValueError as err:
        raise ScenarioError(str(err), loc=loc) from None


# ---------------------------------------------------------------------------------------------
# alliances and events: the engine's schedule
# ---------------------------------------------------------------------------------------------


def build_schedule(scenario: Scenario) -> tuple[ScheduledEvent, ...]:
    """Return the scenario's alliances and events as the engine's schedule, checked.

    Alliances in force from the start become ``alliance_form`` events in year 0; events get
    state indices and years counted from the start (calendar years minus ``start_year``).
    The events are sorted by year, keeping their order within a year (alliances first).

    Parameters
    ----------
    scenario
        The scenario.

    Returns
    -------
    tuple of ScheduledEvent
        The schedule.

    Raises
    ------
    ScenarioError
        For an unknown or repeated state, a year outside the horizon, or an event the engine
        refuses, naming the alliance's or event's field.
    """
    items = [event for _, event in _scheduled(scenario)]
    return tuple(sorted(items, key=lambda e: e.year))  # sorted() is stable


def check_treaty_caps(scenario: Scenario, params: Params) -> None:
    """Check that every treaty signed without a cap finds a finite ``treaty_cap_share``.

    Parameters
    ----------
    scenario
        The scenario.
    params
        Its parameters (:func:`build_params`, with any overrides).

    Raises
    ------
    ScenarioError
        Naming the event's ``value``.
    """
    for loc, event in _scheduled(scenario):
        try:
            check_event(event, scenario.n_states, params)
        except InputError as err:
            raise ScenarioError(str(err), loc=(*loc, err.key)) from None


def _scheduled(scenario: Scenario) -> list[tuple[Loc, ScheduledEvent]]:
    """Return (field, engine event) for each alliance and event, in the scenario's order."""
    index = {name: i for i, name in enumerate(scenario.state_names)}
    out: list[tuple[Loc, ScheduledEvent]] = []
    for a, alliance in enumerate(scenario.alliances):
        loc = ("alliances", a)
        members = _indices(alliance.members, index, (*loc, "members"))
        fields = {"states": ("members", alliance.members)}
        out.append((loc, _engine_event(loc, fields, 0, "alliance_form", members, None)))
    lo, hi, horizon = _calendar(scenario)
    for e, event in enumerate(scenario.events):
        loc = ("events", e)
        if not lo <= event.year <= hi:
            raise ScenarioError(
                f"year = {event.year} is outside the horizon; allowed: {horizon}",
                loc=(*loc, "year"),
            )
        members = _indices(event.states, index, (*loc, "states"))
        value = _engine_value(event, loc)
        fields = {"states": ("states", event.states), "key": ("key", event.key)}
        item = _engine_event(loc, fields, event.year - lo, event.action, members, value)
        out.append((loc, item))
    return out


def _calendar(scenario: Scenario) -> tuple[int, int, str]:
    """Return the first and last event year and the horizon as text."""
    if scenario.start_year is None:
        return 0, scenario.years - 1, f"simulated years 0..{scenario.years - 1}"
    lo = scenario.start_year
    hi = lo + scenario.years - 1
    return lo, hi, f"{lo}..{hi} (start_year {lo} + years {scenario.years} - 1)"


def _indices(members: Sequence[str], index: Mapping[str, int], loc: Loc) -> tuple[int, ...]:
    """Return the states' indices; refuse unknown names (the engine's event refuses repeats)."""
    names = list(index)
    for m, member in enumerate(members):
        if member not in index:
            close = difflib.get_close_matches(member, names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            shown = ", ".join(names[:20]) + (", ..." if len(names) > 20 else "")
            raise ScenarioError(
                f"unknown state {member!r}{hint}; allowed: the scenario's states ({shown})",
                loc=(*loc, m),
            )
    return tuple(index[m] for m in members)


def _engine_value(event: Event, loc: Loc) -> Any:
    """Return the value the engine's event takes: ``(key, value)`` for ``set``."""
    if event.action == "set":
        if event.key is None or event.value is None:
            missing = "key" if event.key is None else "value"
            raise ScenarioError(
                f"a set event needs key (one of {', '.join(SCHEDULABLE)}) and value",
                loc=(*loc, missing),
            )
        return (event.key, event.value)
    if event.key is not None:
        raise ScenarioError(
            f"key is only allowed in a set event, not in {event.action}", loc=(*loc, "key")
        )
    return event.value


def _engine_event(
    loc: Loc,
    fields: Mapping[str, tuple[str, Any]],
    year: int,
    action: str,
    states: tuple[int, ...],
    value: Any,
) -> ScheduledEvent:
    """Make the engine's event; map its error to the scenario's field.

    ``fields`` maps the engine event's field to the scenario's (name, value): ``states`` to
    an alliance's ``members`` or an event's ``states`` (names, not indices), and ``key`` to a
    ``set`` event's key (element 0 of the engine's value).
    """
    try:
        return ScheduledEvent(year=year, action=action, states=states, value=value)
    except InputError as err:
        if err.key == "states":
            name, names = fields["states"]
            index = err.index
            shown = list(names) if index is None else names[index]
        elif err.key == "value" and err.index == 0 and "key" in fields:
            (name, shown), index = fields["key"], None
        else:  # year, action or the value (a set event's number is named value[<key>])
            field = err.key if err.key in ("year", "action") else "value"
            raise ScenarioError(str(err), loc=(*loc, field)) from None
        again = InputError(
            name, shown, err.allowed, problem=err.problem, index=index, note=err.note, lead=err.lead
        )
        where = (name,) if index is None else (name, index)
        raise ScenarioError(str(again), loc=(*loc, *where)) from None


# ---------------------------------------------------------------------------------------------
# parameters
# ---------------------------------------------------------------------------------------------


def engine_preset(values: Mapping[str, Any] | None = None) -> Params:
    """Return the parameters a scenario's keys are resolved against, with its values.

    A scenario runs on the strategic engine (:meth:`Params.strategic`, the lab's reference
    model: every war chosen by a state, docs/strategic.md) unless it says
    ``decisions: hazard``; then its keys resolve against the hazard model
    (:meth:`Params.core`, the benchmark workload).

    Parameters
    ----------
    values
        Keys to set on the preset (a scenario's values; its ``decisions``, if any, picks the
        preset); None: the strategic engine's preset itself.

    Returns
    -------
    Params
        ``Params.core(**values)`` for ``"hazard"``, else ``Params.strategic(**values)``.

    Raises
    ------
    InputError
        For an invalid value, or a hazard key under the strategic engine (naming the key).
    """
    values = {} if values is None else values
    preset = Params.core if values.get("decisions") == "hazard" else Params.strategic
    return preset(**values)


def build_params(scenario: Scenario) -> Params:
    """Return the :class:`~realpolitik.engine.Params` a scenario sets.

    The keys resolve against :func:`engine_preset`: the strategic engine's preset unless the
    scenario says ``decisions: hazard`` (the hazard model's keys, such as
    ``crisis_base_rate``, are then errors in a strategic scenario, naming the key).
    ``parameters`` give keys as they are (a list: one value per state); per-state keys set on
    the states (their own keys, the ``nuclear`` block, ``type`` / ``greedy_probability`` as
    ``share_greedy``) become an array: the state's value, else the ``parameters`` value, else
    the key's default. Pacts (alliances or alliance events) switch the ``alliances`` key on
    unless the scenario sets it.

    Parameters
    ----------
    scenario
        The scenario.

    Returns
    -------
    Params
        The validated parameters (every key the scenario leaves out at its preset's value).

    Raises
    ------
    ScenarioError
        For an unknown key, a value out of its range, or a per-state list of the wrong length,
        naming the field.
    """
    values = _parameter_values(scenario)
    base = engine_preset({"decisions": values.get("decisions", "strategic")})  # values left open
    per_state, where = _state_values(scenario, values, base)
    values.update(per_state)
    has_pacts = bool(scenario.alliances) or any(
        e.action in ("alliance_form", "alliance_dissolve") for e in scenario.events
    )
    if has_pacts and "alliances" in Params.specs() and "alliances" not in scenario.parameters:
        values["alliances"] = True
    try:
        params = engine_preset(values)
        params.resolve(scenario.n_states)
    except InputError as err:
        raise ScenarioError(str(err), loc=_param_loc(err, scenario, where)) from None
    except ValueError as err:  # a check across keys that names none of them
        raise ScenarioError(str(err), loc=("parameters",)) from None
    return params


def _parameter_values(scenario: Scenario) -> dict[str, Any]:
    """Check the ``parameters`` one key at a time; return them."""
    specs = Params.specs()
    n = scenario.n_states
    for key, value in scenario.parameters.items():
        loc = ("parameters", key)
        if key not in specs:
            close = difflib.get_close_matches(key, list(specs), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ScenarioError(
                f"unknown parameter key {key!r}{hint}; allowed: the engine keys of "
                "docs/mechanisms.md (realpolitik.Params.describe() lists them)",
                loc=loc,
            )
        if isinstance(value, list) and len(value) != n:
            raise ScenarioError(
                f"{key} has {len(value)} values but the scenario has {n} states; allowed: one "
                "number for all states or one per state",
                loc=loc,
            )
        try:
            Params.core(**{key: value})
        except InputError as err:
            element = err.index is not None and isinstance(value, list)
            raise ScenarioError(str(err), loc=(*loc, err.index) if element else loc) from None
        except ValueError as err:
            raise ScenarioError(str(err), loc=loc) from None
    return dict(scenario.parameters)


def _state_values(
    scenario: Scenario, values: Mapping[str, Any], base: Params
) -> tuple[dict[str, list[Any]], dict[str, tuple[str, ...]]]:
    """Return the per-state keys set on states (as full lists) and each one's state field."""
    n = scenario.n_states
    core = base
    per_state: dict[str, list[Any]] = {}
    where: dict[str, tuple[str, ...]] = {}
    for i, state in enumerate(scenario.states):
        own = state.keys_set()
        if state.type is not None:
            own["share_greedy"] = 1.0 if state.type == "greedy" else 0.0
        elif state.greedy_probability is not None:
            own["share_greedy"] = state.greedy_probability
        for key, value in own.items():
            if key not in per_state:
                base = values.get(key, getattr(core, key))
                if isinstance(base, list):
                    raise ScenarioError(
                        f"{key} is set per state both in parameters (a list) and on state "
                        f"{state.name!r}; allowed: one of the two",
                        loc=("states", i, *_state_field(key)),
                    )
                base = np.asarray(base, dtype=float)
                per_state[key] = list(base.tolist()) if base.ndim == 1 else [float(base)] * n
                where[key] = _state_field(key)
            per_state[key][i] = value
    return per_state, where


def _state_field(key: str) -> tuple[str, ...]:
    """Return the field of a state that sets the per-state engine key ``key``."""
    for field, engine_key in NUCLEAR_KEYS.items():
        if engine_key == key:
            return ("nuclear", field)
    if key == "share_greedy":
        return ("greedy_probability",)
    return (key,)


def _param_loc(err: InputError, scenario: Scenario, where: Mapping[str, tuple[str, ...]]) -> Loc:
    """Return the scenario field of an engine key's error (a check across keys)."""
    key = err.key
    if key in scenario.parameters:
        if err.index is not None and isinstance(scenario.parameters[key], list):
            return ("parameters", key, err.index)
        return ("parameters", key)
    if key in where:  # a value set on the states
        return ("states", err.index or 0, *where[key])
    return ("parameters",)

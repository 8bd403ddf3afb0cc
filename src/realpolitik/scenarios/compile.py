"""Compiling a scenario into the engine's inputs, and running it.

Source: DESIGN.md ("Data flow"; "The engine's API": a scenario compiles to
``(params, states, initial)`` and ``run_scenario`` is the same call with the scenario's own
runs, years and seed); reference/CORE_MODEL.md for the initial distributions of the values a
scenario leaves open; docs/mechanisms.md for the keys.

What goes where
---------------
- ``parameters`` -> :class:`~realpolitik.engine.Params` keys as given (a list = one value per
  state). A per-state key set on states -> an array of shape ``(states,)``: the state's own
  value, else the ``parameters`` value, else the key's neutral/core default. A state's
  ``nuclear`` block -> ``nuclear_warheads``, ``survivable_share``, ``warheads_per_missile``.
- Types: ``type: greedy`` -> ``share_greedy = 1`` for that state, ``security_seeker`` -> 0,
  ``greedy_probability: p`` -> p; the engine draws each run's types from these.
- ``alliances`` (pacts in force from the start) -> ``alliance_form`` events in year 0; a
  scenario with pacts (or alliance events) switches the ``alliances`` key on unless it sets
  it itself.
- ``events`` -> :class:`~realpolitik.engine.mechanisms.schedule.ScheduledEvent` objects with
  state indices, in year order (calendar years minus ``start_year``).
- Initial values: when no state fixes military, GDP or growth, ``initial`` is None and the
  engine draws CORE_MODEL.md's initial conditions from each chunk's stream. Otherwise the
  open values are drawn here with CORE_MODEL.md's distributions (gdp ~ U(5, 15);
  military = 0.02 gdp U(0.5, 1.5) with the state's fixed GDP if any; greedy with probability
  share_greedy; growth ~ U(0.01, 0.05)) from one block ``u = rng.random((runs, 4, states))``
  (per run: gdp, military factor, type, growth) of
  ``rng = numpy.random.default_rng(SeedSequence([seed, INITIAL_TAG]))``, so a result depends
  only on the scenario and the seed, and run r's values do not depend on how many runs there
  are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np

from realpolitik.engine.initial import INITIAL_TAG, draw_per_run
from realpolitik.scenarios.schema import (
    LIMITS,
    NUCLEAR_KEYS,
    Scenario,
    ScenarioError,
    check_memory,
    format_path,
)

__all__ = [
    "INITIAL_TAG",
    "CompiledScenario",
    "build_params",
    "check_run",
    "check_size",
    "compile_scenario",
    "parse_override",
    "run_scenario",
    "with_overrides",
]

#: Second word of the seed sequence of the initial values drawn at compile time.

_KEY_AT_START = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")


class CompiledScenario(NamedTuple):
    """The engine's inputs for one scenario (unpacks as ``params, states, initial, schedule``).

    Attributes
    ----------
    params : Params
        The validated parameters.
    states : int
        The number of states N.
    initial : dict or None
        ``(runs, states)`` arrays military, gdp, greedy, growth, or None (the engine draws).
    schedule : tuple
        The time-dated events (``ScheduledEvent``), sorted by year.
    """

    params: Any
    states: int
    initial: dict[str, np.ndarray] | None
    schedule: tuple


# ---------------------------------------------------------------------------------------------
# parameters
# ---------------------------------------------------------------------------------------------


def _param_error(err: ValueError, scenario: Scenario, per_state_from: Mapping[str, str]) -> Any:
    """Map an engine ValueError to the scenario field it came from."""
    message = str(err)
    match = _KEY_AT_START.match(message)
    field = "parameters"
    if match:
        key, index = match.group(1), match.group(2)
        if key in scenario.parameters:
            field = format_path(("parameters", key))
            if index is not None and isinstance(scenario.parameters[key], list):
                field = format_path(("parameters", key, int(index)))
        elif key in per_state_from:  # a cross-key check on a value set on the states
            state = int(index) if index is not None else 0
            field = format_path(("states", state, *per_state_from[key].split(".")))
    return ScenarioError(message, field=field)


def build_params(scenario: Scenario) -> Any:
    """Return the :class:`~realpolitik.engine.Params` a scenario sets.

    Parameters
    ----------
    scenario
        The scenario.

    Returns
    -------
    Params
        The validated parameters (every key the scenario leaves out at its core/neutral value).

    Raises
    ------
    ScenarioError
        For an unknown key, a value out of its range, or a per-state list of the wrong length,
        naming the field.
    """
    from realpolitik.engine import Params

    specs = Params.specs()
    n = scenario.n_states
    values: dict[str, Any] = {}
    for key, value in scenario.parameters.items():
        path = format_path(("parameters", key))
        if key not in specs:
            import difflib

            close = difflib.get_close_matches(key, list(specs), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ScenarioError(
                f"unknown parameter key {key!r}{hint}; allowed: the engine keys of "
                "docs/mechanisms.md (realpolitik.Params.describe() lists them)",
                field=path,
            )
        if isinstance(value, list) and len(value) != n:
            raise ScenarioError(
                f"{key} has {len(value)} values but the scenario has {n} states; allowed: one "
                "number for all states or one per state",
                field=path,
            )
        try:
            Params.core(**{key: value})
        except ValueError as err:
            raise _param_error(err, scenario, {}) from None
        values[key] = value

    # per-state keys set on the states (and the nuclear blocks, and the types)
    per_state: dict[str, list[Any]] = {}
    where: dict[str, str] = {}
    core = Params.core()
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
                        field=format_path(("states", i, _state_field(key))),
                    )
                base = np.asarray(base, dtype=float)
                per_state[key] = list(base.tolist()) if base.ndim == 1 else [float(base)] * n
                where[key] = _state_field(key)
            per_state[key][i] = value
    values.update(per_state)
    has_pacts = bool(scenario.alliances) or any(
        e.action in ("alliance_form", "alliance_dissolve") for e in scenario.events
    )
    if has_pacts and "alliances" in specs and "alliances" not in scenario.parameters:
        values["alliances"] = True
    try:
        params = Params.core(**values)
        params.resolve(n)
    except ValueError as err:
        raise _param_error(err, scenario, where) from None
    return params


def _state_field(key: str) -> str:
    for field, engine_key in NUCLEAR_KEYS.items():
        if engine_key == key:
            return f"nuclear.{field}"
    if key == "share_greedy":
        return "greedy_probability"
    return key


# ---------------------------------------------------------------------------------------------
# schedule and initial values
# ---------------------------------------------------------------------------------------------


def build_schedule(scenario: Scenario) -> tuple:
    """Return the scenario's time-dated events as the engine's schedule.

    Parameters
    ----------
    scenario
        The scenario.

    Returns
    -------
    tuple of ScheduledEvent
        The initial pacts (year 0) and the events, sorted by year (stable).
    """
    from realpolitik.engine.mechanisms.schedule import ScheduledEvent

    index = {name: i for i, name in enumerate(scenario.state_names)}
    offset = scenario.start_year or 0
    out: list[tuple[int, int, Any]] = []
    for alliance in scenario.alliances:
        members = tuple(index[m] for m in alliance.members)
        out.append((0, len(out), ScheduledEvent(year=0, action="alliance_form", states=members)))
    for event in scenario.events:
        year = event.year - offset
        members = tuple(index[m] for m in event.states)
        if event.action == "set":
            value = (event.key, float(event.value))
        elif event.action == "treaty_sign" and event.value is not None:
            value = float(event.value)
        else:
            value = None
        item = ScheduledEvent(year=year, action=event.action, states=members, value=value)
        out.append((year, len(out), item))
    out.sort(key=lambda t: (t[0], t[1]))
    return tuple(item for _, _, item in out)


def build_initial(
    scenario: Scenario, params: Any, *, runs: int, seed: int
) -> dict[str, np.ndarray] | None:
    """Return the initial values, or None when the scenario fixes none of them.

    Parameters
    ----------
    scenario
        The scenario.
    params
        Its parameters (for ``share_greedy``).
    runs
        The number of runs.
    seed
        The root seed.

    Returns
    -------
    dict or None
        ``(runs, states)`` arrays military, gdp, greedy, growth (see the module docstring).
    """
    fixed = {f: [getattr(s, f) for s in scenario.states] for f in ("military", "gdp", "growth")}
    if all(v is None for values in fixed.values() for v in values):
        return None
    share = params.resolve(scenario.n_states).share_greedy
    return draw_per_run(seed, runs, share, fixed)


def check_size(name: str, value: Any, default: int | None = None) -> int | None:
    """Check a run size override (runs, years or seed) against :data:`LIMITS`.

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
        For a non-integer or a value out of range.
    """
    if value is None:
        return default
    lo, hi = LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ScenarioError(f"{name} = {value!r} is not an integer; allowed: integers "
                            f"{lo:,}..{hi:,}")  # fmt: skip
    if not lo <= int(value) <= hi:
        raise ScenarioError(f"{name} = {value} is out of range; allowed: integers "
                            f"{lo:,}..{hi:,}")  # fmt: skip
    return int(value)


def _size(name: str, value: Any, default: int) -> int:
    try:
        out = check_size(name, value, default)
    except ScenarioError as err:
        raise err.located(field=name) from None
    assert out is not None
    return out


def check_run(scenario: Scenario, *, runs: int | None = None, years: int | None = None) -> None:
    """Check everything a run of the scenario needs, without building anything large.

    Parameters
    ----------
    scenario
        The scenario.
    runs, years
        Overrides of its runs and years (None: the scenario's).

    Raises
    ------
    ScenarioError
        For an invalid scenario, override, or a run beyond the memory ceiling.
    """
    from realpolitik.scenarios.schema import check_scenario

    runs_n = _size("runs", runs, scenario.runs)
    years_n = _size("years", years, scenario.years)
    if years_n != scenario.years:
        scenario = _replace(scenario, years=years_n)
    check_scenario(scenario)
    check_memory(runs_n, years_n, scenario.n_states, field="runs")
    _check_treaty_caps(scenario, build_params(scenario))


def _check_treaty_caps(scenario: Scenario, params: Any) -> None:
    """Check that a treaty signed without a cap has a finite ``treaty_cap_share``."""
    caps = (
        np.asarray(params.treaty_cap_share, dtype=float)
        if hasattr(params, "treaty_cap_share")
        else np.array(np.inf)
    )
    for e, event in enumerate(scenario.events):
        if event.action == "treaty_sign" and event.value is None and not np.all(np.isfinite(caps)):
            raise ScenarioError(
                "treaty_sign without value uses the treaty_cap_share parameter, which is inf "
                "(no cap) for some state; allowed: give the cap share as value (e.g. 0.05) or "
                "set treaty_cap_share",
                field=format_path(("events", e, "value")),
            )


def compile_scenario(
    scenario: Scenario | str,
    *,
    runs: int | None = None,
    years: int | None = None,
    seed: int | None = None,
) -> CompiledScenario:
    """Turn a scenario into the engine's inputs.

    Parameters
    ----------
    scenario
        A :class:`Scenario`, a bundled name or a file path.
    runs, years, seed
        Override the scenario's own values (None: keep them); only ``runs`` and ``seed``
        shape the inputs (the initial values); a shorter ``years`` drops the events beyond it.

    Returns
    -------
    CompiledScenario
        ``(params, states, initial, schedule)``.

    Raises
    ------
    ScenarioError
        For an invalid scenario or override.
    """
    from realpolitik.scenarios.loader import load_scenario
    from realpolitik.scenarios.schema import check_scenario

    scenario = load_scenario(scenario)
    runs = _size("runs", runs, scenario.runs)
    years = _size("years", years, scenario.years)
    seed = _size("seed", seed, scenario.seed)
    if years != scenario.years:
        scenario = _replace(scenario, years=years)
    check_scenario(scenario)
    check_memory(runs, years, scenario.n_states, field="runs")
    params = build_params(scenario)
    _check_treaty_caps(scenario, params)
    schedule = build_schedule(scenario)
    initial = build_initial(scenario, params, runs=runs, seed=seed)
    return CompiledScenario(params, scenario.n_states, initial, schedule)


def _replace(scenario: Scenario, **changes: Any) -> Scenario:
    """Return a copy with fields changed; a shorter horizon drops the events beyond it."""
    data = scenario.model_dump(exclude_none=True)
    data.update(changes)
    if "years" in changes:
        last = (scenario.start_year or 0) + changes["years"] - 1
        data["events"] = [e for e in data.get("events", []) if e["year"] <= last]
    new = Scenario.model_validate(data)
    new._origin = scenario._origin
    return new


def run_scenario(
    scenario: Scenario | str,
    *,
    runs: int | None = None,
    years: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    **simulate_kwargs: Any,
) -> Any:
    """Simulate a scenario: :func:`~realpolitik.engine.simulate` on its compiled inputs.

    Parameters
    ----------
    scenario
        A :class:`Scenario`, a bundled name or a file path.
    runs, years, seed
        Override the scenario's own values (None: keep them).
    workers
        Local processes (results do not depend on it).
    progress
        Optional ``progress(done_runs, total_runs)`` callback, called after each chunk.
    **simulate_kwargs
        Passed to :func:`~realpolitik.engine.simulate` (e.g. ``chunk_size``, ``dtype``).

    Returns
    -------
    Trajectory
        The simulation's record.

    Raises
    ------
    ScenarioError
        For an invalid scenario or override (before any simulation).
    """
    from realpolitik.engine import simulate
    from realpolitik.scenarios.loader import load_scenario

    scenario = load_scenario(scenario)
    runs_n = _size("runs", runs, scenario.runs)
    years_n = _size("years", years, scenario.years)
    seed_n = _size("seed", seed, scenario.seed)
    compiled = compile_scenario(scenario, runs=runs_n, years=years_n, seed=seed_n)
    return simulate(
        compiled.params,
        states=compiled.states,
        runs=runs_n,
        years=years_n,
        seed=seed_n,
        workers=workers,
        initial=compiled.initial,
        schedule=compiled.schedule or None,
        progress=progress,
        **simulate_kwargs,
    )


# ---------------------------------------------------------------------------------------------
# overrides (--set key=value)
# ---------------------------------------------------------------------------------------------


def parse_override(text: str) -> tuple[str, Any]:
    """Parse one ``key=value`` override; the value is read as a YAML scalar or flat list.

    Parameters
    ----------
    text
        E.g. ``"transparency=0.5"``, ``"alliances=true"``, ``"hawkishness=[0, 0.5]"``.

    Returns
    -------
    (str, object)
        The key and the value.

    Raises
    ------
    ScenarioError
        For text without ``=``, an empty key, or a value that is not a number, flag, word,
        null or flat list of numbers.
    """
    from realpolitik.scenarios.loader import parse_yaml

    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ScenarioError(f"{text!r} is not key=value; e.g. --set transparency=0.5",
                            file="--set")  # fmt: skip
    if len(raw) > 10_000:
        raise ScenarioError(f"the value of {key} is too long; allowed: at most 10,000 "
                            "characters", file="--set")  # fmt: skip
    try:
        data, _ = parse_yaml(f"v: {raw.strip() or 'null'}\n", source="--set")
    except ScenarioError as err:
        raise ScenarioError(f"{key}={raw}: not a value ({err.message})", file="--set") from None
    value = data["v"] if isinstance(data, dict) and "v" in data else None
    from realpolitik.scenarios.schema import _scalar_or_list

    try:
        _scalar_or_list(value)
    except ValueError as err:
        raise ScenarioError(f"{key}={raw}: {err}", file="--set") from None
    return key, value


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """Return the scenario with engine keys overridden for every state (``--set key=value``).

    A per-state key given this way replaces the states' own values of that key (and
    ``share_greedy`` replaces their types); the override's value applies to all states, or
    one per state when it is a list.

    Parameters
    ----------
    scenario
        The scenario.
    overrides
        Engine key -> value.

    Returns
    -------
    Scenario
        The new scenario, checked.

    Raises
    ------
    ScenarioError
        Naming ``--set`` and the key, for an unknown key or a bad value.
    """
    from realpolitik.engine import Params
    from realpolitik.scenarios.schema import check_scenario

    if not overrides:
        return scenario
    specs = Params.specs()
    for key in overrides:
        if key not in specs:
            import difflib

            close = difflib.get_close_matches(key, list(specs), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            top = (
                "; use --runs, --years, --seed for those"
                if key in ("runs", "years", "seed")
                else ""
            )
            raise ScenarioError(
                f"unknown key {key!r}{hint}; allowed: the engine keys of docs/mechanisms.md{top}",
                file="--set",
            )
    data = scenario.model_dump(exclude_none=True)
    nuclear_fields = {v: k for k, v in NUCLEAR_KEYS.items()}
    for state in data["states"]:
        for key in overrides:
            state.pop(key, None)
            if key in nuclear_fields and "nuclear" in state:
                state["nuclear"].pop(nuclear_fields[key], None)
            if key == "share_greedy":
                state.pop("type", None)
                state.pop("greedy_probability", None)
    data["parameters"] = {**data.get("parameters", {}), **dict(overrides)}
    try:
        new = Scenario.model_validate(data)
        check_scenario(new)
        build_params(new)
    except ScenarioError as err:
        raise ScenarioError(err.message, file="--set", field=_set_field(err.field)) from None
    except Exception as err:  # pydantic's ValidationError: report the first problem
        errors = getattr(err, "errors", None)
        if errors is None:
            raise
        first = errors(include_url=False)[0]
        loc = tuple(first["loc"])
        msg = str(first.get("msg", "")).removeprefix("Value error, ")
        raise ScenarioError(msg, file="--set", field=_set_field(format_path(loc))) from None
    new._origin = scenario._origin
    return new


def _set_field(field: str | None) -> str | None:
    if field and field.startswith("parameters."):
        return field[len("parameters.") :]
    return field

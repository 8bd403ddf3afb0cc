"""Compiling a scenario into the engine's inputs, and running it.

Source: docs/architecture.md ("Data flow") and docs/engine.md: a scenario compiles to
``(params, states, initial)`` and ``run_scenario`` is the same call with the scenario's own
runs, years and seed; docs/engine.md for the initial distributions of the values a
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
- Parameters and schedule are built, and checked, by :mod:`realpolitik.scenarios.validation`
  (:func:`~realpolitik.scenarios.validation.build_params`,
  :func:`~realpolitik.scenarios.validation.build_schedule`); this module adds the run's sizes
  and the initial values.
- Burn-in: a scenario whose states give initial values starts from them, so ``burn_in`` is 0
  there unless the scenario sets it (a positive value is then an error naming
  ``parameters.burn_in``); otherwise the parameters' burn-in runs before the recorded year 0.
- Initial values: when no state fixes military, GDP or growth, ``initial`` is None and the
  engine draws docs/engine.md's initial conditions from each chunk's stream. Otherwise the
  open values are drawn here with docs/engine.md's distributions (gdp ~ U(5, 15);
  military = 0.02 gdp U(0.5, 1.5) with the state's fixed GDP if any; greedy with probability
  share_greedy; growth ~ U(0.01, 0.05)) from one block ``u = rng.random((runs, 4, states))``
  (per run: gdp, military factor, type, growth) of
  ``rng = numpy.random.default_rng(SeedSequence([seed, INITIAL_TAG]))``, so a result depends
  only on the scenario and the seed, and run r's values do not depend on how many runs there
  are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

import realpolitik.engine as engine
from realpolitik.engine import Params, ScheduledEvent, Trajectory
from realpolitik.engine.initial import INITIAL_TAG, draw_per_run
from realpolitik.scenarios.loader import load_scenario
from realpolitik.scenarios.schema import Scenario, ScenarioError
from realpolitik.scenarios.validation import (
    build_params,
    build_schedule,
    check_memory,
    check_size,
    check_treaty_caps,
    validate_scenario,
)

__all__ = [
    "INITIAL_TAG",
    "CompiledScenario",
    "build_initial",
    "build_params",
    "build_schedule",
    "check_run",
    "check_size",
    "compile_scenario",
    "run_scenario",
    "simulate_compiled",
]


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

    params: Params
    states: int
    initial: dict[str, np.ndarray] | None
    schedule: tuple[ScheduledEvent, ...]


class _Checked(NamedTuple):
    scenario: Scenario
    runs: int
    years: int
    seed: int
    params: Params
    schedule: tuple[ScheduledEvent, ...]


def _checked(
    scenario: Scenario | str,
    runs: int | None,
    years: int | None,
    seed: int | None,
    streamed: bool = False,
) -> _Checked:
    """Load and check a scenario for a run of the given sizes (None: the scenario's)."""
    scenario = load_scenario(scenario)
    runs_n = check_size("runs", runs, scenario.runs)
    years_n = check_size("years", years, scenario.years)
    seed_n = check_size("seed", seed, scenario.seed)
    assert runs_n is not None and years_n is not None and seed_n is not None
    if years_n != scenario.years:
        scenario = _replace(scenario, years=years_n)
    params, schedule = validate_scenario(scenario)
    params = _start_from_data(scenario, params)
    if not streamed:  # a streamed run holds a chunk per worker, not the whole record
        check_memory(runs_n, years_n, scenario.n_states, loc=("runs",))
    check_treaty_caps(scenario, params)
    return _Checked(scenario, runs_n, years_n, seed_n, params, schedule)


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


_INITIAL_FIELDS = ("military", "gdp", "growth")


def _fixes_initial(scenario: Scenario) -> bool:
    """Return whether some state gives an initial military, GDP or growth."""
    return any(getattr(s, f) is not None for s in scenario.states for f in _INITIAL_FIELDS)


def _start_from_data(scenario: Scenario, params: Params) -> Params:
    """Return the parameters without a burn-in when the states give initial values.

    A scenario that starts from data (a state's military, GDP or growth) starts from those
    values: ``burn_in`` becomes 0 unless the scenario sets it, and a positive value it sets is
    an error (:func:`~realpolitik.engine.simulate` refuses a burn-in with initial values).
    """
    if params.burn_in == 0 or not _fixes_initial(scenario):
        return params
    if "burn_in" in scenario.parameters:
        state = next(i for i, s in enumerate(scenario.states)
                     if any(getattr(s, f) is not None for f in _INITIAL_FIELDS))  # fmt: skip
        raise ScenarioError(
            f"burn_in = {params.burn_in} cannot be used when states give initial values "
            f"(states[{state}] does): a scenario that starts from data is not burnt in; "
            "allowed: 0, or leave burn_in out",
            loc=("parameters", "burn_in"),
        )
    return params.replace(burn_in=0)


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
    if not _fixes_initial(scenario):
        return None
    fixed = {f: [getattr(s, f) for s in scenario.states] for f in _INITIAL_FIELDS}
    share = params.resolve(scenario.n_states).share_greedy
    return draw_per_run(seed, runs, share, fixed)


def check_run(
    scenario: Scenario | str, *, runs: int | None = None, years: int | None = None
) -> None:
    """Check everything a run of the scenario needs, without building anything large.

    Parameters
    ----------
    scenario
        A :class:`Scenario`, a bundled name or a file path.
    runs, years
        Overrides of its runs and years (None: the scenario's).

    Raises
    ------
    ScenarioError
        For an invalid scenario, override, a treaty without a cap, or a run beyond the memory
        ceiling.
    """
    _checked(scenario, runs, years, None)


def compile_scenario(
    scenario: Scenario | str,
    *,
    runs: int | None = None,
    years: int | None = None,
    seed: int | None = None,
    streamed: bool = False,
) -> CompiledScenario:
    """Turn a scenario into the engine's inputs.

    Parameters
    ----------
    scenario
        A :class:`Scenario`, a bundled name or a file path.
    runs, years, seed
        Override the scenario's own values (None: keep them); only ``runs`` and ``seed``
        shape the inputs (the initial values); a shorter ``years`` drops the events beyond it.
    streamed
        The run streams its record to disk (:mod:`realpolitik.engine.stream`): the ceiling
        on the memory of an in-memory record is not checked.

    Returns
    -------
    CompiledScenario
        ``(params, states, initial, schedule)``.

    Raises
    ------
    ScenarioError
        For an invalid scenario or override.
    """
    return _compile(_checked(scenario, runs, years, seed, streamed))


def _compile(checked: _Checked) -> CompiledScenario:
    initial = build_initial(checked.scenario, checked.params, runs=checked.runs, seed=checked.seed)
    return CompiledScenario(checked.params, checked.scenario.n_states, initial, checked.schedule)


def simulate_compiled(
    compiled: CompiledScenario,
    *,
    runs: int,
    years: int,
    seed: int,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    **simulate_kwargs: Any,
) -> Trajectory:
    """Simulate compiled inputs: :func:`~realpolitik.engine.simulate` with their schedule.

    Parameters
    ----------
    compiled
        :func:`compile_scenario` of the scenario, for these ``runs`` and ``seed``.
    runs, years, seed
        The run's sizes and root seed.
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
    """
    return engine.simulate(
        compiled.params,
        states=compiled.states,
        runs=runs,
        years=years,
        seed=seed,
        workers=workers,
        initial=compiled.initial,
        schedule=compiled.schedule or None,
        progress=progress,
        **simulate_kwargs,
    )


def run_scenario(
    scenario: Scenario | str,
    *,
    runs: int | None = None,
    years: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    **simulate_kwargs: Any,
) -> Trajectory:
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
    checked = _checked(scenario, runs, years, seed)
    simulate_kwargs.setdefault("state_names", checked.scenario.state_names)
    simulate_kwargs.setdefault("start_year", checked.scenario.start_year)
    return simulate_compiled(
        _compile(checked),
        runs=checked.runs,
        years=checked.years,
        seed=checked.seed,
        workers=workers,
        progress=progress,
        **simulate_kwargs,
    )

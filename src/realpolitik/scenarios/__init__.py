"""Scenarios: who the states are, how their system works and what happens when, as YAML files.

Source: docs/architecture.md ("Data flow": scenario.yaml -> Scenario (validated) -> engine
inputs -> simulate() -> Trajectory); the format: docs/scenario-format.md. A scenario names its
states (initial military and GDP, types or type probabilities, per-state keys such as
hawkishness, nuclear forces), its alliances, the engine's mechanism keys (docs/mechanisms.md)
and time-dated events (a pact formed, a treaty signed, a hotline opened in a given year), with
its horizon, runs and seed.

API::

    load_scenario(name_or_path) -> Scenario          # a bundled name or a .yaml file
    scenario_from_dict(data) -> Scenario             # plain values (a web form, a test)
    with_overrides(scenario, {"transparency": 0.5}) -> Scenario
    compile_scenario(scenario) -> (params, states, initial, schedule)
    run_scenario(scenario, *, runs=None, years=None, seed=None, workers=1,
                 progress=None) -> Trajectory
    bundled_scenarios() -> ("bipolar-nuclear", "multipolar-offense", "two-state-spiral")

The modules form one chain, each importing only the ones before it: ``schema`` (the pydantic
models) -> ``validation`` (checks across fields and against the engine) -> ``safe_yaml`` and
``loader`` (files, text and mappings to a checked Scenario) -> ``overrides`` -> ``compile``
(engine inputs, runs).

Files are untrusted input: :mod:`realpolitik.scenarios.loader` reads at most 1 MiB, refuses
YAML aliases, anchors and object tags before anything is constructed, and reports every
problem as a :class:`ScenarioError` whose text is ``<file>:<line>: <field>: <message>``.

Example
-------
>>> from realpolitik.scenarios import load_scenario, run_scenario
>>> scenario = load_scenario("two-state-spiral")
>>> scenario.state_names
('Athens', 'Sparta')
>>> traj = run_scenario(scenario, runs=4, years=5)
>>> traj.data["military"].shape
(4, 6, 2)
"""

from __future__ import annotations

from realpolitik.scenarios.compile import (
    CompiledScenario,
    build_params,
    compile_scenario,
    run_scenario,
    simulate_compiled,
)
from realpolitik.scenarios.loader import (
    bundled_path,
    bundled_scenarios,
    load_scenario,
    origin,
    parse_scenario,
    scenario_from_dict,
)
from realpolitik.scenarios.overrides import parse_override, with_overrides
from realpolitik.scenarios.schema import (
    LIMITS,
    MEMORY_CEILING_BYTES,
    Alliance,
    Event,
    Nuclear,
    Scenario,
    ScenarioError,
    StateSpec,
)
from realpolitik.scenarios.validation import check_scenario

#: The flagship scenario that ``realpolitik demo`` runs.
FLAGSHIP = "multipolar-offense"

__all__ = [
    "FLAGSHIP",
    "LIMITS",
    "MEMORY_CEILING_BYTES",
    "Alliance",
    "CompiledScenario",
    "Event",
    "Nuclear",
    "Scenario",
    "ScenarioError",
    "StateSpec",
    "build_params",
    "bundled_path",
    "bundled_scenarios",
    "check_scenario",
    "compile_scenario",
    "load_scenario",
    "origin",
    "parse_override",
    "parse_scenario",
    "run_scenario",
    "scenario_from_dict",
    "simulate_compiled",
    "with_overrides",
]

"""What a scenario run is made of: its tables and its resolved scenario file.

Source: docs/cli.md ("Conventions": every stored result says how it was made). The HTML report of a
run (:mod:`realpolitik.report.run_report`) and ``realpolitik check`` (through
:mod:`realpolitik.lab`) show the same tables:

- :func:`scenario_tables`: the states, the alliances in force from the start, the scheduled
  events and the parameters that take effect (:func:`parameters_in_effect`);
- :func:`resolved_scenario` and :func:`write_resolved_scenario`: the scenario as it ran
  (overrides applied, the run's runs, years and seed), as a scenario file that repeats the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from realpolitik.citations import docs_reference
from realpolitik.engine import Params, Trajectory
from realpolitik.engine.params import ineffective_keys
from realpolitik.report.tables import Table
from realpolitik.scenarios import Scenario, origin
from realpolitik.scenarios.overrides import without_idle_keys
from realpolitik.scenarios.validation import build_schedule, engine_preset

__all__ = [
    "parameters_in_effect",
    "resolved_scenario",
    "scenario_tables",
    "value_text",
    "write_resolved_scenario",
]


def _states_table(scenario: Scenario) -> Table:
    rows = []
    for s in scenario.states:
        if s.type is not None:
            kind = s.type.replace("_", " ")
        elif s.greedy_probability is not None:
            kind = f"greedy with p = {s.greedy_probability:g}"
        else:
            kind = "drawn (share_greedy)"
        nuclear = "-"
        if s.nuclear is not None and s.nuclear.warheads:
            share = s.nuclear.survivable_share
            nuclear = f"{s.nuclear.warheads:g} warheads" + (
                f", {share:.0%} survivable" if share is not None else ""
            )
        extra = ", ".join(f"{k} = {v}" for k, v in (s.model_extra or {}).items()) or "-"
        rows.append(
            (
                s.name,
                kind,
                "drawn" if s.military is None else s.military,
                "drawn" if s.gdp is None else s.gdp,
                "drawn" if s.growth is None else s.growth,
                nuclear,
                extra,
            )
        )
    return Table(
        "States (initial values left open are drawn, run by run, as in the core model)",
        ("state", "type", "military", "GDP", "growth", "nuclear forces", "other keys"),
        tuple(rows),
    )


def parameters_in_effect(
    scenario: Scenario, params: Params, years: int | None = None
) -> tuple[str, ...]:
    """Return the keys that take effect in a run and differ from their engine's preset.

    The preset is the one the scenario's keys resolve against
    (:func:`~realpolitik.scenarios.validation.engine_preset`: the strategic engine's, or the
    hazard model's for ``decisions: hazard``).

    A key takes effect when it needs no switch, or its switch (``requires``, followed up the
    chain) is on at the start or switched on by one of the scenario's events
    (:func:`~realpolitik.engine.params.ineffective_keys`); a key whose mechanism stays off
    changes nothing and is left out.

    Parameters
    ----------
    scenario
        The scenario (its events may switch mechanisms on).
    params
        Its parameters.
    years
        The run's years, when fewer than the scenario's (the events after them never apply).

    Returns
    -------
    tuple of str
        The keys, in declaration order.
    """
    core = engine_preset({"decisions": params.decisions}).to_dict()
    last = scenario.years if years is None else years
    idle = ineffective_keys(params, [e for e in build_schedule(scenario) if e.year < last])
    values = params.to_dict()
    return tuple(k for k, v in values.items() if v != core.get(k) and k not in idle)


def value_text(value: Any) -> str:
    """Return a parameter's value as a scenario file would write it, numbers to 6 digits.

    Parameters
    ----------
    value
        A value of :meth:`Params.to_dict` (number, ``"inf"``, bool, string, None or a list).

    Returns
    -------
    str
        E.g. ``0.16``, ``true``, ``[0.2, 0.4]``, ``null``.
    """
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def scenario_tables(
    scenario: Scenario, params: Params, overrides: Mapping[str, Any], years: int | None = None
) -> list[Table]:
    """Return the tables of what a run of the scenario is made of.

    Parameters
    ----------
    scenario
        The scenario (overrides applied).
    params
        Its parameters.
    overrides
        The ``--set`` overrides (their keys are marked as set by ``--set``).
    years
        The run's years, when fewer than the scenario's (:func:`parameters_in_effect`).

    Returns
    -------
    list of Table
        The states; the alliances in force from the start and the scheduled events (where
        there are any); the parameters that take effect and differ from their engine's preset
        (:func:`parameters_in_effect`), with symbol, value, allowed range and who set them.
    """
    tables = [_states_table(scenario)]
    if scenario.alliances:
        tables.append(
            Table(
                "Alliances in force from the start",
                ("name", "members"),
                tuple((a.name or "-", ", ".join(a.members)) for a in scenario.alliances),
            )
        )
    if scenario.events:
        tables.append(
            Table(
                "Scheduled events",
                ("year", "action", "states", "key = value", "note"),
                tuple(
                    (
                        e.year,
                        e.action,
                        ", ".join(e.states) or "-",
                        f"{e.key} = {e.value}" if e.action == "set" else "-",
                        e.note or "",
                    )
                    for e in scenario.events
                ),
            )
        )
    specs = Params.specs()
    values = params.to_dict()
    rows = [
        (
            key,
            specs[key].symbol,
            value_text(values[key]),
            specs[key].range_text(),
            "--set" if key in overrides else "scenario",
        )
        for key in parameters_in_effect(scenario, params, years)
    ]
    engine = "hazard model" if params.decisions == "hazard" else "strategic engine"
    tables.append(
        Table(
            f"Parameters in effect that differ from the {engine}'s preset (other keys: its "
            "value, or neutral)",
            ("key", "symbol", "value", "allowed", "set by"),
            tuple(rows),
        )
    )
    return tables


def resolved_scenario(scenario: Scenario, runs: int, years: int, seed: int) -> dict[str, Any]:
    """Return the scenario as it ran, as the plain values of a scenario file.

    Parameters
    ----------
    scenario
        The scenario with any overrides applied.
    runs, years, seed
        The run's sizes and seed (they replace the scenario's own); events beyond a shorter
        horizon are dropped, as the run dropped them.

    Returns
    -------
    dict
        The keys of a scenario file; loading them gives a scenario that repeats the run
        (keys whose mechanism the dropped events would have switched on are left out: they
        changed nothing in the run).
    """
    data = scenario.to_yaml_dict() | {"runs": runs, "years": years, "seed": seed}
    data["description"] = docs_reference(data["description"])
    last = (scenario.start_year or 0) + years - 1
    if "events" in data:
        data["events"] = [e for e in data["events"] if e["year"] <= last]
    return without_idle_keys(data)


def write_resolved_scenario(
    path: Path, scenario: Scenario, trajectory: Trajectory, overrides: Mapping[str, Any]
) -> Path:
    """Write the scenario as it ran (:func:`resolved_scenario`) as YAML, with where it came from.

    Parameters
    ----------
    path
        The file to write (``scenario.yaml``).
    scenario
        The scenario with the overrides applied.
    trajectory
        The run (its runs, years and seed are written).
    overrides
        The ``--set`` overrides (named in the header).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    import yaml

    loaded = origin(scenario)
    source = f"{loaded.source} (sha256 {loaded.sha256[:16]})" if loaded else "a Python mapping"
    sets = ", ".join(f"{k}={v}" for k, v in overrides.items())
    header = [
        f"# The scenario as run: {source}",
        f"# with --set {sets} applied," if sets else "# with no --set overrides,",
        "# and runs, years and seed as run. `realpolitik run scenario.yaml` repeats the run.",
    ]
    data = resolved_scenario(scenario, trajectory.runs, trajectory.years, trajectory.seed)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=96)
    path.write_text("\n".join(header) + "\n" + text, encoding="utf-8")
    return path

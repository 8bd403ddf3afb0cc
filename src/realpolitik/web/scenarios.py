"""``/api/scenarios``: the bundled scenarios, their parameter controls, and uploads checked.

A scenario is named by its bundled name only (checked against the library before the loader
sees it, so no path from a request reaches the file system); an uploaded scenario is YAML text
that goes through the scenario loader with all its limits (at most 1 MiB, no aliases, anchors
or object tags, bounded nesting, the schema and every range: docs/scenario-format.md).

Each scenario's parameters come with what the page needs to draw a control: the key's value in
the scenario, its allowed range, its kind, its mechanism and whether that mechanism is on in
this scenario (a key whose switch is off and never switched on by an event changes nothing:
:func:`realpolitik.engine.params.ineffective_keys`).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from realpolitik.web.runs import MAX_YAML_CHARS

__all__ = ["ScenarioText", "controls", "describe", "router"]

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


class ScenarioText(BaseModel):
    """An uploaded scenario: its YAML text."""

    model_config = ConfigDict(extra="forbid")

    yaml: str = Field(..., max_length=MAX_YAML_CHARS, description="The scenario's YAML text.")


def _bound(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _plain(value: Any) -> Any:
    """Return a parameter value as JSON: infinities as the text ``"inf"``, as scenario files do."""
    if isinstance(value, float) and not math.isfinite(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def controls(scenario: Any, params: Any, schedule: Any) -> list[dict[str, Any]]:
    """Return one control per engine key: value, range, kind, mechanism and whether it is on.

    Parameters
    ----------
    scenario
        The :class:`~realpolitik.scenarios.Scenario`.
    params, schedule
        Its compiled parameters and scheduled events.

    Returns
    -------
    list of dict
        key, symbol, value (the scenario's; a list for a per-state key whose states differ),
        lo, hi (None where unbounded), range (as text), kind (float, int, bool, choice),
        choices, per_state, mechanism, on (False when the key's switch is off for the whole
        run), switch (that switch), doc.
    """
    from realpolitik.citations import docs_reference
    from realpolitik.engine.mechanisms.schedule import scheduled_values
    from realpolitik.engine.params import _specs_of

    specs = _specs_of(type(params))
    scheduled = scheduled_values(schedule)
    values = params.to_dict()

    def switched_on(key: str) -> bool:
        spec = specs[key]
        return not all(spec.is_neutral(v) for v in (getattr(params, key), *scheduled.get(key, ())))

    out = []
    for key, spec in specs.items():
        switch, off = spec.requires, None
        while switch is not None:
            if not switched_on(switch):
                off = switch
                break
            switch = specs[switch].requires
        value = values[key]
        if isinstance(value, list) and len(set(map(str, value))) == 1:
            value = value[0]
        out.append(
            {
                "key": key,
                "symbol": spec.symbol,
                "value": _plain(value),
                "lo": _bound(spec.lo),
                "hi": _bound(spec.hi),
                "range": spec.range_text(),
                "kind": spec.kind,
                "choices": list(spec.choices),
                "nullable": spec.nullable,
                "per_state": spec.per_state,
                "mechanism": spec.mechanism,
                "on": off is None,
                "switch": off,
                "doc": docs_reference(spec.doc),
            }
        )
    return out


def describe(scenario: Any, text: str | None = None) -> dict[str, Any]:
    """Return a scenario as the page shows it: what it is, its states and its controls.

    Parameters
    ----------
    scenario
        A checked :class:`~realpolitik.scenarios.Scenario`.
    text
        Its YAML text, when there is one to show.

    Returns
    -------
    dict
        name, title, description, states (names), runs, years, seed, start_year, parameters
        (:func:`controls`) and yaml.
    """
    from realpolitik.scenarios import compile_scenario

    compiled = compile_scenario(scenario, runs=1, years=scenario.years, seed=scenario.seed)
    return {
        "name": scenario.name,
        "title": scenario.title or scenario.description.split(". ")[0],
        "description": scenario.description,
        "states": list(scenario.state_names),
        "runs": scenario.runs,
        "years": scenario.years,
        "seed": scenario.seed,
        "start_year": scenario.start_year,
        "parameters": controls(scenario, compiled.params, compiled.schedule),
        "yaml": text,
    }


@router.get("", summary="List the bundled scenarios")
def list_scenarios() -> list[dict[str, Any]]:
    """Return each bundled scenario's name, title, description and size."""
    return _bundled_list()


@lru_cache(maxsize=1)
def _bundled_list() -> list[dict[str, Any]]:
    """Return the bundled scenarios, read once (they do not change while serving)."""
    from realpolitik import lab

    return [
        {
            "name": s.name,
            "title": s.title,
            "description": s.description,
            "states": s.states,
            "runs": s.runs,
            "years": s.years,
        }
        for s in lab.list_scenarios()
    ]


@router.get("/{name}", summary="A bundled scenario and its parameter controls")
def get_scenario(name: str) -> dict[str, Any]:
    """Return a bundled scenario: description, states, sizes, YAML and parameter controls."""
    from realpolitik.scenarios import bundled_scenarios

    if name not in bundled_scenarios():
        raise HTTPException(
            404,
            f"scenario {name[:60]!r} is not a bundled scenario; allowed: "
            + ", ".join(bundled_scenarios()),
        )
    return _bundled(name)


@lru_cache(maxsize=16)
def _bundled(name: str) -> dict[str, Any]:
    """Return a bundled scenario as :func:`describe` gives it, computed once per name."""
    from realpolitik.scenarios import bundled_path, load_scenario

    return describe(load_scenario(name), bundled_path(name).read_text(encoding="utf-8"))


@router.post("/validate", summary="Check an uploaded scenario")
def validate_scenario(body: ScenarioText) -> dict[str, Any]:
    """Check a scenario's YAML text with the scenario loader; answer it as ``GET`` does.

    A problem is a 422 whose ``detail`` is ``upload.yaml:<line>: <field>: <message>``.
    """
    from realpolitik.scenarios import ScenarioError, parse_scenario

    if len(body.yaml.encode("utf-8")) > MAX_YAML_CHARS:
        raise HTTPException(422, f"yaml: the text is over {MAX_YAML_CHARS:,} bytes")
    try:
        scenario = parse_scenario(body.yaml, source="upload.yaml")
        return describe(scenario, body.yaml)
    except (ScenarioError, ValueError) as exc:
        raise HTTPException(422, " ".join(str(exc).split())) from None

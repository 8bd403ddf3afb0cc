"""The scenario file format as a JSON Schema and as a reference page, from the pydantic models.

One source: the models of :mod:`realpolitik.scenarios.schema` (types, ranges, defaults, which
fields are required) and their numpy-style docstrings (what each field means), plus the engine's
key declarations (:meth:`realpolitik.engine.Params.describe`) for the ``parameters`` block.
:func:`json_schema` is what ``realpolitik schema`` prints, for editors that validate and
complete YAML files against a JSON Schema (e.g. the YAML language server's
``# yaml-language-server: $schema=scenario.schema.json`` comment); :func:`reference_markdown` is
the documentation page ``docs/scenario-format.md`` (written by ``python tools/docs_pages.py``).
The checks that need several fields (state names in alliances and events, years against the
horizon, keys against their ranges) are not expressible in the schema; the loader makes them.
"""

from __future__ import annotations

import copy
import inspect
import json
import re
from typing import Any

import realpolitik.scenarios.schema as _schema_module
from realpolitik.engine import Params
from realpolitik.scenarios.schema import (
    LIMITS,
    NUCLEAR_KEYS,
    Alliance,
    Event,
    Nuclear,
    Scenario,
    StateSpec,
)

__all__ = ["SECTIONS", "docstring_fields", "json_schema", "reference_markdown"]

#: The parts of a scenario file: schema definition name -> (heading, where it appears).
SECTIONS: dict[str, tuple[str, str]] = {
    "Scenario": ("The top level", "the file itself"),
    "StateSpec": ("A state", "each item of `states`"),
    "Nuclear": ("Nuclear forces", "a state's `nuclear`"),
    "Alliance": ("An alliance", "each item of `alliances`"),
    "Event": ("An event", "each item of `events`"),
}

_MODELS = {"Scenario": Scenario, "StateSpec": StateSpec, "Nuclear": Nuclear}
_MODELS |= {"Alliance": Alliance, "Event": Event}


def docstring_fields(doc: str) -> tuple[str, dict[str, str]]:
    """Split a numpy-style class docstring into its summary and its parameter descriptions.

    Parameters
    ----------
    doc
        The docstring; a ``Parameters`` entry may name several fields (``military, gdp``),
        each of which gets the entry's text.

    Returns
    -------
    tuple
        ``(summary, {field: description})``; descriptions are joined into one line, with
        reStructuredText roles and double backquotes turned into Markdown code.
    """
    lines = [line.rstrip() for line in inspect.cleandoc(doc or "").splitlines()]
    summary = _one_line(" ".join(lines[:1]))
    fields: dict[str, str] = {}
    try:
        start = lines.index("Parameters") + 2
    except ValueError:
        return summary, fields
    names: list[str] = []
    for line in lines[start:]:
        if line and not line.startswith(" "):
            names = [n.strip().lstrip("*") for n in line.split(",")]
            for name in names:
                fields[name] = ""
        elif names:
            for name in names:
                fields[name] = f"{fields[name]} {line.strip()}".strip()
    return summary, {k: _one_line(v) for k, v in fields.items()}


def _one_line(text: str) -> str:
    text = re.sub(r":(?:func|data|class|meth|mod|attr):`~?([^`]+)`", r"`\1`", text)
    return " ".join(text.replace("``", "`").split())


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a scenario file.

    Returns
    -------
    dict
        The pydantic schema of :class:`~realpolitik.scenarios.schema.Scenario` with every
        field's meaning (from the models' docstrings), its range (``minimum`` /
        ``maximum``), ``states`` also as a number of generic states, and ``parameters`` as
        the engine's keys, each with its symbol, allowed values, default and mechanism.
    """
    schema = copy.deepcopy(Scenario.model_json_schema())
    schema["$defs"]["Scenario"] = {k: v for k, v in schema.items() if k != "$defs"}
    for name, model in _MODELS.items():
        definition = schema["$defs"][name]
        summary, fields = docstring_fields(model.__doc__ or "")
        definition["description"] = summary
        for field, prop in definition.get("properties", {}).items():
            if fields.get(field):
                prop["description"] = fields[field]
    top = schema["$defs"].pop("Scenario")
    lo, hi = LIMITS["states"]
    states = top["properties"]["states"]
    states.update(minItems=lo, maxItems=hi)
    top["properties"]["states"] = {
        "description": states.pop("description", ""),
        "anyOf": [states, {"type": "integer", "minimum": lo, "maximum": hi}],
        "title": states.pop("title", "States"),
    }
    top["properties"]["parameters"].update(_parameters_schema())
    specs = Params.specs()
    for field, key in NUCLEAR_KEYS.items():
        spec = specs[key]
        bounds = _schema_module._bounds(
            spec.lo, spec.hi, lo_open=spec.lo_open, hi_open=spec.hi_open
        )
        schema["$defs"]["Nuclear"]["properties"][field]["anyOf"][0].update(bounds)
    state = schema["$defs"]["StateSpec"]
    state["additionalProperties"] = {
        "description": "any per-state engine key: a number (see docs/mechanisms.md)",
        "type": "number",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **top,
        "title": "realpolitik scenario",
        "$defs": schema["$defs"],
    }


def _parameters_schema() -> dict[str, Any]:
    keys = Params.describe()
    per_state = {True: "; one value per state allowed", False: ""}
    properties = {
        row.key: {
            "description": (
                f"{row.doc} ({row.symbol}; allowed: {row.range}; default: {row.value}; "
                f"mechanism: {row.mechanism}{per_state[bool(row.per_state)]})"
            )
        }
        for row in keys.itertuples()
    }
    return {"properties": properties, "additionalProperties": False}


# ---------------------------------------------------------------------------------------------
# the reference page
# ---------------------------------------------------------------------------------------------


def _type_text(prop: dict[str, Any]) -> str:
    if "anyOf" in prop:
        return " or ".join(dict.fromkeys(_type_text(p) for p in prop["anyOf"]))
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{SECTIONS[name][0].lower()}](#{_anchor(SECTIONS[name][0])})"
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type_text(prop.get('items', {}))}"
    if kind == "object":
        return "mapping"
    return {"number": "number", "integer": "integer", "string": "text", "null": "null"}.get(
        kind, "number, flag, word, null or list"
    )


def _allowed_text(prop: dict[str, Any]) -> str:
    parts = [_allowed_text(p) for p in prop.get("anyOf", [])]
    lo = prop.get("minimum", prop.get("exclusiveMinimum"))
    hi = prop.get("maximum", prop.get("exclusiveMaximum"))
    if lo is not None or hi is not None:
        left = "(" if "exclusiveMinimum" in prop or lo is None else "["
        right = ")" if "exclusiveMaximum" in prop or hi is None else "]"
        parts.append(f"{left}{_num(lo, '-inf')}, {_num(hi, 'inf')}{right}")
    if "minItems" in prop or "maxItems" in prop:
        parts.append(f"{prop.get('minItems', 0):,}..{prop.get('maxItems', 'any'):,} items")
    if "maxLength" in prop:
        parts.append(f"at most {prop['maxLength']:,} characters")
    return "; ".join(p for p in parts if p)


def _num(value: float | None, missing: str) -> str:
    if value is None:
        return missing
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _anchor(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(definition: dict[str, Any]) -> list[str]:
    required = set(definition.get("required", ()))
    rows = ["| field | type | allowed | default | meaning |", "|---|---|---|---|---|"]
    for field, prop in definition.get("properties", {}).items():
        if field in required:
            default = "required"
        else:
            default = f"`{json.dumps(prop.get('default'))}`" if "default" in prop else "-"
        cells = (f"`{field}`", _type_text(prop), _allowed_text(prop) or "-", default)
        rows.append(
            "| " + " | ".join(_cell(c) for c in (*cells, prop.get("description", ""))) + " |"
        )
    return rows


_INTRO = """\
# Scenario files: the format

A scenario is a YAML file: the states (names, initial military and GDP, types or type
probabilities, per-state keys, nuclear forces), the alliances in force from the start, the
engine's parameters by key, and time-dated events. `realpolitik run FILE.yaml` runs it,
`realpolitik check FILE.yaml` validates it and says what a run would do and cost, and the
bundled scenarios (`realpolitik scenarios`) are commented examples to copy.

This page is generated from the scenario schema (`realpolitik.scenarios.reference`; run
`python tools/docs_pages.py` after changing it; a test checks that it is up to date).
`realpolitik schema` prints the same as a JSON Schema, for editors that check and complete
YAML files as you type:

```console
realpolitik schema > scenario.schema.json
```

and, as the first line of a scenario file (the YAML language server of VS Code and others):
`# yaml-language-server: $schema=scenario.schema.json`.

## An example

```yaml
{example}
```

## Rules that hold everywhere

- Every mapping forbids unknown keys (a typo is an error naming the key and what is allowed);
  numbers must be finite (no `.nan`, `.inf`); integers must be integers (`runs: 10.5` is an
  error); flags are `true` / `false`.
- An error names the file, the line, the field, the bad value and what is allowed (exit
  code 2 on the command line), before anything runs.
- Years: `years` is the horizon T; an event's `year` counts simulated years from 0 (the start)
  to T - 1, or calendar years from `start_year` when the scenario gives one. An event at year
  t acts at the start of step t, so it shapes year t + 1 of the trajectory.
- Values a state leaves out (military, GDP, growth, type) are drawn per run as in the core
  model ([the engine](engine.md#the-core-model)).
"""

_PARAMETERS = """\
## Parameters

`parameters` maps engine keys to values: a number, a flag, a choice (a word), null, or a list
of one number per state for per-state keys. A scenario runs on the strategic engine (every war
chosen by a state, [the strategic engine](strategic.md)): its keys resolve against
`Params.strategic()`, unless it says `decisions: hazard`, which resolves them against the hazard
model, `Params.core()`; the hazard model's keys (`crisis_base_rate`, `war_given_crisis`, ...)
are errors in a strategic scenario, naming the file, line and key. Every key, its symbol,
allowed values, default,
the switch it needs and its source are in [Mechanisms and keys](mechanisms.md) (and
`realpolitik keys`); `--set KEY=VALUE` on the command line overrides the file. A per-state key
may also be given in a state's own mapping (`hawkishness: 0.5`). A key that needs a switch
(`burden_sharing` needs `alliances: true`, `mobilization` needs `decisions: strategic`) must
find it on, at the start or from a scheduled event (a `set` event, a treaty signed with a
cap); otherwise the key would change nothing, and the error names the switch.
"""


def _example() -> str:
    text = _schema_module.__doc__ or ""
    block = text.split("looks like::", 1)[1].split("\n\n", 2)[1]
    return "\n".join(line[4:] for line in block.splitlines())


def reference_markdown() -> str:
    """Return the Markdown of the scenario format's reference page.

    Returns
    -------
    str
        The page: an example, the rules, and one table per part of the file (field, type,
        allowed values, default, meaning), all from :func:`json_schema`.
    """
    schema = json_schema()
    parts = [_INTRO.replace("{example}", _example())]
    for name, (heading, where) in SECTIONS.items():
        definition = schema if name == "Scenario" else schema["$defs"][name]
        parts.append(f"## {heading}\n")
        parts.append(f"{definition['description']} Appears as {where}.\n")
        parts.extend(_table(definition))
        if name == "StateSpec":
            parts.append(
                "\nAny other key of a state is a per-state engine key "
                "([Mechanisms and keys](mechanisms.md)), e.g. `hawkishness: 0.5`."
            )
        parts.append("")
    parts.append(_PARAMETERS)
    return "\n".join(parts)

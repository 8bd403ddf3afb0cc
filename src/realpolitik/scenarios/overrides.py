"""Overriding a scenario's engine keys for every state: ``--set key=value`` and mappings.

Source: docs/cli.md ("Conventions": one short error naming the option, the bad value and what is
allowed); docs/mechanisms.md for the keys.

An override is an engine key of :class:`~realpolitik.engine.Params` with a value read as a YAML
scalar or flat list (``transparency=0.5``, ``alliances=true``, ``hawkishness=[0, 0.5]``). It
replaces the scenario's ``parameters`` value and the states' own values of that key, and the
result is checked like a scenario file; errors name ``--set`` and the key. A key given with
``--set`` whose mechanism stays off is an error naming the switch; a key of the scenario that
an override switches off (``--set alliances=false`` on a scenario that sets
``burden_sharing``) is left out, since it no longer changes anything
(:func:`without_idle_keys`).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from typing import Any

from realpolitik.engine import Params
from realpolitik.engine.params import ineffective_keys
from realpolitik.scenarios.loader import validate_data
from realpolitik.scenarios.safe_yaml import parse_yaml
from realpolitik.scenarios.schema import NUCLEAR_KEYS, Scenario, ScenarioError, check_value
from realpolitik.scenarios.validation import build_params, build_schedule

__all__ = ["MAX_OVERRIDE_CHARS", "parse_override", "with_overrides", "without_idle_keys"]

#: The longest value text of one override.
MAX_OVERRIDE_CHARS = 10_000

_SOURCE = "--set"


def parse_override(text: str) -> tuple[str, Any]:
    """Parse one ``key=value`` override; the value is read as a YAML scalar or flat list.

    Parameters
    ----------
    text
        E.g. ``"transparency=0.5"``, ``"alliances=true"``, ``"hawkishness=[0, 0.5, 1]"``.

    Returns
    -------
    (str, object)
        The key and the value.

    Raises
    ------
    ScenarioError
        With ``file == "--set"``, for text without ``=``, an empty key, or a value that is not
        a number, flag, word, null or flat list of numbers.
    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ScenarioError(f"{text!r} is not key=value; e.g. --set transparency=0.5",
                            file=_SOURCE)  # fmt: skip
    if len(raw) > MAX_OVERRIDE_CHARS:
        raise ScenarioError(f"the value of {key} is too long; allowed: at most "
                            f"{MAX_OVERRIDE_CHARS:,} characters", file=_SOURCE)  # fmt: skip
    try:
        data, _ = parse_yaml(f"v: {raw.strip() or 'null'}\n", source=_SOURCE)
    except ScenarioError as err:
        raise ScenarioError(f"{key}={raw}: not a value ({err.message})", file=_SOURCE) from None
    value = data["v"] if isinstance(data, dict) and "v" in data else None
    try:
        check_value(value)
    except ValueError as err:
        raise ScenarioError(f"{key}={raw}: {err}", file=_SOURCE) from None
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
        The new scenario, checked (the same object when there is nothing to override).

    Raises
    ------
    ScenarioError
        With ``file == "--set"`` and the key as field, for an unknown key or a bad value.
    """
    if not overrides:
        return scenario
    specs = Params.specs()
    for key in overrides:
        if key not in specs:
            close = difflib.get_close_matches(key, list(specs), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            top = (
                "; use --runs, --years, --seed for those"
                if key in ("runs", "years", "seed")
                else ""
            )
            raise ScenarioError(
                f"unknown key {key!r}{hint}; allowed: the engine keys of docs/mechanisms.md{top}",
                file=_SOURCE,
            )
    data = _without_keys(scenario.model_dump(exclude_none=True), overrides)
    data["parameters"] = {**data.get("parameters", {}), **dict(overrides)}
    # a new engine brings its own preset: a key its switches leave idle is dropped too
    switched = None if "decisions" in overrides else overrides
    data = without_idle_keys(data, switches=switched, keep=overrides)
    try:
        new = validate_data(data, source=_SOURCE)
    except ScenarioError as err:
        loc = err.loc or ()
        if len(loc) > 1 and loc[0] == "parameters":  # the key is the override's own name
            loc = loc[1:]
        raise ScenarioError(err.message, file=_SOURCE, loc=loc or None, field=err.field) from None
    new._origin = scenario._origin
    return new


def without_idle_keys(
    data: dict[str, Any],
    *,
    switches: Collection[str] | None = None,
    keep: Collection[str] = (),
) -> dict[str, Any]:
    """Return scenario values without the keys whose mechanism stays off in them.

    Such a key changes nothing (:func:`~realpolitik.engine.params.ineffective_keys`); a
    scenario file may not give one, but an override may switch a mechanism off, and a
    shorter horizon may drop the event that switched it on. Leaving the key out keeps the
    values a valid scenario that runs the same.

    Parameters
    ----------
    data
        The keys of a scenario file (not changed).
    switches
        Leave out only keys whose mechanism is off because of one of these switches (None:
        any switch).
    keep
        Keys never left out (given by the user, so an error must name them).

    Returns
    -------
    dict
        The values without those keys (``data`` itself when there are none, or when the
        values are invalid: checking them reports that).
    """
    try:
        probe = Scenario.model_validate(data)
        idle = ineffective_keys(build_params(probe), build_schedule(probe))
    except ValueError:  # ScenarioError and pydantic's errors: the check names them
        return data
    drop = [k for k, s in idle.items() if k not in keep and (switches is None or s in switches)]
    if not drop:
        return data
    out = _without_keys(data, drop)
    out["parameters"] = {k: v for k, v in out.get("parameters", {}).items() if k not in drop}
    return out


def _without_keys(data: dict[str, Any], keys: Collection[str]) -> dict[str, Any]:
    """Return a copy of scenario values without the states' own values of these keys."""
    nuclear_fields = {v: k for k, v in NUCLEAR_KEYS.items()}
    out = {**data, "states": [dict(state) for state in data["states"]]}
    for state in out["states"]:
        for key in keys:
            state.pop(key, None)
            if key in nuclear_fields and "nuclear" in state:
                state["nuclear"] = dict(state["nuclear"])
                state["nuclear"].pop(nuclear_fields[key], None)
            if key == "share_greedy":
                state.pop("type", None)
                state.pop("greedy_probability", None)
    return out

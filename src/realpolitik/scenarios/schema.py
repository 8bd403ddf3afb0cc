"""The scenario schema: states, alliances, parameters and time-dated events of one simulation.

Source: docs/architecture.md ("Data flow": scenario.yaml -> Scenario -> engine inputs);
docs/scenario-format.md for the format; docs/mechanisms.md for the parameter keys a scenario
may set. A :class:`Scenario` is a validated, frozen description of a system of states;
:mod:`realpolitik.scenarios.compile` turns it into the engine's
``(params, states, initial, schedule)``.

A scenario file (YAML) looks like::

    name: two-state-spiral
    description: Two security seekers who cannot tell each other's type.
    sources: [kydd1997, jervis1976]
    years: 60            # simulated years T (1..10000)
    runs: 500            # independent runs (1..10,000,000)
    seed: 1              # root seed (0..2**63 - 1)
    states:              # a list of states, or a number of generic states S1..SN (2..500)
      - name: Athens
        type: security_seeker        # or greedy; or greedy_probability: 0.3
        military: 1.0                # initial military (>= 0); drawn when left out
        gdp: 10.0                    # initial GDP (> 0); drawn when left out
        growth: 0.03                 # trend growth per year ([-1, 1]); drawn when left out
        hawkishness: 0.2             # any per-state engine key
        nuclear: {warheads: 5000, survivable_share: 0.6, warheads_per_missile: 3}
      - name: Sparta
    alliances:
      - {name: Delian League, members: [Athens, Sparta]}
    parameters:          # engine keys (docs/mechanisms.md): a number, a flag, a choice,
      transparency: 0.2  # or one value per state (a list)
      type_beliefs: true
    events:
      - {year: 10, action: set, key: hotline, value: 0.8, note: hotline opened}
      - {year: 20, action: treaty_sign, states: [Athens, Sparta], value: 0.05}

Conventions
-----------
- Every mapping forbids unknown keys; numbers must be finite (no ``.nan``, ``.inf``); integers
  must be integers (``runs: 10.5`` is an error); flags are ``true`` / ``false``.
- Years: ``years`` is the horizon T; an event's ``year`` counts simulated years from 0 (the
  start) to T - 1, or calendar years from ``start_year`` when the scenario gives one. An
  event at year t acts at the start of step t, so it shapes year t + 1 of the trajectory.
- A key that needs a switch (``burden_sharing`` needs ``alliances: true``, ``mobilization``
  needs ``decisions: strategic``; the "needs" column of docs/mechanisms.md) must find it on,
  at the start or from a scheduled event (a ``set`` event, a treaty signed with a cap):
  otherwise the key would change nothing, and the error names the switch.
- This module holds the pydantic models and the checks one field can make on its own (types,
  ranges, names). The checks that need several fields or the engine (state names in
  alliances and events, parameter keys and ranges from :class:`~realpolitik.engine.Params`,
  events as the engine's :class:`~realpolitik.engine.ScheduledEvent`, years against the
  horizon, the memory ceiling) live in :mod:`realpolitik.scenarios.validation`;
  :mod:`realpolitik.scenarios.loader` runs both, on a file, a text or a mapping
  (:func:`~realpolitik.scenarios.loader.scenario_from_dict`), and adds the file and line.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
)

from realpolitik.engine.mechanisms.schedule import ACTIONS

__all__ = [
    "ACTIONS",
    "INITIAL_FIELDS",
    "LIMITS",
    "MEMORY_CEILING_BYTES",
    "NUCLEAR_KEYS",
    "STATE_FIELDS",
    "Alliance",
    "Event",
    "Nuclear",
    "Scenario",
    "ScenarioError",
    "StateSpec",
    "check_value",
    "format_path",
    "short_repr",
]

#: The allowed ranges of the scenario's sizes: name -> (lowest, highest), both included.
LIMITS: dict[str, tuple[int, int]] = {
    "states": (2, 500),
    "runs": (1, 10_000_000),
    "years": (1, 10_000),
    "seed": (0, 2**63 - 1),
    "start_year": (-10_000, 10_000),
    "alliances": (0, 10_000),
    "events": (0, 10_000),
}

#: The most memory a scenario may ask for (bytes): see
#: :func:`realpolitik.scenarios.validation.estimate_memory_bytes`.
MEMORY_CEILING_BYTES: int = 8 * 2**30

#: A state's ``nuclear`` block key -> the per-state engine key it sets.
NUCLEAR_KEYS: dict[str, str] = {
    "warheads": "nuclear_warheads",
    "survivable_share": "survivable_share",
    "warheads_per_missile": "warheads_per_missile",
}

#: Initial values a state may fix (the rest are drawn as in docs/engine.md).
INITIAL_FIELDS = ("military", "gdp", "growth")

#: The fixed fields of a state (its other keys are per-state engine keys).
STATE_FIELDS = ("name", "type", "greedy_probability", *INITIAL_FIELDS, "nuclear")
_NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,64}$")


class ScenarioError(ValueError):
    """A scenario that cannot be used, with where and why.

    ``str(error)`` is one line: ``<file>:<line>: <field path>: <message>`` (the parts that are
    unknown are left out). A subclass of ``ValueError``.

    Parameters
    ----------
    message
        What is wrong, naming the bad value and the allowed range.
    file
        The scenario's file (or ``"<string>"``, ``"--set"``), or None.
    line
        The 1-based line of the field in the file, or None.
    loc
        The field as a path of keys and list indices, e.g. ``("states", 2, "gdp")``, or None.
    field
        The field path as text, for a field that is no path of the scenario (e.g. ``"runs"``
        of a run); ignored when ``loc`` is given.

    Attributes
    ----------
    message, file, line, loc
        As given (``loc`` as a tuple).
    field : str or None
        The field path as text, e.g. ``"states[2].gdp"`` (:func:`format_path` of ``loc``).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        loc: Sequence[str | int] | None = None,
        field: str | None = None,
    ) -> None:
        self.message = " ".join(str(message).split())
        self.file = file
        self.line = line
        self.loc = None if loc is None else tuple(loc)
        self.field = format_path(self.loc) if self.loc is not None else field
        super().__init__(self._text())

    def _text(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [p for p in (where, self.field) if p]
        return ": ".join([*parts, self.message])

    def located(self, *, file: str | None = None, line: int | None = None) -> ScenarioError:
        """Return a copy with the file and line filled in where this error has none.

        Parameters
        ----------
        file, line
            Values used where this error has none.

        Returns
        -------
        ScenarioError
            The new error.
        """
        return ScenarioError(
            self.message,
            file=self.file if self.file is not None else file,
            line=self.line if self.line is not None else line,
            loc=self.loc,
            field=self.field,
        )


def format_path(loc: Sequence[str | int]) -> str:
    """Return a field path as text: ``("states", 2, "gdp")`` -> ``"states[2].gdp"``.

    Parameters
    ----------
    loc
        Keys (str) and list indices (int).

    Returns
    -------
    str
        The path, or ``"(top level)"`` for an empty one.
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def short_repr(value: Any, limit: int = 60) -> str:
    """Return ``repr(value)``, cut to ``limit`` characters (for one-line messages)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---------------------------------------------------------------------------------------------
# value types with their ranges in the message
# ---------------------------------------------------------------------------------------------


def _bounded_int(lo: int, hi: int) -> Any:
    def check(value: int) -> int:
        if not lo <= value <= hi:
            raise ValueError(f"{value} is out of range; allowed: integers {lo:,}..{hi:,}")
        return value

    return Annotated[int, AfterValidator(check), Field(json_schema_extra=_bounds(lo, hi))]


def _bounds(
    lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False
) -> dict[str, float]:
    """Return the JSON Schema keywords of a range (for editors; the validators enforce it)."""
    out: dict[str, float] = {}
    if math.isfinite(lo):
        out["exclusiveMinimum" if lo_open else "minimum"] = lo
    if math.isfinite(hi):
        out["exclusiveMaximum" if hi_open else "maximum"] = hi
    return out


def _bounded_float(
    lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False, what: str = ""
) -> Any:
    left = "(" if lo_open else "["
    right = ")" if hi_open or hi == math.inf else "]"
    text = f"{left}{lo:g}, {hi:g}{right}" + (f" ({what})" if what else "")

    def check(value: float) -> float:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number; allowed: {text}")
        bad_lo = value <= lo if lo_open else value < lo
        bad_hi = value >= hi if hi_open else value > hi
        if bad_lo or bad_hi:
            raise ValueError(f"{value!r} is out of range; allowed: {text}")
        return value

    extra = _bounds(lo, hi, lo_open=lo_open, hi_open=hi_open)
    return Annotated[float, AfterValidator(check), Field(json_schema_extra=extra)]


def check_value(value: Any) -> Any:
    """Return a parameter value if it is a number, flag, word, null or flat list of numbers.

    A list holds one number per state (at most the largest number of states); numbers must be
    finite.

    Parameters
    ----------
    value
        The value, as YAML gives it.

    Returns
    -------
    object
        The value, unchanged.

    Raises
    ------
    ValueError
        Naming the value and what is allowed.
    """
    if value is None or isinstance(value, bool | int | float | str):
        _finite_or_raise(value)
        return value
    if isinstance(value, list):
        if len(value) > LIMITS["states"][1]:
            raise ValueError(
                f"a list of {len(value)} values is too long; allowed: one value per state "
                f"(at most {LIMITS['states'][1]})"
            )
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int | float):
                raise ValueError(
                    f"{short_repr(item)} in a per-state list is not a number; allowed: numbers"
                )
            _finite_or_raise(item)
        return value
    raise ValueError(
        f"{short_repr(value)} is not allowed; give a number, true/false, a word, null or a list "
        "of numbers (one per state)"
    )


def _finite_or_raise(value: Any) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(
            f"{value!r} is not a finite number; numbers must be finite (write a large number "
            "instead of .inf where a key allows no limit)"
        )
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > sys.float_info.max:
        raise ValueError(
            f"{short_repr(value)} is too large; allowed: numbers of at most "
            f"{sys.float_info.max:.4g} in size"
        )


def _check_name(value: str) -> str:
    if not _NAME.match(value) or value != value.strip():
        raise ValueError(
            f"{short_repr(value)} is not a valid name; allowed: 1 to 64 printable characters "
            "without leading or trailing spaces"
        )
    return value


Name = Annotated[str, AfterValidator(_check_name)]
Value = Annotated[Any, BeforeValidator(check_value)]
Probability = _bounded_float(0.0, 1.0)
Text = Annotated[str, Field(max_length=20_000)]

_CONFIG = ConfigDict(extra="forbid", strict=True, frozen=True, validate_default=False)


# ---------------------------------------------------------------------------------------------
# the models
# ---------------------------------------------------------------------------------------------


class Nuclear(BaseModel):
    """A state's nuclear forces: arsenal, survivable share, MIRVs.

    Parameters
    ----------
    warheads
        W_i, the arsenal in warheads (>= 0; 0: not nuclear). Engine key ``nuclear_warheads``;
        left out, the engine's value (the ``parameters`` one, else 0) applies.
    survivable_share
        s_i, the share of warheads at sea (SSBN), in [0, 1]; the rest sit in silos. Engine key
        ``survivable_share``.
    warheads_per_missile
        mirv_i, warheads per silo missile (>= 1). Engine key ``warheads_per_missile``.
    """

    model_config = _CONFIG

    warheads: float | None = None
    survivable_share: float | None = None
    warheads_per_missile: float | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _finite(cls, value: Any) -> Any:
        _finite_or_raise(value)
        return value


class StateSpec(BaseModel):
    """One state of a scenario: its name, type, initial values and per-state keys.

    Parameters
    ----------
    name
        A unique name (1-64 printable characters), used by alliances and events.
    type
        ``"greedy"`` or ``"security_seeker"``: the state's fixed private type. Leave it out to
        draw the type (``greedy_probability``, else the ``share_greedy`` parameter).
    greedy_probability
        P(the state is greedy), in [0, 1]; drawn per run. Not together with ``type``.
    military, gdp, growth
        Initial military (>= 0), GDP (> 0) and trend growth per year ([-1, 1]); each left out
        is drawn as in docs/engine.md (gdp ~ U(5, 15), military = 0.02 gdp U(0.5, 1.5),
        growth ~ U(0.01, 0.05)).
    nuclear
        The state's nuclear forces, or None (not nuclear).
    **keys
        Any per-state engine key (:func:`realpolitik.scenarios.validation.state_keys`), e.g.
        ``hawkishness: 0.5``; checked against its range by
        :func:`~realpolitik.scenarios.validation.check_scenario`.
    """

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    name: Name
    type: Literal["greedy", "security_seeker"] | None = None
    greedy_probability: Probability | None = None
    military: _bounded_float(0.0, math.inf) | None = None
    gdp: _bounded_float(0.0, math.inf, lo_open=True) | None = None
    growth: _bounded_float(-1.0, 1.0) | None = None
    nuclear: Nuclear | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _no_nan(cls, value: Any) -> Any:
        _finite_or_raise(value)
        return value

    def keys_set(self) -> dict[str, Any]:
        """Return the per-state engine keys this state sets (its extra keys and nuclear block).

        Returns
        -------
        dict
            Engine key -> value.
        """
        out = dict(self.model_extra or {})
        if self.nuclear is not None:
            for field, key in NUCLEAR_KEYS.items():
                value = getattr(self.nuclear, field)
                if value is not None:
                    out[key] = value
        return out


class Alliance(BaseModel):
    """A defence pact in force from the start: every pair of members is allied.

    Parameters
    ----------
    members
        Two or more state names.
    name
        An optional label, e.g. ``"Triple Entente"``.
    note
        Free text.
    """

    model_config = _CONFIG

    members: Annotated[list[Name], Field(min_length=2, max_length=500)]
    name: Annotated[str, Field(max_length=200)] | None = None
    note: Text | None = None


class Event(BaseModel):
    """A time-dated event of the scenario's schedule.

    Parameters
    ----------
    year
        When it happens: simulated years from 0 (the start) to T - 1, or calendar years from
        the scenario's ``start_year``.
    action
        ``alliance_form`` / ``alliance_dissolve`` (a pact among ``states``, two or more),
        ``treaty_sign`` (``states`` become the members of the arms-control treaty, two or more,
        or none for all states; ``value`` is the treaty's cap share of GDP, or left out for the
        ``treaty_cap_share`` parameter), ``treaty_end``, or ``set`` (the engine key ``key``
        takes the number ``value`` from that year on, for the whole system, or with
        ``states`` for those states only when the key is per-state, e.g. one power's
        ``nuclear_warheads``; keys: :data:`realpolitik.engine.mechanisms.schedule.SCHEDULABLE`).
    states
        State names the event concerns.
    key, value
        For ``set``: the engine key and its new value; for ``treaty_sign``: the cap share.
    note
        Free text, e.g. ``"Moscow-Washington hotline opened"``.
    """

    model_config = _CONFIG

    year: int
    action: Literal[ACTIONS]
    states: Annotated[list[Name], Field(max_length=500)] = []
    key: Annotated[str, Field(max_length=100)] | None = None
    value: Value = None
    note: Text | None = None


def _states_before(value: Any) -> Any:
    """Turn ``states: N`` into N generic states S1..SN; check the count."""
    lo, hi = LIMITS["states"]
    if isinstance(value, int) and not isinstance(value, bool):
        if not lo <= value <= hi:
            raise ValueError(f"{value} states is out of range; allowed: {lo}..{hi} states")
        return [{"name": f"S{i + 1}"} for i in range(value)]
    if isinstance(value, list) and not lo <= len(value) <= hi:
        raise ValueError(f"{len(value):,} states is out of range; allowed: {lo}..{hi} states")
    return value


class Scenario(BaseModel):
    """A validated, frozen scenario: who the states are, how the system works, what happens.

    Build it with :func:`realpolitik.scenarios.load_scenario` (a bundled name or a YAML file)
    or :func:`realpolitik.scenarios.scenario_from_dict` (plain values); both also run the
    checks across fields (:func:`realpolitik.scenarios.validation.check_scenario`).

    Parameters
    ----------
    name
        The scenario's name (bundled scenarios: the file name without ``.yaml``).
    description
        What the scenario shows and how to read it.
    title
        An optional one-line title.
    sources
        BibTeX keys of :data:`realpolitik.citations.BIBTEX` (``realpolitik.cite`` prints them).
    years
        The horizon T in years (1..10,000).
    runs
        Independent runs (1..10,000,000).
    seed
        The root seed (0..2**63 - 1).
    start_year
        Optional calendar year of the start; event years are then calendar years.
    states
        The states (2..500), or their number (generic names S1..SN).
    alliances
        Defence pacts in force from the start.
    parameters
        Engine keys (docs/mechanisms.md) -> a number, flag, choice, null, or a list of one
        number per state.
    events
        The time-dated schedule.
    """

    model_config = _CONFIG

    name: Name
    description: Text
    title: Annotated[str, Field(max_length=200)] | None = None
    sources: Annotated[list[str], Field(max_length=200)] = []
    years: _bounded_int(*LIMITS["years"])
    runs: _bounded_int(*LIMITS["runs"])
    seed: _bounded_int(*LIMITS["seed"]) = 0
    start_year: _bounded_int(*LIMITS["start_year"]) | None = None
    states: Annotated[list[StateSpec], BeforeValidator(_states_before)]
    alliances: Annotated[list[Alliance], Field(max_length=LIMITS["alliances"][1])] = []
    parameters: Annotated[dict[str, Value], Field(max_length=1000)] = {}
    events: Annotated[list[Event], Field(max_length=LIMITS["events"][1])] = []
    _origin: Any = PrivateAttr(default=None)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nan(cls, value: Any) -> Any:
        _finite_or_raise(value)
        return value

    @property
    def state_names(self) -> tuple[str, ...]:
        """The states' names, in order (index i of the engine is ``state_names[i]``)."""
        return tuple(s.name for s in self.states)

    @property
    def n_states(self) -> int:
        """The number of states N."""
        return len(self.states)

    def to_yaml_dict(self) -> dict[str, Any]:
        """Return the scenario as plain Python values (the keys a file would hold).

        Returns
        -------
        dict
            Without unset optional fields; safe to dump with ``yaml.safe_dump``.
        """
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=True) | {
            "name": self.name,
            "description": self.description,
            "years": self.years,
            "runs": self.runs,
            "seed": self.seed,
        }

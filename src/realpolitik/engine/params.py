"""The engine's parameters: a frozen, validated set of keys assembled from the declarations.

Source: docs/mechanisms.md (every key, its symbol, range, neutral value and source). Each key
is declared once, as a :class:`~realpolitik.engine.keys.KeySpec` in the module that owns it:
the core keys in :mod:`realpolitik.engine.core_keys`, every other key in its mechanism's
``KEYS`` (:data:`realpolitik.engine.mechanisms.KEY_SPECS`, in the order of the one list of
mechanisms). :class:`Params` is a frozen dataclass generated from these declarations (one field
per key, with its spec as the field's metadata); :class:`ResolvedParams`, what the mechanisms
read, is a frozen dataclass generated from the same specs.

Conventions
-----------
- Kinds: most keys are floats (``kind="float"``), optionally per state: a per-state array has
  shape ``(states,)`` (e.g. ``reaction=[0.1, 0.3]``: state 0 reacts with kappa = 0.1, state 1
  with 0.3); per-state arrays must all have the same length, and :func:`simulate` checks it
  against ``states``. Other kinds are ``"bool"`` (``True``/``False`` only), ``"int"`` (an
  integer; an integral float such as ``3.0`` is accepted) and ``"choice"`` (one of the
  key's ``choices``, a string). A ``nullable`` key also accepts ``None`` (JSON ``null``).
- ``reaction`` is the *total* reaction kappa; each rival's military enters with
  ``k = kappa / (N - 1)``.
- ``military_cap_share`` and ``treaty_cap_share`` accept ``math.inf`` ("no cap");
  :meth:`Params.to_dict` writes it as the string ``"inf"`` so the dictionary stays JSON.
- Switches (``requires``): a key whose spec names ``requires = S`` is read by its mechanism only
  while the key ``S`` is active (non-neutral, and itself effective), e.g. ``prior_trust``
  only when ``type_beliefs`` is true. Such a key is *effective* only then, and
  :meth:`Params.is_core_configuration` looks at effective keys only.
- ``offense_advantage`` (beta in [0, 1], default None) is a convenience key: when set it fixes
  ``offense_defense_factor = 1 + 0.4 beta``, ``decisiveness = 2 beta`` and
  ``war_given_crisis = 0.2 beta`` (the core values 1.2, 1.0, 0.1 at beta = 0.5; under
  ``decisions = "strategic"`` only the first two). Giving one of those keys explicitly with a
  different value raises an error naming both. It only moves core keys, so it never makes the
  configuration non-core.
- The two engines (:mod:`realpolitik.engine.presets`): :meth:`Params.core` is the hazard
  model, :meth:`Params.strategic` the strategic engine; under ``decisions = "strategic"`` the
  hazard keys are errors, and ``decisiveness`` and ``crisis_base_rate`` default to 1.5 and 0.
- Every value error is a :class:`~realpolitik.theory._validate.InputError` (structured: key,
  index, value, allowed).
- A user's mechanism may also add keys to a subclass of :class:`Params`, as dataclass fields
  declared with :func:`~realpolitik.engine.keys.key_metadata`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any

import numpy as np

from realpolitik.engine.keys import (
    KINDS,
    KeySpec,
    ParamError,
    from_json,
    key_metadata,
    normalise_value,
    resolve_value,
    to_json,
)
from realpolitik.engine.mechanisms import KEY_SPECS
from realpolitik.engine.mechanisms.schedule import scheduled_values
from realpolitik.engine.presets import (
    ENGINE_DEFAULTS,
    OFFENSE_ADVANTAGE_KEYS,
    STRATEGIC_PRESET,
    check_hazard_keys,
    derived_values,
    offense_advantage_mapping,
)

__all__ = [
    "KINDS",
    "OFFENSE_ADVANTAGE_KEYS",
    "PARAM_SPECS",
    "KeySpec",
    "Params",
    "ResolvedParams",
    "ineffective_keys",
    "key_metadata",
    "offense_advantage_mapping",
]


class _Default(float):
    """A core default not given explicitly (``offense_advantage`` or ``decisions`` may set it)."""

    __slots__ = ()


class _ClassOrInstance:
    """A method callable on the class (``obj`` None) and on an instance."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__

    def __get__(self, obj: Any, cls: type) -> Any:
        return functools.partial(self.fn, cls, obj)


class _ParamsMethods:
    """The methods of :class:`Params` (a dataclass generated from the key declarations)."""

    def __post_init__(self) -> None:
        length: tuple[str, int] | None = None
        explicit: dict[str, bool] = {}
        for key, spec in self.specs().items():
            raw = getattr(self, key)
            explicit[key] = type(raw) is not _Default
            value = normalise_value(spec, raw)
            if isinstance(value, np.ndarray):
                if length is not None and value.shape[0] != length[1]:
                    raise ParamError(
                        key, to_json(value), f"{length[1]} values, one per state",
                        f"{key} has {value.shape[0]} per-state values but {length[0]} has "
                        f"{length[1]}; per-state arrays must all have one value per state",
                    )  # fmt: skip
                length = (key, value.shape[0])
            object.__setattr__(self, key, value)
        values = {k: getattr(self, k) for k in explicit}
        for key, value in derived_values(values, explicit).items():
            object.__setattr__(self, key, value)
        if not self.war_value_high > self.war_value_low:
            raise ParamError(
                "war_value_high", self.war_value_high, f"> war_value_low = {self.war_value_low!r}",
                f"war_value_high = {self.war_value_high!r} must exceed war_value_low = "
                f"{self.war_value_low!r}",
            )  # fmt: skip
        if getattr(self, "decisions", "hazard") == "strategic":
            check_hazard_keys({k: getattr(self, k) for k in explicit}, self.specs())

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def core(cls, **overrides: Any) -> Params:
        """Return the core model's parameters, every other mechanism neutral, with overrides.

        Parameters
        ----------
        **overrides
            Keys of :data:`PARAM_SPECS` to change, e.g. ``perception_noise=0``.

        Returns
        -------
        Params
            The validated parameter set.

        Raises
        ------
        InputError
            For an unknown key or an invalid value (a ``ValueError`` naming the key).
        """
        _check_keys(cls, overrides)
        return cls(**overrides)

    @classmethod
    def strategic(cls, **overrides: Any) -> Params:
        """Return the strategic engine's parameters, the lab's reference model, with overrides.

        Every war is chosen by a state from its own perceptions and beliefs: a resisted demand
        under private information (Fearon 1995), a preemptive strike out of fear (Schelling
        1960; Kydd 2005), a preventive war (Powell 2006) or hawk bias (docs/strategic.md).
        Preset: ``decisions = "strategic"``, ``type_beliefs`` on, ``decisiveness = 1.5``,
        ``gdp_cession = 0.1`` (the war rate is very sensitive to it: about 3 wars per run of
        8 states and 100 years at 0.1, 60 at 0.3), ``mobilization = 0.05``, conquest values 1
        (greedy) and 0 (secure), ``cost_uncertainty = 1.5``, ``patience = 0.9``,
        ``projection_years = 5``, ``trend_window = 10``, ``settlement_years = 5``,
        ``burn_in = 50`` (recorded arms races come from rivalry, not from the climb out of
        the initial conditions), ``strike_warheads_per_silo = 2``, ``arming_drive = 0``,
        ``crisis_base_rate = 0`` (no crisis drawn); the core model's values for the rest. The
        hazard keys are errors here and ``offense_advantage`` sets only
        ``offense_defense_factor`` and ``decisiveness`` (:mod:`realpolitik.engine.presets`);
        ``Params.strategic().replace(decisions="hazard")`` is the hazard model with the
        strategic keys' values (``decisiveness`` and ``crisis_base_rate`` follow ``decisions``).

        Parameters
        ----------
        **overrides
            Keys of :data:`PARAM_SPECS` to change, e.g. ``perception_noise=0``.

        Returns
        -------
        Params
            The validated parameter set.

        Raises
        ------
        InputError
            For an unknown key, an invalid value or a hazard key (naming the key).
        """
        _check_keys(cls, overrides)
        return cls(**{**STRATEGIC_PRESET, **overrides})

    def replace(self, **changes: Any) -> Params:
        """Return a copy with some keys changed (validated again).

        Keys that ``offense_advantage`` set follow a change of ``offense_advantage`` (back to
        their defaults when it becomes None) unless they are changed too; so do the keys whose
        default follows ``decisions`` (``decisiveness``, ``crisis_base_rate``) while they are
        at a default (the core one or the engine's).

        Parameters
        ----------
        **changes
            Keys to change and their new values.

        Returns
        -------
        Params
            The new parameter set.

        Raises
        ------
        InputError
            For an unknown key or an invalid value.
        """
        _check_keys(type(self), changes)
        current = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.init}
        decisions = getattr(self, "decisions", "hazard")
        derived = [ENGINE_DEFAULTS.get(decisions, {}), {k: _specs_of(type(self))[k].default
                                                        for k in _DERIVED_KEYS}]  # fmt: skip
        if self.offense_advantage is not None:
            derived.append(offense_advantage_mapping(self.offense_advantage, decisions))
        for key in _DERIVED_KEYS - set(changes):
            if any(key in d and np.all(np.asarray(current[key]) == d[key]) for d in derived):
                del current[key]  # a default, or set by the mapping or the engine: derived again
        current.update(changes)
        return type(self)(**current)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Params:
        """Build a parameter set from a mapping such as :meth:`to_dict` returns.

        Parameters
        ----------
        data
            Key -> value (float, list of floats, the string ``"inf"``, bool, int, string or
            None as the key's kind allows). Missing keys keep their defaults.

        Returns
        -------
        Params
            The validated parameter set.

        Raises
        ------
        InputError
            For an unknown key or an invalid value.
        """
        if not isinstance(data, Mapping):
            raise ParamError(
                "params", type(data).__name__, "a mapping of keys to values",
                f"Params.from_dict expects a mapping, got {type(data).__name__}",
            )  # fmt: skip
        _check_keys(cls, data)
        specs = _specs_of(cls)
        return cls(**{k: from_json(specs[k], v) for k, v in data.items()})

    @classmethod
    def with_mechanisms(cls, *mechanisms: Any) -> type[Params]:
        """Return a subclass of this class with the keys of more mechanism modules.

        The keys (their ``KEYS``) that this class lacks are appended in the order given, so a
        mechanism can be tried before it joins the one list of mechanisms
        (docs/contributing.md).

        Parameters
        ----------
        *mechanisms
            Mechanism modules (or anything with a ``KEYS`` tuple of
            :class:`~realpolitik.engine.keys.KeySpec`).

        Returns
        -------
        type
            The subclass (this class itself when no key is new).

        Raises
        ------
        ValueError
            If two of the new declarations name the same key.
        """
        known = _specs_of(cls)
        new = [s for m in mechanisms for s in getattr(m, "KEYS", ()) if s.key not in known]
        if len({s.key for s in new}) != len(new):
            raise ValueError("two of the mechanisms declare the same key")
        if not new:
            return cls
        return dataclasses.make_dataclass(
            cls.__name__,
            [(s.key, Any, dataclasses.field(default=s.default, metadata={"spec": s})) for s in new],
            bases=(cls,),
            frozen=True,
            eq=False,
            repr=False,
            namespace={"__module__": cls.__module__, "__doc__": cls.__doc__},
        )

    # -- views --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return every key's value as JSON-friendly Python.

        Returns
        -------
        dict
            Key -> float, list of floats, ``"inf"`` for an infinite value, bool, int, string,
            or None (JSON null).
        """
        return {key: to_json(getattr(self, key)) for key in self.specs()}

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """Return every parameter key, in declaration order."""
        return tuple(_specs_of(cls))

    @classmethod
    def specs(cls) -> dict[str, KeySpec]:
        """Return every key's :class:`KeySpec` (a fresh dict), in declaration order."""
        return dict(_specs_of(cls))

    def is_active(self, key: str) -> bool:
        """Return whether a non-core key is effective and not at its neutral value.

        A key is effective when it has no ``requires`` switch or its switch is active
        (recursively). Core keys and keys that only set core keys (``offense_advantage``) are
        never active.

        Parameters
        ----------
        key
            A parameter key.

        Returns
        -------
        bool
            True when the key's mechanism acts on it.

        Raises
        ------
        InputError
            For an unknown key.
        """
        specs = _specs_of(type(self))
        if key not in specs:
            raise ParamError(
                key, key, ", ".join(specs),
                f"unknown parameter key {key!r}; allowed keys: {', '.join(specs)}",
            )  # fmt: skip
        spec = specs[key]
        if spec.mechanism == "core" or spec.sets_core:
            return False
        if spec.requires is not None and not self.is_active(spec.requires):
            return False
        return not spec.is_neutral(getattr(self, key))

    def active_keys(self) -> tuple[str, ...]:
        """Return the keys that are effective and not neutral (:meth:`is_active`), in order."""
        return tuple(k for k in _specs_of(type(self)) if self.is_active(k))

    def is_core_configuration(self) -> bool:
        """Return whether every mechanism beyond the core is neutral (no key is active).

        Keys whose ``requires`` switch is off do not count (``prior_trust`` without
        ``type_beliefs``, ``mad_damping`` without nuclear warheads, ...), nor does
        ``offense_advantage`` (it only sets core keys). The fused fast path of
        :func:`~realpolitik.engine.simulate` runs only then.

        Returns
        -------
        bool
            True when the parameters describe the core model (any core values).
        """
        return not self.active_keys()

    def n_states(self) -> int | None:
        """Return the length of the per-state arrays, or None if every value is a scalar."""
        for key in self.specs():
            value = getattr(self, key)
            if isinstance(value, np.ndarray):
                return int(value.shape[0])
        return None

    def resolve(self, states: int) -> ResolvedParams:
        """Return the values as the mechanisms read them, for ``states`` states.

        Parameters
        ----------
        states
            The number of states N (>= 2).

        Returns
        -------
        ResolvedParams
            Per-state keys as read-only float64 arrays of shape ``(states,)``, scalar float
            keys as floats, bool keys as bool, int keys as int, choice keys as str, None as
            None; plus ``k`` (= reaction / (N - 1)), ``states``, ``active`` (the frozenset of
            :meth:`active_keys`) and ``params`` (this object).

        Raises
        ------
        InputError
            If a per-state array does not have ``states`` values.
        """
        values = {key: resolve_value(spec, getattr(self, key), states)
                  for key, spec in self.specs().items()}  # fmt: skip
        k = values["reaction"] / (states - 1)
        active = frozenset(self.active_keys())
        return _resolved_class(type(self))(params=self, states=states, k=k, active=active, **values)

    @_ClassOrInstance
    def describe(cls, self: Any = None) -> Any:  # noqa: N805 - called on the class or an instance
        """Return a table of every key: symbol, value, range, kind, mechanism, meaning.

        Callable on the class (``Params.describe()``: the values are the defaults) and on an
        instance (its values).

        Returns
        -------
        pandas.DataFrame
            One row per key: key, symbol, value, range, kind, per_state, mechanism, neutral,
            requires, schedulable, source, doc.
        """
        import pandas as pd

        rows = []
        for key, spec in _specs_of(cls).items():
            value = spec.default if self is None else getattr(self, key)
            rows.append(
                {
                    "key": key,
                    "symbol": spec.symbol,
                    "value": to_json(value),
                    "range": spec.range_text(),
                    "kind": spec.kind,
                    "per_state": spec.per_state,
                    "mechanism": spec.mechanism,
                    "neutral": to_json(spec.neutral),
                    "requires": spec.requires,
                    "schedulable": spec.schedulable,
                    "source": spec.source,
                    "doc": spec.doc,
                }
            )
        return pd.DataFrame(rows)

    # -- dunder -------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _ParamsMethods):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(repr(sorted(self.to_dict().items())))

    def __repr__(self) -> str:
        changed = []
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray) or to_json(value) != to_json(f.default):
                changed.append(f"{f.name}={to_json(value)!r}")
        inner = ", ".join(changed) if changed else "core defaults"
        return f"Params({inner})"


_PARAMS_DOC = """A frozen, validated parameter set of the engine (defaults: the core model).

    One field per key of the mechanisms' declarations (:data:`PARAM_SPECS`, :meth:`describe`,
    docs/mechanisms.md): the core keys first (reaction kappa, fatigue a,
    offense_defense_factor od, grievance_greedy / grievance_secure g, share_greedy p_greedy,
    military_cap_share cap, burden_cost c, perception_noise sigma, crisis_base_rate p0,
    crisis_sensitivity beta, war_given_crisis q_war, decisiveness gamma, loser_military_loss,
    loser_gdp_loss, winner_military_cost, dt), then ``offense_advantage`` and every
    mechanism's keys, each neutral by default, so ``Params()`` is exactly the core model.
    Values are floats or, where the key allows it, per-state arrays of shape ``(states,)``;
    bool, int, choice (string) and nullable keys as their specs say.

    Raises
    ------
    InputError
        (A ``ValueError``.) For a value outside its key's range (NaN, inf where not allowed,
        negative, a probability outside [0, 1]), a non-numeric value, a per-state array on a
        scalar-only key, per-state arrays of different lengths, a bool key given a non-bool,
        an int key given a non-integer, a choice outside its choices,
        ``war_value_high <= war_value_low``, or a key set by ``offense_advantage`` given a
        different value explicitly; the error names the key, the value and the allowed range.
    """


_DERIVED_KEYS = frozenset({*OFFENSE_ADVANTAGE_KEYS, *ENGINE_DEFAULTS["strategic"]})
"""The keys whose default ``offense_advantage`` or ``decisions`` may set."""


def _field_default(spec: KeySpec) -> Any:
    return _Default(spec.default) if spec.key in _DERIVED_KEYS else spec.default


Params = dataclasses.make_dataclass(
    "Params",
    [(s.key, Any, dataclasses.field(default=_field_default(s), metadata={"spec": s}))
     for s in KEY_SPECS],
    bases=(_ParamsMethods,),
    frozen=True,
    eq=False,
    repr=False,
    namespace={"__doc__": _PARAMS_DOC, "__module__": __name__},
)  # fmt: skip


class _ResolvedMethods:
    """The methods of :class:`ResolvedParams` (a dataclass generated from the same specs)."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value.setflags(write=False)

    def replace(self, **values: Any) -> ResolvedParams:
        """Return a copy with some keys set (e.g. a schedule's values), per-state keys resolved.

        Parameters
        ----------
        **values
            Keys and their new values (already valid: a schedule's events are checked).

        Returns
        -------
        ResolvedParams
            The new resolved parameters (``params``, ``k`` and ``active`` unchanged).

        Raises
        ------
        InputError
            For an unknown key.
        """
        specs = _specs_of(type(self.params))
        _check_keys(type(self.params), values)
        resolved = {k: resolve_value(specs[k], v, self.states) for k, v in values.items()}
        return dataclasses.replace(self, **resolved)  # type: ignore[type-var]

    def to_dict(self) -> dict[str, Any]:
        """Return the resolved values as JSON-friendly Python (lists per state, ``"inf"``).

        Returns
        -------
        dict
            ``states``, ``k``, ``active`` (a sorted list), then every key.
        """
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.name == "params":
                continue
            if f.name == "active":
                out[f.name] = sorted(value)
            else:
                out[f.name] = value if f.name == "states" else to_json(value)
        return out

    def __reduce__(self):
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]
        return (_rebuild_resolved, (self.params, values))


def _rebuild_resolved(params: Any, values: dict[str, Any]) -> ResolvedParams:
    return _resolved_class(type(params))(**values)


_RESOLVED_FIXED = [("params", Any), ("states", int), ("k", np.ndarray), ("active", frozenset)]

ResolvedParams = dataclasses.make_dataclass(
    "ResolvedParams",
    [*_RESOLVED_FIXED, *((s.key, Any) for s in KEY_SPECS)],
    bases=(_ResolvedMethods,),
    frozen=True,
    eq=False,
    namespace={
        "__module__": __name__,
        "__doc__": """Parameters as the mechanisms read them for one simulation (frozen dataclass).

    Generated from the same key declarations as :class:`Params` (:meth:`Params.resolve`): one
    field per key (per-state keys as read-only float64 arrays of shape ``(states,)``, scalar
    keys as floats; bool, int, str or None for the other kinds), plus ``params`` (the
    :class:`Params` it came from), ``states``, ``k`` (per-state reaction per rival,
    kappa / (N - 1)) and ``active`` (the frozenset of :meth:`Params.active_keys`).
    """,
    },
)


@functools.cache
def _resolved_class(cls: type) -> type:
    """Return the resolved dataclass of a Params class (a subclass's adds its own keys)."""
    extra = [k for k in _specs_of(cls) if k not in _specs_of(Params)]
    if not extra:
        return ResolvedParams
    return dataclasses.make_dataclass(
        f"Resolved{cls.__name__}", [(k, Any) for k in extra], bases=(ResolvedParams,),
        frozen=True, eq=False, namespace={"__module__": cls.__module__},
    )  # fmt: skip


@functools.cache
def _specs_of(cls: type) -> dict[str, KeySpec]:
    return {
        f.name: dataclasses.replace(
            f.metadata["spec"], key=f.name, default=float(f.default)
            if isinstance(f.default, _Default) else f.default,
        )
        for f in dataclasses.fields(cls)
    }  # fmt: skip


PARAM_SPECS: dict[str, KeySpec] = dict(_specs_of(Params))
"""Every parameter key's :class:`KeySpec`, in declaration order."""


def _check_keys(cls: type, mapping: Mapping[str, Any]) -> None:
    specs = _specs_of(cls)
    unknown = [k for k in mapping if k not in specs]
    if unknown:
        raise ParamError(
            unknown[0], mapping[unknown[0]], ", ".join(specs),
            f"unknown parameter key(s) {unknown}; allowed keys: {', '.join(specs)}",
        )  # fmt: skip


def ineffective_keys(params: Any, schedule: Any = None) -> dict[str, str]:
    """Return the keys set away from neutral whose mechanism stays off, with the switch.

    A key with a ``requires`` switch acts only while the switch is on (not at its neutral
    value: a bool switch true, a choice switch off its neutral choice, a float switch such as
    ``nuclear_warheads`` non-zero for some state), up the chain of switches. A switch off at
    the start may be switched on mid-run by the schedule (a ``set`` event, a treaty signed
    with a cap: :func:`~realpolitik.engine.mechanisms.schedule.scheduled_values`); a key
    whose switch is off at the start and never switched on changes nothing. Without a
    schedule this is what the parameters alone can tell.

    Parameters
    ----------
    params
        A :class:`Params` (or a subclass with more keys).
    schedule
        The simulation's :class:`~realpolitik.engine.mechanisms.schedule.ScheduledEvent`
        sequence, or None. The values its ``set`` events give count as set too.

    Returns
    -------
    dict
        Key -> the switch that turns it on (the first switch up its chain that stays off),
        in declaration order; empty when every key that is set takes effect.
    """
    specs = _specs_of(type(params))
    scheduled = scheduled_values(schedule)

    def set_on(key: str) -> bool:  # off neutral at the start, or in a scheduled event
        spec = specs[key]
        values = [getattr(params, key), *scheduled.get(key, ())]
        return not all(spec.is_neutral(v) for v in values)

    out: dict[str, str] = {}
    for key, spec in specs.items():
        if spec.requires is None or not set_on(key):
            continue
        switch: str | None = spec.requires
        while switch is not None and set_on(switch):
            switch = specs[switch].requires
        if switch is not None:
            out[key] = switch
    return out

"""The engine's parameters: a frozen, validated set of descriptive keys (DESIGN.md's table).

Source: reference/CORE_MODEL.md ("Default parameters") for the core keys; MODELS.md for the
symbols that later mechanisms add. Every key is declared once, as a dataclass field whose
metadata (:class:`KeySpec`) carries the model symbol, the allowed range, whether it may be given
per state, the mechanism it belongs to and, for keys beyond the core, the *neutral* value that
switches that mechanism off.

Conventions
-----------
- Values are floats, or per-state arrays of shape ``(states,)`` for the keys marked
  ``per_state`` (e.g. ``reaction=[0.1, 0.3]``: state 0 reacts with kappa = 0.1, state 1 with
  0.3). Per-state arrays must all have the same length, and :func:`simulate` checks it against
  ``states``.
- ``reaction`` is the *total* reaction kappa; each rival's military enters with
  ``k = kappa / (N - 1)`` (CORE_MODEL step 3).
- ``military_cap_share`` accepts ``math.inf`` ("no cap"), used by the Richardson
  configuration; :meth:`Params.to_dict` writes it as the string ``"inf"`` so the dictionary
  stays JSON.
- Adding a mechanism = declaring its keys on :class:`Params` as
  ``field(default=<neutral>, metadata=key_metadata(..., mechanism="<name>",
  neutral=<neutral>))``; :meth:`Params.is_core_configuration` then becomes false as soon as
  one of them is set to a non-neutral value, which disables the fused fast path
  automatically. Validation, :meth:`Params.to_dict`, :meth:`Params.resolve` and
  :meth:`Params.describe` pick the new keys up from the field metadata.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np

__all__ = ["PARAM_SPECS", "KeySpec", "Params", "ResolvedParams", "key_metadata"]


@dataclass(frozen=True)
class KeySpec:
    """What one parameter key means and which values it accepts.

    Parameters
    ----------
    key
        The descriptive key (DESIGN.md's table), e.g. ``"reaction"``.
    symbol
        The model's symbol (CORE_MODEL.md or MODELS.md), e.g. ``"kappa"``.
    lo, hi
        Allowed range; ``lo_open`` / ``hi_open`` make either end strict.
    allow_inf
        Whether ``+inf`` is a valid value (only where ``hi`` is ``inf``).
    per_state
        Whether the key may be a per-state array of shape ``(states,)``.
    mechanism
        ``"core"`` or the name of the mechanism that reads the key.
    neutral
        For non-core keys, the value that switches the mechanism off (None for core keys).
    doc
        One line saying what the key sets, with units.
    source
        Where the key's equation is defined.
    """

    key: str
    symbol: str
    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    allow_inf: bool = False
    per_state: bool = True
    mechanism: str = "core"
    neutral: float | None = None
    doc: str = ""
    source: str = "CORE_MODEL.md"

    def range_text(self) -> str:
        """Return the allowed range as text, e.g. ``"[0, 1]"`` or ``"[0, inf]"``.

        Returns
        -------
        str
            The interval in standard notation.
        """
        left = "(" if (self.lo_open or self.lo == -math.inf) else "["
        right = ")" if (self.hi_open or (self.hi == math.inf and not self.allow_inf)) else "]"
        return f"{left}{self.lo:g}, {self.hi:g}{right}"

    def check_scalar(self, name: str, value: float) -> None:
        """Raise ``ValueError`` unless ``value`` lies in the allowed range.

        Parameters
        ----------
        name
            The name to report (the key, or ``key[i]`` for an element of a per-state array).
        value
            The value to check.

        Raises
        ------
        ValueError
            Naming the key, the value and the allowed range.
        """
        bad = math.isnan(value)
        if not bad and math.isinf(value):
            bad = not (self.allow_inf and value > 0)
        if not bad:
            bad = (value <= self.lo) if self.lo_open else (value < self.lo)
        if not bad and math.isfinite(value):
            bad = (value >= self.hi) if self.hi_open else (value > self.hi)
        if bad:
            raise ValueError(
                f"{name} = {value!r} is out of range; allowed: {self.range_text()}"
                f" ({self.symbol}: {self.doc})"
            )


def key_metadata(
    *,
    symbol: str,
    lo: float = 0.0,
    hi: float = math.inf,
    lo_open: bool = False,
    hi_open: bool = False,
    allow_inf: bool = False,
    per_state: bool = True,
    mechanism: str = "core",
    neutral: float | None = None,
    doc: str,
    source: str = "CORE_MODEL.md",
) -> dict[str, KeySpec]:
    """Return the field metadata that declares a parameter key (its :class:`KeySpec`).

    A mechanism adds its keys to :class:`Params` as
    ``hotline: Any = field(default=0.0, metadata=key_metadata(symbol=..., mechanism="hotline",
    neutral=0.0, doc=...))``; the key's name is filled in from the field.

    Parameters
    ----------
    symbol, lo, hi, lo_open, hi_open, allow_inf, per_state, mechanism, neutral, doc, source
        As the fields of :class:`KeySpec`.

    Returns
    -------
    dict
        ``{"spec": KeySpec}``, for ``dataclasses.field(metadata=...)``.

    Raises
    ------
    ValueError
        If a non-core key has no neutral value.
    """
    if mechanism != "core" and neutral is None:
        raise ValueError(f"a {mechanism!r} key needs a neutral value that switches it off")
    spec = KeySpec(
        key="",
        symbol=symbol,
        lo=lo,
        hi=hi,
        lo_open=lo_open,
        hi_open=hi_open,
        allow_inf=allow_inf,
        per_state=per_state,
        mechanism=mechanism,
        neutral=neutral,
        doc=doc,
        source=source,
    )
    return {"spec": spec}


@dataclass(frozen=True, eq=False)
class Params:
    """A frozen, validated parameter set of the engine (defaults: CORE_MODEL.md).

    Every key is a descriptive word from DESIGN.md's table; see :data:`PARAM_SPECS` (or
    :meth:`describe`) for each key's symbol, range and meaning. Values are floats or, where the
    key allows it, per-state arrays of shape ``(states,)``.

    Parameters
    ----------
    reaction
        kappa, the total reaction to rivals' perceived military (k = kappa / (N - 1)), 1/yr.
    fatigue
        a, the fatigue (expense) coefficient of one's own military, 1/yr.
    offense_defense_factor
        od, multiplies perceived rival military into threat (> 1: offense dominant).
    grievance_greedy, grievance_secure
        g, the constant arming drive of greedy and of security-seeking types (military units/yr).
    share_greedy
        p_greedy, the probability that a state is greedy (drawn per run and state).
    military_cap_share
        cap, the maximum military as a share of last year's GDP (``math.inf``: no cap).
    burden_cost
        c, the growth cost of the defence burden (military / GDP).
    perception_noise
        sigma, the relative Gaussian noise of each observer's perception.
    crisis_base_rate
        p0, the crisis probability per pair-year as the perceived ratio grows large.
    crisis_sensitivity
        beta, the exponent of the perceived ratio in the crisis probability.
    war_given_crisis
        q_war, the probability that a crisis becomes a war.
    decisiveness
        gamma, the contest success function's exponent.
    loser_military_loss, loser_gdp_loss, winner_military_cost
        loss_m, loss_y, cost_m: the shares of military and GDP a war destroys.
    dt
        The step, in years.

    Raises
    ------
    ValueError
        For a value outside its key's range (NaN, inf where not allowed, negative, a probability
        outside [0, 1]), a non-numeric value, a per-state array on a scalar-only key, or
        per-state arrays of different lengths; the message names the key, the value and the
        allowed range.
    """

    reaction: Any = field(
        default=0.2,
        metadata=key_metadata(symbol="kappa", doc="total reaction to perceived rival military"),
    )
    fatigue: Any = field(
        default=0.3, metadata=key_metadata(symbol="a", doc="fatigue of one's own military, 1/yr")
    )
    offense_defense_factor: Any = field(
        default=1.2,
        metadata=key_metadata(
            symbol="od", doc="offense-defense factor on perceived threat (> 1: offense dominant)"
        ),
    )
    grievance_greedy: Any = field(
        default=0.05,
        metadata=key_metadata(symbol="g_greedy", lo=-math.inf, doc="arming drive of greedy types"),
    )
    grievance_secure: Any = field(
        default=0.005,
        metadata=key_metadata(
            symbol="g_secure", lo=-math.inf, doc="arming drive of security seekers"
        ),
    )
    share_greedy: Any = field(
        default=0.3,
        metadata=key_metadata(symbol="p_greedy", hi=1.0, doc="probability of a greedy type"),
    )
    military_cap_share: Any = field(
        default=0.1,
        metadata=key_metadata(
            symbol="cap", allow_inf=True, doc="max military / last year's GDP (inf: no cap)"
        ),
    )
    burden_cost: Any = field(
        default=0.2, metadata=key_metadata(symbol="c", doc="growth cost of the defence burden")
    )
    perception_noise: Any = field(
        default=0.2, metadata=key_metadata(symbol="sigma", doc="relative Gaussian perception noise")
    )
    crisis_base_rate: Any = field(
        default=0.02,
        metadata=key_metadata(
            symbol="p0", hi=1.0, per_state=False, doc="crisis probability scale per pair-year"
        ),
    )
    crisis_sensitivity: Any = field(
        default=2.0,
        metadata=key_metadata(
            symbol="beta", per_state=False, doc="crisis sensitivity to the perceived ratio"
        ),
    )
    war_given_crisis: Any = field(
        default=0.1,
        metadata=key_metadata(symbol="q_war", hi=1.0, per_state=False, doc="P(war | crisis)"),
    )
    decisiveness: Any = field(
        default=1.0,
        metadata=key_metadata(symbol="gamma", per_state=False, doc="contest decisiveness"),
    )
    loser_military_loss: Any = field(
        default=0.3,
        metadata=key_metadata(
            symbol="loss_m", hi=1.0, per_state=False, doc="loser's military loss share"
        ),
    )
    loser_gdp_loss: Any = field(
        default=0.1,
        metadata=key_metadata(
            symbol="loss_y", hi=1.0, per_state=False, doc="loser's GDP loss share"
        ),
    )
    winner_military_cost: Any = field(
        default=0.1,
        metadata=key_metadata(
            symbol="cost_m", hi=1.0, per_state=False, doc="winner's military cost share"
        ),
    )
    dt: Any = field(
        default=1.0,
        metadata=key_metadata(symbol="dt", lo_open=True, per_state=False, doc="step, years"),
    )

    def __post_init__(self) -> None:
        length: tuple[str, int] | None = None
        for f in dataclasses.fields(self):
            spec: KeySpec = self.specs()[f.name]
            value = _normalise(spec, getattr(self, f.name))
            if isinstance(value, np.ndarray):
                if length is not None and value.shape[0] != length[1]:
                    raise ValueError(
                        f"{f.name} has {value.shape[0]} per-state values but {length[0]} has "
                        f"{length[1]}; per-state arrays must all have one value per state"
                    )
                length = (f.name, value.shape[0])
            object.__setattr__(self, f.name, value)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def core(cls, **overrides: Any) -> Params:
        """Return CORE_MODEL.md's parameters, every other mechanism neutral, with overrides.

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
        ValueError
            For an unknown key or an invalid value (naming the key).
        """
        _check_keys(cls, overrides)
        return cls(**overrides)

    def replace(self, **changes: Any) -> Params:
        """Return a copy with some keys changed (validated again).

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
        ValueError
            For an unknown key or an invalid value.
        """
        _check_keys(type(self), changes)
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Params:
        """Build a parameter set from a mapping such as :meth:`to_dict` returns.

        Parameters
        ----------
        data
            Key -> value (float, list of floats, or the string ``"inf"``). Missing keys keep
            their core defaults.

        Returns
        -------
        Params
            The validated parameter set.

        Raises
        ------
        ValueError
            For an unknown key or an invalid value.
        """
        if not isinstance(data, Mapping):
            raise ValueError(f"Params.from_dict expects a mapping, got {type(data).__name__}")
        _check_keys(cls, data)
        return cls(**{k: _from_json(v) for k, v in data.items()})

    # -- views --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return every key's value as JSON-friendly Python (floats, lists, ``"inf"``).

        Returns
        -------
        dict
            Key -> float, list of floats, or ``"inf"`` for an infinite value.
        """
        return {f.name: _to_json(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """Return every parameter key, in declaration order.

        Returns
        -------
        tuple of str
            The keys.
        """
        return tuple(cls.specs())

    @classmethod
    def specs(cls) -> dict[str, KeySpec]:
        """Return every key's :class:`KeySpec`, in declaration order.

        Returns
        -------
        dict
            Key -> spec (a fresh dict; the specs are frozen).
        """
        return dict(_specs_of(cls))

    def is_core_configuration(self) -> bool:
        """Return whether every mechanism beyond the core is at its neutral value.

        The fused fast path of :func:`~realpolitik.engine.simulate` runs only then.

        Returns
        -------
        bool
            True when the parameters describe CORE_MODEL.md's model (any core values).
        """
        for key, spec in self.specs().items():
            if spec.mechanism == "core":
                continue
            value = getattr(self, key)
            if np.any(np.asarray(value, dtype=float) != spec.neutral):
                return False
        return True

    def n_states(self) -> int | None:
        """Return the length of the per-state arrays, or None if every value is a scalar.

        Returns
        -------
        int or None
            The number of states the per-state values describe.
        """
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
            Per-state keys as read-only float64 arrays of shape ``(states,)``, scalar keys as
            floats, plus ``k`` (= reaction / (N - 1)) and ``states``.

        Raises
        ------
        ValueError
            If a per-state array does not have ``states`` values.
        """
        values: dict[str, Any] = {}
        for key, spec in self.specs().items():
            value = getattr(self, key)
            if spec.per_state:
                if isinstance(value, np.ndarray):
                    if value.shape[0] != states:
                        raise ValueError(
                            f"{key} has {value.shape[0]} per-state values but states = {states}"
                        )
                    arr = value.astype(np.float64, copy=True)
                else:
                    arr = np.full(states, float(value))
                arr.setflags(write=False)
                values[key] = arr
            else:
                values[key] = float(value)
        k = values["reaction"] / (states - 1)
        k.setflags(write=False)
        return ResolvedParams(params=self, states=states, k=k, **values)

    def describe(self) -> Any:
        """Return a table of every key: symbol, value, range, mechanism, meaning.

        Returns
        -------
        pandas.DataFrame
            One row per key.
        """
        import pandas as pd

        rows = []
        for key, spec in self.specs().items():
            rows.append(
                {
                    "key": key,
                    "symbol": spec.symbol,
                    "value": _to_json(getattr(self, key)),
                    "range": spec.range_text(),
                    "per_state": spec.per_state,
                    "mechanism": spec.mechanism,
                    "doc": spec.doc,
                }
            )
        return pd.DataFrame(rows)

    # -- dunder -------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Params):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(repr(sorted(self.to_dict().items())))

    def __repr__(self) -> str:
        changed = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray) or value != f.default:
                changed.append(f"{f.name}={_to_json(value)!r}")
        inner = ", ".join(changed) if changed else "core defaults"
        return f"Params({inner})"


class ResolvedParams(SimpleNamespace):
    """Parameters as the mechanisms read them for one simulation (see :meth:`Params.resolve`).

    Attributes are the keys of :class:`Params`: per-state keys are read-only float64 arrays of
    shape ``(states,)``, scalar keys floats. Also ``k`` (per-state reaction per rival,
    kappa / (N - 1)), ``states`` and ``params`` (the :class:`Params` it came from).
    """

    def to_dict(self) -> dict[str, Any]:
        """Return the resolved values as JSON-friendly Python (lists per state, ``"inf"``).

        Returns
        -------
        dict
            Every key, plus ``k`` and ``states``.
        """
        out: dict[str, Any] = {}
        for key, value in vars(self).items():
            if key == "params":
                continue
            out[key] = value if key == "states" else _to_json(value)
        return out


@functools.cache
def _specs_of(cls: type) -> dict[str, KeySpec]:
    return {
        f.name: dataclasses.replace(f.metadata["spec"], key=f.name) for f in dataclasses.fields(cls)
    }


PARAM_SPECS: dict[str, KeySpec] = dict(_specs_of(Params))
"""Every parameter key's :class:`KeySpec`, in declaration order."""


def _check_keys(cls: type, mapping: Mapping[str, Any]) -> None:
    specs = _specs_of(cls)
    unknown = [k for k in mapping if k not in specs]
    if unknown:
        raise ValueError(f"unknown parameter key(s) {unknown}; allowed keys: {', '.join(specs)}")


def _normalise(spec: KeySpec, value: Any) -> float | np.ndarray:
    name = spec.key
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} = {value!r} is not a number; allowed: {spec.range_text()}")
    if isinstance(value, int | float | np.integer | np.floating):
        out = float(value)
        spec.check_scalar(name, out)
        return out
    if isinstance(value, str):
        raise ValueError(f"{name} = {value!r} is not a number; allowed: {spec.range_text()}")
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} = {value!r} is not a number or a per-state array of numbers"
        ) from None
    if arr.ndim == 0:
        out = float(arr)
        spec.check_scalar(name, out)
        return out
    if not spec.per_state:
        raise ValueError(
            f"{name} = {value!r}: this key is one value for the whole system, not per state;"
            f" allowed: a number in {spec.range_text()}"
        )
    if arr.ndim != 1 or arr.shape[0] < 1:
        raise ValueError(
            f"{name} has shape {arr.shape}; a per-state value must have shape (states,)"
        )
    for i, x in enumerate(arr):
        spec.check_scalar(f"{name}[{i}]", float(x))
    arr.setflags(write=False)
    return arr


def _to_json(value: float | np.ndarray) -> Any:
    if isinstance(value, np.ndarray):
        return [_to_json(float(x)) for x in value]
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return float(value)


def _from_json(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in {"inf", "+inf", "infinity"}:
        return math.inf
    if isinstance(value, list | tuple):
        return [_from_json(v) for v in value]
    return value

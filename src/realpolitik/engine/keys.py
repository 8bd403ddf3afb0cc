"""Parameter keys: what each key means, which values it accepts, and how mechanisms declare it.

Source: docs/mechanisms.md (every key, its symbol, range and source). Each mechanism module
declares the keys it owns as a tuple ``KEYS`` of :class:`KeySpec` (made with :func:`key`); the
core model's keys are declared in :mod:`realpolitik.engine.core_keys`. :class:`~realpolitik.
engine.params.Params` is assembled from these declarations, in the order of the one list of
mechanisms (:data:`realpolitik.engine.mechanisms.MECHANISMS`).

Every value error of a key is an :class:`~realpolitik.theory._validate.InputError` (structured:
``key``, ``index``, ``value``, ``allowed``), so scenarios and the command line map it to their
own fields without parsing its text; :class:`ParamError` is the one for checks whose message
is not the standard ``key = value is ...; allowed: ...``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from realpolitik.theory._validate import InputError

__all__ = [
    "KINDS",
    "KeySpec",
    "ParamError",
    "from_json",
    "key",
    "key_metadata",
    "normalise_value",
    "per_state",
    "resolve_value",
    "switch_condition",
    "to_json",
]

KINDS = ("float", "bool", "int", "choice")
"""The kinds of parameter values."""


class ParamError(InputError):
    """An :class:`~realpolitik.theory._validate.InputError` with its own message.

    Parameters
    ----------
    key
        The key the error is about (the first one named in the message).
    value
        The offending value.
    allowed
        What is allowed, as text.
    message
        The full message.
    index
        For an element of a per-state value, its position.
    """

    def __init__(
        self, key: str, value: object, allowed: str, message: str, *, index: int | None = None
    ) -> None:
        self._message = message
        super().__init__(key, value, allowed, index=index)

    def _text(self) -> str:
        return self._message

    def __reduce__(self):
        return (_rebuild_param_error, (self.key, self.value, self.allowed, self._message,
                                       self.index))  # fmt: skip


def _rebuild_param_error(key, value, allowed, message, index) -> ParamError:
    return ParamError(key, value, allowed, message, index=index)


@dataclass(frozen=True)
class KeySpec:
    """What one parameter key means and which values it accepts.

    Parameters
    ----------
    key
        The descriptive key, e.g. ``"reaction"``.
    symbol
        The model's symbol (docs/mechanisms.md), e.g. ``"kappa"``.
    lo, hi
        Allowed range of a float or int key; ``lo_open`` / ``hi_open`` make either end strict.
    allow_inf
        Whether ``+inf`` is a valid value (only where ``hi`` is ``inf``).
    per_state
        Whether the key may be a per-state array of shape ``(states,)`` (float keys only).
    mechanism
        The key's group: ``"core"`` (the core model's keys) or the mechanism it belongs to
        (its section of docs/mechanisms.md, e.g. ``"beliefs"`` or ``"offense_defense"``).
    neutral
        For non-core keys, the value at which the key does nothing (None for core keys and for
        a nullable key whose neutral value is None).
    doc
        One line saying what the key sets, with units.
    source
        Where the key's equation is defined.
    kind
        ``"float"`` (default), ``"bool"``, ``"int"`` or ``"choice"``.
    choices
        The allowed strings of a ``"choice"`` key.
    nullable
        Whether ``None`` is a valid value.
    requires
        The switch key without which this key has no effect (None: always effective).
    sets_core
        Whether the key only sets core keys (``offense_advantage``): it never makes the
        configuration non-core.
    schedulable
        Whether a scenario's schedule may set the key mid-run (a ``set`` event).
    default
        The key's default value (for keys beyond the core, its neutral value).
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
    neutral: Any = None
    doc: str = ""
    source: str = "docs/engine.md"
    kind: str = "float"
    choices: tuple[str, ...] = ()
    nullable: bool = False
    requires: str | None = None
    sets_core: bool = False
    schedulable: bool = False
    default: Any = None

    def range_text(self) -> str:
        """Return the allowed values as text, e.g. ``"[0, 1]"`` or ``"true or false"``.

        Returns
        -------
        str
            The interval in standard notation, ``"integers in [1, 127]"``, ``"true or false"``
            or ``"one of 'a', 'b'"``; ``" or null"`` is appended for a nullable key.
        """
        if self.kind == "bool":
            text = "true or false"
        elif self.kind == "choice":
            text = "one of " + ", ".join(repr(c) for c in self.choices)
        else:
            left = "(" if (self.lo_open or self.lo == -math.inf) else "["
            right = ")" if (self.hi_open or (self.hi == math.inf and not self.allow_inf)) else "]"
            text = f"{left}{self.lo:g}, {self.hi:g}{right}"
            if self.kind == "int":
                text = "integers in " + text
        return text + (" or null" if self.nullable else "")

    def check_scalar(self, name: str, value: float, index: int | None = None) -> None:
        """Raise :class:`~realpolitik.theory._validate.InputError` unless ``value`` is allowed.

        Parameters
        ----------
        name
            The name to report (the key).
        value
            The value to check (a float or int key's number).
        index
            For an element of a per-state array, its position (reported as ``key[index]``).

        Raises
        ------
        InputError
            A ``ValueError`` naming the key (and index), the value and the allowed range.
        """
        bad = math.isnan(value)
        if not bad and math.isinf(value):
            bad = not (self.allow_inf and value > 0)
        if not bad:
            bad = (value <= self.lo) if self.lo_open else (value < self.lo)
        if not bad and math.isfinite(value):
            bad = (value >= self.hi) if self.hi_open else (value > self.hi)
        if bad:
            raise InputError(
                name, value, self.range_text(), index=index, note=f"{self.symbol}: {self.doc}"
            )

    def is_neutral(self, value: Any) -> bool:
        """Return whether ``value`` is this key's neutral value (every element, per state).

        Parameters
        ----------
        value
            A validated value of this key.

        Returns
        -------
        bool
            True when the value equals :attr:`neutral`.
        """
        if value is None or self.neutral is None:
            return value is None and self.neutral is None
        if isinstance(value, np.ndarray):
            return bool(np.all(value == self.neutral))
        return bool(value == self.neutral)


_UNSET: Any = object()


def _spec(
    name: str,
    *,
    symbol: str,
    doc: str,
    default: Any = None,
    lo: float = 0.0,
    hi: float = math.inf,
    lo_open: bool = False,
    hi_open: bool = False,
    allow_inf: bool = False,
    per_state: bool = True,
    mechanism: str = "core",
    neutral: Any = None,
    source: str = "docs/engine.md",
    kind: str = "float",
    choices: tuple[str, ...] = (),
    nullable: bool = False,
    requires: str | None = None,
    sets_core: bool = False,
    schedulable: bool = False,
) -> KeySpec:
    """Return a checked :class:`KeySpec` (see :func:`key` for the checks)."""
    if kind not in KINDS:
        raise ValueError(f"kind = {kind!r} is not allowed; choose one of {KINDS}")
    if mechanism != "core" and neutral is None and not nullable:
        raise ValueError(f"a {mechanism!r} key needs a neutral value that switches it off")
    if kind == "choice" and not choices:
        raise ValueError("a 'choice' key needs its choices")
    if kind != "float" and per_state:
        raise ValueError(f"a {kind!r} key cannot be per state")
    return KeySpec(
        key=name, symbol=symbol, lo=lo, hi=hi, lo_open=lo_open, hi_open=hi_open,
        allow_inf=allow_inf, per_state=per_state, mechanism=mechanism, neutral=neutral, doc=doc,
        source=source, kind=kind, choices=tuple(choices), nullable=nullable, requires=requires,
        sets_core=sets_core, schedulable=schedulable, default=default,
    )  # fmt: skip


def key(
    name: str,
    symbol: str,
    default: Any,
    doc: str,
    *,
    mechanism: str,
    source: str,
    per_state: bool = False,
    neutral: Any = _UNSET,
    **kw: Any,
) -> KeySpec:
    """Declare a parameter key, as a mechanism module lists it in its ``KEYS``.

    Parameters
    ----------
    name
        The key, e.g. ``"hotline"``.
    symbol
        Its symbol in the model (``"-"`` when it has none).
    default
        The default value; for a key beyond the core also its neutral value (the value at
        which the mechanism does nothing), unless ``neutral`` is given.
    doc
        One line saying what the key sets, with units.
    mechanism
        ``"core"`` or the key's group (the declaring mechanism's name, or a group of
        docs/mechanisms.md such as ``"offense_defense"``).
    source
        Where the key's equation is defined (a docs/mechanisms.md section or the literature).
    per_state
        Whether the key may be one value per state (float keys only).
    neutral
        The neutral value, when it is not ``default``.
    **kw
        The other fields of :class:`KeySpec`: ``lo``, ``hi``, ``lo_open``, ``hi_open``,
        ``allow_inf``, ``kind``, ``choices``, ``nullable``, ``requires``, ``sets_core``,
        ``schedulable``.

    Returns
    -------
    KeySpec
        The declaration.

    Raises
    ------
    ValueError
        If a key beyond the core has no neutral value (unless it is nullable), for an unknown
        kind, a choice key without choices, or a per-state key that is not a float.
    """
    if neutral is _UNSET:
        neutral = None if mechanism == "core" else default
    return _spec(
        name, symbol=symbol, doc=doc, default=default, mechanism=mechanism, source=source,
        per_state=per_state, neutral=neutral, **kw,
    )  # fmt: skip


def key_metadata(*, symbol: str, doc: str, **kw: Any) -> dict[str, KeySpec]:
    """Return the field metadata that declares a key of a user's :class:`Params` subclass.

    A user's mechanism may add keys to a subclass of :class:`~realpolitik.engine.Params`,
    declared as dataclass fields: ``sanctions: Any = field(default=0.0,
    metadata=key_metadata(symbol="z", mechanism="sanctions", neutral=0.0, doc=...))``; the
    key's name and default come from the field. (The engine's own mechanisms declare theirs
    with :func:`key` in their ``KEYS``, docs/contributing.md.)

    Parameters
    ----------
    symbol, doc
        As for :func:`key`.
    **kw
        The other fields of :class:`KeySpec` (``lo``, ``hi``, ``lo_open``, ``hi_open``,
        ``allow_inf``, ``per_state`` (default True), ``mechanism`` (default ``"core"``),
        ``neutral``, ``source``, ``kind``, ``choices``, ``nullable``, ``requires``,
        ``sets_core``, ``schedulable``).

    Returns
    -------
    dict
        ``{"spec": KeySpec}``, for ``dataclasses.field(metadata=...)``.

    Raises
    ------
    ValueError
        As :func:`key`.
    """
    return {"spec": _spec("", symbol=symbol, doc=doc, **kw)}


def per_state(value: object, states: int) -> np.ndarray:
    """Return a scalar or per-state key as a float64 array of shape ``(states,)``.

    Parameters
    ----------
    value
        A number or an array of ``states`` numbers (a resolved per-state key is returned as
        is, without a copy).
    states
        The number of states N.

    Returns
    -------
    numpy.ndarray
        float64 ``(states,)`` (a read-only broadcast view for a value of another shape that
        broadcasts).
    """
    arr = np.asarray(value, dtype=np.float64)
    if arr.shape == (states,):
        return arr
    if arr.ndim == 0:
        return np.full(states, float(arr))
    return np.broadcast_to(arr, (states,))


def resolve_value(spec: KeySpec, value: Any, states: int) -> Any:
    """Return a validated value as the mechanisms read it (a per-state key as an array).

    Parameters
    ----------
    spec
        The key's declaration.
    value
        Its validated value (:func:`normalise_value`).
    states
        The number of states N.

    Returns
    -------
    Any
        For a per-state key a read-only float64 array ``(states,)``; otherwise the value.

    Raises
    ------
    ParamError
        If a per-state array does not have ``states`` values.
    """
    if not spec.per_state:
        return value
    if isinstance(value, tuple | list):  # a schedule's per-state values
        value = np.asarray(value, dtype=np.float64)
    if isinstance(value, np.ndarray):
        if value.shape[0] != states:
            raise ParamError(
                spec.key, to_json(value), f"{states} values, one per state",
                f"{spec.key} has {value.shape[0]} per-state values but states = {states}",
            )  # fmt: skip
        arr = value.astype(np.float64, copy=True)
    else:
        arr = np.full(states, float(value))
    arr.setflags(write=False)
    return arr


def normalise_value(spec: KeySpec, value: Any) -> Any:
    """Return a key's value validated and normalised (a float, a read-only array, ...).

    Parameters
    ----------
    spec
        The key's declaration.
    value
        A value given for it.

    Returns
    -------
    Any
        A float (or a read-only float64 per-state array), bool, int, str or None as the key's
        kind says.

    Raises
    ------
    InputError
        Naming the key (and index), the value and what is allowed.
    """
    name = spec.key
    if value is None:
        if spec.nullable:
            return None
        raise InputError(name, None, spec.range_text(), problem="is not allowed")
    if spec.kind == "bool":
        if isinstance(value, bool | np.bool_):
            return bool(value)
        raise InputError(name, value, spec.range_text(), problem="is not a bool")
    if spec.kind == "choice":
        if isinstance(value, str) and value in spec.choices:
            return value
        raise InputError(name, value, spec.range_text(), problem="is not allowed")
    if spec.kind == "int":
        ok = isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)
        if not ok and isinstance(value, float | np.floating) and float(value).is_integer():
            ok = True
        if not ok:
            raise InputError(name, value, spec.range_text(), problem="is not an integer")
        spec.check_scalar(name, float(value))
        return int(value)
    if isinstance(value, bool | np.bool_ | str):
        raise InputError(name, value, spec.range_text(), problem="is not a number")
    if isinstance(value, int | float | np.integer | np.floating):
        out = float(value)
        spec.check_scalar(name, out)
        return out
    return _normalise_array(spec, value)


def _normalise_array(spec: KeySpec, value: Any) -> Any:
    """Return a validated per-state array (or the float of a 0-d array)."""
    name = spec.key
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ParamError(
            name, value, f"a number in {spec.range_text()}",
            f"{name} = {value!r} is not a number or a per-state array of numbers",
        ) from None  # fmt: skip
    if arr.ndim == 0:
        out = float(arr)
        spec.check_scalar(name, out)
        return out
    if not spec.per_state:
        raise ParamError(
            name, value, f"a number in {spec.range_text()}",
            f"{name} = {value!r}: this key is one value for the whole system, not per state;"
            f" allowed: a number in {spec.range_text()}",
        )  # fmt: skip
    if arr.ndim != 1 or arr.shape[0] < 1:
        raise ParamError(
            name, value, "shape (states,)",
            f"{name} has shape {arr.shape}; a per-state value must have shape (states,)",
        )  # fmt: skip
    for i, x in enumerate(arr):
        spec.check_scalar(name, float(x), index=i)
    arr.setflags(write=False)
    return arr


def switch_condition(spec: KeySpec) -> str:
    """Return, as text, the value of a switch key that turns its mechanism on.

    Parameters
    ----------
    spec
        The switch's declaration (a key other keys name as ``requires``).

    Returns
    -------
    str
        E.g. ``"alliances: true"``, ``"decisions: strategic"``, ``"nuclear_warheads > 0"``,
        ``"a finite treaty_cap_share"``.
    """
    name = spec.key
    if spec.kind == "bool":
        return f"{name}: {'false' if spec.neutral else 'true'}"
    if spec.kind == "choice":
        others = [c for c in spec.choices if c != spec.neutral]
        return f"{name}: {others[0]}" if len(others) == 1 else f"{name} other than {spec.neutral}"
    some = " (for some state)" if spec.per_state else ""
    if spec.neutral == 0 and spec.lo >= 0:
        return f"{name} > 0{some}"
    if spec.neutral == math.inf:
        return f"a finite {name}{some}"
    return f"{name} other than {to_json(spec.neutral)}{some}"


def to_json(value: Any) -> Any:
    """Return a key's value as JSON-friendly Python (a list per state, ``"inf"``)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.ndarray):
        return [to_json(float(x)) for x in value]
    if isinstance(value, int | np.integer):
        return int(value)
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return float(value)


def from_json(spec: KeySpec, value: Any) -> Any:
    """Return a value read from JSON as a key's value (``"inf"`` as ``math.inf``)."""
    if spec.kind != "float":
        return value
    if isinstance(value, str) and value.lower() in {"inf", "+inf", "infinity"}:
        return math.inf
    if isinstance(value, list | tuple):
        return [from_json(spec, v) for v in value]
    return value

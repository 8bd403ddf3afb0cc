"""Declared inputs of the formal models: name, default, allowed range, units and help, as data.

Each model module of :mod:`realpolitik.theory` declares the inputs of its classic examples (the
textbook cases listed in ``docs/theory.md``) once, as a tuple of :class:`Input` records named
``INPUTS``. The theory tour of :mod:`realpolitik.report` runs the model on their defaults, the
``realpolitik theory <model>`` commands build their options from them (flag, default, help text,
range check) and ``docs/theory.md`` lists them, so a default or a range is written in one place.

An input's range is the static one that the model's own functions enforce (a probability in
[0, 1], a cost > 0); a condition that ties two inputs together (``c_B_hi > c_B_lo``) is checked
by the model function that uses them and is named in the help text. :meth:`Input.check` raises
the :class:`~realpolitik.theory._validate.InputError` the model functions raise (a
``ValueError`` naming the input, the value and what is allowed), with the range written as the
help text and the documentation write it (``[0, inf)``).

Example
-------
>>> from realpolitik.theory.inputs import Input, resolve
>>> p = Input("p", 0.5, "A's probability of winning a war", lo=0.0, hi=1.0)
>>> p.allowed
'[0, 1]'
>>> resolve((p,), {})
{'p': 0.5}
>>> p.check(1.5)
Traceback (most recent call last):
...
realpolitik.theory._validate.InputError: p = 1.5 is out of range; allowed: [0, 1]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from realpolitik.theory import _validate as val
from realpolitik.theory._validate import InputError

__all__ = ["KINDS", "Input", "defaults", "resolve"]

#: The kinds of value an :class:`Input` holds.
#:
#: ``"real"`` a finite float in ``[lo, hi]``; ``"integer"`` an int in ``[lo, hi]``; ``"choice"``
#: one of ``choices``; ``"reals"`` a non-empty tuple of floats, each in ``[lo, hi]`` (text:
#: ``"10,5,2"``); ``"names"`` a non-empty tuple of distinct ``choices`` (text: ``"TFT,WSLS"``,
#: any case); ``"bits"`` a tuple of 0/1 (text: ``"11011"`` or ``"1,1,0"``); ``"named_reals"``
#: a tuple of ``(name, numbers)`` pairs with distinct names, each number in ``[lo, hi]`` (text:
#: ``"mine=1,0.1,1,0.1"``, several joined by ``;`` or given as a list; a mapping name -> numbers
#: works too; on the command line the option is repeated).
KINDS: tuple[str, ...] = ("real", "integer", "choice", "reals", "names", "bits", "named_reals")


@dataclass(frozen=True)
class Input:
    """One input of a model: its name, classic default, allowed range, units and meaning.

    Parameters
    ----------
    name : str
        The model function's argument name, e.g. ``"c_A"``.
    default : object
        The classic value, already of the input's kind; None for an input that is off unless
        given (e.g. the one game Jervis's map marks).
    help : str
        One line saying what the input means (no trailing period).
    units : str, optional
        Units of the value, e.g. ``"1/yr"`` or ``"share of the pie"`` (empty when unitless).
    kind : str, optional
        One of :data:`KINDS` (default ``"real"``).
    lo, hi : float, optional
        Bounds of a ``"real"``, ``"integer"`` or ``"reals"`` value (default unbounded).
    lo_open, hi_open : bool, optional
        Whether a bound is strict.
    choices : tuple of str, optional
        The allowed values of a ``"choice"`` or ``"names"`` input.
    aliases : tuple of str, optional
        Longer names of the input, e.g. ``("loss",)`` for Jervis's ``L``.

    Raises
    ------
    ValueError
        If the kind is unknown or the default is not an allowed value.
    """

    name: str
    default: Any
    help: str
    units: str = ""
    kind: str = "real"
    lo: float = -math.inf
    hi: float = math.inf
    lo_open: bool = False
    hi_open: bool = False
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        val.choice("kind", self.kind, KINDS)
        if self.kind == "integer" and not math.isfinite(self.lo):
            raise ValueError(f"{self.name}: an integer input needs a finite lower bound")
        object.__setattr__(self, "default", self.check(self.default))

    @property
    def optional(self) -> bool:
        """Whether the input may be left out (its default is None)."""
        return self.default is None

    @property
    def bounded(self) -> bool:
        """Whether a number's range has a finite end."""
        return math.isfinite(self.lo) or math.isfinite(self.hi)

    @property
    def allowed(self) -> str:
        """What the input allows, as text: e.g. ``"[0, 1]"``, ``"integers in [2, 401]"``."""
        if self.kind in ("choice", "names"):
            return ", ".join(self.choices)
        if self.kind == "bits":
            return "a string of 0 and 1"
        if self.kind == "named_reals":
            return f"NAME=numbers in {self.interval}"
        if self.kind == "integer":
            upper = "inf" if not math.isfinite(self.hi) else str(int(self.hi))
            return f"integers in [{int(self.lo)}, {upper}]"
        return self.interval if self.kind == "real" else f"numbers in {self.interval}"

    @property
    def interval(self) -> str:
        """A number's range in standard notation, e.g. ``"(0, inf)"``."""
        return val.interval_text(self.lo, self.hi, lo_open=self.lo_open, hi_open=self.hi_open)

    def check(self, value: object) -> Any:
        """Return ``value`` as the input's kind if it is allowed, else raise.

        Parameters
        ----------
        value
            A value of the input's kind; the list kinds also take their text form (see
            :data:`KINDS`). None is allowed only for an optional input.

        Returns
        -------
        object
            A float, an int, a str or a tuple.

        Raises
        ------
        InputError
            If the value is not allowed; the message names the input, the value and what is
            allowed (e.g. ``"p = 1.5 is out of range; allowed: [0, 1]"``).
        """
        if value is None and self.default is None:
            return None
        if self.kind == "named_reals":
            return self._named_reals(value)
        if self.kind == "real":
            return self._real(value)
        if self.kind == "integer":
            hi = int(self.hi) if math.isfinite(self.hi) else None
            return val.integer(self.name, value, int(self.lo), hi)
        if self.kind == "choice":
            if value not in self.choices:
                raise InputError(self.name, value, self.allowed, problem="is not allowed")
            return str(value)
        items = self._items(value)
        if self.kind == "reals":
            return tuple(self._number(i, x) for i, x in enumerate(items))
        if self.kind == "names":
            return self._names(items, value)
        return self._bits(items, value)

    def text(self, value: object) -> str:
        """Return ``value`` as it is written on a command line, e.g. ``"10,5,2"`` or ``"11111"``.

        Parameters
        ----------
        value
            An allowed value of the input.

        Returns
        -------
        str
            The text form (``""`` for None).
        """
        if value is None:
            return ""
        if self.kind == "reals":
            return ",".join(f"{x:g}" for x in value)  # type: ignore[attr-defined]
        if self.kind == "names":
            return ",".join(value)  # type: ignore[arg-type]
        if self.kind == "bits":
            return "".join(str(b) for b in value)  # type: ignore[attr-defined]
        if self.kind == "named_reals":
            return "; ".join(
                f"{name}=" + ",".join(f"{x:g}" for x in numbers)
                for name, numbers in value  # type: ignore[attr-defined]
            )
        return f"{value:g}" if isinstance(value, float) else str(value)

    # ---------------------------------------------------------------- list kinds
    def _items(self, value: object) -> list[object]:
        if isinstance(value, str):
            if self.kind == "bits":
                return list(value.replace(",", "").replace(" ", ""))
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, Sequence | np.ndarray):
            return list(value)  # type: ignore[arg-type]
        raise InputError(self.name, value, self.allowed, problem="is not a list")

    def _number(self, index: int, item: object) -> float:
        if isinstance(item, str):
            try:
                item = float(item)
            except ValueError:
                raise InputError(
                    self.name, item, self.allowed, problem="is not a number", index=index
                ) from None
        try:
            return self._real(item)
        except InputError as exc:
            raise exc.renamed(self.name, index=index) from None

    def _real(self, value: object) -> float:
        try:
            return val.in_range(
                self.name, value, self.lo, self.hi, lo_open=self.lo_open, hi_open=self.hi_open
            )
        except InputError as exc:
            if exc.problem != "is out of range":
                raise
            raise InputError(self.name, value, self.interval) from None

    def _names(self, items: list[object], value: object) -> tuple[str, ...]:
        if not items:
            raise InputError(self.name, value, self.allowed, problem="is empty")
        by_key = {c.lower(): c for c in self.choices}
        out = []
        for item in items:
            name = by_key.get(str(item).lower())
            if name is None:
                raise InputError(self.name, item, self.allowed, problem="is not allowed")
            out.append(name)
        return tuple(dict.fromkeys(out))

    def _named_reals(self, value: object) -> tuple[tuple[str, tuple[float, ...]], ...] | None:
        if isinstance(value, Mapping):
            pairs: list[tuple[object, object]] = list(value.items())
        else:
            texts = value.split(";") if isinstance(value, str) else self._items(value)
            pairs = [self._named(text) for text in texts if str(text).strip() != ""]
        if not pairs and self.default is None:
            return None
        out: dict[str, tuple[float, ...]] = {}
        for name, numbers in pairs:
            name = str(name).strip()
            if not name or name in out or any(c in name for c in "=;,"):
                problem = "repeats a name" if name in out else "is not a name"
                raise InputError(self.name, name, self.allowed, problem=problem)
            items = self._items(numbers)
            if not items:
                raise InputError(self.name, numbers, self.allowed, problem="has no numbers")
            try:
                out[name] = tuple(self._number(i, x) for i, x in enumerate(items))
            except InputError as exc:
                raise InputError(
                    exc.key,
                    exc.value,
                    exc.allowed,
                    problem=exc.problem,
                    index=exc.index,
                    note=f"in {name}=" + ",".join(str(x).strip() for x in items),
                ) from None
        return tuple(out.items())

    def _named(self, text: object) -> tuple[object, object]:
        if isinstance(text, tuple) and len(text) == 2:
            return text
        name, sep, numbers = str(text).partition("=")
        if not sep:
            raise InputError(self.name, text, self.allowed, problem="is not NAME=numbers")
        return name, numbers

    def _bits(self, items: list[object], value: object) -> tuple[int, ...]:
        out = []
        for item in items:
            if (isinstance(item, str) and item in ("0", "1")) or (
                isinstance(item, bool | int | np.integer | np.bool_) and item in (0, 1)
            ):
                out.append(int(item))
            else:
                raise InputError(self.name, value, self.allowed, problem="is not allowed")
        return tuple(out)


def defaults(inputs: Iterable[Input]) -> dict[str, Any]:
    """Return every input's classic value, by name.

    Parameters
    ----------
    inputs
        A model's ``INPUTS``.

    Returns
    -------
    dict
        Name -> default (None for an optional input).
    """
    return {inp.name: inp.default for inp in inputs}


def resolve(inputs: Iterable[Input], given: Mapping[str, object]) -> dict[str, Any]:
    """Return every input's value: the given ones checked, the others at their defaults.

    Parameters
    ----------
    inputs
        A model's ``INPUTS``.
    given
        Name -> value for the inputs that are set.

    Returns
    -------
    dict
        Name -> value, in the order of ``inputs``.

    Raises
    ------
    InputError
        If a given value is not allowed (see :meth:`Input.check`).
    TypeError
        If a name is not one of the inputs.
    """
    declared = {inp.name: inp for inp in inputs}
    unknown = [name for name in given if name not in declared]
    if unknown:
        raise TypeError(f"unknown input(s) {unknown}; the inputs are {list(declared)}")
    return {
        name: inp.check(given[name]) if name in given else inp.default
        for name, inp in declared.items()
    }

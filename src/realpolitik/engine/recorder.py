"""What a simulated year records, and the event schema, in one place.

Source: docs/mechanisms.md ("The engine contract": what the record phase turns into event
columns and yearly variables).

What is recorded per chunk and year (the last phase, :func:`record`)
------------------------------------------------------------------
- military, GDP and budget share per run and state;
- the nonzero pair event codes: the ``EVENT_*`` bits and, on pairs in crisis, the ``FLAG_*``
  bits of ``world.event_flags``; each event's ``world.event_rung``; the war's joiners
  (``world.add_joiners``);
- the values of the event columns that mechanisms declare (:class:`EventColumn`, written per
  pair into ``world.event_values[name]``), taken on the pairs with an event;
- every entry of ``world.summaries`` (name -> (runs,) float64), a Trajectory variable with dims
  (run, year), NaN in year 0 and in years (or chunks) that did not produce it;
- on request (``simulate(..., record=("beliefs",))``), pair-level World fields of
  :data:`PAIR_RECORDS` (``(runs, states, states)``, observer first), each a Trajectory variable
  with dims (run, year, observer, target), NaN in year 0 and where the field was unset.

With Numba the year's events are found, and the chunk's event table is put in order and
decoded (:mod:`realpolitik.engine.event_decode`), by the integer loops of
:mod:`realpolitik.engine.event_loops` (the numpy operations are the reference: the same columns,
run with ``realpolitik.engine.compiled.NUMBA = False``).

The event schema
----------------
One row per crisis (kind ``"crisis"``) and one more per war (kind ``"war"``), sorted by run,
year, pair and kind (decoded by :func:`~realpolitik.engine.event_decode.decode_events`).
Columns: run, year, kind (codes into :data:`EVENT_KINDS`), initiator, target, winner (-1 on
crisis rows), label (codes into :data:`LABELS`, -1 on crisis rows), the flag columns
:data:`FLAG_COLUMNS` (bool), rung (int8), n_joiners (int16) and the flat joiners (int32), then
the declared columns (the same value on a war row as on its crisis row). A war's label comes
from the true types of its initiator and target: a security seeker against a security seeker
is a security-dilemma war, a greedy initiator a deterrence failure, a security seeker against
a greedy target a justified preemption.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from realpolitik.analysis.vocabulary import EVENT_KINDS, LABELS
from realpolitik.engine import event_loops
from realpolitik.engine.compiled import compiled

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_CRISIS",
    "EVENT_FLAGS",
    "EVENT_INITIATOR_SECOND",
    "EVENT_KINDS",
    "EVENT_WAR",
    "EVENT_WINNER_SECOND",
    "EXTRA_EVENT_COLUMNS",
    "FLAG_BITS",
    "FLAG_COLUMNS",
    "FLAG_CONCEDED",
    "FLAG_MISPERCEIVED",
    "FLAG_NUCLEAR",
    "FLAG_STRIKE",
    "LABELS",
    "PAIR_DIMS",
    "PAIR_RECORDS",
    "RESERVED_NAMES",
    "EventColumn",
    "Recorder",
    "pair_indices",
    "record",
]

EVENT_CRISIS = 1
"""Bit of a pair's per-step event code: a crisis happened."""
EVENT_WAR = 2
"""Bit of a pair's per-step event code: the crisis became a war."""
EVENT_INITIATOR_SECOND = 4
"""Bit of a pair's per-step event code: the initiator is the pair's higher-indexed state j."""
EVENT_WINNER_SECOND = 8
"""Bit of a pair's per-step event code: the war's winner is the pair's state j."""
FLAG_MISPERCEIVED = 16
"""Bit of ``World.event_flags``: the crisis was driven by misperception (perceived ratio above
the true one); recorded as the event column ``misperceived``."""
FLAG_NUCLEAR = 32
"""Bit of ``World.event_flags``: both sides of the crisis are nuclear; column ``nuclear``."""
FLAG_CONCEDED = 64
"""Bit of ``World.event_flags``: the target conceded, so the crisis did not become a war;
column ``conceded``."""
FLAG_STRIKE = 128
"""Bit of ``World.event_flags``: the war was a strike (preventive or preemptive) with no demand
before it, so the event has a war row and no crisis row."""
EVENT_FLAGS = FLAG_MISPERCEIVED | FLAG_NUCLEAR | FLAG_CONCEDED | FLAG_STRIKE
"""All flag bits the recorder knows."""

EVENT_COLUMNS = ("run", "year", "kind", "initiator", "target", "winner", "label")
"""The event columns every event table has (the rest default to False / 0 when missing)."""
FLAG_COLUMNS = ("misperceived", "nuclear", "conceded")
"""Boolean event columns (``FLAG_*`` bits of ``World.event_flags``)."""
FLAG_BITS = {"misperceived": FLAG_MISPERCEIVED, "nuclear": FLAG_NUCLEAR, "conceded": FLAG_CONCEDED}
"""Flag column -> its bit."""
EXTRA_EVENT_COLUMNS = (*FLAG_COLUMNS, "rung", "n_joiners")
"""Event columns beyond :data:`EVENT_COLUMNS`, one value per event; ``joiners`` is flat."""
RESERVED_NAMES = frozenset({"military", "gdp", "budget_share", "greedy", "growth"})
"""Variable names a summary (or a pair-level record) may not take."""
PAIR_RECORDS = ("beliefs", "threat_weight", "perceived", "allied")
"""World fields of shape ``(runs, states, states)`` that ``simulate(record=...)`` can keep."""
PAIR_DIMS = ("run", "year", "observer", "target")
"""Dims of a pair-level record in a Trajectory."""
MAX_RUNG = 127
"""The largest escalation rung an event can record (int8)."""

Empty = event_loops.Empty
"""An allocator of event columns, ``empty(shape, dtype, name)`` (the column's name)."""

_KINDS = ("float", "int", "bool", "category")
_STORAGE = {"float": np.dtype(np.float64), "int": np.dtype(np.int64), "bool": np.dtype(bool),
            "category": np.dtype(np.int8)}  # fmt: skip
"""Each kind's storage dtype (:meth:`EventColumn.storage`)."""
_MISSING = {"float": np.nan, "int": 0, "bool": False, "category": -1}
"""Each kind's missing value (:attr:`EventColumn.missing`)."""
_FIXED = frozenset({*EVENT_COLUMNS, *EXTRA_EVENT_COLUMNS, "joiners", "participants"})


def pair_indices(states: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the unordered pairs ``i < j`` of ``states`` states in lexicographic order.

    Parameters
    ----------
    states
        The number of states N.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``pair_i`` and ``pair_j``, int64 arrays of length N (N - 1) / 2.
    """
    i, j = np.triu_indices(states, k=1)
    return i.astype(np.int64), j.astype(np.int64)


@dataclass(frozen=True)
class EventColumn:
    """A per-event column a mechanism declares (its ``EVENT_COLUMNS``) and writes per pair.

    A mechanism writes the column's values for this year's pairs into
    ``world.event_values[name]`` (a ``(runs, pairs)`` array of :meth:`storage` dtype that the
    recorder resets to :attr:`missing` at the start of each year); the recorder keeps the value
    of every pair with an event (its crisis row and, for a war, its war row).

    Parameters
    ----------
    name
        The column's name (an identifier, not one of the built-in columns).
    kind
        ``"float"`` (float64, missing NaN), ``"int"`` (int64, missing 0), ``"bool"`` (missing
        False) or ``"category"`` (int8 codes into :attr:`categories`, missing -1 = null).
    categories
        The values of a ``"category"`` column (at most 127).
    doc
        What the column says, with units.

    Raises
    ------
    ValueError
        For a bad name, kind or categories.
    """

    name: str
    kind: str
    categories: tuple[str, ...] = ()
    doc: str = ""

    def __post_init__(self) -> None:
        if not self.name.isidentifier() or self.name in _FIXED or self.name in RESERVED_NAMES:
            raise ValueError(
                f"event column name {self.name!r} is not allowed; use an identifier other than "
                f"the built-in columns {sorted(_FIXED)}"
            )
        if self.kind not in _KINDS:
            raise ValueError(f"kind = {self.kind!r} is not allowed; choose one of {_KINDS}")
        object.__setattr__(self, "categories", tuple(self.categories))
        if (self.kind == "category") != bool(self.categories) or len(self.categories) > 127:
            raise ValueError(
                f"event column {self.name!r}: a 'category' column needs 1 to 127 categories "
                "and other kinds none"
            )

    def storage(self) -> np.dtype:
        """Return the dtype the column is stored in (float64, int64, bool or int8 codes)."""
        return _STORAGE[self.kind]

    @property
    def missing(self) -> Any:
        """The value of a pair for which the mechanism wrote nothing."""
        return _MISSING[self.kind]

    def to_dict(self) -> dict[str, Any]:
        """Return the column's schema as JSON-friendly Python (for a trajectory's meta)."""
        return {"name": self.name, "kind": self.kind, "categories": list(self.categories),
                "doc": self.doc}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EventColumn:
        """Build a column from :meth:`to_dict`'s mapping."""
        return cls(data["name"], data["kind"], tuple(data.get("categories", ())),
                   data.get("doc", ""))  # fmt: skip


class Recorder:
    """One chunk's records: yearly stocks, event codes, rungs, joiners, columns, summaries.

    Parameters
    ----------
    military, gdp, budget_share
        ``(runs, years + 1, states)`` arrays the yearly stocks are written into.
    columns
        The declared event columns (:class:`EventColumn`).
    pair_records
        Names of :data:`PAIR_RECORDS` to keep per year.
    """

    def __init__(
        self,
        military: np.ndarray,
        gdp: np.ndarray,
        budget_share: np.ndarray,
        columns: Sequence[EventColumn] = (),
        pair_records: Sequence[str] = (),
    ) -> None:
        self.military = military
        self.gdp = gdp
        self.budget_share = budget_share
        self.columns = tuple(columns)
        self.pair_names = tuple(pair_records)
        self.years: list[np.ndarray] = []
        self.flat: list[np.ndarray] = []
        self.codes: list[np.ndarray] = []
        self.rungs: list[np.ndarray] = []
        self.values: dict[str, list[np.ndarray]] = {c.name: [] for c in self.columns}
        self._declared = frozenset(self.values)
        self.joiners: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.summaries: dict[str, np.ndarray] = {}
        self.pairs: dict[str, np.ndarray] = {}
        self.scratch: tuple[np.ndarray, ...] | None = None  # the compiled record's buffers

    def add_codes(
        self,
        t: int,
        codes: np.ndarray,
        rung: np.ndarray | None = None,
        values: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        """Keep year ``t``'s nonzero pair codes, their rungs and declared column values."""
        flat = np.flatnonzero(codes)
        rungs = None if rung is None or not rung.any() else rung.reshape(-1)[flat]
        self.add_found(t, (flat, codes.reshape(-1)[flat], rungs), values)

    def add_found(
        self, t: int, found: tuple, values: Mapping[str, np.ndarray] | None = None
    ) -> None:
        """Keep year ``t``'s events ``found`` = (flat indices, codes, rungs or None).

        ``values`` holds the declared columns' ``(runs, pairs)`` buffers of the year (their
        entries at the flat indices are kept).

        Raises
        ------
        ValueError
            If ``values`` holds an undeclared column.
        """
        flat, codes, rungs = found
        taken = None
        if values and not values.keys() <= self._declared:
            unknown = set(values) - self._declared
            raise ValueError(
                f"world.event_values holds undeclared column(s) {sorted(unknown)}; declare "
                "them as EventColumn in the phase's columns (a mechanism's COLUMNS)"
            )
        if values and flat.size:  # the entries at the flat indices (C order), new arrays
            taken = {k: np.take(np.asarray(v), flat) for k, v in values.items()}
        self._add(t, flat, codes, rungs, taken, owned=True)

    def add_events(
        self,
        t: int,
        flat: np.ndarray,
        codes: np.ndarray,
        rungs: np.ndarray | None = None,
        values: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        """Keep year ``t``'s events given as flat ``run * pairs + pair`` indices and codes.

        ``values`` holds the declared columns' values of these events (name -> one value per
        event); a column without values gets its missing value.
        """
        self._add(t, flat, codes, rungs, values)

    def _add(
        self,
        t: int,
        flat: np.ndarray,
        codes: np.ndarray,
        rungs: np.ndarray | None,
        values: Mapping[str, np.ndarray] | None,
        owned: bool = False,
    ) -> None:
        """Keep year ``t``'s events (:meth:`add_events`).

        ``owned``: the values are new arrays, kept as they are when of their column's dtype.
        """
        if not flat.size:
            return
        self.years.append(np.full(flat.size, t, dtype=np.int32))
        self.flat.append(flat.astype(np.int64, copy=True))
        self.codes.append(codes.astype(np.uint16, copy=True))
        if rungs is None:
            self.rungs.append(np.zeros(flat.size, dtype=np.uint8))
        else:
            self.rungs.append(np.asarray(rungs, dtype=np.uint8).copy())
        for column in self.columns:
            given = None if values is None else values.get(column.name)
            if given is None:
                part = np.full(flat.size, column.missing, dtype=column.storage())
            elif owned and given.dtype == column.storage():
                part = given
            else:
                part = np.array(given, dtype=column.storage())
            self.values[column.name].append(part)

    def add_joiners(self, t: int, flat: np.ndarray, states: np.ndarray) -> None:
        """Keep year ``t``'s joiners of the wars at flat indices ``flat``."""
        if flat.size:
            self.joiners.append((np.full(flat.size, t, dtype=np.int64), flat, states))

    def add_summaries(self, t: int, summaries: Mapping[str, Any]) -> None:
        """Keep year ``t``'s summaries (name -> (runs,)), year-major while recording."""
        C, T1 = self.military.shape[0], self.military.shape[1]
        kept = self.summaries
        for name, value in summaries.items():
            dest = kept.get(name)  # a name kept before was checked then
            if (dest is not None and isinstance(value, np.ndarray) and value.shape == (C,)
                    and value.dtype == np.float64):  # fmt: skip
                dest[t] = value
                continue
            if not isinstance(name, str) or not name.isidentifier() or name in RESERVED_NAMES:
                raise ValueError(
                    f"world.summaries key {name!r} is not allowed; use an identifier other than "
                    f"{sorted(RESERVED_NAMES)}"
                )
            arr = np.asarray(value, dtype=np.float64)
            if arr.shape != (C,):
                raise ValueError(
                    f"world.summaries[{name!r}] has shape {arr.shape}; expected (runs,) = {(C,)}"
                )
            if name not in self.summaries:  # year-major while recording: rows are contiguous
                self.summaries[name] = np.full((T1, C), np.nan)
            self.summaries[name][t] = arr

    def add_pairs(self, t: int, fields: Mapping[str, np.ndarray | None]) -> None:
        """Keep year ``t``'s pair-level fields (name -> (runs, N, N) or None)."""
        C, T1, N = self.military.shape
        for name in self.pair_names:
            if name not in self.pairs:
                self.pairs[name] = np.full((C, T1, N, N), np.nan)
            value = fields.get(name)
            if value is not None:
                self.pairs[name][:, t] = value


def record(world: Any, params: Any, rng: Any, ctx: Any = None) -> Any:
    """Record this year's state and events into the chunk's recorder (the last phase).

    Parameters
    ----------
    world
        The chunk's :class:`~realpolitik.engine.world.World`.
    params
        The resolved parameters (unused).
    rng
        Unused.
    ctx
        The chunk's context; ``ctx.recorder`` is the chunk's :class:`Recorder`.

    Returns
    -------
    World
        The same world.
    """
    rec: Recorder = ctx.recorder
    t = world.year + 1
    rec.military[:, t] = world.military
    rec.gdp[:, t] = world.gdp
    rec.budget_share[:, t] = world.budget_share
    found = _found(world, rec)
    if found is None:
        rec.add_codes(t, world.event_codes(), world.event_rung, world.event_values)
    else:
        rec.add_found(t, found, world.event_values)
    for r, p, s in world.joiners:
        rec.add_joiners(t, r * world.pairs + p, s)
    if world.summaries:
        rec.add_summaries(t, world.summaries)
    if rec.pair_names:
        rec.add_pairs(t, {name: getattr(world, name) for name in rec.pair_names})
    return world


def _found(world: Any, rec: Recorder) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Return this year's events as flat indices, codes and rungs, by one compiled pass.

    The nonzero entries of ``world.event_codes()`` (and the rungs there) in flat order, as
    ``add_codes`` finds them; None where Numba does not run or the world's event buffers are
    not the engine's own (then ``add_codes`` does it with numpy).
    """
    kernel = compiled(event_loops.found_loops)
    buffers = (world.crisis, world.war, world.initiator_second, world.winner_second,
               world.event_flags, world.event_rung)  # fmt: skip
    dtypes = tuple(b.dtype for b in buffers)
    if kernel is None or dtypes != _EVENT_DTYPES or not all(b.flags.c_contiguous for b in buffers):
        return None
    size = world.crisis.size
    scratch = rec.scratch
    if scratch is None or scratch[0].size != size:
        scratch = (np.empty(size, np.int64), np.empty(size, np.uint16), np.empty(size, np.uint8))
        rec.scratch = scratch
    n = kernel(*buffers, _FOUND_BITS, *scratch)
    return scratch[0][:n], scratch[1][:n], scratch[2][:n]


_EVENT_DTYPES = tuple(np.dtype(d) for d in (bool, bool, bool, bool, np.uint16, np.uint8))
"""The dtypes of the World's event buffers (crisis, war, initiator_second, winner_second,
event_flags, event_rung) that the compiled record reads."""
_FOUND_BITS = np.array(
    [EVENT_CRISIS, EVENT_WAR, EVENT_INITIATOR_SECOND, EVENT_WINNER_SECOND, EVENT_FLAGS]
)

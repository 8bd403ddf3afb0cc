"""The engine's world: the state of many runs of an anarchic system, as a struct of arrays.

Source: docs/architecture.md, "The engine's world"; docs/engine.md for the core fields.

Every array has the run axis first, so one call of a mechanism advances all runs of a chunk:
``(runs, states)`` per state, ``(runs, states, states)`` per ordered pair (observer first,
target second), ``(runs, pairs)`` per unordered pair ``i < j`` in lexicographic order
(:attr:`World.pair_i`, :attr:`World.pair_j`).

Conventions
-----------
- ``military`` m and ``gdp`` y are stocks in arbitrary money units; ``growth`` r is the trend
  growth rate per year; ``greedy`` is the state's private type (True: greedy / revisionist).
- A step (one year) starts with :meth:`World.begin_step`, which snapshots ``military_old`` and
  ``gdp_old`` and clears the per-step event buffers; the mechanisms then update the arrays in
  place in the order of :data:`realpolitik.engine.simulate.PHASES`.
- Per-step scratch: ``perceived`` (mhat, observer x target; the diagonal is unused and 0),
  ``threat``, ``budget_share`` (military after arming / last year's GDP), and the pair buffers
  ``crisis``, ``initiator_second`` (the initiator is the higher-indexed state j),
  ``crisis_u`` (the conditional uniform that decides war and winner, see
  :mod:`~realpolitik.engine.mechanisms.crisis`), ``war`` and ``winner_second``.
- The contract fields between mechanisms (docs/mechanisms.md, "The engine contract"), each
  None until a mechanism (or the schedule) allocates it: ``beliefs`` (R, N, N) mu_ij,
  ``threat_weight`` (R, N, N), ``threat_offset`` (R, N), ``military_limit`` (R, N),
  ``allied`` (R, N, N) bool, ``treaty_in_force`` (R,) bool, ``treaty_members`` (R, N) bool,
  ``war_prob`` (R, P); the parameter-only terms ``nuclear``
  (:class:`~realpolitik.engine.contracts.NuclearTerms`) and ``domestic``
  (:class:`~realpolitik.engine.contracts.DomesticTerms`); the state mechanisms keep across
  years, ``perceived_prev`` (R, N, N) with ``perceived_prev_year`` (beliefs) and
  ``dynamic_pacts`` (R, N, N) bool (alliances). Always present: ``event_flags`` (R, P)
  uint16 (``FLAG_*`` bits), ``event_rung`` (R, P) uint8 and ``event_values`` (declared event
  columns, name -> (R, P)), all cleared by :meth:`World.begin_step`; the war's joiners
  (:meth:`World.add_joiners`) and ``summaries`` (name -> (R,) float64), both cleared each
  step; ``overrides`` (key -> value, set by the schedule; the parameters a phase receives
  have them applied), persistent.
- What a chunk's phases share besides the World (the recorder, the schedule, mechanisms'
  prepared constants and scratch buffers) is their explicit context
  (:class:`~realpolitik.engine.context.ChunkContext`), never a World field.
- ``war_prob`` is not cleared by :meth:`World.begin_step`: the crisis phase that sets it
  rewrites it every year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from realpolitik.engine.compiled import compiled
from realpolitik.engine.contracts import DomesticTerms, NuclearTerms
from realpolitik.engine.recorder import (
    EVENT_CRISIS,
    EVENT_FLAGS,
    EVENT_INITIATOR_SECOND,
    EVENT_WAR,
    EVENT_WINNER_SECOND,
    FLAG_CONCEDED,
    FLAG_MISPERCEIVED,
    FLAG_NUCLEAR,
    EventColumn,
    pair_indices,
)

__all__ = [
    "EVENT_CRISIS",
    "EVENT_FLAGS",
    "EVENT_INITIATOR_SECOND",
    "EVENT_WAR",
    "EVENT_WINNER_SECOND",
    "FLAG_CONCEDED",
    "FLAG_MISPERCEIVED",
    "FLAG_NUCLEAR",
    "World",
    "pair_indices",
]


@dataclass(eq=False)
class World:
    """The state of a chunk of runs: numpy arrays with the run axis first.

    Parameters
    ----------
    military, gdp, growth
        float64 arrays ``(runs, states)``: military capability m, GDP y, trend growth r.
    greedy
        bool array ``(runs, states)``: the states' private types.
    year
        The index of the step being computed (0 for the first step); after the step the
        arrays hold the state of year ``year + 1``.
    beliefs
        Optional ``(runs, states, states)`` float64 beliefs mu_ij = P(j is a security seeker)
        of observer i (diagonal 1; docs/models/spiral.md). Written by beliefs and arms_control
        (detection sets mu = 0), read by beliefs and alliances; persistent.
    threat_weight
        Optional ``(runs, states, states)`` float64 weights w_ij in [0, 1] of target j in
        observer i's threat (trust discount, distinguishability); recomputed each year by
        beliefs, read by crisis (the perceived ratio uses w_ij mhat_ij).
    threat_offset
        Optional ``(runs, states)`` float64 >= 0 subtracted from the threat in arming
        (``max(0, threat - offset)``); written by alliances (burden sharing); persistent.
    military_limit
        Optional ``(runs, states)`` float64 upper bound on the arming decision (inf: none);
        written by arms_control each year.
    allied
        Optional ``(runs, states, states)`` bool pacts, symmetric, diagonal False; written by the
        schedule and alliances, read by alliances and war; persistent.
    treaty_in_force, treaty_members
        Optional ``(runs,)`` and ``(runs, states)`` bool; written by the schedule and
        arms_control; persistent.
    war_prob
        Optional ``(runs, pairs)`` float64 P(war | crisis) per pair, written by crisis each year;
        war uses it instead of the scalar ``war_given_crisis``.
    nuclear
        Optional :class:`~realpolitik.engine.contracts.NuclearTerms` (parameters only): set by
        deterrence each year (None with fewer than two nuclear states), read by crisis.
    domestic
        Optional :class:`~realpolitik.engine.contracts.DomesticTerms` (parameters only): set by
        domestic politics each year (None when every hawkishness and audience cost is 0), read
        by crisis.
    perceived_prev, perceived_prev_year
        Optional ``(runs, states, states)`` float64: the perception an observer compares this
        year's with (beliefs' observations), and the year it was stored; persistent.
    dynamic_pacts
        Optional ``(runs, states, states)`` bool: the pacts alliance formation added last year
        (dropped before this year's choices; scenario pacts persist); persistent.
    settled
        Optional ``(runs, states, states)`` int16 (strategic decisions): years left during
        which i makes no demand on j (after j conceded one); persistent.
    peace
        Optional ``(runs, states, states)`` int16 (strategic decisions): years left of the peace
        that ended a war between i and j (no war and no demand between them); persistent.
    growth_log, growth_seen
        Optional ``(runs, window, states)`` float64 ring of yearly log GDP growth measured
        before each year's wars, and the number of years written (strategic decisions: the
        trend a state projects); persistent.
    overrides
        Key -> value set by the schedule (e.g. a hotline opened in a given year) for every run;
        persistent. The parameters every phase receives have them applied (see
        :class:`~realpolitik.engine.context.ChunkContext`).

    Notes
    -----
    The scratch and event buffers (``event_flags``, ``event_rung``, ``summaries``, the
    joiners) are allocated by :meth:`__post_init__` and cleared by :meth:`begin_step`; optional
    fields default to None and are allocated by the mechanism that first needs them.
    """

    military: np.ndarray
    gdp: np.ndarray
    growth: np.ndarray
    greedy: np.ndarray
    year: int = 0
    # per-step scratch, allocated in __post_init__
    military_old: np.ndarray = field(init=False, repr=False)
    gdp_old: np.ndarray = field(init=False, repr=False)
    perceived: np.ndarray = field(init=False, repr=False)
    threat: np.ndarray = field(init=False, repr=False)
    budget_share: np.ndarray = field(init=False, repr=False)
    pair_i: np.ndarray = field(init=False, repr=False)
    pair_j: np.ndarray = field(init=False, repr=False)
    crisis: np.ndarray = field(init=False, repr=False)
    initiator_second: np.ndarray = field(init=False, repr=False)
    crisis_u: np.ndarray = field(init=False, repr=False)
    war: np.ndarray = field(init=False, repr=False)
    winner_second: np.ndarray = field(init=False, repr=False)
    event_flags: np.ndarray = field(init=False, repr=False)
    event_rung: np.ndarray = field(init=False, repr=False)
    summaries: dict = field(init=False, repr=False)
    event_values: dict = field(init=False, repr=False)
    joiners: list = field(init=False, repr=False)
    # the contract fields between mechanisms (docs/mechanisms.md); None until allocated
    beliefs: np.ndarray | None = field(default=None, repr=False)
    threat_weight: np.ndarray | None = field(default=None, repr=False)
    threat_offset: np.ndarray | None = field(default=None, repr=False)
    military_limit: np.ndarray | None = field(default=None, repr=False)
    allied: np.ndarray | None = field(default=None, repr=False)
    treaty_in_force: np.ndarray | None = field(default=None, repr=False)
    treaty_members: np.ndarray | None = field(default=None, repr=False)
    war_prob: np.ndarray | None = field(default=None, repr=False)
    nuclear: NuclearTerms | None = field(default=None, repr=False)
    domestic: DomesticTerms | None = field(default=None, repr=False)
    perceived_prev: np.ndarray | None = field(default=None, repr=False)
    perceived_prev_year: int | None = field(default=None, repr=False)
    dynamic_pacts: np.ndarray | None = field(default=None, repr=False)
    settled: np.ndarray | None = field(default=None, repr=False)
    peace: np.ndarray | None = field(default=None, repr=False)
    growth_log: np.ndarray | None = field(default=None, repr=False)
    growth_seen: int = field(default=0, repr=False)
    overrides: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.military = np.ascontiguousarray(self.military, dtype=np.float64)
        self.gdp = np.ascontiguousarray(self.gdp, dtype=np.float64)
        self.growth = np.ascontiguousarray(self.growth, dtype=np.float64)
        self.greedy = np.ascontiguousarray(self.greedy, dtype=bool)
        shape = self.military.shape
        if len(shape) != 2 or shape[1] < 2:
            raise ValueError(f"military must have shape (runs, states >= 2), got {shape}")
        for name in ("gdp", "growth", "greedy"):
            if getattr(self, name).shape != shape:
                raise ValueError(
                    f"{name} has shape {getattr(self, name).shape}; expected {shape} like military"
                )
        runs, states = shape
        self.pair_i, self.pair_j = pair_indices(states)
        pairs = self.pair_i.shape[0]
        self.military_old = self.military.copy()
        self.gdp_old = self.gdp.copy()
        self.perceived = np.zeros((runs, states, states))
        self.threat = np.zeros((runs, states))
        self.budget_share = np.zeros((runs, states))
        self.crisis = np.zeros((runs, pairs), dtype=bool)
        self.initiator_second = np.zeros((runs, pairs), dtype=bool)
        self.crisis_u = np.zeros((runs, pairs))
        self.war = np.zeros((runs, pairs), dtype=bool)
        self.winner_second = np.zeros((runs, pairs), dtype=bool)
        self.event_flags = np.zeros((runs, pairs), dtype=np.uint16)
        self.event_rung = np.zeros((runs, pairs), dtype=np.uint8)
        self.summaries = {}
        self.event_values = {}
        self.joiners = []

    @property
    def runs(self) -> int:
        """The number of runs in this world (the chunk size)."""
        return int(self.military.shape[0])

    @property
    def states(self) -> int:
        """The number of states N."""
        return int(self.military.shape[1])

    @property
    def pairs(self) -> int:
        """The number of unordered pairs N (N - 1) / 2."""
        return int(self.pair_i.shape[0])

    def begin_step(self) -> None:
        """Snapshot the start-of-step stocks and clear the per-step event buffers."""
        stocks = (self.military, self.military_old, self.gdp, self.gdp_old)
        events = (self.crisis, self.initiator_second, self.crisis_u, self.war,
                  self.winner_second, self.event_flags, self.event_rung)  # fmt: skip
        kernel = compiled(_begin_loops)
        if kernel is not None and _engine_buffers(stocks, events):
            # the same copies and fills in one call, on flat views (each a memset or memcpy)
            kernel(*(a.reshape(-1) for a in stocks), *(a.reshape(-1) for a in events))
        else:
            np.copyto(self.military_old, self.military)
            np.copyto(self.gdp_old, self.gdp)
            for buffer in events:
                buffer[...] = 0
        self.summaries = {}
        self.event_values = {}
        self.joiners = []

    def event_column(self, column: EventColumn) -> np.ndarray:
        """Return this year's ``(runs, pairs)`` buffer of a declared event column.

        Allocated on first use in a year (filled with the column's missing value) and kept in
        :attr:`event_values` until :meth:`begin_step`; a mechanism writes the values of the
        pairs it decides (e.g. a crisis's cause), the recorder keeps those with an event.

        Parameters
        ----------
        column
            The :class:`~realpolitik.engine.recorder.EventColumn` (declared by the mechanism).

        Returns
        -------
        numpy.ndarray
            The buffer, of the column's storage dtype.
        """
        buf = self.event_values.get(column.name)
        if buf is None:
            buf = np.full((self.runs, self.pairs), column.missing, dtype=column.storage())
            self.event_values[column.name] = buf
        return buf

    def param(self, name: str, params) -> Any:
        """Return a parameter as it stands this year: the schedule's override, else ``params``.

        In a simulation every phase receives the parameters with the schedule's overrides
        applied, so ``params.key`` is already the value in effect; this method gives the same
        value for parameters without them (e.g. a phase's own copy).

        Parameters
        ----------
        name
            The parameter key.
        params
            The resolved parameters.

        Returns
        -------
        Any
            ``overrides[name]`` if the schedule set it, else ``getattr(params, name)``.
        """
        if name in self.overrides:
            return self.overrides[name]
        return getattr(params, name)

    def add_joiners(self, run_idx: Any, pair_idx: Any, state_idx: Any) -> None:
        """Record states that joined this step's war of a pair (allies pulled in).

        The recorder adds them, in ascending order, to the war's ``participants`` after its
        initiator and target. Duplicates and the pair's own states are ignored.

        Parameters
        ----------
        run_idx, pair_idx, state_idx
            Integer arrays (broadcast together) of the run (within the chunk), the pair index
            (into :attr:`pair_i`, :attr:`pair_j`) of a war this step, and the joining state.

        Raises
        ------
        ValueError
            If an index is out of range.
        """
        r, p, s = (np.asarray(x, dtype=np.int64) for x in (run_idx, pair_idx, state_idx))
        if not (r.ndim == 1 and r.shape == p.shape == s.shape):
            r, p, s = np.broadcast_arrays(r, p, s)
        if r.size == 0:
            return
        r, p, s = r.ravel(), p.ravel(), s.ravel()
        names = ("run_idx", "pair_idx", "state_idx")
        limits = (self.runs, self.pairs, self.states)
        kernel = compiled(_outside_loops)
        if kernel is None:
            bad = next((k for k, a in enumerate((r, p, s))
                        if a.min() < 0 or a.max() >= limits[k]), -1)  # fmt: skip
        else:  # one compiled pass instead of six reductions
            bad = kernel(r, p, s, *limits)
        if bad >= 0:
            raise ValueError(f"add_joiners: {names[bad]} outside [0, {limits[bad]})")
        self.joiners.append((r.copy(), p.copy(), s.copy()))

    def event_codes(self) -> np.ndarray:
        """Return this step's events per pair as bit codes (``EVENT_*`` and ``FLAG_*`` bits).

        Flags count only on pairs in crisis.

        Returns
        -------
        numpy.ndarray
            uint16 array ``(runs, pairs)``; 0 where nothing happened.
        """
        code = self.crisis.astype(np.uint16)  # EVENT_CRISIS = 1
        code |= self.war.astype(np.uint16) * np.uint16(EVENT_WAR)
        code |= (self.crisis & self.initiator_second).astype(np.uint16) * np.uint16(
            EVENT_INITIATOR_SECOND
        )
        code |= (self.war & self.winner_second).astype(np.uint16) * np.uint16(EVENT_WINNER_SECOND)
        flags = self.event_flags
        if flags.any():
            code |= np.where(self.crisis, flags & np.uint16(EVENT_FLAGS), np.uint16(0))
        return code


_STOCK_DTYPE = np.dtype(np.float64)
_EVENT_DTYPES = tuple(
    np.dtype(d) for d in (bool, bool, np.float64, bool, bool, np.uint16, np.uint8)
)


def _engine_buffers(stocks: tuple[np.ndarray, ...], events: tuple[np.ndarray, ...]) -> bool:
    """Return whether the stocks and event buffers are the World's own (dtypes and shapes)."""
    shape, pairs = stocks[0].shape, events[0].shape
    return (
        all(a.dtype == _STOCK_DTYPE and a.shape == shape and a.flags.c_contiguous for a in stocks)
        and all(a.dtype == d and a.shape == pairs and a.flags.c_contiguous
                for a, d in zip(events, _EVENT_DTYPES, strict=True))
    )  # fmt: skip


def _begin_loops(
    military, military_old, gdp, gdp_old, crisis, first, crisis_u, war, winner, flags, rung
):  # pragma: no cover
    """Copy the stocks to their start-of-step snapshots and clear the event buffers.

    The arrays are the flat (1-d) views of the World's C-contiguous buffers: each a plain
    copy or fill, which LLVM turns into a memcpy or memset (4-5x faster than one loop nest
    over the 2-d arrays).
    """
    military_old[:] = military
    gdp_old[:] = gdp
    crisis[:] = False
    first[:] = False
    crisis_u[:] = 0.0
    war[:] = False
    winner[:] = False
    flags[:] = 0
    rung[:] = 0


def _outside_loops(r, p, s, runs, pairs, states):  # pragma: no cover
    """Return the first of ``r``, ``p``, ``s`` (0, 1, 2) with an entry outside its range, or -1.

    The ranges are ``[0, runs)``, ``[0, pairs)`` and ``[0, states)`` (:meth:`World.add_joiners`).
    """
    for k in range(r.shape[0]):
        if r[k] < 0 or r[k] >= runs:
            return 0
    for k in range(p.shape[0]):
        if p[k] < 0 or p[k] >= pairs:
            return 1
    for k in range(s.shape[0]):
        if s[k] < 0 or s[k] >= states:
            return 2
    return -1

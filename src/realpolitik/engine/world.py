"""The engine's world: the state of many runs of an anarchic system, as a struct of arrays.

Source: DESIGN.md, "The engine's world"; reference/CORE_MODEL.md for the core fields.

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
- Later mechanisms add optional fields (default None): beliefs, alliances, nuclear forces,
  treaties, hotlines; a mechanism that needs one allocates it on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["EVENT_CRISIS", "EVENT_INITIATOR_SECOND", "EVENT_WAR", "EVENT_WINNER_SECOND", "World"]

EVENT_CRISIS = 1
"""Bit of a pair's per-step event code: a crisis happened."""
EVENT_WAR = 2
"""Bit of a pair's per-step event code: the crisis became a war."""
EVENT_INITIATOR_SECOND = 4
"""Bit of a pair's per-step event code: the initiator is the pair's higher-indexed state j."""
EVENT_WINNER_SECOND = 8
"""Bit of a pair's per-step event code: the war's winner is the pair's state j."""


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
        Optional ``(runs, states, states)`` beliefs (MODELS.md 3.3's mu), None until a beliefs
        mechanism allocates them; later mechanisms add their optional arrays the same way.
    extra
        Free-form per-chunk state of mechanisms (the simulation's recorder lives here).

    Notes
    -----
    The scratch and event buffers are allocated by :meth:`__post_init__`; optional fields of
    later mechanisms default to None.
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
    # optional fields of later mechanisms (beliefs, alliances, nuclear, treaties, ...)
    beliefs: np.ndarray | None = field(default=None, repr=False)
    extra: dict = field(default_factory=dict, repr=False)

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
        np.copyto(self.military_old, self.military)
        np.copyto(self.gdp_old, self.gdp)
        self.crisis[...] = False
        self.initiator_second[...] = False
        self.crisis_u[...] = 0.0
        self.war[...] = False
        self.winner_second[...] = False

    def event_codes(self) -> np.ndarray:
        """Return this step's events per pair as bit codes (``EVENT_*`` constants).

        Returns
        -------
        numpy.ndarray
            uint8 array ``(runs, pairs)``; 0 where nothing happened.
        """
        code = self.crisis.astype(np.uint8) * EVENT_CRISIS
        code |= self.war.astype(np.uint8) * EVENT_WAR
        code |= (self.crisis & self.initiator_second).astype(np.uint8) * EVENT_INITIATOR_SECOND
        code |= (self.war & self.winner_second).astype(np.uint8) * EVENT_WINNER_SECOND
        return code

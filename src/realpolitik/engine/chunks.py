"""The chunk: the engine's unit of randomness, of work and of storage.

Runs are processed in fixed-size chunks, each with its own random stream from
``numpy.random.SeedSequence(seed).spawn(n_chunks)``, so a result depends on (seed, runs, chunk
size) and never on which executor, how many workers or which machines ran the chunks.

- :func:`plan_chunks` (a :class:`ChunkPlan`): runs, chunk size and seed -> the chunks (run
  ranges ``[c * chunk_size, min(runs, (c + 1) * chunk_size))``) and their
  ``SeedSequence(seed).spawn(n_chunks)[c]`` streams.
- :class:`ChunkTask`: everything one chunk needs (its chunk, the resolved parameters, years,
  its slice of injected initial conditions, the phases, the schedule, what to record); a plain,
  picklable value, so any executor (this process, local processes, a Dask cluster) can run it.
- :func:`run_chunk`: runs one task and returns its :class:`ChunkRecords`, another plain value:
  the yearly arrays, the event columns, the yearly summaries and the pair-level records.

One chunk draws everything from ``numpy.random.default_rng(chunk.seed)`` (PCG64), in this
order: first the initial conditions when none are injected (:func:`~realpolitik.engine.initial.
draw_initial`), then per year the mechanisms' blocks (perception's normals, crisis's uniforms,
...) as their phases run. For the core configuration the year is computed by the fused kernel
of :mod:`realpolitik.engine._fast`, which consumes the same blocks in the same order.

A year runs the phases of :data:`PHASES` (schedule, perception, beliefs, arms_control, arming,
economy, alliances, deterrence, domestic, decisions, crisis, war, record), each called as
``step(world, params, rng, ctx)`` (or ``step(world, params, rng)`` for a phase that takes no
context, e.g. a user's function).

Burn-in (``burn_in`` B > 0 years, the strategic engine's default 50): before the recorded
years the chunk simulates B years, ``world.year`` = -B .. -1, with every phase but the record
phase, drawing from the same stream (after the initial conditions, before year 0's blocks), so
nothing of them is recorded and no scheduled event (dated in years >= 0) applies. The state
at the end of the burn-in is the recorded year 0 (its budget share stays NaN), and type
beliefs are reset to the prior there (:func:`~realpolitik.engine.mechanisms.beliefs.
reset_beliefs`), so that recorded arms races and trust come from rivalry, not from the climb
out of the initial conditions. The fused kernel runs the burn-in too. Injected initial
conditions (historical data) and a burn-in exclude each other (:func:`~realpolitik.engine.
simulate`).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np

from realpolitik.engine.context import ChunkContext
from realpolitik.engine.event_decode import decode_events
from realpolitik.engine.heap import keep_freed_memory
from realpolitik.engine.initial import draw_initial
from realpolitik.engine.maps import populate
from realpolitik.engine.mechanisms import MECHANISM_LIST, MECHANISMS, war
from realpolitik.engine.mechanisms.beliefs import reset_beliefs
from realpolitik.engine.recorder import EventColumn, Recorder, pair_indices, record
from realpolitik.engine.world import World

__all__ = [
    "PHASES",
    "PHASE_ORDER",
    "Chunk",
    "ChunkOutput",
    "ChunkPlan",
    "ChunkRecords",
    "ChunkTask",
    "Phase",
    "PhaseLoop",
    "burn_in_years",
    "check_int",
    "phase_columns",
    "phases_for",
    "plan_chunks",
    "run_chunk",
    "start_chunk",
]


class Phase(NamedTuple):
    """One phase of a simulated year: a name, a step function and its event columns.

    ``step(world, params, rng, ctx)`` (or ``step(world, params, rng)``) updates the world in
    place and returns it; ``columns`` are the per-event columns it writes
    (:class:`~realpolitik.engine.recorder.EventColumn`, ``world.event_values[name]``);
    ``records(params)``, when given, says whether the phase writes them under these
    parameters (a mechanism's ``records_columns``; e.g. the strategic decisions' columns are not
    part of the hazard model's event table).
    """

    name: str
    step: Callable[..., World]
    columns: tuple[EventColumn, ...] = ()
    records: Callable[[Any], bool] | None = None


PHASE_ORDER: tuple[str, ...] = (*MECHANISMS, "record")
"""The names of a year's phases, in order (docs/mechanisms.md)."""


def phases_for(mechanisms: Sequence[ModuleType]) -> tuple[Phase, ...]:
    """Return the phases of a list of mechanism modules, in order, then the record phase.

    Parameters
    ----------
    mechanisms
        Mechanism modules in phase order (each with ``step`` and optionally ``COLUMNS``).

    Returns
    -------
    tuple of Phase
        One phase per module (named after its module), then :func:`record`.
    """
    return (
        *(Phase(m.__name__.rsplit(".", 1)[-1], m.step, tuple(getattr(m, "COLUMNS", ())),
                getattr(m, "records_columns", None))
          for m in mechanisms),
        Phase("record", record),
    )  # fmt: skip


PHASES: tuple[Phase, ...] = phases_for(MECHANISM_LIST)
"""The fixed order of a year's phases (:data:`PHASE_ORDER`): the mechanisms of the one list
:data:`~realpolitik.engine.mechanisms.MECHANISM_LIST`, then the record phase."""


def phase_columns(phases: Sequence[Phase], params: Any = None) -> tuple[EventColumn, ...]:
    """Return the event columns the phases declare, in phase order (each name once).

    With ``params``, a phase whose ``records(params)`` is False contributes none.

    Raises
    ------
    ValueError
        If two phases declare different columns of the same name.
    """
    out: dict[str, EventColumn] = {}
    for phase in phases:
        records = getattr(phase, "records", None)
        if params is not None and records is not None and not records(params):
            continue
        for column in getattr(phase, "columns", ()):
            if out.setdefault(column.name, column) != column:
                raise ValueError(f"event column {column.name!r} is declared twice, differently")
    return tuple(out.values())


def check_int(name: str, value: Any, lo: int) -> int:
    """Return ``value`` as an int, or raise a ValueError naming ``name`` and the range."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} = {value!r} is not an integer; allowed: integers >= {lo}")
    if value < lo:
        raise ValueError(f"{name} = {value!r} is out of range; allowed: integers >= {lo}")
    return int(value)


# --------------------------------------------------------------------------------------------
# the plan
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Chunk:
    """One chunk of runs: its index, its run range ``[start, stop)`` and its random stream."""

    index: int
    start: int
    stop: int
    seed: np.random.SeedSequence = field(repr=False)

    @property
    def runs(self) -> int:
        """The number of runs in the chunk."""
        return self.stop - self.start


@dataclass(frozen=True)
class ChunkPlan:
    """The chunks of a simulation (see :func:`plan_chunks`)."""

    runs: int
    chunk_size: int
    seed: int
    chunks: tuple[Chunk, ...]

    def __len__(self) -> int:
        return len(self.chunks)

    def __iter__(self) -> Iterator[Chunk]:
        return iter(self.chunks)

    def __getitem__(self, index: int) -> Chunk:
        return self.chunks[index]


def plan_chunks(runs: int, chunk_size: int = 1024, seed: int = 0) -> ChunkPlan:
    """Split ``runs`` runs into chunks of ``chunk_size`` with their own random streams.

    Parameters
    ----------
    runs
        The number of runs (>= 1).
    chunk_size
        Runs per chunk (>= 1); the last chunk may be shorter.
    seed
        The root seed (an int >= 0).

    Returns
    -------
    ChunkPlan
        ``ceil(runs / chunk_size)`` chunks; chunk ``c`` holds runs
        ``[c * chunk_size, min(runs, (c + 1) * chunk_size))`` and the stream
        ``SeedSequence(seed).spawn(n_chunks)[c]``.

    Raises
    ------
    ValueError
        For a non-integer or out-of-range argument, naming it.
    """
    runs = check_int("runs", runs, 1)
    chunk_size = check_int("chunk_size", chunk_size, 1)
    seed = check_int("seed", seed, 0)
    n = math.ceil(runs / chunk_size)
    streams = np.random.SeedSequence(seed).spawn(n)
    chunks = tuple(
        Chunk(c, c * chunk_size, min(runs, (c + 1) * chunk_size), streams[c]) for c in range(n)
    )
    return ChunkPlan(runs, chunk_size, seed, chunks)


# --------------------------------------------------------------------------------------------
# one chunk
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChunkTask:
    """Everything one chunk needs; a plain, picklable value any executor can run.

    Parameters
    ----------
    chunk
        The chunk (index, run range, stream).
    params
        The resolved parameters (:class:`~realpolitik.engine.params.ResolvedParams`).
    years
        The number of yearly steps T.
    initial
        The chunk's injected initial conditions (``(runs, states)`` arrays), or None to draw
        them from the chunk's stream.
    dtype
        The dtype of the recorded military, GDP and budget share.
    fast
        Whether to run the fused kernel (core configuration, default phases, no schedule).
    phases
        A custom phase list, or None for :data:`PHASES`.
    schedule
        The scheduled events.
    columns
        The declared event columns the phases write.
    record
        Pair-level World fields to keep per year
        (:data:`~realpolitik.engine.recorder.PAIR_RECORDS`).
    policies
        The users' policies of some states (:class:`~realpolitik.engine.policy.runtime.
        PolicyEntry`, docs/policies.md); each chunk decides with fresh copies of them.
    """

    chunk: Chunk
    params: Any
    years: int
    initial: Mapping[str, np.ndarray] | None = None
    dtype: str = "float64"
    fast: bool = False
    phases: tuple[Phase, ...] | None = None
    schedule: tuple[Any, ...] = ()
    columns: tuple[EventColumn, ...] = ()
    record: tuple[str, ...] = ()
    policies: tuple[Any, ...] = ()


class ChunkOutput(NamedTuple):
    """The yearly arrays of a chunk (or of a whole simulation): where run_chunk writes."""

    military: np.ndarray
    gdp: np.ndarray
    budget_share: np.ndarray
    greedy: np.ndarray
    growth: np.ndarray

    @classmethod
    def allocate(
        cls,
        runs: int,
        years: int,
        states: int,
        dtype: str = "float64",
        empty: Callable[[tuple[int, ...], np.dtype], np.ndarray] | None = None,
    ) -> ChunkOutput:
        """Return uninitialised arrays: ``(runs, years + 1, states)`` x 3 and ``(runs, states)``.

        ``empty(shape, dtype)`` allocates each one (default :func:`numpy.empty`).
        """
        make = (lambda shape, dt: np.empty(shape, dt)) if empty is None else empty
        dt = np.dtype(dtype)
        shape = (runs, years + 1, states)
        per_state = (runs, states)
        return cls(
            make(shape, dt),
            make(shape, dt),
            make(shape, dt),
            make(per_state, np.dtype(bool)),
            make(per_state, np.dtype(np.float64)),
        )

    def rows(self, chunk: Chunk) -> ChunkOutput:
        """Return the views of one chunk's rows."""
        return ChunkOutput(*(a[chunk.start : chunk.stop] for a in self))


@dataclass
class ChunkRecords:
    """One chunk's results, a plain picklable value (what an executor hands back).

    Attributes
    ----------
    chunk
        The chunk.
    output
        Its yearly arrays (:class:`ChunkOutput`), or None when an executor wrote them straight
        into the simulation's arrays.
    events
        Its event columns (:func:`~realpolitik.engine.event_decode.decode_events`).
    summaries
        Yearly summaries, name -> ``(years + 1, runs)`` float64 (year-major, as recorded).
    pairs
        Pair-level records, name -> ``(runs, years + 1, states, states)`` float64.
    """

    chunk: Chunk
    output: ChunkOutput | None
    events: dict[str, np.ndarray]
    summaries: dict[str, np.ndarray]
    pairs: dict[str, np.ndarray]


def run_chunk(task: ChunkTask, out: ChunkOutput | None = None) -> ChunkRecords:
    """Run one chunk: draw or take its initial conditions, step every year, record.

    Parameters
    ----------
    task
        The chunk's task.
    out
        Optional arrays for the chunk's rows to write into (default: new arrays).

    Returns
    -------
    ChunkRecords
        The chunk's records (its ``output`` is ``out`` when given).
    """
    return _run_chunk(task, out)


def _run_chunk(
    task: ChunkTask, out: ChunkOutput | None = None, empty: Callable[..., np.ndarray] | None = None
) -> ChunkRecords:
    """:func:`run_chunk`, its event columns allocated by ``empty(shape, dtype)``.

    Default :func:`numpy.empty`; an executor passes its shared memory's allocator.
    """
    keep_freed_memory()  # the same heap behaviour in every chunk (realpolitik.engine.heap)
    rng, init, out, rec = start_chunk(task, out)
    if task.fast:
        _run_fast(task, rng, init, rec)
    else:
        _run_phases(task, rng, init, rec)
    events = decode_events(rec, task.chunk.start, out.greedy, empty=empty)
    return ChunkRecords(task.chunk, out, events, rec.summaries, rec.pairs)


def start_chunk(
    task: ChunkTask, out: ChunkOutput | None = None
) -> tuple[np.random.Generator, Mapping[str, np.ndarray], ChunkOutput, Recorder]:
    """Return a chunk's generator, initial conditions, output arrays and recorder, year 0 set.

    The initial conditions are drawn from the chunk's stream when the task has none.
    """
    rng = np.random.default_rng(task.chunk.seed)
    C, p, T = task.chunk.runs, task.params, task.years
    N = p.states
    init = task.initial
    if init is None:
        init = draw_initial(rng, C, N, p.share_greedy)
    if out is None:
        out = ChunkOutput.allocate(C, T, N, task.dtype)
    populate(out.military, out.gdp, out.budget_share)  # realpolitik.engine.maps
    out.greedy[...] = init["greedy"]
    out.growth[...] = init["growth"]
    out.military[:, 0] = init["military"]
    out.gdp[:, 0] = init["gdp"]
    out.budget_share[:, 0] = np.nan
    rec = Recorder(out.military, out.gdp, out.budget_share, task.columns, task.record)
    return rng, init, out, rec


def burn_in_years(params: Any) -> int:
    """Return the years simulated before the recorded year 0 (``params.burn_in``, 0 if none)."""
    return int(getattr(params, "burn_in", 0) or 0)


def _takes_context(step: Callable[..., Any]) -> bool:
    """Return whether ``step`` accepts a fourth positional argument (the chunk context)."""
    try:
        signature = inspect.signature(step)
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return False
    kinds = [p.kind for p in signature.parameters.values()]
    if inspect.Parameter.VAR_POSITIONAL in kinds:
        return True
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(k in positional for k in kinds) >= 4


class PhaseLoop:
    """One chunk's World stepped through its phases, year by year.

    Used by :func:`run_chunk` and by the :class:`~realpolitik.engine.policy.Stepper`.

    Parameters
    ----------
    task
        The chunk's task (its policies, when any, go into the context).
    rng
        The chunk's generator (after the initial conditions were drawn).
    init
        The initial conditions.
    rec
        The chunk's recorder.
    """

    def __init__(
        self,
        task: ChunkTask,
        rng: np.random.Generator,
        init: Mapping[str, np.ndarray],
        rec: Recorder,
    ) -> None:
        self.world = World(
            military=init["military"].copy(),
            gdp=init["gdp"].copy(),
            growth=init["growth"].copy(),
            greedy=init["greedy"].copy(),
        )
        policies = None
        if task.policies:
            from realpolitik.engine.policy.runtime import PolicyRuntime

            policies = PolicyRuntime(task.policies, task.chunk.seed)
        self.ctx = ChunkContext(task.params, self.world.states, self.world.runs,
                                schedule=task.schedule, recorder=rec,
                                policies=policies)  # fmt: skip
        phases = PHASES if task.phases is None else task.phases
        self.names = tuple(phase[0] for phase in phases)
        self.steps = [(phase[1], _takes_context(phase[1])) for phase in phases]
        self.rng, self.rec, self.burn = rng, rec, burn_in_years(task.params)

    def begin(self, t: int) -> None:
        """Start year ``t`` (snapshot the stocks, clear the year's buffers)."""
        self.world.year = t
        self.world.begin_step()

    def run(self, lo: int = 0, hi: int | None = None) -> None:
        """Run the phases ``lo:hi`` of the current year."""
        ctx, rng = self.ctx, self.rng
        for step, with_ctx in self.steps[lo:hi]:
            world = self.world
            args = (world, ctx.params, rng, ctx) if with_ctx else (world, ctx.params, rng)
            self.world = step(*args)

    def burn_in(self) -> None:
        """Simulate the burn-in years (every phase but the record phase); record year 0."""
        for t in range(-self.burn, 0):
            self.begin(t)
            self.run(hi=-1)
        if self.burn:  # the end of the burn-in is the recorded year 0
            reset_beliefs(self.world, self.ctx.params)
            self.rec.military[:, 0] = self.world.military
            self.rec.gdp[:, 0] = self.world.gdp


def _run_phases(
    task: ChunkTask, rng: np.random.Generator, init: Mapping[str, np.ndarray], rec: Recorder
) -> None:
    """Step the chunk's World through every year with the mechanism modules."""
    loop = PhaseLoop(task, rng, init, rec)
    loop.burn_in()
    for t in range(task.years):
        loop.begin(t)
        loop.run()


def _run_fast(
    task: ChunkTask, rng: np.random.Generator, init: Mapping[str, np.ndarray], rec: Recorder
) -> None:
    """Step the chunk through every year with the fused kernel (core configuration)."""
    from realpolitik.engine import _fast

    p = task.params
    N = p.states
    C = task.chunk.runs
    ps, sc = _fast.pack(p)
    lm, ly, cm = war.loss_tables(p, N)
    pair_i, pair_j = pair_indices(N)
    P = pair_i.shape[0]
    m = init["military"].astype(np.float64, copy=True)
    y = init["gdp"].astype(np.float64, copy=True)
    r = np.ascontiguousarray(init["growth"], dtype=np.float64)
    greedy = np.ascontiguousarray(init["greedy"], dtype=bool)
    use_eps = bool(np.any(p.perception_noise > 0))
    use_u = p.crisis_base_rate > 0.0
    eps = np.zeros((C, N, N - 1), dtype=np.float32)
    u = np.zeros((C, P))
    ev_flat = np.zeros(C * P, dtype=np.int64)
    ev_code = np.zeros(C * P, dtype=np.uint8)
    burn = burn_in_years(p)
    scratch = ChunkOutput.allocate(C, 1, N) if burn else None
    for t in range(-burn, task.years):
        if use_eps:
            rng.standard_normal(dtype=np.float32, out=eps)
        if use_u:
            rng.random(out=u)
        out = rec if t >= 0 else scratch  # burn-in: recorded into scratch, then dropped
        n = _fast.year_step(
            m, y, r, greedy, eps, use_eps, u, use_u, ps, sc, lm, ly, cm,
            pair_i, pair_j, out.military, out.gdp, out.budget_share, max(t + 1, 1), ev_flat,
            ev_code,
        )  # fmt: skip
        if t >= 0:
            rec.add_events(t + 1, ev_flat[:n], ev_code[:n])
        elif t == -1:
            rec.military[:, 0] = m
            rec.gdp[:, 0] = y

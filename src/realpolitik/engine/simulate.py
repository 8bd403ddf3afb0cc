"""The simulation: many runs of an anarchic system, chunk by chunk, phase by phase, year by year.

Source: docs/architecture.md ("The engine's world", "Randomness and reproducibility", "The
engine's API");
docs/engine.md for the core model's semantics and initial conditions.

:func:`simulate` is a short composition of the engine's public parts: it checks its arguments,
plans the chunks (:func:`~realpolitik.engine.chunks.plan_chunks`), hands one
:class:`~realpolitik.engine.chunks.ChunkTask` per chunk to an executor
(:mod:`~realpolitik.engine.executors`: this process, local processes, or one the caller
brings), and assembles the chunks' records into a :class:`~realpolitik.engine.Trajectory`.

One year (one step) is, for every run of a chunk at once::

    world.begin_step()                      # snapshot m_old, y_old; clear the event buffers
    for phase in PHASES:                    # schedule, perception, beliefs, arms_control,
        world = phase.step(world, params, rng, ctx)   # arming, economy, alliances,
                                            # deterrence, domestic, crisis, war, record

A mechanism whose keys are all neutral returns at once without drawing (so the core
configuration runs exactly docs/engine.md). What a year records is said in
:mod:`~realpolitik.engine.recorder`; how chunks draw their random numbers in
:mod:`~realpolitik.engine.chunks`. A result depends on (seed, runs, chunk_size) only, never on
the executor or ``workers``.

Fast path
---------
For the core configuration (:meth:`Params.is_core_configuration`, the default phases, no
schedule, no pair-level records) the year is computed by the fused Numba kernel of
:mod:`realpolitik.engine._fast`, which consumes the same random blocks in the same order and is
tested to equal the mechanism modules. ``fast=False`` forces the mechanism modules.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from realpolitik.engine.chunks import (
    PHASE_ORDER,
    PHASES,
    ChunkOutput,
    ChunkPlan,
    ChunkRecords,
    ChunkTask,
    Phase,
    check_int,
    phase_columns,
    plan_chunks,
)
from realpolitik.engine.executors import Executor, SerialExecutor, make_executor, taking
from realpolitik.engine.initial import check_initial, draw_initial
from realpolitik.engine.maps import Columns, mapped_empty, populate, reserved
from realpolitik.engine.mechanisms.schedule import ScheduledEvent, check_schedule
from realpolitik.engine.params import Params
from realpolitik.engine.policy.runtime import check_picklable, resolve_policies
from realpolitik.engine.recorder import PAIR_RECORDS, EventColumn, record
from realpolitik.engine.trajectory import Trajectory

__all__ = [
    "PHASES",
    "PHASE_ORDER",
    "Phase",
    "ScheduledEvent",
    "draw_initial",
    "record",
    "simulate",
    "state_labels",
    "time_draws",
]


@dataclasses.dataclass(frozen=True)
class _Setup:
    """The checked arguments of a simulation."""

    plan: ChunkPlan
    years: int
    states: int
    tasks: tuple[ChunkTask, ...]
    phases: tuple[Phase, ...]
    dtype: str
    record: tuple[str, ...]
    columns: tuple[EventColumn, ...]


def simulate(
    params: Params,
    *,
    states: int,
    runs: int,
    years: int,
    seed: int | None,
    chunk_size: int = 1024,
    workers: int = 1,
    initial: Mapping[str, Any] | None = None,
    dtype: str = "float64",
    fast: bool | None = None,
    phases: Sequence[Phase] | None = None,
    start_method: str | None = None,
    schedule: Sequence[ScheduledEvent] | None = None,
    progress: Callable[[int, int], None] | None = None,
    record: Sequence[str] = (),
    executor: Executor | None = None,
    policies: Mapping[int | str, Any] | None = None,
    state_names: Sequence[str] | None = None,
    start_year: int | None = None,
) -> Trajectory:
    """Simulate ``runs`` runs of ``states`` states for ``years`` years.

    Parameters
    ----------
    params
        The parameters (:meth:`Params.core` for the core model (docs/engine.md)).
    states, runs, years
        N >= 2 states, >= 1 independent runs, T >= 0 yearly steps (years 0..T are recorded).
    seed
        The root seed (an int >= 0); None draws fresh entropy, recorded in the result.
    chunk_size
        Runs per chunk (default 1024): the unit of work and of random streams.
    workers, start_method, executor
        Who runs the chunks: ``workers`` local processes (default 1: this process) started
        with ``start_method`` (default ``"fork"`` on Linux in a single-threaded process, else
        ``"spawn"``), or a given :class:`~realpolitik.engine.executors.Executor`. Results
        never depend on them.
    initial
        Optional initial conditions: exactly the keys military, gdp (float ``(runs, states)``,
        military >= 0, gdp > 0), greedy (bool) and growth (finite); None draws them from each
        chunk's stream (docs/engine.md); an error together with ``burn_in > 0``.
    dtype
        ``"float64"`` (default) or ``"float32"``: the records' dtype (the model is float64).
    fast
        None (default): the fused kernel when the configuration allows it and Numba is
        installed; True: require it (ValueError otherwise); False: the mechanism modules.
    phases
        A custom phase list (default :data:`PHASES`, e.g. with a user's own mechanism) ending
        with :func:`record`; a list other than :data:`PHASES` disables the fast path.
    schedule
        Optional time-dated events (:class:`~realpolitik.engine.mechanisms.schedule.
        ScheduledEvent`), applied to every run at the start of each event's year by the
        schedule phase; a non-empty schedule disables the fast path.
    progress
        Optional ``progress(done_runs, total_runs)``, called here after each finished chunk.
    record
        Pair-level World fields to keep (names of :data:`~realpolitik.engine.recorder.
        PAIR_RECORDS`, e.g. ``("beliefs",)``), each a Trajectory variable with dims (run,
        year, observer, target); disables the fast path.
    policies
        Optional ``{state: policy}`` (a state's index, or its name in ``state_names``; a
        :class:`~realpolitik.engine.policy.Policy`): the states whose arming, strikes,
        demands, answers and use of the hotline a user's policy decides instead of the
        strategic model (docs/policies.md). Strategic engine only; policies must be
        deterministic given their views, and picklable with worker processes.
    state_names
        The states' names, in index order (the ``state`` coordinate of the data and the
        ``*_name`` event columns; names for ``policies``); default ``state_0 .. state_{N-1}``.
    start_year
        The calendar year of the first simulated year (year 1); year t then has calendar
        year ``start_year + t - 1``. Default None: calendar year = step index.

    Returns
    -------
    Trajectory
        Yearly military, GDP, budget share; events; yearly summaries; pair-level records.

    Raises
    ------
    ValueError
        For an invalid argument (naming it, its value and what is allowed).
    """
    setup = _setup(
        params, states, runs, years, seed, chunk_size, initial, dtype, fast, phases, schedule,
        record, policies, state_names,
    )  # fmt: skip
    if executor is None:
        workers = min(check_int("workers", workers, 1), len(setup.plan))
        executor = make_executor(workers, start_method)
    if not isinstance(executor, SerialExecutor):
        check_picklable(setup.tasks[0].policies)
    assembly = _Assembly(setup, executor)
    with taking(assembly.run(executor)) as chunks:
        for records in chunks:
            assembly.add(records, progress)
            assembly.prefill()
    labels = state_labels(setup.states, state_names, start_year)
    return assembly.trajectory(params, {**_meta(setup, params), **labels})


def state_labels(
    states: int, state_names: Sequence[str] | None = None, start_year: int | None = None
) -> dict[str, Any]:
    """Return the labels a trajectory's metadata records: state names and start year.

    Parameters
    ----------
    states
        The number of states N.
    state_names
        N distinct non-empty names, or None for ``state_0 .. state_{N-1}``.
    start_year
        The calendar year of year 1, or None.

    Returns
    -------
    dict
        ``state_names`` (list of str) and ``start_year`` (int or None).

    Raises
    ------
    ValueError
        For names of the wrong number, repeated or empty, or a start year that is not an int.
    """
    names = [f"state_{i}" for i in range(states)] if state_names is None else list(state_names)
    if (
        len(names) != states
        or len(set(names)) != states
        or not all(isinstance(n, str) and n for n in names)
    ):
        raise ValueError(
            f"state_names = {names!r} is not allowed; allowed: {states} distinct non-empty strings"
        )
    if start_year is not None:
        start_year = check_int("start_year", start_year, -(10**6))
    return {"state_names": names, "start_year": start_year}


def _setup(
    params: Params,
    states: int,
    runs: int,
    years: int,
    seed: int | None,
    chunk_size: int,
    initial: Mapping[str, Any] | None,
    dtype: str,
    fast: bool | None,
    phases: Sequence[Phase] | None,
    schedule: Sequence[ScheduledEvent] | None,
    record: Sequence[str],
    policies: Mapping[int | str, Any] | None = None,
    state_names: Sequence[str] | None = None,
) -> _Setup:
    """Check the arguments of :func:`simulate` and build one task per chunk."""
    if not isinstance(params, Params):
        raise ValueError(f"params must be a realpolitik.engine.Params, got {type(params).__name__}")
    states = check_int("states", states, 2)
    runs = check_int("runs", runs, 1)
    years = check_int("years", years, 0)
    chunk_size = check_int("chunk_size", chunk_size, 1)
    if dtype not in ("float64", "float32"):
        raise ValueError(f"dtype = {dtype!r} is not allowed; choose 'float64' or 'float32'")
    if seed is None:
        seed = int(np.random.SeedSequence().entropy)
    seed = check_int("seed", seed, 0)
    resolved = params.resolve(states)
    if initial is not None and params.burn_in > 0:
        raise ValueError(
            f"burn_in = {params.burn_in} cannot be used with initial conditions: a run that "
            "starts from given values (historical data) is not burnt in; allowed: burn_in = 0 "
            "with initial, or initial=None"
        )
    init = None if initial is None else check_initial(initial, runs, states)
    events_due = check_schedule(schedule, states, params)
    phase_list, custom = _check_phases(phases)
    pair_records = _check_record(record)
    entries = resolve_policies(policies, params, states, state_names)
    use_fast = _use_fast(fast, params, custom, events_due, pair_records)
    columns = phase_columns(phase_list, params)
    plan = plan_chunks(runs, chunk_size, seed)
    tasks = tuple(
        ChunkTask(
            chunk=chunk,
            params=resolved,
            years=years,
            initial=None
            if init is None
            else {k: v[chunk.start : chunk.stop] for k, v in init.items()},
            dtype=dtype,
            fast=use_fast,
            phases=phase_list if custom else None,
            schedule=events_due,
            columns=columns,
            record=pair_records,
            policies=entries,
        )
        for chunk in plan
    )
    return _Setup(plan, years, states, tasks, phase_list, dtype, pair_records, columns)


def _check_phases(phases: Sequence[Phase] | None) -> tuple[tuple[Phase, ...], bool]:
    """Return the phase list and whether it is a custom one (checked)."""
    phase_list = tuple(PHASES if phases is None else phases)
    custom = phase_list != PHASES
    if custom:
        ok = all(isinstance(p, tuple) and 2 <= len(p) <= 4 and callable(p[1]) for p in phase_list)
        if not ok:
            raise ValueError("phases must be a sequence of (name, step) pairs with callable steps")
        if phase_list[-1][1] is not record:
            raise ValueError("phases must end with the record phase (realpolitik.engine.record)")
        phase_list = tuple(p if isinstance(p, Phase) else Phase(*p) for p in phase_list)
    return phase_list, custom


def _check_record(names: Sequence[str]) -> tuple[str, ...]:
    """Return the requested pair-level records (checked)."""
    if isinstance(names, str):
        names = (names,)
    out = tuple(names)
    bad = [n for n in out if n not in PAIR_RECORDS]
    if bad or len(set(out)) != len(out):
        raise ValueError(
            f"record = {out!r} is not allowed; allowed: distinct names of {list(PAIR_RECORDS)}"
        )
    return out


def _use_fast(
    fast: bool | None, params: Params, custom: bool, schedule: tuple, record: tuple
) -> bool:
    """Return whether the fused kernel runs (or raise when ``fast=True`` cannot be honoured)."""
    fast_ok = params.is_core_configuration() and not custom and not schedule and not record
    if fast is True and not fast_ok:
        raise ValueError(
            "fast=True needs the core configuration (every non-core mechanism key neutral), "
            "the default phases, no schedule and no pair-level records"
        )
    if fast is None:  # without Numba installed, the mechanism modules run
        return fast_ok and importlib.util.find_spec("numba") is not None
    return bool(fast)


class _Assembly:
    """The chunks' records put together, in any order of arrival, as one simulation's arrays."""

    def __init__(self, setup: _Setup, executor: Executor) -> None:
        shape = (setup.plan.runs, setup.years, setup.states)
        self.out = ChunkOutput.allocate(*shape, setup.dtype, empty=executor.allocate)
        self.setup = setup
        self.done = 0
        # the chunks run here: this process's heap keeps their freed memory (maps.mapped_empty)
        self.warm = isinstance(executor, SerialExecutor)
        self.columns = None  # the event columns, when the chunks run here in order
        if type(executor).run is SerialExecutor.run:
            N = setup.states
            rows = _ROWS_PER_PAIR_YEAR * setup.plan.runs * setup.years * (N * (N - 1) // 2)
            self.columns = Columns(rows)
        n = len(setup.plan)
        self.events: list[dict[str, np.ndarray] | None] = [None] * n
        self.early: dict[str, tuple[np.ndarray, int]] | None = None  # see prefill
        self.order: list[str] = []
        self.summary_names: list[tuple[str, ...]] = [()] * n
        self.summaries: dict[str, np.ndarray] = {}
        runs, years, states = setup.plan.runs, setup.years, setup.states
        self.pairs = {
            name: _nans((runs, years + 1, states, states), self.warm) for name in setup.record
        }

    def run(self, executor: Executor) -> Iterator[ChunkRecords]:
        """Return the executor's chunks (run here in order: decoded into :attr:`columns`)."""
        if self.columns is None:
            return executor.run(self.setup.tasks, self.out)
        serial: Any = executor  # its run is SerialExecutor.run (see __init__)
        return serial.run(self.setup.tasks, self.out, empty=self.columns.empty)

    def add(self, records: ChunkRecords, progress: Callable[[int, int], None] | None) -> None:
        """Take one chunk's records (copying arrays not written in place); report progress."""
        chunk = records.chunk
        lo, hi = chunk.start, chunk.stop
        if records.output is not None:
            for dest, part in zip(self.out, records.output, strict=True):
                if not np.may_share_memory(dest, part):
                    dest[lo:hi] = part
        self.events[chunk.index] = records.events
        if self.columns is not None:
            self.columns.take(records.events)
        self.summary_names[chunk.index] = tuple(records.summaries)
        runs, T1 = self.setup.plan.runs, self.setup.years + 1
        for name, values in records.summaries.items():  # year-major (years + 1, chunk runs)
            if name not in self.summaries:
                self.summaries[name] = _nans((runs, T1), self.warm)
            self.summaries[name][lo:hi] = values.T
        for name, values in records.pairs.items():
            self.pairs[name][lo:hi] = values
        self.done += hi - lo
        if progress is not None:
            progress(self.done, runs)

    def prefill(self) -> None:
        """Copy the event columns of the chunks before the one still out, while it runs.

        Once: when every chunk but one (``k > 0``) has come back from worker processes (this
        process would only wait), each event column gets a reserved map (``MAP_NORESERVE``)
        large enough for the chunks before ``k``, the most rows chunk ``k`` can make (two per
        pair and year) and the chunks after it, and the chunks before ``k`` are copied in;
        :meth:`trajectory` copies the rest. The same values as one concatenation at the end.
        """
        if self.warm or self.early is not None or not sys.platform.startswith("linux"):
            return
        missing = [i for i, part in enumerate(self.events) if part is None]
        if len(missing) != 1 or missing[0] == 0:
            return
        k = missing[0]
        self.early = {}
        parts = self.events[:k]
        self.order = list(parts[0])  # type: ignore[arg-type]
        N, T = self.setup.states, max(self.setup.years, 1)
        rows_k = _ROWS_PER_PAIR_YEAR * self.setup.plan[k].runs * T * (N * (N - 1) // 2)
        for name in self.order:
            pieces = [p[name] for p in parts]  # type: ignore[index]
            later = [p[name] for p in self.events[k + 1 :]]  # type: ignore[index]
            if any(a.ndim != 1 for a in pieces + later):
                continue
            head = sum(a.size for a in pieces)
            bound = rows_k * (N if name == "joiners" else 1)
            dest = reserved(head + bound + sum(a.size for a in later), np.result_type(*pieces))
            if dest is None:
                continue
            populate(dest[:head])
            np.concatenate(pieces, out=dest[:head])
            for p in parts:
                del p[name]  # type: ignore[union-attr]
            self.early[name] = (dest, head)

    def trajectory(self, params: Params, meta: dict[str, Any]) -> Trajectory:
        """Return the assembled Trajectory (summaries in order of first appearance by chunk)."""
        parts = self.events
        events = {}
        for k in self.order or list(parts[0]):  # column by column, dropping parts as we go
            early = (self.early or {}).get(k)
            whole = None if self.columns is None else self.columns.whole(k)
            if whole is not None and whole.size == sum(p[k].size for p in parts):
                events[k] = whole  # the chunks' parts one after another already
                for p in parts:
                    del p[k]
                continue
            if early is None:
                events[k] = _concatenate([p.pop(k) for p in parts], self.warm)
                continue
            dest, head = early
            rest = [p.pop(k) for p in parts if k in p]
            size = head + sum(a.size for a in rest)
            if size > dest.size or np.result_type(dest[:0], *rest) != dest.dtype:
                events[k] = _concatenate([dest[:head], *rest], self.warm)
                continue
            populate(dest[head:size])
            np.concatenate(rest, out=dest[head:size])  # the chunk still out, and those after
            events[k] = dest[:size]
        order = dict.fromkeys(name for names in self.summary_names for name in names)
        out = self.out
        return Trajectory._from_arrays(
            military=out.military,
            gdp=out.gdp,
            budget_share=out.budget_share,
            greedy=out.greedy,
            growth=out.growth,
            events=events,
            params=params,
            meta=meta,
            summaries={name: self.summaries[name] for name in order},
            pairs=self.pairs,
            columns=self.setup.columns,
        )


_ROWS_PER_PAIR_YEAR = 2
"""The most event rows a pair makes in a year (a crisis row and a war row)."""


def _nans(shape: tuple[int, ...], warm_heap: bool = False) -> np.ndarray:
    """Return a float64 array of NaN (as ``numpy.full(shape, numpy.nan)``)."""
    out = mapped_empty(shape, np.float64, warm_heap)
    out.fill(np.nan)
    return out


def _concatenate(pieces: list[np.ndarray], warm_heap: bool = False) -> np.ndarray:
    """Return ``numpy.concatenate(pieces)`` (the same dtype and values), mapped.

    In :func:`~realpolitik.engine.maps.mapped_empty`: hundreds of MiB for the event columns
    of a large simulation.
    """
    shape = (sum(p.shape[0] for p in pieces), *pieces[0].shape[1:])
    return np.concatenate(pieces, out=mapped_empty(shape, np.result_type(*pieces), warm_heap))


def _meta(setup: _Setup, params: Params) -> dict[str, Any]:
    """Return a simulation's metadata (seed, sizes, phases, schedule, versions)."""
    from realpolitik import __version__

    task = setup.tasks[0]
    meta = {
        "seed": setup.plan.seed,
        "runs": setup.plan.runs,
        "years": setup.years,
        "states": setup.states,
        "chunk_size": setup.plan.chunk_size,
        "dtype": setup.dtype,
        "fast_path": task.fast,
        "resolved_params": task.params.to_dict(),
        "phases": [p[0] for p in setup.phases],
        "schedule": [dataclasses.asdict(e) for e in task.schedule],
        "initial": "injected" if task.initial is not None else "drawn",
        "realpolitik_version": __version__,
        "numpy_version": np.__version__,
        "bit_generator": "PCG64",
    }
    if setup.record:
        meta["record"] = list(setup.record)
    if task.policies:
        meta["policies"] = {str(e.index): repr(e.policy) for e in task.policies}
    return meta


# --------------------------------------------------------------------------------------------
# timing
# --------------------------------------------------------------------------------------------
def _draw_chunk(args: tuple[np.random.SeedSequence, int, int, int, bool, bool]) -> float:
    seed_seq, C, N, T, use_eps, use_u = args
    rng = np.random.default_rng(seed_seq)
    P = N * (N - 1) // 2
    eps = np.empty((C, N, N - 1), dtype=np.float32)
    u = np.empty((C, P))
    draw_initial(rng, C, N, 0.3)
    for _ in range(T):
        if use_eps:
            rng.standard_normal(dtype=np.float32, out=eps)
        if use_u:
            rng.random(out=u)
    return float(u.sum() if use_u else eps.sum())


def time_draws(
    params: Params | None = None,
    *,
    states: int,
    runs: int,
    years: int,
    seed: int = 0,
    chunk_size: int = 1024,
    workers: int = 1,
    start_method: str | None = None,
) -> float:
    """Time the random draws alone of a core simulation, organised as :func:`simulate` does.

    The practical speed limit of the engine (docs/engine.md, "Reference figures"): the same
    chunk plan, streams, blocks and executor as :func:`simulate`, without the model.

    Parameters
    ----------
    params
        The parameters (default :meth:`Params.core`); decide which blocks are drawn.
    states, runs, years, seed, chunk_size, workers, start_method
        As for :func:`simulate`.

    Returns
    -------
    float
        Wall-clock seconds (process start-up included when ``workers > 1``).
    """
    params = Params.core() if params is None else params
    p = params.resolve(check_int("states", states, 2))
    plan = plan_chunks(runs, chunk_size, seed)
    use_eps = bool(np.any(p.perception_noise > 0))
    use_u = p.crisis_base_rate > 0
    items = [(c.seed, c.runs, states, years, use_eps, use_u) for c in plan]
    t0 = time.perf_counter()
    executor = make_executor(min(check_int("workers", workers, 1), len(plan)), start_method)
    with taking(executor.map(_draw_chunk, items)) as drawn:
        for _ in drawn:
            pass
    return time.perf_counter() - t0

"""The simulation loop: many runs of an anarchic system, phase by phase, year by year.

Source: DESIGN.md ("The engine's world", "Randomness and reproducibility");
reference/CORE_MODEL.md for the core model's semantics and initial conditions.

One year (one step) is, for every run of a chunk at once::

    world.begin_step()                 # snapshot m_old, y_old; clear the event buffers
    for name, step in PHASES:          # schedule, perception, beliefs, arms_control,
        world = step(world, params, rng)   #   arming, economy, alliances, deterrence,
                                           #   domestic, crisis, war, record

A mechanism whose keys are all neutral returns at once without drawing (so the core
configuration runs exactly CORE_MODEL.md). ``schedule`` (a sequence of
:class:`~realpolitik.engine.mechanisms.schedule.ScheduledEvent`) is applied by the first phase
to every run, at the start of each event's year.

What is recorded (the last phase, :func:`record`)
------------------------------------------------
Per year: military, GDP and budget share; the nonzero pair event codes (uint16: the
``EVENT_*`` bits and, on pairs in crisis, ``world.event_flags``), each event's
``world.event_rung``, the war's joiners (``world.add_joiners``), and every entry of
``world.summaries`` (name -> (runs,) float64), stored as a Trajectory variable with dims
(run, year), NaN in year 0 and in years (or chunks) that did not produce it.

Randomness and reproducibility
------------------------------
Runs are processed in chunks of ``chunk_size`` (default 1024). Chunk ``c`` (runs
``c * chunk_size`` up to the next chunk) draws everything from its own generator,
``numpy.random.default_rng(SeedSequence(seed).spawn(n_chunks)[c])`` (PCG64), in this order:
first the initial conditions when ``initial`` is None (CORE_MODEL.md: y ~ U(5, 15);
m = 0.02 * y * U(0.5, 1.5); greedy with probability p_greedy; r ~ U(0.01, 0.05), each a
``(runs, states)`` block in that order), then per year the mechanisms' blocks (perception's
normals, crisis's uniforms). A result therefore depends on (seed, runs, chunk_size) only,
never on ``workers``: ``workers=n`` runs the chunks in ``n`` local processes
(:class:`concurrent.futures.ProcessPoolExecutor` with an explicit start method; the global
start method is never changed), ``workers=1`` runs them in this process.

Fast path
---------
For the core configuration (:meth:`Params.is_core_configuration` and the default phases) the
year is computed by the fused Numba kernel of :mod:`realpolitik.engine._fast`, which consumes
the same random blocks in the same order and is tested to equal the mechanism modules.
``fast=False`` forces the mechanism modules.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import math
import mmap
import multiprocessing
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from realpolitik.engine.initial import check_initial, draw_initial
from realpolitik.engine.mechanisms import MECHANISMS, war
from realpolitik.engine.mechanisms.schedule import ScheduledEvent, check_schedule
from realpolitik.engine.params import Params, ResolvedParams
from realpolitik.engine.trajectory import RESERVED_NAMES, Trajectory
from realpolitik.engine.world import (
    EVENT_CRISIS,
    EVENT_INITIATOR_SECOND,
    EVENT_WAR,
    EVENT_WINNER_SECOND,
    FLAG_CONCEDED,
    FLAG_MISPERCEIVED,
    FLAG_NUCLEAR,
    World,
    pair_indices,
)

__all__ = [
    "PHASES",
    "PHASE_ORDER",
    "Phase",
    "ScheduledEvent",
    "draw_initial",
    "record",
    "simulate",
    "time_draws",
]

StepFn = Callable[[World, ResolvedParams, np.random.Generator], World]


class Phase(NamedTuple):
    """One phase of a simulated year: a name and a ``step(world, params, rng)`` function."""

    name: str
    step: StepFn


def record(world: World, params: ResolvedParams, rng: np.random.Generator) -> World:
    """Record this year's state and events into the chunk's recorder (the last phase).

    Parameters
    ----------
    world
        The chunk's world; ``world.extra["recorder"]`` is the chunk's recorder.
    params
        The resolved parameters (unused).
    rng
        Unused.

    Returns
    -------
    World
        The same world.
    """
    rec: _Recorder = world.extra["recorder"]
    t = world.year + 1
    rec.military[:, t] = world.military
    rec.gdp[:, t] = world.gdp
    rec.budget_share[:, t] = world.budget_share
    rec.add_codes(t, world.event_codes(), world.event_rung)
    for r, p, s in world.joiners:
        rec.add_joiners(t, r * world.pairs + p, s)
    if world.summaries:
        rec.add_summaries(t, world.summaries)
    return world


PHASE_ORDER: tuple[str, ...] = (*MECHANISMS, "record")
"""The names of a year's phases, in order (docs/mechanisms.md)."""

PHASES: tuple[Phase, ...] = (
    *(Phase(name, module.step) for name, module in MECHANISMS.items()),
    Phase("record", record),
)
"""The fixed order of a year's phases (DESIGN.md, "The engine's world"; :data:`PHASE_ORDER`),
with the mechanism modules that are installed (:data:`~realpolitik.engine.mechanisms.MECHANISMS`).
"""


# --------------------------------------------------------------------------------------------
# public entry point
# --------------------------------------------------------------------------------------------
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
) -> Trajectory:
    """Simulate ``runs`` runs of ``states`` states for ``years`` years.

    Parameters
    ----------
    params
        The parameters (:meth:`Params.core` for CORE_MODEL.md's model).
    states
        The number of states N (>= 2).
    runs
        The number of independent runs (>= 1).
    years
        The number of yearly steps T (>= 0); the trajectory has years 0..T.
    seed
        The root seed (an int >= 0). None draws fresh entropy, recorded in the result.
    chunk_size
        Runs per chunk (default 1024): the unit of work and of random streams.
    workers
        Local processes to use (default 1: this process). Results do not depend on it.
    initial
        Optional initial conditions: a mapping with exactly the keys military, gdp (float
        arrays ``(runs, states)``, military >= 0, gdp > 0), greedy (bool) and growth (finite).
        When None they are drawn from each chunk's stream (CORE_MODEL.md).
    dtype
        ``"float64"`` (default) or ``"float32"``: the dtype of the recorded military, GDP and
        budget share (the simulation itself is float64).
    fast
        None (default): use the fused kernel when the configuration allows it (and Numba is
        installed); True: require it (ValueError otherwise); False: always use the mechanism
        modules.
    phases
        A custom phase list (default :data:`PHASES`), e.g. with a user's own mechanism; it
        must end with :func:`record`. A list other than :data:`PHASES` disables the fast path.
    start_method
        The multiprocessing start method for ``workers > 1`` (default: ``"fork"`` on Linux when
        this process runs a single thread, else ``"spawn"``).
    schedule
        Optional time-dated events (:class:`~realpolitik.engine.mechanisms.schedule.
        ScheduledEvent`: alliances formed or dissolved, treaties signed or ended, schedulable
        keys set), applied to every run at the start of each event's year by the schedule
        phase. A non-empty schedule disables the fast path.
    progress
        Optional callback ``progress(done_runs, total_runs)``, called in this process after
        each finished chunk (e.g. to advance a progress bar); it never changes the result.

    Returns
    -------
    Trajectory
        The immutable record: yearly military, GDP and budget share per run and state, the
        event table, the mechanisms' yearly summaries and the outcome metrics.

    Raises
    ------
    ValueError
        For an invalid argument (naming it, its value and what is allowed).
    """
    if not isinstance(params, Params):
        raise ValueError(f"params must be a realpolitik.engine.Params, got {type(params).__name__}")
    states = _int_arg("states", states, 2)
    runs = _int_arg("runs", runs, 1)
    years = _int_arg("years", years, 0)
    chunk_size = _int_arg("chunk_size", chunk_size, 1)
    workers = _int_arg("workers", workers, 1)
    if dtype not in ("float64", "float32"):
        raise ValueError(f"dtype = {dtype!r} is not allowed; choose 'float64' or 'float32'")
    if seed is None:
        seed = int(np.random.SeedSequence().entropy)
    seed = _int_arg("seed", seed, 0)
    resolved = params.resolve(states)
    init = None if initial is None else check_initial(initial, runs, states)
    events_due = check_schedule(schedule, states, params)
    phase_list = tuple(PHASES if phases is None else phases)
    custom = phase_list != PHASES
    if custom:
        if not all(isinstance(p, tuple) and len(p) == 2 and callable(p[1]) for p in phase_list):
            raise ValueError("phases must be a sequence of (name, step) pairs with callable steps")
        if phase_list[-1][1] is not record:
            raise ValueError("phases must end with the record phase (realpolitik.engine.record)")
    fast_ok = params.is_core_configuration() and not custom and not events_due
    if fast is True and not fast_ok:
        raise ValueError(
            "fast=True needs the core configuration (every non-core mechanism key neutral), "
            "the default phases and no schedule"
        )
    if fast is None:  # without Numba installed, the mechanism modules run
        use_fast = fast_ok and importlib.util.find_spec("numba") is not None
    else:
        use_fast = bool(fast)

    n_chunks = math.ceil(runs / chunk_size)
    children = np.random.SeedSequence(seed).spawn(n_chunks)
    bounds = [(c * chunk_size, min(runs, (c + 1) * chunk_size)) for c in range(n_chunks)]

    method = _start_method(start_method)
    workers = min(workers, n_chunks)
    if workers == 1:
        method = None
    # with fork, the workers write straight into shared memory; else results are pickled back
    shared = method == "fork"
    out_dtype = np.dtype(dtype)
    military = _mmap_empty((runs, years + 1, states), out_dtype, shared)
    gdp = _mmap_empty((runs, years + 1, states), out_dtype, shared)
    share = _mmap_empty((runs, years + 1, states), out_dtype, shared)
    greedy = _mmap_empty((runs, states), np.dtype(bool), shared)
    growth = _mmap_empty((runs, states), np.dtype(np.float64), shared)
    token = None
    if method == "fork":
        token = id(military)
        _SHARED[token] = (military, gdp, share, greedy, growth)
    event_parts: list[dict[str, np.ndarray]] = [{} for _ in range(n_chunks)]
    summaries: dict[str, np.ndarray] = {}

    def task(c: int) -> _ChunkTask:
        lo, hi = bounds[c]
        chunk_init = None if init is None else {k: v[lo:hi] for k, v in init.items()}
        return _ChunkTask(
            index=c,
            start=lo,
            stop=hi,
            seed_seq=children[c],
            params=resolved,
            years=years,
            initial=chunk_init,
            dtype=dtype,
            fast=use_fast,
            phases=phase_list if custom else None,
            shared=token,
            schedule=events_due,
        )

    if workers == 1:
        for c in range(n_chunks):
            lo, hi = bounds[c]
            out = (military[lo:hi], gdp[lo:hi], share[lo:hi], greedy[lo:hi], growth[lo:hi])
            result = _run_chunk(task(c), out=out)
            event_parts[c] = result.events
            _merge_summaries(summaries, result.summaries, bounds[c], runs, years)
            del result
            if progress is not None:
                progress(hi, runs)
    else:
        if use_fast:
            _warm_fast()  # compile or load the kernel once, before the workers fork
        elif method == "fork":
            _warm_modules(task(0))  # the mechanisms' compiled loops, likewise
        ctx = multiprocessing.get_context(method)
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                done = 0
                for result in pool.map(_run_chunk, [task(c) for c in range(n_chunks)]):
                    lo, hi = bounds[result.index]
                    done += hi - lo
                    if progress is not None:
                        progress(done, runs)
                    if token is None:
                        military[lo:hi] = result.military
                        gdp[lo:hi] = result.gdp
                        share[lo:hi] = result.budget_share
                        greedy[lo:hi] = result.greedy
                        growth[lo:hi] = result.growth
                    event_parts[result.index] = result.events
                    _merge_summaries(summaries, result.summaries, (lo, hi), runs, years)
                    del result
        finally:
            _SHARED.pop(token, None)

    events = {}
    for k in list(event_parts[0]):  # column by column, dropping the chunks' parts as we go
        events[k] = np.concatenate([p.pop(k) for p in event_parts])
    from realpolitik import __version__

    meta = {
        "seed": seed,
        "runs": runs,
        "years": years,
        "states": states,
        "chunk_size": chunk_size,
        "dtype": dtype,
        "fast_path": use_fast,
        "resolved_params": resolved.to_dict(),
        "phases": [p[0] for p in phase_list],
        "schedule": [dataclasses.asdict(e) for e in events_due],
        "initial": "injected" if init is not None else "drawn",
        "realpolitik_version": __version__,
        "numpy_version": np.__version__,
        "bit_generator": "PCG64",
    }
    return Trajectory._from_arrays(
        military=military,
        gdp=gdp,
        budget_share=share,
        greedy=greedy,
        growth=growth,
        events=events,
        params=params,
        meta=meta,
        summaries=summaries,
    )


def _int_arg(name: str, value: Any, lo: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} = {value!r} is not an integer; allowed: integers >= {lo}")
    if value < lo:
        raise ValueError(f"{name} = {value!r} is out of range; allowed: integers >= {lo}")
    return int(value)


# --------------------------------------------------------------------------------------------
# one chunk
# --------------------------------------------------------------------------------------------
@dataclass
class _ChunkTask:
    index: int
    start: int
    stop: int
    seed_seq: np.random.SeedSequence
    params: ResolvedParams
    years: int
    initial: dict[str, np.ndarray] | None
    dtype: str
    fast: bool
    phases: tuple[Phase, ...] | None
    shared: int | None = None
    schedule: tuple[ScheduledEvent, ...] = ()


@dataclass
class _ChunkResult:
    index: int
    military: np.ndarray | None
    gdp: np.ndarray | None
    budget_share: np.ndarray | None
    greedy: np.ndarray | None
    growth: np.ndarray | None
    events: dict[str, np.ndarray]
    summaries: dict[str, np.ndarray]


_SHARED: dict[int, tuple[np.ndarray, ...]] = {}
"""Output arrays in shared memory, inherited by forked workers (token -> arrays)."""


def _mmap_empty(shape: tuple[int, ...], dtype: np.dtype, shared: bool) -> np.ndarray:
    """Return an uninitialised array in its own anonymous memory map.

    ``shared=True`` maps it shared, so forked workers write straight into it. Either way the
    memory is mapped with small pages, whose first touch is much cheaper than the huge pages
    numpy requests for large arrays on some virtual machines.
    """
    count = int(np.prod(shape))
    if not hasattr(mmap, "MAP_PRIVATE"):  # pragma: no cover - Windows
        return np.empty(shape, dtype)
    flags = mmap.MAP_SHARED if shared else mmap.MAP_PRIVATE
    buf = mmap.mmap(-1, max(1, count * dtype.itemsize), flags=flags | mmap.MAP_ANONYMOUS)
    return np.frombuffer(buf, dtype=dtype, count=count).reshape(shape)


class _Recorder:
    """Per-chunk output buffers: yearly records, event codes, rungs, joiners and summaries."""

    def __init__(self, military, gdp, budget_share) -> None:
        self.military = military
        self.gdp = gdp
        self.budget_share = budget_share
        self.years: list[np.ndarray] = []
        self.flat: list[np.ndarray] = []
        self.codes: list[np.ndarray] = []
        self.rungs: list[np.ndarray] = []
        self.joiners: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.summaries: dict[str, np.ndarray] = {}

    def add_codes(self, t: int, codes: np.ndarray, rung: np.ndarray | None = None) -> None:
        flat = np.flatnonzero(codes)
        rungs = None if rung is None or not rung.any() else rung.reshape(-1)[flat]
        self.add_events(t, flat, codes.reshape(-1)[flat], rungs)

    def add_events(
        self, t: int, flat: np.ndarray, codes: np.ndarray, rungs: np.ndarray | None = None
    ) -> None:
        if flat.size:
            self.years.append(np.full(flat.size, t, dtype=np.int32))
            self.flat.append(flat.astype(np.int64, copy=True))
            self.codes.append(codes.astype(np.uint16, copy=True))
            if rungs is None:
                self.rungs.append(np.zeros(flat.size, dtype=np.uint8))
            else:
                self.rungs.append(np.asarray(rungs, dtype=np.uint8).copy())

    def add_joiners(self, t: int, flat: np.ndarray, states: np.ndarray) -> None:
        if flat.size:
            self.joiners.append((np.full(flat.size, t, dtype=np.int64), flat, states))

    def add_summaries(self, t: int, summaries: Mapping[str, Any]) -> None:
        C, T1 = self.military.shape[0], self.military.shape[1]
        for name, value in summaries.items():
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


def _run_chunk(task: _ChunkTask, out: tuple[np.ndarray, ...] | None = None) -> _ChunkResult:
    rng = np.random.default_rng(task.seed_seq)
    C = task.stop - task.start
    p = task.params
    N = p.states
    T = task.years
    init = task.initial
    if init is None:
        init = draw_initial(rng, C, N, p.share_greedy)
    shared = out is None and task.shared is not None
    if shared:
        lo, hi = task.start, task.stop
        out = tuple(a[lo:hi] for a in _SHARED[task.shared])
    if out is None:
        dt = np.dtype(task.dtype)
        out = (
            np.empty((C, T + 1, N), dt),
            np.empty((C, T + 1, N), dt),
            np.empty((C, T + 1, N), dt),
            np.empty((C, N), bool),
            np.empty((C, N), np.float64),
        )
    out_m, out_y, out_s, out_greedy, out_growth = out
    out_greedy[...] = init["greedy"]
    out_growth[...] = init["growth"]
    out_m[:, 0] = init["military"]
    out_y[:, 0] = init["gdp"]
    out_s[:, 0] = np.nan
    rec = _Recorder(out_m, out_y, out_s)
    if task.fast:
        _run_fast(task, rng, init, rec)
    else:
        world = World(
            military=init["military"].copy(),
            gdp=init["gdp"].copy(),
            growth=init["growth"].copy(),
            greedy=init["greedy"].copy(),
        )
        world.extra["recorder"] = rec
        world.extra["schedule"] = task.schedule
        phases = PHASES if task.phases is None else task.phases
        for t in range(T):
            world.year = t
            world.begin_step()
            for _, step in phases:
                world = step(world, p, rng)
    events = _decode_events(rec, task.start, C, N, out_greedy)
    summaries = rec.summaries  # year-major (years + 1, runs): _merge_summaries transposes
    if shared:
        return _ChunkResult(task.index, None, None, None, None, None, events, summaries)
    return _ChunkResult(task.index, out_m, out_y, out_s, out_greedy, out_growth, events, summaries)


def _merge_summaries(
    merged: dict[str, np.ndarray],
    part: dict[str, np.ndarray],
    bounds: tuple[int, int],
    runs: int,
    years: int,
) -> None:
    """Copy one chunk's summaries into the (runs, years + 1) arrays of ``merged``, in place.

    ``part`` holds the chunk's year-major ``(years + 1, chunk runs)`` arrays (as recorded). A
    name seen for the first time gets an array of NaN (the runs of chunks without it stay
    NaN). Called chunk by chunk in chunk order, so names keep their order of first appearance
    and only one chunk's parts are held besides the merged arrays.
    """
    lo, hi = bounds
    for name, values in part.items():
        if name not in merged:
            merged[name] = np.full((runs, years + 1), np.nan)
        merged[name][lo:hi] = values.T


def _run_fast(
    task: _ChunkTask, rng: np.random.Generator, init: dict[str, np.ndarray], rec: _Recorder
) -> None:
    from realpolitik.engine import _fast

    p = task.params
    N = p.states
    C = task.stop - task.start
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
    for t in range(task.years):
        if use_eps:
            rng.standard_normal(dtype=np.float32, out=eps)
        if use_u:
            rng.random(out=u)
        n = _fast.year_step(
            m, y, r, greedy, eps, use_eps, u, use_u, ps, sc, lm, ly, cm,
            pair_i, pair_j, rec.military, rec.gdp, rec.budget_share, t + 1, ev_flat, ev_code,
        )  # fmt: skip
        rec.add_events(t + 1, ev_flat[:n], ev_code[:n])


def _decode_events(
    rec: _Recorder, start: int, C: int, N: int, greedy: np.ndarray
) -> dict[str, np.ndarray]:
    """Turn the per-year pair codes into event columns (crisis rows, then war rows, sorted)."""
    pair_i, pair_j = pair_indices(N)
    P = pair_i.shape[0]
    if rec.flat:
        year = np.concatenate(rec.years)
        flat = np.concatenate(rec.flat)
        code = np.concatenate(rec.codes)
        rung = np.concatenate(rec.rungs)
    else:
        year = np.zeros(0, np.int32)
        flat = np.zeros(0, np.int64)
        code = np.zeros(0, np.uint16)
        rung = np.zeros(0, np.uint8)
    if rung.size and rung.max() > 127:
        raise ValueError(f"world.event_rung holds {int(rung.max())}; rungs must be <= 127")
    c, p = np.divmod(flat, P)
    i, j = pair_i[p], pair_j[p]
    second = (code & EVENT_INITIATOR_SECOND) != 0
    initiator = np.where(second, j, i)
    target = np.where(second, i, j)
    is_war = (code & EVENT_WAR) != 0
    winner = np.where((code & EVENT_WINNER_SECOND) != 0, j, i)
    # label from the true types of initiator and target (DESIGN.md)
    g_init = greedy[c, initiator]
    g_target = greedy[c, target]
    label = np.where(g_init, 1, np.where(g_target, 2, 0)).astype(np.int8)
    w = np.flatnonzero(is_war)
    assert np.all((code & EVENT_CRISIS) != 0)
    cols = {
        "run": np.concatenate([c, c[w]]).astype(np.int64) + start,
        "year": np.concatenate([year, year[w]]).astype(np.int32),
        "kind": np.concatenate([np.zeros(c.size, np.int8), np.ones(w.size, np.int8)]),
        "initiator": np.concatenate([initiator, initiator[w]]).astype(np.int32),
        "target": np.concatenate([target, target[w]]).astype(np.int32),
        "winner": np.concatenate([np.full(c.size, -1), winner[w]]).astype(np.int32),
        "label": np.concatenate([np.full(c.size, -1, np.int8), label[w]]).astype(np.int8),
    }
    for name, bit in (
        ("misperceived", FLAG_MISPERCEIVED),
        ("nuclear", FLAG_NUCLEAR),
        ("conceded", FLAG_CONCEDED),
    ):
        flag = (code & bit) != 0
        cols[name] = np.concatenate([flag, flag[w]])
    cols["rung"] = np.concatenate([rung, rung[w]]).astype(np.int8)
    pair = np.concatenate([p, p[w]])
    order = np.lexsort((cols["kind"], pair, cols["year"], cols["run"]))
    out = {k: v[order] for k, v in cols.items()}
    n_joiners, joiners = _decode_joiners(rec, out, pair[order], start, P)
    out["n_joiners"] = n_joiners
    out["joiners"] = joiners
    return out


def _decode_joiners(
    rec: _Recorder, cols: dict[str, np.ndarray], pair: np.ndarray, start: int, P: int
) -> tuple[np.ndarray, np.ndarray]:
    """Attach the recorded joiners to their war rows (sorted events): counts and flat states.

    Returns ``n_joiners`` (int16 per row) and ``joiners`` (int32, the joiners of each war row in
    row order, ascending within a row, without duplicates or the war's own sides).
    """
    n_rows = cols["run"].size
    n_joiners = np.zeros(n_rows, dtype=np.int16)
    if not rec.joiners:
        return n_joiners, np.zeros(0, dtype=np.int32)
    t = np.concatenate([j[0] for j in rec.joiners])
    flat = np.concatenate([j[1] for j in rec.joiners])
    state = np.concatenate([j[2] for j in rec.joiners])
    c, p = np.divmod(flat, P)
    Y = int(max(t.max(), cols["year"].max() if n_rows else 0)) + 1
    jkey = (c * Y + t) * P + p
    war_rows = np.flatnonzero(cols["kind"] == 1)
    run_local = cols["run"][war_rows] - start
    wkey = (run_local * Y + cols["year"][war_rows].astype(np.int64)) * P + pair[war_rows]
    pos = np.searchsorted(wkey, jkey)
    pos_c = np.minimum(pos, max(wkey.size - 1, 0))
    found = (pos < wkey.size) & (wkey[pos_c] == jkey) if wkey.size else np.zeros(jkey.size, bool)
    if not found.all():
        k = int(np.flatnonzero(~found)[0])
        raise ValueError(
            f"world.add_joiners named run {int(c[k])} (of the chunk), pair {int(p[k])} in year "
            f"{int(t[k])}, which had no war"
        )
    row = war_rows[pos]
    keep = (state != cols["initiator"][row]) & (state != cols["target"][row])
    row, state = row[keep], state[keep]
    order = np.lexsort((state, row))
    row, state = row[order], state[order]
    first = np.ones(row.size, dtype=bool)
    first[1:] = (row[1:] != row[:-1]) | (state[1:] != state[:-1])
    row, state = row[first], state[first]
    n_joiners[:] = np.bincount(row, minlength=n_rows)
    return n_joiners, state.astype(np.int32)


# --------------------------------------------------------------------------------------------
# processes and timing
# --------------------------------------------------------------------------------------------
def _start_method(requested: str | None) -> str:
    if requested is not None:
        allowed = multiprocessing.get_all_start_methods()
        if requested not in allowed:
            raise ValueError(f"start_method = {requested!r} is not available; allowed: {allowed}")
        return requested
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _warm_fast() -> None:
    """Compile (or load from the cache) the fused kernel in this process."""
    p = Params.core().resolve(2)
    task = _ChunkTask(0, 0, 1, np.random.SeedSequence(0), p, 1, None, "float64", True, None)
    _run_chunk(task)


def _warm_modules(task: _ChunkTask) -> None:
    """Run one run of a chunk for two years here, before the workers fork.

    Forked workers then inherit the mechanisms' compiled loops instead of each loading them
    (about 0.5 s and 80 MiB per worker); the result is discarded.
    """
    initial = None if task.initial is None else {k: v[:1] for k, v in task.initial.items()}
    warm = dataclasses.replace(
        task, stop=task.start + 1, years=min(task.years, 2), shared=None, initial=initial
    )
    _run_chunk(warm)


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

    The practical speed limit of the engine (CORE_MODEL.md, "Reference figures"): the same
    chunks, streams, blocks and worker processes as :func:`simulate`, without the model.

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
    p = params.resolve(_int_arg("states", states, 2))
    runs = _int_arg("runs", runs, 1)
    use_eps = bool(np.any(p.perception_noise > 0))
    use_u = p.crisis_base_rate > 0
    n_chunks = math.ceil(runs / chunk_size)
    children = np.random.SeedSequence(seed).spawn(n_chunks)
    tasks = [
        (children[c], min(runs, (c + 1) * chunk_size) - c * chunk_size, states, years, use_eps,
         use_u)
        for c in range(n_chunks)
    ]  # fmt: skip
    t0 = time.perf_counter()
    workers = min(_int_arg("workers", workers, 1), n_chunks)
    if workers == 1:
        for t in tasks:
            _draw_chunk(t)
    else:
        ctx = multiprocessing.get_context(_start_method(start_method))
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            list(pool.map(_draw_chunk, tasks))
    return time.perf_counter() - t0

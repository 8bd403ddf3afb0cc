"""Streamed simulation: each chunk written to a compressed, chunked store as it finishes.

:func:`simulate` keeps the whole record in memory (``runs x (years + 1) x states`` values per
variable), which ties the largest run to the machine's memory. :func:`simulate_stream` runs the
same chunks (:mod:`~realpolitik.engine.chunks`, the same random streams, so the same numbers)
but hands each chunk's records to a store at once, so that memory is bounded by a chunk per
worker and not by the number of runs:

- the worker that ran a chunk writes its rows of the yearly arrays into ``data.zarr`` (Zarr
  through xarray's conventions; Blosc-zstd with byte shuffle, one Zarr chunk per engine chunk;
  the yearly variables stored as (run, state, year), which compresses better, and read back as
  (run, year, state)) and computes the chunk's per-run outcomes
  (:func:`realpolitik.analysis.run_outcomes`: wars, first war, arms race, burden, wars by
  label) at full yearly resolution;
- this process appends the chunk's events to ``events.parquet`` in run order, keeps the
  per-run outcomes (a few numbers per run), the wars per year and the military of the first
  ``keep_runs`` runs (for the report's figure), and writes ``meta.json`` at the end.

What is saved (``save``): ``"full"`` the yearly record (every ``stride``-th year: years 0, k,
2k, ...), the per-run outcomes and the events; ``"summary"`` the per-run outcomes only (no
yearly arrays, no events); ``"none"`` nothing (the metrics and figures are computed all the
same). The metrics never depend on ``save`` or ``stride``; they equal
:func:`realpolitik.analysis.outcome_metrics` of the in-memory simulation with the same
``dtype``. Results depend on (seed, runs, chunk size) only, never on the executor or
``workers``.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik import analysis
from realpolitik.engine import storage
from realpolitik.engine.chunks import ChunkTask, check_int, run_chunk
from realpolitik.engine.event_table import label_coords
from realpolitik.engine.executors import Executor, make_executor, taking
from realpolitik.engine.params import Params
from realpolitik.engine.recorder import EVENT_KINDS, LABELS

__all__ = ["DATA_STORE", "KEEP_RUNS", "SAVE_MODES", "StreamedRun", "simulate_stream"]

SAVE_MODES = ("full", "summary", "none")
"""What a streamed run saves: the full record, the per-run outcomes only, or nothing."""
DATA_STORE = storage.STORE
"""The Zarr store's folder name inside a trajectory folder."""
KEEP_RUNS = 20_000
"""Runs whose yearly military is kept in memory for the report's military figure."""
YEARLY = ("military", "gdp", "budget_share")
"""The (run, year, state) variables, stored as (run, state, year)."""
LONG_NAMES = {
    "military": "military capability m",
    "gdp": "GDP y",
    "budget_share": "military_new / gdp_old (NaN in year 0)",
    "greedy": "greedy type",
    "growth": "trend growth r",
    "wars": "wars in the run",
    "first_war_year": "year of the run's first war (-1: none)",
    "arms_race": "the run had an arms race (Diehl 1983)",
    "burden": "mean military / GDP over states and years 1..T",
    "label_counts": "wars of each label in the run",
    "decision_counts": "the strategic engine's per-run counts (analysis.DECISION_COUNTS)",
}


@dataclasses.dataclass(frozen=True)
class _Spec:
    """Where and what a worker writes (a plain, picklable value)."""

    store: str | None
    full: bool
    stride: int
    summaries: tuple[str, ...]
    keep_runs: int


@dataclasses.dataclass
class _ChunkResult:
    """What a worker hands back: small, whatever the chunk's size."""

    index: int
    start: int
    stop: int
    outcomes: dict[str, np.ndarray]
    events: dict[str, np.ndarray]
    war_counts: np.ndarray
    sample: np.ndarray | None
    extra: dict[str, np.ndarray]


def _compressor() -> Any:
    import zarr

    return zarr.codecs.BloscCodec(cname="zstd", clevel=7, shuffle="shuffle")


def _write(store: str, name: str, lo: int, values: np.ndarray) -> None:
    """Write rows ``lo..`` of one array of the store."""
    import zarr

    zarr.open_array(store, path=name, mode="r+")[lo : lo + values.shape[0]] = values


def _chunk_to_store(item: tuple[ChunkTask, _Spec]) -> _ChunkResult:
    """Run one chunk, write its rows into the store, return its outcomes and events."""
    task, spec = item
    rec = run_chunk(task)
    out, chunk = rec.output, rec.chunk
    assert out is not None
    outcomes = analysis.run_outcomes(
        out.military, out.gdp, rec.events, chunk.runs, start=chunk.start
    )
    kept = slice(None, None, spec.stride)
    extra = {}
    if spec.store is not None:
        for name in ("wars", "first_war_year", "arms_race", "burden"):
            _write(spec.store, name, chunk.start, outcomes[name])
        _write(spec.store, "label_counts", chunk.start, outcomes["label_counts"].T)
        if "decisions" in outcomes:
            _write(spec.store, "decision_counts", chunk.start, outcomes["decisions"].T)
    if spec.store is not None and spec.full:
        for name in YEARLY:
            _write(spec.store, name, chunk.start, getattr(out, name)[:, kept].transpose(0, 2, 1))
        _write(spec.store, "greedy", chunk.start, out.greedy)
        _write(spec.store, "growth", chunk.start, out.growth)
        for name, values in rec.summaries.items():  # year-major (years + 1, runs)
            rows = values.T[:, kept].astype(out.military.dtype)
            if name in spec.summaries:
                _write(spec.store, name, chunk.start, rows)
            else:
                extra[name] = rows
    war = rec.events["kind"] == EVENT_KINDS.index("war")
    counts = np.bincount(rec.events["year"][war], minlength=task.years + 1).astype(np.int64)
    n_sample = max(0, min(chunk.stop, spec.keep_runs) - chunk.start)
    sample = np.array(out.military[:n_sample], dtype=np.float64) if n_sample else None
    events = rec.events if spec.full else {}
    return _ChunkResult(
        chunk.index, chunk.start, chunk.stop, outcomes, events, counts, sample, extra
    )


class StreamedRun:
    """A finished streamed simulation: its metrics and what the report draws, kept small.

    Attributes
    ----------
    params : Params
        The parameters.
    meta : dict
        The metadata (as in meta.json: seed, runs, years, states, save, stride, ...).
    path : pathlib.Path or None
        The trajectory folder (None with ``save="none"``).
    """

    def __init__(
        self,
        params: Params,
        meta: dict[str, Any],
        outcomes: dict[str, np.ndarray],
        war_counts: np.ndarray,
        sample: np.ndarray,
        path: Path | None,
    ) -> None:
        self.params = params
        self.meta = meta
        self.path = path
        self._outcomes = outcomes
        self._war_counts = war_counts
        self._sample = sample

    runs = property(lambda self: int(self.meta["runs"]), doc="The number of runs.")
    years = property(lambda self: int(self.meta["years"]), doc="The simulated years T.")
    states = property(lambda self: int(self.meta["states"]), doc="The number of states N.")
    seed = property(lambda self: int(self.meta["seed"]), doc="The root seed.")
    save = property(lambda self: str(self.meta["save"]), doc="What was saved (SAVE_MODES).")

    def metrics(self, *, resamples: int = analysis.BOOTSTRAP_RESAMPLES) -> Any:
        """Return the outcome metrics with 95% intervals (as ``Trajectory.metrics``)."""
        return analysis.metrics_from_outcomes(self._outcomes, resamples=resamples,
                                              years=self.years)  # fmt: skip

    def outcomes(self) -> dict[str, np.ndarray]:
        """Return the per-run outcomes (:func:`realpolitik.analysis.run_outcomes`)."""
        return dict(self._outcomes)

    def first_war_year(self) -> np.ndarray:
        """Return the year of each run's first war (-1 where it had none)."""
        return self._outcomes["first_war_year"]

    def war_year_counts(self) -> np.ndarray:
        """Return the number of wars in each year 0..T over all runs: int64 ``(T + 1,)``."""
        return self._war_counts

    def array(self, name: str) -> np.ndarray:
        """Return the yearly military of the first :data:`KEEP_RUNS` runs (``name="military"``).

        Raises
        ------
        ValueError
            For another name: a streamed run keeps only this sample in memory (load the
            saved trajectory for the rest).
        """
        if name != "military":
            raise ValueError(
                f"a streamed run keeps only 'military' of its first {KEEP_RUNS:,} runs in "
                f"memory, not {name!r}; load the saved trajectory (--save full) instead"
            )
        return self._sample

    def trajectory(self) -> Any:
        """Return the saved trajectory, loaded lazily (``save="full"`` only).

        Raises
        ------
        ValueError
            When the run did not save its full record.
        """
        from realpolitik.engine.trajectory import Trajectory

        if self.path is None or self.save != "full":
            raise ValueError(f"save = {self.save!r} kept no yearly record; use save='full'")
        return Trajectory.load(self.path)

    def __repr__(self) -> str:
        return (
            f"<StreamedRun runs={self.runs} years={self.years} states={self.states} "
            f"seed={self.seed} save={self.save!r} path={self.path}>"
        )


def simulate_stream(
    params: Params,
    *,
    states: int,
    runs: int,
    years: int,
    seed: int | None,
    directory: str | Path | None = None,
    save: str = "full",
    stride: int = 1,
    chunk_size: int = 1024,
    workers: int = 1,
    initial: Mapping[str, Any] | None = None,
    dtype: str = "float32",
    schedule: Sequence[Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    state_names: Sequence[str] | None = None,
    start_year: int | None = None,
    start_method: str | None = None,
    executor: Executor | None = None,
    keep_runs: int = KEEP_RUNS,
) -> StreamedRun:
    """Simulate like :func:`~realpolitik.engine.simulate`, streaming chunks to a store.

    Parameters
    ----------
    params, states, runs, years, seed, chunk_size, workers, initial, schedule, progress,
    state_names, start_year, start_method, executor
        As for :func:`~realpolitik.engine.simulate`.
    directory
        The trajectory folder to write (created; required unless ``save="none"``).
    save
        ``"full"``, ``"summary"`` or ``"none"`` (see the module docstring).
    stride
        Record every ``stride``-th year of the yearly arrays (years 0, k, 2k, ...; >= 1).
    dtype
        The records' dtype (default ``"float32"``: about 7 significant digits, a third of the
        disk of float64 once compressed; the model computes in float64).
    keep_runs
        Runs whose military is kept in memory for the report (default 20,000).

    Returns
    -------
    StreamedRun
        The metrics, the outcomes per run and the report's sample.

    Raises
    ------
    ValueError
        For an invalid argument (naming it, its value and what is allowed).
    """
    from realpolitik.engine.simulate import _meta, _setup, state_labels

    if save not in SAVE_MODES:
        raise ValueError(f"save = {save!r} is not allowed; choose one of {list(SAVE_MODES)}")
    stride = check_int("stride", stride, 1)
    if directory is None and save != "none":
        raise ValueError(f"save = {save!r} needs a directory to write to")
    setup = _setup(
        params, states, runs, years, seed, chunk_size, initial, dtype, None, None, schedule, ()
    )
    meta = {**_meta(setup, params), **state_labels(setup.states, state_names, start_year)}
    meta.update(save=save, stride=stride, format="zarr")
    if executor is None:  # before the store starts zarr's I/O thread (fork needs one thread)
        executor = make_executor(min(check_int("workers", workers, 1), len(setup.plan)),
                                 start_method)  # fmt: skip
    path = None if save == "none" else Path(directory)  # type: ignore[arg-type]
    summaries = store_summaries(setup.tasks[0])
    store = None if path is None else _create_store(path, setup, meta, summaries, save == "full")
    spec = _Spec(store, save == "full", stride, summaries, keep_runs)
    collected = _Collector(setup, meta, path, spec)
    with taking(executor.map(_chunk_to_store, [(t, spec) for t in setup.tasks])) as results:
        for result in results:
            collected.add(result)
            if progress is not None:
                progress(collected.done, setup.plan.runs)
    return collected.finish(params)


def store_summaries(task: ChunkTask) -> tuple[str, ...]:
    """Return the yearly summaries a run of ``task`` produces (one run, two years, probed)."""
    chunk = task.chunk
    probe = dataclasses.replace(
        task,
        chunk=dataclasses.replace(chunk, stop=chunk.start + 1),
        years=min(task.years, 2),
        initial=None if task.initial is None else {k: v[:1] for k, v in task.initial.items()},
    )
    return tuple(run_chunk(probe).summaries)


def _strategic(setup: Any) -> bool:
    """Return whether the run's events carry the strategic engine's columns."""
    return any(c.name == "outcome" for c in setup.columns)


def _create_store(
    path: Path, setup: Any, meta: dict[str, Any], summaries: tuple[str, ...], full: bool
) -> str:
    """Create the trajectory folder and its empty store (coordinates and arrays)."""
    import xarray as xr

    path.mkdir(parents=True, exist_ok=True)
    for name in (*storage.FILES.values(), DATA_STORE):
        target = path / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    store = str(path / DATA_STORE)
    runs, years, n = setup.plan.runs, setup.years, setup.states
    kept = np.arange(0, years + 1, meta["stride"])
    coords = label_coords(runs, kept, meta)
    coords["label"] = np.array(LABELS, dtype=object)
    xr.Dataset(coords=coords).to_zarr(store, mode="w", consolidated=False)
    c = setup.plan.chunk_size
    arrays: list[tuple[str, tuple[int, ...], tuple[str, ...], Any]] = [
        ("wars", (runs,), ("run",), np.int64),
        ("first_war_year", (runs,), ("run",), np.int64),
        ("arms_race", (runs,), ("run",), bool),
        ("burden", (runs,), ("run",), np.float64),
        ("label_counts", (runs, len(LABELS)), ("run", "label"), np.int64),
    ]
    if _strategic(setup):
        arrays.append(("decision_counts", (runs, len(analysis.DECISION_COUNTS)),
                       ("run", "decision_count"), np.float64))  # fmt: skip
    if full:
        arrays += [(name, (runs, n, kept.size), ("run", "state", "year"), setup.dtype)
                   for name in YEARLY]  # fmt: skip
        arrays += [("greedy", (runs, n), ("run", "state"), bool),
                   ("growth", (runs, n), ("run", "state"), np.float64)]  # fmt: skip
        arrays += [(name, (runs, kept.size), ("run", "year"), setup.dtype)
                   for name in summaries]  # fmt: skip
    for name, shape, dims, dtype in arrays:
        _create_array(store, name, shape, dims, dtype, c)
    return store


def _create_array(
    store: str, name: str, shape: tuple[int, ...], dims: tuple[str, ...], dtype: Any, c: int
) -> None:
    """Create one array of the store: chunks of ``c`` runs, NaN (or 0) where unwritten."""
    import zarr

    dt = np.dtype(dtype)
    group = zarr.open_group(store, mode="a")
    group.create_array(
        name,
        shape=shape,
        chunks=(min(c, shape[0]), *shape[1:]),
        dtype=dt,
        fill_value=np.nan if dt.kind == "f" else 0,
        dimension_names=list(dims),
        compressors=_compressor(),
        attributes={"long_name": LONG_NAMES.get(name, f"yearly summary {name}")},
    )


class _Collector:
    """Collect in the calling process: outcomes, events in run order, the sample, meta.json."""

    def __init__(self, setup: Any, meta: dict[str, Any], path: Path | None, spec: _Spec) -> None:
        runs = setup.plan.runs
        self.setup, self.meta, self.path, self.spec = setup, meta, path, spec
        self.done = 0
        self.outcomes = {
            "wars": np.zeros(runs, np.int64),
            "first_war_year": np.zeros(runs, np.int64),
            "arms_race": np.zeros(runs, bool),
            "burden": np.zeros(runs),
            "label_counts": np.zeros((len(LABELS), runs), np.int64),
        }
        if _strategic(setup):
            self.outcomes["decisions"] = np.zeros((len(analysis.DECISION_COUNTS), runs))
        self.war_counts = np.zeros(setup.years + 1, np.int64)
        self.sample = np.empty((min(runs, spec.keep_runs), setup.years + 1, setup.states))
        self.pending: dict[int, _ChunkResult] = {}
        self.next = 0
        self.writer: Any = None
        self.summaries = list(spec.summaries)

    def add(self, result: _ChunkResult) -> None:
        """Take one chunk's result (in any order of arrival)."""
        lo, hi = result.start, result.stop
        for name, values in result.outcomes.items():
            self.outcomes[name][..., lo:hi] = values
        self.war_counts += result.war_counts
        if result.sample is not None:
            self.sample[lo : lo + result.sample.shape[0]] = result.sample
        for name, rows in result.extra.items():  # a summary the probe did not see
            if name not in self.summaries:
                _create_array(self.spec.store, name, (self.setup.plan.runs, rows.shape[1]),
                              ("run", "year"), rows.dtype, self.setup.plan.chunk_size)  # fmt: skip
                self.summaries.append(name)
            _write(self.spec.store, name, lo, rows)
        self.done += hi - lo
        if self.spec.full:
            self.pending[result.index] = result
            while self.next in self.pending:  # events in run order, whatever the arrival
                self._write_events(self.pending.pop(self.next).events)
                self.next += 1

    def _write_events(self, events: dict[str, np.ndarray]) -> None:
        import pyarrow.parquet as pq

        table = storage.events_table(
            events, kinds=EVENT_KINDS, labels=LABELS, columns=self.setup.columns,
            names=self.meta["state_names"],
        )  # fmt: skip
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path / storage.FILES["events"], table.schema)
        self.writer.write_table(table)

    def finish(self, params: Params) -> StreamedRun:
        """Close the events file, write meta.json, return the run."""
        if self.writer is not None:
            self.writer.close()
        meta = dict(self.meta)
        if self.setup.columns:
            meta["event_columns"] = [c.to_dict() for c in self.setup.columns]
        if self.spec.full:
            meta["summaries"] = self.summaries
        if self.path is not None:
            text = json.dumps({"params": params.to_dict(), **meta}, indent=2, allow_nan=False)
            (self.path / storage.FILES["meta"]).write_text(text + "\n")
        return StreamedRun(params, meta, self.outcomes, self.war_counts, self.sample, self.path)

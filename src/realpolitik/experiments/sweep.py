"""Sweeps: run an experiment's missing chunks on an executor into its results store.

The chunk of the engine (:func:`realpolitik.engine.run_chunk`) is the task: a worker runs one
chunk of one cell and hands back its per-run outcomes (a few numbers per run,
:func:`chunk_outcomes`); the driver writes each chunk in one transaction as it arrives
(:meth:`~realpolitik.experiments.store.ResultsStore.write_chunk`). A chunk's numbers depend
on (experiment, cell, chunk) only (:mod:`realpolitik.experiments.design`), so a store is the
same bit for bit whichever executor ran it, with how many workers, in how many sittings.

Executors (:data:`EXECUTORS`): ``serial`` (this process), ``processes`` (local processes,
:class:`realpolitik.engine.executors.ProcessExecutor`) and ``dask`` (:class:`DaskExecutor`:
a ``distributed.LocalCluster`` of ``workers`` single-threaded processes, or the cluster whose
scheduler is at ``scheduler``, e.g. one started by dask-jobqueue on SLURM; docs/experiments.md).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.engine.chunks import ChunkTask, run_chunk
from realpolitik.engine.executors import (
    Executor,
    ProcessExecutor,
    SerialExecutor,
    small_task,
    taking,
)
from realpolitik.engine.recorder import EVENT_KINDS
from realpolitik.experiments.analysis import RUN_COLUMNS, run_table
from realpolitik.experiments.design import Cell, Sweep
from realpolitik.experiments.store import ResultsStore, open_store

__all__ = [
    "EXECUTORS",
    "ChunkResult",
    "DaskExecutor",
    "SweepResult",
    "chunk_outcomes",
    "local_cluster",
    "make_executor",
    "run_sweep",
    "warm_up_outcomes",
]

EXECUTORS = ("serial", "processes", "dask")
"""The executors a sweep can run on."""


@dataclass
class ChunkResult:
    """What a worker hands back for one chunk: small, whatever the chunk's size."""

    cell: int
    chunk: int
    start: int
    columns: dict[str, np.ndarray]
    seconds: float


def chunk_outcomes(item: tuple[int, ChunkTask]) -> ChunkResult:
    """Run one chunk of one cell and return its per-run outcomes (a worker's function).

    Parameters
    ----------
    item
        (cell, the chunk's task).

    Returns
    -------
    ChunkResult
        The outcomes of :data:`~realpolitik.experiments.analysis.RUN_COLUMNS` per run, and
        those of :func:`~realpolitik.experiments.analysis.extra_outcomes` the chunk allows.
    """
    from realpolitik.analysis import run_outcomes
    from realpolitik.experiments.analysis import extra_outcomes

    cell, task = item
    began = time.perf_counter()
    rec = run_chunk(task)
    out, chunk = rec.output, rec.chunk
    assert out is not None
    outcomes = run_outcomes(out.military, out.gdp, rec.events, chunk.runs, start=chunk.start)
    yearly = {k: v.T for k, v in rec.summaries.items() if k in ("violations_detected", "cheaters")}
    events = {**rec.events, "kind": np.asarray(EVENT_KINDS)[rec.events["kind"]]}  # coded
    extras = extra_outcomes(events, chunk.runs, start=chunk.start, **yearly)
    table = run_table(outcomes, extras)
    columns = {k: table[k].to_numpy() for k in (*RUN_COLUMNS, *extras)}
    return ChunkResult(cell, chunk.index, chunk.start, columns, time.perf_counter() - began)


def warm_up_outcomes(task: ChunkTask) -> None:
    """Run :func:`chunk_outcomes` on a small copy of a task (8 runs, 3 years); discard it.

    Compiles (or loads from Numba's cache) the engine's loops and the outcome functions
    once per process, so that a sweep's first chunk in each worker is not slower than the
    others (about 1-2 s of loading otherwise). Forked workers inherit what it loaded.
    """
    chunk_outcomes((-1, small_task(task, runs=8, years=3)))


LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.work-stealing": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}
"""Dask settings of the LocalCluster a sweep starts (:func:`local_cluster`).

A sweep's LocalCluster shares the machine's cores with its own scheduler and nannies, so what
they do besides running chunks is taken from the chunks:

* Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which returns freed
  memory to the system at once; a chunk allocates and frees its yearly arrays over and over,
  so each allocation then faults its pages in afresh (seven times the page faults, a chunk
  10-15% slower). Without it a chunk runs as fast in a Dask worker as in this process.
* The statistical profiler samples the running task every 10 ms; work stealing rebalances
  every 100 ms (one task per free worker is all a sweep needs: its chunks are alike); the
  event loops tick every 20 ms and the system and memory monitors poll every 0.5 s and
  0.1 s. With their defaults a worker's and the scheduler's own CPU time was 30-36% of the
  chunks' compute on a 2-core machine, with these settings 8-11%.
"""


def local_cluster(workers: int) -> Any:
    """Start a ``distributed.LocalCluster`` tuned for sweeps and return it.

    ``workers`` processes of one thread each (the engine is numpy and Numba, so processes,
    not threads, run chunks in parallel), no dashboard, logs at ERROR, and the settings of
    :data:`LOCAL_CLUSTER_CONFIG`.
    """
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )


class DaskExecutor(Executor):
    """Runs the chunks on a Dask cluster (``distributed``), yielding results as they finish.

    Parameters
    ----------
    workers
        Worker processes of the LocalCluster started when no ``scheduler`` is given (one
        thread each: the engine is numpy and Numba, so processes, not threads, run chunks in
        parallel).
    scheduler
        The address of a running scheduler (``tcp://host:8786``), or None for a LocalCluster.
    """

    def __init__(self, workers: int = 2, scheduler: str | None = None) -> None:
        self.workers = int(workers)
        self.scheduler = scheduler

    def _client(self) -> tuple[Any, Any]:
        from distributed import Client

        if self.scheduler is not None:
            return Client(self.scheduler, timeout="20s"), None
        cluster = local_cluster(self.workers)
        return Client(cluster), cluster

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Submit every item to the cluster; yield the results as they finish (any order)."""
        from distributed import as_completed

        client, cluster = self._client()
        try:
            futures = client.map(fn, list(items), pure=False)
            for future in as_completed(futures):
                yield future.result()
                future.release()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def make_executor(kind: str, workers: int = 1, scheduler: str | None = None) -> Executor:
    """Return the executor ``kind`` (:data:`EXECUTORS`) with ``workers`` workers.

    Raises
    ------
    ValueError
        For an unknown kind, workers < 1, or a scheduler address without ``--executor dask``.
    """
    if kind not in EXECUTORS:
        raise ValueError(f"executor = {kind!r} is not allowed; choose one of {list(EXECUTORS)}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers = {workers!r} is out of range; allowed: integers >= 1")
    if scheduler is not None and kind != "dask":
        raise ValueError(f"a scheduler address ({scheduler}) needs the dask executor")
    if kind == "serial":
        return SerialExecutor()
    if kind == "processes":
        return ProcessExecutor(workers)
    return DaskExecutor(workers, scheduler)


def cell_tasks(sweep: Sweep, cell: Cell) -> tuple[ChunkTask, ...]:
    """Return the chunk tasks of one cell (the engine's plan for the cell's root seed)."""
    from realpolitik.engine.simulate import _setup

    compiled = cell.compiled
    setup = _setup(
        compiled.params,
        compiled.states,
        sweep.runs,
        sweep.years,
        cell.seed,
        sweep.chunk_size,
        compiled.initial,
        "float64",
        None,
        None,
        compiled.schedule or None,
        (),
    )
    return setup.tasks


def _pending(sweep: Sweep, missing: list[tuple[int, int]]) -> Iterator[tuple[int, ChunkTask]]:
    """Yield (cell, task) for the missing chunks, building each cell's tasks once."""
    by_cell: dict[int, list[int]] = {}
    for cell, chunk in missing:
        by_cell.setdefault(cell, []).append(chunk)
    for cell, chunks in by_cell.items():
        tasks = cell_tasks(sweep, sweep.cells[cell])
        for chunk in chunks:
            yield cell, tasks[chunk]


@dataclass(frozen=True)
class SweepResult:
    """What a sweep did: the chunks it ran now, those found finished, and the times.

    Attributes
    ----------
    path : pathlib.Path
        The store.
    ran, skipped, total : int
        Chunks run now, found finished (resumed), in the sweep.
    runs : int
        Runs simulated now.
    seconds : float
        Wall-clock time of this sitting.
    compute_seconds : float
        The sum of the chunks' compute times (as measured in the workers).
    write_seconds : float
        Time the driver spent writing chunks to the store.
    setup_seconds : float
        Time before the first chunk was handed to the executor (checking or creating the
        store, finding the missing chunks).
    """

    path: Path
    ran: int
    skipped: int
    total: int
    runs: int
    seconds: float
    compute_seconds: float
    write_seconds: float
    setup_seconds: float


def run_sweep(
    sweep: Sweep,
    store: str | os.PathLike[str],
    *,
    executor: str | Executor = "serial",
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Run the chunks the store lacks and write each one as it finishes.

    Parameters
    ----------
    sweep
        The checked sweep (:func:`~realpolitik.experiments.design.build_sweep`).
    store
        The results store file (created if absent; see :func:`~realpolitik.experiments.
        store.open_store` for what is refused).
    executor
        ``"serial"``, ``"processes"``, ``"dask"`` or an :class:`Executor`.
    workers
        Processes (or Dask workers of a LocalCluster).
    scheduler
        A Dask scheduler's address (with ``executor="dask"``).
    progress
        ``progress(done_runs, runs_to_run)``, called at the start (0) and after each chunk;
        ``runs_to_run`` counts the runs of the missing chunks only.

    Returns
    -------
    SweepResult
        What ran and how long it took.
    """
    began = time.perf_counter()
    run_on = (
        executor if isinstance(executor, Executor) else make_executor(executor, workers, scheduler)
    )
    with open_store(store, sweep) as db:  # checks (or creates) the store, then closes it
        missing = db.missing()
        finished_chunks, total_chunks, done, total = db.progress()
    setup = time.perf_counter() - began
    to_run, done = total - done, 0
    if progress is not None:
        progress(0, to_run)
    items = _pending(sweep, missing)
    if missing and isinstance(run_on, ProcessExecutor):  # compile once, before the fork
        first = next(items)
        warm_up_outcomes(first[1])
        items = _chain(first, items)
    # the workers start (fork) at the first result, before the store's connection opens:
    # a process holding DuckDB's threads is not forked
    compute = written = 0.0
    ran = runs = 0
    with taking(run_on.map(chunk_outcomes, items) if missing else iter(())) as results:
        head = next(results, None)
        if head is not None:
            with ResultsStore(store, read_only=False) as db:
                for result in _chain(head, results):
                    t0 = time.perf_counter()
                    db.write_chunk(
                        result.cell, result.chunk, result.start, result.columns, result.seconds
                    )
                    written += time.perf_counter() - t0
                    compute += result.seconds
                    ran += 1
                    n = len(result.columns["wars"])
                    runs += n
                    done += n
                    if progress is not None:
                        progress(done, to_run)
    return SweepResult(
        Path(store),
        ran,
        finished_chunks,
        total_chunks,
        runs,
        time.perf_counter() - began,
        compute,
        written,
        setup,
    )


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest

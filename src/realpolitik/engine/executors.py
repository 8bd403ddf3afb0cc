"""Executors: who runs the chunks (this process, local processes; the policy lab adds Dask).

The chunk is the unit of work; a result depends on (seed, runs, chunk size) only, never on
the executor or its number of workers (:mod:`realpolitik.engine.chunks`).

The interface (:class:`Executor`) is small: ``map(fn, items)`` applies a picklable function to
each item and yields the results as they finish, in any order; ``run(tasks, out)`` runs chunk
tasks (:func:`~realpolitik.engine.chunks.run_chunk`) and yields their
:class:`~realpolitik.engine.chunks.ChunkRecords`. An executor may write a chunk's yearly arrays
straight into the simulation's arrays (``out``, allocated with :meth:`Executor.allocate`) and
then hand back records without them; whoever assembles the records copies the arrays a record
does carry. A Dask executor implements ``map`` by submitting one task per item and yielding
them as completed; nothing else is needed.

- :class:`SerialExecutor`: this process, chunk after chunk, writing into ``out`` directly.
- :class:`ProcessExecutor`: a :class:`concurrent.futures.ProcessPoolExecutor` with an explicit
  start method (the global one is never changed). With ``fork`` the arrays live in shared
  anonymous memory and the workers write their rows into them (a private optimisation: with
  ``spawn`` the records carry their arrays back). Before forking, one run of the first chunk
  is stepped here for two years, so the workers inherit the compiled loops instead of each
  loading them. The workers ignore SIGINT: Ctrl-C reaches this process, which stops the
  workers at once (pending chunks cancelled, running ones terminated) and re-raises.
"""

from __future__ import annotations

import dataclasses
import mmap
import multiprocessing
import signal
import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np

from realpolitik.engine.chunks import Chunk, ChunkOutput, ChunkRecords, ChunkTask, run_chunk

__all__ = [
    "Executor",
    "ProcessExecutor",
    "SerialExecutor",
    "make_executor",
    "pick_start_method",
    "small_task",
]


def pick_start_method(requested: str | None = None) -> str:
    """Return the multiprocessing start method to use.

    Parameters
    ----------
    requested
        A start method, or None for the default: ``"fork"`` on Linux when this process runs a
        single thread (forking a threaded process is unsafe), else ``"spawn"``.

    Returns
    -------
    str
        The start method.

    Raises
    ------
    ValueError
        If ``requested`` is not available on this platform.
    """
    if requested is not None:
        allowed = multiprocessing.get_all_start_methods()
        if requested not in allowed:
            raise ValueError(f"start_method = {requested!r} is not available; allowed: {allowed}")
        return requested
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _mmap_empty(
    shape: tuple[int, ...], dtype: np.dtype, shared: bool, populate: bool = False
) -> np.ndarray:
    """Return an uninitialised array in its own anonymous memory map.

    ``shared=True`` maps it shared, so forked workers write straight into it. Either way the
    memory is mapped with small pages, whose first touch is much cheaper than the huge pages
    numpy requests for large arrays on some virtual machines. ``populate=True`` asks the
    kernel to fault every page in at once (``MAP_POPULATE`` where there is one): cheaper than
    one fault per page for an array about to be written whole.
    """
    dtype = np.dtype(dtype)
    count = int(np.prod(shape))
    if not hasattr(mmap, "MAP_PRIVATE"):  # pragma: no cover - Windows
        return np.empty(shape, dtype)
    flags = mmap.MAP_SHARED if shared else mmap.MAP_PRIVATE
    if populate:
        flags |= getattr(mmap, "MAP_POPULATE", 0)
    buf = mmap.mmap(-1, max(1, count * dtype.itemsize), flags=flags | mmap.MAP_ANONYMOUS)
    return np.frombuffer(buf, dtype=dtype, count=count).reshape(shape)


class Executor(ABC):
    """Runs chunk tasks; what it returns never depends on which executor ran them.

    Attributes
    ----------
    workers : int
        How many chunks it runs at once.
    """

    workers: int = 1

    def allocate(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        """Return an uninitialised array for the assembled results (private memory).

        Parameters
        ----------
        shape, dtype
            As for :func:`numpy.empty`.

        Returns
        -------
        numpy.ndarray
            The array.
        """
        return _mmap_empty(shape, dtype, shared=False)

    @abstractmethod
    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Apply ``fn`` to every item; yield the results as they finish (in any order).

        Parameters
        ----------
        fn
            A picklable (module-level) function.
        items
            Its arguments, one per call (picklable).

        Returns
        -------
        Iterator
            The results.
        """

    def run(
        self, tasks: Sequence[ChunkTask], out: ChunkOutput | None = None
    ) -> Iterator[ChunkRecords]:
        """Run chunk tasks; yield each chunk's records as it finishes (in any order).

        Parameters
        ----------
        tasks
            The chunks' tasks.
        out
            The simulation's arrays (allocated with :meth:`allocate`); an executor may write a
            chunk's rows into them and return records whose ``output`` is None.

        Returns
        -------
        Iterator of ChunkRecords
            One per task.
        """
        return self.map(run_chunk, tasks)


class SerialExecutor(Executor):
    """Runs the chunks in this process, one after the other."""

    workers = 1

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Apply ``fn`` to every item in turn (see :meth:`Executor.map`)."""
        for item in items:
            yield fn(item)

    def run(
        self, tasks: Sequence[ChunkTask], out: ChunkOutput | None = None
    ) -> Iterator[ChunkRecords]:
        """Run the tasks in turn, writing into ``out`` (see :meth:`Executor.run`)."""
        for task in tasks:
            yield run_chunk(task, None if out is None else out.rows(task.chunk))


_SHARED: dict[int, ChunkOutput] = {}
"""Output arrays in shared memory, inherited by forked workers (token -> arrays)."""


def _run_shared(args: tuple[int, ChunkTask]) -> ChunkRecords:
    """Run a task in a forked worker, writing its rows into the shared arrays."""
    token, task = args
    records = run_chunk(task, _SHARED[token].rows(task.chunk))
    records.output = None
    return records


def small_task(task: ChunkTask, runs: int = 1, years: int = 2) -> ChunkTask:
    """Return a copy of a chunk task cut to its first ``runs`` runs and ``years`` years.

    A warm-up runs it to compile (or load from Numba's cache) the loops the task uses; its
    result is never kept.
    """
    chunk = task.chunk
    runs = max(1, min(runs, chunk.runs))
    initial = None if task.initial is None else {k: v[:runs] for k, v in task.initial.items()}
    return dataclasses.replace(
        task,
        chunk=Chunk(chunk.index, chunk.start, chunk.start + runs, chunk.seed),
        years=min(task.years, years),
        initial=initial,
    )


def warm_up(task: ChunkTask) -> None:
    """Run one run of a chunk for at most two years here; discard the result.

    Compiles (or loads from Numba's cache) the loops and kernel the task uses, so that forked
    workers inherit them instead of each loading them (about 0.5 s and 80 MiB per worker).
    """
    run_chunk(small_task(task))


def _ignore_sigint() -> None:
    """Let Ctrl-C reach only the parent process (a worker's initializer)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel a pool's pending tasks and terminate its workers without waiting for them."""
    pool.shutdown(wait=False, cancel_futures=True)
    processes = getattr(pool, "_processes", None) or {}  # no public way before Python 3.14
    for process in list(processes.values()):
        process.terminate()
    for process in list(processes.values()):
        process.join(timeout=5)


class ProcessExecutor(Executor):
    """Runs the chunks in local processes (see the module docstring).

    Parameters
    ----------
    workers
        The number of processes (>= 1).
    start_method
        The multiprocessing start method (default: :func:`pick_start_method`).
    """

    def __init__(self, workers: int = 2, start_method: str | None = None) -> None:
        self.workers = int(workers)
        self.method = pick_start_method(start_method)
        self._shared: set[int] = set()

    def allocate(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        """Return an array in shared memory with ``fork`` (private otherwise)."""
        shared = self.method == "fork"
        arr = _mmap_empty(shape, dtype, shared=shared)
        if shared:
            self._shared.add(id(arr))
        return arr

    def _pool(self) -> ProcessPoolExecutor:
        ctx = multiprocessing.get_context(self.method)
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=ctx, initializer=_ignore_sigint
        )

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Apply ``fn`` to every item in the worker processes (see :meth:`Executor.map`).

        When the caller stops early (Ctrl-C, an error, the iterator closed), the workers are
        stopped at once instead of finishing the remaining chunks.
        """
        pool = self._pool()
        try:
            yield from pool.map(fn, items)
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown()

    def run(
        self, tasks: Sequence[ChunkTask], out: ChunkOutput | None = None
    ) -> Iterator[ChunkRecords]:
        """Run the tasks in the worker processes (see :meth:`Executor.run`)."""
        tasks = list(tasks)
        if not tasks:
            return
        in_place = out is not None and all(id(a) in self._shared for a in out)
        if tasks[0].fast or self.method == "fork":
            warm_up(tasks[0])
        if not in_place:
            yield from self.map(run_chunk, tasks)
            return
        token = id(out.military)
        _SHARED[token] = out
        try:
            yield from self.map(_run_shared, [(token, task) for task in tasks])
        finally:
            _SHARED.pop(token, None)


def make_executor(workers: int = 1, start_method: str | None = None) -> Executor:
    """Return the local executor for ``workers`` processes (1: this process).

    Parameters
    ----------
    workers
        The number of worker processes; 1 runs in this process.
    start_method
        The start method of the processes (checked even when ``workers`` is 1).

    Returns
    -------
    Executor
        A :class:`SerialExecutor` or a :class:`ProcessExecutor`.
    """
    method = pick_start_method(start_method)
    if workers <= 1:
        return SerialExecutor()
    return ProcessExecutor(workers, method)

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
  anonymous memory and the workers write their rows into them, and they hand the rest of a
  chunk's records (event columns, summaries) back through another shared map instead of the
  pool's pipe (private optimisations, :class:`_Arena`: with ``spawn`` the records carry their
  arrays back, pickled). Before forking, one run of the first chunk is stepped here for two
  years, so the workers inherit the compiled loops instead of each loading them. The workers
  ignore SIGINT: Ctrl-C reaches this process, which stops the workers at once (pending chunks
  cancelled, running ones terminated) and re-raises.

Whoever loops over ``map`` or ``run`` does so inside :func:`taking`: if the loop stops early
(Ctrl-C while this process takes a chunk, an error), the results are closed as the loop is
left, which stops the workers then. Otherwise the results would stay open as long as the
error's traceback keeps the loop's frame alive, and the workers would go on running chunks
(and writing into a folder the caller is already removing).
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import mmap
import multiprocessing
import signal
import sys
import threading
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, NamedTuple

import numpy as np

from realpolitik.engine.chunks import (
    Chunk,
    ChunkOutput,
    ChunkRecords,
    ChunkTask,
    _run_chunk,
    run_chunk,
)
from realpolitik.engine.maps import MADV_POPULATE_READ, MADV_POPULATE_WRITE, NORESERVE, mmap_empty

__all__ = [
    "Executor",
    "ProcessExecutor",
    "SerialExecutor",
    "make_executor",
    "pick_start_method",
    "small_task",
    "taking",
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


@contextlib.contextmanager
def taking(results: Iterator[Any]) -> Iterator[Iterator[Any]]:
    """Hand out an executor's results; close them when the ``with`` block is left.

    Closing the results of :meth:`Executor.map` or :meth:`Executor.run` before they are all
    taken cancels the pending items and stops the workers at once (module docstring).

    Parameters
    ----------
    results
        What ``map`` or ``run`` returned (an iterator without ``close`` is left as it is).

    Yields
    ------
    Iterator
        The same results.
    """
    try:
        yield results
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()


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
        return mmap_empty(shape, dtype, shared=False)

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
        self,
        tasks: Sequence[ChunkTask],
        out: ChunkOutput | None = None,
        *,
        empty: Callable[..., np.ndarray] | None = None,
    ) -> Iterator[ChunkRecords]:
        """Run the tasks in turn, writing into ``out`` (see :meth:`Executor.run`).

        ``empty(shape, dtype, name)``, when given, allocates the chunks' event columns
        (:func:`~realpolitik.engine.event_decode.decode_events`; the simulation's own columns,
        :class:`~realpolitik.engine.maps.Columns`).
        """
        for task in tasks:
            yield _run_chunk(task, None if out is None else out.rows(task.chunk), empty)


_MADV_REMOVE = getattr(mmap, "MADV_REMOVE", 9)
"""Linux's ``MADV_REMOVE``: free a shared range's pages."""


class _Slot(NamedTuple):
    """Where an array of a chunk's records lies in the :class:`_Arena`."""

    offset: int
    dtype: np.dtype
    shape: tuple[int, ...]


class _Arena:
    """Shared memory that forked workers hand their chunks' records back in (fork only).

    A chunk's records are tens of MiB (the strategic engine's 1024 runs x 200 years: ~54 MiB
    of event columns and summaries). Pickled through the pool's pipe, 64 KiB at a time, they
    kept a worker waiting on the parent for ~0.2 s per chunk on a busy machine; here a worker
    copies its large arrays into one shared anonymous map, created before the workers fork
    (reserved, ``MAP_NORESERVE``, so untouched memory costs nothing), and hands back only
    their places (:class:`_Slot`). A lock guards the next free offset. The parent's arrays
    are views of the map; once every view of an array is gone its pages are freed
    (``MADV_REMOVE``), so the memory held is what pickled copies would have held. An array
    that does not fit, or a map that cannot be made, goes back pickled: the values never
    depend on the route.
    """

    SIZES = (1 << 40, 1 << 36)
    """Bytes to reserve, the first that can be mapped (virtual: only written pages count)."""
    SMALL = 1 << 16
    """Arrays under this many bytes go back pickled."""

    def __init__(self, buf: mmap.mmap, lock: Any) -> None:
        self.buf = buf
        self.lock = lock
        self.page = mmap.PAGESIZE
        self.top = np.frombuffer(buf, np.int64, 1)  # the next free offset, after the header
        self.top[0] = self.page
        self.base = int(self.top.__array_interface__["data"][0])
        self.made: dict[int, tuple[int, int]] = {}  # a worker's arrays: address -> offset, bytes

    @classmethod
    def create(cls, method: str) -> _Arena | None:
        """Return a new arena for ``fork`` workers on Linux, or None (records go pickled)."""
        if method != "fork" or not sys.platform.startswith("linux"):
            return None
        flags = mmap.MAP_SHARED | mmap.MAP_ANONYMOUS | NORESERVE
        for size in cls.SIZES:
            try:
                buf = mmap.mmap(-1, size, flags=flags)
            except (OSError, ValueError, OverflowError):
                continue
            return cls(buf, multiprocessing.get_context(method).Lock())
        return None  # pragma: no cover - address space or commit limits

    def _round(self, n: int) -> int:
        return -(-n // self.page) * self.page

    def _advise(self, option: int, start: int, length: int) -> None:
        with contextlib.suppress(OSError, ValueError):  # a hint: old kernels refuse populate
            self.buf.madvise(option, start, length)

    def _reserve(self, size: int) -> int | None:
        """Return the offset of ``size`` free bytes (page multiples), or None when full."""
        with self.lock:
            start = int(self.top[0])
            if start + size > len(self.buf):
                return None
            self.top[0] = start + size
        self._advise(MADV_POPULATE_WRITE, start, size)
        return start

    def empty(self, shape: tuple[int, ...], dtype: Any, name: str | None = None) -> np.ndarray:
        """Return an uninitialised array in the arena, pages faulted in (worker; large only).

        A chunk's event columns are made here (:func:`~realpolitik.engine.chunks._run_chunk`)
        so that :meth:`put` hands them back without a copy; small ones, or any when the arena
        is full, are numpy's. ``name`` (the column's) is not used.
        """
        dtype = np.dtype(dtype)
        nbytes = math.prod(shape) * dtype.itemsize
        start = self._reserve(self._round(nbytes)) if nbytes >= self.SMALL else None
        if start is None:
            return np.empty(shape, dtype)
        self.made[self.base + start] = (start, nbytes)
        return np.frombuffer(self.buf, dtype, math.prod(shape), start).reshape(shape)

    def put(self, parts: dict[str, np.ndarray]) -> None:
        """Move a dict's large arrays into the arena, in place of them their slots (worker).

        An array :meth:`empty` made (whole, once) stays where it is; the others are copied.
        """
        for name, arr in parts.items():
            made = self.made.pop(arr.__array_interface__["data"][0], None)
            if made is not None and made[1] == arr.nbytes and arr.flags.c_contiguous:
                parts[name] = _Slot(made[0], arr.dtype, arr.shape)  # type: ignore[assignment]
        names = [k for k, v in parts.items()
                 if isinstance(v, np.ndarray) and v.nbytes >= self.SMALL
                 and not v.dtype.hasobject]  # fmt: skip
        sizes = [self._round(parts[k].nbytes) for k in names]
        total = sum(sizes)
        start = self._reserve(total) if total else None
        if start is None:
            return  # nothing to move, or it does not fit: pickled
        offset = start
        for name, size in zip(names, sizes, strict=True):
            arr = parts[name]
            view = np.frombuffer(self.buf, arr.dtype, arr.size, offset).reshape(arr.shape)
            view[...] = arr
            parts[name] = _Slot(offset, arr.dtype, arr.shape)  # type: ignore[assignment]
            offset += size

    def take(self, parts: dict[str, Any]) -> None:
        """Replace a dict's slots by views of the arena, freed when unused (parent)."""
        slots = {k: v for k, v in parts.items() if isinstance(v, _Slot)}
        for name, slot in slots.items():
            size = self._round(_nbytes(slot))
            self._advise(MADV_POPULATE_READ, slot.offset, size)  # its own pages only
            memory = memoryview(self.buf)[slot.offset : slot.offset + size]
            arr = np.frombuffer(memory, slot.dtype, int(np.prod(slot.shape)))
            holder = arr.base  # what every view of the array keeps alive (numpy's own view)
            parts[name] = arr.reshape(slot.shape)
            weakref.finalize(holder, self._advise, _MADV_REMOVE, slot.offset, size)

    def put_records(self, records: ChunkRecords) -> None:
        """Move a chunk's large record arrays into the arena (worker)."""
        for parts in (records.events, records.summaries, records.pairs):
            self.put(parts)
        self.made.clear()  # arrays made but not handed back stay unused until the arena goes

    def take_records(self, records: ChunkRecords) -> ChunkRecords:
        """Return a chunk's records with views of the arena in place of slots (parent)."""
        for parts in (records.events, records.summaries, records.pairs):
            self.take(parts)
        return records


def _nbytes(slot: _Slot) -> int:
    return int(np.prod(slot.shape)) * np.dtype(slot.dtype).itemsize


_SHARED: dict[int, tuple[ChunkOutput, _Arena | None]] = {}
"""Output arrays and the records' arena in shared memory, inherited by forked workers (token
-> arrays, arena)."""


def _run_shared(args: tuple[int, ChunkTask]) -> ChunkRecords:
    """Run a task in a forked worker, writing its rows into the shared arrays.

    The records' large arrays go back through the arena (:class:`_Arena`) when there is one.
    """
    token, task = args
    out, arena = _SHARED[token]
    if arena is None:
        records = run_chunk(task, out.rows(task.chunk))
    else:  # the event columns made in the arena
        records = _run_chunk(task, out.rows(task.chunk), arena.empty)
        arena.put_records(records)
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
    """Cancel a pool's pending tasks and terminate its workers without waiting for them.

    There is no public way before Python 3.14, so this reaches into the pool: its workers
    and its result pipe are looked up before ``shutdown``, which forgets them. A worker
    killed while sending a result can leave half a message in the pipe, on which the pool's
    manager thread would wait for ever (and with it this process's exit): once the workers
    are terminated, this process closes its own copy of the pipe's writing end (it never
    writes to it), so the manager thread reads the end of the pipe instead, finds the pool
    broken and stops. (The manager thread may reap a terminated worker before ``join`` here
    does: the workers are gone soon after this returns, not necessarily when it returns.)
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
    writer = getattr(results, "_writer", None)  # this process never writes to it
    if writer is not None:
        writer.close()


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
        arr = mmap_empty(shape, dtype, shared=shared)
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

    def _unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """:meth:`map`, each result yielded as soon as it is ready (not in the items' order)."""
        pool = self._pool()
        try:
            futures = [pool.submit(fn, item) for item in items]
            for future in as_completed(futures):
                yield future.result()
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
        arena = _Arena.create(self.method)
        _SHARED[token] = (out, arena)
        try:
            for records in self._unordered(_run_shared, [(token, task) for task in tasks]):
                yield records if arena is None else arena.take_records(records)
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

"""Memory maps for the engine's large arrays (Linux hints; the values never depend on them).

A simulation writes hundreds of MiB once (the yearly stocks, the event columns, the summaries).
Where that memory comes from decides what the first write costs: numpy's fresh huge pages are
several times slower to fault in on some virtual machines than small pages, and one page fault
at a time costs more than faulting a range in at once. The helpers here:

- :func:`mmap_empty`: an array in its own anonymous map (private or shared with forked
  workers), small pages, optionally faulted in at once (``MAP_POPULATE``);
- :func:`mapped_empty`: an array about to be written whole, in its own map from :data:`BIG`
  bytes on (numpy's below that, or below the heap's mmap threshold when the chunks ran in this
  process);
- :func:`reserved`: a 1-d array in reserved memory (``MAP_NORESERVE``): room for more than will
  be written, whose untouched pages cost nothing;
- :func:`populate`: fault the pages of arrays about to be written in at once
  (``MADV_POPULATE_WRITE``).
"""

from __future__ import annotations

import ctypes
import math
import mmap
import sys
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from realpolitik.engine import heap

__all__ = [
    "BIG",
    "MADV_POPULATE_READ",
    "MADV_POPULATE_WRITE",
    "NORESERVE",
    "Columns",
    "mapped_empty",
    "mmap_empty",
    "populate",
    "reserved",
]

NORESERVE = 0x4000
"""Linux's ``MAP_NORESERVE`` (Python's mmap module names it only from 3.12 on)."""
MADV_POPULATE_READ = 22
"""Linux's ``MADV_POPULATE_READ`` (5.14 on): map a range's pages in at once."""
MADV_POPULATE_WRITE = 23
"""Linux's ``MADV_POPULATE_WRITE`` (5.14 on): fault a range's pages in, writable, at once."""
BIG = 1 << 20
"""Bytes from which :func:`mapped_empty` gives an array its own memory map."""


def _madvise() -> Callable[..., int] | None:
    """Return libc's ``madvise`` (Linux), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).madvise
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return None
    fn.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    fn.restype = ctypes.c_int
    return fn


_MADVISE = _madvise()


def populate(*arrays: np.ndarray) -> None:
    """Fault in the pages of arrays about to be written (a hint; nothing else changes).

    A chunk's yearly arrays are written one year, a column of every run's row, at a time: left
    alone, a page fault each time a year reaches a new page (~20 ms per chunk of 1024 runs x
    200 years, three arrays); faulted in at once, about a third of that. Where the kernel
    (before 5.14) or the platform has no ``MADV_POPULATE_WRITE``, the pages fault as written.
    """
    if _MADVISE is None:
        return
    page = mmap.PAGESIZE
    for arr in arrays:
        if not arr.nbytes or not arr.flags.c_contiguous:
            continue
        start = arr.__array_interface__["data"][0]
        lo, hi = start - start % page, -(-(start + arr.nbytes) // page) * page
        _MADVISE(lo, hi - lo, MADV_POPULATE_WRITE)


def mmap_empty(
    shape: tuple[int, ...], dtype: Any, shared: bool, populate: bool = False
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


def mapped_empty(shape: tuple[int, ...], dtype: Any, warm_heap: bool = False) -> np.ndarray:
    """Return an uninitialised array that is about to be written whole.

    From :data:`BIG` bytes on, in its own anonymous map with every page faulted in at once
    (:func:`mmap_empty`): a simulation's event columns and summaries (hundreds of MiB)
    would otherwise pay one page fault at a time as they are written, huge pages from
    ``numpy.empty`` several times slower on some virtual machines. With ``warm_heap`` (the
    chunks ran in this process, whose heap keeps their freed working memory:
    :func:`~realpolitik.engine.heap.keep_freed_memory`), arrays under the heap's mmap
    threshold stay numpy's, on pages already faulted in.
    """
    dtype = np.dtype(dtype)
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes < BIG or (warm_heap and nbytes < heap.MMAP_THRESHOLD):
        return np.empty(shape, dtype)
    return mmap_empty(shape, dtype, shared=False, populate=True)


def reserved(count: int, dtype: Any) -> np.ndarray | None:
    """Return an uninitialised 1-d array of ``count`` in reserved memory (``MAP_NORESERVE``).

    Pages cost only once written; None where such a map cannot be made.
    """
    size = max(1, count * np.dtype(dtype).itemsize)
    flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | NORESERVE
    try:
        buf = mmap.mmap(-1, size, flags=flags)
    except (OSError, ValueError, OverflowError):  # pragma: no cover - commit limits
        return None
    return np.frombuffer(buf, dtype, count)


class Columns:
    """Named 1-d columns written part after part (a chunk's rows after another's), in place.

    Each column gets one reserved map (:func:`reserved`) with room for ``count`` entries;
    :meth:`empty` hands out its next part (pages faulted in at once) and :meth:`take` accepts
    a chunk's parts in order. Where every part of a column was made and taken in turn,
    :meth:`whole` is the column, the parts one after another: the same values as their
    concatenation, without the copy (nor the fresh pages of a second array). Whatever cannot
    be placed (no name, a part of another dtype or shape, no room, no map, a part taken out
    of turn) is numpy's, and :meth:`whole` is None for its column.

    Parameters
    ----------
    count
        The most entries a column may hold (untouched room costs no memory).
    """

    LIMIT = 1 << 40
    """The most bytes reserved for one column."""

    def __init__(self, count: int) -> None:
        self.count = max(int(count), 1)
        self.maps: dict[str, np.ndarray | None] = {}
        self.made: dict[str, int] = {}  # entries handed out per column
        self.taken: dict[str, int] = {}  # entries taken in turn per column (-1: not in place)

    def empty(self, shape: tuple[int, ...], dtype: Any, name: str | None = None) -> np.ndarray:
        """Return the next part of column ``name`` (numpy's array where it cannot be placed)."""
        dtype = np.dtype(dtype)
        dest = self._map(name, dtype) if name is not None and len(shape) == 1 else None
        if dest is None or dest.dtype != dtype or self.made[name] + shape[0] > dest.size:
            return np.empty(shape, dtype)
        lo = self.made[name]
        self.made[name] = lo + shape[0]
        part = dest[lo : lo + shape[0]]
        populate(part)
        return part

    def _map(self, name: str, dtype: np.dtype) -> np.ndarray | None:
        if name not in self.maps:
            fits = self.count * dtype.itemsize <= self.LIMIT
            self.maps[name] = reserved(self.count, dtype) if fits else None
            self.made[name] = self.taken[name] = 0
        return self.maps[name]

    def take(self, parts: Mapping[str, np.ndarray]) -> None:
        """Accept a chunk's columns, in the chunks' order: those made here, in turn, stay."""
        for name, part in parts.items():
            dest, at = self.maps.get(name), self.taken.get(name, -1)
            if dest is None or at < 0 or part.size == 0:  # an empty part adds nothing
                continue
            here = dest[at:].__array_interface__["data"][0]
            same = (part.ndim == 1 and part.dtype == dest.dtype and part.flags.c_contiguous
                    and part.__array_interface__["data"][0] == here)  # fmt: skip
            self.taken[name] = at + part.size if same and at + part.size <= dest.size else -1

    def whole(self, name: str) -> np.ndarray | None:
        """Return column ``name``, its parts taken in turn, or None (then concatenate them)."""
        dest, at = self.maps.get(name), self.taken.get(name, -1)
        return None if dest is None or at < 0 else dest[:at]

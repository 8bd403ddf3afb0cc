"""The C heap under a simulation: freed memory kept for the next year's arrays (glibc).

A simulated year allocates and frees arrays of a few MiB (the strategic decisions' pair values,
the event buffers). glibc's ``malloc`` serves blocks above its mmap threshold with fresh
``mmap`` calls and returns freed heap memory above its trim threshold to the system, and it
moves the mmap threshold as blocks are freed, so the same year may pay for fresh, zeroed pages
(page faults) in one chunk and not in the next, depending on what was freed before. The engine
fixes both thresholds once per process (:func:`keep_freed_memory`): blocks up to 32 MiB come
from the heap and up to 64 MiB of freed heap memory is kept for reuse. Nothing else changes:
the numbers of a simulation do not depend on where its arrays live.

The thresholds are left alone where the ``MALLOC_MMAP_THRESHOLD_`` / ``MALLOC_TRIM_THRESHOLD_``
environment variables or glibc's malloc tunables (``GLIBC_TUNABLES``) set them, and on systems
without glibc's ``mallopt``.
"""

from __future__ import annotations

import ctypes
import os
import sys

__all__ = ["MMAP_THRESHOLD", "TRIM_THRESHOLD", "keep_freed_memory"]

MMAP_THRESHOLD = 32 << 20
"""Bytes: blocks up to this size come from the heap (glibc's largest allowed value)."""
TRIM_THRESHOLD = 64 << 20
"""Bytes of freed memory at the top of the heap kept for reuse before it is returned."""

_M_TRIM_THRESHOLD = -1  # glibc's malloc.h
_M_MMAP_THRESHOLD = -3
_ENV = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")

_done: bool | None = None


def keep_freed_memory() -> bool:
    """Fix glibc's mmap and trim thresholds for this process (once; the module docstring).

    Returns
    -------
    bool
        Whether the thresholds are the engine's (False where the environment sets them or
        there is no glibc ``mallopt``).
    """
    global _done
    if _done is None:
        _done = _set_thresholds()
    return _done


def _set_thresholds() -> bool:
    """Call ``mallopt`` for both thresholds; return whether glibc took them."""
    if not sys.platform.startswith("linux"):
        return False
    if any(name in os.environ for name in _ENV) or "malloc" in os.environ.get("GLIBC_TUNABLES", ""):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )

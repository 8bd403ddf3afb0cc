"""The recorder's loops compiled by Numba (:mod:`realpolitik.engine.recorder`).

Integer bookkeeping only (no floating-point arithmetic): the year's events found in the World's
buffers, and the chunk's event table put in order and decoded. Each loop gives exactly what the
recorder's numpy operations give (they are the reference and run without Numba or with
``realpolitik.engine.compiled.NUMBA = False``); the recorder gets them through
:func:`realpolitik.engine.compiled.compiled` and passes the event bits (``bits``: crisis, war,
initiator second, winner second, the flag mask) as arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from realpolitik.engine.compiled import compiled

Empty = Callable[..., np.ndarray]
"""An allocator of the event columns: ``empty(shape, dtype, name)`` (:func:`numpy_empty`)."""

__all__ = [
    "decode_compiled", "decode_loops", "found_loops", "in_order", "joiner_loops",
    "joiners_compiled", "numpy_empty", "rows_loops",
]  # fmt: skip


def found_loops(
    crisis, war, first, winner, flags, rung, bits, flat, code, rungs
):  # pragma: no cover
    """Write this year's nonzero event codes (``World.event_codes``), flat indices and rungs.

    Returns how many were written (in flat order). A pair's code is nonzero exactly when it
    has a crisis or a war; it is then made without branches (the buffers are C-contiguous and
    read as flat arrays).
    """
    R, P = crisis.shape
    b_crisis, b_war, b_first, b_winner, b_flags = bits[0], bits[1], bits[2], bits[3], bits[4]
    c1, w1, f1, v1 = crisis.reshape(-1), war.reshape(-1), first.reshape(-1), winner.reshape(-1)
    g1, r1 = flags.reshape(-1), rung.reshape(-1)
    n = 0
    for q in range(R * P):
        if c1[q] | w1[q]:
            kc = np.int64(c1[q]) * (
                b_crisis | (np.int64(g1[q]) & b_flags) | (np.int64(f1[q]) * b_first)
            )
            kw = np.int64(w1[q]) * (b_war | (np.int64(v1[q]) * b_winner))
            flat[n] = q
            code[n] = kc | kw
            rungs[n] = r1[q]
            n += 1
    return n


def rows_loops(flat, code, P, b_war, b_strike, ev, war_row, war_of):  # pragma: no cover
    """Put the events' rows in order: by run (a counting sort), each event's rows in turn.

    The events are recorded year by year with increasing flat indices ``run * P + pair``
    within a year, so within a run they are in (year, pair) order already. An event has a
    crisis row unless it is a strike (``b_strike``) and a war row when it is a war (``b_war``),
    crisis row first. Fills ``ev`` (each row's event), ``war_row`` and ``war_of`` (each event's
    war row, -1 without one).
    """
    n = flat.shape[0]
    runs = 0
    for e in range(n):
        runs = max(runs, flat[e] // P + 1)
    start = np.zeros(runs + 1, dtype=np.int64)
    for e in range(n):
        start[flat[e] // P + 1] += ((code[e] & b_strike) == 0) + ((code[e] & b_war) != 0)
    for c in range(runs):
        start[c + 1] += start[c]
    for e in range(n):
        c = flat[e] // P
        k = start[c]
        war_of[e] = -1
        if (code[e] & b_strike) == 0:
            ev[k] = e
            war_row[k] = False
            k += 1
        if (code[e] & b_war) != 0:
            ev[k] = e
            war_row[k] = True
            war_of[e] = k
            k += 1
        start[c] = k


def decode_loops(
    ev,
    war_row,
    year,
    flat,
    code,
    rung,
    P,
    pair_i,
    pair_j,
    greedy,
    start,
    bits,
    run_o,
    year_o,
    initiator_o,
    target_o,
    winner_o,
    label_o,
    flag_o,
    rung_o,
    pair_o,
):  # pragma: no cover
    """Fill the event table's columns row by row (the numpy operations of ``decode_events``).

    ``bits`` = (initiator second, winner second, then one bit per flag column); ``flag_o`` is a
    tuple of the flag columns (bool, one per bit, in order).
    """
    b_first, b_winner = bits[0], bits[1]
    for k in range(ev.shape[0]):
        e = ev[k]
        c = flat[e] // P
        p = flat[e] - c * P
        i = pair_i[p]
        j = pair_j[p]
        cd = np.int64(code[e])
        second = (cd & b_first) != 0
        initiator = j if second else i
        target = i if second else j
        run_o[k] = c + start
        year_o[k] = year[e]
        initiator_o[k] = initiator
        target_o[k] = target
        if war_row[k]:
            winner_o[k] = j if (cd & b_winner) != 0 else i
            label_o[k] = 1 if greedy[c, initiator] else (2 if greedy[c, target] else 0)
        else:
            winner_o[k] = -1
            label_o[k] = -1
        for f in range(len(flag_o)):
            flag_o[f][k] = (cd & bits[2 + f]) != 0
        rung_o[k] = rung[e]
        pair_o[k] = p


def joiner_loops(
    ev_year, ev_flat, war_of, j_year, j_flat, j_state, initiator, target, lookup, n_joiners
):  # pragma: no cover
    """Attach the joiners to their war rows; return the joiners, row by row (or None).

    The events and the joiners are both in year order (``lookup``, one entry per flat index
    filled with -1, maps a flat index to its event of the current year). Each war row's
    joiners are kept once each, ascending, without the war's own sides (states < 64, a bit
    mask per row); ``n_joiners`` gets their counts. Returns None when a joiner names a pair
    without a war that year (the caller's numpy operations then raise the error).
    """
    n_rows = initiator.shape[0]
    mask = np.zeros(n_rows, dtype=np.uint64)
    ne = ev_year.shape[0]
    e = 0
    for k in range(j_year.shape[0]):
        t = j_year[k]
        while e < ne and ev_year[e] <= t:
            if ev_year[e] == t:
                lookup[ev_flat[e]] = e
            e += 1
        found = lookup[j_flat[k]]
        if found < 0 or ev_year[found] != t or war_of[found] < 0:
            return None
        mask[war_of[found]] |= np.uint64(1) << np.uint64(j_state[k])
    total = 0
    for r in range(n_rows):
        if mask[r] != 0:
            m = mask[r] & ~(np.uint64(1) << np.uint64(initiator[r]))
            m &= ~(np.uint64(1) << np.uint64(target[r]))
            mask[r] = m
            n = 0
            while m != 0:
                m &= m - np.uint64(1)
                n += 1
            n_joiners[r] = n
            total += n
    out = np.empty(total, dtype=np.int32)
    t = 0
    for r in range(n_rows):
        m = mask[r]
        s = 0
        while m != 0:
            if m & np.uint64(1):
                out[t] = s
                t += 1
            m >>= np.uint64(1)
            s += 1
    return out


def numpy_empty(shape: tuple[int, ...], dtype: Any, name: str | None = None) -> np.ndarray:
    """Return ``numpy.empty(shape, dtype)`` (the default :data:`Empty`; ``name`` unused)."""
    return np.empty(shape, dtype)


def in_order(year: np.ndarray, flat: np.ndarray, runs: int, P: int) -> bool:
    """Return whether the events were recorded in (year, flat index) order, each once."""
    key = year.astype(np.int64) * (runs * P) + flat
    return flat.size < 2 or bool(np.all(key[1:] > key[:-1]))


def decode_compiled(
    recorded: tuple[np.ndarray, ...],
    greedy: np.ndarray,
    start: int,
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    bits: np.ndarray,
    flag_names: tuple[str, ...],
    empty: Empty = numpy_empty,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray] | None:
    """Return the event table's fixed columns by the compiled loops, or None.

    Parameters
    ----------
    recorded
        The chunk's concatenated event years, flat indices, codes and rungs.
    greedy
        bool ``(runs, states)``: the true types (for the labels).
    start
        The chunk's first run.
    pair_i, pair_j
        The unordered pairs.
    bits
        The event bits: war, strike, initiator second, winner second, then one per flag
        column (named ``flag_names``, in order).
    flag_names
        The flag columns.
    empty
        Allocates each column of the table (``empty(shape, dtype, name)``, the column's
        name; default :func:`numpy_empty`); the working arrays stay numpy's.

    Returns
    -------
    tuple or None
        The columns (run, year, kind, initiator, target, winner, label, the flags, rung), each
        row's event, each event's war row (-1 without one) and each row's pair; None without
        Numba or for events not recorded in order (:func:`in_order`).
    """
    year, flat, code, rung = recorded
    runs, P = greedy.shape[0], pair_i.shape[0]
    kernel = compiled(decode_loops)
    if kernel is None or not in_order(year, flat, runs, P):
        return None
    b_war, b_strike = int(bits[0]), int(bits[1])
    rows = int(((code & b_strike) == 0).sum() + ((code & b_war) != 0).sum())
    kind = empty((rows,), np.int8, "kind")
    ev, war_row = np.empty(rows, np.int64), kind.view(bool)
    war_of = np.empty(flat.size, np.int64)
    compiled(rows_loops)(flat, code, P, b_war, b_strike, ev, war_row, war_of)
    dtypes = {"run": np.int64, "year": np.int32, "kind": None, "initiator": np.int32,
              "target": np.int32, "winner": np.int32, "label": np.int8}  # fmt: skip
    out = {k: kind if dt is None else empty((rows,), dt, k) for k, dt in dtypes.items()}
    names = ("run", "year", "initiator", "target", "winner", "label")
    flags = tuple(empty((rows,), bool, name) for name in flag_names)
    rung_o, pair = empty((rows,), np.int8, "rung"), np.empty(rows, np.int64)
    kernel(ev, war_row, year, flat, code, rung, P, pair_i, pair_j, greedy, start, bits[2:],
           *(out[k] for k in names), flags, rung_o, pair)  # fmt: skip
    out.update(zip(flag_names, flags, strict=True))
    out["rung"] = rung_o
    return out, ev, war_of, pair


def joiners_compiled(
    joiners: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    out: dict[str, np.ndarray],
    events: tuple[np.ndarray, np.ndarray],
    war_of: np.ndarray,
    N: int,
    empty: Empty = numpy_empty,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Return ``(n_joiners, joiners)`` by :func:`joiner_loops`, or None.

    ``joiners`` are the recorder's (year, flat index, state) blocks, ``events`` the events'
    years and flat indices, ``war_of`` their war rows (:func:`decode_compiled`). None for more
    than 63 states, joiners out of year order or one without a war (the numpy operations then
    attach them, or raise). ``empty`` allocates ``n_joiners`` (:func:`decode_compiled`).
    """
    n_joiners = empty((out["run"].size,), np.int16, "n_joiners")
    n_joiners.fill(0)
    if not joiners:
        return n_joiners, np.zeros(0, dtype=np.int32)
    t = np.concatenate([j[0] for j in joiners])
    if N > 63 or not bool(np.all(t[1:] >= t[:-1])):
        return None
    flat = np.concatenate([j[1] for j in joiners])
    state = np.concatenate([j[2] for j in joiners])
    size = max(int(flat.max()), int(events[1].max()) if events[1].size else 0) + 1
    lookup = np.full(size, -1, dtype=np.int64)  # flat index -> event of the year
    found = compiled(joiner_loops)(events[0].astype(np.int64), events[1], war_of, t, flat, state,
                                   out["initiator"], out["target"], lookup,
                                   n_joiners)  # fmt: skip
    return None if found is None else (n_joiners, found)

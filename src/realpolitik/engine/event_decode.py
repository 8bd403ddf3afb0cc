"""A chunk's event table: the recorded pair codes decoded into event columns.

Source: docs/mechanisms.md ("The engine contract"); the event schema is
:mod:`realpolitik.engine.recorder`'s.

:func:`decode_events` turns what a chunk's :class:`~realpolitik.engine.recorder.Recorder` kept
year by year (each event's year, flat pair index ``run * pairs + pair``, code and rung, the
declared columns' values, the joiners) into the columns of the event table: one crisis row per
event that is not a strike and one war row per war, sorted by run, year, pair and kind. With
Numba, events recorded in order are put in order and decoded by the integer loops of
:mod:`realpolitik.engine.event_loops`; the numpy operations here are the reference (the same
columns, run with ``realpolitik.engine.compiled.NUMBA = False``, or for events recorded out of
order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from realpolitik.engine import event_loops
from realpolitik.engine.recorder import (
    EVENT_CRISIS,
    EVENT_INITIATOR_SECOND,
    EVENT_WAR,
    EVENT_WINNER_SECOND,
    FLAG_BITS,
    FLAG_STRIKE,
    MAX_RUNG,
    Empty,
    pair_indices,
)

if TYPE_CHECKING:
    from realpolitik.engine.recorder import Recorder

__all__ = ["decode_events"]

_BITS = np.array([EVENT_WAR, FLAG_STRIKE, EVENT_INITIATOR_SECOND, EVENT_WINNER_SECOND,
                  *FLAG_BITS.values()])  # fmt: skip
"""The bits :func:`~realpolitik.engine.event_loops.decode_compiled` reads: war, strike,
initiator second, winner second, then those of the flag columns in order."""


def decode_events(
    rec: Recorder, start: int, greedy: np.ndarray, *, empty: Empty | None = None
) -> dict[str, np.ndarray]:
    """Turn a chunk's per-year pair codes into event columns (crisis rows, then war rows, sorted).

    Parameters
    ----------
    rec
        The chunk's recorder.
    start
        The index of the chunk's first run (added to the run column).
    greedy
        bool ``(runs, states)``: the chunk's true types (for the labels).
    empty
        Optional ``empty(shape, dtype, name)``: where the compiled route allocates each column
        it fills whole, ``name`` the column's (default :func:`numpy.empty`; an executor's
        shared memory, pages faulted in at once; the simulation's own columns when the
        chunks run here, :class:`~realpolitik.engine.maps.Columns`); the values do not depend
        on it.

    Returns
    -------
    dict
        The event columns of the module docstring, as numpy arrays.

    Raises
    ------
    ValueError
        If a rung exceeds :data:`MAX_RUNG` or a joiner names a pair without a war.
    """
    N = greedy.shape[1]
    pair_i, pair_j = pair_indices(N)
    P = pair_i.shape[0]
    year, flat, code, rung = _concat(rec)
    if rung.size and rung.max() > MAX_RUNG:
        raise ValueError(f"world.event_rung holds {int(rung.max())}; rungs must be <= {MAX_RUNG}")
    assert np.all((code & EVENT_CRISIS) != 0)
    recorded = (year, flat, code, rung)
    fast = _decode_compiled(rec, start, greedy, recorded, empty or event_loops.numpy_empty)
    if fast is not None:
        return fast
    ev, war_row = _rows(year, flat, code, P, greedy.shape[0])
    c, p = np.divmod(flat[ev], P)
    i, j = pair_i[p], pair_j[p]
    code = code[ev]
    second = (code & EVENT_INITIATOR_SECOND) != 0
    initiator = np.where(second, j, i)
    target = np.where(second, i, j)
    winner = np.where((code & EVENT_WINNER_SECOND) != 0, j, i)
    # label from the true types of initiator and target (module docstring)
    label = np.where(greedy[c, initiator], 1, np.where(greedy[c, target], 2, 0))
    out = {
        "run": c + start,
        "year": year[ev],
        "kind": war_row.view(np.int8),
        "initiator": initiator.astype(np.int32),
        "target": target.astype(np.int32),
        "winner": np.where(war_row, winner, -1).astype(np.int32),
        "label": np.where(war_row, label, -1).astype(np.int8),
    }
    for name, bit in FLAG_BITS.items():
        out[name] = (code & bit) != 0
    out["rung"] = rung[ev].astype(np.int8)
    for column in rec.columns:
        parts = rec.values[column.name]
        values = np.concatenate(parts) if parts else np.zeros(0, column.storage())
        out[column.name] = values[ev]
    n_joiners, joiners = _decode_joiners(rec, out, p, start, N)
    out["n_joiners"] = n_joiners
    out["joiners"] = joiners
    return out


def _decode_compiled(
    rec: Recorder,
    start: int,
    greedy: np.ndarray,
    recorded: tuple[np.ndarray, ...],
    empty: Empty = event_loops.numpy_empty,
) -> dict[str, np.ndarray] | None:
    """Return :func:`decode_events`'s columns by compiled loops, or None (numpy then runs).

    :func:`~realpolitik.engine.event_loops.decode_compiled` (events recorded in order, Numba)
    makes the fixed columns; the declared columns follow, then the joiners
    (:func:`~realpolitik.engine.event_loops.joiners_compiled`, or the numpy operations).
    """
    N = greedy.shape[1]
    pair_i, pair_j = pair_indices(N)
    made = event_loops.decode_compiled(recorded, greedy, start, pair_i, pair_j, _BITS,
                                       tuple(FLAG_BITS), empty)  # fmt: skip
    if made is None:
        return None
    out, ev, war_of, pair = made
    for column in rec.columns:
        parts = rec.values[column.name]
        values = np.concatenate(parts) if parts else np.zeros(0, column.storage())
        dest = empty(ev.shape, values.dtype, column.name)  # ev: valid indices (clip: unbuffered)
        out[column.name] = np.take(values, ev, out=dest, mode="clip")
    joined = event_loops.joiners_compiled(rec.joiners, out, recorded[:2], war_of, N, empty)
    if joined is None:
        joined = _decode_joiners(rec, out, pair, start, N)
    out["n_joiners"], out["joiners"] = joined
    return out


def _rows(
    year: np.ndarray, flat: np.ndarray, code: np.ndarray, P: int, runs: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return the event table's rows in order: each row's event and whether it is a war row.

    An event has a crisis row unless it is a strike and a war row when it is a war; the rows
    are sorted by run, year, pair and kind (crisis first). Events are recorded year by year with
    increasing flat indices ``run * P + pair`` within a year, so a stable sort of the events by
    run puts them in order (each event's rows then follow it); events recorded otherwise are
    sorted by all four keys, as the crisis rows then the war rows, each in recorded order.
    """
    crisis = (code & FLAG_STRIKE) == 0
    war = (code & EVENT_WAR) != 0
    n = flat.size
    key = year.astype(np.int64) * (runs * P) + flat
    if n < 2 or bool(np.all(key[1:] > key[:-1])):
        run = flat // P
        small = runs <= np.iinfo(np.uint16).max + 1  # a radix sort
        order = np.argsort(run.astype(np.uint16) if small else run, kind="stable")
        count = crisis[order].view(np.uint8) + war[order].view(np.uint8)
        ev = np.repeat(order, count)
        war_row = np.ones(ev.size, dtype=bool)
        first = np.cumsum(count) - count  # each event's first row
        war_row[first[crisis[order]]] = False
        return ev, war_row
    k, w = np.flatnonzero(crisis), np.flatnonzero(war)
    ev = np.concatenate([k, w])
    war_row = np.concatenate([np.zeros(k.size, bool), np.ones(w.size, bool)])
    c, p = np.divmod(flat[ev], P)
    order = np.lexsort((war_row, p, year[ev], c))
    return ev[order], war_row[order]


def _concat(rec: Recorder) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the recorder's years, flat indices, codes and rungs as single arrays."""
    if not rec.flat:
        return (np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.uint16),
                np.zeros(0, np.uint8))  # fmt: skip
    return (np.concatenate(rec.years), np.concatenate(rec.flat), np.concatenate(rec.codes),
            np.concatenate(rec.rungs))  # fmt: skip


def _decode_joiners(
    rec: Recorder, cols: dict[str, np.ndarray], pair: np.ndarray, start: int, N: int
) -> tuple[np.ndarray, np.ndarray]:
    """Attach the recorded joiners to their war rows (sorted events): counts and flat states.

    Returns ``n_joiners`` (int16 per row) and ``joiners`` (int32, the joiners of each war row in
    row order, ascending within a row, without duplicates or the war's own sides).
    """
    n_rows = cols["run"].size
    n_joiners = np.zeros(n_rows, dtype=np.int16)
    P = N * (N - 1) // 2
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
    # a table of war rows x states: each war row's joiners, without its own sides
    taken = np.zeros((war_rows.size, N), dtype=bool)
    taken[pos, state] = True
    at = np.arange(war_rows.size)
    taken[at, cols["initiator"][war_rows]] = False
    taken[at, cols["target"][war_rows]] = False
    n_joiners[war_rows] = np.count_nonzero(taken, axis=1)
    state = np.nonzero(taken)[1]  # row by row, ascending within a row
    return n_joiners, state.astype(np.int32)

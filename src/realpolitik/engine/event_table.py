"""The event table as a Trajectory stores it: integer columns, defaults and declared columns.

A Trajectory keeps its events as numpy columns (codes for kind and label, see
:mod:`~realpolitik.engine.recorder`); these helpers build them from a DataFrame or a mapping
(``Trajectory.from_arrays``, a loaded ``events.parquet``), fill the optional columns with their
defaults and rebuild the declared columns a trajectory's metadata lists.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from realpolitik.engine.recorder import (
    EVENT_COLUMNS,
    EVENT_KINDS,
    FLAG_COLUMNS,
    LABELS,
    EventColumn,
)
from realpolitik.engine.storage import NAME_COLUMNS
from realpolitik.engine.storage import joiners_from_participants as _joiners_from_participants
from realpolitik.engine.storage import participants_arrow as _participants_arrow

__all__ = [
    "NAME_COLUMNS",
    "calendar_years",
    "columns_of",
    "complete_events",
    "event_columns",
    "label_coords",
    "name_columns",
    "participants",
    "state_names_of",
]


def state_names_of(meta: dict[str, Any], states: int) -> list[str]:
    """Return the state names a trajectory's meta lists (``state_<i>`` for older metas)."""
    names = meta.get("state_names")
    if names is None or len(names) != states:
        return [f"state_{i}" for i in range(states)]
    return [str(n) for n in names]


def calendar_years(years: np.ndarray, start_year: int | None) -> np.ndarray:
    """Return the calendar year of each step index: ``start_year + t - 1`` (or t without one).

    Year t >= 1 holds the values at the end of the t-th simulated year; year 0 the initial
    values, at the end of the year before the first.
    """
    years = np.asarray(years, dtype=np.int64)
    return years if start_year is None else years + int(start_year) - 1


def label_coords(
    runs: int, years: np.ndarray, meta: dict[str, Any], *, pairs: bool = False
) -> dict[str, Any]:
    """Return the coordinates of a trajectory's Dataset: run, year (+ calendar_year), state.

    Parameters
    ----------
    runs
        The number of runs.
    years
        The recorded step indices (0..T, or every k-th of them).
    meta
        The trajectory's metadata (``states``, ``state_names``, ``start_year``).
    pairs
        Also the observer and target coordinates of pair-level records (the state names).

    Returns
    -------
    dict
        ``run`` (0..runs-1), ``year`` (step index), ``calendar_year`` (on ``year``),
        ``state`` (names, str) and, with ``pairs``, ``observer`` and ``target``.
    """
    names = np.array(state_names_of(meta, int(meta["states"])), dtype=object)
    coords: dict[str, Any] = {
        "run": np.arange(runs),
        "year": np.asarray(years, dtype=np.int64),
        "calendar_year": ("year", calendar_years(years, meta.get("start_year"))),
        "state": names,
    }
    if pairs:
        coords.update(observer=names, target=names)
    return coords


def name_columns(ev: dict[str, np.ndarray], names: Any, pd: Any) -> dict[str, Any]:
    """Return the events' name columns (initiator_name, target_name, winner_name).

    Each is a categorical of the state names; a missing state (index -1, e.g. the winner of
    a crisis row) is missing.
    """
    categories = list(names)
    return {
        name: pd.Categorical.from_codes(np.asarray(ev[col], dtype=np.int64),
                                        categories=categories)
        for col, name in NAME_COLUMNS.items()
    }  # fmt: skip


def participants(ev: dict[str, np.ndarray]) -> Any:
    """Return the participants column: a pyarrow-backed list of state indices per event."""
    import pandas as pd

    return pd.arrays.ArrowExtensionArray(_participants_arrow(ev))


def columns_of(meta: dict[str, Any]) -> tuple[EventColumn, ...]:
    """Return the declared event columns a trajectory's meta lists."""
    return tuple(EventColumn.from_dict(c) for c in meta.get("event_columns", ()))


def complete_events(
    events: dict[str, np.ndarray], columns: tuple[EventColumn, ...] = ()
) -> dict[str, np.ndarray]:
    """Return the stored event columns, the optional ones defaulted (False, 0, no joiners)."""
    ev = {k: np.asarray(events[k]) for k in EVENT_COLUMNS}
    n = ev["run"].size
    for name in FLAG_COLUMNS:
        ev[name] = np.asarray(events[name], dtype=bool) if name in events else np.zeros(n, bool)
    ev["rung"] = (
        np.asarray(events["rung"], dtype=np.int8) if "rung" in events else np.zeros(n, np.int8)
    )
    if "n_joiners" in events:
        ev["n_joiners"] = np.asarray(events["n_joiners"], dtype=np.int16)
        ev["joiners"] = np.asarray(events["joiners"], dtype=np.int32)
    else:
        ev["n_joiners"] = np.zeros(n, np.int16)
        ev["joiners"] = np.zeros(0, np.int32)
    if int(ev["n_joiners"].sum()) != ev["joiners"].size:
        raise ValueError("n_joiners does not add up to the number of joiners")
    for column in columns:
        if column.name in events:
            ev[column.name] = np.asarray(events[column.name], dtype=column.storage())
        else:
            ev[column.name] = np.full(n, column.missing, dtype=column.storage())
    return ev


def event_columns(events: Any, columns: tuple[EventColumn, ...] = ()) -> dict[str, np.ndarray]:
    """Return event columns as the integer arrays a Trajectory stores."""
    if events is None:
        return {
            k: np.zeros(0, dtype=np.int64 if k == "run" else np.int8 if k in ("kind", "label")
                        else np.int32)
            for k in EVENT_COLUMNS
        }  # fmt: skip
    import pandas as pd

    df = pd.DataFrame(events) if not isinstance(events, pd.DataFrame) else events
    missing = [k for k in EVENT_COLUMNS if k not in df.columns]
    if missing:
        raise ValueError(f"events lack columns {missing}; expected {list(EVENT_COLUMNS)}")

    def codes(col: str, names: tuple[str, ...], missing_ok: bool) -> np.ndarray:
        values = df[col]
        if pd.api.types.is_numeric_dtype(values) and not isinstance(
            values.dtype, pd.CategoricalDtype
        ):
            out = values.fillna(-1).to_numpy(np.int64)
        else:
            lookup = {name: i for i, name in enumerate(names)}
            out = np.array(
                [
                    -1 if (missing_ok and (v is None or (isinstance(v, float) and math.isnan(v))))
                    else lookup.get(v, -2)
                    for v in values.astype(object)
                ],
                dtype=np.int64,
            )  # fmt: skip
        lo = -1 if missing_ok else 0
        if ((out < lo) | (out >= len(names))).any():
            raise ValueError(f"events column {col!r} holds values outside {list(names)}")
        return out

    out = {
        "run": df["run"].to_numpy(np.int64),
        "year": df["year"].to_numpy(np.int32),
        "kind": codes("kind", EVENT_KINDS, False).astype(np.int8),
        "initiator": df["initiator"].to_numpy(np.int32),
        "target": df["target"].to_numpy(np.int32),
        "winner": df["winner"].fillna(-1).to_numpy(np.int32),
        "label": codes("label", LABELS, True).astype(np.int8),
    }
    for name in FLAG_COLUMNS:
        if name in df.columns:
            out[name] = df[name].fillna(False).to_numpy(bool)
    if "rung" in df.columns:
        rung = df["rung"].fillna(0).to_numpy(np.int64)
        if ((rung < 0) | (rung > 127)).any():
            raise ValueError("events column 'rung' holds values outside [0, 127]")
        out["rung"] = rung.astype(np.int8)
    if "participants" in df.columns:
        out["n_joiners"], out["joiners"] = _joiners_from_participants(
            df["participants"], out["initiator"], out["target"]
        )
    for column in columns:
        if column.name in df.columns:
            if column.kind == "category":
                out[column.name] = codes(column.name, column.categories, True).astype(np.int8)
            else:
                out[column.name] = df[column.name].to_numpy(column.storage())
    return out

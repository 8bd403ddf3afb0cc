"""The saved-trajectory folder: writing it and reading its three files, with named errors.

A saved trajectory is a folder of three files (:data:`FILES`):

- ``data.nc``: the xarray Dataset (run, year, state) as NetCDF-4 (h5netcdf engine); boolean
  variables (``greedy``) are stored as int8, since NetCDF has no boolean type.
- ``events.parquet``: the event table (kind and label as strings, participants as a list of
  state indices).
- ``meta.json``: every parameter (``params``), the seed, runs, years, states, chunk size and
  the package versions.

:meth:`realpolitik.engine.Trajectory.save` and :meth:`~realpolitik.engine.Trajectory.load` use
this module; :func:`saved_metrics` computes a saved run's outcome metrics
(:func:`realpolitik.analysis.outcome_metrics`) from the same files without building a
Trajectory. xarray, pandas and pyarrow are imported on first use (importing the engine stays
light).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.analysis import BOOTSTRAP_RESAMPLES, metrics_from_outcomes, outcome_metrics
from realpolitik.engine.params import Params

__all__ = [
    "FILES",
    "NAME_COLUMNS",
    "STORE",
    "check_files",
    "corrupt",
    "events_table",
    "joiners_from_participants",
    "open_data",
    "open_store",
    "participants_arrow",
    "read_arrays",
    "read_data",
    "read_events",
    "read_meta",
    "saved_metrics",
    "stored_outcomes",
    "write",
]

FILES = {"data": "data.nc", "events": "events.parquet", "meta": "meta.json"}
"""The files of a saved trajectory: role -> file name."""
NAME_COLUMNS = {"initiator": "initiator_name", "target": "target_name", "winner": "winner_name"}
"""The event columns holding a state index -> the column holding that state's name."""
STORE = "data.zarr"
"""The Zarr store of a streamed trajectory (:mod:`realpolitik.engine.stream`), read instead of
data.nc when present."""


def write(directory: str | Path, *, data: Any, events: Any, meta: dict[str, Any]) -> Path:
    """Write a trajectory folder: data.nc, events.parquet and meta.json.

    Parameters
    ----------
    directory
        The folder (created if needed; existing files are replaced).
    data
        The xarray Dataset (run, year, state); boolean variables are written as int8.
    events
        The event table as a pyarrow Table.
    meta
        The metadata, ``params`` included (JSON without NaN).

    Returns
    -------
    pathlib.Path
        The folder.
    """
    import pyarrow.parquet as pq

    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    ds = data.copy(deep=False)
    for name, var in ds.data_vars.items():
        if var.dtype == bool:
            ds[name] = var.astype("int8")
    ds.to_netcdf(path / FILES["data"], engine="h5netcdf")
    pq.write_table(events, path / FILES["events"])
    (path / FILES["meta"]).write_text(json.dumps(meta, indent=2, allow_nan=False) + "\n")
    return path


def events_table(
    ev: dict[str, np.ndarray],
    *,
    kinds: tuple[str, ...],
    labels: tuple[str, ...],
    columns: tuple[Any, ...] = (),
    names: Collection[str] | None = None,
) -> Any:
    """Return the event columns as the pyarrow Table that events.parquet stores.

    Parameters
    ----------
    ev
        The event columns as a Trajectory stores them (integer codes for kind and label,
        label -1 for none; ``n_joiners`` and flat ``joiners``).
    kinds, labels
        The names of the kind and label codes.
    columns
        The declared event columns (:class:`~realpolitik.engine.recorder.EventColumn`): stored
        after the fixed ones, categories as strings (null for none).
    names
        The states' names in index order: adds initiator_name, target_name and winner_name
        (strings, null where the index is -1) after winner. Reading ignores them (the names
        are in meta.json).

    Returns
    -------
    pyarrow.Table
        run, year, kind (string), initiator, target, participants (list of int16: initiator,
        target, joiners), winner, the name columns, label (string, null for none),
        misperceived, nuclear, conceded (bool), rung (int8), the declared columns.
    """
    import pyarrow as pa

    kind_names = np.array(kinds, dtype=object)[ev["kind"]]
    label_names = np.array([*labels, None], dtype=object)[ev["label"]]  # code -1 -> None
    return pa.table(
        {
            "run": ev["run"].astype(np.int64),
            "year": ev["year"].astype(np.int64),
            "kind": pa.array(kind_names, type=pa.string()),
            "initiator": ev["initiator"].astype(np.int64),
            "target": ev["target"].astype(np.int64),
            "participants": participants_arrow(ev),
            "winner": ev["winner"].astype(np.int64),
            **({} if names is None else _name_arrow(ev, names)),
            "label": pa.array(label_names, type=pa.string()),
            "misperceived": ev["misperceived"].astype(bool),
            "nuclear": ev["nuclear"].astype(bool),
            "conceded": ev["conceded"].astype(bool),
            "rung": ev["rung"].astype(np.int8),
            **{c.name: _column_arrow(c, ev[c.name]) for c in columns},
        }
    )


def _name_arrow(ev: dict[str, np.ndarray], names: Collection[str]) -> dict[str, Any]:
    """Return the events' state-name columns for Parquet (strings, null for index -1)."""
    import pyarrow as pa

    lookup = np.array([*names, None], dtype=object)  # index -1 -> None
    return {
        name: pa.array(lookup[np.asarray(ev[col], dtype=np.int64)], type=pa.string())
        for col, name in NAME_COLUMNS.items()
    }


def _column_arrow(column: Any, values: np.ndarray) -> Any:
    """Return a declared event column for Parquet (categories as strings, null for -1)."""
    import pyarrow as pa

    if column.kind != "category":
        return values
    names = np.array([*column.categories, None], dtype=object)[values]
    return pa.array(names, type=pa.string())


def participants_arrow(ev: dict[str, np.ndarray]) -> Any:
    """Return the participants as a pyarrow list array: [initiator, target, joiners...]."""
    import pyarrow as pa

    ini, tgt = ev["initiator"], ev["target"]
    lengths = 2 + ev["n_joiners"].astype(np.int64)
    offsets = np.zeros(ini.size + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    values = np.empty(int(offsets[-1]), dtype=np.int16)
    starts = offsets[:-1]
    values[starts] = ini
    values[starts + 1] = tgt
    if ev["joiners"].size:
        head = np.zeros(values.size, dtype=bool)
        head[starts] = True
        head[starts + 1] = True
        values[~head] = ev["joiners"]
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values))


def joiners_from_participants(
    column: Any, initiator: np.ndarray, target: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Split a participants column into joiner counts and flat joiners (validating its head)."""
    import pyarrow as pa

    n = initiator.size
    if n == 0:
        return np.zeros(0, np.int16), np.zeros(0, np.int32)
    try:
        arr = pa.array(column, type=pa.list_(pa.int64()), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        arr = pa.array([list(v) for v in column], type=pa.list_(pa.int64()))
    if arr.null_count:
        raise ValueError("events column 'participants' has missing entries")
    offsets = arr.offsets.to_numpy().astype(np.int64)
    offsets = offsets - offsets[0]
    values = arr.flatten().to_numpy(zero_copy_only=False).astype(np.int64)
    lengths = np.diff(offsets)
    starts = offsets[:-1]
    ok = lengths >= 2
    if ok.all():
        ok = (values[starts] == initiator) & (values[starts + 1] == target)
    if not ok.all():
        raise ValueError("events column 'participants' must start with [initiator, target]")
    head = np.zeros(values.size, dtype=bool)
    head[starts] = True
    head[starts + 1] = True
    return (lengths - 2).astype(np.int16), values[~head].astype(np.int32)


def corrupt(path: Path, err: BaseException) -> ValueError:
    """Return the error for a file that cannot be read or is inconsistent (naming it)."""
    return ValueError(f"corrupt trajectory file {path}: {err}")


def check_files(directory: str | Path) -> Path:
    """Return the folder as a Path after checking that its files exist.

    A streamed folder holds meta.json and data.zarr (and events.parquet when it saved the full
    record); a folder of :meth:`Trajectory.save` holds meta.json, data.nc and events.parquet.

    Raises
    ------
    FileNotFoundError
        If a file is missing (naming it).
    """
    path = Path(directory)
    names = [FILES["meta"]]
    if not (path / STORE).is_dir():
        names += [FILES["data"], FILES["events"]]
    for name in names:
        if not (path / name).is_file():
            raise FileNotFoundError(f"trajectory file missing: {path / name}")
    return path


def open_store(directory: str | Path, meta: dict[str, Any]) -> Any:
    """Open data.zarr lazily (Dask-backed: values are read chunk by chunk on access).

    Parameters
    ----------
    directory
        The trajectory folder.
    meta
        Its metadata (:func:`read_meta`): runs, states.

    Returns
    -------
    xarray.Dataset
        The yearly variables as (run, year, state), per-run variables (run) and the
        coordinates (state names as str, year and calendar_year) in memory.

    Raises
    ------
    ValueError
        If the store cannot be opened or does not match meta.json (naming it).
    """
    store = Path(directory) / STORE
    try:
        import xarray as xr

        ds = xr.open_zarr(store, chunks={}, consolidated=False)
        ds = ds.assign_coords(
            {name: np.asarray(ds[name].values, dtype=object if ds[name].dtype.kind in "TUO"
                              else ds[name].dtype) for name in ds.coords}
        )  # fmt: skip
        order = [d for d in ("run", "year", "state") if d in ds.dims]
        ds = ds.transpose(*order, ...)
    except Exception as err:
        raise corrupt(store, err) from None
    want = (int(meta["runs"]), int(meta["states"]))
    got = (int(ds.sizes.get("run", -1)), int(ds.sizes.get("state", -1)))
    if got != want:
        raise corrupt(store, f"has (runs, states) {got}, meta.json says {want}")
    return ds


def read_meta(directory: str | Path) -> tuple[Params, dict[str, Any]]:
    """Read meta.json: the parameters and the rest of the metadata.

    Parameters
    ----------
    directory
        The trajectory folder.

    Returns
    -------
    (Params, dict)
        The parameters and the metadata without them (runs, years and states are integers).

    Raises
    ------
    ValueError
        If the file is not JSON, lacks runs, years, states or params, or holds invalid
        parameters (naming the file).
    """
    meta_path = Path(directory) / FILES["meta"]
    try:
        meta = json.loads(meta_path.read_text())
        params = Params.from_dict(meta.pop("params"))
        for key in ("runs", "years", "states"):
            int(meta[key])
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise corrupt(meta_path, err) from None
    return params, meta


def open_data(directory: str | Path, meta: dict[str, Any]) -> Any:
    """Open data.nc lazily (values are read on access) and check it against meta.json.

    Parameters
    ----------
    directory
        The trajectory folder.
    meta
        Its metadata (:func:`read_meta`): runs, years and states.

    Returns
    -------
    xarray.Dataset
        The open Dataset; close it (or use it as a context manager) when done.

    Raises
    ------
    ValueError
        If the file cannot be opened, or its military variable does not have the shape
        (runs, years + 1, states) of meta.json (naming the file).
    """
    data_path = Path(directory) / FILES["data"]
    try:
        import xarray as xr

        ds = xr.open_dataset(data_path, engine="h5netcdf")
    except Exception as err:
        raise corrupt(data_path, err) from None
    shape = (int(meta["runs"]), int(meta["years"]) + 1, int(meta["states"]))
    got = ds["military"].shape if "military" in ds else None
    if got != shape:
        ds.close()
        raise corrupt(data_path, f"military has shape {got}, meta.json says {shape}")
    return ds


def read_data(directory: str | Path, meta: dict[str, Any]) -> Any:
    """Read data.nc into memory (see :func:`open_data`; int8 variables stay int8).

    Returns
    -------
    xarray.Dataset
        The loaded Dataset (the file is closed).

    Raises
    ------
    ValueError
        If the file cannot be read or is inconsistent with meta.json (naming it).
    """
    with open_data(directory, meta) as ds:
        try:
            return ds.load()
        except Exception as err:
            raise corrupt(Path(directory) / FILES["data"], err) from None


def read_arrays(
    directory: str | Path, meta: dict[str, Any], names: Collection[str]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Read data.nc into numpy arrays: the named variables, yearly summaries and pair records.

    Parameters
    ----------
    directory
        The trajectory folder.
    meta
        Its metadata (:func:`read_meta`).
    names
        The variables to return as they are stored (int8 stays int8).

    Returns
    -------
    (dict, dict, dict)
        name -> array for the named variables; name -> float64 array for every other variable
        with dims (run, year) (the yearly summaries), in file order; name -> float64 array for
        the pair-level records (dims run, year, observer, target).

    Raises
    ------
    ValueError
        If the file cannot be read, lacks a named variable or is inconsistent with meta.json
        (naming it).
    """
    ds = read_data(directory, meta)
    try:
        arrays = {name: np.array(ds[name].values) for name in names}
        summaries = {
            str(name): np.array(var.values, dtype=np.float64)
            for name, var in ds.data_vars.items()
            if var.dims == ("run", "year") and name not in names
        }
        pairs = {
            str(name): np.array(var.values, dtype=np.float64)
            for name, var in ds.data_vars.items()
            if var.dims == ("run", "year", "observer", "target")
        }
    except Exception as err:
        raise corrupt(Path(directory) / FILES["data"], err) from None
    return arrays, summaries, pairs


def read_events(directory: str | Path, *, names: bool = True) -> Any:
    """Read events.parquet as a pandas DataFrame (kind and label as strings).

    Parameters
    ----------
    directory
        The trajectory folder.
    names
        Also read the state-name columns (``initiator_name`` ...); False skips them, which
        a Trajectory rebuilds from meta.json (a third less memory for a large table).

    Raises
    ------
    ValueError
        If the file cannot be read (naming it).
    """
    ev_path = Path(directory) / FILES["events"]
    try:
        import pandas as pd
        import pyarrow.parquet as pq

        columns = None
        if not names:
            skip = set(NAME_COLUMNS.values())
            columns = [c for c in pq.read_schema(ev_path).names if c not in skip]
        return pd.read_parquet(ev_path, columns=columns)
    except Exception as err:
        raise corrupt(ev_path, err) from None


def stored_outcomes(data: Any) -> dict[str, np.ndarray]:
    """Return the per-run outcomes a streamed store keeps (as ``analysis.run_outcomes``).

    Parameters
    ----------
    data
        The store's Dataset (:func:`open_store`).

    Returns
    -------
    dict
        ``wars``, ``first_war_year``, ``arms_race``, ``burden`` (per run), ``label_counts``
        (labels x runs) and, for the strategic engine, ``decisions``.
    """
    outcomes = {name: np.asarray(data[name].values) for name in
                ("wars", "first_war_year", "arms_race", "burden")}  # fmt: skip
    outcomes["label_counts"] = np.asarray(data["label_counts"].values).T
    if "decision_counts" in data:  # the strategic engine's per-run counts
        outcomes["decisions"] = np.asarray(data["decision_counts"].values).T
    return outcomes


def saved_metrics(directory: str | Path, *, resamples: int = BOOTSTRAP_RESAMPLES) -> Any:
    """Return the outcome metrics of a saved trajectory folder, without building a Trajectory.

    Reads meta.json, events.parquet and data.nc (lazily: the variables are read BLOCK runs at
    a time) of a folder written by ``Trajectory.save``.

    Parameters
    ----------
    directory
        The folder holding data.nc, events.parquet and meta.json.
    resamples
        Bootstrap resamples for the ``wars_per_run`` interval (default 2000).

    Returns
    -------
    pandas.DataFrame
        The same table as :func:`realpolitik.analysis.outcome_metrics` on the saved run
        (equal to the ``Trajectory.metrics()`` of the run that was saved).

    Raises
    ------
    FileNotFoundError, ValueError
        For a missing, unreadable or inconsistent file, named (as ``Trajectory.load``).
    """
    path = check_files(directory)
    _, meta = read_meta(path)
    if (path / STORE).is_dir():
        data = open_store(path, meta)
        try:
            if meta.get("save") == "summary":
                outcomes = stored_outcomes(data)
                return metrics_from_outcomes(outcomes, resamples=resamples,
                                             years=int(meta["years"]))  # fmt: skip
            return outcome_metrics(data, read_events(path, names=False), resamples=resamples,
                                   years=int(meta["years"]))  # fmt: skip
        except (OSError, RuntimeError, KeyError) as err:
            raise corrupt(path / STORE, err) from None
    events = read_events(path, names=False)
    with open_data(path, meta) as data:
        try:
            return outcome_metrics(data, events, resamples=resamples)
        except (OSError, RuntimeError) as err:
            raise corrupt(path / FILES["data"], err) from None

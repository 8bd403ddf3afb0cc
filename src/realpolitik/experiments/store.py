"""The results store: one DuckDB file per sweep, written chunk by chunk, resumable.

Tables (docs/experiments.md shows queries on them):

- ``meta`` (key, value): the experiment's name, its canonical hash (``digest``: the scenario,
  sizes, seed and every cell's intervention and parameters), the experiment as JSON, the
  package version, the store's schema version, runs, years, chunk size, seed, the factors;
- ``cells``: one row per cell: ``cell``, ``intervention``, ``point`` (the design point), the
  cell's root ``seed``, ``scenario_hash``, ``params`` (every key the cell sets, as JSON),
  ``factors`` (the design point, as JSON) and one column per varied factor;
- ``chunks``: one row per (cell, chunk): its first run, runs, the seed entropy and spawn key
  of its random stream (``SeedSequence(seed_entropy).spawn(n)[chunk]``), ``finished``, and,
  once finished, its summary (``wars``, ``runs_with_war``) and compute ``seconds``;
- ``runs``: one row per finished run: ``cell``, ``chunk``, ``run``, the per-run outcomes
  of :data:`realpolitik.experiments.analysis.RUN_COLUMNS` and, where the runs have them, of
  :data:`EXTRA_COLUMNS` (the first state's wars; arms-control treaties' collapse and
  cheating).

Only the driver writes, and each chunk's rows and its ``finished`` flag commit in one
transaction (:meth:`ResultsStore.write_chunk`), so a killed sweep (even ``kill -9``) keeps
every finished chunk and never a part of one: DuckDB's write-ahead log replays committed
transactions and drops the rest when the file is next opened. A new store is built under a
temporary name and renamed into place, so a store file is either complete or absent.

Opening a file that is not a store, a corrupt store, or a store of another experiment raises
:class:`StoreError` and leaves the file as it was: the file is first checked read-only.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.experiments.analysis import EXTRA_METRICS, RUN_COLUMNS
from realpolitik.experiments.design import Sweep, to_json

__all__ = ["EXTRA_COLUMNS", "SCHEMA_VERSION", "ResultsStore", "StoreError", "open_store"]

SCHEMA_VERSION = 2
"""The store's layout version (``meta.schema_version``): 2 added the nullable columns of
:data:`EXTRA_COLUMNS` to ``runs``; a store of another version is refused with a clear error."""
_MAGIC = b"DUCK"  # DuckDB's file header: bytes 8..12
_RUN_TYPES = {
    "wars": "INTEGER",
    "any_war": "BOOLEAN",
    "sd_wars": "INTEGER",
    "deterrence_failures": "INTEGER",
    "justified_preemptions": "INTEGER",
    "first_war_year": "INTEGER",
    "arms_burden": "DOUBLE",
    "arms_race": "BOOLEAN",
}
EXTRA_COLUMNS = tuple(column for column, _, _ in EXTRA_METRICS.values())
"""Per-run outcomes only some scenarios have (the first state's wars, arms-control treaties):
nullable columns of the runs table, NULL where a chunk's runs lack them."""
_EXTRA_TYPES = {"first_state_attacked": "INTEGER", "first_state_lost": "INTEGER",
                "treaty_collapsed": "BOOLEAN", "cheated": "BOOLEAN"}  # fmt: skip
_META_KEYS = ("experiment", "digest", "schema_version", "package_version")


class StoreError(ValueError):
    """A file that cannot be used as this sweep's results store (the file is left untouched)."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _factor_type(values: list[Any]) -> str:
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    return "DOUBLE" if numeric else "VARCHAR"


def _schema(sweep: Sweep) -> list[str]:
    """Return the CREATE TABLE statements of a sweep's store."""
    factor_cols = "".join(
        f", {_quote(f)} {_factor_type([c.factors[f] for c in sweep.cells])}" for f in sweep.factors
    )
    run_cols = ", ".join(
        [f"{k} {_RUN_TYPES[k]} NOT NULL" for k in RUN_COLUMNS]
        + [f"{k} {_EXTRA_TYPES[k]}" for k in EXTRA_COLUMNS]
    )
    return [
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
        "CREATE TABLE cells (cell INTEGER PRIMARY KEY, intervention VARCHAR NOT NULL, "
        "point INTEGER NOT NULL, seed BIGINT NOT NULL, scenario_hash VARCHAR NOT NULL, "
        f"params VARCHAR NOT NULL, factors VARCHAR NOT NULL{factor_cols})",
        "CREATE TABLE chunks (cell INTEGER NOT NULL, chunk INTEGER NOT NULL, "
        "start INTEGER NOT NULL, runs INTEGER NOT NULL, seed_entropy BIGINT NOT NULL, "
        "spawn_key INTEGER NOT NULL, finished BOOLEAN NOT NULL, wars BIGINT, "
        "runs_with_war INTEGER, seconds DOUBLE, PRIMARY KEY (cell, chunk))",
        f"CREATE TABLE runs (cell INTEGER NOT NULL, chunk INTEGER NOT NULL, "
        f"run INTEGER NOT NULL, {run_cols})",
    ]


def _meta(sweep: Sweep) -> dict[str, str]:
    from realpolitik import __version__

    exp = sweep.experiment
    return {
        "experiment": exp.name,
        "title": exp.title,
        "digest": sweep.digest,
        "schema_version": str(SCHEMA_VERSION),
        "package_version": __version__,
        "experiment_json": to_json(exp.model_dump(mode="json")),
        "scenario_hash": sweep.scenario_hash,
        "runs": str(sweep.runs),
        "years": str(sweep.years),
        "chunk_size": str(sweep.chunk_size),
        "seed": str(exp.seed),
        "factors": to_json(list(sweep.factors)),
        "design": exp.design.kind if exp.design is not None else "none",
        "source": Path(exp.source).name,
        "scenario_sources": to_json(list(sweep.cells[0].scenario.sources)),
    }


def _cells_frame(sweep: Sweep) -> Any:
    """Return the cells table's rows as a DataFrame (a varied factor: numbers or JSON text)."""
    import pandas as pd

    cells = sweep.cells
    data: dict[str, Any] = {
        "cell": np.array([c.index for c in cells], np.int32),
        "intervention": [c.intervention for c in cells],
        "point": np.array([c.point for c in cells], np.int32),
        "seed": np.array([c.seed for c in cells], np.int64),
        "scenario_hash": [sweep.scenario_hash] * len(cells),
        "params": [to_json(c.overrides) for c in cells],
        "factors": [to_json(c.factors) for c in cells],
    }
    for f in sweep.factors:
        values = [c.factors[f] for c in cells]
        numeric = _factor_type(values) == "DOUBLE"
        data[f] = np.array(values, np.float64) if numeric else [to_json(v) for v in values]
    return pd.DataFrame(data)


def _chunks_frame(sweep: Sweep) -> Any:
    """Return the chunks table's planned rows (none finished) as a DataFrame."""
    import pandas as pd

    n, size, cells = sweep.chunks_per_cell, sweep.chunk_size, len(sweep.cells)
    chunk = np.tile(np.arange(n, dtype=np.int64), cells)
    start = chunk * size
    return pd.DataFrame(
        {
            "cell": np.repeat(np.arange(cells, dtype=np.int32), n),
            "chunk": chunk.astype(np.int32),
            "start": start.astype(np.int32),
            "runs": (np.minimum(sweep.runs, start + size) - start).astype(np.int32),
            "seed_entropy": np.repeat(np.array([c.seed for c in sweep.cells], np.int64), n),
            "spawn_key": chunk.astype(np.int32),
            "finished": np.zeros(n * cells, dtype=bool),
        }
    )


def _create(path: Path, sweep: Sweep) -> None:
    """Build a new store under a temporary name in the same folder, then rename it into place."""
    import duckdb

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.unlink(tmp)  # DuckDB creates the file itself
    try:
        con = duckdb.connect(tmp)
        try:
            for statement in _schema(sweep):
                con.execute(statement)
            con.executemany("INSERT INTO meta VALUES (?, ?)", list(_meta(sweep).items()))
            for table, frame in (("cells", _cells_frame(sweep)), ("chunks", _chunks_frame(sweep))):
                con.register("_new_rows", frame)
                columns = ", ".join(_quote(c) for c in frame.columns)
                con.execute(f"INSERT INTO {table} ({columns}) SELECT * FROM _new_rows")
                con.unregister("_new_rows")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)


def _check_file(path: Path) -> dict[str, str]:
    """Check read-only that ``path`` is an intact store; return its meta (file untouched)."""
    import duckdb

    if not path.is_file():
        raise StoreError(f"{path}: not a regular file; give a results store (.duckdb) file")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head[8:12] != _MAGIC:
        raise StoreError(
            f"{path}: not a results store (not a DuckDB file); give another "
            f"--store file or remove this one"
        )
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as err:
        raise StoreError(
            f"{path}: the store is corrupt or unreadable ({_first_line(err)}); "
            f"the file was left as it is"
        ) from None
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if not {"meta", "cells", "chunks", "runs"} <= tables:
            raise StoreError(
                f"{path}: a DuckDB file but not a results store (it lacks the "
                f"meta, cells, chunks and runs tables)"
            )
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        # read every table once, so that a damaged block shows here and not mid-sweep
        for table in ("cells", "chunks", "runs"):
            con.execute(f"SELECT count(*), max(COLUMNS(*)) FROM {table}").fetchall()
    except duckdb.Error as err:
        raise StoreError(
            f"{path}: the store is corrupt or unreadable ({_first_line(err)}); "
            f"the file was left as it is"
        ) from None
    finally:
        con.close()
    missing = [k for k in _META_KEYS if k not in meta]
    if missing:
        raise StoreError(f"{path}: a DuckDB file but not a results store (meta lacks {missing})")
    if meta["schema_version"] != str(SCHEMA_VERSION):
        raise StoreError(
            f"{path}: store layout version {meta['schema_version']} (written by realpolitik "
            f"{meta['package_version']}); this version of realpolitik reads version "
            f"{SCHEMA_VERSION} only: run the sweep again into a new --store file (this one "
            "was left as it is)"
        )
    return meta


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _nullable(values: Any, n: int, sql_type: str) -> Any:
    """Return an Arrow column of ``n`` values, or of ``n`` NULLs when ``values`` is None."""
    import pyarrow as pa

    kind = pa.bool_() if sql_type == "BOOLEAN" else pa.int32()
    if values is None:
        return pa.nulls(n, type=kind)
    return pa.array(np.asarray(values), type=kind)


class ResultsStore:
    """An open results store (see the module docstring); use :func:`open_store`.

    Parameters
    ----------
    path
        The store file.
    read_only
        Open for reading only (``realpolitik results``).
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = True) -> None:
        import duckdb

        self.path = Path(path)
        self.meta = _check_file(self.path)
        self._con = duckdb.connect(str(self.path), read_only=read_only)

    def close(self) -> None:
        """Close the connection (committed chunks are on disk already)."""
        self._con.close()

    def __enter__(self) -> ResultsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def missing(self) -> list[tuple[int, int]]:
        """Return the (cell, chunk) pairs not yet finished, in order."""
        rows = self._con.execute(
            "SELECT cell, chunk FROM chunks WHERE NOT finished ORDER BY cell, chunk"
        ).fetchall()
        return [(int(a), int(b)) for a, b in rows]

    def progress(self) -> tuple[int, int, int, int]:
        """Return (finished chunks, chunks, finished runs, runs)."""
        row = self._con.execute(
            "SELECT count(*) FILTER (finished), count(*), "
            "coalesce(sum(runs) FILTER (finished), 0), coalesce(sum(runs), 0) FROM chunks"
        ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    def write_chunk(
        self, cell: int, chunk: int, start: int, columns: Mapping[str, np.ndarray], seconds: float
    ) -> None:
        """Write one finished chunk's runs and mark it finished, in one transaction.

        Parameters
        ----------
        cell, chunk
            The chunk's cell and number.
        start
            Its first run's index within the cell.
        columns
            The per-run outcomes, :data:`~realpolitik.experiments.analysis.RUN_COLUMNS`.
        seconds
            The chunk's compute time (stored for the benchmark and the ETA).
        """
        import pyarrow as pa

        n = len(columns["wars"])
        table = pa.table(
            {
                "cell": np.full(n, cell, np.int32),
                "chunk": np.full(n, chunk, np.int32),
                "run": np.arange(start, start + n, dtype=np.int32),
                **{k: np.asarray(columns[k]) for k in RUN_COLUMNS},
                **{k: _nullable(columns.get(k), n, _EXTRA_TYPES[k]) for k in EXTRA_COLUMNS},
            }
        )
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("_chunk_rows", table)
            con.execute("INSERT INTO runs SELECT * FROM _chunk_rows")
            con.unregister("_chunk_rows")
            con.execute(
                "UPDATE chunks SET finished = true, wars = ?, runs_with_war = ?, seconds = ? "
                "WHERE cell = ? AND chunk = ? AND NOT finished",
                [
                    int(np.sum(columns["wars"])),
                    int(np.count_nonzero(columns["any_war"])),
                    float(seconds),
                    cell,
                    chunk,
                ],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def runs(self) -> Any:
        """Return the per-run outcomes as a DataFrame (ordered by cell and run).

        Columns: ``cell``, ``chunk``, ``run``, :data:`~realpolitik.experiments.analysis.
        RUN_COLUMNS`, and those of :data:`EXTRA_COLUMNS` that some run has.
        """
        names = ", ".join(("cell", "chunk", "run", *RUN_COLUMNS, *EXTRA_COLUMNS))
        frame = self._con.execute(f"SELECT {names} FROM runs ORDER BY cell, run").df()
        empty = [c for c in EXTRA_COLUMNS if frame[c].isna().all()]
        return frame.drop(columns=empty)

    def cells(self) -> Any:
        """Return the cells as a DataFrame: cell, intervention, point, factors' columns, ..."""
        return self._con.execute("SELECT * FROM cells ORDER BY cell").df()

    def chunks(self) -> Any:
        """Return the chunks table as a DataFrame (ordered by cell and chunk)."""
        return self._con.execute("SELECT * FROM chunks ORDER BY cell, chunk").df()

    def factors(self) -> list[str]:
        """Return the design's factors (the varied columns of ``cells``)."""
        return list(json.loads(self.meta.get("factors", "[]")))

    def experiment(self) -> dict[str, Any]:
        """Return the experiment as run (what ``realpolitik report`` reads as experiment.json).

        Its fields, with the run's ``runs`` and ``years``, its file's name (``source``) and
        its scenario's sources (``scenario_sources``).
        """
        meta = self.meta
        out = dict(json.loads(meta["experiment_json"]))
        out.update(runs=int(meta["runs"]), years=int(meta["years"]), source=meta.get("source"))
        out["scenario_sources"] = json.loads(meta.get("scenario_sources", "[]"))
        return out


def open_store(path: str | os.PathLike[str], sweep: Sweep) -> ResultsStore:
    """Open the store of ``sweep`` for writing, creating it when the file does not exist.

    Parameters
    ----------
    path
        The store file.
    sweep
        The sweep (:func:`~realpolitik.experiments.design.build_sweep`).

    Returns
    -------
    ResultsStore
        The store, writable.

    Raises
    ------
    StoreError
        For a file that is not a store, a corrupt one, or a store made for another experiment
        or another version of this one (its hash differs); the file is left untouched.
    """
    path = Path(path)
    if not path.exists():
        if not path.parent.is_dir():
            raise StoreError(f"{path}: the folder {path.parent} does not exist")
        _create(path, sweep)
    meta = _check_file(path)
    if meta["digest"] != sweep.digest:
        same = meta["experiment"] == sweep.experiment.name
        what = (
            f"another version of experiment {sweep.experiment.name!r} (its scenario, sizes, "
            "seed, interventions or design differ)"
            if same
            else f"experiment {meta['experiment']!r}, not {sweep.experiment.name!r}"
        )
        raise StoreError(
            f"{path}: the store holds {what}; give another --store file (the store "
            f"was left as it is)"
        )
    return ResultsStore(path, read_only=False)

"""Output folders and result files for the ``realpolitik`` command (DESIGN.md, Interfaces).

Every command that makes a result writes it into ``./realpolitik-output/<command>-<timestamp>/``
by default (``--out DIR`` overrides). The timestamp has seconds; when the folder already
exists (two runs within one second) a numeric suffix ``-2``, ``-3``, ... keeps it unique.
Numbers are written as JSON (``result.json``) or CSV; infinities become the strings ``"inf"``
and ``"-inf"`` because JSON has no infinity, and ``None`` becomes ``null``.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np

#: Parent of the default output folders, relative to the working directory.
DEFAULT_ROOT = Path("realpolitik-output")


def output_dir(command: str, out: Path | str | None = None, *, now: datetime | None = None) -> Path:
    """Create and return the folder a command writes its results into.

    Parameters
    ----------
    command
        Short command name used in the default folder name, e.g. ``"theory-richardson"``.
    out
        Folder chosen by the user (``--out``); created if missing, reused if present.
        ``None`` selects ``./realpolitik-output/<command>-<YYYYmmdd-HHMMSS>/``.
    now
        Time used for the timestamp (default: the current local time).

    Returns
    -------
    Path
        The folder, which exists on return.

    Raises
    ------
    ValueError
        If ``out`` exists and is not a folder.
    """
    if out is not None:
        path = Path(out)
        if path.exists() and not path.is_dir():
            raise ValueError(f"--out = {str(path)!r} exists and is not a folder; give a folder")
        path.mkdir(parents=True, exist_ok=True)
        return path
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    DEFAULT_ROOT.mkdir(parents=True, exist_ok=True)
    base = DEFAULT_ROOT / f"{command}-{stamp}"
    candidate, n = base, 1
    while True:
        try:
            candidate.mkdir(parents=False, exist_ok=False)
            return candidate
        except FileExistsError:
            n += 1
            candidate = base.with_name(f"{base.name}-{n}")


def to_jsonable(value: object) -> object:
    """Convert numbers, tuples, arrays and dataclass-like values to plain JSON values.

    Parameters
    ----------
    value
        Any nesting of dicts, sequences, numpy arrays and scalars, floats (``inf`` / ``nan``
        included), booleans, strings and ``None``.

    Returns
    -------
    object
        The same structure made of ``dict``, ``list``, ``float``, ``int``, ``bool``, ``str`` and
        ``None``; infinities become ``"inf"`` / ``"-inf"`` and NaN becomes ``None``.
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        x = float(value)
        if math.isnan(x):
            return None
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, Sequence):
        return [to_jsonable(v) for v in value]
    return str(value)


def write_json(path: Path, data: Mapping[str, object]) -> Path:
    """Write ``data`` as indented JSON (see :func:`to_jsonable`) and return the path.

    Parameters
    ----------
    path
        File to write.
    data
        The numbers to store.

    Returns
    -------
    Path
        ``path``.
    """
    path.write_text(json.dumps(to_jsonable(data), indent=2) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """Write one table as CSV with a header row and return the path.

    Parameters
    ----------
    path
        File to write.
    columns
        Column names.
    rows
        Rows of values; floats are written with ``repr`` precision.

    Returns
    -------
    Path
        ``path``.
    """
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else to_jsonable(v) for v in row])
    return path

"""Output folders and result files for the ``realpolitik`` command (docs/cli.md).

Every command that makes a result writes it into ``./realpolitik-output/<command>-<timestamp>/``
by default (``--out DIR`` overrides). The timestamp has seconds; when the folder already
exists (two runs within one second) a numeric suffix ``-2``, ``-3``, ... keeps it unique.
Numbers are written as JSON (``result.json``) or CSV; infinities become the strings ``"inf"``
and ``"-inf"`` because JSON has no infinity, and ``None`` becomes ``null``.

Check before compute, and no half-written folders
-------------------------------------------------
:meth:`OutputFolder.open` is called before any work: it refuses an ``--out`` that is a file or
a non-empty folder (unless ``overwrite``), creates the folder, and proves it writable by
creating the staging folder inside it, where the results are then written.
:meth:`OutputFolder.commit` moves them into place (with ``overwrite``, replacing only entries
of the same names); :meth:`OutputFolder.discard` removes the staging folder and every folder
``open`` created, so that an error or Ctrl-C leaves neither an empty nor a half-written
folder. Used as a context manager, an exception discards (and a failed write inside the folder,
such as a full disk, becomes an :class:`OutputError`). Every error is a
:class:`OutputError` (a ``ValueError``) whose one line names ``--out`` (or the default folder),
the path, the problem and what is allowed.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType

import numpy as np

__all__ = [
    "DEFAULT_ROOT",
    "STAGING_PREFIX",
    "OutputError",
    "OutputFolder",
    "output_dir",
    "to_jsonable",
    "write_csv",
    "write_json",
]

#: Parent of the default output folders, relative to the working directory.
DEFAULT_ROOT = Path("realpolitik-output")
#: Name prefix of the staging folder inside an output folder while results are written.
STAGING_PREFIX = ".realpolitik-writing-"


class OutputError(ValueError):
    """An output folder that cannot be used, said in one line naming the option."""


def _default_path(command: str, now: datetime | None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return DEFAULT_ROOT / f"{command}-{stamp}"


def _make_dirs(path: Path, label: str) -> list[Path]:
    """Create ``path`` and its missing parents; return the folders created, outermost first."""
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise OutputError(
            f"{label}: {str(probe)!r} is a file, not a folder; allowed: a new or empty folder"
        )
    created: list[Path] = []
    try:
        for folder in reversed(missing):
            folder.mkdir()
            created.append(folder)
    except OSError as err:
        _remove_empty(created)
        raise OutputError(
            f"{label}: cannot create the folder ({err.strerror or type(err).__name__}); "
            "allowed: a folder you can write to"
        ) from None
    return created


DISCARD_TRIES = 50
"""Removals of the staging folder :meth:`OutputFolder.discard` tries, 20 ms apart."""
DISCARD_QUIET = 3
"""Checks in a row, 20 ms apart, that must find the staging folder gone before it counts as gone."""


def _remove_empty(folders: Sequence[Path]) -> None:
    """Remove the given folders, innermost first, where they are empty."""
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            return


class OutputFolder:
    """An output folder, checked and proven writable before any work (module docstring).

    Attributes
    ----------
    path : pathlib.Path
        The folder the results end up in.
    staging : pathlib.Path
        The folder inside it where they are written until :meth:`commit`.
    label : str
        How errors name the folder (``--out = '<path>'``, or the default folder).
    """

    def __init__(self, path: Path, staging: Path, created: list[Path], label: str) -> None:
        self.path = path
        self.staging = staging
        self.label = label
        self._created = created
        self._open = True

    @classmethod
    def open(
        cls,
        command: str,
        out: Path | str | None = None,
        *,
        overwrite: bool = False,
        now: datetime | None = None,
    ) -> OutputFolder:
        """Check, create and prove writable the folder a command will write into.

        Parameters
        ----------
        command
            Short command name used in the default folder name, e.g. ``"run-two-state-spiral"``.
        out
            The folder chosen by the user (``--out``): created if missing; an existing one
            must be empty unless ``overwrite``. ``None`` selects a new
            ``./realpolitik-output/<command>-<YYYYmmdd-HHMMSS>/``.
        overwrite
            Allow an existing non-empty ``out`` (entries of the same names are replaced at
            :meth:`commit`; others are kept).
        now
            Time used for the default folder's timestamp (default: the current local time).

        Returns
        -------
        OutputFolder
            The open folder (its staging folder exists).

        Raises
        ------
        OutputError
            For an ``out`` that is a file, a non-empty folder without ``overwrite``, or a
            folder that cannot be created or written; the message names ``--out``.
        """
        if out is None:
            path, created = _unique_default(command, now)
            label = f"the default output folder {str(path)!r} (choose another with --out)"
        else:
            path = Path(out)
            label = f"--out = {str(path)!r}"
            if path.exists() and not path.is_dir():
                raise OutputError(f"{label} exists and is not a folder; allowed: a new or "
                                  "empty folder")  # fmt: skip
            if path.is_dir() and not overwrite:
                entries = _visible_entries(path, label)
                if entries:
                    raise OutputError(
                        f"{label} is a folder that is not empty ({entries} "
                        f"{'entry' if entries == 1 else 'entries'}); "
                        "allowed: a new or empty folder, or add --overwrite"
                    )
            created = _make_dirs(path, label)
        staging = path / f"{STAGING_PREFIX}{os.getpid()}"
        try:
            if staging.exists():
                shutil.rmtree(staging)
            staging.mkdir()
            (staging / ".probe").write_bytes(b"")
            (staging / ".probe").unlink()
        except OSError as err:
            shutil.rmtree(staging, ignore_errors=True)
            _remove_empty(created)
            raise OutputError(
                f"{label}: cannot write into the folder ({err.strerror or type(err).__name__}); "
                "allowed: a folder you can write to"
            ) from None
        return cls(path, staging, created, label)

    def commit(self) -> list[Path]:
        """Move what was written into the staging folder into place; return the new paths.

        Returns
        -------
        list of pathlib.Path
            Each moved entry's final path, in name order.
        """
        moved = []
        for entry in sorted(self.staging.iterdir()):
            target = self.path / entry.name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
            os.replace(entry, target)
            moved.append(target)
        self.staging.rmdir()
        self._open = False
        return moved

    def final(self, staged: Path) -> Path:
        """Return where a path inside the staging folder ends up after :meth:`commit`."""
        return self.path / Path(staged).relative_to(self.staging)

    def discard(self) -> None:
        """Remove the staging folder and the folders :meth:`open` created (if empty)."""
        if not self._open:
            return
        # A write still in flight when Ctrl-C arrived (Zarr finishes its writes on its own
        # I/O thread, and makes the folders it writes into) can add an entry, or make the
        # staging folder again, just after the removal: remove again until it has stayed
        # gone for a few checks (at most about a second), so that the folders open created
        # can be removed too.
        quiet = 0
        for _ in range(DISCARD_TRIES):
            shutil.rmtree(self.staging, ignore_errors=True)
            quiet = 0 if self.staging.exists() else quiet + 1
            if quiet == DISCARD_QUIET:
                break
            time.sleep(0.02)
        _remove_empty(self._created)
        self._open = False

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            return
        self.discard()
        if isinstance(error, OSError) and self._inside(error.filename):
            raise OutputError(
                f"{self.label}: cannot write the results "
                f"({error.strerror or type(error).__name__}); nothing was kept"
            ) from None

    def _inside(self, filename: object) -> bool:
        """Return whether a file name lies inside this folder."""
        if not isinstance(filename, str | os.PathLike):
            return False
        try:
            return Path(filename).resolve().is_relative_to(self.path.resolve())
        except (OSError, ValueError):
            return False


def _visible_entries(path: Path, label: str) -> int:
    """Return how many entries a folder holds, a stale staging folder of ours not counted."""
    try:
        return sum(1 for e in path.iterdir() if not e.name.startswith(STAGING_PREFIX))
    except OSError as err:
        raise OutputError(
            f"{label}: cannot read the folder ({err.strerror or type(err).__name__}); "
            "allowed: a folder you can write to"
        ) from None


def _unique_default(command: str, now: datetime | None) -> tuple[Path, list[Path]]:
    """Create ``./realpolitik-output/<command>-<stamp>[-n]``; return it and the folders made."""
    base = _default_path(command, now)
    label = f"the default output folder {str(DEFAULT_ROOT)!r} (choose another with --out)"
    created = _make_dirs(DEFAULT_ROOT, label)
    candidate, n = base, 1
    while True:
        try:
            candidate.mkdir(parents=False, exist_ok=False)
            return candidate, [*created, candidate]
        except FileExistsError:
            n += 1
            candidate = base.with_name(f"{base.name}-{n}")
        except OSError as err:
            _remove_empty(created)
            raise OutputError(
                f"{label}: cannot create {str(candidate)!r} "
                f"({err.strerror or type(err).__name__}); allowed: a folder you can write to"
            ) from None


def output_dir(
    command: str,
    out: Path | str | None = None,
    *,
    now: datetime | None = None,
    overwrite: bool = True,
) -> Path:
    """Create and return the folder a command writes its results into (no staging).

    For callers that write a few files at once; :class:`OutputFolder` is the checked form.

    Parameters
    ----------
    command
        Short command name used in the default folder name, e.g. ``"theory-richardson"``.
    out
        Folder chosen by the user (``--out``); created if missing. ``None`` selects
        ``./realpolitik-output/<command>-<YYYYmmdd-HHMMSS>/``.
    now
        Time used for the timestamp (default: the current local time).
    overwrite
        Allow an existing non-empty ``out`` (default True).

    Returns
    -------
    Path
        The folder, which exists on return.

    Raises
    ------
    OutputError
        As :meth:`OutputFolder.open`.
    """
    folder = OutputFolder.open(command, out, overwrite=overwrite, now=now)
    folder.commit()
    return folder.path


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

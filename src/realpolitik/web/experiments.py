"""The web lab's Experiments page API: browse the results stores of the policy lab.

``realpolitik serve --stores DIR`` names one folder of results stores (the ``.duckdb`` files
``realpolitik sweep NAME --store DIR/NAME.duckdb`` writes); without it the page says how to make
one. Requests name a store by its file name without the suffix, never by a path: a name is
letters, digits, ``_``, ``-`` and inner dots (:data:`NAME_PATTERN`), is looked up among the
stores of DIR, and its file must resolve inside DIR, so no request reaches a file outside it.
Stores are opened read-only (:func:`realpolitik.experiments.results.read_results`); a store a
sweep is writing is answered with 409 until the sweep ends.

Endpoints (under ``/api/experiments``):

- ``GET /api/experiments``: whether a folder was given and the stores in it;
- ``GET /api/experiments/{name}``: the experiment (title, description, design), its progress,
  the metrics and each cell's metrics with 95% intervals (the run as the unit,
  :func:`realpolitik.experiments.analysis.cell_table`);
- ``GET /api/experiments/{name}/effects``: each intervention's effect against the baseline in
  each design point, with its 95% interval (:func:`realpolitik.experiments.analysis.effects`).

The tables are computed once per store version (the file's size and modification time) and
kept for the next request; the handlers run off the event loop.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam

__all__ = ["NAME_PATTERN", "SUFFIX", "router", "store_file", "store_names"]

SUFFIX = ".duckdb"
"""The suffix of a results store's file."""
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$"
"""A store's name: its file name without :data:`SUFFIX` (no slash, no leading dot, no ``..``)."""
_NAME = re.compile(NAME_PATTERN)
_HOW = (
    "no folder of results stores was given: start the lab with `realpolitik serve --stores "
    "DIR` after `realpolitik sweep NAME --store DIR/NAME.duckdb` (`realpolitik experiments` "
    "lists the bundled experiments)"
)
_CACHE_SIZE = 8

router = APIRouter(prefix="/api/experiments", tags=["experiments"])

StoreName = Annotated[
    str,
    PathParam(
        description="A store's file name in the server's --stores folder, without .duckdb.",
        pattern=NAME_PATTERN,
        max_length=100,
    ),
]


def _folder(request: Request) -> Path | None:
    folder = getattr(request.app.state, "stores", None)
    return None if folder is None else Path(folder)


def store_names(folder: Path) -> list[str]:
    """Return the names of the results stores in ``folder`` (sorted; its own .duckdb files)."""
    root = folder.resolve()
    return sorted(
        p.name[: -len(SUFFIX)]
        for p in folder.iterdir()
        if p.name.endswith(SUFFIX)
        and len(p.name) <= 100 + len(SUFFIX)
        and _NAME.match(p.name[: -len(SUFFIX)])
        and p.is_file()
        and p.resolve().parent == root
    )


def store_file(folder: Path, name: str) -> Path:
    """Return the file of store ``name`` in ``folder``, refusing anything else.

    Raises
    ------
    fastapi.HTTPException
        422 for a name that is not a store's name, 404 for one that is not in the folder
        (or whose file resolves outside it, e.g. through a link).
    """
    if len(name) > 100 or not _NAME.match(name):
        raise HTTPException(
            422,
            f"name: {name[:60]!r} is not a store's name; allowed: letters, digits, '_', '-' "
            "and single inner dots, at most 100 characters",
        )
    root = folder.resolve()
    path = (root / f"{name}{SUFFIX}").resolve()
    if path.parent != root or not path.is_file():
        known = ", ".join(store_names(folder)) or "none"
        raise HTTPException(404, f"no results store named {name!r}; the stores: {known}")
    return path


class _Tables:
    """Analysed stores, kept by (file, size, modification time); least recently used dropped."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: OrderedDict[tuple[str, int, int], dict[str, Any]] = OrderedDict()

    def get(self, path: Path, name: str) -> dict[str, Any]:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = _analyse(path, name)
        with self.lock:
            self.items[key] = value
            while len(self.items) > _CACHE_SIZE:
                self.items.popitem(last=False)
        return value


_TABLES = _Tables()


def _records(frame: Any) -> list[dict[str, Any]]:
    """Return a DataFrame's rows as JSON values (NaN -> null)."""
    return list(json.loads(frame.to_json(orient="records", double_precision=10)))


def _analyse(path: Path, name: str) -> dict[str, Any]:
    """Read and analyse one store: the summary, the cells' table and the effects."""
    from realpolitik.experiments.analysis import CELL_METRICS, EXTRA_METRICS, cell_table, effects
    from realpolitik.experiments.results import read_results
    from realpolitik.experiments.store import StoreError

    try:
        res = read_results(path)
    except StoreError as err:
        text = str(err).replace(str(path), name)
        if "lock" in text.lower():
            raise HTTPException(409, f"store {name!r} is being written by a sweep; try again "
                                "when it finishes") from None  # fmt: skip
        raise HTTPException(422, f"store {name!r}: {text}") from None
    table = cell_table(res.runs, res.cells)
    known = {**CELL_METRICS, **EXTRA_METRICS}
    metrics = [
        {"key": key, "description": known[key][2], "kind": known[key][1]}
        for key in known
        if key in table.columns
    ]
    interventions = set(res.cells["intervention"])
    effect_rows: list[dict[str, Any]] = []
    if "baseline" in interventions and len(interventions) > 1 and not res.runs.empty:
        effect_rows = _records(effects(res.runs, res.cells))
    exp = res.experiment
    return {
        "summary": {
            "name": name,
            "experiment": exp.get("name"),
            "title": exp.get("title"),
            "description": exp.get("description"),
            "scenario": exp.get("scenario"),
            "runs": exp.get("runs"),
            "years": exp.get("years"),
            "seed": exp.get("seed"),
            "interventions": exp.get("interventions"),
            "design": exp.get("design"),
            "factors": res.factors,
            "chunks_done": res.chunks_done,
            "chunks": res.chunks,
            "finished_runs": len(res.runs),
            "metrics": metrics,
            "cells": _records(table),
        },
        "effects": effect_rows,
    }


def _store(request: Request, name: str) -> dict[str, Any]:
    folder = _folder(request)
    if folder is None:
        raise HTTPException(404, _HOW)
    return _TABLES.get(store_file(folder, name), name)


@router.get("", summary="The results stores the lab was given")
def list_stores(request: Request) -> dict[str, Any]:
    """Return whether a folder of stores was given (``--stores``), its stores, and a hint."""
    folder = _folder(request)
    if folder is None:
        return {"configured": False, "stores": [], "hint": _HOW}
    names = store_names(folder)
    hint = (
        "choose a store"
        if names
        else "the folder holds no results store yet: `realpolitik sweep NAME --store "
        f"{folder.name}/NAME.duckdb` makes one"
    )
    return {"configured": True, "stores": names, "hint": hint}


@router.get("/{name}", summary="A store's experiment and each cell's metrics with 95% intervals")
def get_store(request: Request, name: StoreName) -> dict[str, Any]:
    """Return the experiment, its progress, its metrics and the per-cell table."""
    return dict(_store(request, name)["summary"])


@router.get("/{name}/effects", summary="Each intervention's effects against the baseline")
def get_effects(request: Request, name: StoreName) -> list[dict[str, Any]]:
    """Return the effects (tidy: design point, intervention, metric, effect, lo, hi)."""
    return list(_store(request, name)["effects"])

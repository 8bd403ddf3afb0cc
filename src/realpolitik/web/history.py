"""The web lab's History page API: the historical cases, each in one shape (docs/history.md).

Every historical case (:mod:`realpolitik.history.cases`: pre1914 and those this installation
has) answers with a :class:`~realpolitik.history.cases.CaseResult`: the observed series with
the model's simulated 5-50-95% bands, the calibrated estimates with standard errors, the
out-of-sample scores against a naive baseline, the simulated outcomes with 95% intervals and
the findings. The page draws them in the browser (``static/plot.js``), as the other pages do.

Endpoints (under ``/api/history``):

- ``GET /api/history``: the cases (name and title), in the registry's order;
- ``GET /api/history/{name}``: one case's result (``CaseResult.to_dict()``); an unknown name is
  answered with 404 naming the cases there are.

A case reads its calibration from the package's cache and simulates for a second or a few, so
each result is computed once per server process and kept (the results are deterministic: fixed
seeds); the handlers run off the event loop.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import APIRouter, HTTPException

from realpolitik.history.calibrate import HistoryError
from realpolitik.history.cases import case_names, get_case

__all__ = ["case_dict", "router"]

router = APIRouter(prefix="/api/history", tags=["history"])


class _Results:
    """Computed cases by name; one lock per name, so a case is computed once at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.locks: dict[str, threading.Lock] = {}
        self.items: dict[str, dict[str, Any]] = {}

    def get(self, name: str) -> dict[str, Any]:
        with self.lock:
            if name in self.items:
                return self.items[name]
            lock = self.locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self.items:
                value = get_case(name).to_dict()
                with self.lock:
                    self.items[name] = value
            return self.items[name]


_RESULTS = _Results()


def _unknown(name: str, names: tuple[str, ...]) -> HTTPException:
    return HTTPException(
        404, f"no historical case named {name[:60]!r}; the cases: {', '.join(names) or 'none'}"
    )


def case_dict(name: str) -> dict[str, Any]:
    """Return the JSON-ready result of historical case ``name``, computed once and kept.

    Raises
    ------
    fastapi.HTTPException
        404 for a name that is not among :func:`~realpolitik.history.cases.case_names`; 500
        naming the case when its calibration cannot be read.
    """
    names = case_names()
    if name not in names:
        raise _unknown(name, names)
    try:
        return _RESULTS.get(name)
    except HistoryError as err:
        raise HTTPException(500, f"historical case {name!r} could not be computed: {err}") from None


def _entry(name: str) -> dict[str, Any]:
    """Return a case's name and title (and, when it cannot be computed, why)."""
    try:
        return {"name": name, "title": case_dict(name)["title"]}
    except HTTPException as err:
        return {"name": name, "title": name, "error": str(err.detail)}


@router.get("", summary="The historical cases")
def list_cases() -> list[dict[str, Any]]:
    """Return each historical case's name and title, in the registry's order.

    The titles come from the cases' results, which are computed here (in parallel, the first
    time only) and kept for ``GET /api/history/{name}``.
    """
    names = case_names()
    with ThreadPoolExecutor(max_workers=max(1, min(4, len(names)))) as pool:
        return list(pool.map(_entry, names))


@router.get("/{name}", summary="A historical case: bands, estimates, scores, outcomes, findings")
def get_history_case(name: str) -> dict[str, Any]:
    """Return the case's result: series with simulated bands, estimates, scores and outcomes."""
    return case_dict(name)

"""Scenario runs of the web lab: ``/api/runs`` and the pool that computes them (docs/web.md).

A run is checked in the request (:func:`realpolitik.lab.prepare_run`: the scenario, the
overrides, the sizes and the memory ceiling, each problem a 422 naming the field), bounded in
runs x years x states (:data:`MAX_WORK`) and in the number of runs queued or computing at once
(:data:`MAX_ACTIVE`), then computed in a process pool (:mod:`realpolitik.web.jobs`), so that
the server answers other requests while it computes. Each run gets a folder under the server's
private data folder, named by a random id; a request names a run only by that id, checked
against the runs the server knows, so no path from a request reaches the file system.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from realpolitik.web import jobs

__all__ = ["MAX_ACTIVE", "MAX_KEPT", "MAX_WORK", "Run", "RunManager", "RunRequest", "router"]

#: Most runs x years x states of one run: 100,000 runs of 50 years of 4 states.
MAX_WORK: int = 100_000 * 50 * 4
#: Most runs queued or computing at once (a further request is answered 429).
MAX_ACTIVE: int = 4
#: Finished runs kept (the oldest are forgotten and their folders removed).
MAX_KEPT: int = 20
#: Most bytes of an uploaded scenario's text: the scenario loader's file limit (1 MiB).
MAX_YAML_CHARS: int = 1024 * 1024

router = APIRouter(prefix="/api/runs", tags=["runs"])


class RunRequest(BaseModel):
    """A run to start: a bundled scenario or an uploaded one, overrides and sizes."""

    model_config = ConfigDict(extra="forbid")

    scenario: str | None = Field(
        None, max_length=100, description="A bundled scenario's name (GET /api/scenarios)."
    )
    yaml: str | None = Field(
        None, max_length=MAX_YAML_CHARS, description="An uploaded scenario's YAML text."
    )
    overrides: dict[str, Any] = Field(
        default_factory=dict, description="Engine key -> value, applied to every state."
    )
    runs: int | None = Field(None, description="Independent runs (None: the scenario's).")
    years: int | None = Field(None, description="Simulated years (None: the scenario's).")
    seed: int | None = Field(None, description="Root seed (None: the scenario's).")


@dataclass
class Run:
    """A run the server knows: its id, folder, label, future and outcome."""

    id: str
    folder: Path
    label: str
    runs: int
    future: Future[str] | None = None
    state: str = "queued"
    error: str | None = None
    started: float = field(default_factory=time.time)

    def status(self) -> dict[str, Any]:
        """Return the run's status: state, progress, and whether result and report are ready."""
        self.refresh()
        progress = _read_json(self.folder / "progress.json") or {}
        done = int(progress.get("done_runs", 0))
        ready = (self.folder / "result.json").exists()
        return {
            "id": self.id,
            "label": self.label,
            "state": self.state,
            "done_runs": done,
            "total_runs": self.runs,
            "progress": done / self.runs if self.runs else 0.0,
            "preview_ready": (self.folder / "preview.json").exists(),
            "result_ready": ready,
            "report_ready": (self.folder / "report.done").exists(),
            "error": self.error,
        }

    def refresh(self) -> None:
        """Update the state from the worker: running, computed, finished, cancelled, failed."""
        if self.state in ("done", "cancelled", "failed"):
            return
        if self.future is not None and self.future.done():
            if self.future.cancelled():
                self.state = "cancelled"
            elif (exc := self.future.exception()) is not None:
                self.state, self.error = "failed", _failure(exc)
            else:
                self.state = self.future.result()
        elif (self.folder / "result.json").exists():
            self.state = "reporting"
        elif (self.folder / "progress.json").exists():
            self.state = "running"

    @property
    def active(self) -> bool:
        """Whether the run is queued or computing."""
        self.refresh()
        return self.state in ("queued", "running", "reporting")


def _failure(exc: BaseException) -> str:
    """Return a one-line message of a worker's failure (no traceback)."""
    if isinstance(exc, BrokenProcessPool):
        return "the worker process stopped unexpectedly (out of memory?)"
    return " ".join(str(exc).split()) or type(exc).__name__


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class RunManager:
    """The runs of one server and the process pool that computes them.

    Parameters
    ----------
    root
        The server's private data folder (each run a sub-folder named by its id).
    workers
        Worker processes (each computes one run at a time).
    """

    def __init__(self, root: Path, workers: int = 1) -> None:
        self.root = root
        self.workers = workers
        self.runs: OrderedDict[str, Run] = OrderedDict()
        self.lock = threading.Lock()
        self.pool: ProcessPoolExecutor | None = None
        self.warmed: list[Future[float]] = []

    def start(self) -> None:
        """Start the worker processes and warm the compiled engine in each."""
        context = multiprocessing.get_context("spawn")  # the server runs threads: never fork
        self.pool = ProcessPoolExecutor(self.workers, mp_context=context)
        self.warmed = [self.pool.submit(jobs.warm) for _ in range(self.workers)]

    def is_warm(self) -> bool:
        """Whether every worker has loaded the compiled engine (see :func:`jobs.warm`)."""
        return bool(self.warmed) and all(f.done() for f in self.warmed)

    def stop(self) -> None:
        """Cancel every run and stop the workers."""
        with self.lock:
            for run in self.runs.values():
                (run.folder / "cancel").touch(exist_ok=True)
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def submit(self, request: RunRequest) -> Run:
        """Check a run request and queue the run.

        Raises
        ------
        HTTPException
            422 for a bad request (naming the field), 429 when :data:`MAX_ACTIVE` runs are
            already queued or computing, 503 when the server is stopping.
        """
        spec = _checked_spec(request)
        try:
            prepared = jobs.prepare_spec(spec)
        except ValueError as exc:  # ScenarioError, InputError: the field and the problem
            raise HTTPException(422, _one_line(exc)) from None
        work = prepared.runs * (prepared.years + 1) * prepared.scenario.n_states
        if work > MAX_WORK:
            raise HTTPException(
                422,
                f"runs x years x states = {prepared.runs:,} x {prepared.years:,} x "
                f"{prepared.scenario.n_states} is too large for the web lab; allowed: at most "
                f"{MAX_WORK:,} (e.g. 100,000 runs of 50 years of 4 states); use "
                "'realpolitik run' for larger runs",
            )
        with self.lock:
            if sum(r.active for r in self.runs.values()) >= MAX_ACTIVE:
                raise HTTPException(
                    429, f"{MAX_ACTIVE} runs are already queued or computing; cancel one or wait"
                )
            if self.pool is None:
                raise HTTPException(503, "the server is not accepting runs")
            run_id = uuid.uuid4().hex
            folder = self.root / run_id
            folder.mkdir()
            run = Run(run_id, folder, prepared.label, prepared.runs)
            try:
                run.future = self.pool.submit(jobs.run_job, spec, str(folder))
            except BrokenProcessPool:
                self.start()
                run.future = self.pool.submit(jobs.run_job, spec, str(folder))
            self.runs[run_id] = run
            self._forget_old()
        return run

    def get(self, run_id: str) -> Run:
        """Return a known run.

        Raises
        ------
        HTTPException
            404 for an id the server does not know (never a file system lookup).
        """
        with self.lock:
            run = self.runs.get(run_id)
        if run is None:
            raise HTTPException(404, f"run {run_id[:40]!r} is not known to this server")
        return run

    def cancel(self, run_id: str) -> Run:
        """Ask a run to stop: a queued run never starts, a running one stops after its chunk."""
        run = self.get(run_id)
        if run.future is not None and run.future.cancel():
            run.state = "cancelled"
        elif run.active:
            (run.folder / "cancel").touch(exist_ok=True)
        return run

    def _forget_old(self) -> None:
        finished = [r for r in self.runs.values() if not r.active]
        for run in finished[: max(0, len(finished) - MAX_KEPT)]:
            del self.runs[run.id]
            shutil.rmtree(run.folder, ignore_errors=True)


def _one_line(exc: BaseException) -> str:
    """Return an error as one line, naming an override ``overrides.<key>`` (not ``--set``)."""
    text = " ".join(str(exc).split())
    return "overrides." + text[len("--set: ") :] if text.startswith("--set: ") else text


def _checked_spec(request: RunRequest) -> dict[str, Any]:
    """Return the worker's spec of a request: exactly one of a bundled name or a YAML text."""
    from realpolitik.scenarios import bundled_scenarios

    if (request.scenario is None) == (request.yaml is None):
        raise HTTPException(422, "give exactly one of 'scenario' (a bundled name) and 'yaml'")
    if request.scenario is not None and request.scenario not in bundled_scenarios():
        names = ", ".join(bundled_scenarios())
        raise HTTPException(
            422, f"scenario = {request.scenario!r} is not a bundled scenario; allowed: {names}"
        )
    return request.model_dump()


def _manager(request: Request) -> RunManager:
    return request.app.state.runs


@router.post("", status_code=202, summary="Start a run")
def start_run(body: RunRequest, request: Request) -> dict[str, Any]:
    """Check and queue a run; answer its id and status (poll ``GET /api/runs/{id}``)."""
    return _manager(request).submit(body).status()


@router.get("", summary="List the runs")
def list_runs(request: Request) -> list[dict[str, Any]]:
    """Return the status of every run the server keeps (the newest last)."""
    manager = _manager(request)
    with manager.lock:
        runs = list(manager.runs.values())
    return [r.status() for r in runs]


@router.get("/{run_id}", summary="A run's status and progress")
def run_status(run_id: str, request: Request) -> dict[str, Any]:
    """Return a run's state, runs done of its total, and whether its result is ready."""
    return _manager(request).get(run_id).status()


@router.get("/{run_id}/result", summary="A run's plotted result")
def run_result(run_id: str, request: Request) -> dict[str, Any]:
    """Return the bands, war timing, kinds of war and summary table (409 until computed)."""
    run = _manager(request).get(run_id)
    result = _read_json(run.folder / "result.json")
    if result is None:
        raise HTTPException(409, f"run {run_id} has no result yet (state: {run.status()['state']})")
    return result


@router.get("/{run_id}/preview", summary="A quick preview of a run's result")
def run_preview(run_id: str, request: Request) -> dict[str, Any]:
    """Return a run's preview (409 until there is one).

    The plotted numbers of a quick run of 128 runs of the same scenario and seed (a sample of
    its own), made first for runs of 512 runs or more.
    """
    run = _manager(request).get(run_id)
    preview = _read_json(run.folder / "preview.json")
    if preview is None:
        raise HTTPException(409, f"run {run_id} has no preview (yet)")
    return preview


_DOWNLOADS: dict[str, tuple[str, str]] = {
    "report.html": ("report/index.html", "text/html"),
    "summary.csv": ("report/summary.csv", "text/csv"),
    "summary.json": ("report/summary.json", "application/json"),
    "result.json": ("result.json", "application/json"),
}


@router.get("/{run_id}/files/{name}", summary="Download a run's file")
def run_file(run_id: str, name: str, request: Request) -> FileResponse:
    """Download a file of a run (409 until written).

    ``report.html`` (self-contained), ``summary.csv``, ``summary.json`` or ``result.json``.
    """
    run = _manager(request).get(run_id)
    if name not in _DOWNLOADS:
        raise HTTPException(
            404, f"file {name[:40]!r} is not allowed; allowed: {', '.join(_DOWNLOADS)}"
        )
    relative, media = _DOWNLOADS[name]
    ready = run.folder / ("result.json" if name == "result.json" else "report.done")
    if not ready.exists():
        raise HTTPException(409, f"{name} of run {run_id} is not written yet")
    filename = f"{run.label.split(':')[0]}-{name}"
    return FileResponse(run.folder / relative, media_type=media, filename=filename)


@router.delete("/{run_id}", summary="Cancel a run")
def cancel_run(run_id: str, request: Request) -> dict[str, Any]:
    """Cancel a queued run, or stop a computing one after its current chunk."""
    return _manager(request).cancel(run_id).status()

"""One scenario run of the web lab, computed in a worker process (docs/web.md).

The server hands a run to a process pool (:mod:`realpolitik.web.runs`), so that the event loop
and the other requests never wait for the engine. A worker talks to the server through files in
the run's own folder (created by the server under its private data folder, never named by a
request):

- ``progress.json``: chunks and runs done, rewritten after each chunk (atomically);
- ``cancel``: created by the server to ask the worker to stop; the worker looks for it after
  each chunk and stops there (:class:`Cancelled`);
- ``preview.json``: for a run of at least :data:`PREVIEW_MIN_RUNS` runs, the same numbers from
  a quick preview run of :data:`PREVIEW_RUNS` runs (the same scenario and seed, a sample of its
  own), so that the page draws a first plot within a second or two;
- ``result.json``: what the page plots (military bands, war timing, kinds of war, the summary
  table), written as soon as the simulation ends, before the report;
- ``report/``: the run's HTML report and summary files (:func:`realpolitik.lab.write_outputs`),
  written last; ``report.done`` marks it finished.

The run is streamed (:func:`realpolitik.lab.execute_stream` with ``save="none"``), so its
memory is bounded by a chunk whatever the number of runs; the bands are drawn from the first
runs the stream keeps (up to 20,000). With the same scenario, overrides, runs and seed, the
numbers equal those of ``realpolitik run --save none``.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["Cancelled", "prepare_spec", "result_payload", "run_job", "warm"]

#: Runs of the preview run (one chunk), and the smallest run that gets one.
PREVIEW_RUNS: int = 128
PREVIEW_MIN_RUNS: int = 4 * PREVIEW_RUNS

#: Quantiles of the military bands: the 10-90% band and the median.
BAND_QUANTILES: tuple[float, float, float] = (0.1, 0.5, 0.9)


class Cancelled(Exception):  # noqa: N818 (a state, not an error)
    """A run stopped at a chunk boundary because the server asked it to."""


def prepare_spec(spec: Mapping[str, Any]) -> Any:
    """Return the :class:`~realpolitik.lab.PreparedRun` of a run request's checked values.

    Parameters
    ----------
    spec
        ``scenario`` (a bundled name, already checked against the library) or ``yaml`` (an
        uploaded scenario's text), with ``overrides`` (engine key -> value), ``runs``,
        ``years`` and ``seed`` (None: the scenario's own).

    Returns
    -------
    PreparedRun
        The checked run.

    Raises
    ------
    ScenarioError
        For the first problem, naming the field.
    """
    from realpolitik import lab
    from realpolitik.scenarios import parse_scenario

    if spec.get("yaml") is not None:
        source: Any = parse_scenario(spec["yaml"], source="upload.yaml")
    else:
        source = str(spec["scenario"])
    return lab.prepare_run(
        source,
        overrides=dict(spec.get("overrides") or {}),
        runs=spec.get("runs"),
        years=spec.get("years"),
        seed=spec.get("seed"),
        streamed=True,
    )


def _write_json(path: Path, value: Any) -> None:
    """Write JSON atomically (a reader never sees half a file)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(value, allow_nan=False), encoding="utf-8")
    os.replace(tmp, path)


def _number(x: Any) -> float | None:
    """Return a finite float, or None for NaN and infinities (JSON has neither)."""
    value = float(x)
    return value if math.isfinite(value) else None


def result_payload(prepared: Any, streamed: Any) -> dict[str, Any]:
    """Return what the scenario page plots, as plain JSON values.

    Parameters
    ----------
    prepared
        The :class:`~realpolitik.lab.PreparedRun`.
    streamed
        Its :class:`~realpolitik.engine.stream.StreamedRun`.

    Returns
    -------
    dict
        ``years`` (calendar years, the first the initial values), ``states`` (names),
        ``bands`` (per state: lo, median, hi of military in GDP units over the kept runs),
        ``band_runs``, ``war_counts`` (wars per year), ``no_war_yet`` (share of runs without
        a war by each year's end), ``shares`` (kinds of war, each with its 95% interval) and
        ``summary`` (every metric: value, lo, hi, n, description).
    """
    from realpolitik.report.run_report import summary_table

    scenario = prepared.scenario
    first = 1 if scenario.start_year is None else scenario.start_year
    years = [first - 1 + t for t in range(prepared.years + 1)]
    sample = np.asarray(streamed.array("military"), dtype=np.float64)
    lo, med, hi = np.quantile(sample, BAND_QUANTILES, axis=0)
    bands = [
        {
            "lo": [_number(v) for v in lo[:, i]],
            "median": [_number(v) for v in med[:, i]],
            "hi": [_number(v) for v in hi[:, i]],
        }
        for i in range(sample.shape[2])
    ]
    first_war = np.asarray(streamed.first_war_year())
    hit = np.sort(first_war[first_war >= 0])
    steps = np.arange(prepared.years + 1)
    no_war = 1.0 - np.searchsorted(hit, steps, side="right") / prepared.runs
    summary = summary_table(streamed)
    rows = [
        {
            "metric": str(r.metric),
            "value": _number(r.value),
            "lo": _number(r.lo),
            "hi": _number(r.hi),
            "n": int(r.n),
            "description": str(r.description),
        }
        for r in summary.itertuples(index=False)
    ]
    return {
        "label": prepared.label,
        "scenario": scenario.name,
        "runs": prepared.runs,
        "seed": prepared.seed,
        "years": years,
        "states": list(scenario.state_names),
        "bands": bands,
        "band_runs": int(sample.shape[0]),
        "war_counts": [int(c) for c in np.asarray(streamed.war_year_counts())],
        "no_war_yet": [float(v) for v in no_war],
        "shares": [r for r in rows if r["metric"].startswith("share_")],
        "summary": rows,
    }


def run_job(spec: Mapping[str, Any], folder: str) -> str:
    """Simulate one run in this (worker) process, writing progress, result and report.

    Parameters
    ----------
    spec
        As for :func:`prepare_spec`.
    folder
        The run's folder (created by the server).

    Returns
    -------
    str
        ``"done"`` or ``"cancelled"``.

    Raises
    ------
    Exception
        Whatever the run raised (the server records its message).
    """
    from realpolitik import lab

    root = Path(folder)
    prepared = prepare_spec(spec)
    cancel = root / "cancel"

    def progress(done: int, total: int) -> None:
        _write_json(root / "progress.json", {"done_runs": done, "total_runs": total})
        if cancel.exists():
            raise Cancelled

    _write_json(root / "progress.json", {"done_runs": 0, "total_runs": prepared.runs})
    try:
        if prepared.runs >= PREVIEW_MIN_RUNS:
            quick = prepare_spec({**spec, "runs": PREVIEW_RUNS})
            sample = lab.execute_stream(quick, None, save="none")
            _write_json(root / "preview.json", {**result_payload(quick, sample), "preview": True})
            if cancel.exists():
                raise Cancelled
        streamed = lab.execute_stream(prepared, None, save="none", progress=progress)
    except Cancelled:
        return "cancelled"
    _write_json(root / "result.json", result_payload(prepared, streamed))
    lab.write_outputs(
        prepared,
        streamed,
        _fresh(root / "report"),
        fmt="svg",
        command="realpolitik serve (web lab)",
        save_trajectory=False,
    )
    (root / "report.done").touch()
    return "done"


def _fresh(path: Path) -> Path:
    path.mkdir()
    return path


def warm() -> float:
    """Run every bundled scenario for 2 runs of 2 years, loading the compiled engine.

    Called once in each worker process when the server starts, so that the first run a
    person starts is not slowed by compilation.

    Returns
    -------
    float
        Seconds it took.
    """
    import time

    from realpolitik import lab

    start = time.perf_counter()
    for info in lab.list_scenarios():
        lab.execute_stream(lab.prepare_run(info.name, runs=2, years=2), None, save="none")
    return time.perf_counter() - start

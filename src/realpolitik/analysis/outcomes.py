"""Outcome metrics of a simulation, from its Dataset and its event table.

The inputs are a Dataset and an event table, so the same code serves a live run, a saved file
and a store alike. Diehl (1983) for the arms-race criterion; the intervals are those of
:mod:`realpolitik.analysis.intervals`.

Inputs
------
- ``data``: an xarray Dataset with dims (run, year, state) and at least the variables
  ``military`` and ``gdp`` (year 0 the initial state); e.g. ``Trajectory.data`` or a saved
  ``data.nc``. Variables are read in blocks of :data:`BLOCK` runs, so a lazily opened file is
  never loaded whole.
- ``events``: the event table, a pandas DataFrame with the columns of ``Trajectory.events``
  (``run`` in 0..runs-1, ``year``, ``kind`` and ``label`` as strings or categoricals; the
  other columns are not used), or a mapping of those columns with integer codes for kind and
  label (``Trajectory.event_arrays()``: kind 1 = war, label = index in ``LABELS``, -1 none).

Metrics (:func:`outcome_metrics`), each with a 95% interval
----------------------------------------------------------
- ``p_any_war``: share of runs with at least one war; Wilson interval, n = runs.
- ``wars_per_run``: mean number of wars per run; percentile bootstrap over runs (2000
  resamples, seed 0), or the exact Poisson interval when every run has the same count.
- ``arms_race_share``: share of runs in which some pair of states both raised military by at
  least 8% a year for the same 3 consecutive years (Diehl 1983: m_t >= 1.08 m_{t-1} and
  m_t > 0); Wilson interval.
- ``mean_burden``: mean of military / GDP over runs, states and years 1..T (year 0 if T = 0);
  normal interval over per-run means.
- ``time_to_first_war``: mean year of the first war among runs with a war (n = those runs);
  normal interval. ``time_to_first_war_censored``: share of runs with no war (censored at T);
  Wilson interval.
- ``share_<label>`` for each war label of ``LABELS``: the share of all wars with that label
  (NaN without wars), n = the number of wars; Wilson interval at the effective sample size
  wars / deff, the design effect of wars clustered in runs.
- When the events have the strategic engine's ``outcome`` column, the rows of
  :func:`realpolitik.analysis.decisions.decision_metric_rows` follow (shares of wars by cause,
  concessions and backed-down crises per run, mean transfer, initiators' win share, shares of
  misperceived and mistrusted wars, wars per decade).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from realpolitik.analysis.decisions import (
    decision_counts,
    decision_rows_from_counts,
)
from realpolitik.analysis.intervals import (
    BOOTSTRAP_RESAMPLES,
    bootstrap_mean_interval,
    clustered_share_interval,
    normal_interval,
    wilson_interval,
)
from realpolitik.analysis.vocabulary import EVENT_KINDS, LABELS, METRIC_COLUMNS
from realpolitik.analysis.vocabulary import codes_of as _codes

__all__ = [
    "ARMS_RACE_GROWTH",
    "ARMS_RACE_YEARS",
    "BLOCK",
    "METRIC_COLUMNS",
    "RUN_OUTCOMES",
    "arms_race_runs",
    "burden_per_run",
    "metrics_from_outcomes",
    "outcome_metrics",
    "run_outcomes",
    "war_outcomes",
    "war_table",
]

ARMS_RACE_GROWTH = 0.08
"""Diehl's (1983) minimum yearly growth of military for both sides of an arms race."""
ARMS_RACE_YEARS = 3
"""Diehl's (1983) number of consecutive years of that growth."""
BLOCK = 1024
"""Runs read and processed at once (bounds the memory of the per-run reductions)."""

_WAR = EVENT_KINDS.index("war")


def war_table(events: Any, runs: int) -> dict[str, np.ndarray]:
    """Return the wars of an event table: their run, year and label code.

    Parameters
    ----------
    events
        The event table (DataFrame or mapping of columns; see the module docstring).
    runs
        The number of runs (``run`` must lie in 0..runs-1).

    Returns
    -------
    dict
        ``run`` (int64), ``year`` (int64) and ``label`` (int64 index in ``LABELS``, -1 where
        missing), one value per war.

    Raises
    ------
    ValueError
        For missing columns, unknown kinds or labels, or runs outside 0..runs-1.
    """
    missing = [c for c in ("run", "year", "kind", "label") if c not in events]
    if missing:
        raise ValueError(f"events lack columns {missing}")
    kind = _codes(events["kind"], EVENT_KINDS, "kind")
    if (kind < 0).any():
        raise ValueError("events column 'kind' has missing values")
    war = kind == _WAR
    run = np.asarray(events["run"], dtype=np.int64)[war]
    if run.size and (run.min() < 0 or run.max() >= runs):
        raise ValueError(f"events column 'run' holds runs outside 0..{runs - 1}")
    return {
        "run": run,
        "year": np.asarray(events["year"], dtype=np.int64)[war],
        "label": _codes(events["label"], LABELS, "label")[war],
    }


def war_outcomes(events: Any, runs: int) -> dict[str, np.ndarray]:
    """Return each run's wars: their number, the year of the first and their number by label.

    Parameters
    ----------
    events
        The event table (see the module docstring).
    runs
        The number of runs.

    Returns
    -------
    dict
        ``wars``: int64 ``(runs,)`` wars per run; ``first_war_year``: int64 ``(runs,)`` the year
        of the run's first war, -1 where it had none; ``label_counts``: int64
        ``(len(LABELS), runs)`` wars of each label per run (wars without a label not counted).
    """
    wars = war_table(events, runs)
    return {
        "wars": _wars_per_run(wars, runs),
        "first_war_year": _first_war_year(wars, runs),
        "label_counts": _label_counts(wars, runs),
    }


def _wars_per_run(wars: dict[str, np.ndarray], runs: int) -> np.ndarray:
    return np.bincount(wars["run"], minlength=runs).astype(np.int64)


def _first_war_year(wars: dict[str, np.ndarray], runs: int) -> np.ndarray:
    never = np.iinfo(np.int64).max
    first = np.full(runs, never, dtype=np.int64)
    np.minimum.at(first, wars["run"], wars["year"])
    first[first == never] = -1
    return first


def _label_counts(wars: dict[str, np.ndarray], runs: int) -> np.ndarray:
    out = np.zeros((len(LABELS), runs), dtype=np.int64)
    labelled = wars["label"] >= 0
    np.add.at(out, (wars["label"][labelled], wars["run"][labelled]), 1)
    return out


def _blocks(var: Any) -> Any:
    """Yield (start, float64 block) of a (run, ...) array-like, BLOCK runs at a time."""
    for lo in range(0, var.shape[0], BLOCK):
        yield lo, np.asarray(var[lo : lo + BLOCK], dtype=np.float64)


def arms_race_runs(
    military: Any, growth: float = ARMS_RACE_GROWTH, years: int = ARMS_RACE_YEARS
) -> np.ndarray:
    """Return, per run, whether some pair ran an arms race (Diehl's criterion).

    Parameters
    ----------
    military
        ``(runs, years + 1, states)`` yearly military (a numpy array or an xarray DataArray
        with dims run, year, state, read BLOCK runs at a time).
    growth
        The minimum yearly growth (default 0.08) both sides must show.
    years
        The number of consecutive years (default 3) of that growth, the same years for both.

    Returns
    -------
    numpy.ndarray
        bool ``(runs,)``.
    """
    out = np.zeros(military.shape[0], dtype=bool)
    if military.shape[1] <= years:  # fewer than `years` yearly changes
        return out
    for lo, m in _blocks(military):
        grew = (m[:, 1:] >= (1.0 + growth) * m[:, :-1]) & (m[:, 1:] > 0)
        run = grew[:, : grew.shape[1] - years + 1].copy()
        for k in range(1, years):
            run &= grew[:, k : grew.shape[1] - years + 1 + k]
        out[lo : lo + m.shape[0]] = (run.sum(axis=2) >= 2).any(axis=1)
    return out


def burden_per_run(military: Any, gdp: Any) -> np.ndarray:
    """Return each run's mean military / GDP over states and years 1..T (year 0 if T = 0).

    Parameters
    ----------
    military, gdp
        ``(runs, years + 1, states)`` (numpy arrays or DataArrays, read BLOCK runs at a time);
        a GDP of 0 counts as a burden of 0.

    Returns
    -------
    numpy.ndarray
        float64 ``(runs,)``.
    """
    years = slice(1, None) if military.shape[1] >= 2 else slice(0, 1)
    out = np.empty(military.shape[0])
    for (lo, m), (_, y) in zip(_blocks(military), _blocks(gdp), strict=True):
        m, y = m[:, years], y[:, years]
        share = np.divide(m, y, out=np.zeros_like(m), where=y > 0)
        out[lo : lo + m.shape[0]] = share.mean(axis=(1, 2))
    return out


RUN_OUTCOMES = ("wars", "first_war_year", "arms_race", "burden", "label_counts")
"""The per-run outcomes the metrics are computed from (:func:`run_outcomes`)."""


def run_outcomes(
    military: Any, gdp: Any, events: Any, runs: int, *, start: int = 0
) -> dict[str, np.ndarray]:
    """Return each run's outcomes, the inputs of the metrics (one chunk at a time if wanted).

    The metrics (:func:`metrics_from_outcomes`) depend on the runs only through these
    per-run values, so computing them chunk by chunk (``start`` the chunk's first run) and
    concatenating gives the same metrics as computing them on the whole simulation.

    Parameters
    ----------
    military, gdp
        ``(runs, years + 1, states)`` yearly values (numpy arrays or DataArrays, read BLOCK
        runs at a time).
    events
        The event table (see the module docstring); ``run`` in ``start .. start + runs - 1``.
    runs
        The number of runs.
    start
        The first run's index (``run`` of the events minus ``start`` is the row).

    Returns
    -------
    dict
        ``wars`` (int64), ``first_war_year`` (int64, -1 without a war), ``arms_race`` (bool),
        ``burden`` (float64), each ``(runs,)``, and ``label_counts`` (int64
        ``(len(LABELS), runs)``).
    """
    decisions = decision_counts(events, runs, start=start) if "outcome" in events else None
    if start:
        events = {**{k: events[k] for k in ("kind", "label", "year")},
                  "run": np.asarray(events["run"], dtype=np.int64) - start}  # fmt: skip
    outcomes = war_outcomes(events, runs)
    out = {
        "wars": outcomes["wars"],
        "first_war_year": outcomes["first_war_year"],
        "arms_race": arms_race_runs(military),
        "burden": burden_per_run(military, gdp),
        "label_counts": outcomes["label_counts"],
    }
    if decisions is not None:
        out["decisions"] = decisions
    return out


def outcome_metrics(
    data: Any, events: Any, *, resamples: int = BOOTSTRAP_RESAMPLES, years: int | None = None
) -> Any:
    """Return the outcome metrics with 95% intervals, as a tidy DataFrame.

    Parameters
    ----------
    data
        The xarray Dataset (run, year, state) with ``military`` and ``gdp``; or with the
        per-run variables ``arms_race`` and ``burden`` (dims run), which are then used as
        they are (a streamed store records them at full yearly resolution).
    events
        The event table (see the module docstring).
    resamples
        Bootstrap resamples for the ``wars_per_run`` interval (default 2000).
    years
        The simulated horizon T for per-decade rates (default: the data's recorded years,
        which a store recorded every k-th year understates).

    Returns
    -------
    pandas.DataFrame
        Columns metric, value, lo, hi, n; rows p_any_war, wars_per_run, arms_race_share,
        mean_burden, time_to_first_war, time_to_first_war_censored, then ``share_<label>``
        for each label of ``LABELS``, then, for the strategic engine's events (an ``outcome``
        column), the decision metrics (see the module docstring).
    """
    runs = int(data.sizes["run"])
    if "arms_race" in data and "burden" in data:
        outcomes = war_outcomes(events, runs)
        outcomes["arms_race"] = np.asarray(data["arms_race"].values, dtype=bool)
        outcomes["burden"] = np.asarray(data["burden"].values, dtype=np.float64)
    else:
        military = data["military"].transpose("run", "year", "state")
        gdp = data["gdp"].transpose("run", "year", "state")
        outcomes = run_outcomes(military, gdp, events, runs)
    if "outcome" in events and "decisions" not in outcomes:
        outcomes["decisions"] = decision_counts(events, runs)
    if years is None:  # every year recorded (a strided store passes its horizon)
        years = int(data.sizes["year"]) - 1
    return metrics_from_outcomes(outcomes, resamples=resamples, years=years)


def metrics_from_outcomes(
    outcomes: dict[str, np.ndarray],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    years: int | None = None,
) -> Any:
    """Return the outcome metrics with 95% intervals from the per-run outcomes.

    Parameters
    ----------
    outcomes
        :func:`run_outcomes` of every run (chunks concatenated in run order); with the
        strategic engine's ``decisions`` counts the decision metrics follow
        (:func:`~realpolitik.analysis.decisions.decision_rows_from_counts`).
    resamples
        Bootstrap resamples for the ``wars_per_run`` interval (default 2000).
    years
        The simulated horizon T (needed for the decision metrics' per-decade rate; without
        it those rows are left out).

    Returns
    -------
    pandas.DataFrame
        The table of :func:`outcome_metrics`.
    """
    import pandas as pd

    wars = np.asarray(outcomes["wars"], dtype=np.int64)
    runs = int(wars.size)
    k = int((wars > 0).sum())
    races = int(np.count_nonzero(outcomes["arms_race"]))
    first = np.asarray(outcomes["first_war_year"], dtype=np.int64)
    hit = first[first >= 0].astype(np.float64)
    if hit.size:
        timing = (*normal_interval(hit), int(hit.size))
    else:
        timing = (math.nan, math.nan, math.nan, 0)
    censored = runs - int(hit.size)
    burden = np.asarray(outcomes["burden"], dtype=np.float64)
    rows = [
        ("p_any_war", k / runs, *wilson_interval(k, runs), runs),
        ("wars_per_run", float(wars.mean()), *bootstrap_mean_interval(wars, resamples=resamples),
         runs),
        ("arms_race_share", races / runs, *wilson_interval(races, runs), runs),
        ("mean_burden", *normal_interval(burden), runs),
        ("time_to_first_war", *timing),
        ("time_to_first_war_censored", censored / runs, *wilson_interval(censored, runs), runs),
    ]  # fmt: skip
    rows.extend(_label_share_rows(np.asarray(outcomes["label_counts"]), wars))
    if "decisions" in outcomes and years is not None:
        counts = np.asarray(outcomes["decisions"], dtype=np.float64)
        rows.extend(decision_rows_from_counts(counts, years, resamples=resamples))
    return pd.DataFrame(rows, columns=list(METRIC_COLUMNS))


def _label_share_rows(counts: np.ndarray, wars: np.ndarray) -> list[tuple[Any, ...]]:
    """Share of wars per label, with the run-clustered Wilson interval."""
    total = int(wars.sum())
    share, lo, hi = clustered_share_interval(counts, np.broadcast_to(wars, counts.shape))
    return [
        (f"share_{name}", float(share[i]), float(lo[i]), float(hi[i]), total)
        for i, name in enumerate(LABELS)
    ]

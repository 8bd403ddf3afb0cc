"""Outcome metrics and their confidence intervals, on Datasets and event tables.

The layer works on xarray Datasets and pandas DataFrames only and imports nothing else of the
package (it sits below the engine, which records events in its :mod:`vocabulary
<realpolitik.analysis.vocabulary>`), so the same code serves ``Trajectory.metrics()``, a saved
folder (``realpolitik.engine.storage.saved_metrics``) and stored experiment results.
Sources: Wilson (1927), Garwood (1936), Kish (1965), Cochran (1977), Efron and Tibshirani
(1993) for the intervals; Diehl (1983) for the arms-race criterion.

- :mod:`realpolitik.analysis.outcomes`: per-run outcomes (wars, first war, arms races by
  Diehl's criterion, defence burden, wars by label) and :func:`outcome_metrics`, the tidy table
  of metrics with 95% intervals.
- :mod:`realpolitik.analysis.intervals`: the intervals (Wilson, exact Poisson, bootstrap,
  normal, and the run-clustered share with its design effect), honest at shares of 0 and 1.

Example
-------
>>> from realpolitik.engine import Params, simulate
>>> from realpolitik.analysis import outcome_metrics
>>> traj = simulate(Params.core(), states=4, runs=50, years=30, seed=3)
>>> table = outcome_metrics(traj.data, traj.events)
>>> table.equals(traj.metrics())
True
"""

from __future__ import annotations

from realpolitik.analysis.intervals import (
    BOOTSTRAP_RESAMPLES,
    BOOTSTRAP_SEED,
    LEVEL,
    Z95,
    bootstrap_mean_interval,
    clustered_share_interval,
    design_effect,
    normal_interval,
    poisson_mean_interval,
    wilson_bounds,
    wilson_interval,
)
from realpolitik.analysis.outcomes import (
    ARMS_RACE_GROWTH,
    ARMS_RACE_YEARS,
    METRIC_COLUMNS,
    RUN_OUTCOMES,
    arms_race_runs,
    burden_per_run,
    metrics_from_outcomes,
    outcome_metrics,
    run_outcomes,
    war_outcomes,
    war_table,
)
from realpolitik.analysis.vocabulary import EVENT_KINDS, LABELS

REFERENCES = ("wilson1927", "diehl1983")
"""BibTeX keys (:mod:`realpolitik.citations`) of the methods implemented here."""

__all__ = [
    "ARMS_RACE_GROWTH",
    "ARMS_RACE_YEARS",
    "BOOTSTRAP_RESAMPLES",
    "BOOTSTRAP_SEED",
    "EVENT_KINDS",
    "LABELS",
    "LEVEL",
    "METRIC_COLUMNS",
    "REFERENCES",
    "RUN_OUTCOMES",
    "Z95",
    "arms_race_runs",
    "bootstrap_mean_interval",
    "burden_per_run",
    "clustered_share_interval",
    "design_effect",
    "metrics_from_outcomes",
    "normal_interval",
    "outcome_metrics",
    "poisson_mean_interval",
    "run_outcomes",
    "war_outcomes",
    "war_table",
    "wilson_bounds",
    "wilson_interval",
]

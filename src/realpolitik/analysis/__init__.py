"""Outcome metrics and their confidence intervals, on Datasets and event tables.

The layer works on xarray Datasets and pandas DataFrames only and imports nothing else of the
package (it sits below the engine, which records events in its :mod:`vocabulary
<realpolitik.analysis.vocabulary>`), so the same code serves ``Trajectory.metrics()``, a saved
folder (``realpolitik.engine.storage.saved_metrics``) and stored experiment results.
Sources: Wilson (1927), Garwood (1936), Woolf (1955), Kish (1965), Cochran (1977), Efron and
Tibshirani (1993) for the intervals; Diehl (1983) for the arms-race criterion.

- :mod:`realpolitik.analysis.outcomes`: per-run outcomes (wars, first war, arms races by
  Diehl's criterion, defence burden, wars by label) and :func:`outcome_metrics`, the tidy table
  of metrics with 95% intervals.
- :mod:`realpolitik.analysis.rivalry`: arms races pair by pair (Diehl 1983; Gibler, Rider and
  Hutchison 2005), their onsets per pair-century and timing, and the arms-race/war odds ratio
  of disputes (Wallace 1979; Sample 1997).
- :mod:`realpolitik.analysis.decisions`: the strategic engine's event metrics (causes of war,
  concessions, transfers, initiators' wins, misperceived and mistrusted wars, wars per decade).
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

from realpolitik.analysis.decisions import (
    DECISION_COUNTS,
    STRATEGIC_COLUMNS,
    decision_counts,
    decision_metric_rows,
    decision_metrics,
    decision_rows_from_counts,
)
from realpolitik.analysis.intervals import (
    BOOTSTRAP_RESAMPLES,
    BOOTSTRAP_SEED,
    LEVEL,
    Z95,
    bootstrap_mean_interval,
    cluster_bootstrap_interval,
    clustered_share_interval,
    design_effect,
    normal_interval,
    poisson_mean_interval,
    share_difference_interval,
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
from realpolitik.analysis.rivalry import (
    EARLY_YEARS,
    EPISODE_COLUMNS,
    RACE_WINDOW,
    OnsetRate,
    OnsetTiming,
    RaceWarOdds,
    disputes,
    odds_ratio,
    race_episodes,
    race_onset_rate,
    race_onset_timing,
    race_war_odds,
    rivalry_metrics,
)
from realpolitik.analysis.vocabulary import CAUSES, EVENT_KINDS, LABELS, OUTCOMES

REFERENCES = ("wilson1927", "diehl1983")
"""BibTeX keys (:mod:`realpolitik.citations`) of the methods implemented here."""

__all__ = [
    "ARMS_RACE_GROWTH",
    "ARMS_RACE_YEARS",
    "BOOTSTRAP_RESAMPLES",
    "BOOTSTRAP_SEED",
    "CAUSES",
    "DECISION_COUNTS",
    "EARLY_YEARS",
    "EPISODE_COLUMNS",
    "EVENT_KINDS",
    "LABELS",
    "LEVEL",
    "METRIC_COLUMNS",
    "OUTCOMES",
    "RACE_WINDOW",
    "REFERENCES",
    "RUN_OUTCOMES",
    "STRATEGIC_COLUMNS",
    "Z95",
    "OnsetRate",
    "OnsetTiming",
    "RaceWarOdds",
    "arms_race_runs",
    "bootstrap_mean_interval",
    "burden_per_run",
    "cluster_bootstrap_interval",
    "clustered_share_interval",
    "decision_counts",
    "decision_metric_rows",
    "decision_metrics",
    "decision_rows_from_counts",
    "design_effect",
    "disputes",
    "metrics_from_outcomes",
    "normal_interval",
    "odds_ratio",
    "outcome_metrics",
    "poisson_mean_interval",
    "race_episodes",
    "race_onset_rate",
    "race_onset_timing",
    "race_war_odds",
    "rivalry_metrics",
    "run_outcomes",
    "share_difference_interval",
    "war_outcomes",
    "war_table",
    "wilson_bounds",
    "wilson_interval",
]

"""Event metrics of the strategic engine: why wars were chosen and how disputes ended.

In the strategic engine every war is a state's choice, and its events carry columns the hazard
model lacks: ``outcome`` (``OUTCOMES``: war, conceded, backed_down), ``cause`` (``CAUSES``:
prevention, preemption, hawk_bias, bargaining_failure), ``mistrusted`` (bool) and ``transfer``
(GDP units a conceded demand moved from target to challenger). These metrics read them when
they are there; a metric whose columns are absent gives no row. Each has a 95% interval for
which the run is the unit (wars and concessions within a run share its history).

Metrics (:func:`decision_metric_rows`), in this order
------------------------------------------------------
- ``share_cause_<cause>`` for each cause of ``CAUSES`` (needs ``cause``): the share of all wars
  chosen for that reason; run-clustered Wilson interval (Wilson 1927; Kish 1965), n = wars.
  The causes are those of Powell (2006) (prevention), Schelling (1960) and Jervis (1978)
  (preemption), and Fearon (1995) (bargaining failure under private information); hawk bias
  is a war that the initiator's domestic bias alone made worth fighting.
- ``concessions_per_run`` and ``backed_down_per_run`` (need ``outcome``): crisis rows that
  ended with the target conceding (Fearon 1995) or the challenger backing down after a
  resisted demand (Fearon 1994: audience costs), per run; percentile bootstrap over runs, or
  the exact Poisson interval when every run has the same count; n = runs.
- ``mean_transfer`` (needs ``outcome`` and ``transfer``): mean GDP units moved by a concession,
  the ratio of the runs' sums; percentile bootstrap resampling runs (NaN bounds with fewer than
  two runs with a concession); n = concessions.
- ``initiator_win_share``: the share of decided wars (winner >= 0) won by the initiator
  (Wang and Ray 1994 on how often states win the wars they begin); run-clustered Wilson
  interval.
- ``share_misperceived`` and ``share_mistrusted`` (need the column): the share of wars whose
  initiator would not have fought with true perceptions, or mistrusted a security-seeking
  target (Jervis 1976; Kydd 2005); run-clustered Wilson interval, n = wars.
- ``wars_per_decade``: wars per run / (T / 10) (``wars_per_run`` of
  :func:`~realpolitik.analysis.outcomes.outcome_metrics` scaled to a decade), the same
  interval scaled; NaN for T = 0; n = runs.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from realpolitik.analysis.intervals import (
    BOOTSTRAP_RESAMPLES,
    bootstrap_mean_interval,
    cluster_bootstrap_interval,
    clustered_share_interval,
)
from realpolitik.analysis.vocabulary import CAUSES, EVENT_KINDS, METRIC_COLUMNS, OUTCOMES, codes_of

__all__ = [
    "DECISION_COUNTS",
    "STRATEGIC_COLUMNS",
    "decision_counts",
    "decision_metric_rows",
    "decision_metrics",
    "decision_rows_from_counts",
]

STRATEGIC_COLUMNS = ("outcome", "cause", "mistrusted", "transfer")
"""The event columns of the strategic engine that the hazard model lacks."""

_CRISIS, _WAR = EVENT_KINDS.index("crisis"), EVENT_KINDS.index("war")
_CONCEDED, _BACKED_DOWN = OUTCOMES.index("conceded"), OUTCOMES.index("backed_down")


def _category(events: Any, name: str, names: tuple[str, ...]) -> np.ndarray:
    """Codes of a category column; empty strings (the hazard model's empty cause) are none."""
    column = events[name]
    if not (isinstance(column, np.ndarray) and column.dtype.kind in "iuf"):
        import pandas as pd

        column = pd.Series(column)
        if pd.api.types.is_string_dtype(column.dtype) or column.dtype == object:
            column = column.astype(object)
            column = column.where(column != "", None)
    return codes_of(column, names, name)


def _flag(events: Any, name: str) -> np.ndarray:
    """Return a bool column, missing values False."""
    import pandas as pd

    return pd.Series(events[name]).fillna(False).to_numpy(dtype=bool)


def _share_row(name: str, labelled: np.ndarray, total: np.ndarray) -> tuple[Any, ...]:
    share, lo, hi = (float(x) for x in clustered_share_interval(labelled, total))
    return (name, share, lo, hi, int(total.sum()))


def _mean_transfer_row(count: np.ndarray, total: np.ndarray, resamples: int):
    n = int(count.sum())
    if n == 0:
        return ("mean_transfer", math.nan, math.nan, math.nan, 0)
    lo, hi = math.nan, math.nan
    if int((count > 0).sum()) >= 2:
        lo, hi = cluster_bootstrap_interval(
            np.column_stack([total, count]), lambda s: s[:, 0] / s[:, 1], resamples=resamples
        )
    return ("mean_transfer", float(total.sum() / n), lo, hi, n)


DECISION_COUNTS = (
    *(f"cause_{c}" for c in CAUSES), "concessions", "backed_down", "transfer_count",
    "transfer_total", "initiator_won", "initiator_decided", "misperceived", "mistrusted",
    "wars",
)  # fmt: skip
"""Rows of :func:`decision_counts`: the per-run counts the decision metrics depend on."""


def decision_counts(events: Any, runs: int, *, start: int = 0) -> np.ndarray:
    """Return the per-run counts the decision metrics are computed from (chunk-wise if wanted).

    The metrics (:func:`decision_rows_from_counts`) depend on the runs only through these
    counts, so counting chunk by chunk and concatenating gives the same metrics.

    Parameters
    ----------
    events
        The event table (see :func:`decision_metric_rows`); ``run`` in ``start .. start +
        runs - 1``.
    runs
        The number of runs.
    start
        The first run's index.

    Returns
    -------
    numpy.ndarray
        float64 ``(len(DECISION_COUNTS), runs)``; a row whose columns the events lack is NaN.

    Raises
    ------
    ValueError
        For a missing run or kind column, runs outside the range or values outside the
        vocabularies.
    """
    missing = [c for c in ("run", "kind") if c not in events]
    if missing:
        raise ValueError(f"events lack columns {missing}")
    war = codes_of(events["kind"], EVENT_KINDS, "kind") == _WAR
    run = np.asarray(events["run"], dtype=np.int64) - start
    if run.size and (run.min() < 0 or run.max() >= runs):
        raise ValueError(f"events column 'run' holds runs outside {start}..{start + runs - 1}")
    out = np.full((len(DECISION_COUNTS), runs), np.nan)
    row = {name: k for k, name in enumerate(DECISION_COUNTS)}
    war_run = run[war]

    def count(name: str, runs_of: np.ndarray, weights: np.ndarray | None = None) -> None:
        out[row[name]] = np.bincount(runs_of, weights=weights, minlength=runs)

    count("wars", war_run)
    if "cause" in events:
        cause = _category(events, "cause", CAUSES)[war]
        for k, c in enumerate(CAUSES):
            count(f"cause_{c}", war_run[cause == k])
    if "outcome" in events:
        outcome = np.where(war, -1, _category(events, "outcome", OUTCOMES))  # crisis rows
        count("concessions", run[outcome == _CONCEDED])
        count("backed_down", run[outcome == _BACKED_DOWN])
        if "transfer" in events:
            conceded = outcome == _CONCEDED
            transfer = np.asarray(events["transfer"], dtype=np.float64)[conceded]
            keep = np.isfinite(transfer)
            count("transfer_count", run[conceded][keep])
            count("transfer_total", run[conceded][keep], transfer[keep])
    if "initiator" in events and "winner" in events:
        winner = np.asarray(events["winner"], dtype=np.int64)[war]
        decided = winner >= 0
        won = decided & (winner == np.asarray(events["initiator"], dtype=np.int64)[war])
        count("initiator_won", war_run[won])
        count("initiator_decided", war_run[decided])
    for name in ("misperceived", "mistrusted"):
        if name in events:
            count(name, war_run[_flag(events, name)[war]])
    return out


def decision_metric_rows(
    events: Any, runs: int, years: int, *, resamples: int = BOOTSTRAP_RESAMPLES
) -> list[tuple[Any, ...]]:
    """Return the strategic engine's event metrics as rows (metric, value, lo, hi, n).

    See the module docstring for the rows, their sources and intervals; a row whose columns
    the table lacks is left out, so a hazard-model table gives only ``initiator_win_share``,
    ``share_misperceived`` (if it has the column) and ``wars_per_decade``.

    Parameters
    ----------
    events
        The event table (DataFrame or mapping of columns: run, year, kind, label, initiator,
        winner, and any of ``STRATEGIC_COLUMNS`` and ``misperceived``; categories as names or
        codes of ``OUTCOMES`` / ``CAUSES``, -1 or null for none).
    runs
        The number of runs (>= 1).
    years
        The number of recorded years T (>= 0).
    resamples
        Bootstrap resamples (default 2000).

    Returns
    -------
    list of tuple

    Raises
    ------
    ValueError
        For a missing run or kind column, runs outside 0..runs-1 or values outside the
        vocabularies.
    """
    return decision_rows_from_counts(decision_counts(events, runs), years, resamples=resamples)


def decision_rows_from_counts(
    counts: np.ndarray, years: int, *, resamples: int = BOOTSTRAP_RESAMPLES
) -> list[tuple[Any, ...]]:
    """Return the decision metrics' rows from :func:`decision_counts` (all runs).

    Parameters
    ----------
    counts
        ``(len(DECISION_COUNTS), runs)`` per-run counts (NaN rows: columns absent).
    years
        The simulated horizon T (>= 0).
    resamples
        Bootstrap resamples.

    Returns
    -------
    list of tuple
        The rows of :func:`decision_metric_rows`.
    """
    c = {name: counts[k] for k, name in enumerate(DECISION_COUNTS)}

    def have(*names: str) -> bool:
        return all(not np.isnan(c[n]).any() for n in names)

    def ints(name: str) -> np.ndarray:
        return c[name].astype(np.int64)

    runs = counts.shape[1]
    per_run = ints("wars")
    rows: list[tuple[Any, ...]] = []
    causes = [f"cause_{k}" for k in CAUSES]
    if have(*causes):
        rows.extend(_share_row(f"share_{k}", ints(k), per_run) for k in causes)
    if have("concessions", "backed_down"):
        for name in ("concessions", "backed_down"):
            count = ints(name)
            rows.append((f"{name}_per_run", float(count.mean()),
                         *bootstrap_mean_interval(count, resamples=resamples), runs))  # fmt: skip
        if have("transfer_count", "transfer_total"):
            rows.append(_mean_transfer_row(c["transfer_count"], c["transfer_total"], resamples))
    if have("initiator_won", "initiator_decided"):
        rows.append(_share_row("initiator_win_share", ints("initiator_won"),
                               ints("initiator_decided")))  # fmt: skip
    for name in ("misperceived", "mistrusted"):
        if have(name):
            rows.append(_share_row(f"share_{name}", ints(name), per_run))
    rows.append(_per_decade_row(per_run, years, resamples))
    return rows


def _per_decade_row(per_run: np.ndarray, years: int, resamples: int) -> tuple[Any, ...]:
    if years <= 0:
        return ("wars_per_decade", math.nan, math.nan, math.nan, per_run.size)
    scale = 10.0 / years
    lo, hi = bootstrap_mean_interval(per_run, resamples=resamples)
    return ("wars_per_decade", float(per_run.mean()) * scale, lo * scale, hi * scale, per_run.size)


def decision_metrics(
    events: Any, runs: int, years: int, *, resamples: int = BOOTSTRAP_RESAMPLES
) -> Any:
    """Return :func:`decision_metric_rows` as a tidy DataFrame (columns of ``METRIC_COLUMNS``).

    Parameters
    ----------
    events, runs, years, resamples
        See :func:`decision_metric_rows`.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    rows = decision_metric_rows(events, runs, years, resamples=resamples)
    return pd.DataFrame(rows, columns=list(METRIC_COLUMNS))

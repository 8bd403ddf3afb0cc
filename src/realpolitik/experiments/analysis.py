"""Analysis of an experiment: per-cell metrics, effects against the baseline, Sobol indices.

Everything here works on two pandas DataFrames, so it serves a results store, a sweep held in
memory and a test alike:

- ``runs``: one row per run with a ``cell`` column and the per-run outcomes of
  :data:`RUN_COLUMNS` (:func:`run_table` makes them from
  :func:`realpolitik.analysis.run_outcomes`);
- ``cells``: one row per cell with ``cell``, ``intervention`` and one column per parameter
  the design varies (and optionally ``point``, the design point shared by the interventions).

The run is the independent unit of every interval (the wars of one run share its states and
history; runs are independent replications). Intervals are 95% and come from
:mod:`realpolitik.analysis.intervals`: Wilson (1927) for shares of runs, the percentile
bootstrap over runs (Efron and Tibshirani 1993) or the exact Poisson interval (Garwood 1936)
for counts per run, the normal interval for means of continuous outcomes. Differences against
the baseline use Newcombe's (1998) hybrid score interval for shares and Welch's normal
interval for means (with the exact Poisson bound as the floor of a count's standard error when
a sample has no variance, so an effect of 0 on 0 wars still has an honest width). Sobol
indices (Sobol' 2001; Saltelli 2002) come from SALib (Herman and Usher 2017) with its
bootstrap confidence intervals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from realpolitik.analysis import (
    BOOTSTRAP_RESAMPLES,
    LABELS,
    Z95,
    bootstrap_mean_interval,
    normal_interval,
    poisson_mean_interval,
    share_difference_interval,
    wilson_interval,
)

__all__ = [
    "CELL_METRICS",
    "EXTRA_METRICS",
    "REFERENCES",
    "RUN_COLUMNS",
    "cell_table",
    "effects",
    "extra_outcomes",
    "run_table",
    "sobol_indices",
]

REFERENCES = ("wilson1927", "sobol2001", "saltelli2002", "herman2017")
"""BibTeX keys (:func:`realpolitik.cite`) of the methods used here."""

RUN_COLUMNS = (
    "wars",
    "any_war",
    "sd_wars",
    "deterrence_failures",
    "justified_preemptions",
    "first_war_year",
    "arms_burden",
    "arms_race",
)
"""Per-run outcomes: wars, any war (bool), wars by label (security dilemma, deterrence failure,
justified preemption), the first war's year (-1: none), the mean defence burden (military /
GDP) and whether some pair raced (Diehl 1983)."""

# metric -> (per-run column, kind, description); kind: share (bool per run), count, mean, timing
CELL_METRICS: dict[str, tuple[str, str, str]] = {
    "p_any_war": ("any_war", "share", "share of runs with at least one war"),
    "wars_per_run": ("wars", "count", "wars per run"),
    "sd_wars_per_run": (
        "sd_wars",
        "count",
        "security-dilemma wars per run (a security seeker strikes a security seeker)",
    ),
    "deterrence_failures_per_run": (
        "deterrence_failures",
        "count",
        "wars a greedy state initiated, per run",
    ),
    "justified_preemptions_per_run": (
        "justified_preemptions",
        "count",
        "wars a security seeker initiated against a greedy state, per run",
    ),
    "arms_burden": ("arms_burden", "mean", "mean defence burden (military / GDP)"),
    "arms_race_share": ("arms_race", "share", "share of runs with an arms race (Diehl 1983)"),
    "time_to_first_war": (
        "first_war_year",
        "timing",
        "mean year of the first war, over the runs with one (years)",
    ),
}
"""The per-cell metrics of :func:`cell_table`: metric -> (per-run column, kind, description)."""

EXTRA_METRICS: dict[str, tuple[str, str, str]] = {
    "first_state_attacked_per_run": (
        "first_state_attacked",
        "count",
        "wars in which the first state was the target, per run",
    ),
    "first_state_lost_per_run": (
        "first_state_lost",
        "count",
        "wars the first state fought and lost, per run",
    ),
    "treaty_collapse_share": (
        "treaty_collapsed",
        "share",
        "share of runs with a detected violation (which ends the treaty by default)",
    ),
    "cheating_share": ("cheated", "share", "share of runs in which some treaty member cheated"),
}
"""Metrics :func:`cell_table` adds when the runs have their column (:func:`extra_outcomes`)."""

_LABEL_COLUMNS = dict(
    zip(LABELS, ("sd_wars", "deterrence_failures", "justified_preemptions"), strict=True)
)


def extra_outcomes(
    events: Any,
    runs: int,
    *,
    start: int = 0,
    violations_detected: Any = None,
    cheaters: Any = None,
) -> dict[str, np.ndarray]:
    """Return the per-run outcomes of :data:`EXTRA_METRICS` that the inputs allow.

    Parameters
    ----------
    events
        The event table (``run``, ``kind``, ``initiator``, ``target``, ``winner``).
    runs
        The number of runs; ``run - start`` indexes them.
    start
        The first run's index.
    violations_detected, cheaters
        Optional ``(runs, years + 1)`` yearly summaries of the arms-control mechanism (the
        trajectory's variables of those names; NaN where unrecorded).

    Returns
    -------
    dict
        ``first_state_attacked`` and ``first_state_lost`` (int64), and with the summaries
        ``treaty_collapsed`` (some violation was detected: with
        ``treaty_collapse_on_detection``, the default, that ends the treaty) and ``cheated``
        (some member cheated in some year), each ``(runs,)``.
    """
    import pandas as pd

    kind = pd.Series(events["kind"]).astype(str).to_numpy()
    war = kind == "war"
    run = np.asarray(events["run"], dtype=np.int64)[war] - start
    initiator = np.asarray(events["initiator"], dtype=np.int64)[war]
    target = np.asarray(events["target"], dtype=np.int64)[war]
    winner = np.asarray(pd.Series(events["winner"]).fillna(-1), dtype=np.int64)[war]
    fought = (initiator == 0) | (target == 0)
    lost = fought & (winner >= 0) & (winner != 0)
    out = {
        "first_state_attacked": np.bincount(run[target == 0], minlength=runs).astype(np.int64),
        "first_state_lost": np.bincount(run[lost], minlength=runs).astype(np.int64),
    }
    if violations_detected is not None:
        v = np.nan_to_num(np.asarray(violations_detected, dtype=np.float64), nan=0.0)
        out["treaty_collapsed"] = (v > 0).any(axis=1)
    if cheaters is not None:
        c = np.nan_to_num(np.asarray(cheaters, dtype=np.float64), nan=0.0)
        out["cheated"] = (c > 0).any(axis=1)
    return out


def run_table(
    outcomes: Mapping[str, Any], extras: Mapping[str, Any] | None = None, **columns: Any
) -> Any:
    """Return the per-run outcomes (:data:`RUN_COLUMNS`) as a DataFrame.

    Parameters
    ----------
    outcomes
        :func:`realpolitik.analysis.run_outcomes` of some runs (``wars``, ``first_war_year``,
        ``arms_race``, ``burden``, ``label_counts``).
    extras
        :func:`extra_outcomes` of the same runs, or None.
    **columns
        Extra columns (e.g. ``cell=3``), a scalar or one value per run.

    Returns
    -------
    pandas.DataFrame
        One row per run: the extra columns, then :data:`RUN_COLUMNS`, then the extras.
    """
    import pandas as pd

    wars = np.asarray(outcomes["wars"], dtype=np.int64)
    labels = np.asarray(outcomes["label_counts"], dtype=np.int64)
    data: dict[str, Any] = {k: np.broadcast_to(v, wars.shape) for k, v in columns.items()}
    data["wars"] = wars
    data["any_war"] = wars > 0
    for i, name in enumerate(LABELS):
        data[_LABEL_COLUMNS[name]] = labels[i]
    data["first_war_year"] = np.asarray(outcomes["first_war_year"], dtype=np.int64)
    data["arms_burden"] = np.asarray(outcomes["burden"], dtype=np.float64)
    data["arms_race"] = np.asarray(outcomes["arms_race"], dtype=bool)
    data.update(extras or {})
    return pd.DataFrame(data)


def _check_columns(runs: Any, cells: Any) -> None:
    missing = [c for c in ("cell", *RUN_COLUMNS) if c not in runs.columns]
    if missing:
        raise ValueError(
            f"runs table lacks column(s) {missing}; it needs 'cell' and {list(RUN_COLUMNS)}"
        )
    missing = [c for c in ("cell", "intervention") if c not in cells.columns]
    if missing:
        raise ValueError(f"cells table lacks column(s) {missing}")
    unknown = sorted(int(c) for c in set(runs["cell"].unique()) - set(cells["cell"]))
    if unknown:
        raise ValueError(f"runs refer to cell(s) {unknown[:5]} that the cells table lacks")


def _metrics_of(runs: Any) -> dict[str, tuple[str, str, str]]:
    """Return :data:`CELL_METRICS` and the :data:`EXTRA_METRICS` whose column the runs have."""
    extra = {k: v for k, v in EXTRA_METRICS.items() if v[0] in runs.columns}
    return {**CELL_METRICS, **extra}


def _column(frame: Any, column: str, kind: str) -> np.ndarray:
    """Return one cell's per-run values of a column, without the runs that lack it.

    The outcomes of :data:`EXTRA_METRICS` are missing (NULL in a store) in the runs of a cell
    whose scenario lacks their mechanism (e.g. no arms-control treaty), while other cells of
    the same sweep have them; a metric is then taken over the runs that have the outcome.
    """
    series = frame[column]
    if not series.hasnans:
        return series.to_numpy()
    return series.dropna().to_numpy(dtype=bool if kind == "share" else np.float64)


def _metric(values: np.ndarray, kind: str, resamples: int) -> tuple[float, float, float, int]:
    """Return value, lo, hi, n of one metric from one cell's per-run column."""
    n = int(values.size)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    if kind == "share":
        k = int(np.count_nonzero(values))
        return k / n, *wilson_interval(k, n), n
    if kind == "count":
        counts = values.astype(np.int64)
        return float(counts.mean()), *bootstrap_mean_interval(counts, resamples=resamples), n
    if kind == "timing":
        hit = values[values >= 0].astype(np.float64)
        if hit.size == 0:
            return math.nan, math.nan, math.nan, 0
        return (*normal_interval(hit), int(hit.size))
    return (*normal_interval(values.astype(np.float64)), n)


def cell_table(runs: Any, cells: Any, *, resamples: int = BOOTSTRAP_RESAMPLES) -> Any:
    """Return each cell's outcome metrics with 95% intervals, the run as the unit.

    Parameters
    ----------
    runs
        Per-run outcomes with a ``cell`` column (see the module docstring).
    cells
        One row per cell: ``cell``, ``intervention`` and the design's parameter columns.
    resamples
        Bootstrap resamples for the counts per run (default 2000).

    Returns
    -------
    pandas.DataFrame
        One row per cell in the cells table's order: its columns, ``runs``, then for each
        metric of :data:`CELL_METRICS` the value and its bounds (``<metric>``,
        ``<metric>_lo``, ``<metric>_hi``); ``time_to_first_war_n`` counts the runs with a
        war. Deterministic for the same runs (fixed bootstrap seed), so two stores of the
        same experiment give the same table.

    Raises
    ------
    ValueError
        If a column is missing or runs refer to an unknown cell.
    """
    import pandas as pd

    _check_columns(runs, cells)
    groups = {cell: frame for cell, frame in runs.groupby("cell", sort=False)}
    rows = []
    for cell in cells["cell"]:
        frame = groups.get(cell)
        row: dict[str, Any] = {"runs": 0 if frame is None else len(frame)}
        for metric, (column, kind, _) in _metrics_of(runs).items():
            values = np.empty(0) if frame is None else _column(frame, column, kind)
            value, lo, hi, n = _metric(values, kind, resamples)
            row.update({metric: value, f"{metric}_lo": lo, f"{metric}_hi": hi})
            if kind == "timing":
                row[f"{metric}_n"] = n
        rows.append(row)
    return pd.concat([cells.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def _points(cells: Any) -> Any:
    """Return each cell's design point: ``point`` if given, else its parameter values."""
    if "point" in cells.columns:
        return cells["point"]
    factors = [c for c in cells.columns if c not in ("cell", "intervention")]
    if not factors:
        return np.zeros(len(cells), dtype=np.int64)
    return cells[factors].astype(str).agg("|".join, axis=1)


def _share_difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Return p_a - p_b and Newcombe's (1998) hybrid score interval (method 10)."""
    return share_difference_interval(
        int(np.count_nonzero(a)), int(a.size), int(np.count_nonzero(b)), int(b.size)
    )


def _mean_se2(x: np.ndarray, count: bool) -> float:
    """Return the squared standard error of a mean, floored for counts without variance."""
    n = x.size
    var = float(np.var(x, ddof=1)) / n if n > 1 else math.inf
    if count and var == 0.0:  # no variance: the exact Poisson bound gives the width
        _, hi = poisson_mean_interval(int(x.sum()), n)
        var = ((hi - float(x.mean())) / Z95) ** 2
    return var


def _difference(a: np.ndarray, b: np.ndarray, kind: str) -> tuple[float, float, float]:
    """Return the difference a - b of a metric and its 95% interval (independent runs)."""
    if a.size == 0 or b.size == 0:  # an outcome one of the two cells lacks
        return math.nan, math.nan, math.nan
    if kind == "share":
        return _share_difference(a, b)
    if kind == "timing":
        a, b = a[a >= 0], b[b >= 0]
    a, b = a.astype(np.float64), b.astype(np.float64)
    if a.size == 0 or b.size == 0:
        return math.nan, math.nan, math.nan
    d = float(a.mean() - b.mean())
    half = Z95 * math.sqrt(_mean_se2(a, kind == "count") + _mean_se2(b, kind == "count"))
    return d, d - half, d + half


def _effect_rows(a: Any, b: Any, keys: dict[str, Any]) -> list[dict[str, Any]]:
    """Return one row per metric: the effect of cell a's runs against the baseline's b."""
    rows = []
    for metric, (column, kind, _) in _metrics_of(a).items():
        xa, xb = _column(a, column, kind), _column(b, column, kind)
        d, lo, hi = _difference(xa, xb, kind)
        base = _metric(xb, kind, 1)[0]
        significant = bool(lo > 0 or hi < 0)
        rows.append(
            {
                **keys,
                "metric": metric,
                "baseline": base,
                "value": base + d,
                "effect": d,
                "lo": lo,
                "hi": hi,
                "significant": significant,
            }
        )
    return rows


def effects(runs: Any, cells: Any, baseline: str = "baseline") -> Any:
    """Return each intervention's effect against the baseline in the same design point.

    The effect on a metric is its value under the intervention minus its value under the
    baseline, the two cells' runs being independent replications (a shared seed would only
    make the interval conservative).

    Parameters
    ----------
    runs
        Per-run outcomes with a ``cell`` column.
    cells
        One row per cell: ``cell``, ``intervention``, the design's parameter columns (cells
        with equal parameters, or equal ``point``, share a design point).
    baseline
        The reference intervention (default ``"baseline"``).

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per design point, intervention (other than the baseline) and metric of
        :data:`CELL_METRICS`, with the design's parameter columns, ``intervention``,
        ``metric``, ``baseline`` (its value there), ``value`` (under the intervention),
        ``effect``, ``lo``, ``hi`` (95%), ``significant`` (the interval excludes 0).

    Raises
    ------
    ValueError
        If a column is missing, or no cell runs the baseline.
    """
    import pandas as pd

    _check_columns(runs, cells)
    if baseline not in set(cells["intervention"]):
        raise ValueError(
            f"no cell runs the baseline intervention {baseline!r}; the cells run "
            f"{sorted(set(cells['intervention']))}"
        )
    cells = cells.reset_index(drop=True)
    points = _points(cells)
    groups = {cell: frame for cell, frame in runs.groupby("cell", sort=False)}
    factors = [c for c in cells.columns if c not in ("cell", "intervention")]
    rows = []
    for _, idx in cells.groupby(points, sort=False).groups.items():
        block = cells.loc[idx]
        ref = block[block["intervention"] == baseline]
        if ref.empty or int(ref["cell"].iloc[0]) not in groups:
            continue
        b = groups[int(ref["cell"].iloc[0])]
        for _, cell in block[block["intervention"] != baseline].iterrows():
            a = groups.get(int(cell["cell"]))
            if a is None:
                continue
            rows.extend(
                _effect_rows(
                    a, b, {**{f: cell[f] for f in factors}, "intervention": cell["intervention"]}
                )
            )
    columns = [
        *factors,
        "intervention",
        "metric",
        "baseline",
        "value",
        "effect",
        "lo",
        "hi",
        "significant",
    ]
    return pd.DataFrame(rows, columns=columns)


def _second_order(rows: int, dims: int) -> bool:
    """Infer whether a Saltelli sample of ``rows`` points has the second-order rows.

    SALib's sample has N (D + 2) points without them and N (2D + 2) with them, N a power of
    two; a size that fits only one of these decides, else the power of two does.
    """
    fits = {second: rows % (dims + 2 + second * dims) == 0 for second in (False, True)}

    def power_of_two(second: bool) -> bool:
        n = rows // (dims + 2 + second * dims)
        return fits[second] and n > 0 and n & (n - 1) == 0

    candidates = [s for s in (False, True) if power_of_two(s)] or [s for s in fits if fits[s]]
    if len(candidates) != 1:
        raise ValueError(
            f"{rows} cells are not a Saltelli sample of {dims} factors (N (D + 2) or "
            f"N (2D + 2) cells per intervention, N a power of two), or fit both; pass "
            f"calc_second_order"
        )
    return candidates[0]


def sobol_indices(
    runs: Any,
    cells: Any,
    bounds: Mapping[str, Sequence[float]],
    *,
    metric: str = "p_any_war",
    calc_second_order: bool | None = None,
    resamples: int = 1000,
    seed: int = 0,
) -> Any:
    """Return first-order and total Sobol indices of a metric, with 95% intervals.

    Each cell is one point of a Saltelli sample (SALib's ``sample.sobol``) in the cells'
    order; the model output at the point is the cell's metric (its mean over the cell's
    runs), and SALib's ``analyze.sobol`` estimates the indices (Sobol' 2001; Saltelli 2002;
    Saltelli et al. 2010 estimators) with bootstrap intervals over the sample points. The
    run-to-run noise inside each cell adds to the variance no factor explains, so it lowers
    the first-order indices, never raises them.

    Parameters
    ----------
    runs
        Per-run outcomes with a ``cell`` column.
    cells
        One row per cell, in the Saltelli sample's order within each intervention, with
        ``cell``, ``intervention`` and one column per factor of ``bounds``.
    bounds
        Factor -> (low, high), in the order the sample was drawn.
    metric
        A metric of :data:`CELL_METRICS` (default ``"p_any_war"``).
    calc_second_order
        Whether the sample has the second-order rows (default: inferred from its size).
    resamples
        SALib's bootstrap resamples (default 1000).
    seed
        The bootstrap's seed (>= 0): the same seed gives the same intervals.

    Returns
    -------
    pandas.DataFrame
        One row per intervention and factor: ``intervention``, ``factor``, ``metric``,
        ``S1``, ``S1_lo``, ``S1_hi``, ``ST``, ``ST_lo``, ``ST_hi``.

    Raises
    ------
    ValueError
        For an unknown metric, a factor the cells lack, or a sample of the wrong size.
    """
    import pandas as pd
    from SALib.analyze import sobol

    known = _metrics_of(runs)
    if metric not in known:
        raise ValueError(f"metric = {metric!r} is unknown; choose one of {list(known)}")
    names = list(bounds)
    missing = [f for f in names if f not in cells.columns]
    if missing:
        raise ValueError(f"cells lack the factor column(s) {missing}")
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [[float(b[0]), float(b[1])] for b in bounds.values()],
    }
    table = cell_table(runs, cells, resamples=1)
    rows = []
    for intervention, block in table.groupby("intervention", sort=False):
        y = block[metric].to_numpy(dtype=np.float64)
        if not np.all(np.isfinite(y)):
            raise ValueError(f"{metric} is undefined in some cell of {intervention!r}")
        second = (
            _second_order(y.size, len(names)) if calc_second_order is None else calc_second_order
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            res = sobol.analyze(
                problem,
                y,
                calc_second_order=second,
                num_resamples=resamples,
                conf_level=0.95,
                seed=seed + 1,  # SALib ignores a seed of 0 (NumPy's global state instead)
            )
        for k, name in enumerate(names):
            s1, c1, st, ct = (float(res[key][k]) for key in ("S1", "S1_conf", "ST", "ST_conf"))
            rows.append(
                {
                    "intervention": intervention,
                    "factor": name,
                    "metric": metric,
                    "S1": s1,
                    "S1_lo": s1 - c1,
                    "S1_hi": s1 + c1,
                    "ST": st,
                    "ST_lo": st - ct,
                    "ST_hi": st + ct,
                }
            )
    return pd.DataFrame(rows)

"""Figures of an experiment: one per kind of design, drawn from the analysis' tables.

- :func:`grid_figure`: a grid over one factor: each intervention's metric as a line over the
  factor with its 95% band (the run as the unit);
- :func:`effects_figure`: any design with several interventions: each intervention's effect
  against the baseline with its 95% interval, per design point;
- :func:`sobol_figure`: a Sobol design: first-order and total indices with their 95%
  intervals (SALib's bootstrap);
- :func:`scatter_figure`: a Latin-hypercube (or any multi-factor) design: the metric of each
  cell with its interval against each factor.

A figure never computes a result: the tables come from
:mod:`realpolitik.experiments.analysis` (``cell_table``, ``effects``, ``sobol_indices``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from realpolitik.report.figures import BLUE, GREEN, GREY, ORANGE, PURPLE, RED, new_figure

__all__ = ["METRIC_LABELS", "effects_figure", "grid_figure", "scatter_figure", "sobol_figure"]

_COLOURS = (GREY, BLUE, RED, GREEN, ORANGE, PURPLE)

METRIC_LABELS: dict[str, str] = {
    "p_any_war": "P(any war in a run)",
    "wars_per_run": "number of wars per run",
    "sd_wars_per_run": "number of security-dilemma wars per run",
    "deterrence_failures_per_run": "number of deterrence failures per run",
    "justified_preemptions_per_run": "number of justified preemptions per run",
    "arms_burden": "defence burden: military / GDP share",
    "arms_race_share": "share of runs with an arms race",
    "time_to_first_war": "year of the first war (years)",
    "first_state_attacked_per_run": "number of wars on the first state per run",
    "first_state_lost_per_run": "number of wars the first state lost per run",
    "treaty_collapse_share": "share of runs whose treaty collapsed",
    "cheating_share": "share of runs with a cheating member",
}
"""Axis label of each metric (a count, a share or a probability; years where it has units)."""


def _key_label(key: str) -> str:
    return key.replace("_", " ") + " (key's own units)"


def _label(metric: str) -> str:
    return METRIC_LABELS.get(metric, metric.replace("_", " "))


def grid_figure(table: Any, factor: str, metrics: tuple[str, ...]) -> Any:
    """Draw each intervention's metrics over one factor, with 95% bands.

    Parameters
    ----------
    table
        ``cell_table`` of a grid over ``factor`` (one row per intervention and value).
    factor
        The varied key (the horizontal axis).
    metrics
        One panel per metric.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    fig, axes = new_figure(ncols=len(metrics), width=4.6, height=3.8)
    axes = np.atleast_1d(axes)
    for ax, metric in zip(axes, metrics, strict=True):
        for k, (name, rows) in enumerate(table.groupby("intervention", sort=False)):
            rows = rows.sort_values(factor)
            x = rows[factor].to_numpy(dtype=float)
            colour = _COLOURS[k % len(_COLOURS)]
            ax.plot(x, rows[metric], marker="o", color=colour, label=name)
            ax.fill_between(
                x, rows[f"{metric}_lo"], rows[f"{metric}_hi"], color=colour, alpha=0.15, linewidth=0
            )
        ax.set_xlabel(_key_label(factor))
        ax.set_ylabel(_label(metric))
    axes[0].legend(fontsize=8, title="intervention", title_fontsize=8)
    fig.suptitle("95% bands: the run as the unit")
    return fig


def _point_names(effects: Any, factors: list[str]) -> list[str]:
    if not factors:
        return ["all"] * len(effects)
    return [", ".join(f"{f}={row[f]:.3g}" for f in factors) for _, row in effects.iterrows()]


def effects_figure(effects: Any, metric: str, factors: list[str]) -> Any:
    """Draw each intervention's effect on a metric against the baseline, with 95% intervals.

    Parameters
    ----------
    effects
        The ``effects`` table.
    metric
        The metric drawn.
    factors
        The design's factor columns (naming each design point).

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    rows = effects[effects["metric"] == metric].reset_index(drop=True)
    names = _point_names(rows, factors)
    points = list(dict.fromkeys(names))
    interventions = list(dict.fromkeys(rows["intervention"]))
    fig, ax = new_figure(width=7.2, height=1.4 + 0.32 * max(len(points) * len(interventions), 4))
    step = 1.0 / (len(interventions) + 1)
    for k, name in enumerate(interventions):
        sel = rows["intervention"] == name
        y = np.array([points.index(n) for n, s in zip(names, sel, strict=True) if s]) + k * step
        v = rows.loc[sel, "effect"].to_numpy(dtype=float)
        err = [v - rows.loc[sel, "lo"].to_numpy(float), rows.loc[sel, "hi"].to_numpy(float) - v]
        ax.errorbar(
            v, y, xerr=err, fmt="o", capsize=3, label=name, color=_COLOURS[(k + 1) % len(_COLOURS)]
        )
    ax.axvline(0.0, color="black", linewidth=0.8)
    ax.set_yticks(np.arange(len(points)) + step * (len(interventions) - 1) / 2, points, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"effect against the baseline: {_label(metric)}")
    ax.set_ylabel("kind of world: the design point")
    ax.legend(fontsize=8, title="intervention", title_fontsize=8)
    ax.set_title("Effects with 95% intervals (independent runs)")
    return fig


def sobol_figure(indices: Any) -> Any:
    """Draw first-order and total Sobol indices with their 95% intervals.

    Parameters
    ----------
    indices
        The ``sobol_indices`` table of one intervention.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    fig, ax = new_figure(width=6.8, height=1.4 + 0.45 * max(len(indices), 3))
    y = np.arange(len(indices))
    for offset, key, colour in ((-0.18, "S1", BLUE), (0.18, "ST", ORANGE)):
        v = indices[key].to_numpy(dtype=float)
        err = [v - indices[f"{key}_lo"].to_numpy(float), indices[f"{key}_hi"].to_numpy(float) - v]
        ax.barh(
            y + offset,
            v,
            height=0.34,
            xerr=np.clip(err, 0, None),
            color=colour,
            capsize=3,
            label={"S1": "first order", "ST": "total"}[key],
        )
    ax.set_yticks(y, [f.replace("_", " ") for f in indices["factor"]])
    ax.invert_yaxis()
    ax.axvline(0.0, color="black", linewidth=0.8)
    metric = str(indices["metric"].iloc[0]) if len(indices) else ""
    ax.set_xlabel(f"Sobol index: share of the variance of {_label(metric)}")
    ax.set_ylabel("kind of input: the engine key")
    ax.legend(fontsize=8)
    ax.set_title("Sobol indices with 95% intervals (SALib bootstrap)")
    return fig


def scatter_figure(table: Any, factors: list[str], metric: str) -> Any:
    """Draw each cell's metric with its 95% interval against each factor.

    Parameters
    ----------
    table
        ``cell_table`` of a multi-factor design.
    factors
        The factor columns (one panel each).
    metric
        The metric drawn.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    ncols = min(3, len(factors))
    nrows = -(-len(factors) // ncols)
    fig, axes = new_figure(ncols=ncols, nrows=nrows, width=3.6, height=3.0 * nrows, sharey=True)
    axes = np.atleast_1d(axes).ravel()
    v = table[metric].to_numpy(dtype=float)
    err = np.clip(
        [v - table[f"{metric}_lo"].to_numpy(float), table[f"{metric}_hi"].to_numpy(float) - v],
        0,
        None,
    )
    for ax, factor in zip(axes, factors, strict=False):
        ax.errorbar(
            table[factor].to_numpy(float),
            v,
            yerr=err,
            fmt="o",
            markersize=3,
            color=BLUE,
            alpha=0.7,
            elinewidth=0.6,
        )
        ax.set_xlabel(_key_label(factor))
        ax.set_ylabel(_label(metric))
    for ax in axes[len(factors) :]:
        ax.set_visible(False)
    fig.suptitle("Each cell with its 95% interval (the run as the unit)")
    return fig

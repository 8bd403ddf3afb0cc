"""The figures of a scenario run's report, drawn from its trajectory and summary table.

A figure draws what the trajectory recorded and never computes a model result (matplotlib,
imported when a figure is made; Agg canvas, no pyplot state).

- ``military``: each state's military over the years, the median over runs and the band from
  the 10th to the 90th percentile (over at most :data:`MAX_RUNS_DRAWN` runs, the first ones:
  runs are independent draws); one panel for up to three states, else one small panel per
  state (at most :data:`MAX_PANELS`).
- ``war_timing``: the histogram of the years in which wars happened, and the share of runs
  still without a war by each year (the first-war survival curve; runs are censored only at
  the horizon, so the curve is the empirical survival function).
- ``outcomes``: the shares of the three kinds of war with their 95% intervals.

Years on the x axes are the scenario's calendar years (counted from its ``start_year``, else
from 1): a year's point is the value at the end of that year and a war is drawn in the year it
happened, so a scenario of 1950 to 1999 is drawn up to 1999, its initial values at 1949.
:func:`report_figures` returns the three figures' builders, as the run report writes them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from realpolitik.engine import Trajectory
from realpolitik.report.figures import new_figure
from realpolitik.scenarios import Scenario

__all__ = [
    "LABEL_TITLES",
    "MAX_PANELS",
    "MAX_RUNS_DRAWN",
    "military_figure",
    "outcome_figure",
    "report_figures",
    "war_timing_figure",
]

#: War label -> its name in tables and figures.
LABEL_TITLES: dict[str, str] = {
    "security_dilemma_war": "security-dilemma wars",
    "deterrence_failure": "deterrence failures",
    "justified_preemption": "justified preemptions",
}
#: The most runs the military figure's percentiles use.
MAX_RUNS_DRAWN = 20_000
#: The most states the military figure draws (one small panel each).
MAX_PANELS = 16


def _calendar(years: int, start_year: int | None) -> tuple[np.ndarray, int]:
    """Return the x position of the trajectory's years 0..T and the first simulated year's.

    Year t >= 1 of a trajectory holds the values at the end of the t-th simulated year, the
    year in which its events happened (a scenario's calendar year ``start_year + t - 1``); year
    0 holds the initial values, drawn at the end of the year before the first. Without a
    ``start_year`` the years are counted 1..T (0: the initial values).
    """
    first = 1 if start_year is None else start_year
    return np.arange(years + 1) + first - 1, first


def military_figure(
    trajectory: Any, names: Sequence[str] | None = None, *, start_year: int | None = None
) -> Any:
    """Draw each state's military over time: the median over runs and the 10-90% band.

    Up to three states share one panel; more get one small panel each (the first
    :data:`MAX_PANELS` states), on a shared scale.

    Parameters
    ----------
    trajectory
        A :class:`~realpolitik.engine.Trajectory`.
    names
        The states' names (default ``state 0``, ``state 1``, ...).
    start_year
        Calendar year of the first simulated year, the scenario's ``start_year`` (default:
        years counted from 1). Each year's value is drawn at that year, the initial values at
        the year before.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    from matplotlib import colormaps

    n_states = trajectory.states
    shown = min(n_states, MAX_PANELS)
    m = np.asarray(trajectory.array("military")[:MAX_RUNS_DRAWN, :, :shown], dtype=np.float64)
    lo, med, hi = np.quantile(m, [0.1, 0.5, 0.9], axis=0)
    x, first = _calendar(trajectory.years, start_year)
    xlabel = f"year (values at its end; {first - 1}: initial values)"
    ylabel = "military capability m (GDP units)"
    names = list(names) if names is not None else [f"state {i}" for i in range(n_states)]
    cmap = colormaps["tab10"]
    used = min(trajectory.runs, MAX_RUNS_DRAWN)
    title = f"Military by state: median and 10-90% band over {used:,} runs"
    if shown < n_states:
        title += f" (first {shown} of {n_states} states)"
    if shown <= 3:
        fig, ax = new_figure(width=7.6, height=4.6)
        axes = [ax] * shown
    else:
        nrows = math.ceil(shown / 4)
        fig, grid = new_figure(4, 2.75, 2.3 * nrows + 0.6, nrows=nrows, sharex=True, sharey=True)
        axes = list(np.ravel(grid))
        for ax in axes[shown:]:
            ax.set_visible(False)
    for i in range(shown):
        ax = axes[i]
        color = cmap(i % 10)
        ax.fill_between(x, lo[:, i], hi[:, i], color=color, alpha=0.2, linewidth=0)
        ax.plot(x, med[:, i], color=color, linewidth=1.6, label=names[i])
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(bottom=0)
        if shown > 3:
            ax.set_title(names[i], fontsize=9)
    if shown <= 3:
        axes[0].set_title(title)
        axes[0].set_xlabel(xlabel)
        axes[0].set_ylabel(ylabel)
        axes[0].legend(fontsize=8, loc="upper left", frameon=False)
    else:
        fig.suptitle(title)
        fig.supxlabel(xlabel)
        fig.supylabel(ylabel)
    return fig


def war_timing_figure(trajectory: Any, *, start_year: int | None = None) -> Any:
    """Draw when wars happen: the histogram of war years and the first-war survival curve.

    Parameters
    ----------
    trajectory
        A :class:`~realpolitik.engine.Trajectory`.
    start_year
        Calendar year of the first simulated year, the scenario's ``start_year`` (default:
        years counted from 1). A war is drawn at the year it happened in.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (two panels).
    """
    from matplotlib.ticker import MaxNLocator

    counts = trajectory.war_year_counts()
    horizon = trajectory.years
    x, first = _calendar(horizon, start_year)
    n_wars = int(counts.sum())
    fig, (left, right) = new_figure(ncols=2, width=5.2, height=4.0)
    edges = np.linspace(first - 0.5, first + horizon - 0.5, min(horizon, 50) + 1)
    if n_wars:
        left.hist(x, bins=edges, weights=counts, color="#d62728", alpha=0.8)
    else:
        left.text(0.5, 0.5, "no wars", transform=left.transAxes, ha="center", va="center")
    left.set_xlim(edges[0], edges[-1])
    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    left.set_title(f"Wars by year ({n_wars:,} wars in {trajectory.runs:,} runs)")
    left.set_xlabel("year of the war")
    left.set_ylabel("number of wars")
    first_war = trajectory.first_war_year()
    hit = np.sort(first_war[first_war >= 0])
    survival = 1.0 - np.searchsorted(hit, x - first + 1, side="right") / trajectory.runs
    right.step(x, survival, where="post", color="#1f77b4", linewidth=1.8)
    right.set_ylim(0, 1.02)
    right.set_xlim(x[0], x[-1])
    right.set_title("Share of runs still without a war")
    right.set_xlabel(f"year (share at its end; {first - 1}: the start)")
    right.set_ylabel("P(no war yet)")
    return fig


_CAUSE_TITLES = {
    "cause_prevention": "prevention",
    "cause_preemption": "preemption",
    "cause_hawk_bias": "hawk bias",
    "cause_bargaining_failure": "bargaining failure",
    "misperceived": "misperceived",
    "mistrusted": "mistrusted",
}
"""Short titles of the strategic engine's share rows (causes and flags of the initiator)."""

_GROUPS = (
    ("sides' true types", "#9467bd", tuple(LABEL_TITLES)),
    ("initiator's reason", "#d62728", tuple(k for k in _CAUSE_TITLES if k.startswith("cause_"))),
    ("initiator's view", "#ff7f0e", ("misperceived", "mistrusted")),
)


def outcome_figure(summary: Any) -> Any:
    """Draw the shares of wars by the sides' types (and, for the strategic engine, by cause).

    Each bar is a share of all wars with its 95% interval; the groups are the labels of the
    war (security-dilemma war, deterrence failure, justified preemption), the initiator's reason
    (prevention, preemption, hawk bias, bargaining failure) and whether it misperceived or
    mistrusted, each group only when the summary has its rows.

    Parameters
    ----------
    summary
        The table of :func:`summary_table`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    shares = summary[summary["metric"].str.startswith("share_")].set_index("metric")
    bars: list[tuple[str, str, Any]] = []  # (title, colour, row)
    for _, colour, keys in _GROUPS:
        rows = [(k, shares.loc[f"share_{k}"]) for k in keys if f"share_{k}" in shares.index]
        if rows and bars:
            bars.append(("", "none", None))  # a gap between groups
        for k, row in rows:
            bars.append((LABEL_TITLES.get(k) or _CAUSE_TITLES.get(k, k), colour, row))
    fig, ax = new_figure(width=6.8, height=1.2 + 0.3 * max(len(bars), 3))
    y = np.arange(len(bars))[::-1]
    titles = [t for t, _, _ in bars]
    real = [(yi, c, r) for yi, (_, c, r) in zip(y, bars, strict=True) if r is not None]
    n = int(real[0][2]["n"]) if real else 0
    if n == 0:
        ax.text(0.5, 0.5, "no wars in these runs", transform=ax.transAxes, ha="center")
    else:
        for yi, colour, row in real:
            v = float(row["value"])
            err = [[v - float(row["lo"])], [float(row["hi"]) - v]]
            ax.barh(yi, v, xerr=err, color=colour, alpha=0.85, capsize=4)
            ax.text(1.02, yi, f"{v:.1%}", va="center", fontsize=9,
                    transform=ax.get_yaxis_transform())  # fmt: skip
    ax.set_yticks(y, titles)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of wars (95% interval, resampling whole runs)")
    ax.set_ylabel("kind of war")
    ax.set_title(f"What kind of wars? ({n:,} wars)")
    return fig


def report_figures(trajectory: Trajectory, scenario: Scenario, summary: Any) -> dict[str, Any]:
    """Return the builders of a run report's figures: name -> function returning the figure.

    Parameters
    ----------
    trajectory
        The :class:`~realpolitik.engine.Trajectory` of the run.
    scenario
        The :class:`~realpolitik.scenarios.Scenario` it ran (names and calendar years).
    summary
        The table of :func:`summary_table`.

    Returns
    -------
    dict
        ``"military"``, ``"war_timing"`` and ``"outcomes"``, each a function of no argument
        (matplotlib is imported when one is called).
    """
    start = scenario.start_year
    return {
        "military": lambda: military_figure(trajectory, scenario.state_names, start_year=start),
        "war_timing": lambda: war_timing_figure(trajectory, start_year=start),
        "outcomes": lambda: outcome_figure(summary),
    }

"""The report of one scenario run: summary table, figures and a self-contained HTML page.

Source: DESIGN.md ("Interfaces": every command that makes a result writes it and a figure;
"Report": one self-contained HTML file per run) and its war labels ("The engine's world").
The numbers are :meth:`realpolitik.engine.Trajectory.metrics`; this module lays them out and
draws what the trajectory recorded (a figure never computes a model result).

The label shares (``share_security_dilemma_war``, ``share_deterrence_failure``,
``share_justified_preemption``: of all wars in all runs, the share with each label, with a 95%
interval that resamples whole runs) come from the Trajectory's metrics too.

Figures (matplotlib, imported lazily; Agg canvas, no pyplot state)
------------------------------------------------------------------
- ``military``: each state's military over the years, the median over runs and the band from
  the 10th to the 90th percentile (over at most :data:`MAX_RUNS_DRAWN` runs, the first ones:
  runs are independent draws); one panel for up to three states, else one small panel per
  state (at most :data:`MAX_PANELS`).
- ``war_timing``: the histogram of the years in which wars happened, and the share of runs
  still without a war by each year (the first-war survival curve; runs are censored only at
  the horizon, so the curve is the empirical survival function).
- ``outcomes``: the label shares with their 95% intervals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik import __version__
from realpolitik._output import write_csv, write_json
from realpolitik.engine import Trajectory
from realpolitik.report.html import Block, Section, render_page
from realpolitik.report.run_scenario import scenario_tables, write_resolved_scenario
from realpolitik.report.tables import Table
from realpolitik.scenarios import Scenario, origin

__all__ = [
    "LABEL_TITLES",
    "MAX_PANELS",
    "MAX_RUNS_DRAWN",
    "RunReport",
    "military_figure",
    "outcome_figure",
    "summary_table",
    "war_timing_figure",
    "write_run_report",
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

_DESCRIPTIONS = {
    "p_any_war": "share of runs with at least one war",
    "wars_per_run": "mean number of wars per run",
    "arms_race_share": "share of runs with an arms race (Diehl 1983: two states both arming "
    "by 8% a year or more for 3 years)",
    "mean_burden": "mean defence burden: military / GDP, over states, years and runs",
    "time_to_first_war": "mean years until the first war, over the runs that had one",
    "time_to_first_war_censored": "share of runs with no war at all by the horizon (their "
    "time to the first war is censored)",
    "share_security_dilemma_war": "share of wars that were security-dilemma wars (a security "
    "seeker attacked a security seeker)",
    "share_deterrence_failure": "share of wars that were deterrence failures (a greedy state "
    "attacked)",
    "share_justified_preemption": "share of wars that were justified preemptions (a security "
    "seeker attacked a greedy state)",
}


def summary_table(trajectory: Any) -> Any:
    """Return the run's summary: the Trajectory metrics, each with what it means.

    Parameters
    ----------
    trajectory
        A :class:`~realpolitik.engine.Trajectory`.

    Returns
    -------
    pandas.DataFrame
        The rows of :meth:`~realpolitik.engine.Trajectory.metrics` (the outcome metrics and the
        ``share_<label>`` rows of the three kinds of war), columns metric, value, lo, hi, n,
        description.
    """
    table = trajectory.metrics().copy()
    table["description"] = [_DESCRIPTIONS.get(m, "") for m in table["metric"]]
    return table


# ---------------------------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------------------------


def _figure(ncols: int = 1, width: float = 6.4, height: float = 4.4) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots(1, ncols)


def _years_axis(trajectory: Any, start_year: int | None) -> np.ndarray:
    years = np.arange(trajectory.years + 1)
    return years + (start_year or 0)


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
        Calendar year of year 0 (default: years counted from 0).

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
    x = _years_axis(trajectory, start_year)
    names = list(names) if names is not None else [f"state {i}" for i in range(n_states)]
    cmap = colormaps["tab10"]
    used = min(trajectory.runs, MAX_RUNS_DRAWN)
    title = f"Military by state: median and 10-90% band over {used:,} runs"
    if shown < n_states:
        title += f" (first {shown} of {n_states} states)"
    if shown <= 3:
        fig, ax = _figure(width=7.6, height=4.6)
        axes = [ax] * shown
    else:
        ncols = 4
        nrows = math.ceil(shown / ncols)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(11.0, 2.3 * nrows + 0.6), layout="constrained")
        FigureCanvasAgg(fig)
        grid = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False)
        axes = list(grid.ravel())
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
        axes[0].set_xlabel("year")
        axes[0].set_ylabel("military capability m")
        axes[0].legend(fontsize=8, loc="upper left", frameon=False)
    else:
        fig.suptitle(title)
        fig.supxlabel("year")
        fig.supylabel("military capability m")
    return fig


def war_timing_figure(trajectory: Any, *, start_year: int | None = None) -> Any:
    """Draw when wars happen: the histogram of war years and the first-war survival curve.

    Parameters
    ----------
    trajectory
        A :class:`~realpolitik.engine.Trajectory`.
    start_year
        Calendar year of year 0 (default: years counted from 0).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (two panels).
    """
    ev = trajectory.event_arrays()
    horizon = trajectory.years
    offset = start_year or 0
    war_years = ev["year"][ev["kind"] == 1].astype(np.int64)
    fig, (left, right) = _figure(ncols=2, width=5.2, height=4.0)
    edges = np.linspace(0.5, horizon + 0.5, min(horizon, 50) + 1) + offset
    if war_years.size:
        left.hist(war_years + offset, bins=edges, color="#d62728", alpha=0.8)
    else:
        left.text(0.5, 0.5, "no wars", transform=left.transAxes, ha="center", va="center")
    left.set_title(f"Wars by year ({war_years.size:,} wars in {trajectory.runs:,} runs)")
    left.set_xlabel("year")
    left.set_ylabel("wars")
    first = trajectory.first_war_year()
    t = np.arange(horizon + 1)
    hit = np.sort(first[first >= 0])
    survival = 1.0 - np.searchsorted(hit, t, side="right") / trajectory.runs
    right.step(t + offset, survival, where="post", color="#1f77b4", linewidth=1.8)
    right.set_ylim(0, 1.02)
    right.set_xlim(offset, horizon + offset)
    right.set_title("Share of runs still without a war")
    right.set_xlabel("year")
    right.set_ylabel("P(no war yet)")
    return fig


def outcome_figure(summary: Any) -> Any:
    """Draw the shares of the three kinds of war with their 95% intervals.

    Parameters
    ----------
    summary
        The table of :func:`summary_table`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    rows = summary[summary["metric"].str.startswith("share_")]
    fig, ax = _figure(width=6.8, height=3.2)
    labels = [LABEL_TITLES.get(m.removeprefix("share_"), m) for m in rows["metric"]]
    values = rows["value"].to_numpy(dtype=float)
    n = int(rows["n"].iloc[0]) if len(rows) else 0
    y = np.arange(len(labels))[::-1]
    if n == 0:
        ax.text(0.5, 0.5, "no wars in these runs", transform=ax.transAxes, ha="center")
        ax.set_yticks(y, labels)
    else:
        err = np.vstack([values - rows["lo"].to_numpy(float), rows["hi"].to_numpy(float) - values])
        colors = ["#9467bd", "#d62728", "#ff7f0e"]
        ax.barh(y, values, xerr=err, color=colors[: len(y)], alpha=0.85, capsize=4)
        ax.set_yticks(y, labels)
        highs = rows["hi"].to_numpy(float)
        for yi, v, top in zip(y, values, highs, strict=True):
            ax.text(min(top + 0.02, 0.9), yi, f"{v:.1%}", va="center", fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of wars (95% interval, resampling whole runs)")
    ax.set_title(f"What kind of wars? ({n:,} wars)")
    return fig


# ---------------------------------------------------------------------------------------------
# files and the page
# ---------------------------------------------------------------------------------------------


@dataclass
class RunReport:
    """What :func:`write_run_report` wrote.

    Attributes
    ----------
    folder : pathlib.Path
        The output folder.
    index : pathlib.Path
        The HTML page.
    summary : pandas.DataFrame
        The summary table.
    files : list of pathlib.Path
        Every file and folder written, the page last.
    """

    folder: Path
    index: Path
    summary: Any
    files: list[Path] = field(default_factory=list)


def _summary_rows(summary: Any) -> tuple[tuple[Any, ...], ...]:
    return tuple(
        (r.metric, float(r.value), float(r.lo), float(r.hi), int(r.n), r.description)
        for r in summary.itertuples(index=False)
    )


def write_run_report(
    trajectory: Trajectory,
    scenario: Scenario,
    folder: Path | str,
    *,
    fmt: str = "png",
    overrides: Mapping[str, Any] | None = None,
    command: str = "realpolitik run",
    save_trajectory: bool = True,
) -> RunReport:
    """Write a run's results: summary.csv/json, figures, the trajectory and index.html.

    Parameters
    ----------
    trajectory
        The :class:`~realpolitik.engine.Trajectory` of the run.
    scenario
        The :class:`~realpolitik.scenarios.Scenario` it ran (with any overrides applied).
    folder
        Existing output folder.
    fmt
        Figure format, ``"png"`` or ``"svg"``.
    overrides
        The ``--set`` overrides, recorded with the result.
    command
        The command line, shown in the page's footer.
    save_trajectory
        Also write the trajectory (``trajectory/``: data.nc, events.parquet, meta.json).

    Returns
    -------
    RunReport
        The folder, the page, the summary table and every file written.
    """
    folder = Path(folder)
    overrides = dict(overrides or {})
    summary = summary_table(trajectory)
    files = _write_data(trajectory, scenario, folder, summary, overrides, save_trajectory)
    images = _write_figures(trajectory, scenario, summary, folder, fmt, files)
    sections = _sections(trajectory, scenario, summary, images, overrides)
    meta = _page_meta(trajectory, scenario, command, overrides)
    title = f"realpolitik run: {scenario.title or scenario.name}"
    page = render_page(title, sections, intro=scenario.description, meta=meta)
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    files.append(index)
    return RunReport(folder=folder, index=index, summary=summary, files=files)


def _write_data(
    trajectory: Trajectory,
    scenario: Scenario,
    folder: Path,
    summary: Any,
    overrides: dict[str, Any],
    save_trajectory: bool,
) -> list[Path]:
    """Write summary.csv, summary.json, the scenario's text and the trajectory."""
    loaded = origin(scenario)
    files = [
        write_csv(
            folder / "summary.csv",
            ("metric", "value", "lo", "hi", "n", "description"),
            _summary_rows(summary),
        )
    ]
    record = {
        "scenario": scenario.name,
        "scenario_source": loaded.source if loaded else None,
        "scenario_sha256": loaded.sha256 if loaded else None,
        "runs": trajectory.runs,
        "years": trajectory.years,
        "states": list(scenario.state_names),
        "seed": trajectory.seed,
        "overrides": overrides,
        "realpolitik_version": __version__,
        "metrics": {
            r.metric: {"value": r.value, "lo": r.lo, "hi": r.hi, "n": int(r.n)}
            for r in summary.itertuples(index=False)
        },
    }
    files.append(write_json(folder / "summary.json", record))
    files.append(write_resolved_scenario(folder / "scenario.yaml", scenario, trajectory, overrides))
    if save_trajectory:
        files.append(trajectory.save(folder / "trajectory"))
    return files


def _write_figures(
    trajectory: Trajectory,
    scenario: Scenario,
    summary: Any,
    folder: Path,
    fmt: str,
    files: list[Path],
) -> dict[str, tuple[str, str, bytes | str]]:
    """Draw and save the three figures (appending to ``files``); return them for the page."""
    from realpolitik.report.figures import save_figure  # matplotlib: imported when drawing

    start = scenario.start_year
    builds = {
        "military": lambda: military_figure(trajectory, scenario.state_names, start_year=start),
        "war_timing": lambda: war_timing_figure(trajectory, start_year=start),
        "outcomes": lambda: outcome_figure(summary),
    }
    images: dict[str, tuple[str, str, bytes | str]] = {}
    for name, build in builds.items():
        path = save_figure(build(), folder, name, fmt)
        files.append(path)
        if fmt == "svg":
            images[name] = (f"Figure file: {path.name}", "image/svg+xml", path.read_text("utf-8"))
        else:
            images[name] = (f"Figure file: {path.name}", "image/png", path.read_bytes())
    return images


_LABEL_TEXT = (
    "Each war is labelled from the true types of its initiator and target: "
    "a security-dilemma war is a security seeker attacking a security seeker (nobody "
    "wanted it), a deterrence failure is a greedy state attacking, a justified preemption "
    "is a security seeker attacking a greedy state."
)


def _sections(
    trajectory: Trajectory,
    scenario: Scenario,
    summary: Any,
    images: Mapping[str, tuple[str, str, bytes | str]],
    overrides: Mapping[str, Any],
) -> list[Section]:
    """Return the page's sections: outcomes, military paths, war timing, the scenario."""
    metrics_table = Table(
        "Outcome metrics with 95% intervals",
        ("metric", "value", "95% lo", "95% hi", "n", "meaning"),
        _summary_rows(summary),
    )

    def figure(anchor: str, title: str, block: str, text: str, image: str) -> Section:
        blocks = [Block(title=block, summary=text, images=[images[image]])]
        return Section(anchor=anchor, title=title, blocks=blocks)

    return [
        Section(
            anchor="outcomes",
            title="Outcomes",
            blocks=[
                Block(title="Metrics", summary=_LABEL_TEXT, tables=[metrics_table]),
                Block(title="Kinds of war", images=[images["outcomes"]]),
            ],
        ),
        figure(
            "military",
            "Military paths",
            "Military by state",
            "The median over runs and the band from the 10th to the 90th percentile of each "
            "state's military capability.",
            "military",
        ),
        figure(
            "war-timing",
            "War timing",
            "When wars happen",
            "Left: the years in which wars broke out, over all runs. Right: the share of runs "
            "that have not yet had a war.",
            "war_timing",
        ),
        Section(
            anchor="scenario",
            title=f"Scenario: {scenario.name}",
            model=tuple(scenario.sources) or None,
            blocks=[
                Block(
                    title=scenario.title or scenario.name,
                    summary=scenario.description,
                    tables=scenario_tables(scenario, trajectory.params, overrides),
                )
            ],
        ),
    ]


def _page_meta(
    trajectory: Trajectory, scenario: Scenario, command: str, overrides: Mapping[str, Any]
) -> dict[str, str]:
    """Return the page footer's provenance: version, command, scenario hash, sizes, seed."""
    loaded = origin(scenario)
    meta = {
        "realpolitik": __version__,
        "command": command,
        "scenario": scenario.name + (f" (sha256 {loaded.sha256[:16]})" if loaded else ""),
        "runs x years x states": (
            f"{trajectory.runs:,} x {trajectory.years:,} x {trajectory.states}"
        ),
        "seed": str(trajectory.seed),
    }
    if overrides:
        meta["overrides"] = ", ".join(f"{k}={v}" for k, v in overrides.items())
    return meta

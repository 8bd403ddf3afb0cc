"""The report of one scenario run: summary table, figures and a self-contained HTML page.

Source: docs/cli.md ("Conventions": every command that makes a result writes it and a figure;
"Report": one self-contained HTML file per run) and its war labels ("The engine's world").
The numbers are :meth:`realpolitik.engine.Trajectory.metrics`; this module lays them out and
draws what the trajectory recorded (a figure never computes a model result).

The label shares (``share_security_dilemma_war``, ``share_deterrence_failure``,
``share_justified_preemption``: of all wars in all runs, the share with each label, with a 95%
interval that resamples whole runs) come from the Trajectory's metrics too.

The figures (``military``, ``war_timing``, ``outcomes``) are drawn by
:mod:`realpolitik.report.run_figures`, whose names this module also exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from realpolitik import __version__
from realpolitik._output import write_csv, write_json
from realpolitik.engine import Trajectory
from realpolitik.report.html import Block, Section, render_page
from realpolitik.report.run_figures import (
    LABEL_TITLES,
    MAX_PANELS,
    MAX_RUNS_DRAWN,
    military_figure,
    outcome_figure,
    report_figures,
    war_timing_figure,
)
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
    "report_figures",
    "summary_table",
    "war_timing_figure",
    "write_run_report",
]

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
    # the strategic engine's decision metrics (realpolitik.analysis.decisions)
    "share_cause_prevention": "share of wars that were preventive: fought now against a rival "
    "expected to grow stronger (Powell 2006)",
    "share_cause_preemption": "share of wars that were preemptive: a strike first out of fear "
    "of being struck (Schelling 1960)",
    "share_cause_hawk_bias": "share of wars that only the initiator's hawk bias made worth "
    "fighting",
    "share_cause_bargaining_failure": "share of wars from a resisted demand under private "
    "information (Fearon 1995)",
    "concessions_per_run": "mean number of crises per run in which the target gave in to a demand",
    "backed_down_per_run": "mean number of crises per run in which the challenger, resisted, "
    "backed down",
    "mean_transfer": "mean GDP moved from target to challenger by one concession (GDP units)",
    "initiator_win_share": "share of decided wars won by the state that started them",
    "share_misperceived": "share of wars that would not have been fought had the initiator "
    "seen true strengths",
    "share_mistrusted": "share of wars whose initiator distrusted a target that was in fact a "
    "security seeker",
    "wars_per_decade": "mean number of wars per run and decade",
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
    from realpolitik.report.figures import embed  # matplotlib: imported when drawing

    images: dict[str, tuple[str, str, bytes | str]] = {}
    for name, build in report_figures(trajectory, scenario, summary).items():
        path, images[name] = embed(build(), folder, name, fmt)
        files.append(path)
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

"""``realpolitik report TARGET``: one self-contained HTML report of a saved run or an experiment.

TARGET is either

- a saved run (the folder ``realpolitik run`` wrote, with ``trajectory/`` and
  ``scenario.yaml``): the run report is written again from the saved trajectory
  (:func:`realpolitik.report.run_report.write_run_report`), or
- an experiment's results folder (``experiment.json``, ``cells.parquet``, ``runs.parquet``):
  the experiment report (:func:`realpolitik.report.experiment_report.write_experiment_report`)
  with the per-cell table (``cells.csv``) and the effects (``effects.csv``) beside it.

The report goes to ``./realpolitik-output/report-<timestamp>/index.html`` unless ``--out`` is
given; the folder is checked before any work and nothing half-written is left behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from realpolitik.cli.common import FormatOption, OutOption, OverwriteOption, UserError, app

__all__ = ["RESULT_FILES", "report_command"]

RESULT_FILES = ("experiment.json", "cells.parquet", "runs.parquet")
"""The files of an experiment's results folder."""


def _kind(target: Path) -> str:
    """Return "run" or "experiment", or raise naming TARGET and what it lacks."""
    if not target.exists():
        raise UserError(
            f"TARGET = '{target}' does not exist; give a saved run folder "
            f"(realpolitik run) or an experiment's results folder"
        )
    if (
        target.is_dir()
        and (target / "trajectory").is_dir()
        and (target / "scenario.yaml").is_file()
    ):
        return "run"
    if target.is_dir() and all((target / f).is_file() for f in RESULT_FILES):
        return "experiment"
    raise UserError(
        f"TARGET = '{target}' is neither a saved run (a folder with trajectory/ and "
        f"scenario.yaml) nor an experiment's results folder ({', '.join(RESULT_FILES)})"
    )


def _run_report(target: Path, staging: Path, fmt: str, command: str) -> Any:
    from realpolitik.engine import Trajectory
    from realpolitik.report.run_report import write_run_report
    from realpolitik.scenarios import load_scenario

    trajectory = Trajectory.load(target / "trajectory")
    scenario = load_scenario(target / "scenario.yaml")
    return write_run_report(
        trajectory, scenario, staging, fmt=fmt, command=command, save_trajectory=False
    ).index


def _experiment_report(target: Path, staging: Path, command: str) -> Path:
    import pandas as pd

    from realpolitik.experiments.analysis import cell_table, effects
    from realpolitik.report.experiment_report import write_experiment_report

    try:
        experiment = json.loads((target / "experiment.json").read_text(encoding="utf-8"))
        cells = pd.read_parquet(target / "cells.parquet")
        runs = pd.read_parquet(target / "runs.parquet")
    except (OSError, ValueError) as err:
        raise UserError(f"TARGET = '{target}': cannot read the results ({err})") from None
    index = write_experiment_report(
        experiment, cells, runs, staging / "index.html", command=command
    )
    cell_table(runs, cells).to_csv(staging / "cells.csv", index=False)
    if len(set(cells["intervention"])) > 1 and "baseline" in set(cells["intervention"]):
        effects(runs, cells).to_csv(staging / "effects.csv", index=False)
    return index


@app.command("report")
def report_command(
    target: Annotated[
        Path,
        typer.Argument(
            help="A saved run folder, or an experiment's results folder.", show_default=False
        ),
    ],
    out: OutOption = None,
    overwrite: OverwriteOption = False,
    fmt: FormatOption = "png",
) -> None:
    """Write one self-contained HTML report of a saved run or an experiment's results.

    For a run saved by `realpolitik run`: its summary, figures and sources again, from the
    saved trajectory. For an experiment's results: the setup, each cell's metrics with 95%
    intervals (the run as the unit), each intervention's effect against the baseline, Sobol
    indices for a Sobol design, the figures, a reading made from the numbers, and the sources
    of every model and method used. Figures are embedded: the page needs nothing else.
    """
    from realpolitik import lab

    kind = _kind(target)
    folder = lab.open_output("report", out, overwrite=overwrite)
    command = f"realpolitik report {target}"
    with folder:
        if kind == "run":
            staged = _run_report(target, folder.staging, fmt, command)
        else:
            staged = _experiment_report(target, folder.staging, command)
        written = folder.commit()
    typer.echo(f"wrote {folder.final(staged)}")
    for path in written:
        typer.echo(f"  {path}")

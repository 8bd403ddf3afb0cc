"""``realpolitik experiments``, ``sweep``, ``results``: the policy lab on the command line.

``experiments`` lists the bundled experiments; ``sweep EXPERIMENT --store FILE`` runs the
chunks the store lacks (resuming an interrupted sweep) on this process, local processes or a
Dask cluster; ``results STORE`` prints or writes the per-cell table with 95% intervals
(docs/experiments.md). The experiments package is imported inside the commands, so that
``realpolitik --help`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from realpolitik.cli.common import (
    UserError,
    _console,
    app,
    integer_parser,
    interrupted,
)

__all__ = [
    "compare_command",
    "experiments_command",
    "results_command",
    "saved_run_outcomes",
    "sweep_command",
]


@app.command("experiments")
def experiments_command() -> None:
    """List the bundled experiments: name, cells, runs per cell and the question each asks.

    Any of them (or a path to your own experiment .yaml file) works with `realpolitik sweep`.
    """
    from rich.table import Table
    from rich.text import Text

    from realpolitik.experiments.design import design_points
    from realpolitik.experiments.schema import bundled_experiments, load_experiment

    names = bundled_experiments()
    if not names:
        typer.echo(
            "no experiments are bundled with this version; write your own file "
            "(docs/experiments.md) and run `realpolitik sweep FILE --store FILE`"
        )
        return
    table = Table(
        title=Text("Bundled experiments (realpolitik sweep NAME --store FILE)"),
        title_justify="left",
    )
    table.add_column("name", no_wrap=True)
    table.add_column("interventions x design", justify="right")
    table.add_column("runs per cell", justify="right")
    table.add_column("question", overflow="fold")
    for name in names:
        exp = load_experiment(name)
        kind = "1 point" if exp.design is None else exp.design.kind
        cells = len(exp.interventions) * len(design_points(exp))
        design = f"{len(exp.interventions)} x {kind} = {cells:,} cells"
        table.add_row(Text(name), design, f"{exp.runs:,}", Text(exp.title))
    _console().print(table)


ExecutorOption = Annotated[
    str,
    typer.Option(
        "--executor",
        help="Where chunks run: serial, processes or dask (results do not depend on it).",
    ),
]
StoreOption = Annotated[
    Path,
    typer.Option(
        "--store",
        help="The results store (a DuckDB file): created if absent, "
        "resumed if it holds this experiment's finished chunks.",
        dir_okay=False,
    ),
]


@app.command("sweep")
def sweep_command(
    experiment: Annotated[
        str,
        typer.Argument(
            help="A bundled experiment's name or a .yaml file.",
            metavar="EXPERIMENT",
            show_default=False,
        ),
    ],
    store: StoreOption,
    executor: ExecutorOption = "serial",
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            help="Local processes or Dask workers of a LocalCluster.",
            parser=integer_parser("integers >= 1"),
        ),
    ] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Address of a running Dask scheduler (tcp://host:8786); with --executor dask.",
        ),
    ] = None,
) -> None:
    """Run an experiment's cells into a results store, resuming from the chunks it lacks.

    Checks the experiment (every intervention, key and value, in every cell) and the store
    before anything runs. Each chunk's runs are written in one transaction as it finishes, so
    an interrupted sweep (Ctrl-C, a crash, kill -9) keeps every finished chunk and never a
    part of one; running the same command again runs only the missing chunks. Results are
    the same bit for bit whichever executor and however many workers ran them. A store made
    for another experiment, a corrupt store or a file that is not a store is refused and left
    as it is. `realpolitik results STORE` prints the per-cell table.
    """
    from realpolitik.cli.progress import RunProgress
    from realpolitik.experiments.design import build_sweep
    from realpolitik.experiments.schema import load_experiment
    from realpolitik.experiments.store import StoreError
    from realpolitik.experiments.sweep import EXECUTORS, run_sweep

    if executor not in EXECUTORS:
        raise UserError(
            f"--executor: {executor!r} is not allowed; choose one of {', '.join(EXECUTORS)}"
        )
    if workers < 1:
        raise UserError(f"--workers: {workers} is out of range; allowed: integers >= 1")
    if scheduler is not None and executor != "dask":
        raise UserError(f"--scheduler {scheduler} needs --executor dask")
    sweep = build_sweep(load_experiment(experiment))
    label = (
        f"{sweep.experiment.name}: {len(sweep.cells):,} cells x {sweep.runs:,} runs x "
        f"{sweep.years:,} years"
    )
    bar = RunProgress(sweep.experiment.name, len(sweep.cells) * sweep.runs, detail=label)
    try:
        with bar:
            result = run_sweep(
                sweep,
                store,
                executor=executor,
                workers=workers,
                scheduler=scheduler,
                progress=bar.update,
            )
    except StoreError as err:
        raise UserError(f"--store: {err}") from None
    except KeyboardInterrupt:
        raise interrupted(
            f"interrupted; {store} keeps every finished chunk: run the same command again to resume"
        ) from None
    typer.echo(
        f"{label}: ran {result.ran:,} chunks ({result.runs:,} runs) in {result.seconds:.1f} s"
        + (f", {result.skipped:,} were already in the store" if result.skipped else "")
    )
    typer.echo(f"store: {store} (realpolitik results {store})")


_FORMATS = ("table", "csv", "parquet")


def _results_table(store: Path) -> tuple[Any, list[str]]:
    from realpolitik.experiments.analysis import cell_table
    from realpolitik.experiments.results import read_results
    from realpolitik.experiments.store import StoreError

    try:
        res = read_results(store)
    except StoreError as err:
        raise UserError(f"STORE: {err}") from None
    if not res.complete:
        sys.stderr.write(
            f"realpolitik: {store} holds {res.chunks_done:,} of {res.chunks:,} chunks; the "
            "table covers the finished ones (run the sweep again to finish)\n"
        )
    return cell_table(res.runs, res.cells), res.factors


@app.command("results")
def results_command(
    store: Annotated[
        Path,
        typer.Argument(
            help="A results store written by realpolitik sweep.",
            metavar="STORE",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="table (printed), csv (standard output, "
            "or cells.csv in --out) or parquet (an experiment results folder in --out: "
            "cells.parquet, runs.parquet, experiment.json; realpolitik report reads it).",
        ),
    ] = "table",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder to write the files into (created if needed).", file_okay=False
        ),
    ] = None,
) -> None:
    """Print or write each cell's outcome metrics with 95% intervals (the run as the unit).

    One row per cell (intervention x design point): the share of runs with a war, wars per
    run, security-dilemma wars, deterrence failures, justified preemptions, the defence
    burden, the share of runs with an arms race and the time to the first war, each with its
    95% interval. `--format csv` without --out writes the table to standard output with no
    timestamp, so two stores of the same experiment and seed give identical text (`diff`).
    """
    if fmt not in _FORMATS:
        raise UserError(f"--format: {fmt!r} is not allowed; choose one of {', '.join(_FORMATS)}")
    if fmt == "parquet" and out is None:
        raise UserError("--format parquet writes files: give --out DIR")
    table, factors = _results_table(store)
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise UserError(f"--out: cannot create {out}: {err.strerror or err}") from None
    if fmt == "csv":
        text = table.to_csv(index=False, float_format="%.10g", lineterminator="\n")
        if out is None:
            sys.stdout.write(text)
            return
        (out / "cells.csv").write_text(text)
        typer.echo(f"wrote {out / 'cells.csv'}")
        return
    if fmt == "parquet":
        assert out is not None
        _write_results_folder(store, out, table)
        typer.echo(f"wrote {out}/: experiment.json, cells.parquet, runs.parquet, cells.csv "
                   f"(realpolitik report {out} makes the HTML report)")  # fmt: skip
        return
    _console().print(_rich_table(table, factors, store))


def _write_results_folder(store: Path, out: Path, table: Any) -> None:
    """Write an experiment's results folder (what ``realpolitik report`` reads)."""
    import json

    from realpolitik.experiments.results import read_results

    res = read_results(store)
    res.cells.to_parquet(out / "cells.parquet", index=False)
    res.runs.to_parquet(out / "runs.parquet", index=False)
    (out / "experiment.json").write_text(json.dumps(res.experiment, indent=1), encoding="utf-8")
    table.to_csv(out / "cells.csv", index=False, float_format="%.10g", lineterminator="\n")


def _rich_table(table: Any, factors: list[str], store: Path) -> Any:
    import math

    from rich.table import Table
    from rich.text import Text

    from realpolitik.report import tour

    shown = ("p_any_war", "wars_per_run", "sd_wars_per_run", "arms_race_share")
    out = Table(
        title=Text(
            f"{store}: per-cell metrics, 95% intervals (all metrics: --format "
            "csv; the metrics: docs/experiments.md)"
        ),
        title_justify="left",
    )
    for col in ("cell", "intervention", *factors, "runs"):
        out.add_column(col, justify="right" if col != "intervention" else "left")
    for metric in shown:
        out.add_column(metric, justify="right")
    for row in table.to_dict("records"):
        cells = [
            str(row["cell"]),
            row["intervention"],
            *(tour.fmt(row[f]) if isinstance(row[f], float) else str(row[f]) for f in factors),
            f"{row['runs']:,}",
        ]
        for metric in shown:
            v, lo, hi = row[metric], row[f"{metric}_lo"], row[f"{metric}_hi"]
            cells.append(
                "-" if math.isnan(v) else f"{tour.fmt(v)} [{tour.fmt(lo)}, {tour.fmt(hi)}]"
            )
        out.add_row(*cells)
    return out


def saved_run_outcomes(folder: Path) -> Any:
    """Return a saved run's per-run outcomes (``realpolitik run`` output) as a DataFrame.

    Parameters
    ----------
    folder
        The run's output folder (holding ``trajectory/``) or its trajectory folder.

    Returns
    -------
    pandas.DataFrame
        :data:`~realpolitik.experiments.analysis.RUN_COLUMNS`, one row per run.

    Raises
    ------
    UserError
        For a folder that is no saved run, or one saved without per-run outcomes.
    """
    from realpolitik.engine import storage
    from realpolitik.experiments.analysis import run_table

    path = folder / "trajectory" if (folder / "trajectory").is_dir() else folder
    try:
        path = storage.check_files(path)
        _, meta = storage.read_meta(path)
    except (OSError, ValueError) as err:
        raise UserError(f"{folder}: not a saved run of realpolitik run ({err})") from None
    if not (path / storage.STORE).is_dir():
        raise UserError(
            f"{folder}: this run was saved without per-run outcomes (a trajectory "
            "of an older format or --save none); run it again with realpolitik run"
        )
    try:
        return run_table(storage.stored_outcomes(storage.open_store(path, meta)))
    except (OSError, KeyError, ValueError) as err:
        raise UserError(f"{folder}: cannot read its per-run outcomes ({err})") from None


@app.command("compare")
def compare_command(
    run_a: Annotated[
        Path,
        typer.Argument(
            help="A run's output folder (realpolitik run).", metavar="RUN_A", show_default=False
        ),
    ],
    run_b: Annotated[
        Path,
        typer.Argument(help="Another run's output folder.", metavar="RUN_B", show_default=False),
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="table (printed) or csv (standard output).")
    ] = "table",
) -> None:
    """Compare two saved runs: every outcome metric of each, B - A, and its 95% interval.

    The runs of each are independent replications, so the interval of a difference of shares
    is Newcombe's (1998) hybrid score interval and that of a difference of means Welch's
    normal interval (the run as the unit). A difference whose interval excludes 0 is marked.
    """
    import pandas as pd

    from realpolitik.experiments.analysis import CELL_METRICS, effects

    if fmt not in ("table", "csv"):
        raise UserError(f"--format: {fmt!r} is not allowed; choose one of table, csv")
    frames = [saved_run_outcomes(run_a).assign(cell=0), saved_run_outcomes(run_b).assign(cell=1)]
    cells = pd.DataFrame({"cell": [0, 1], "intervention": ["A", "B"]})
    table = effects(pd.concat(frames, ignore_index=True), cells, baseline="A")
    table = table.drop(columns=["intervention"]).rename(
        columns={"baseline": "a", "value": "b", "effect": "b_minus_a"}
    )
    if fmt == "csv":
        sys.stdout.write(table.to_csv(index=False, float_format="%.10g", lineterminator="\n"))
        return
    from rich.table import Table
    from rich.text import Text

    from realpolitik.report import tour

    out = Table(
        title=Text(
            f"B - A: {run_b} minus {run_a} ({len(frames[1]):,} and "
            f"{len(frames[0]):,} runs), 95% intervals"
        ),
        title_justify="left",
    )
    for col in ("metric (what it means)", "A", "B", "B - A", "95% interval"):
        out.add_column(col, justify="left" if col.startswith("metric") else "right")
    for row in table.to_dict("records"):
        mark = " *" if row["significant"] else ""
        name = Text(row["metric"])
        name.append(f"\n{CELL_METRICS[row['metric']][2]}", style="dim")
        out.add_row(
            name,
            tour.fmt(row["a"]),
            tour.fmt(row["b"]),
            tour.fmt(row["b_minus_a"]) + mark,
            f"[{tour.fmt(row['lo'])}, {tour.fmt(row['hi'])}]",
        )
    _console().print(out)
    typer.echo("* the 95% interval of B - A excludes 0")

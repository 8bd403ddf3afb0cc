"""``realpolitik run``, ``scenarios`` and ``demo``: simulate a scenario and report on it.

Thin wrappers over :mod:`realpolitik.lab`, which prepares, runs and writes a scenario run: the
commands parse options, show the progress bar and print. The lab (and with it the engine) is
imported inside the commands, so that ``realpolitik --help`` and the theory commands start
fast.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from realpolitik.cli.common import (
    FormatOption,
    OutOption,
    UserError,
    _console,
    app,
)
from realpolitik.report import tour
from realpolitik.report.tour import tour_page as _demo_page

if TYPE_CHECKING:
    from realpolitik.engine import Trajectory
    from realpolitik.lab import PreparedRun
    from realpolitik.report.run_report import RunReport


def _check_workers(value: int) -> int:
    if value < 1:
        raise typer.BadParameter(f"{value} is not allowed; allowed: integers >= 1")
    return value


RunsOption = Annotated[
    int | None,
    typer.Option("--runs", help="Independent runs (1..10,000,000); default: the scenario's."),
]
YearsOption = Annotated[
    int | None,
    typer.Option("--years", help="Simulated years T (1..10,000); default: the scenario's."),
]
SeedOption = Annotated[
    int | None, typer.Option("--seed", help="Root seed (>= 0); default: the scenario's.")
]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        help="Local processes (results do not depend on it).",
        callback=_check_workers,
    ),
]


def _prepare(
    scenario: str, sets: Sequence[str], runs: int | None, years: int | None, seed: int | None
) -> PreparedRun:
    """Prepare a run with the lab; name the option of a bad --runs, --years or --seed."""
    from realpolitik import lab

    try:
        return lab.prepare_run(scenario, overrides=list(sets), runs=runs, years=years, seed=seed)
    except lab.ScenarioError as err:
        given = {("runs",): runs, ("years",): years, ("seed",): seed}
        if err.file is None and given.get(err.loc or ()) is not None:
            raise UserError(f"--{err.field}: {err.message}") from None
        raise


def _command_line(
    head: str, runs: int | None, years: int | None, seed: int | None, sets: Sequence[str] = ()
) -> str:
    """Return the command as the user typed it (shown in the page's footer)."""
    parts = [head]
    for name, value in (("--runs", runs), ("--years", years), ("--seed", seed)):
        if value is not None:
            parts.append(f"{name} {value}")
    parts.extend(f"--set {s}" for s in sets)
    return " ".join(parts)


def _execute_with_progress(prepared: PreparedRun, workers: int) -> Trajectory:
    """Run a prepared run under a rich progress bar (runs done of all runs)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from realpolitik import lab

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=_console(), transient=True) as bar:
        task = bar.add_task(prepared.label, total=prepared.runs)

        def progress(done: int, all_runs: int) -> None:
            bar.update(task, completed=done, total=all_runs)

        return lab.execute(prepared, workers=workers, progress=progress)


def _print_summary(summary: Any, title: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from realpolitik.report.run_report import LABEL_TITLES

    table = Table(title=Text(title), title_justify="left")
    for col in ("metric", "value", "95% interval", "n"):
        table.add_column(col, justify="left" if col == "metric" else "right")
    for row in summary.itertuples(index=False):
        name = row.metric
        label = name.removeprefix("share_")
        if label in LABEL_TITLES:
            name = f"share: {LABEL_TITLES[label]}"
        interval = (
            "-" if math.isnan(row.lo) else f"[{tour.fmt(float(row.lo))}, {tour.fmt(float(row.hi))}]"
        )
        table.add_row(Text(name), Text(tour.fmt(float(row.value))), Text(interval), str(row.n))
    _console().print(table)


def _run_and_report(
    prepared: PreparedRun,
    *,
    workers: int,
    command: str,
    folder_name: str,
    out: Path | None,
    fmt: str,
) -> RunReport:
    """Make the output folder, run with a progress bar, write the outputs, print the summary."""
    from realpolitik import lab
    from realpolitik._output import output_dir

    folder = output_dir(folder_name, out)
    trajectory = _execute_with_progress(prepared, workers)
    report = lab.write_outputs(prepared, trajectory, folder, fmt=fmt, command=command)
    _print_summary(
        report.summary,
        f"{prepared.scenario.name}: {trajectory.runs:,} runs x {trajectory.years:,} years, "
        f"seed {trajectory.seed}",
    )
    typer.echo(f"wrote {len(report.files)} files to {folder}")
    for path in report.files:
        typer.echo(f"  {path}")
    return report


@app.command("run")
def run_command(
    scenario: Annotated[
        str,
        typer.Argument(
            help="A bundled scenario (see `realpolitik scenarios`) or a path to a .yaml file.",
            metavar="SCENARIO",
            show_default=False,
        ),
    ],
    runs: RunsOption = None,
    years: YearsOption = None,
    seed: SeedOption = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help=(
                "Override an engine key for every state, e.g. --set transparency=0.5 or "
                "--set hawkishness=[0,0.5] (repeatable; keys: docs/mechanisms.md)."
            ),
        ),
    ] = None,
    workers: WorkersOption = 1,
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Simulate a scenario and write its summary, figures, trajectory and HTML page.

    Runs the engine (DESIGN.md) on the scenario's states, parameters and scheduled events with
    a progress bar, then prints the outcome metrics with 95% intervals (share of runs with a
    war, wars per run, arms races (Diehl 1983), burden, time to the first war) and the shares
    of security-dilemma wars, deterrence failures and justified preemptions. Writes
    summary.csv and summary.json, figures (military paths with 10-90% bands, war timing,
    outcome shares), the saved trajectory (trajectory/: data.nc, events.parquet, meta.json)
    and index.html. Results depend only on the scenario, --runs and --seed.
    """
    prepared = _prepare(scenario, set_ or [], runs, years, seed)
    _run_and_report(
        prepared,
        workers=workers,
        command=_command_line(f"realpolitik run {scenario}", runs, years, seed, set_ or []),
        folder_name=f"run-{prepared.scenario.name}",
        out=out,
        fmt=fmt,
    )


@app.command("scenarios")
def scenarios_command() -> None:
    """List the bundled scenarios: name, states, runs x years, and what each shows.

    Any of them (or a path to your own .yaml file) works with `realpolitik run`.
    """
    from rich.table import Table
    from rich.text import Text

    from realpolitik import lab

    table = Table(title=Text("Bundled scenarios (realpolitik run NAME)"), title_justify="left")
    table.add_column("name", no_wrap=True)
    table.add_column("states", justify="right")
    table.add_column("runs x years", justify="right")
    table.add_column("what it shows", overflow="fold")
    for info in lab.list_scenarios():
        table.add_row(
            Text(info.name), str(info.states), f"{info.runs:,} x {info.years:,}", Text(info.title)
        )
    _console().print(table)


@app.command("demo")
def demo_command(
    theory: Annotated[
        bool,
        typer.Option(
            "--theory",
            help="Run the theory tour of the formal models instead of the flagship scenario.",
        ),
    ] = False,
    runs: RunsOption = None,
    years: YearsOption = None,
    seed: SeedOption = None,
    workers: WorkersOption = 1,
    out: OutOption = None,
    fmt: FormatOption = "png",
) -> None:
    """Run the flagship scenario end to end and write its self-contained HTML page.

    Without options: the flagship scenario multipolar-offense (eight powers, offense dominant,
    chain-ganging alliances; 1000 runs x 100 years), its summary table, figures, saved
    trajectory and index.html (--runs/--years make it smaller or larger). With --theory: the
    theory tour instead: every model of MODELS.md (Richardson incl. the 1909-1913 fit, Jervis,
    Kydd, Fearon, nuclear deterrence, Lanchester / Hirshleifer, the noisy repeated game,
    alliances, audience costs) on the classic inputs of MODELS.md section 11, written as
    index.html (figures embedded, sources cited), results.json and the figure files.
    """
    if not theory:
        from realpolitik.lab import FLAGSHIP

        prepared = _prepare(FLAGSHIP, [], runs, years, seed)
        _run_and_report(
            prepared,
            workers=workers,
            command=_command_line("realpolitik demo", runs, years, seed),
            folder_name="demo",
            out=out,
            fmt=fmt,
        )
        return
    from rich.table import Table
    from rich.text import Text

    from realpolitik._output import output_dir

    items = tour.classic_tour()
    folder = output_dir("demo", out)
    index = _demo_page(items, folder, fmt)
    console = _console()
    summary = Table(title=Text("realpolitik demo: the theory tour"), title_justify="left")
    summary.add_column("model")
    summary.add_column("result", overflow="fold")
    for item in items:
        summary.add_row(Text(item.title), Text(item.summary))
    console.print(summary)
    typer.echo(f"wrote {index}")

"""``realpolitik run``, ``scenarios`` and ``demo``: simulate a scenario and report on it.

Thin wrappers over :mod:`realpolitik.lab`, which prepares, runs and writes a scenario run: the
commands parse options, show the progress bar and print. The lab (and with it the engine) is
imported inside the commands, so that ``realpolitik --help`` and the theory commands start
fast.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from realpolitik.cli.common import (
    FormatOption,
    OutOption,
    OverwriteOption,
    RunsOption,
    SaveOption,
    ScenarioArgument,
    SeedOption,
    SetOption,
    StrideOption,
    UserError,
    WorkersOption,
    YearsOption,
    _console,
    app,
    command_line,
    interrupted,
    prepare,
)
from realpolitik.report import tour
from realpolitik.report.tour import tour_page as _demo_page

if TYPE_CHECKING:
    from realpolitik.lab import PreparedRun, RunResult


def summary_table(summary: Any, title: str) -> Any:
    """Return the outcome metrics as a rich table: each metric, what it means, its interval.

    Each row names the metric as in summary.csv and says under it, in words, what it measures
    (``time_to_first_war_censored``: the share of runs without a war by the horizon), so the
    table reads without the HTML page and fits 80 columns.

    Parameters
    ----------
    summary
        The summary table of :func:`realpolitik.report.run_report.summary_table`.
    title
        The table's title.

    Returns
    -------
    rich.table.Table
        Columns: metric (and meaning), value, 95% interval, n.
    """
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), title_justify="left")
    table.add_column("metric (what it means)", ratio=1, min_width=24)
    for col in ("value", "95% interval", "n"):
        table.add_column(col, justify="right", no_wrap=True)
    for row in summary.itertuples(index=False):
        interval = (
            "-" if math.isnan(row.lo) else f"[{tour.fmt(float(row.lo))}, {tour.fmt(float(row.hi))}]"
        )
        name = Text(row.metric)
        if row.description:
            name.append(f"\n{row.description}", style="dim")
        table.add_row(name, Text(tour.fmt(float(row.value))), Text(interval), f"{row.n:,}")
    return table


def _run_and_report(
    prepared: PreparedRun,
    *,
    workers: int,
    command: str,
    folder_name: str,
    out: Path | None,
    overwrite: bool,
    fmt: str,
    save: str = "full",
    stride: int = 1,
) -> RunResult:
    """Check the output folder, run with progress, write the outputs, print the summary.

    The folder is created and proven writable before the simulation starts; Ctrl-C stops the
    workers, prints one line and leaves no folder behind (exit code 130).
    """
    from realpolitik import lab
    from realpolitik.cli.progress import RunProgress

    folder = lab.open_output(folder_name, out, overwrite=overwrite)
    progress = RunProgress(prepared.scenario.name, prepared.runs, detail=prepared.label)
    try:
        with progress:
            result = lab.run_to_folder(
                prepared, folder, workers=workers, progress=progress.update, fmt=fmt,
                command=command, save=save, stride=stride,
            )  # fmt: skip
    except lab.Interrupted as stop:
        raise interrupted(f"{stop} of {prepared.label}; nothing was written") from None
    except KeyboardInterrupt:
        raise interrupted("interrupted while writing the results; nothing was kept") from None
    trajectory, report = result.trajectory, result.report
    title = (
        f"{prepared.scenario.name}: {trajectory.runs:,} runs x {trajectory.years:,} years, "
        f"seed {trajectory.seed} (simulated in {progress.simulated():.1f} s)"
    )
    _console().print(summary_table(report.summary, title))
    typer.echo(f"wrote {len(report.files)} files to {report.folder}")
    for path in report.files:
        typer.echo(f"  {path}")
    return result


@app.command("run")
def run_command(
    scenario: ScenarioArgument,
    runs: RunsOption = None,
    years: YearsOption = None,
    seed: SeedOption = None,
    set_: SetOption = None,
    workers: WorkersOption = 1,
    out: OutOption = None,
    overwrite: OverwriteOption = False,
    fmt: FormatOption = "png",
    save: SaveOption = "full",
    stride: StrideOption = 1,
) -> None:
    """Simulate a scenario and write its summary, figures, trajectory and HTML page.

    Checks the scenario, the options and the output folder first (`realpolitik check SCENARIO`
    shows what will run without running it), then runs the engine on the scenario's states,
    parameters and scheduled events with a progress bar on stderr (with the time left; in a
    log, one line per tenth of the runs), and prints the outcome metrics with 95% intervals and
    what each means (share of runs with a war, wars per run, arms races (Diehl 1983), burden,
    time to the first war, the shares of security-dilemma wars, deterrence failures and
    justified preemptions). Writes summary.csv and summary.json, figures (military paths with
    10-90% bands, war timing, outcome shares), the saved trajectory (trajectory/), the
    scenario as run (scenario.yaml, overrides applied: `realpolitik run scenario.yaml` repeats
    the run) and index.html. Results depend only on the scenario, --set, --runs and --seed.
    Ctrl-C stops the run and keeps nothing (exit code 130). The run is streamed chunk by chunk
    into trajectory/ (a compressed Zarr store of float32 values, per-run outcomes and
    events.parquet; `Trajectory.load` opens it lazily), so memory stays bounded whatever
    --runs; --save summary keeps only the per-run outcomes, --save none nothing, and --stride k
    records every k-th year. SCENARIO may also name a historical crisis model (cuba1962: the
    Cuban missile crisis day by day, docs/history.md), which takes --runs and --seed and writes
    its outcome table (outcomes.csv, result.json).
    """
    from realpolitik.history.cases import CRISES

    if scenario in CRISES:
        _run_crisis(scenario, runs, seed, years, set_ or [], out, overwrite)
        return
    prepared = prepare(scenario, set_ or [], runs, years, seed, streamed=True)
    _run_and_report(
        prepared,
        workers=workers,
        command=command_line(f"realpolitik run {scenario}", runs, years, seed, set_ or []),
        folder_name=f"run-{prepared.scenario.name}",
        out=out,
        overwrite=overwrite,
        fmt=fmt,
        save=save,
        stride=stride,
    )


def _run_crisis(
    name: str,
    runs: int | None,
    seed: int | None,
    years: int | None,
    sets: list[str],
    out: Path | None,
    overwrite: bool,
) -> None:
    """Play a historical crisis model (docs/history.md): print and write its outcome table."""
    from realpolitik._output import write_csv, write_json
    from realpolitik.cli.fit import print_table, write_results
    from realpolitik.history import HistoryError
    from realpolitik.history.cases import crisis_outcomes

    if years is not None or sets:
        option = "--years" if years is not None else "--set"
        raise UserError(f"{option}: {name} is a crisis model played day by day; it takes --runs "
                        "and --seed only")  # fmt: skip
    try:
        table = crisis_outcomes(name, runs, seed)
    except HistoryError as err:
        option = "--seed" if str(err).startswith("seed") else "--runs"
        raise UserError(f"{option}: {err}") from None
    rows = [(o.name, o.probability, o.low, o.high, o.runs) for o in table]
    columns = ["outcome", "probability", "low", "high", "runs"]
    print_table(f"{name}: simulated outcomes (95% intervals)", columns, rows)
    command = command_line(f"realpolitik run {name}", runs, None, seed)

    def writers(folder: Path) -> list[Path]:
        result = {
            "command": command,
            "outcomes": [dict(zip(columns, r, strict=True)) for r in rows],
        }
        return [write_csv(folder / "outcomes.csv", columns, rows),
                write_json(folder / "result.json", result)]  # fmt: skip

    write_results(f"run-{name}", out, overwrite, writers)


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
    from realpolitik.history.cases import CRISES

    _console().print(
        Text(
            "Historical crisis models, played day by day (realpolitik run NAME; "
            f"docs/history.md): {', '.join(CRISES)}"
        )
    )


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
    overwrite: OverwriteOption = False,
    fmt: FormatOption = "png",
) -> None:
    """Run the flagship scenario end to end and write its self-contained HTML page.

    Without options: the flagship scenario multipolar-offense (eight powers, offense dominant,
    chain-ganging alliances, on the strategic engine; 1000 runs x 100 years), its summary
    table, figures, saved trajectory and index.html, in ./realpolitik-output/demo-<timestamp>/
    (--runs/--years make it smaller or larger). With --theory: the theory tour instead, in
    ./realpolitik-output/tour-<timestamp>/: every formal model (Richardson incl. the 1909-1913
    fit, Jervis, Kydd, Fearon, nuclear deterrence, Lanchester / Hirshleifer, the noisy repeated
    game, alliances, audience costs) on its classic inputs, written as index.html (figures
    embedded, sources cited), results.json and the figure files.
    """
    if not theory:
        from realpolitik.lab import FLAGSHIP

        prepared = prepare(FLAGSHIP, [], runs, years, seed, streamed=True)
        _run_and_report(
            prepared,
            workers=workers,
            command=command_line("realpolitik demo", runs, years, seed),
            folder_name="demo",
            out=out,
            overwrite=overwrite,
            fmt=fmt,
        )
        return
    _theory_tour(out, overwrite, fmt)


def _theory_tour(out: Path | None, overwrite: bool, fmt: str) -> None:
    """Write the theory tour's page into a checked folder and print what each model found."""
    from rich.table import Table
    from rich.text import Text

    from realpolitik._output import OutputFolder

    with OutputFolder.open("tour", out, overwrite=overwrite) as folder:
        items = tour.classic_tour()
        index = folder.final(_demo_page(items, folder.staging, fmt))
        folder.commit()
    summary = Table(title=Text("realpolitik demo: the theory tour"), title_justify="left")
    summary.add_column("model")
    summary.add_column("result", overflow="fold")
    for item in items:
        summary.add_row(Text(item.title), Text(item.summary))
    _console().print(summary)
    typer.echo(f"wrote {index}")

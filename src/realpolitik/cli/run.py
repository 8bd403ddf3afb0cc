"""``realpolitik run``, ``scenarios`` and ``demo``: simulate a scenario and report on it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

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


def _prepare_run(
    scenario_name: str,
    runs: int | None,
    years: int | None,
    seed: int | None,
    sets: Sequence[str],
) -> tuple[Any, dict[str, Any]]:
    """Load, override and check a scenario, so that bad input fails before any work."""
    from realpolitik.scenarios import compile as scenario_compile
    from realpolitik.scenarios import load_scenario

    scenario = load_scenario(scenario_name)
    overrides: dict[str, Any] = {}
    for text in sets:
        key, value = scenario_compile.parse_override(text)
        overrides[key] = value
    scenario = scenario_compile.with_overrides(scenario, overrides)
    for option, name, value in (("--runs", "runs", runs), ("--years", "years", years),
                                ("--seed", "seed", seed)):  # fmt: skip
        try:
            scenario_compile.check_size(name, value)
        except ValueError as exc:
            raise UserError(f"{option}: {getattr(exc, 'message', exc)}") from None
    scenario_compile.check_run(scenario, runs=runs, years=years)
    return scenario, overrides


def _simulate_with_progress(
    scenario: Any, runs: int | None, years: int | None, seed: int | None, workers: int
) -> Any:
    """Run a scenario under a rich progress bar (a spinner where the engine gives no counts)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from realpolitik.scenarios import run_scenario

    total = scenario.runs if runs is None else runs
    t_years = scenario.years if years is None else years
    label = f"{scenario.name}: {total:,} runs x {t_years:,} years x {scenario.n_states} states"
    console = _console()
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)

        def progress(done: int, all_runs: int) -> None:
            bar.update(task, completed=done, total=all_runs)

        return run_scenario(
            scenario, runs=runs, years=years, seed=seed, workers=workers, progress=progress
        )


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
    scenario: Any,
    overrides: dict[str, Any],
    *,
    runs: int | None,
    years: int | None,
    seed: int | None,
    workers: int,
    command: str,
    folder_name: str,
    out: Path | None,
    fmt: str,
) -> Any:
    from realpolitik._output import output_dir
    from realpolitik.report.run_report import write_run_report

    folder = output_dir(folder_name, out)
    trajectory = _simulate_with_progress(scenario, runs, years, seed, workers)
    report = write_run_report(
        trajectory, scenario, folder, fmt=fmt, overrides=overrides, command=command
    )
    _print_summary(
        report.summary,
        f"{scenario.name}: {trajectory.runs:,} runs x {trajectory.years:,} years, "
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
    scenario_obj, overrides = _prepare_run(scenario, runs, years, seed, set_ or [])
    parts = ["realpolitik run", scenario]
    for name, value in (("--runs", runs), ("--years", years), ("--seed", seed)):
        if value is not None:
            parts.append(f"{name} {value}")
    parts.extend(f"--set {s}" for s in set_ or [])
    _run_and_report(
        scenario_obj,
        overrides,
        runs=runs,
        years=years,
        seed=seed,
        workers=workers,
        command=" ".join(parts),
        folder_name=f"run-{scenario_obj.name}",
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

    from realpolitik.scenarios import bundled_scenarios, load_scenario

    table = Table(title=Text("Bundled scenarios (realpolitik run NAME)"), title_justify="left")
    table.add_column("name", no_wrap=True)
    table.add_column("states", justify="right")
    table.add_column("runs x years", justify="right")
    table.add_column("what it shows", overflow="fold")
    for name in bundled_scenarios():
        sc = load_scenario(name)
        table.add_row(
            Text(name),
            str(sc.n_states),
            f"{sc.runs:,} x {sc.years:,}",
            Text(sc.title or sc.description.split(". ")[0]),
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
        from realpolitik.scenarios import FLAGSHIP

        scenario, overrides = _prepare_run(FLAGSHIP, runs, years, seed, [])
        parts = ["realpolitik demo"]
        for name, value in (("--runs", runs), ("--years", years), ("--seed", seed)):
            if value is not None:
                parts.append(f"{name} {value}")
        _run_and_report(
            scenario,
            overrides,
            runs=runs,
            years=years,
            seed=seed,
            workers=workers,
            command=" ".join(parts),
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


# ---------------------------------------------------------------------------------------------

"""``realpolitik check`` and ``realpolitik keys``: look before you run.

``check`` validates a scenario with its overrides and sizes exactly as ``run`` would, and prints
what would run (the resolved states, the alliances in force from the start, the scheduled
events and the parameters that take effect) with an estimate of memory, disk and time, without
simulating or writing anything (:func:`realpolitik.lab.check_run`). ``keys`` lists the engine's
keys (:func:`realpolitik.lab.describe_keys`): symbol, allowed range, neutral value and source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from realpolitik.cli.common import (
    RunsOption,
    ScenarioArgument,
    SeedOption,
    SetOption,
    WorkersOption,
    YearsOption,
    _console,
    app,
    command_line,
    prepare,
)

if TYPE_CHECKING:
    from realpolitik.lab import Estimate
    from realpolitik.report.tables import Table


def size_text(n_bytes: float) -> str:
    """Return a size in bytes as ``12 KiB``, ``3.4 MiB`` or ``1.2 GiB``.

    Parameters
    ----------
    n_bytes
        The size.

    Returns
    -------
    str
        Two or three significant digits and a binary unit.
    """
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n_bytes >= scale:
            value = n_bytes / scale
            return f"{value:.3g} {unit}" if value < 100 else f"{value:,.0f} {unit}"
    return f"{int(n_bytes)} bytes"


def time_text(seconds: float) -> str:
    """Return a duration as ``0.4 s``, ``12 s``, ``3.5 min`` or ``2.1 h``.

    Parameters
    ----------
    seconds
        The duration.

    Returns
    -------
    str
        Two significant digits and a unit.
    """
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def estimate_lines(estimate: Estimate) -> list[str]:
    """Return the estimate as lines for the terminal.

    Parameters
    ----------
    estimate
        From :func:`realpolitik.lab.estimate_run`.

    Returns
    -------
    list of str
        Memory, disk and time, each saying what it counts.
    """
    workers = f"{estimate.workers} worker" + ("s" if estimate.workers > 1 else "")
    path = "the fused core kernel" if estimate.path == "fast" else "the mechanism modules"
    chunks = f"{estimate.chunks:,} chunk" + ("s" if estimate.chunks > 1 else "")
    return [
        f"memory: about {size_text(estimate.memory_bytes)} (the records and one chunk's work)",
        f"disk:   about {size_text(estimate.disk_bytes)} (the saved trajectory)",
        f"time:   about {time_text(estimate.seconds)} to simulate on {workers} ({chunks})",
        f"        with {path}; figures and files add a few seconds",
    ]


def _print_table(table: Table) -> None:
    from rich.table import Table as RichTable
    from rich.text import Text

    from realpolitik.report.tables import fmt

    out = RichTable(title=Text(table.title), title_justify="left")
    for col in table.columns:
        out.add_column(Text(col), overflow="fold")
    if not table.rows:
        out.add_row(Text("(none)"), *([Text("")] * (len(table.columns) - 1)))
    for row in table.rows:
        out.add_row(*(Text(fmt(v)) for v in row))
    _console().print(out)


@app.command("check")
def check_command(
    scenario: ScenarioArgument,
    runs: RunsOption = None,
    years: YearsOption = None,
    seed: SeedOption = None,
    set_: SetOption = None,
    workers: WorkersOption = 1,
) -> None:
    """Check a scenario without running it: what would run, and what it would cost.

    Validates the scenario, the --set overrides and the sizes exactly as `realpolitik run`
    does (bad input: one line naming the file, line and field, exit code 2), then prints the
    resolved states, the alliances in force from the start, the scheduled events, the
    parameters that take effect (keys whose mechanism is off are left out), and an estimate
    of memory, disk and simulation time. Nothing is simulated and nothing is written.
    """
    from realpolitik import lab
    from realpolitik.scenarios import origin

    prepared = prepare(scenario, set_ or [], runs, years, seed)
    result = lab.check_run(prepared, workers=workers)
    typer.echo(f"{prepared.label}, seed {prepared.seed}")
    loaded = origin(prepared.scenario)
    if loaded is not None:
        typer.echo(f"from {loaded.source} (sha256 {loaded.sha256[:16]})")
    if prepared.scenario.title:
        typer.echo(prepared.scenario.title)
    for table in result.tables:
        _print_table(table)
    typer.echo("Estimate (rough: within a factor of about 2)")
    for line in estimate_lines(result.estimate):
        typer.echo(f"  {line}")
    run = command_line(f"realpolitik run {scenario}", runs, years, seed, set_ or [])
    typer.echo(f"OK: valid; nothing was simulated or written. To run it: {run}")


def _key_cell(row: Any) -> Any:
    """Return a key's first cell: its name, what it sets (and its switch), its source."""
    from rich.text import Text

    meaning = row.doc
    if isinstance(row.requires, str):
        meaning += f" (acts only while {row.requires} is on)"
    cell = Text(row.key)
    cell.append(f"\n{meaning}\nsource: {row.source}", style="dim")
    return cell


def _value_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) or value is None else str(value)


@app.command("keys")
def keys_command(
    mechanism: Annotated[
        str | None,
        typer.Argument(
            help="Show only this mechanism's keys (e.g. core, beliefs, alliances).",
            metavar="[MECHANISM]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List the engine's keys: symbol, allowed range, neutral value, meaning and source.

    These are the keys a scenario's parameters, a state's own values and --set take. Beyond
    the core model, a key's neutral value is the one at which its mechanism does nothing (the
    default); the core model's keys show their core value. A key that acts only while a switch
    is on says so.
    """
    from rich.table import Table
    from rich.text import Text

    from realpolitik import lab

    keys = lab.describe_keys(mechanism)
    groups = list(dict.fromkeys(keys["mechanism"]))
    if mechanism is None:
        typer.echo(f"{len(keys)} keys in {len(groups)} groups: {', '.join(groups)}")
    for group in groups:
        core = group == "core"
        title = "core: the core model's keys, with their core values" if core else group
        table = Table(title=Text(title), title_justify="left", show_lines=True)
        table.add_column("key (what it sets; source)", ratio=1, min_width=28)
        table.add_column("symbol", no_wrap=True)
        table.add_column("allowed", overflow="fold", max_width=22)
        table.add_column("core value" if core else "neutral", no_wrap=True)
        for row in keys[keys["mechanism"] == group].itertuples(index=False):
            value = _value_text(row.value if core else row.neutral)
            table.add_row(_key_cell(row), Text(row.symbol), Text(row.range), Text(value))
        _console().print(table)

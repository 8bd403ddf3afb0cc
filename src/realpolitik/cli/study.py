"""``realpolitik study``: the field's empirical questions from the bundled data (docs/studies.md).

``study arms-races`` prints the arms-race/war table (Wallace 1979; Diehl 1983; Sample 1997;
Gibler, Rider and Hutchison 2005), draws its figure and writes ``arms_races.csv`` (columns
subset, exposure, outcome, race_war, race_no_war, no_race_war, no_race_no_war, odds_ratio,
ci_low, ci_high, n_disputes) and ``result.json`` (the definitions and the disputes behind each
cell). ``study engine-vs-history`` runs the flagship scenario and sets its initiators' win
share and arms-race/war odds ratio against COW's wars and the MIDs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import (
    FormatOption,
    OutOption,
    OverwriteOption,
    UserError,
    _console,
    app,
)
from realpolitik.cli.fit import print_table, write_results

study_app = typer.Typer(
    help=(
        "Empirical studies from the bundled data: do arms races lead to war (study "
        "arms-races); the engine held against history (study engine-vs-history). In Python: "
        "realpolitik.studies."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(study_app, name="study")


@study_app.command("arms-races")
def arms_races_command(
    out: OutOption = None,
    overwrite: OverwriteOption = False,
    fmt: FormatOption = "png",
) -> None:
    """Do arms races lead to war? The 2x2 tables of militarised disputes, with and without a race.

    For every subset (all dyads, rivals, major powers, each also without the World Wars),
    exposure (GRH's list, a Wallace-style index of real and of nominal spending, Diehl's
    criterion) and outcome (MID war level; a COW war within 5 years): the dyad counts, the odds
    ratio and its 95% interval clustered by dispute, and the number of disputes.
    """
    from realpolitik._output import write_csv, write_json
    from realpolitik.report.data_figures import arms_races_figure
    from realpolitik.report.figures import save_figure
    from realpolitik.studies import (
        CELL_DISPUTE_COLUMNS,
        COLUMNS,
        DEFINITIONS,
        arms_races,
    )

    def writers(folder: Path) -> list[Path]:
        full = arms_races(cells=True)
        table = full[list(COLUMNS)]
        print_table(
            "Do arms races lead to war? Dispute dyads (95% intervals clustered by dispute)",
            list(COLUMNS),
            table.values.tolist(),
        )
        console = _console()
        for key, text in DEFINITIONS.items():
            console.print(f"{key}: {text}", markup=False)
        cells = full[["subset", "exposure", "outcome", *CELL_DISPUTE_COLUMNS]]
        data = {
            "definitions": DEFINITIONS,
            "table": table.to_dict("records"),
            "disputes_per_cell": cells.to_dict("records"),
        }
        return [
            write_csv(folder / "arms_races.csv", list(COLUMNS), table.values.tolist()),
            write_json(folder / "result.json", data),
            save_figure(arms_races_figure(table, "war"), folder, "arms_races", fmt),
            save_figure(arms_races_figure(table, "war_5y"), folder, "arms_races_war_5y", fmt),
        ]

    write_results("study-arms-races", out, overwrite, writers)


@study_app.command("engine-vs-history")
def engine_vs_history_command(
    runs: Annotated[
        int, typer.Option("--runs", help="Runs of the flagship scenario (>= 10).")
    ] = 1000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.")] = 1,
    out: OutOption = None,
    overwrite: OverwriteOption = False,
    fmt: FormatOption = "png",
) -> None:
    """Hold the engine against history: initiators' win share, arms-race/war odds ratio.

    Runs multipolar-offense (100 years, seed 2024) and prints both quantities with 95%
    intervals next to the same quantities from COW's inter-state wars and the MIDs between
    rivals; writes result.json, comparison.csv and a figure.
    """
    from realpolitik._output import write_csv, write_json
    from realpolitik.report.data_figures import engine_history_figure
    from realpolitik.report.figures import save_figure
    from realpolitik.studies import engine_vs_history

    if runs < 10:
        raise UserError(f"--runs: {runs} is not allowed; allowed: integers >= 10")
    if workers < 1:
        raise UserError(f"--workers: {workers} is not allowed; allowed: integers >= 1")

    def writers(folder: Path) -> list[Path]:
        result = engine_vs_history(runs, workers=workers)
        t = result.table
        cols = ["quantity", "source", "value", "ci_low", "ci_high", "n", "n_unit"]
        print_table(
            f"The engine ({result.scenario}, {result.runs} runs x {result.years} years, "
            f"seed {result.seed}) and history",
            cols,
            t[cols].values.tolist(),
        )
        data = {
            "scenario": result.scenario,
            "runs": result.runs,
            "years": result.years,
            "seed": result.seed,
            "rows": t.to_dict("records"),
        }
        return [
            write_json(folder / "result.json", data),
            write_csv(folder / "comparison.csv", list(t.columns), t.values.tolist()),
            save_figure(engine_history_figure(result), folder, "engine_vs_history", fmt),
        ]

    write_results("study-engine-vs-history", out, overwrite, writers)

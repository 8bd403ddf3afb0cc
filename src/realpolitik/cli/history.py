"""``realpolitik history NAME``: a historical case, calibrated and scored (docs/history.md).

Prints the case's calibrated parameters (with standard errors), its out-of-sample scores
against the naive baseline, its simulated outcome probabilities (95% intervals, the run as the
unit) and its findings; writes ``result.json``, ``scores.csv``, ``outcomes.csv`` and the figure
of simulated bands over the historical series into
``./realpolitik-output/history-<timestamp>/`` (``--out DIR``; a non-empty one needs
``--overwrite``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import FormatOption, OutOption, OverwriteOption, UserError, app
from realpolitik.cli.fit import print_table, write_results

SCORE_COLUMNS = ["series", "model", "naive", "model_better"]
OUTCOME_COLUMNS = ["outcome", "probability", "low", "high", "runs"]


@app.command("history")
def history_command(
    name: Annotated[str, typer.Argument(help="Historical case (pre1914, coldwar, cuba1962, ...).")],
    out: OutOption = None,
    overwrite: OverwriteOption = False,
    fmt: FormatOption = "png",
) -> None:
    """Show a historical case: its fit, out-of-sample scores, outcomes and a figure."""
    from realpolitik._output import write_csv, write_json
    from realpolitik.history.cases import case_names, get_case
    from realpolitik.history.figures import case_figure
    from realpolitik.report.figures import save_figure

    names = case_names()
    if name not in names:
        raise UserError(f"NAME: {name!r} is not allowed; allowed: {list(names)}")
    result = get_case(name)
    if result.estimates:
        print_table(
            f"{name}: calibrated on {result.fit_years}",
            ["parameter", "estimate", "SE", "units", "meaning"],
            [(e.name, e.value, e.se, e.units, e.note) for e in result.estimates],
        )
    score_rows = [(s.label, s.model, s.naive, s.model_better) for s in result.scores]
    if score_rows:
        print_table(
            f"{name}: {result.score_label}",
            ["series", "model", "naive", "model better"],
            score_rows,
        )
    outcome_rows = [(o.name, o.probability, o.low, o.high, o.runs) for o in result.outcomes]
    if outcome_rows:
        print_table(
            f"{name}: simulated outcomes (95% intervals)",
            ["outcome", "probability", "low", "high", "runs"],
            outcome_rows,
        )
    for line in result.findings:
        typer.echo(line)
    if result.scenario:
        typer.echo(f"Run it yourself: realpolitik run {result.scenario}")

    def writers(folder: Path) -> list[Path]:
        return [
            write_json(folder / "result.json", result.to_dict()),
            write_csv(
                folder / "scores.csv", ["series", "model", "naive", "model_better"], score_rows
            ),
            write_csv(
                folder / "outcomes.csv",
                ["outcome", "probability", "low", "high", "runs"],
                outcome_rows,
            ),
            save_figure(case_figure(result), folder, "bands", fmt),
        ]

    write_results("history", out, overwrite, writers)

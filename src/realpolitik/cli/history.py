"""``realpolitik history SCENARIO``: a historical scenario calibrated and scored (docs/history.md).

Prints the cached calibration (estimates with bootstrap standard errors) and the out-of-sample
RMSE of the model and of naive persistence per power; writes result.json, scores.csv and the
figure of simulated bands over the historical series into
``./realpolitik-output/history-<timestamp>/`` (``--out DIR``; a non-empty one needs
``--overwrite``).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import FormatOption, OutOption, OverwriteOption, UserError, app
from realpolitik.cli.fit import print_table, write_results

SCENARIOS = ("pre1914",)


@app.command("history")
def history_command(
    scenario: Annotated[str, typer.Argument(help="Historical scenario: pre1914.")],
    out: OutOption = None,
    overwrite: OverwriteOption = False,
    fmt: FormatOption = "png",
) -> None:
    """Show a historical scenario's calibration and its out-of-sample score against persistence."""
    from realpolitik._output import write_csv, write_json
    from realpolitik.history.calibrate import cached, validate_pre1914
    from realpolitik.history.figures import bands_figure
    from realpolitik.report.figures import save_figure

    if scenario not in SCENARIOS:
        raise UserError(f"SCENARIO: {scenario!r} is not allowed; allowed: {list(SCENARIOS)}")
    fit = cached(scenario)
    scores = validate_pre1914(fit)
    print_table(
        f"{scenario}: SMM fit {fit.start}-{fit.split} (bootstrap SE)",
        ["parameter", "estimate", "SE", "units"],
        [
            (name, est, se, unit)
            for name, est, se, unit in zip(
                ("a", "k", "sigma"), fit.theta, fit.se, ("1/yr", "1/yr", "log/yr"), strict=True
            )
        ],
    )
    rows = [(p, s["model"], s["naive"], s["model"] < s["naive"]) for p, s in scores.items()]
    print_table(
        f"{scenario}: one-year-ahead RMSE of log spending, {fit.split}-1913",
        ["power", "model", "persistence", "model better"],
        rows,
    )

    def writers(folder: Path) -> list[Path]:
        return [
            write_json(folder / "result.json", {"fit": asdict(fit), "scores": scores}),
            write_csv(folder / "scores.csv", ["power", "model", "naive", "model_better"], rows),
            save_figure(bands_figure(fit), folder, "bands", fmt),
        ]

    write_results("history", out, overwrite, writers)

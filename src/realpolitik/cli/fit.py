"""``realpolitik fit``: models fitted to real series (docs/calibrate.md).

``fit richardson`` fits Richardson's arms race to two states' or two blocs' military spending
(bootstrap intervals, stability verdict and its uncertainty, phase portrait with the data path,
out-of-sample check against persistence); ``fit rivalries`` fits every strategic rivalry
ongoing in a window and ranks them by instability. Each prints its tables and writes
``result.json``, CSV and a figure into ``./realpolitik-output/<command>-<timestamp>/``
(``--out DIR``; a non-empty one needs ``--overwrite``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from realpolitik.cli.common import (
    FormatOption,
    OutOption,
    OverwriteOption,
    UserError,
    _console,
    app,
)

fit_app = typer.Typer(
    help=(
        "Fit models to real series: Richardson's arms race on military spending (fit "
        "richardson) and the rivalry monitor (fit rivalries). In Python: realpolitik.calibrate."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(fit_app, name="fit")

_YEARS = re.compile(r"^\s*(\d{4})\s*-\s*(\d{4})\s*$")
_SERIES_HELP = (
    "Spending series: nmc (NMC milex, current US$), nmc_real (NMC deflated to 2020 US$), owid "
    "(Our World in Data, 2020 US$) or sipri (your SIPRI workbook: realpolitik data sipri PATH)."
)


def parse_years(text: str) -> tuple[int, int]:
    """Parse ``--years FIRST-LAST`` (e.g. ``1890-1913``), FIRST <= LAST."""
    match = _YEARS.match(text)
    if not match or int(match.group(1)) > int(match.group(2)):
        raise UserError(f"--years: {text!r} is not allowed; allowed: FIRST-LAST, e.g. 1890-1913")
    return int(match.group(1)), int(match.group(2))


def write_results(
    command: str,
    out: Path | None,
    overwrite: bool,
    writers: Callable[[Path], Sequence[Path]],
) -> list[Path]:
    """Open the output folder (checked before any work), write the files, say where they are.

    Parameters
    ----------
    command
        The folder's name stem, e.g. ``"fit-richardson"``.
    out, overwrite
        ``--out`` and ``--overwrite``.
    writers
        Called with the staging folder; writes the files and returns their paths.

    Returns
    -------
    list of Path
        The files at their final places.
    """
    from realpolitik._output import OutputFolder

    with OutputFolder.open(command, out, overwrite=overwrite) as folder:
        staged = writers(folder.staging)
        folder.commit()
    files = [folder.final(path) for path in staged]
    typer.echo(f"wrote {len(files)} files to {folder.path}")
    for path in files:
        typer.echo(f"  {path}")
    return files


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a rich table; floats with 4 significant digits."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(Text(col), overflow="fold")
    for row in rows:
        table.add_row(*(Text(f"{v:.4g}" if isinstance(v, float) else str(v)) for v in row))
    _console().print(table)


def _user_error(exc: ValueError, option: str) -> UserError:
    """Prefix a data error with the option it came from (``option`` when no other fits)."""
    text = str(exc)
    for word, flag in (
        ("train", "--train"),
        ("resamples", "--resamples"),
        ("series", "--series"),
        ("years", "--years"),
    ):
        if text.startswith(word) or f": {word} " in text or f"{word} " in text.split(":")[0]:
            option = flag
            break
    if any(
        w in text
        for w in ("outside the data's coverage", "a fit needs at least", "has no value in")
    ):
        option = "--years"
    return UserError(f"{option}: {text}")


@fit_app.command("richardson")
def richardson_command(
    states: Annotated[
        tuple[str, str] | None,
        typer.Option("--states", help="Two states (COW codes or abbreviations): --states GMY UKG."),
    ] = None,
    years: Annotated[str, typer.Option("--years", help="FIRST-LAST, e.g. 1890-1913.")] = (
        "1890-1913"
    ),
    series: Annotated[str, typer.Option("--series", help=_SERIES_HELP)] = "nmc",
    blocs: Annotated[
        tuple[str, str] | None,
        typer.Option("--blocs", help='Two blocs instead of states: --blocs "GMY,AUH" "UKG,FRN".'),
    ] = None,
    train: Annotated[
        int | None,
        typer.Option("--train", help="Years of the out-of-sample fit; default two thirds."),
    ] = None,
    resamples: Annotated[int, typer.Option("--resamples", help="Bootstrap resamples.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
    out: OutOption = None,
    overwrite: OverwriteOption = False,
    fmt: FormatOption = "png",
) -> None:
    """Fit Richardson's model to two states' (or blocs') military spending, with intervals.

    Prints the estimates with 95% recursive-residual-bootstrap intervals, the stability verdict
    and the share of bootstrap fits that are unstable, and the out-of-sample RMSE of the model
    and of persistence; writes result.json, estimates.csv, series.csv and the phase portrait.
    """
    from realpolitik._output import write_csv, write_json
    from realpolitik.calibrate import fit_richardson
    from realpolitik.data import DataError
    from realpolitik.report.data_figures import phase_figure
    from realpolitik.report.figures import save_figure

    first_last = parse_years(years)
    if states is None and blocs is None:
        states = ("GMY", "UKG")
    if states is not None and blocs is not None:
        raise UserError("--states and --blocs: give one of them, not both")
    option = "--states" if blocs is None else "--blocs"

    def writers(folder: Path) -> list[Path]:
        try:
            result = fit_richardson(
                states,
                first_last,
                series=series,
                blocs=blocs,
                train=train,
                resamples=resamples,
                seed=seed,
            )
        except DataError as exc:
            raise _user_error(exc, option) from None
        _print_fit(result)
        table = result.table()
        x, y = (s.label for s in result.sides)
        return [
            write_json(folder / "result.json", result.to_dict()),
            write_csv(folder / "estimates.csv", list(table.columns), table.values.tolist()),
            write_csv(
                folder / "series.csv",
                ["year", x, y],
                [(yr, *lv) for yr, lv in zip(result.years, result.levels.tolist(), strict=True)],
            ),
            save_figure(phase_figure(result), folder, "phase", fmt),
        ]

    write_results("fit-richardson", out, overwrite, writers)


def _print_fit(result: Any) -> None:
    x, y = (s.label for s in result.sides)
    first, last = result.years[0], result.years[-1]
    print_table(
        f"Richardson fit, x = {x}, y = {y}, {first}-{last} ({result.series}: {result.units})",
        ["quantity", "estimate", "95% low", "95% high", "units"],
        result.table().values.tolist(),
    )
    verdict = "beats" if result.beats_persistence else "does NOT beat"
    split = result.years[result.train_years - 1]
    lines = [
        f"verdict: {result.verdict}",
        f"intervals: {result.bootstrap} ({result.resamples} resamples)",
        f"out of sample (fit {first}-{split}, predict {split + 1}-{last}): RMSE model "
        f"{result.rmse_model:.4g}, persistence {result.rmse_persistence:.4g} ({result.units}); "
        f"the model {verdict} naive persistence",
    ]
    for line in lines:
        _console().print(line, markup=False)


@fit_app.command("rivalries")
def rivalries_command(
    years: Annotated[str, typer.Option("--years", help="FIRST-LAST, e.g. 2000-2020.")] = (
        "2000-2020"
    ),
    series: Annotated[str, typer.Option("--series", help=_SERIES_HELP)] = "owid",
    resamples: Annotated[
        int, typer.Option("--resamples", help="Bootstrap resamples per dyad.")
    ] = 500,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstraps.")] = 0,
    out: OutOption = None,
    overwrite: OverwriteOption = False,
    fmt: FormatOption = "png",
) -> None:
    """Fit every strategic rivalry ongoing in the window and rank them by instability.

    Each dyad (Thompson, Sakuwa and Suhas 2021) is fitted on the longest stretch of the window
    with both states' spending; the table ranks them by the stability margin (1/yr, < 0
    unstable) with its interval; writes result.json, rivalries.csv, skipped.csv and a figure.
    """
    from realpolitik._output import write_csv, write_json
    from realpolitik.calibrate import rivalry_monitor
    from realpolitik.data import DataError
    from realpolitik.report.data_figures import ranking_figure
    from realpolitik.report.figures import save_figure

    first_last = parse_years(years)

    def writers(folder: Path) -> list[Path]:
        try:
            mon = rivalry_monitor(first_last, series=series, resamples=resamples, seed=seed)
        except DataError as exc:
            raise _user_error(exc, "--years/--series") from None
        t = mon.table
        cols = [
            "rank",
            "dyad",
            "name",
            "first",
            "last",
            "margin",
            "margin_low",
            "margin_high",
            "share_unstable",
            "stable",
        ]
        print_table(
            f"Strategic rivalries {first_last[0]}-{first_last[1]}, most unstable first "
            f"({series}; margin in 1/yr, < 0 unstable; {resamples} resamples per dyad)",
            cols,
            t[cols].values.tolist(),
        )
        _console().print(f"{len(mon.skipped)} rivalries left out (see skipped.csv)")
        data = {
            "years": list(first_last),
            "series": series,
            "resamples": resamples,
            "rivalries": t.to_dict("records"),
            "skipped": mon.skipped.to_dict("records"),
        }
        return [
            write_json(folder / "result.json", data),
            write_csv(folder / "rivalries.csv", list(t.columns), t.values.tolist()),
            write_csv(
                folder / "skipped.csv", list(mon.skipped.columns), mon.skipped.values.tolist()
            ),
            save_figure(ranking_figure(mon), folder, "rivalries", fmt),
        ]

    write_results("fit-rivalries", out, overwrite, writers)

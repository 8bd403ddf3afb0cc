"""``realpolitik data``: the bundled datasets, listed, shown and cited (docs/data.md).

``data list`` prints every dataset with its version, years, rows and citation; ``data show
NAME`` its description, terms, columns and first rows; ``data cite NAME...`` the BibTeX;
``data sipri PATH`` remembers where the user's own SIPRI workbook is. Bad names get one line
naming the value and the allowed names (exit code 2).
"""

from __future__ import annotations

from typing import Annotated

import typer

from realpolitik.cli.common import UserError, _console, app

data_app = typer.Typer(
    help=(
        "The field's datasets (COW, ATOP, GML-MID, arms races, rivalries, nuclear stockpiles, "
        "SIPRI): list them, show one, cite them. In Python: realpolitik.data.load(NAME)."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(data_app, name="data")


def _known(name: str) -> str:
    from realpolitik.data import DATASETS

    if name not in DATASETS:
        raise UserError(f"NAME: {name!r} is not a dataset; allowed: {', '.join(DATASETS)}")
    return name


def _years(first: object, last: object) -> str:
    import pandas as pd

    return "user's file" if pd.isna(first) else f"{first}-{last}"


@data_app.command("list")
def list_command() -> None:
    """List every dataset with its version, years, rows, where it comes from and its citation."""
    from rich.table import Table

    from realpolitik.data import catalog

    table = Table(title="realpolitik.data: load(NAME) returns a tidy table", show_lines=True)
    for column in ("name", "version", "years", "rows", "bundled", "citation"):
        table.add_column(column, overflow="fold")
    for row in catalog().itertuples():
        rows = "" if row.rows is None or str(row.rows) == "<NA>" else f"{row.rows:,}"
        years = _years(row.first_year, row.last_year)
        table.add_row(row.name, row.version, years, rows, row.bundled, row.citation)
    _console().print(table)


@data_app.command("show")
def show_command(
    name: Annotated[
        str, typer.Argument(help="A dataset (see `realpolitik data list`).", metavar="NAME")
    ],
    rows: Annotated[
        int, typer.Option("--rows", help="How many first rows to print (0..1000).")
    ] = 5,
) -> None:
    """Show a dataset: title, version, years, citation, terms, columns and its first rows."""
    from realpolitik.data import DataError, catalog, load

    if not 0 <= rows <= 1000:
        raise UserError(f"--rows: {rows} is not allowed; allowed: integers 0..1000")
    entry = catalog().set_index("name").loc[_known(name)]
    console = _console()
    years = _years(entry.first_year, entry.last_year)
    for line in (f"{name}: {entry.title}", f"version: {entry.version}; years: {years}"):
        console.print(line, markup=False)
    console.print(f"citation: {entry.citation}", markup=False)
    console.print(f"terms: {entry.terms}", markup=False)
    try:
        df = load(name)
    except DataError as exc:  # SIPRI without the user's workbook: say where to get it
        console.print(f"columns: see docs/data.md ({exc})")
        return
    console.print(
        f"{len(df):,} rows; columns: " + ", ".join(f"{c} ({t})" for c, t in df.dtypes.items())
    )
    console.print(df.head(max(rows, 0)).to_string(index=False))


@data_app.command("cite")
def cite_command(
    names: Annotated[
        list[str],
        typer.Argument(help="One or more datasets.", show_default=False, metavar="NAME"),
    ],
) -> None:
    """Print the BibTeX of the given datasets (each source once)."""
    from realpolitik.citations import cite

    typer.echo(cite(*(_known(n) for n in names)))


@data_app.command("sipri")
def sipri_command(
    path: Annotated[
        str, typer.Argument(help="Your download of SIPRI's .xlsx workbook.", metavar="PATH")
    ],
) -> None:
    """Remember where your SIPRI workbook is (SIPRI's data do not ship with realpolitik).

    Download it from https://www.sipri.org/databases/milex; the path is kept in
    realpolitik/data.json in your configuration folder (REALPOLITIK_SIPRI overrides it).
    """
    from realpolitik.data import DataError, set_sipri_path

    try:
        saved = set_sipri_path(path)
    except DataError as exc:
        raise UserError(f"PATH: {exc}") from None
    typer.echo(f"SIPRI workbook remembered: {saved}")

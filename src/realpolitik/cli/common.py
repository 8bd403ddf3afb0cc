"""What every ``realpolitik`` subcommand shares: the Typer apps, user errors and common options."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

_STATE: dict[str, bool] = {"debug": False}

app = typer.Typer(
    name="realpolitik",
    help=(
        "A laboratory for the security dilemma: the field's formal models (Richardson, Jervis, "
        "Kydd, Fearon, Schelling, Lanchester, Axelrod, Olson-Zeckhauser), with figures and an "
        "HTML report. Results go to ./realpolitik-output/<command>-<timestamp>/ unless --out "
        "is given."
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help texts hold intervals such as [p - c_A, p + c_B]: no markup
)
theory_app = typer.Typer(
    help=(
        "The theory tour: each formal model on the classic inputs of MODELS.md section 11 "
        "(change any with its option). Prints the result and writes result.json and a figure."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(theory_app, name="theory")


class UserError(Exception):
    """A bad input, already phrased as one line for the user (exit code 2)."""


# ---------------------------------------------------------------------------------------------
# options shared by every result-making command
# ---------------------------------------------------------------------------------------------


def _check_format(value: str) -> str:
    if value not in ("png", "svg"):
        raise typer.BadParameter(f"{value!r} is not a figure format; allowed: png, svg")
    return value


OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help=(
            "Folder for the results (created if needed). "
            "Default: ./realpolitik-output/<command>-<timestamp>/."
        ),
        file_okay=True,
        dir_okay=True,
    ),
]
FormatOption = Annotated[
    str,
    typer.Option("--format", help="Figure file format: png or svg.", callback=_check_format),
]


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 120)

"""What every ``realpolitik`` subcommand shares: the Typer apps, user errors and common options.

Numbers are parsed here, so that a number that cannot be read names its option and what is
allowed (``--years: '1e9x' is not an integer; allowed: integers 1..10,000``); integers may be
written as ``100000``, ``100_000``, ``100,000`` or ``1e5``.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from realpolitik.lab import PreparedRun

_STATE: dict[str, bool] = {"debug": False, "interrupt_said": False}

#: The exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it).
INTERRUPTED = 130

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
        "The theory tour: each formal model on the classic inputs of docs/theory.md "
        "(change any with its option). Prints the result and writes result.json and a figure."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(theory_app, name="theory")


class UserError(Exception):
    """A bad input, already phrased as one line for the user (exit code 2)."""


# ---------------------------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------------------------


def integer_parser(allowed: str) -> Callable[[str], int]:
    """Return a parser of integer options whose error says what is allowed.

    Parameters
    ----------
    allowed
        The allowed values as text, e.g. ``"integers 1..10,000"``.

    Returns
    -------
    callable
        ``parse(text) -> int``; accepts ``100000``, ``100_000``, ``100,000`` and integral
        numbers in e-notation (``1e5``); raises ``typer.BadParameter`` otherwise (the range
        itself is checked where the value is used).
    """

    def parse(text: str) -> int:
        if isinstance(text, int):
            return text
        clean = str(text).strip().replace(",", "")
        try:
            return int(clean)
        except ValueError:
            pass
        try:
            number = float(clean)
        except ValueError:
            number = math.nan
        if math.isfinite(number) and number.is_integer():
            return int(number)
        raise typer.BadParameter(f"{text!r} is not an integer; allowed: {allowed}")

    return parse


def number_parser(allowed: str) -> Callable[[str], float]:
    """Return a parser of real-number options whose error says what is allowed.

    Parameters
    ----------
    allowed
        The allowed values as text, e.g. ``"[0, 1]"``.

    Returns
    -------
    callable
        ``parse(text) -> float`` (``nan`` and ``inf`` are read as such and left to the range
        check); raises ``typer.BadParameter`` for text that is not a number.
    """

    def parse(text: str) -> float:
        if isinstance(text, int | float):
            return float(text)
        try:
            return float(str(text).strip())
        except ValueError:
            raise typer.BadParameter(f"{text!r} is not a number; allowed: {allowed}") from None

    return parse


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
OverwriteOption = Annotated[
    bool,
    typer.Option(
        "--overwrite",
        help=(
            "Write into a --out folder that is not empty, replacing files of the same names "
            "(other files are kept). Without it such a folder is refused before any work."
        ),
    ),
]
FormatOption = Annotated[
    str,
    typer.Option("--format", help="Figure file format: png or svg.", callback=_check_format),
]


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 120)


# ---------------------------------------------------------------------------------------------
# options of the commands that run (or check) a scenario
# ---------------------------------------------------------------------------------------------


def _check_workers(value: int) -> int:
    if value < 1:
        raise typer.BadParameter(f"{value} is not allowed; allowed: integers >= 1")
    return value


ScenarioArgument = Annotated[
    str,
    typer.Argument(
        help="A bundled scenario (see `realpolitik scenarios`) or a path to a .yaml file.",
        metavar="SCENARIO",
        show_default=False,
    ),
]
RunsOption = Annotated[
    int | None,
    typer.Option(
        "--runs",
        help="Independent runs (1..10,000,000; 1e5 works too); default: the scenario's.",
        parser=integer_parser("integers 1..10,000,000"),
    ),
]
YearsOption = Annotated[
    int | None,
    typer.Option(
        "--years",
        help="Simulated years T (1..10,000); default: the scenario's.",
        parser=integer_parser("integers 1..10,000"),
    ),
]
SeedOption = Annotated[
    int | None,
    typer.Option(
        "--seed",
        help="Root seed (>= 0); default: the scenario's.",
        parser=integer_parser("integers 0..2**63 - 1"),
    ),
]
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        help="Local processes (results do not depend on it).",
        parser=integer_parser("integers >= 1"),
        callback=_check_workers,
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help=(
            "Override an engine key for every state, e.g. --set transparency=0.5 or "
            "--set hawkishness=[0,0.5] (repeatable; `realpolitik keys` lists the keys)."
        ),
    ),
]


def _check_save(value: str) -> str:
    if value not in ("full", "summary", "none"):
        raise typer.BadParameter(f"{value!r} is not a save mode; allowed: full, summary, none")
    return value


SaveOption = Annotated[
    str,
    typer.Option(
        "--save",
        help=(
            "What trajectory/ keeps: full (yearly record as a compressed Zarr store, per-run "
            "outcomes, events.parquet), summary (per-run outcomes only) or none. The run is "
            "streamed chunk by chunk either way, so memory does not grow with --runs."
        ),
        callback=_check_save,
    ),
]
StrideOption = Annotated[
    int,
    typer.Option(
        "--stride",
        help="With --save full: record every k-th year (0, k, 2k, ...); metrics use every year.",
        parser=integer_parser("integers >= 1"),
        callback=_check_workers,
    ),
]


def prepare(
    scenario: str,
    sets: Sequence[str],
    runs: int | None,
    years: int | None,
    seed: int | None,
    *,
    streamed: bool = False,
) -> PreparedRun:
    """Prepare a run with the lab; name the option of a bad --runs, --years or --seed.

    Parameters
    ----------
    scenario
        The SCENARIO argument.
    sets
        The ``--set`` texts.
    runs, years, seed
        The options (None: the scenario's).
    streamed
        The run will be streamed (no in-memory ceiling; :func:`realpolitik.lab.prepare_run`).

    Returns
    -------
    PreparedRun
        The checked run.
    """
    from realpolitik import lab

    try:
        return lab.prepare_run(
            scenario, overrides=list(sets), runs=runs, years=years, seed=seed, streamed=streamed
        )
    except lab.ScenarioError as err:
        given = {("runs",): runs, ("years",): years, ("seed",): seed}
        if err.file is None and given.get(err.loc or ()) is not None:
            raise UserError(f"--{err.field}: {err.message}") from None
        raise


def command_line(
    head: str, runs: int | None, years: int | None, seed: int | None, sets: Sequence[str] = ()
) -> str:
    """Return the command as the user typed it (shown in the page's footer).

    Parameters
    ----------
    head
        The command and its argument, e.g. ``"realpolitik run two-state-spiral"``.
    runs, years, seed
        The options given (None: left out).
    sets
        The ``--set`` texts.

    Returns
    -------
    str
        The command line.
    """
    parts = [head]
    for name, value in (("--runs", runs), ("--years", years), ("--seed", seed)):
        if value is not None:
            parts.append(f"{name} {value}")
    parts.extend(f"--set {s}" for s in sets)
    return " ".join(parts)


def interrupted(message: str) -> typer.Exit:
    """Print the one line of a command stopped by Ctrl-C; return the exit to raise (code 130).

    Parameters
    ----------
    message
        What was stopped and what was kept, e.g. ``"interrupted after 3 of 10 chunks ..."``.

    Returns
    -------
    typer.Exit
        The exit with code :data:`INTERRUPTED`.
    """
    sys.stderr.write(f"realpolitik: {message}\n")
    sys.stderr.flush()
    _STATE["interrupt_said"] = True
    return typer.Exit(INTERRUPTED)

"""``realpolitik theory <model>``: each formal model on its classic inputs, with a figure.

The commands are generated, one per model, from the model's declared inputs
(:data:`realpolitik.theory.<model>.INPUTS`, :class:`realpolitik.theory.inputs.Input`): each input
becomes an option with its default, its help text and its range check, and the tour module
(:mod:`realpolitik.report.tour`) gives the command's name, help and result. A command prints the
result as rich tables and writes the numbers (``result.json``, CSV where a table is large) and a
figure (PNG, or SVG with ``--format svg``).

Option names follow the input names: ``c_A`` is ``--c-a``; a name that starts with a capital keeps
it (``--L``, ``--R-A``) and, when longer than one letter, also has a lower-case spelling
(``--r-a``); an input's aliases are further names (``--loss`` for ``L``).
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer

from realpolitik.cli.common import (
    FormatOption,
    OutOption,
    OverwriteOption,
    UserError,
    integer_parser,
    number_parser,
    theory_app,
)
from realpolitik.report import tour
from realpolitik.theory._validate import InputError
from realpolitik.theory.inputs import Input

_ARG_NAME = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\b")

#: The Python type an option of each input kind is read as (list kinds are read as text).
_TYPES: dict[str, type] = {"real": float, "integer": int}


def flags(inp: Input) -> list[str]:
    """Return the command-line option names of an input, the main one first.

    Parameters
    ----------
    inp
        A declared input.

    Returns
    -------
    list of str
        E.g. ``["--c-a"]`` for ``c_A``, ``["--R-A", "--r-a"]`` for ``R_A`` and
        ``["--L", "--loss"]`` for Jervis's ``L``.
    """
    dashed = inp.name.replace("_", "-")
    names = [dashed if inp.name[0].isupper() else dashed.lower()]
    if inp.name[0].isupper() and len(inp.name) > 1:
        names.append(dashed.lower())
    return [f"--{n}" for n in names + list(inp.aliases)]


def _help(inp: Input) -> str:
    text = inp.help + (f" ({inp.units})" if inp.units else "")
    if inp.kind in ("choice", "names") or (inp.kind != "bits" and inp.bounded):
        text += f"; allowed: {inp.allowed}"
    return text + "."


def _option(inp: Input) -> inspect.Parameter:
    """Return the typer parameter of one input: its flags, help, type, parser and default."""
    kind = _TYPES.get(inp.kind, str)
    default = inp.default if kind is not str else (inp.text(inp.default) or None)
    annotation: Any = kind | None if default is None else kind
    extra: dict[str, Any] = {}
    if inp.kind == "named_reals":  # a repeatable option: --strategy a=... --strategy b=...
        default, annotation, extra = None, list[str] | None, {"metavar": "NAME=NUMBERS"}
    parser = {"real": number_parser, "integer": integer_parser}.get(inp.kind)
    info = typer.Option(
        *flags(inp),
        help=_help(inp),
        show_default=default is not None,
        parser=None if parser is None else parser(inp.allowed),
        **extra,
    )
    return inspect.Parameter(
        inp.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[annotation, info],
    )


def _error(exc: ValueError, inputs: Sequence[Input]) -> UserError:
    """Prefix a model's ValueError with the command-line option it came from."""
    by_name = {inp.name: inp for inp in inputs}
    name = exc.key if isinstance(exc, InputError) else None
    if name is None:
        match = _ARG_NAME.match(str(exc))
        name = match.group(1) if match else None
    inp = by_name.get(name or "")
    message = str(exc)
    return UserError(f"{flags(inp)[0]}: {message}" if inp is not None else message)


def _print_tables(item: tour.TourItem) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
    console.print(Text(item.title, style="bold"))
    for table in item.tables:
        console.print(Text(table.title, style="italic"))
        out = Table(show_lines=False)
        for i, col in enumerate(table.columns):
            numeric = any(
                isinstance(r[i], int | float) and not isinstance(r[i], bool) for r in table.rows
            )
            out.add_column(Text(col), justify="right" if numeric else "left", overflow="fold")
        for row in table.rows:
            out.add_row(*(Text(tour.fmt(v)) for v in row))
        console.print(out)


def _run(
    stop: ModuleType, given: dict[str, Any], out: Path | None, overwrite: bool, fmt: str
) -> None:
    """Check the output folder, build a tour item, print it, write its files and say where."""
    from realpolitik._output import OutputFolder

    with OutputFolder.open(f"theory-{stop.COMMAND}", out, overwrite=overwrite) as folder:
        try:
            item = stop.item(**given)
        except ValueError as exc:
            raise _error(exc, stop.INPUTS) from exc
        _print_tables(item)
        staged = tour.write_item(item, folder.staging, fmt)
        folder.commit()
    files = [folder.final(path) for path in staged]
    typer.echo(f"wrote {len(files)} files to {folder.path}")
    for path in files:
        typer.echo(f"  {path}")


def _command(stop: ModuleType) -> Callable[..., None]:
    """Return the typer command of one tour module, built from its model's declared inputs."""
    inputs: tuple[Input, ...] = stop.INPUTS

    def command(out: Path | None, overwrite: bool, fmt: str, **options: Any) -> None:
        given = {
            inp.name: options[inp.name] for inp in inputs if options[inp.name] not in (None, [])
        }
        _run(stop, given, out, overwrite, fmt)

    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [_option(inp) for inp in inputs]
    params += [
        inspect.Parameter("out", keyword, default=None, annotation=OutOption),
        inspect.Parameter("overwrite", keyword, default=False, annotation=OverwriteOption),
        inspect.Parameter("fmt", keyword, default="png", annotation=FormatOption),
    ]
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__doc__ = stop.__doc__
    command.__name__ = f"{stop.COMMAND}_command"
    return command


for _stop in tour.stops():
    theory_app.command(_stop.COMMAND)(_command(_stop))
del _stop

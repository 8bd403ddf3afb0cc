"""The ``realpolitik`` command: scenario runs, the theory tour and the demo (DESIGN.md, Interfaces).

``realpolitik run SCENARIO`` simulates a bundled scenario (``realpolitik scenarios`` lists them)
or a scenario file with a progress bar, prints the outcome metrics and writes the summary, the
figures, the trajectory and an HTML page; ``realpolitik demo`` does this for the flagship
scenario (``demo --theory``: the theory tour).
``realpolitik theory <model>`` runs one formal model of :mod:`realpolitik.theory` on options
whose defaults are the classic inputs of MODELS.md section 11, prints the result as rich tables
and writes the numbers (``result.json``, CSV where a table is large) and a figure (PNG, or SVG
with ``--format svg``) into ``./realpolitik-output/<command>-<timestamp>/`` (``--out DIR``
overrides). ``realpolitik demo`` runs the whole tour and writes one self-contained HTML page.

Errors: one short line on stderr naming the option, the bad value and what is allowed, exit code
2, no traceback; ``realpolitik --debug ...`` shows the traceback instead. The console script
calls :func:`main`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from realpolitik.cli import run as _run_commands  # noqa: F401  (registers run, scenarios, demo)
from realpolitik.cli import theory as _theory_commands  # noqa: F401  (registers theory *)
from realpolitik.cli.common import _STATE, UserError, app

__all__ = ["UserError", "app", "main"]


# ---------------------------------------------------------------------------------------------
# root
# ---------------------------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        from realpolitik import __version__

        typer.echo(f"realpolitik {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback when a command fails.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_version),
    ] = False,
) -> None:
    _STATE["debug"] = debug


# ---------------------------------------------------------------------------------------------
# entry point
# ---------------------------------------------------------------------------------------------


def _is_click_exception(exc: BaseException) -> bool:
    return any(cls.__name__ == "ClickException" for cls in type(exc).__mro__)


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


def _fail(message: str) -> None:
    sys.stderr.write(f"realpolitik: error: {_one_line(message)}\n")
    sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``realpolitik`` command and return its exit code.

    Parameters
    ----------
    argv
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success; 2 for a bad option or input (one line on stderr, no traceback unless
        ``--debug`` is given); 1 when aborted.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    _STATE["debug"] = False
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="realpolitik", standalone_mode=False)
    except Exception as exc:
        debug = _STATE["debug"] or "--debug" in args
        if _is_click_exception(exc):
            if type(exc).__name__ == "NoArgsIsHelpError":
                typer.echo(exc.format_message())  # type: ignore[attr-defined]
                return 0
            _fail(exc.format_message())  # type: ignore[attr-defined]
            return 2
        if type(exc).__name__ == "Abort":
            _fail("aborted")
            return 1
        if debug:
            raise
        if isinstance(exc, UserError | ValueError):
            _fail(str(exc))
        elif isinstance(exc, OSError):
            _fail(f"{exc.strerror or exc}: {exc.filename or ''}")
        else:
            _fail(f"{type(exc).__name__}: {exc}")
        return 2
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``realpolitik`` command: scenario runs, the theory tour and the demo (docs/cli.md).

``realpolitik run SCENARIO`` simulates a bundled scenario (``realpolitik scenarios`` lists them)
or a scenario file with a progress bar, prints the outcome metrics and writes the summary, the
figures, the trajectory and an HTML page; ``realpolitik demo`` does this for the flagship
scenario (``demo --theory``: the theory tour). ``realpolitik check SCENARIO`` says what a run
would do and cost without running it; ``realpolitik keys`` lists the engine's keys.
``realpolitik serve`` runs the web lab on localhost (docs/web.md).
``realpolitik data list | show NAME | cite NAME`` lists, shows and cites the bundled datasets.
``realpolitik fit richardson | rivalries`` fits Richardson's model to real spending and ranks
the strategic rivalries by instability; ``realpolitik study arms-races | engine-vs-history``
answers "do arms races lead to war?" from the data and holds the engine against history.
``realpolitik history pre1914`` shows a historical scenario fitted to the data and its
out-of-sample score against persistence (docs/history.md).
``realpolitik experiments`` lists the bundled experiments, ``realpolitik sweep EXPERIMENT
--store FILE`` runs one into a resumable results store and ``realpolitik results STORE`` prints
its per-cell table.
``realpolitik theory <model>`` runs one formal model of :mod:`realpolitik.theory` on options
whose defaults are its classic inputs, prints the result as rich tables and writes the numbers
(``result.json``, CSV where a table is large) and a figure (PNG, or SVG with ``--format svg``)
into ``./realpolitik-output/<command>-<timestamp>/`` (``--out DIR`` overrides; a non-empty one
needs ``--overwrite``). The output folder is checked and created before any work.

Errors: one short line on stderr naming the option, the bad value and what is allowed, exit code
2, no traceback; ``realpolitik --debug ...`` shows the traceback instead. Ctrl-C: one line
(``interrupted after N of M chunks`` during a run), nothing left behind, exit code 130. The
console script calls :func:`main`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from realpolitik.cli import check as _check_commands  # noqa: F401  (registers check, keys)
from realpolitik.cli import data as _data_commands  # noqa: F401  (registers data *)
from realpolitik.cli import docs as _docs_commands  # noqa: F401  (registers schema, docs)
from realpolitik.cli import fit as _fit_commands  # noqa: F401  (registers fit *)
from realpolitik.cli import history as _history_commands  # noqa: F401  (registers history)
from realpolitik.cli import report_cmd as _report_commands  # noqa: F401  (registers report)
from realpolitik.cli import run as _run_commands  # noqa: F401  (registers run, scenarios, demo)
from realpolitik.cli import serve as _serve_commands  # noqa: F401  (registers serve)
from realpolitik.cli import study as _study_commands  # noqa: F401  (registers study *)
from realpolitik.cli import sweep as _sweep_commands  # noqa: F401  (experiments, sweep, results)
from realpolitik.cli import theory as _theory_commands  # noqa: F401  (registers theory *)
from realpolitik.cli.common import _STATE, INTERRUPTED, UserError, app

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


def _say(message: str) -> None:
    sys.stderr.write(f"realpolitik: {_one_line(message)}\n")
    sys.stderr.flush()


def _fail(message: str) -> None:
    _say(f"error: {message}")


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
        ``--debug`` is given); 130 when stopped by Ctrl-C (one line on stderr); 1 when
        aborted.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    _STATE["debug"] = False
    _STATE["interrupt_said"] = False
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="realpolitik", standalone_mode=False)
        if result == INTERRUPTED and not _STATE["interrupt_said"]:
            _say("interrupted")  # Ctrl-C outside a run: the command left nothing behind
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

"""Write the generated pages of the documentation: the command line and the scenario format.

Usage: python tools/docs_pages.py [--check]
(``--check``: exit 1 if a page differs from what the code gives, write nothing).

- docs/cli.md: every ``realpolitik`` command, its usage, help and options, read from the
  command itself (the Click command Typer builds), so the page cannot drift from ``--help``.
- docs/scenario-format.md: the scenario file format, from the pydantic schema
  (:func:`realpolitik.scenarios.reference.reference_markdown`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from realpolitik.cli import app
from realpolitik.scenarios.reference import reference_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"

CLI_INTRO = """\
# The command line

`realpolitik --help` lists the commands and `realpolitik COMMAND --help` explains one; this
page is the same text, generated from the commands themselves (`python tools/docs_pages.py`;
a test checks that it is up to date).

## Conventions

- **Output.** Every command that makes a result writes its numbers (CSV/JSON), figures and,
  for runs, the saved trajectory and the scenario as run into
  `./realpolitik-output/<command>-<timestamp>/` unless `--out DIR` is given, and prints the
  path. A folder that is not empty needs `--overwrite`. The folder is checked and created
  before any work starts. Reports are one self-contained HTML file (figures embedded), to be
  mailed, archived or opened offline.
- **Errors.** Bad input gets one short line on stderr naming the file, line, field or option,
  the bad value and what is allowed, and exit code 2, never a traceback (`realpolitik --debug
  ...` shows one).
- **Ctrl-C** stops a run, keeps nothing, says how many chunks had finished, and exits with 130.
- **Numbers** may be written `100000`, `100_000`, `100,000` or `1e5`.
"""


def _options(command: Any, ctx: Any) -> list[str]:
    rows = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, text = record
        rows.append((f"`{names}`", text))
    if not rows:
        return []
    lines = ["| argument or option | meaning |", "|---|---|"]
    for name, text in rows:
        cells = (name, text.replace("|", "\\|").replace("\n", " "))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _command_section(path: list[str], command: Any, parent: Any) -> list[str]:
    ctx = type(parent)(command, info_name=path[-1], parent=parent)
    out = [f"{'#' * min(len(path) + 1, 4)} {' '.join(path)}", ""]
    out += [
        "```console",
        " ".join(command.collect_usage_pieces(ctx)).join((f"{' '.join(path)} ", "")),
        "```",
        "",
    ]
    help_text = (command.help or "").strip()
    if help_text:
        out += [help_text, ""]
    table = _options(command, ctx)
    if table:
        out += [*table, ""]
    if hasattr(command, "list_commands"):  # a group (Typer may bring its own Click)
        for name in command.list_commands(ctx):
            out += _command_section([*path, name], command.get_command(ctx, name), ctx)
    return out


def cli_markdown() -> str:
    """Return the Markdown of the command-line page."""
    root = typer.main.get_command(app)
    ctx = root.context_class(root, info_name="realpolitik")
    parts = [CLI_INTRO, "## Commands", ""]
    parts += [
        f"- `realpolitik {name}`: {root.get_command(ctx, name).get_short_help_str(90)}"
        for name in root.list_commands(ctx)
    ]
    parts.append("")
    for name in root.list_commands(ctx):
        parts += _command_section(["realpolitik", name], root.get_command(ctx, name), ctx)
    return "\n".join(parts).rstrip() + "\n"


PAGES = {"cli.md": cli_markdown, "scenario-format.md": lambda: reference_markdown().rstrip() + "\n"}


def main(argv: list[str]) -> int:
    """Write (or with ``--check`` compare) the generated pages; return the exit code."""
    check = "--check" in argv[1:]
    stale = []
    for name, render in PAGES.items():
        page = DOCS / name
        text = render()
        if check:
            if not page.is_file() or page.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            page.write_text(text, encoding="utf-8")
    for name in stale:
        print(f"docs/{name} is out of date: run python tools/docs_pages.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Write docs/theory.md: every formal model's classic inputs, from their declarations.

Usage: python tools/theory_docs.py [--check]
(``--check``: exit 1 if docs/theory.md differs from what the declarations give, write nothing).

The page lists, for each model of ``realpolitik.theory``, its ``realpolitik theory`` command and a
table of its declared inputs (``INPUTS``): option, classic default, allowed values, units and
meaning. The declarations are the single source; this page, the command-line options and the
theory tour are all generated from them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from realpolitik.cli.theory import flags
from realpolitik.report.tour import stops
from realpolitik.report.tour.output import model_heading
from realpolitik.theory import richardson

PAGE = Path(__file__).resolve().parents[1] / "docs" / "theory.md"

INTRO = """\
# The formal models and their classic inputs

Each model of `realpolitik.theory` declares the inputs of its classic examples once, as data
(`realpolitik.theory.<model>.INPUTS`, a tuple of `realpolitik.theory.inputs.Input`: name,
default, allowed range, units and meaning). The `realpolitik theory <command>` options, the
theory tour (`realpolitik demo --theory`) and this page are generated from those declarations
(this page by `python tools/theory_docs.py`; a test checks that it is up to date).

A range is the one the model's own functions enforce; a condition that ties two inputs together
(such as `c_B_hi > c_B_lo`) is checked by the model and named in the input's meaning. An input
without a default is off unless given. Sources: `realpolitik.cite("<model>")`.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    """Return the page's Markdown."""
    parts = [INTRO]
    for stop in stops():
        parts.append(f"## {model_heading(stop.MODEL)}\n")
        parts.append(
            f"Module `realpolitik.theory.{stop.MODEL}`; command "
            f"`realpolitik theory {stop.COMMAND}`.\n"
        )
        parts.append("| input | option | default | allowed | units | meaning |")
        parts.append("|---|---|---|---|---|---|")
        for inp in stop.INPUTS:
            default = "off" if inp.default is None else f"`{inp.text(inp.default)}`"
            options = ", ".join(f"`{f}`" for f in flags(inp))
            row = (f"`{inp.name}`", options, default, inp.allowed, inp.units, inp.help)
            parts.append("| " + " | ".join(_cell(c) for c in row) + " |")
        if stop.MODEL == "richardson":
            runaway = ", ".join(f"{k} = {v:g}" for k, v in richardson.RUNAWAY.items())
            parts.append(f"\nThe classic runaway example (case iii): {runaway}.")
        parts.append("")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    """Write the page, or with ``--check`` report whether it is up to date."""
    text = render()
    if "--check" in argv:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE} is out of date: run python tools/theory_docs.py")
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

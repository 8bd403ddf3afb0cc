"""The scenario modules form one chain and the lab sits between report and cli (DESIGN.md).

Every import counts, also one inside a function: a module may import only the modules before
it in the chain and the layers below (theory, engine, citations), never one above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import realpolitik

SRC = Path(realpolitik.__file__).parent

#: The scenario modules, each allowed to import only the ones before it.
CHAIN = (
    "schema",
    "validation",
    "safe_yaml",
    "loader",
    "overrides",
    "compile",
    "reference",
    "__init__",
)
BELOW = ("realpolitik.theory", "realpolitik.engine", "realpolitik.citations")
ABOVE = ("realpolitik.analysis", "realpolitik.report", "realpolitik.lab", "realpolitik.cli")


def imports_of(path: Path) -> set[str]:
    """Return every ``realpolitik`` module a file imports, anywhere in it."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return {name for name in out if name.split(".")[0] == "realpolitik"}


def test_every_scenario_module_is_in_the_chain():
    modules = {p.stem for p in (SRC / "scenarios").glob("*.py")}
    assert modules == set(CHAIN)


@pytest.mark.parametrize("position", range(len(CHAIN)), ids=CHAIN)
def test_scenario_modules_import_only_down_the_chain(position):
    name = CHAIN[position]
    for module in imports_of(SRC / "scenarios" / f"{name}.py"):
        if module.startswith("realpolitik.scenarios"):
            own = module.removeprefix("realpolitik.scenarios").lstrip(".").split(".")[0]
            assert own in CHAIN[:position], f"{name} imports {module}"
        else:
            assert module.startswith(BELOW), f"{name} imports {module}"
            assert not module.startswith(ABOVE), f"{name} imports {module}"


def test_the_lab_imports_no_command_line_and_the_run_report_no_lab():
    lab = sorted((SRC / "lab").glob("*.py"))
    assert lab
    for path in lab:
        assert not any(m.startswith("realpolitik.cli") for m in imports_of(path)), path
    report = imports_of(SRC / "report" / "run_report.py")
    assert not any(m.startswith(("realpolitik.lab", "realpolitik.cli")) for m in report)

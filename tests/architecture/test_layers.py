"""The package's imports go down its layers and never in a circle (docs/architecture.md).

Every ``import`` and ``from ... import`` of every module is read, including those inside
functions (a lazy import is still a dependency; only imports for type checkers, under
``if TYPE_CHECKING:``, are not), and mapped to the importing and the imported module. Two
properties must hold:

- layers: a module imports only modules of its own layer or of a layer below it;
- no circles: the graph of module-to-module imports has no cycle (a module importing a package
  depends on the package's ``__init__``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import realpolitik

ROOT = Path(realpolitik.__file__).parent

LAYERS: dict[str, int] = {
    # base: import nothing of ours except their own layer's utilities
    "theory": 0,
    "analysis": 0,
    "data": 0,
    "citations": 0,
    "_output": 0,
    "engine": 1,
    "scenarios": 2,
    "calibrate": 3,
    "studies": 3,
    "history": 3,
    "experiments": 3,
    "game": 3,
    "testing": 3,
    "report": 4,
    "lab": 5,
    "cli": 6,
    "web": 6,
}
"""Top-level part of the package -> layer (higher layers may import lower ones)."""

INDEPENDENT = {"theory", "analysis", "data"}
"""Base parts that import nothing else of the package (not even each other)."""


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Return the package modules ``name`` imports (anywhere in its code)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rpartition(".")[0]
    found: set[str] = set()

    def add(target: str) -> None:
        # the longest known module prefix (a name imported from a module is not a module)
        parts = target.split(".")
        for k in range(len(parts), 0, -1):
            candidate = ".".join(parts[:k])
            if candidate in known:
                found.add(candidate)
                return

    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("realpolitik"):
                    add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("realpolitik"):
                continue
            for alias in node.names:
                # ``from pkg import sub`` depends on the submodule; ``from pkg import name`` on
                # the module that defines the name (the package's __init__ for pkg)
                add(f"{mod}.{alias.name}")
    found.discard(name)
    return found


def _runtime_nodes(tree: ast.AST):
    """Yield every node except those under ``if TYPE_CHECKING:`` (never imported at run time)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                todo.extend(child.orelse)
                continue
            todo.append(child)


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_every_part_of_the_package_has_a_layer():
    parts = {_part(m) for m in _modules()} - {None}
    assert parts <= set(LAYERS), sorted(parts - set(LAYERS))


def test_imports_go_down_the_layers(graph):
    bad = []
    for module, targets in graph.items():
        src = _part(module)
        if src is None:  # the package's lazy facade (realpolitik/__init__.py)
            continue
        for target in targets:
            dst = _part(target)
            if dst is None or dst == src:
                continue
            if LAYERS[dst] > LAYERS[src] or (src in INDEPENDENT and dst in INDEPENDENT):
                bad.append(f"{module} -> {target}")
    assert not bad, "imports that go up (or across the base) the layers:\n" + "\n".join(bad)


def test_the_base_layers_import_nothing_else_of_the_package(graph):
    for module, targets in graph.items():
        if _part(module) in INDEPENDENT:
            outside = {t for t in targets if _part(t) != _part(module)}
            assert not outside, f"{module} imports {sorted(outside)}"


def test_there_is_no_import_circle(graph):
    seen: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if seen.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in seen:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        seen[node] = 2
        return None

    for start in sorted(graph):
        if start not in seen:
            cycle = visit(start)
            assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_reader_sees_imports_inside_functions_but_not_for_type_checkers(tmp_path):
    src = tmp_path / "mod.py"
    src.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from realpolitik.cli import app\n"
        "def f():\n    from realpolitik.engine import simulate\n    return simulate\n"
    )
    known = {"realpolitik.engine", "realpolitik.cli", "realpolitik.theory.mod"}
    assert _imports("realpolitik.theory.mod", src, known) == {"realpolitik.engine"}

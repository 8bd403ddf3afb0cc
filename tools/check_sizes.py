"""List modules over a line limit and functions over a line limit in the package (advisory)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MODULE_LINES = 600
FUNCTION_LINES = 80


def main(root: str = "src/realpolitik") -> int:
    """Print the modules and functions over the limits; return how many there are."""
    n = 0
    for path in sorted(Path(root).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MODULE_LINES:
            print(f"module {path}: {lines} lines")
            n += 1
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_LINES:
                    print(f"function {path}:{node.lineno} {node.name}: {length} lines")
                    n += 1
    return n


if __name__ == "__main__":
    sys.exit(1 if main(*sys.argv[1:]) else 0)

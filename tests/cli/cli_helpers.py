"""Helpers for the command-line tests: read the files a command wrote, parse its output."""

from __future__ import annotations

import json
import re
from pathlib import Path

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def read_json(folder: Path) -> dict:
    """Return the ``result.json`` a command wrote."""
    return json.loads((folder / "result.json").read_text(encoding="utf-8"))


def assert_png(path: Path) -> None:
    """The file exists, is not empty and is a PNG."""
    assert path.is_file(), path
    data = path.read_bytes()
    assert len(data) > 1000
    assert data.startswith(PNG_MAGIC)


def number_after(label: str, text: str) -> float:
    """Return the first number printed after ``label`` on the same line of a rich table."""
    match = re.search(re.escape(label) + r"[^\n]*?(-?\d+(?:\.\d+)?(?:e-?\d+)?)", text)
    assert match, f"{label!r} not found in output:\n{text}"
    return float(match.group(1))


def sig4(x: float) -> str:
    """Format as the CLI prints numbers (4 significant digits)."""
    return f"{x:.4g}"

"""Small result tables and how a value is written in one: printed, CSV and HTML alike.

A :class:`Table` holds raw values (numbers, strings, booleans, None, tuples); :func:`fmt` renders
one for a table cell, so the command line, the CSV files and the HTML report show a result the
same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Table", "fmt", "table"]


@dataclass(frozen=True)
class Table:
    """A small table of results: printed by the CLI, written as CSV, shown in the HTML page.

    Attributes
    ----------
    title : str
        Caption.
    columns : tuple of str
        Column headings.
    rows : tuple of tuple
        Raw values (numbers, strings, booleans, None, tuples); :func:`fmt` renders them.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    """Return a :class:`Table` from any sequences (columns and rows become tuples).

    Parameters
    ----------
    title
        Caption.
    columns
        Column headings.
    rows
        Rows of raw values.

    Returns
    -------
    Table
        The table.
    """
    return Table(title, tuple(columns), tuple(tuple(r) for r in rows))


def fmt(value: object) -> str:
    """Render a result value for a table cell.

    Parameters
    ----------
    value
        A number, bool, string, None, or a tuple/list of those.

    Returns
    -------
    str
        Floats with 4 significant digits, ``inf`` for infinity, ``yes``/``no`` for booleans,
        ``none`` for None, ``(a, b)`` for sequences.
    """
    if value is None:
        return "none"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        x = float(value)
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        if math.isnan(x):
            return "nan"
        if x == 0.0:
            return "0"
        return f"{x:.4g}"
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence | np.ndarray):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    return str(value)

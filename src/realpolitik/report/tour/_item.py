"""One stop of the theory tour: a model run on given inputs, as tables, numbers and figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from realpolitik.report.tables import Table

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["TourItem"]


@dataclass
class TourItem:
    """One stop of the theory tour: a model run on given inputs.

    Attributes
    ----------
    key : str
        Short name used for files and anchors, e.g. ``"richardson"``.
    model : str
        The theory module (and :func:`realpolitik.cite` name), e.g. ``"offense_defense"``.
    title : str
        Heading.
    summary : str
        One or two sentences saying what the result shows.
    inputs : dict
        The inputs the model was run on.
    tables : list of Table
        The printed results.
    data : dict
        The numbers written to ``result.json``.
    frames : dict of str to Table
        Larger tables written as CSV files (e.g. a parameter grid).
    figures : dict of str to callable
        Figure name -> function building a matplotlib Figure (called lazily).
    """

    key: str
    model: str
    title: str
    summary: str
    inputs: dict[str, Any]
    tables: list[Table]
    data: dict[str, Any]
    frames: dict[str, Table] = field(default_factory=dict)
    figures: dict[str, Callable[[], Figure]] = field(default_factory=dict)

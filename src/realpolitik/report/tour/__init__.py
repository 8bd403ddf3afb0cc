"""The theory tour: each formal model run on its classic inputs, as tables, numbers and figures.

One module per model of :mod:`realpolitik.theory` (named after it) turns what the model's
functions return into a :class:`TourItem`: the printed tables, the numbers stored as JSON or CSV
and the figures. A tour module computes nothing itself: the inputs, their defaults and ranges
(the model's ``INPUTS``) and every curve it draws come from the theory module. Each tour module
holds

- its docstring, the help of its ``realpolitik theory`` command (sources, units, what it shows);
- ``MODEL``, the theory module, and ``COMMAND``, its ``realpolitik theory`` command;
- ``INPUTS``, the theory module's declared inputs (the command's options);
- ``item(**given)``, the model on the given inputs (the others at their classic values);
- ``classic()``, its stops of the classic tour (``realpolitik demo --theory``).

:func:`classic_tour` runs every stop; :func:`realpolitik.report.tour.output.tour_page` writes
them as one HTML page and :func:`~realpolitik.report.tour.output.write_item` writes one item's
files. Importing this package does not import matplotlib.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from realpolitik.report.tables import Table, fmt
from realpolitik.report.tour._item import TourItem
from realpolitik.report.tour.output import tour_page, write_item
from realpolitik.report.tour.richardson import fit_item as richardson_fit_item
from realpolitik.theory import MODELS

__all__ = [
    "Table",
    "TourItem",
    "classic_tour",
    "fmt",
    "richardson_fit_item",
    "stop",
    "stops",
    "tour_page",
    "write_item",
]


def stop(model: str) -> ModuleType:
    """Return the tour module of a theory model, e.g. ``stop("spiral")``.

    Parameters
    ----------
    model
        One of :data:`realpolitik.theory.MODELS`.

    Returns
    -------
    module
        ``realpolitik.report.tour.<model>``.

    Raises
    ------
    ValueError
        For an unknown model.
    """
    if model not in MODELS:
        raise ValueError(f"model = {model!r} is not allowed; choose one of {list(MODELS)}")
    return importlib.import_module(f"realpolitik.report.tour.{model}")


def stops() -> list[ModuleType]:
    """Return the tour modules of every theory model, in the order of the theory package."""
    return [stop(model) for model in MODELS]


def classic_tour() -> list[TourItem]:
    """Run every stop of the tour on its classic inputs.

    Returns
    -------
    list of TourItem
        Richardson (stable example, runaway example, the 1909-1913 fit), Jervis, Kydd, Fearon,
        deterrence, contest, repeated play, alliances and audience costs, in that order.
    """
    return [item for module in stops() for item in module.classic()]

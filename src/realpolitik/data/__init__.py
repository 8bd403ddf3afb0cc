"""The field's datasets in Python: COW, ATOP, GML-MID, arms races, rivalries, stockpiles, SIPRI.

:func:`catalog` lists every dataset with its version, coverage, citation and terms;
:func:`load` returns one as a tidy table in documented, normalised units (docs/data.md):
country-years carry ``ccode``, ``stateabb`` and ``year``, dyad-years ``ccode1``, ``ccode2`` and
``year``. The tables ship inside the package (built by ``tools/build_data.py`` from the
authors' files); SIPRI's database is not redistributed and is read from the user's own
download. Every table records the datasets it came from, so that ``realpolitik.cite(table)``
lists what a result used, and :func:`used` names every dataset loaded in this session
(``realpolitik.cite(*data.used())``), in the spirit of peacesciencer (Miller 2022).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from realpolitik.data._sources import DATASETS

if TYPE_CHECKING:  # the names below load on first use: importing the package stays light
    from realpolitik.data._load import DataError, catalog, ccode, dataset, load, used  # noqa: F401
    from realpolitik.data.dyads import (  # noqa: F401
        add_alliances,
        add_arms_races,
        add_capabilities,
        add_disputes,
        add_major_powers,
        add_rivalries,
        add_wars,
        dispute_dyads,
        dyad_years,
        war_dyads,
    )
    from realpolitik.data.sipri import set_sipri_path, sipri_path  # noqa: F401

#: Public names resolved on first use (PEP 562): name -> module. ``import realpolitik`` reads
#: the datasets' citations (:mod:`realpolitik.data._sources`) without importing pandas.
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        ["DataError", "catalog", "ccode", "dataset", "load", "used"], "realpolitik.data._load"
    ),
    **dict.fromkeys(
        [
            "add_alliances",
            "add_arms_races",
            "add_capabilities",
            "add_disputes",
            "add_major_powers",
            "add_rivalries",
            "add_wars",
            "dispute_dyads",
            "dyad_years",
            "war_dyads",
        ],
        "realpolitik.data.dyads",
    ),
    **dict.fromkeys(["set_sipri_path", "sipri_path"], "realpolitik.data.sipri"),
}

__all__ = ["DATASETS", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'realpolitik.data' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

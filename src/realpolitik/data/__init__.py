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

from realpolitik.data._load import (
    DataError,
    catalog,
    ccode,
    dataset,
    load,
    used,
)
from realpolitik.data._sources import DATASETS
from realpolitik.data.dyads import (
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
from realpolitik.data.sipri import set_sipri_path, sipri_path

__all__ = [
    "DATASETS",
    "DataError",
    "add_alliances",
    "add_arms_races",
    "add_capabilities",
    "add_disputes",
    "add_major_powers",
    "add_rivalries",
    "add_wars",
    "catalog",
    "ccode",
    "dataset",
    "dispute_dyads",
    "dyad_years",
    "load",
    "set_sipri_path",
    "sipri_path",
    "used",
    "war_dyads",
]

"""The field's datasets in Python: COW, ATOP, GML-MID, arms races, rivalries, stockpiles, SIPRI.

:func:`catalog` lists every dataset with its version, coverage, citation and terms;
:func:`load` returns one as a tidy table in documented, normalised units (docs/data.md):
country-years carry ``ccode``, ``stateabb`` and ``year``, dyad-years ``ccode1``, ``ccode2`` and
``year``. The tables ship inside the package (built by ``tools/build_data.py`` from the
authors' files); SIPRI's database is not redistributed and is read from the user's own
download. Every table records the datasets it came from, so that :func:`realpolitik.cite`
(or :func:`cite` here) lists what a result used, in the spirit of peacesciencer (Miller 2022).
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

__all__ = [
    "DATASETS",
    "DataError",
    "catalog",
    "ccode",
    "cite",
    "dataset",
    "load",
    "used",
]


def cite(*things: object) -> str:
    """Return the BibTeX of datasets (names or tables from :func:`load`).

    With no argument: every dataset loaded in this session (see :func:`used`).

    Parameters
    ----------
    *things
        Dataset names or tables returned by :func:`load` and the join functions.

    Returns
    -------
    str
        BibTeX entries, each once.
    """
    from realpolitik.citations import cite as _cite

    return _cite(*(things or used()))

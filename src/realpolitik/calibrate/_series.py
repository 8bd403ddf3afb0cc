"""Yearly military-expenditure series of states and blocs, from the bundled data or SIPRI.

One place turns "these states (or blocs), these years, this series" into a gap-free
``(years, sides)`` array, or one clear :class:`~realpolitik.data.DataError` naming the series,
the state and the missing years: a fit never sees a silent NaN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

#: The spending series a fit can use: (dataset, column, units, description).
SERIES: dict[str, tuple[str, str, str]] = {
    "nmc": (
        "nmc",
        "milex_usd",
        "NMC v7 military expenditure, current US$ (before 1914 pounds at the gold parity "
        "4.8665 US$/GBP; Singer, Bremer and Stuckey 1972)",
    ),
    "nmc_real": (
        "nmc",
        "milex_usd_2020",
        "NMC v7 military expenditure deflated to constant 2020 US$ (docs/data.md's deflator)",
    ),
    "owid": (
        "owid_milex",
        "milex_usd_2020",
        "Our World in Data's military expenditure, constant 2020 US$ (COW before 1949, SIPRI "
        "after; OWID 2021, CC BY 4.0)",
    ),
    "sipri": (
        "sipri",
        "milex_usd_constant",
        "SIPRI military expenditure at SIPRI's constant prices (your own download)",
    ),
}

#: Spending is reported in millions of US dollars (the series carry US dollars).
SCALE = 1e6
UNITS = "million US$ per year"


@dataclass(frozen=True)
class Side:
    """One side of a fit: a state or a bloc of states whose spending is added up.

    Attributes
    ----------
    label : str
        The abbreviations joined by ``+`` (``"GMY+AUH"``).
    ccodes : tuple of int
        The members' COW codes.
    """

    label: str
    ccodes: tuple[int, ...]


@lru_cache(maxsize=1)
def _abbreviations() -> dict[int, str]:
    from realpolitik.data import load

    spells = load("states", level="spell").drop_duplicates("ccode")
    return dict(zip(spells["ccode"].astype(int), spells["stateabb"].astype(str), strict=True))


def side(members: int | str | Sequence[int | str]) -> Side:
    """Resolve a state or a bloc (COW codes, abbreviations or names; ``"GMY,AUH"`` too).

    Parameters
    ----------
    members
        One state, a comma-separated text of states, or a sequence of states.

    Returns
    -------
    Side

    Raises
    ------
    DataError
        For an unknown state, an empty bloc or a state named twice.
    """
    from realpolitik.data import DataError, ccode

    if isinstance(members, str):
        items: list[int | str] = [m.strip() for m in members.split(",") if m.strip()]
    elif isinstance(members, int):
        items = [members]
    else:
        items = list(members)
    if not items:
        raise DataError(f"a side of the fit is empty ({members!r}); name at least one state")
    codes = tuple(ccode(int(m) if isinstance(m, str) and m.isdigit() else m) for m in items)
    if len(set(codes)) != len(codes):
        raise DataError(f"side {members!r} names a state twice (COW codes {list(codes)})")
    abb = _abbreviations()
    return Side("+".join(abb.get(c, str(c)) for c in codes), codes)


@lru_cache(maxsize=8)
def _wide(series: str, source: str) -> pd.DataFrame:
    """One series as a year x state table (``source``: the SIPRI workbook read, else "")."""
    from realpolitik.data import load

    name, column, _ = SERIES[series]
    table = load(name)
    wide = table.pivot_table(index="year", columns="ccode", values=column, aggfunc="sum")
    wide.index = wide.index.astype(int)
    wide.columns = wide.columns.astype(int)
    return wide.astype(float)


def levels(
    sides: Sequence[Side], years: tuple[int, int], series: str = "nmc"
) -> tuple[np.ndarray, str]:
    """Return each side's yearly spending (million US$) over ``years``, NaN where missing.

    A bloc's year is missing when any member's is. Same parameters and errors as
    :func:`spending`, except that gaps are returned (as NaN), not refused.
    """
    from realpolitik.data import DataError, sipri_path
    from realpolitik.data._load import check_years

    if series not in SERIES:
        raise DataError(f"series {series!r} is not known; choose one of {list(SERIES)}")
    source = ""
    if series == "sipri":
        path = sipri_path()
        source = f"{path}:{path.stat().st_mtime_ns if path.exists() else 0}"
    wide = _wide(series, source)
    first, last = years
    check_years(SERIES[series][0], (first, last), int(wide.index.min()), int(wide.index.max()))
    codes = sorted({c for s in sides for c in s.ccodes})
    wide = wide.reindex(index=range(first, last + 1), columns=codes)
    # a NaN member makes the bloc's year NaN: a sum over some members is not the bloc's
    out = np.column_stack([wide[list(s.ccodes)].to_numpy().sum(axis=1) for s in sides])
    return out / SCALE, SERIES[series][2]


def spending(
    sides: Sequence[Side], years: tuple[int, int], series: str = "nmc"
) -> tuple[np.ndarray, str]:
    """Return each side's yearly spending (million US$) over ``years``, with no gaps.

    Parameters
    ----------
    sides
        The sides; a bloc's members are added up.
    years
        ``(first, last)``, inclusive.
    series
        A key of :data:`SERIES`.

    Returns
    -------
    (numpy.ndarray, str)
        ``(last - first + 1, len(sides))`` float64 spending and the series' description.

    Raises
    ------
    DataError
        For an unknown series, years outside its coverage (from :func:`realpolitik.data.load`),
        or a side without a value in some year of the window (the error lists the years).
    """
    from realpolitik.data import DataError

    out, description = levels(sides, years, series)
    first, last = years
    for k, s in enumerate(sides):
        gaps = [first + i for i in np.flatnonzero(~np.isfinite(out[:, k]))]
        if gaps:
            shown = ", ".join(map(str, gaps[:8])) + (" ..." if len(gaps) > 8 else "")
            raise DataError(
                f"series {series!r} ({SERIES[series][1]}): {s.label} has no value in "
                f"{len(gaps)} of the years {first}-{last} ({shown}); gaps are not filled: "
                "choose years where every state has data, or another series"
            )
    return out, description


def longest_complete(values: np.ndarray) -> tuple[int, int]:
    """Return ``(start, stop)`` of the longest run of rows without NaN (stop exclusive).

    The earliest such run wins a tie; ``(0, 0)`` when every row has a NaN.
    """
    ok = np.all(np.isfinite(values), axis=1).astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], ok, [0]])))
    starts, stops = edges[::2], edges[1::2]
    if starts.size == 0:
        return 0, 0
    best = int(np.argmax(stops - starts))
    return int(starts[best]), int(stops[best])

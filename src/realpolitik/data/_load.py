"""Loading the bundled datasets: :func:`catalog`, :func:`load`, state codes and the usage record."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence

import pandas as pd

from realpolitik.data._sources import DATASETS, Dataset
from realpolitik.data._store import DataError, coverage, manifest, read, state_table
from realpolitik.data.sipri import load_sipri

#: The ``DataFrame.attrs`` key that lists the datasets a table was built from (for ``cite``).
SOURCES_ATTR = "realpolitik_datasets"

_USED: dict[str, None] = {}
"""Datasets loaded in this session, in first-use order (read by :func:`used`)."""


def dataset(name: str) -> Dataset:
    """Return the description of the dataset ``name`` (raises :class:`DataError` if unknown)."""
    try:
        return DATASETS[name]
    except KeyError:
        raise DataError(f"unknown dataset {name!r}; choose one of {sorted(DATASETS)}") from None


def catalog() -> pd.DataFrame:
    """Return one row per dataset: what it is, its coverage, citation and terms.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``title``, ``version``, ``first_year``, ``last_year``, ``rows`` (of
        the default table), ``citation``, ``terms`` and ``bundled`` (``"bundled"``, or
        ``"user download"`` for SIPRI, whose database is not redistributed; its coverage and
        rows are missing because they depend on the workbook the user downloaded).

    Examples
    --------
    >>> from realpolitik import data
    >>> cat = data.catalog()
    >>> cat.set_index("name").loc["wars", ["first_year", "last_year", "rows"]].tolist()
    [1816, 2007, 337]
    """
    tables = manifest()
    rows = []
    for d in DATASETS.values():
        stem = next(iter(d.tables.values()), None)
        first, last = coverage(stem) if stem else (None, None)
        rows.append(
            {
                "name": d.name,
                "title": d.title,
                "version": d.version,
                "first_year": first,
                "last_year": last,
                "rows": tables[stem]["rows"] if stem else None,
                "citation": d.citation,
                "terms": d.terms,
                "bundled": "bundled" if d.bundled else "user download",
            }
        )
    df = pd.DataFrame(rows)
    return df.astype({c: "Int64" for c in ("first_year", "last_year", "rows")})


def used() -> list[str]:
    """Return the names of the datasets loaded in this session, in first-use order."""
    return list(_USED)


def record(df: pd.DataFrame, names: Iterable[str]) -> pd.DataFrame:
    """Mark ``df`` as built from the datasets ``names`` (kept in ``df.attrs``) and return it."""
    merged = dict.fromkeys([*df.attrs.get(SOURCES_ATTR, []), *names])
    df.attrs[SOURCES_ATTR] = list(merged)
    _USED.update(dict.fromkeys(names))
    return df


def ccode(state: int | str) -> int:
    """Return the COW state code of a code, abbreviation (``"UKG"``) or name (``"France"``).

    Parameters
    ----------
    state
        A COW code (an integer, also as text: ``"200"``), a COW abbreviation or a COW state
        name (case-insensitive).

    Returns
    -------
    int
        The COW code.

    Raises
    ------
    DataError
        For a code, abbreviation or name not in the COW state list (v2016).

    Examples
    --------
    >>> from realpolitik.data import ccode
    >>> ccode("UKG"), ccode("gmy"), ccode(2), ccode("France")
    (200, 255, 2, 220)
    """
    table = state_table()
    if isinstance(state, bool):
        raise DataError(f"state {state!r}: give a COW code, abbreviation or name")
    if isinstance(state, str) and state.strip().isdigit():
        state = int(state)
    if isinstance(state, numbers.Integral):
        if int(state) in set(table["ccode"].astype(int)):
            return int(state)
        raise DataError(
            f"unknown state code {state}; COW codes run from 2 to 990 "
            "(realpolitik.data.load('states', level='spell') lists them)"
        )
    key = str(state).strip().upper()
    for column in ("stateabb", "statenme"):
        hit = table[table[column].str.upper() == key]
        if len(hit):
            return int(hit["ccode"].iloc[0])
    raise DataError(
        f"unknown state {state!r}: not a COW abbreviation or name "
        "(realpolitik.data.load('states', level='spell') lists them)"
    )


def _option(d: Dataset, level: str | None, source: str | None) -> str:
    given = {"level": level, "source": source}
    for key, value in given.items():
        if value is not None and key != d.option:
            allowed = f"only {d.option}=" if d.option else "neither level= nor source="
            raise DataError(f"load({d.name!r}): {key}={value!r} is not an option ({allowed})")
    value = given.get(d.option or "")
    if value is None:
        return next(iter(d.tables))
    if value not in d.tables:
        raise DataError(f"load({d.name!r}): {d.option}={value!r}; choose one of {list(d.tables)}")
    return value


def check_years(name: str, years: tuple[int, int], first: int, last: int) -> None:
    """Raise :class:`DataError` unless ``first <= start <= end <= last``."""
    start, end = years
    if start > end:
        raise DataError(f"{name}: years {start}-{end}: the start comes after the end")
    if start < first or end > last:
        raise DataError(f"{name}: years {start}-{end} outside the data's coverage {first}-{last}")


def _filter(
    df: pd.DataFrame,
    name: str,
    span: tuple[int, int],
    years: tuple[int, int] | None,
    states: Sequence[int | str] | None,
) -> pd.DataFrame:
    full = df
    if years is not None:
        start, end = (int(y) for y in years)
        check_years(name, (start, end), *span)
        if "year" in df:
            df = df[df["year"].between(start, end)]
        else:
            stop = df["endyear"].fillna(df["styear"])
            df = df[(df["styear"] <= end) & (stop >= start)]
    if states is not None:
        codes = [ccode(s) for s in states]
        cols = [c for c in ("ccode", "ccode1", "ccode2") if c in df]
        df = df[df[cols].isin(codes).any(axis=1)]
        if "ccode" in df and "year" in df:  # a country-year table: every state must be in it
            _check_present(name, full, df, codes, years)
    return df


def _check_present(
    name: str,
    full: pd.DataFrame,
    kept: pd.DataFrame,
    codes: list[int],
    years: tuple[int, int] | None,
) -> None:
    """Raise :class:`DataError` for a requested state without rows, rather than return none."""
    present = set(kept["ccode"].dropna().astype(int))
    for code in codes:
        if code in present:
            continue
        span = "" if years is None else f" in {years[0]}-{years[1]}"
        have = full["year"][full["ccode"] == code]
        where = (
            f"its years there: {int(have.min())}-{int(have.max())}"
            if len(have)
            else "it has no rows there at all"
        )
        abb = dict(zip(state_table()["ccode"], state_table()["stateabb"], strict=True))[code]
        raise DataError(f"{name}: state {code} ({abb}) has no rows{span}; {where}")


def _major_power_years() -> pd.DataFrame:
    spells = read("major_powers")
    rows = [
        (int(r.ccode), r.stateabb, year)
        for r in spells.itertuples()
        for year in range(int(r.styear), int(r.endyear) + 1)
    ]
    df = pd.DataFrame(rows, columns=["ccode", "stateabb", "year"])
    df = df.astype({"ccode": "Int16", "stateabb": "string", "year": "Int16"})
    return df.sort_values(["ccode", "year"]).reset_index(drop=True)


def load(
    name: str,
    *,
    level: str | None = None,
    source: str | None = None,
    years: tuple[int, int] | None = None,
    states: Sequence[int | str] | None = None,
) -> pd.DataFrame:
    """Return a dataset as a tidy table in documented units (docs/data.md lists the columns).

    Parameters
    ----------
    name
        A dataset of :func:`catalog` (``nmc``, ``states``, ``major_powers``, ``wars``,
        ``cow_alliances``, ``atop``, ``mids``, ``sipri``, ``nuclear``, ``arms_races``,
        ``rivalries``, ``owid_milex``).
    level
        ``states`` and ``major_powers``: ``"year"`` (state-years, default) or ``"spell"``;
        ``mids``: ``"dispute"`` (default) or ``"participant"``.
    source
        ``rivalries``: ``"tss"`` (Thompson, Sakuwa and Suhas 2021; default) or ``"td"``
        (Thompson and Dreyer 2012); ``nuclear``: ``"fas"`` (FAS 2023; default) or ``"bas"``
        (Kristensen and Norris 2013).
    years
        ``(start, end)``, inclusive: keep these years (spells overlapping them). Years
        outside the data's coverage raise :class:`DataError`.
    states
        COW codes, abbreviations or names: keep rows involving any of them.

    Returns
    -------
    pandas.DataFrame
        A fresh copy; ``df.attrs["realpolitik_datasets"]`` names the dataset for
        :func:`realpolitik.cite`.

    Raises
    ------
    DataError
        For an unknown dataset, option, state or years outside the coverage.

    Examples
    --------
    >>> from realpolitik import data
    >>> wars = data.load("wars")
    >>> ww1 = wars[wars.war_num == 106]
    >>> int(ww1.styear.min()), int(ww1.endyear.max()), ww1.war_name.iloc[0]
    (1914, 1918, 'World War I')
    """
    d = dataset(name)
    if not d.bundled:
        if level is not None or source is not None:
            raise DataError("load('sipri'): takes neither level= nor source=")
        df = load_sipri()
        span = (int(df["year"].min()), int(df["year"].max()))
    else:
        option = _option(d, level, source)
        if name == "major_powers" and option == "year":
            df = _major_power_years()
        else:
            df = read(d.tables[option])
        span = coverage(d.tables[option])
    df = _filter(df, name, span, years, states).reset_index(drop=True).copy()
    df.attrs = {}
    return record(df, [name])

"""SIPRI's Military Expenditure Database, read from the user's own download of its workbook.

SIPRI's data are not redistributed with realpolitik. Download the workbook (``SIPRI-Milex-data-
1949-<year>.xlsx``) from https://www.sipri.org/databases/milex, then either call
:func:`set_sipri_path` once (the path is remembered in ``realpolitik/data.json`` under the
user's configuration folder) or set the environment variable ``REALPOLITIK_SIPRI``, which wins
over the remembered path. ``realpolitik.data.load("sipri")`` then returns a tidy country-year
table; cite SIPRI as the source (``realpolitik.cite("sipri")``).
"""

from __future__ import annotations

import json
import os
import re
import sys
from functools import cache
from pathlib import Path

import pandas as pd

from realpolitik.data._store import DataError, state_table

ENV = "REALPOLITIK_SIPRI"
WHERE = (
    "download SIPRI's Military Expenditure Database workbook (.xlsx) from "
    "https://www.sipri.org/databases/milex, then call "
    "realpolitik.data.set_sipri_path(PATH) once or set the environment variable "
    f"{ENV}=PATH"
)

#: Workbook sheet (by the start of its name) -> column, and the factor to the column's unit.
SHEETS: dict[str, tuple[str, float]] = {
    "Current USD": ("milex_usd", 1e6),  # US$ m -> US$
    "Constant": ("milex_usd_constant", 1e6),  # US$ m at constant prices -> US$
    "Share of GDP": ("share_gdp", 1.0),  # a fraction (0.037 = 3.7 %)
    "Share of Govt": ("share_govt", 1.0),  # a fraction of government spending
    "Per capita": ("milex_per_capita_usd", 1.0),  # current US$ per person
}

#: SIPRI country names that differ from COW's state names -> COW code.
SIPRI_NAMES: dict[str, int] = {
    "Bosnia-Herzegovina": 346,
    "Central African Rep.": 482,
    "Congo, Dem. Rep.": 490,
    "Congo, Republic of": 484,
    "Czechia": 316,
    "C\u00f4te d\u2019Ivoire": 437,  # with a typographic apostrophe
    "Dominican Rep.": 42,
    "German DR": 265,
    "Korea, North": 731,
    "Korea, South": 732,
    "North Macedonia": 343,
    "Serbia": 345,
    "Timor-Leste": 860,
    "Trinidad & Tobago": 52,
    "UAE": 696,
    "UK": 200,
    "USA": 2,
    "USSR": 365,
    "Viet Nam": 816,
    "Yemen, North": 678,
    "eSwatini": 572,
}
#: Misspellings in some sheets of SIPRI's 2021 workbook -> the name used elsewhere.
SPELLING = {"Congo, Repubic of": "Congo, Republic of", "Norh Macedonia": "North Macedonia"}
#: Region and subregion headings of SIPRI's sheets (some sheets give them values).
REGIONS = frozenset(
    {
        "Africa", "North Africa", "Sub-Saharan Africa", "Americas", "North America",
        "Central America and the Caribbean", "South America", "Asia & Oceania", "Central Asia",
        "East Asia", "Oceania",
        "South Asia", "South East Asia", "Europe", "Central Europe", "Eastern Europe",
        "Western Europe", "Middle East", "World",
    }
)  # fmt: skip
#: SIPRI's "Germany" is the Federal Republic (COW 260) before unification in 1990.
GERMANY_SPLIT = 1990
#: COW 365 is the USSR to 1991 and Russia after; SIPRI's separate "Russia" rows before 1992
#: (estimates for the Russian republic) get no COW code, so that 365-year stays unique.
RUSSIA_FROM = 1992


def _config_file() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "realpolitik" / "data.json"


def _check_workbook(path: Path, what: str) -> Path:
    if not path.is_file():
        raise DataError(f"{what}: no file at {path}; {WHERE}")
    if path.suffix.lower() != ".xlsx":
        raise DataError(f"{what}: {path} is not an .xlsx workbook; {WHERE}")
    return path


def set_sipri_path(path: str | os.PathLike[str]) -> Path:
    """Remember where the user's SIPRI workbook is (in the user's configuration folder).

    Parameters
    ----------
    path
        The downloaded ``.xlsx`` workbook.

    Returns
    -------
    pathlib.Path
        The absolute path remembered.

    Raises
    ------
    DataError
        If there is no ``.xlsx`` file at ``path``.
    """
    workbook = _check_workbook(Path(path).expanduser().resolve(), "set_sipri_path")
    config = _config_file()
    settings = json.loads(config.read_text(encoding="utf-8")) if config.is_file() else {}
    settings["sipri"] = str(workbook)
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    return workbook


def sipri_path() -> Path:
    """Return the SIPRI workbook to read: ``$REALPOLITIK_SIPRI``, else the remembered path.

    Raises
    ------
    DataError
        If neither is set (the message says where to get the workbook) or the file is gone.
    """
    if os.environ.get(ENV):
        return _check_workbook(Path(os.environ[ENV]).expanduser(), ENV)
    config = _config_file()
    if config.is_file():
        remembered = json.loads(config.read_text(encoding="utf-8")).get("sipri")
        if remembered:
            return _check_workbook(Path(remembered), f"the SIPRI path remembered in {config}")
    raise DataError(f"load('sipri'): SIPRI's data do not ship with realpolitik; {WHERE}")


def _sheet(rows: list[tuple], sheet: str, column: str, factor: float) -> pd.DataFrame:
    """Read one sheet (rows of cell values) into long form: country, year, value."""
    head = next((i for i, r in enumerate(rows) if str(r[0] or "").strip() == "Country"), None)
    if head is None:
        raise DataError(f"SIPRI workbook, sheet {sheet!r}: no header row starting 'Country'")
    years = {j: int(v) for j, v in enumerate(rows[head]) if isinstance(v, int | float)}
    records = []
    for row in rows[head + 1 :]:
        values = [row[j] if j < len(row) else None for j in years]
        if row[0] is None or all(v is None for v in values):
            continue  # a region or subregion heading, or a blank line
        country = " ".join(str(row[0]).split())
        country = SPELLING.get(country, country)
        for year, value in zip(years.values(), values, strict=True):
            number = value * factor if isinstance(value, int | float) else None
            records.append((country, year, number))  # "xxx" and ". ." -> missing
    df = pd.DataFrame(records, columns=["country", "year", column])
    return df.astype({column: "float64"})


@cache
def _read_workbook(path: str, mtime: float) -> pd.DataFrame:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise DataError(f"{path}: not a readable .xlsx workbook ({exc}); {WHERE}") from None
    try:
        table: pd.DataFrame | None = None
        base_year = None
        for prefix, (column, factor) in SHEETS.items():
            name = next((n for n in book.sheetnames if n.startswith(prefix)), None)
            if name is None:
                raise DataError(f"SIPRI workbook {path}: no sheet named {prefix!r}...")
            if prefix == "Constant":
                found = re.search(r"(\d{4})", name)
                base_year = int(found.group(1)) if found else None
            rows = list(book[name].iter_rows(values_only=True))
            part = _sheet(rows, name, column, factor)
            table = (
                part if table is None else table.merge(part, on=["country", "year"], how="outer")
            )
    finally:
        book.close()
    assert table is not None
    table["constant_base_year"] = pd.array([base_year] * len(table), dtype="Int16")
    return table


def _codes(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW ``ccode`` and ``stateabb`` (missing for a country outside COW's list)."""
    states = state_table()
    by_name = dict(zip(states["statenme"].str.lower(), states["ccode"].astype(int), strict=True))
    codes = df["country"].map(lambda c: SIPRI_NAMES.get(c, by_name.get(c.lower())))
    west = (df["country"] == "Germany") & (df["year"] < GERMANY_SPLIT)
    codes = codes.mask(west, 260)
    codes = codes.mask((df["country"] == "Russia") & (df["year"] < RUSSIA_FROM), None)
    df.insert(1, "ccode", pd.array(codes, dtype="Int16"))
    abb = dict(zip(states["ccode"].astype(int), states["stateabb"], strict=True))
    df.insert(2, "stateabb", df["ccode"].map(abb).astype("string"))
    return df


def load_sipri(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return SIPRI's military expenditure as a tidy country-year table.

    Parameters
    ----------
    path
        The workbook; default :func:`sipri_path` (``$REALPOLITIK_SIPRI`` or the remembered
        path).

    Returns
    -------
    pandas.DataFrame
        Columns ``country`` (SIPRI's name), ``ccode``, ``stateabb`` (COW; missing for a
        country outside COW's state list), ``year``, ``milex_usd`` (current US$),
        ``milex_usd_constant`` (US$ at the constant prices of ``constant_base_year``; SIPRI
        gives its last year at that year's prices), ``share_gdp`` and ``share_govt``
        (fractions: 0.037 is 3.7 %), ``milex_per_capita_usd`` (current US$) and
        ``constant_base_year``. SIPRI's code for "no data" becomes a missing value; years a
        state did not exist in (and region headings) are left out.
    """
    workbook = sipri_path() if path is None else _check_workbook(Path(path), "load_sipri")
    table = _read_workbook(str(workbook), workbook.stat().st_mtime).copy()
    values = [column for column, _ in SHEETS.values()]
    keep = table[values].notna().any(axis=1) & ~table["country"].isin(REGIONS)
    table = _codes(table[keep].astype({"country": "string", "year": "Int16"}))
    return table.sort_values(["country", "year"]).reset_index(drop=True)

"""The bundled files: reading them (cached) and the state list every table is coded in."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd


class DataError(ValueError):
    """A request the bundled data cannot answer: unknown name, state or years."""


def _files() -> Any:
    return resources.files("realpolitik.data") / "files"


@cache
def manifest() -> dict[str, dict[str, int]]:
    """Return the table name -> rows and year coverage written by ``tools/build_data.py``."""
    return json.loads((_files() / "manifest.json").read_text(encoding="utf-8"))


#: Years a table's authors observed, where they reach beyond its first and last event: no war
#: began 1816-1822, none after 2003 within COW's 1816-2007; Gibler, Rider and Hutchison (2005)
#: observed rivals 1816-1993; Thompson and Dreyer (2012) end in 2010.
OBSERVED: dict[str, tuple[int, int]] = {
    "wars": (1816, 2007),
    "mids": (1816, 2010),
    "mid_participants": (1816, 2010),
    "arms_races": (1816, 1993),
    "rivalries_td": (1494, 2010),
}


def coverage(stem: str) -> tuple[int, int]:
    """Return the first and last year a bundled table covers (observed years, not events)."""
    if stem in OBSERVED:
        return OBSERVED[stem]
    info = manifest()[stem]
    return info["first_year"], info["last_year"]


@cache
def read(stem: str) -> pd.DataFrame:
    """Return a bundled table (cached: callers must copy before changing it)."""
    with resources.as_file(_files() / f"{stem}.parquet") as path:
        return pd.read_parquet(path)


@cache
def state_table() -> pd.DataFrame:
    """Return COW's state list: one row per code with ``stateabb`` and ``statenme``."""
    return read("state_spells")[["ccode", "stateabb", "statenme"]].drop_duplicates("ccode")

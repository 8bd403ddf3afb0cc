"""Build the datasets that ship with realpolitik from the raw files in ``../shared/data``.

Reads the original CSV files (provenance in the data folder's SOURCES.md), normalises names,
codes and units (see docs/data.md) and writes one zstd-compressed Parquet file per table into
``src/realpolitik/data/files/`` together with ``manifest.json`` (rows and year coverage of each
table). The package reads only these files at run time. SIPRI's own database is not built here:
``realpolitik.data.load("sipri")`` reads the user's own download.

Usage::

    python tools/build_data.py [--source DIR] [--out DIR]

``--source`` defaults to ``../shared/data`` relative to the repository root (or the environment
variable ``REALPOLITIK_SHARED_DATA``); ``--out`` to the package's data folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "realpolitik" / "data" / "files"

#: Gold parity used to convert NMC's pre-1914 milex from pounds sterling to US dollars
#: (US$ per GBP; the mint parity of the classical gold standard, 113.0016 / 23.22 grains).
GBP_USD = 4.8665
#: First year NMC records milex in US dollars (Singer, Bremer and Stuckey 1972, codebook v7).
FIRST_USD_YEAR = 1914

#: State names in the nuclear stockpile series -> COW state code.
NUCLEAR_CCODE = {
    "United States": 2,
    "Russia": 365,
    "United Kingdom": 200,
    "France": 220,
    "China": 710,
    "Israel": 666,
    "India": 750,
    "Pakistan": 770,
    "North Korea": 731,
    "South Africa": 560,
}


#: OWID country names that differ from COW's state names -> COW code (aggregates are dropped).
OWID_NAMES = {
    "Antigua and Barbuda": 58,
    "Cote d'Ivoire": 437,
    "Czechia": 316,
    "Democratic Republic of Congo": 490,
    "East Germany": 265,
    "Eswatini": 572,
    "Micronesia (country)": 987,
    "North Macedonia": 343,
    "Saint Kitts and Nevis": 60,
    "Saint Lucia": 56,
    "Saint Vincent and the Grenadines": 57,
    "Serbia": 345,
    "Timor": 860,
    "United States": 2,
    "Vatican": 327,
    "West Germany": 260,
}
OWID_AGGREGATES = {
    "Africa", "Asia", "Europe", "NATO member states", "North America", "Oceania",
    "South America", "World",
}  # fmt: skip


def default_source() -> Path:
    """Return the raw-data folder: ``$REALPOLITIK_SHARED_DATA`` or ``../shared/data``."""
    env = os.environ.get("REALPOLITIK_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def _missing(df: pd.DataFrame, codes: tuple[int, ...] = (-9,)) -> pd.DataFrame:
    """Replace COW's missing-value codes (-9 missing, -8 not applicable) by missing values."""
    num = df.select_dtypes("number").columns
    df[num] = df[num].mask(df[num].isin(codes))
    return df


def _ints(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Cast whole-number columns to the given nullable integer dtypes."""
    for col, dtype in columns.items():
        df[col] = pd.to_numeric(df[col]).round().astype(dtype)
    return df


def _abbrev(src: Path) -> dict[int, str]:
    states = pd.read_csv(src / "cow_states" / "states2016.csv")
    return dict(zip(states.ccode, states.stateabb, strict=False))


def _add_abb(df: pd.DataFrame, abb: dict[int, str], pairs: bool) -> pd.DataFrame:
    """Insert ``stateabb`` (or ``stateabb1``/``stateabb2``) after the state codes."""
    cols = [("ccode1", "stateabb1"), ("ccode2", "stateabb2")] if pairs else [("ccode", "stateabb")]
    for code, name in cols:
        values = df[code].map(abb).astype("string")
        df.insert(df.columns.get_loc(code) + 1, name, values)
    return df


def build_states(src: Path) -> pd.DataFrame:
    """COW state system membership as state-years (ccode, stateabb, statenme, year)."""
    years = pd.read_csv(src / "cow_states" / "system2016.csv")
    names = pd.read_csv(src / "cow_states" / "states2016.csv")[["ccode", "statenme"]]
    names = names.drop_duplicates("ccode")
    df = years[["ccode", "stateabb", "year"]].merge(names, on="ccode", how="left")
    df = df[["ccode", "stateabb", "statenme", "year"]].astype(
        {"stateabb": "string", "statenme": "string"}
    )
    return _ints(df, {"ccode": "Int16", "year": "Int16"}).sort_values(["ccode", "year"])


def _spells(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path).drop(columns="version")
    df = df.astype({"stateabb": "string"})
    if "statenme" in df:
        df["statenme"] = df["statenme"].astype("string")
    ints = {c: "Int16" for c in ("ccode", "styear", "endyear")}
    ints |= {c: "Int8" for c in ("stmonth", "stday", "endmonth", "endday")}
    return _ints(df, ints).reset_index(drop=True)


def build_state_spells(src: Path) -> pd.DataFrame:
    """COW system membership spells with start and end dates."""
    return _spells(src / "cow_states" / "states2016.csv")


def build_major_powers(src: Path) -> pd.DataFrame:
    """COW major-power spells (a state is a major power in every year a spell touches)."""
    return _spells(src / "cow_states" / "majors2016.csv")


def _deflator(nmc: pd.DataFrame, src: Path) -> pd.Series:
    """Price index (2020 = 1) implied by OWID's constant-2020-US$ series and NMC's nominal one.

    From 1914 the US series (NMC's current US$ / OWID's constant 2020 US$), before 1914 the
    UK's (NMC's pounds at the gold parity / OWID's constant 2020 US$), by year.
    """
    owid = pd.read_csv(src / "sipri" / "owid_milex_cow_sipri_constant2020usd.csv")
    parts = []
    for country, ccode, years in (
        ("United States", 2, (FIRST_USD_YEAR, 9999)),
        ("United Kingdom", 200, (0, FIRST_USD_YEAR - 1)),
    ):
        real = owid[owid.country == country].set_index("year")["military_expenditure"]
        nominal = nmc[nmc.ccode == ccode].set_index("year")["milex_usd"]
        ratio = (nominal / real).dropna()
        parts.append(ratio[(ratio.index >= years[0]) & (ratio.index <= years[1])])
    return pd.concat(parts).sort_index()


def build_nmc(src: Path) -> pd.DataFrame:
    """COW NMC v7 with v6's state abbreviations, milex in current and constant 2020 US$."""
    df = pd.read_csv(src / "cow_nmc" / "cow_nmc_v7.0_peacesciencer.csv")
    df = _missing(df)
    rate = np.where(df["year"] < FIRST_USD_YEAR, GBP_USD, 1.0)
    df["milex_usd"] = df.pop("milex") * 1000.0 * rate
    index = _deflator(df, src)
    df["price_index_2020"] = df["year"].map(index)
    df["milex_usd_2020"] = df["milex_usd"] / df["price_index_2020"]
    df = _ints(df, {"ccode": "Int16", "year": "Int16"})
    df = _ints(df, {c: "Int32" for c in ("milper", "irst", "pec", "tpop", "upop")})
    df = _add_abb(df, _abbrev(src), pairs=False)
    cols = ["ccode", "stateabb", "year", "milex_usd", "milex_usd_2020", "price_index_2020"]
    return df[[*cols, "milper", "irst", "pec", "tpop", "upop", "cinc"]].sort_values(
        ["ccode", "year"]
    )


_WAR_COLUMNS = {
    "WarNum": "war_num",
    "WarName": "war_name",
    "ccode": "ccode",
    "StateName": "statenme",
    "Side": "side",
    "StartYear1": "styear",
    "StartMonth1": "stmonth",
    "StartDay1": "stday",
    "EndYear1": "endyear",
    "EndMonth1": "endmonth",
    "EndDay1": "endday",
    "StartYear2": "styear2",
    "StartMonth2": "stmonth2",
    "StartDay2": "stday2",
    "EndYear2": "endyear2",
    "EndMonth2": "endmonth2",
    "EndDay2": "endday2",
    "Initiator": "initiator",
    "Outcome": "outcome",
    "WhereFought": "where_fought",
    "TransFrom": "trans_from",
    "TransTo": "trans_to",
    "BatDeath": "bat_deaths",
}


def build_wars(src: Path) -> pd.DataFrame:
    """COW inter-state wars v4.0, one row per participant (-8 and -9 -> missing)."""
    df = pd.read_csv(src / "cow_wars" / "Inter-StateWarData_v4.0.csv")[list(_WAR_COLUMNS)]
    df = _missing(df.rename(columns=_WAR_COLUMNS), codes=(-7, -8, -9))
    df["initiator"] = (df["initiator"] == 1).astype("boolean")
    ints = {c: "Int16" for c in ("war_num", "ccode", "styear", "endyear", "styear2", "endyear2")}
    ints |= {c: "Int8" for c in _WAR_COLUMNS.values() if c.endswith(("month", "day", "month2"))}
    ints |= {c: "Int8" for c in ("stday2", "endday2", "side", "outcome", "where_fought")}
    df = _ints(df, ints | {"bat_deaths": "Int32"})
    # TransFrom/TransTo hold war numbers, several as "404, 410": kept as text
    df[["trans_from", "trans_to"]] = df[["trans_from", "trans_to"]].replace("-8", pd.NA)
    df = df.astype({c: "string" for c in ("war_name", "statenme", "trans_from", "trans_to")})
    return _add_abb(df, _abbrev(src), pairs=False).sort_values(["war_num", "side", "ccode"])


def _ddy(path: Path, src: Path) -> pd.DataFrame:
    df = pd.read_csv(path)
    ints = {"ccode1": "Int16", "ccode2": "Int16", "year": "Int16"}
    ints |= {c: "Int8" for c in df.columns if c not in ints}
    df = _ints(df, ints).sort_values(["ccode1", "ccode2", "year"])
    return _add_abb(df.reset_index(drop=True), _abbrev(src), pairs=True)


def build_cow_alliances(src: Path) -> pd.DataFrame:
    """COW formal alliances v4.1 as directed dyad-years with 0/1 obligation flags."""
    return _ddy(src / "cow_alliance" / "cow_alliance_v4.1_ddy_peacesciencer.csv", src)


def build_atop(src: Path) -> pd.DataFrame:
    """ATOP v5.1 as directed dyad-years with 0/1 obligation flags."""
    return _ddy(src / "atop" / "atop_v5.1_ddy_peacesciencer.csv", src)


def build_mids(src: Path) -> pd.DataFrame:
    """GML-corrected MIDs, dispute level (-9 -> missing)."""
    df = _missing(pd.read_csv(src / "mid" / "gml-MIDA_4.01.csv"))
    df = df.drop(columns=["version", "link1", "link2", "link3"]).rename(
        columns={"dispnum3": "dispnum"}
    )
    ints = {c: "Int16" for c in ("dispnum", "styear", "endyear", "maxdur", "mindur")}
    ints |= {c: "Int8" for c in ("stday", "stmon", "endday", "endmon", "outcome", "settle")}
    ints |= {c: "Int8" for c in ("fatality", "hiact", "hostlev", "recip", "numa", "numb")}
    df = _ints(df, ints | {"dispnum4": "Int32", "fatalpre": "Int32", "ongo2010": "Int8"})
    return df.sort_values("dispnum").reset_index(drop=True)


def build_mid_participants(src: Path) -> pd.DataFrame:
    """GML-corrected MIDs, participant level (-9 -> missing)."""
    df = _missing(pd.read_csv(src / "mid" / "gml-MIDB_4.01.csv"))
    df = df.drop(columns=["version", "stabb"]).rename(columns={"dispnum3": "dispnum"})
    ints = {c: "Int16" for c in ("dispnum", "ccode", "styear", "endyear")}
    small = ("stday", "stmon", "endday", "endmon", "revstate", "revtype1", "revtype2")
    ints |= {c: "Int8" for c in (*small, "fatality", "hiact", "hostlev")}
    df = _ints(df, ints | {"dispnum4": "Int32", "fatalpre": "Int32"})
    for col in ("sidea", "orig"):
        df[col] = (df[col] == 1).astype("boolean")
    df = _add_abb(df, _abbrev(src), pairs=False)
    return df.sort_values(["dispnum", "ccode"]).reset_index(drop=True)


def build_arms_races(src: Path) -> pd.DataFrame:
    """Gibler, Rider and Hutchison (2005) arms races (race_id, the two states, years)."""
    df = pd.read_csv(src / "arms_races_rivalries" / "grh_arms_races.csv")
    df = df.drop(columns=["state1", "state2"])
    ints = {c: "Int16" for c in ("race_id", "ccode1", "ccode2", "styear", "endyear")}
    return _add_abb(_ints(df, ints), _abbrev(src), pairs=True)


_RIVALRY_TYPES = ("positional", "spatial", "ideological", "interventionary")


def build_rivalries(src: Path) -> pd.DataFrame:
    """Thompson, Sakuwa and Suhas (2021) strategic rivalries (types as booleans)."""
    df = pd.read_csv(src / "arms_races_rivalries" / "tss_rivalries_peacesciencer.csv")
    df = df.rename(columns={"tssr_id": "rivalry_id", "rivalry": "name"})
    df = df.rename(columns={"start": "styear", "end": "endyear"})
    for col in (*_RIVALRY_TYPES, "principal", "aprin"):
        df[col] = (df[col] == 1).astype("boolean")
    ints = {c: "Int16" for c in ("rivalry_id", "ccode1", "ccode2", "styear", "endyear")}
    df = _ints(df.astype({"name": "string"}), ints)
    return _add_abb(df, _abbrev(src), pairs=True)


def build_rivalries_td(src: Path) -> pd.DataFrame:
    """Thompson and Dreyer (2012) strategic rivalries (types as booleans, region)."""
    df = pd.read_csv(src / "arms_races_rivalries" / "td_rivalries_peacesciencer.csv")
    df = df.rename(columns={"rivalryno": "rivalry_id", "rivalryname": "name"})
    types = df[["type1", "type2", "type3"]]
    for kind in _RIVALRY_TYPES:
        df[kind] = types.eq(kind).any(axis=1).astype("boolean")
    df = df.drop(columns=["type1", "type2", "type3"])
    ints = {c: "Int16" for c in ("rivalry_id", "ccode1", "ccode2", "styear", "endyear")}
    df = _ints(df.astype({"name": "string", "region": "string"}), ints)
    return _add_abb(df, _abbrev(src), pairs=True)


def build_owid_milex(src: Path) -> pd.DataFrame:
    """OWID's military expenditure in constant 2020 US$ (COW NMC 6.0 before 1949, then SIPRI)."""
    df = pd.read_csv(src / "sipri" / "owid_milex_cow_sipri_constant2020usd.csv")
    df = df[~df["country"].isin(OWID_AGGREGATES)]
    states = pd.read_csv(src / "cow_states" / "states2016.csv")
    by_name = dict(zip(states.statenme.str.lower(), states.ccode, strict=False))
    codes = df["country"].map(lambda c: OWID_NAMES.get(c, by_name.get(c.lower())))
    if codes.isna().any():
        raise ValueError(f"OWID names without a COW code: {sorted(df.country[codes.isna()])}")
    out = pd.DataFrame(
        {
            "country": df["country"].astype("string"),
            "ccode": codes,
            "year": df["year"],
            "milex_usd_2020": df["military_expenditure"],
            "milex_per_capita_usd_2020": df["military_expenditure_per_capita"],
            "share_gdp": df["military_expenditure_share_gdp"] / 100.0,  # percent -> fraction
        }
    )
    out = _add_abb(_ints(out, {"ccode": "Int16", "year": "Int16"}), _abbrev(src), pairs=False)
    return out.sort_values(["country", "year"]).reset_index(drop=True)


def _nuclear(path: Path, names: tuple[str, str, str], src: Path) -> pd.DataFrame:
    df = pd.read_csv(path)
    country, year, value = names
    df[country] = df[country].str.split().str.join(" ")  # "North  Korea" -> "North Korea"
    df = df[df[country] != "World"]
    df = pd.DataFrame(
        {"ccode": df[country].map(NUCLEAR_CCODE), "year": df[year], "warheads": df[value]}
    )
    if df["ccode"].isna().any():
        raise ValueError(f"{path.name}: unknown state names in the nuclear series")
    df = _ints(df, {"ccode": "Int16", "year": "Int16", "warheads": "Int32"})
    df = _add_abb(df, _abbrev(src), pairs=False)
    return df.sort_values(["ccode", "year"]).reset_index(drop=True)


def build_nuclear(src: Path) -> pd.DataFrame:
    """Nuclear warhead stockpiles, FAS 2023 (Kristensen, Korda, Norris and Reynolds)."""
    path = src / "nuclear" / "fas2023_nuclear_weapons_stockpiles.csv"
    return _nuclear(path, ("country_name", "year", "nuclear_weapons_stockpile"), src)


def build_nuclear_bas(src: Path) -> pd.DataFrame:
    """Nuclear warhead stockpiles, Kristensen and Norris (2013), as compiled by OWID."""
    path = src / "nuclear" / "bas_nuclear_warhead_stockpiles.csv"
    return _nuclear(path, ("Entity", "Year", "Stockpiled nuclear warheads"), src)


#: Table name -> builder; each writes ``<name>.parquet``.
BUILDERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "nmc": build_nmc,
    "states": build_states,
    "state_spells": build_state_spells,
    "major_powers": build_major_powers,
    "wars": build_wars,
    "cow_alliances": build_cow_alliances,
    "atop": build_atop,
    "mids": build_mids,
    "mid_participants": build_mid_participants,
    "arms_races": build_arms_races,
    "rivalries": build_rivalries,
    "rivalries_td": build_rivalries_td,
    "nuclear": build_nuclear,
    "nuclear_bas": build_nuclear_bas,
    "owid_milex": build_owid_milex,
}


def _coverage(df: pd.DataFrame) -> tuple[int, int]:
    first = df["year"] if "year" in df else df["styear"]
    last = df["year"] if "year" in df else df["endyear"].fillna(df["styear"])
    return int(first.min()), int(last.max())


def build(source: Path, out: Path) -> dict[str, dict[str, int]]:
    """Build every table from ``source`` into ``out``; return the manifest written with them.

    Parameters
    ----------
    source
        The raw-data folder (the layout of ``shared/data``).
    out
        The folder the Parquet files and ``manifest.json`` are written to (created).

    Returns
    -------
    dict
        Table name -> ``{"rows", "first_year", "last_year"}``.
    """
    if not (source / "SOURCES.md").is_file():
        raise FileNotFoundError(f"--source {source}: not a raw-data folder (no SOURCES.md)")
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict[str, int]] = {}
    for name, builder in BUILDERS.items():
        df = builder(source).reset_index(drop=True)
        df.to_parquet(out / f"{name}.parquet", compression="zstd", index=False)
        first, last = _coverage(df)
        manifest[name] = {"rows": len(df), "first_year": first, "last_year": last}
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    (out / "manifest.json").write_text(text, encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and build."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=None, help="raw-data folder")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args(argv)
    manifest = build(args.source or default_source(), args.out)
    for name, info in manifest.items():
        print(f"{name:18s} {info['rows']:7d} rows  {info['first_year']}-{info['last_year']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

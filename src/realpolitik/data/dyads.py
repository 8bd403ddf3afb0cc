"""Dyad-years from COW system membership, and joins of the bundled datasets onto them.

In the spirit of peacesciencer (Miller 2022): :func:`dyad_years` makes every pair of states in
the system in each year (undirected ``ccode1 < ccode2``, or directed: both orderings), and each
``add_*`` function adds one dataset's columns to a dyad-year table (any table with ``ccode1``,
``ccode2`` and ``year``). Years outside a joined dataset's coverage get missing values, not
zeros; inside it, a dyad without an alliance, dispute, war, rivalry or race gets 0. Every
result records the datasets it used (``realpolitik.cite(table)``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from realpolitik.data._load import check_years, load, record
from realpolitik.data._sources import DATASETS
from realpolitik.data._store import coverage

KEYS = ["ccode1", "ccode2", "year"]


def dyad_years(start: int, end: int, directed: bool = False) -> pd.DataFrame:
    """Return every pair of COW system members in each year from ``start`` to ``end``.

    Parameters
    ----------
    start, end
        First and last year, inclusive, within COW's state system data (1816-2016).
    directed
        ``False`` (default): one row per pair and year with ``ccode1 < ccode2``; ``True``:
        both orderings (twice the rows).

    Returns
    -------
    pandas.DataFrame
        Columns ``ccode1``, ``stateabb1``, ``ccode2``, ``stateabb2``, ``year``: for ``n``
        states in a year, ``n (n - 1) / 2`` undirected rows.

    Raises
    ------
    DataError
        For years outside 1816-2016 or ``start > end``.

    Examples
    --------
    >>> from realpolitik.data import dyad_years
    >>> d = dyad_years(1816, 1820)
    >>> d.groupby("year").size().tolist()  # 23 states in each year: 23 * 22 / 2 pairs
    [253, 253, 253, 253, 253]
    """
    check_years("dyad_years", (int(start), int(end)), *coverage("states"))
    states = load("states", years=(start, end))[["ccode", "stateabb", "year"]]
    pairs = states.merge(states, on="year", suffixes=("1", "2"))
    keep = pairs["ccode1"] != pairs["ccode2"] if directed else pairs["ccode1"] < pairs["ccode2"]
    pairs = pairs[keep][["ccode1", "stateabb1", "ccode2", "stateabb2", "year"]]
    pairs = pairs.sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)
    pairs.attrs = {}
    return record(pairs, ["states"])


def _check(dyads: pd.DataFrame, func: str) -> None:
    missing = [c for c in KEYS if c not in dyads]
    if missing:
        raise ValueError(f"{func}: the table has no column(s) {missing}; it needs {KEYS}")


def _join(
    dyads: pd.DataFrame, table: pd.DataFrame, names: list[str], coverage: tuple[int, int]
) -> pd.DataFrame:
    """Left-join ``table`` (keyed by KEYS) and fill its absent rows with 0 inside coverage."""
    before = dyads.attrs.get("realpolitik_datasets", [])
    value_cols = [c for c in table.columns if c not in KEYS]
    out = dyads.merge(table, on=KEYS, how="left")
    inside = out["year"].between(*coverage)
    for col in value_cols:
        if col.endswith("_id") or col.endswith("_num") or col.endswith("dispnum"):
            continue  # identifiers stay missing where there is no event
        filled = out[col].fillna(0)
        out[col] = filled.where(inside, pd.NA).astype(out[col].dtype)
    out.attrs = {}
    return record(out, [*before, *names])


def _symmetric(table: pd.DataFrame) -> pd.DataFrame:
    """Add the reversed ordering of each pair (a symmetric relation holds both ways)."""
    swapped = table.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    return pd.concat([table, swapped], ignore_index=True)


def _years(spells: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Expand spells (``styear``-``endyear``) to one row per pair-year with ``columns``."""
    lengths = (spells["endyear"] - spells["styear"] + 1).astype(int).to_numpy()
    rows = spells.loc[spells.index.repeat(lengths)].copy()
    offsets = np.concatenate([np.arange(n) for n in lengths]) if len(lengths) else []
    rows["year"] = (rows["styear"].astype(int) + offsets).astype("Int16")
    return rows[[*KEYS, *columns]]


def _suffixed(column: str, side: str) -> str:
    return f"{column}_{side}" if column[-1].isdigit() else f"{column}{side}"


def add_capabilities(dyads: pd.DataFrame) -> pd.DataFrame:
    """Add both states' NMC capabilities (``cinc1``, ``cinc2``, ``milex_usd1``, ...).

    The columns are those of ``load("nmc")`` (units in docs/data.md) with suffix 1 for
    ``ccode1`` and 2 for ``ccode2`` (``_1`` and ``_2`` after a digit: ``milex_usd_2020_1``);
    ``price_index_2020`` is one column (the same for both); missing where NMC has no value.
    """
    _check(dyads, "add_capabilities")
    nmc = load("nmc").drop(columns="stateabb")
    out = dyads
    for side in ("1", "2"):
        part = nmc.drop(columns="price_index_2020") if side == "2" else nmc
        names = {
            c: _suffixed(c, side) for c in part.columns if c not in ("year", "price_index_2020")
        }
        out = out.merge(part.rename(columns=names), on=[f"ccode{side}", "year"], how="left")
    out.attrs = {}
    return record(out, [*dyads.attrs.get("realpolitik_datasets", []), "nmc"])


def add_major_powers(dyads: pd.DataFrame) -> pd.DataFrame:
    """Add ``major1`` and ``major2``: 1 if the state is a COW major power that year."""
    _check(dyads, "add_major_powers")
    majors = load("major_powers")[["ccode", "year"]].assign(major=1)
    out = dyads
    for side in ("1", "2"):
        part = majors.rename(columns={"ccode": f"ccode{side}", "major": f"major{side}"})
        out = out.merge(part, on=[f"ccode{side}", "year"], how="left")
        out[f"major{side}"] = out[f"major{side}"].fillna(0).astype("Int8")
    out.attrs = {}
    return record(out, [*dyads.attrs.get("realpolitik_datasets", []), "major_powers"])


def add_alliances(dyads: pd.DataFrame, source: str = "cow") -> pd.DataFrame:
    """Add alliance obligations between the two states in each year.

    Parameters
    ----------
    dyads
        A dyad-year table (``ccode1``, ``ccode2``, ``year``).
    source
        ``"cow"`` (Gibler 2009: ``cow_defense``, ``cow_neutral``, ``cow_nonagg``,
        ``cow_entente``) or ``"atop"`` (Leeds et al. 2002: ``atop_defense``,
        ``atop_offense``, ``atop_neutral``, ``atop_nonagg``, ``atop_consul``); 0/1 flags,
        missing outside the dataset's years.
    """
    _check(dyads, "add_alliances")
    names = {"cow": "cow_alliances", "atop": "atop"}
    if source not in names:
        raise ValueError(f"add_alliances: source={source!r}; choose one of {list(names)}")
    table = load(names[source]).drop(columns=["stateabb1", "stateabb2"])
    return _join(dyads, table, [names[source]], coverage(names[source]))


def _dates(df: pd.DataFrame, year: str, month: str, day: str, end: bool) -> pd.Series:
    """Dates from COW's year, month, day columns (unknown day: the 1st; at an end the 28th)."""
    days = df[day].fillna(28 if end else 1).astype(int)
    months = df[month].fillna(12 if end else 1).astype(int)
    parts = pd.DataFrame({"year": df[year].astype(int), "month": months, "day": days})
    return pd.to_datetime(parts, errors="coerce")


def _opposite_sides(spells: pd.DataFrame, key: str, side: str) -> pd.DataFrame:
    """Pair the states on opposite sides of each event while both took part.

    ``spells`` has one row per state and spell with ``key`` (the event), ``ccode``, ``side``
    and the dates ``start`` and ``end``; the result has one row per directed pair and
    overlapping spells, with the overlap's ``styear`` and ``endyear``.
    """
    pairs = spells.merge(spells, on=key, suffixes=("1", "2"))
    pairs = pairs[(pairs[f"{side}1"] != pairs[f"{side}2"]) & (pairs["ccode1"] != pairs["ccode2"])]
    start = pairs[["start1", "start2"]].max(axis=1)
    end = pairs[["end1", "end2"]].min(axis=1)
    pairs = pairs.assign(styear=start.dt.year.astype("Int16"), endyear=end.dt.year.astype("Int16"))
    return pairs[start <= end]


def _event_years(pairs: pd.DataFrame, key: str, prefix: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the dyad-year table of ``<prefix>_onset``, ``_ongoing`` and the onset's ``key``.

    A pair's onset is the first year of its first spell in an event (a second spell of the
    same event is not a new onset). Also returns the pair-years, for further columns.
    """
    first = pairs.groupby([key, "ccode1", "ccode2"])["styear"].transform("min")
    years = _years(pairs.assign(first=first), [key, "first"])
    onset = years["year"] == years["first"]
    table = pd.DataFrame(
        {
            f"{prefix}_onset": onset.groupby([years[k] for k in KEYS]).any().astype("Int8"),
            f"{prefix}_ongoing": years.groupby(KEYS).size().gt(0).astype("Int8"),
            key: years[onset].groupby(KEYS)[key].min(),
        }
    ).reset_index()
    table[key] = table[key].astype("Int16")
    return table, years


def dispute_dyads() -> pd.DataFrame:
    """Return one row per pair of states on opposite sides of a GML MID (directed).

    Two states are in a dispute with each other while both take part in it on opposite sides,
    by the participation dates (an unknown day counts as the 1st, or the 28th at an end).
    Columns ``dispnum``, ``ccode1``, ``ccode2``, ``styear``, ``endyear`` (the years of the
    overlap), ``hostlev1``, ``hostlev2`` (each state's highest hostility level, 1-5),
    ``orig1``, ``orig2`` (originators), ``sidea1`` (``ccode1`` on side A) and the dispute's
    ``hostlev`` and ``fatality``; both orderings of each pair. Dyads of one multilateral
    dispute share its ``dispnum`` (they are not independent observations).
    """
    parts = load("mids", level="participant")
    parts = parts.assign(
        start=_dates(parts, "styear", "stmon", "stday", end=False),
        end=_dates(parts, "endyear", "endmon", "endday", end=True),
    )
    parts = parts[["dispnum", "ccode", "start", "end", "hostlev", "orig", "sidea"]]
    pairs = _opposite_sides(parts, "dispnum", "sidea")
    disputes = load("mids")[["dispnum", "hostlev", "fatality"]]
    pairs = pairs.merge(disputes, on="dispnum", how="left")
    keep = ["dispnum", "ccode1", "ccode2", "styear", "endyear", "hostlev1", "hostlev2"]
    out = pairs[[*keep, "orig1", "orig2", "sidea1", "hostlev", "fatality"]]
    out = out.sort_values(["dispnum", "ccode1", "ccode2"]).reset_index(drop=True)
    out.attrs = {}
    return record(out, ["mids"])


def add_disputes(dyads: pd.DataFrame) -> pd.DataFrame:
    """Add GML MIDs (Gibler, Miller and Little 2016) between the two states in each year.

    Columns: ``mid_onset`` (1 if a dispute between them began that year: the first year both
    took part), ``mid_ongoing`` (1 if one was under way), ``mid_hostlev`` (the highest
    hostility level either state reached in the disputes under way, 1-5; 0 if none) and
    ``dispnum`` (the dispute that began, the lowest number if several; missing if none).
    Missing outside 1816-2010.
    """
    _check(dyads, "add_disputes")
    pairs = dispute_dyads()
    table, years = _event_years(pairs, "dispnum", "mid")
    hostility = pairs[["hostlev1", "hostlev2"]].max(axis=1)
    lookup = pairs.assign(mid_hostlev=hostility).set_index(["dispnum", "ccode1", "ccode2"])
    levels = lookup["mid_hostlev"].groupby(level=[0, 1, 2]).max()
    years = years.join(levels, on=["dispnum", "ccode1", "ccode2"])
    table = table.merge(years.groupby(KEYS)["mid_hostlev"].max().astype("Int8"), on=KEYS)
    return _join(dyads, table, ["mids"], coverage("mids"))


def war_dyads() -> pd.DataFrame:
    """Return one row per pair of states on opposite sides of a COW inter-state war (directed).

    Two states are at war with each other while both take part on opposite sides, by COW's
    participation dates (a state's second spell, where COW gives one, counts too). Columns
    ``war_num``, ``ccode1``, ``ccode2``, ``styear``, ``endyear`` (the years of the overlap);
    both orderings of each pair.
    """
    wars = load("wars")
    spells = []
    for tail in ("", "2"):
        part = wars[wars[f"styear{tail}"].notna()]
        start = _dates(part, f"styear{tail}", f"stmonth{tail}", f"stday{tail}", end=False)
        end = _dates(part, f"endyear{tail}", f"endmonth{tail}", f"endday{tail}", end=True)
        spells.append(part[["war_num", "ccode", "side"]].assign(start=start, end=end))
    pairs = _opposite_sides(pd.concat(spells, ignore_index=True), "war_num", "side")
    out = pairs[["war_num", "ccode1", "ccode2", "styear", "endyear"]].drop_duplicates()
    out = out.sort_values(["war_num", "ccode1", "ccode2", "styear"]).reset_index(drop=True)
    out.attrs = {}
    return record(out, ["wars"])


def add_wars(dyads: pd.DataFrame) -> pd.DataFrame:
    """Add COW inter-state wars (Sarkees and Wayman 2010) between the two states.

    Columns ``war_onset`` (1 in the first year both fought each other in a war),
    ``war_ongoing`` and ``war_num`` (the war that began, the lowest number if several;
    missing if none). Missing outside 1816-2007.
    """
    _check(dyads, "add_wars")
    table, _ = _event_years(war_dyads(), "war_num", "war")
    return _join(dyads, table, ["wars"], coverage("wars"))


def _spell_flags(spells: pd.DataFrame, key: str, flag: str) -> pd.DataFrame:
    """Dyad-years (both orderings) inside the spells: ``flag`` = 1 and the lowest ``key``."""
    years = _years(_symmetric(spells[[key, "ccode1", "ccode2", "styear", "endyear"]]), [key])
    table = years.groupby(KEYS)[key].min().reset_index()
    table.insert(3, flag, pd.array([1] * len(table), dtype="Int8"))
    return table


def add_rivalries(dyads: pd.DataFrame, source: str = "tss") -> pd.DataFrame:
    """Add strategic rivalry: ``rivalry`` (1 if the two are rivals that year), ``rivalry_id``.

    Parameters
    ----------
    dyads
        A dyad-year table.
    source
        ``"tss"`` (Thompson, Sakuwa and Suhas 2021, to 2020) or ``"td"`` (Thompson and
        Dreyer 2012, to 2010). Missing outside the list's years.
    """
    _check(dyads, "add_rivalries")
    table = _spell_flags(load("rivalries", source=source), "rivalry_id", "rivalry")
    return _join(dyads, table, ["rivalries"], coverage(DATASETS["rivalries"].tables[source]))


def add_arms_races(dyads: pd.DataFrame) -> pd.DataFrame:
    """Add Gibler, Rider and Hutchison's (2005) arms races: ``arms_race`` (0/1), ``race_id``.

    A race counts in every year from its start to its end year. Missing outside 1816-1993.
    """
    _check(dyads, "add_arms_races")
    table = _spell_flags(load("arms_races"), "race_id", "arms_race")
    return _join(dyads, table, ["arms_races"], coverage("arms_races"))

"""Arms-race exposures of dispute dyads: GRH's list, a Wallace-style index, Diehl's criterion.

Each function takes the dispute dyads (``ccode1``, ``ccode2``, ``year``: the dyad's first year
in the dispute) and returns a float array, 1.0 exposed, 0.0 not, NaN where the data cannot say
(years outside a list's coverage, or missing spending), so that "no data" is never "no race".
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from realpolitik.analysis.outcomes import ARMS_RACE_GROWTH, ARMS_RACE_YEARS
from realpolitik.analysis.rivalry import RACE_WINDOW

#: Years before the dispute over which a state's spending trend is measured (Wallace 1979).
WALLACE_YEARS = 10
#: The Wallace-style index's threshold: both states' trends >= 8% a year (geometric mean).
WALLACE_THRESHOLD = ARMS_RACE_GROWTH**2

_FIRST, _LAST = 1816, 2022  # NMC v7's years


@lru_cache(maxsize=2)
def _milex(column: str) -> pd.DataFrame:
    """NMC spending, one column per state, one row per year 1816-2022 (NaN where missing)."""
    from realpolitik.data import load

    nmc = load("nmc")
    wide = nmc.pivot_table(index="year", columns="ccode", values=column, aggfunc="sum")
    wide = wide.reindex(range(_FIRST, _LAST + 1)).astype(float)
    return wide.where(wide > 0)  # a zero budget has no growth rate


@lru_cache(maxsize=2)
def _trends(column: str) -> pd.DataFrame:
    """Each state's log-linear spending trend over the 10 years before each year (log pts/yr).

    The OLS slope of ln(milex) on the year over years d - 10 .. d - 1, i.e. the dot product of
    the logs with the centred years over their sum of squares; NaN if any year is missing.
    """
    logs = np.log(_milex(column))
    t = np.arange(WALLACE_YEARS) - (WALLACE_YEARS - 1) / 2
    weights = t / float(t @ t)
    slope = logs.rolling(WALLACE_YEARS).apply(lambda v: float(v @ weights), raw=True)
    return slope.shift(1)  # the window ends the year before the dispute


def wallace(dyads: pd.DataFrame, column: str = "milex_usd_2020") -> np.ndarray:
    """Return the Wallace-style build-up: 1 when both trends are > 0 and their product >= 0.08^2.

    Wallace (1979) multiplied the two states' rates of spending growth over the ten years
    before a dispute; here each rate is the 10-year log-linear trend of NMC milex (constant 2020
    US$ by default, ``"milex_usd"`` for current US$) and the threshold is Diehl's (1983) 8% a
    year for the geometric mean of two rising trends.
    """
    trends = _trends(column)
    rates = [_lookup(trends, dyads[f"ccode{s}"], dyads["year"]) for s in (1, 2)]
    index = np.where((rates[0] > 0) & (rates[1] > 0), rates[0] * rates[1], 0.0)
    known = np.isfinite(rates[0]) & np.isfinite(rates[1])
    return np.where(known, (index >= WALLACE_THRESHOLD).astype(float), np.nan)


def _lookup(table: pd.DataFrame, ccode: pd.Series, year: pd.Series) -> np.ndarray:
    """``table.loc[year, ccode]`` row by row, NaN for a state or year not in the table."""
    cols = pd.Index(table.columns).get_indexer(np.asarray(ccode, dtype=np.int64))
    rows = np.asarray(year, dtype=np.int64) - _FIRST
    ok = (cols >= 0) & (rows >= 0) & (rows < table.shape[0])
    out = np.full(len(cols), np.nan)
    values = table.to_numpy()
    out[ok] = values[rows[ok], cols[ok]]
    return out


def diehl(dyads: pd.DataFrame, column: str = "milex_usd_2020") -> np.ndarray:
    """Diehl's (1983) mutual military build-up before the dispute, on NMC milex.

    Exposed when both states' spending grew by at least 8% in each of 3 consecutive years
    ending in one of the years d - 5 .. d (the growth criterion and the 5-year window of
    :func:`realpolitik.analysis.rivalry.race_war_odds`; unlike the simulated runs, no year after
    the dispute's first is read, so that a war's own mobilisation is not counted as a race
    before it). NaN when either state lacks spending in a year d - 8 .. d.
    """
    wide = _milex(column)
    m = wide.to_numpy()
    grew = np.zeros_like(m, dtype=bool)
    grew[1:] = m[1:] >= (1.0 + ARMS_RACE_GROWTH) * m[:-1]
    known = np.isfinite(m)
    cols = wide.columns.get_indexer(dyads[["ccode1", "ccode2"]].to_numpy().ravel()).reshape(-1, 2)
    out = np.full(len(dyads), np.nan)
    span = RACE_WINDOW + ARMS_RACE_YEARS - 1  # years of growth read: d - 7 .. d
    for n, (c1, c2, d) in enumerate(zip(cols[:, 0], cols[:, 1], dyads["year"], strict=True)):
        lo, hi = int(d) - _FIRST - span, int(d) - _FIRST + 1
        if c1 < 0 or c2 < 0 or lo < 1 or hi > m.shape[0]:
            continue
        if not (known[lo - 1 : hi, c1].all() and known[lo - 1 : hi, c2].all()):
            continue
        both = (grew[lo:hi, c1] & grew[lo:hi, c2]).astype(int)
        runs = np.convolve(both, np.ones(ARMS_RACE_YEARS, dtype=int), "valid")
        out[n] = float((runs >= ARMS_RACE_YEARS).any())
    return out


def grh(dyads: pd.DataFrame) -> np.ndarray:
    """Gibler, Rider and Hutchison's (2005) list: 1 when a listed race of the pair spans d.

    NaN outside the years they observed (1816-1993).
    """
    from realpolitik.data import load

    races = load("arms_races")
    keys = {(min(a, b), max(a, b)) for a, b in zip(races.ccode1, races.ccode2, strict=True)}
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {k: [] for k in keys}
    for r in races.itertuples(index=False):
        pair = (min(r.ccode1, r.ccode2), max(r.ccode1, r.ccode2))
        spans[pair].append((int(r.styear), int(r.endyear)))
    out = np.zeros(len(dyads))
    for n, (a, b, d) in enumerate(zip(dyads.ccode1, dyads.ccode2, dyads.year, strict=True)):
        if not 1816 <= d <= 1993:
            out[n] = np.nan
            continue
        pair = (min(int(a), int(b)), max(int(a), int(b)))
        out[n] = float(any(s <= d <= e for s, e in spans.get(pair, ())))
    return out

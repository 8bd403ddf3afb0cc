"""The India-Pakistan rivalry, 1950-2010, as a calibrated run of the strategic engine.

The bundled scenario ``indpak`` (``realpolitik run indpak``) starts from the data: each state's
military in 1950 (NMC, constant 2020 US$; Singer, Bremer and Stuckey 1972), its GDP from Our
World in Data's military spending and share of GDP (OWID 2021: GDP = milex / share; the share of
the first three years it is given, held back to 1950), its trend growth from that GDP series
over 1950-1990, and both arsenals from 1998 (the tests of May 1998; Kristensen et al. 2023).
India is a security seeker and Pakistan a revisionist (greedy) state over Kashmir (Paul 2005;
Fair 2014). Four free parameters are fitted by simulated method of moments (McFadden 1989;
:func:`realpolitik.history.engine_fit.fit_engine`) on 1950-1990 and scored on 1991-2010 against
persistence. The wars the calibrated scenario chooses are compared with the Correlates of War
record (Sarkees and Wayman 2010) before and after the nuclear threshold of 1998.

The calibration is cached in ``fits/indpak_engine.json``; :func:`case` reads it (no refit) and
answers in seconds; :func:`fit` refits it (minutes).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.history.calibrate import HistoryError
from realpolitik.history.engine_fit import (
    EngineFit,
    fit_engine,
    simulate_military,
)

__all__ = [
    "FIRST",
    "FIT_END",
    "KEYS",
    "LAST",
    "NUCLEAR_YEAR",
    "SPLIT",
    "STATES",
    "cached_fit",
    "fit",
    "initial_values",
    "nuclear_schedule",
    "observed",
    "simulated_wars",
    "war_record",
]

SCENARIO = "indpak"
#: The two states (COW abbreviations; IND 750, PAK 770), in the scenario's order.
STATES = ("IND", "PAK")
#: The year of the initial state (the engine's year 0; the scenario starts in 1951).
FIRST = 1950
#: The last fit year, the first out-of-sample year and the last simulated year.
FIT_END, SPLIT, LAST = 1990, 1991, 2010
#: The nuclear threshold: both states tested and held warheads from 1998.
NUCLEAR_YEAR = 1998
#: The free parameters, their bounds and what they mean.
KEYS = ("fear_burden:IND", "fear_burden:PAK", "hawkishness:PAK")
LOWER = (0.0, 0.0, 0.0)
UPPER = (3.0, 0.3, 3.0)
_UNITS = ("burden per GDP share at stake", "burden per GDP share at stake", "stake units")
_NOTES = (
    "India's burden added per unit of the GDP share it fears to lose",
    "Pakistan's burden added per unit of the GDP share it fears to lose or covets",
    "Pakistan's hawk bias (army-dominated politics): the stake it adds to its war value",
)
_FIT_FILE = "fits/indpak_engine.json"
_BURDEN_COST = 0.2  # the engine's burden_cost (core default): growth lost per unit of burden
_NUCLEAR_EVERY = 4  # years between the scheduled arsenal updates from 1998


def observed(first: int = FIRST, last: int = LAST) -> tuple[np.ndarray, np.ndarray]:
    """Return (years, spending[year, state]): NMC military spending, billion 2020 US$.

    Raises
    ------
    HistoryError
        Years outside 1947-2020 or a gap in either series.
    """
    from realpolitik import data

    if not 1947 <= first < last <= 2020:
        raise HistoryError(f"years {first}-{last}: need 1947 <= first < last <= 2020")
    nmc = data.load("nmc", states=list(STATES), years=(first, last))
    wide = nmc.pivot(index="year", columns="stateabb", values="milex_usd_2020")[list(STATES)]
    years = np.arange(first, last + 1)
    wide = wide.reindex(years)
    if wide.isna().any().any() or (wide <= 0).any().any():
        raise HistoryError(f"NMC spending of {STATES} has a gap in {first}-{last}")
    return years, wide.to_numpy() / 1e9


def _gdp_and_share() -> tuple[Any, Any]:
    """Return OWID's implied GDP (billion 2020 US$) and share of GDP, wide by state, 1950-2020."""
    from realpolitik import data

    owid = data.load("owid_milex", states=list(STATES), years=(FIRST, 2020))
    share = owid.pivot(index="year", columns="stateabb", values="share_gdp")[list(STATES)]
    milex = owid.pivot(index="year", columns="stateabb", values="milex_usd_2020")[list(STATES)]
    return milex / share / 1e9, share


def initial_values() -> dict[str, dict[str, float]]:
    """Return each state's initial military, GDP and trend growth from the data (the YAML's).

    - military: NMC spending in 1950, billion 2020 US$;
    - gdp: OWID's implied GDP (milex / share of GDP) in the first year OWID gives the share
      (India 1956, Pakistan 1953), extrapolated back to 1950 at its mean yearly log growth
      ``g`` from that year to 1990;
    - growth: the engine's trend growth ``r`` (docs/engine.md: GDP grows by ``r - c m / y``),
      ``g`` plus ``c`` (burden_cost 0.2) times the mean observed burden over the same years.
    """
    _, spending = observed(FIRST, FIT_END)
    gdp, share = _gdp_and_share()
    out: dict[str, dict[str, float]] = {}
    for i, state in enumerate(STATES):
        seen = share[state].loc[:FIT_END].dropna()
        y = gdp[state].loc[seen.index]
        growth = math.log(y.iloc[-1] / y.iloc[0]) / (seen.index[-1] - seen.index[0])
        out[state] = {
            "military": round(float(spending[0, i]), 3),
            "gdp": round(float(y.iloc[0] * math.exp(-growth * (seen.index[0] - FIRST))), 1),
            "growth": round(float(growth + _BURDEN_COST * seen.mean()), 4),
        }
    return out


def nuclear_schedule(last: int = LAST) -> list[tuple[int, str, float]]:
    """Return (year, state, warheads) from 1998 every four years to ``last`` (FAS estimates)."""
    from realpolitik import data

    nuc = data.load("nuclear", states=list(STATES), years=(NUCLEAR_YEAR, last))
    out = []
    for year in range(NUCLEAR_YEAR, last + 1, _NUCLEAR_EVERY):
        for state in STATES:
            row = nuc[(nuc.year == year) & (nuc.stateabb == state)]
            out.append((year, state, float(row.warheads.iloc[0])))
    return out


def war_record(first: int = FIRST + 1, last: int = LAST) -> list[tuple[str, int]]:
    """Return the COW inter-state wars between India and Pakistan begun in ``first``..``last``.

    Each as (war name, first year), from the participant-level COW wars (Sarkees and Wayman
    2010) where the two states fought on opposite sides.
    """
    from realpolitik import data

    wars = data.load("wars", states=list(STATES))
    out = []
    for _, rows in wars.groupby("war_num"):
        sides = {r.stateabb: r.side for r in rows.itertuples()}
        start = int(rows.styear.min())
        if set(STATES) <= set(sides) and sides["IND"] != sides["PAK"] and first <= start <= last:
            out.append((str(rows.war_name.iloc[0]), start))
    return sorted(out, key=lambda w: w[1])


def _scenario() -> Any:
    from realpolitik.scenarios import load_scenario

    return load_scenario(SCENARIO)


def fit(
    runs: int = 48,
    boot: int = 4,
    seed: int = 1947,
    progress: Callable[[str], None] | None = print,
    out: str | Path | None = None,
) -> EngineFit:
    """Refit the free parameters on 1950-1990 and write the cached fit JSON.

    Parameters
    ----------
    runs, seed
        Simulated runs per evaluation and the common-random-numbers seed.
    boot
        Parametric-bootstrap refits for the standard errors.
    progress
        Callable receiving progress messages (None: silent).
    out
        Where to write the JSON (default: the package's ``fits/indpak_engine.json``).
    """
    years, spending = observed(FIRST, FIT_END)
    result = fit_engine(
        _scenario(),
        years,
        spending,
        KEYS,
        LOWER,
        UPPER,
        FIRST,
        FIT_END,
        runs=runs,
        seed=seed,
        boot=boot,
        progress=progress,
    )
    path = Path(out) if out is not None else Path(__file__).parent / _FIT_FILE
    path.write_text(result.dumps() + "\n")
    return result


def cached_fit() -> EngineFit:
    """Return the calibration cached in the package (``fits/indpak_engine.json``)."""
    text = resources.files("realpolitik.history").joinpath(_FIT_FILE).read_text()
    return EngineFit.loads(text)


def simulated_wars(values: dict[str, float], runs: int, seed: int) -> tuple[np.ndarray, Any]:
    """Run the scenario with ``values`` set; return (wars per run and calendar year, trajectory).

    The war counts have shape (runs, years) over 1951..2010 (the scenario's simulated years);
    the trajectory gives the military bands.
    """
    cal, _, traj = simulate_military(_scenario(), values, runs, seed)
    years = cal[1:]
    ev = traj.events
    wars = ev[ev["kind"] == "war"]
    counts = np.zeros((runs, len(years)), dtype=int)
    np.add.at(counts, (wars["run"].to_numpy(), wars["year"].to_numpy() - 1), 1)
    return counts, traj

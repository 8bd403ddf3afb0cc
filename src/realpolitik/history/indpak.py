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
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.history.calibrate import HistoryError
from realpolitik.history.cases import CaseResult, Estimate, Outcome, Score, Series
from realpolitik.history.engine_fit import (
    EngineFit,
    band_series,
    fit_engine,
    score_out_of_sample,
    simulate_military,
    write_cached,
)
from realpolitik.history.engine_fit import cached as cached_engine

__all__ = [
    "FIRST",
    "FIT_END",
    "KEYS",
    "LAST",
    "NUCLEAR_YEAR",
    "SPLIT",
    "STATES",
    "cached_fit",
    "case",
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
_BURDEN_COST = 0.2  # the engine's burden_cost (core default): growth lost per unit of burden
_NUCLEAR_EVERY = 4  # years between the scheduled arsenal updates from 1998
#: Runs and seeds of the case: the bands and wars from 1950, the out-of-sample restart.
BAND_RUNS, BAND_SEED = 500, 1965
OOS_RUNS, OOS_SEED = 200, 1991
#: The periods before and after the nuclear threshold (calendar years, both included).
PERIODS = (("1951-1997", FIRST + 1, NUCLEAR_YEAR - 1), ("1998-2010", NUCLEAR_YEAR, LAST))


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
      ``g`` plus ``c`` (burden_cost 0.2) times the mean observed burden over the same years;
    - max_share: the highest share of GDP the state spent on its military up to 1990 (the
      scenario caps Pakistan's military there, ``military_cap_share``).
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
            "max_share": round(float(seen.max()), 3),
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
    write_cached(result, "indpak", out)
    return result


def cached_fit() -> EngineFit:
    """Return the calibration cached in the package (``fits/indpak_engine.json``)."""
    return cached_engine("indpak")


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


def war_outcomes(counts: np.ndarray) -> tuple[tuple[Outcome, ...], list[str]]:
    """Return the war outcomes per period and a sentence each comparing them with the record.

    ``counts`` are the simulated wars per run and year over 1951-2010 (:func:`simulated_wars`).
    Per period: P(at least one war) and, where COW records more than one, P(at least as many
    wars as COW records), with Wilson 95% intervals over the runs, and the wars per decade
    (mean, normal 95% interval).
    """
    from realpolitik.analysis.intervals import normal_interval

    years = np.arange(FIRST + 1, LAST + 1)
    runs = counts.shape[0]
    outcomes: list[Outcome] = []
    lines: list[str] = []
    for label, first, last in PERIODS:
        per_run = counts[:, (years >= first) & (years <= last)].sum(axis=1)
        record = war_record(first, last)
        names = ", ".join(f"{n} {y}" for n, y in record) or "none"
        decades = (last - first + 1) / 10
        mean, lo, hi = normal_interval(per_run / decades)
        outcomes.append(
            Outcome.from_counts(
                f"P(at least one war), {label}", int((per_run > 0).sum()), runs, f"COW: {names}"
            )
        )
        if len(record) > 1:
            outcomes.append(
                Outcome.from_counts(
                    f"P(at least {len(record)} wars), {label}",
                    int((per_run >= len(record)).sum()),
                    runs,
                    f"as many as COW records ({len(record)})",
                )
            )
        lines.append(
            f"{label}: {mean:.2f} [{lo:.2f}, {hi:.2f}] simulated wars per decade against "
            f"{len(record) / decades:.2f} in the COW record ({names})."
        )
    return tuple(outcomes), lines


def _bands(traj: Any, years: np.ndarray, spending: np.ndarray) -> tuple[Series, ...]:
    return band_series(STATES, years, spending, traj.data["military"].to_numpy())


def case() -> CaseResult:
    """Return the indpak case: spending bands, the fit, out-of-sample scores and the wars."""
    fit_ = cached_fit()
    years, spending = observed(FIRST, LAST)
    counts, traj = simulated_wars(fit_.values(), BAND_RUNS, BAND_SEED)
    scores, _, _ = score_out_of_sample(
        _scenario(), fit_, years, spending, SPLIT, LAST, runs=OOS_RUNS, seed=OOS_SEED
    )
    rows = tuple(Score(k, v["model"], v["naive"]) for k, v in scores.items())
    estimates = tuple(
        Estimate(k, v, s, u, n)
        for k, v, s, u, n in zip(KEYS, fit_.theta, fit_.se, _UNITS, _NOTES, strict=True)
    )
    outcomes, war_lines = war_outcomes(counts)
    war_lines.append(_concessions_line(traj.events, BAND_RUNS))
    return CaseResult(
        name=SCENARIO,
        title="India and Pakistan, 1950-2010: a rivalry across the nuclear threshold",
        scenario=SCENARIO,
        units="billion 2020 US$",
        fit_years=f"{fit_.start}-{fit_.end}",
        split=SPLIT,
        series=_bands(traj, years, spending),
        estimates=estimates,
        scores=rows,
        score_label=f"RMSE of log spending, {SPLIT}-{LAST} (restart from {SPLIT - 1})",
        outcomes=outcomes,
        findings=_findings(rows, outcomes, war_lines),
        sources=("paul2005", "fair2014", "kapur2007", "powell1993", "fearon2018", "bdm2003",
                 "toon2007", "mcfadden1989", "nmc", "owid_milex", "nuclear", "wars"),
    )  # fmt: skip


def _findings(
    rows: tuple[Score, ...], outcomes: tuple[Outcome, ...], war_lines: list[str]
) -> tuple[str, ...]:
    overall = next(s for s in rows if s.label == "all")
    losers = [s.label for s in rows if not s.model_better]
    before = outcomes[0]
    after = next(o for o in outcomes if o.name.endswith(PERIODS[1][0]))
    return (
        f"Out of sample ({SPLIT}-{LAST}, restarted from the {SPLIT - 1} spending) the model's "
        f"RMSE of log spending is {overall.model:.3f} against {overall.naive:.3f} for "
        "persistence.",
        "It loses to persistence on: " + (", ".join(losers) if losers else "none") + ".",
        *war_lines,
        f"P(at least one war) falls from {before.probability:.2f} [{before.low:.2f}, "
        f"{before.high:.2f}] before the nuclear threshold to {after.probability:.2f} "
        f"[{after.low:.2f}, {after.high:.2f}] after it: the model's deterrence misses Kargil, "
        "which Kapur (2007) reads as the stability-instability paradox (nuclear weapons "
        "emboldened Pakistan).",
        "Left out: China (the 1962 war and India's arming after it), the United States and the "
        "Soviet Union.",
    )


def _concessions_line(events: Any, runs: int) -> str:
    """Return a sentence on the demands India conceded in the runs (history saw none)."""
    from realpolitik.analysis.intervals import normal_interval

    conceded = events[events["outcome"] == "conceded"]
    per_run = np.bincount(conceded["run"].to_numpy(), minlength=runs)
    mean, lo, hi = normal_interval(per_run)
    return (
        f"The engine's greedy Pakistan wins {mean:.1f} [{lo:.1f}, {hi:.1f}] conceded demands per "
        f"run, each moving {conceded['transfer'].mean():.1f} billion of GDP on average; history "
        "saw none (docs/strategic.md, 'Still open')."
    )

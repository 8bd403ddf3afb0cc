"""The pre1914 historical case on the strategic engine (docs/history.md).

The bundled scenario ``pre1914`` (the six great powers from their 1879 spending, the alliances
in their historical years, the offense perceived dominant: Van Evera 1984; Snyder 1984) is run
by the strategic engine (docs/strategic.md), where every war is chosen by a state. Two keys of
its arming law, the baseline defence burden ``burden_secure`` and the weight of fear
``fear_burden``, are calibrated by simulated method of moments (McFadden 1989) on the powers'
spending 1880-1904 (NMC; Singer, Bremer and Stuckey 1972) with
:func:`~realpolitik.history.engine_fit.fit_engine`; :func:`fit` refits and writes the cached
fit, :func:`case` reads it (never refits).

The case reports each power's spending with the fitted scenario's 5-50-95% band simulated
from 1880, the out-of-sample scores 1905-1913 (the engine restarted in 1905 from the observed
1904 spending, its median path against persistence; RMSE of log spending) with the earlier
spending-only Richardson SMM (:mod:`realpolitik.history.calibrate`) as an extra row, and the
simulated probability of a war between two of the six powers by 1914 (the run as the unit,
Wilson 95% intervals).
"""

from __future__ import annotations

import numpy as np

from realpolitik.history.calibrate import POWERS, HistoryError, cached, observed, validate_pre1914
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

__all__ = ["KEYS", "cached_fit", "case", "fit", "spending", "war_outcomes"]

SCENARIO = "pre1914"
#: The calibrated keys and their search bounds (defence burden shares and a weight).
KEYS = ("burden_secure", "fear_burden")
LOWER = (0.0, 0.0)
UPPER = (0.06, 2.0)
FIT_START, FIT_END, SPLIT, LAST = 1879, 1904, 1905, 1913
_NOTES = {
    "burden_secure": ("share of GDP", "defence burden of a security seeker with nothing to fear"),
    "fear_burden": ("burden per GDP share", "burden added per unit of the GDP share feared lost"),
}


def spending(start: int = 1879, end: int = LAST) -> tuple[np.ndarray, np.ndarray]:
    """Return (years, spending[year, power]) of the six powers, billion constant 2020 US$ (NMC)."""
    years, logm = observed(start, end)
    return years, np.exp(logm) / 1e9


def _scenario():
    from realpolitik.scenarios import load_scenario

    return load_scenario(SCENARIO)


def fit(
    runs: int = 48, boot: int = 8, seed: int = 1914, grid: int = 4, write: bool = True
) -> EngineFit:
    """Calibrate :data:`KEYS` on 1880-1904 by SMM and (``write``) cache the fit in the package.

    Parameters
    ----------
    runs
        Simulated runs per evaluation (common random numbers, ``seed``).
    boot
        Parametric-bootstrap refits for the standard errors.
    seed
        The common-random-numbers seed.
    grid
        Starting grid points per key (:func:`~realpolitik.history.engine_fit.fit_engine`).
    write
        Write ``realpolitik/history/fits/pre1914_engine.json`` (what :func:`case` reads).
    """
    years, obs = spending()
    result = fit_engine(
        _scenario(), years, obs, KEYS, LOWER, UPPER, FIT_START, FIT_END,
        runs=runs, seed=seed, boot=boot, grid=grid, progress=print,
    )  # fmt: skip
    if write:
        write_cached(result, "pre1914")
    return result


def cached_fit() -> EngineFit:
    """Return the cached calibration of the pre1914 scenario (no refit)."""
    return cached_engine("pre1914")


def war_outcomes(events, runs: int) -> tuple[Outcome, ...]:
    """Return P(a war between two of the six) by 1914 and per decade, from the runs' events.

    ``events`` is the engine's event table (year index 0 = 1879); the run is the unit.
    """
    wars = events[events["kind"] == "war"]
    cal = wars["year"].to_numpy() + 1879
    out = [Outcome.from_counts("great-power war 1880-1914", wars["run"].nunique(), runs)]
    for lo, hi in ((1880, 1889), (1890, 1899), (1900, 1909), (1910, 1914)):
        hits = wars["run"][(cal >= lo) & (cal <= hi)].nunique()
        out.append(Outcome.from_counts(f"great-power war {lo}-{hi}", hits, runs))
    return tuple(out)


def _bands(fit: EngineFit, runs: int, seed: int) -> tuple[tuple[Series, ...], tuple[Outcome, ...]]:
    years, obs = spending()
    cal, mil, traj = simulate_military(_scenario(), fit.values(), runs, seed)
    keep = cal <= LAST
    if list(cal[keep]) != list(years):
        raise HistoryError(f"scenario years {cal[0]}-{cal[-1]} differ from the data's")
    series = band_series(POWERS, years, obs, mil[:, keep])
    return series, war_outcomes(traj.events, runs)


def _findings(scores: dict, old: dict, wars: Outcome) -> tuple[str, ...]:
    ratio = {p: scores[p]["model"] / scores[p]["naive"] for p in POWERS}
    well = [p for p in POWERS if ratio[p] < 1]
    badly = [p for p in POWERS if ratio[p] >= 1]
    worst = max(POWERS, key=lambda p: ratio[p])
    a = scores["all"]
    return (
        f"Out of sample ({SPLIT}-{LAST}, restarted from the 1904 spending) the engine's median "
        f"path has an RMSE of log spending of {a['model']:.3f} against {a['naive']:.3f} for "
        "persistence.",
        "It beats persistence for: "
        + (", ".join(well) or "none")
        + "; it loses for: "
        + (", ".join(badly) or "none")
        + f" (worst: {worst}, {scores[worst]['model']:.3f} "
        f"against {scores[worst]['naive']:.3f}).",
        f"The earlier spending-only Richardson SMM, one year ahead, has {old['all']['model']:.3f} "
        f"against {old['all']['naive']:.3f} (row 'all (Richardson SMM)'); one-year-ahead "
        "forecasts are easier than a nine-year path, so the rows are not comparable.",
        f"P(a war between two of the six by 1914) = {wars.probability:.3f} "
        f"[{wars.low:.3f}, {wars.high:.3f}] over {wars.runs} runs; history had none from 1880 "
        "until the war of August 1914.",
    )


def case(runs: int = 1000, seed: int = 1914) -> CaseResult:
    """Return the pre1914 case: bands, the cached fit, out-of-sample scores, war probability."""
    fit_ = cached_fit()
    years, obs = spending()
    scenario = _scenario()
    scores, _, _ = score_out_of_sample(
        scenario, fit_, years, obs, SPLIT, LAST, labels=POWERS, runs=200, seed=2
    )
    old = validate_pre1914(cached("pre1914"), LAST)
    series, outcomes = _bands(fit_, runs, seed)
    estimates = tuple(
        Estimate(k, v, s, *_NOTES[k])
        for k, v, s in zip(fit_.keys, fit_.theta, fit_.se, strict=True)
    )
    rows = tuple(Score(p, s["model"], s["naive"]) for p, s in scores.items())
    rows += (Score("all (Richardson SMM)", old["all"]["model"], old["all"]["naive"]),)
    return CaseResult(
        name="pre1914",
        title="The six great powers on the strategic engine, 1880-1914",
        scenario=SCENARIO,
        units="billion 2020 US$",
        fit_years=f"{fit_.start + 1}-{fit_.end}",  # growth years, from the 1879 start
        split=SPLIT,
        series=series,
        estimates=estimates,
        scores=rows,
        score_label=f"RMSE of log spending, {SPLIT}-{LAST} (engine restarted from 1904)",
        outcomes=outcomes,
        findings=_findings(scores, old, outcomes[0]),
        sources=("vanevera1984", "snyderj1984", "mcfadden1989", "richardson1960", "singer1972"),
    )

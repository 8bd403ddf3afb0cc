"""The coldwar historical case: the United States and the Soviet Union, 1949-1991.

The bundled scenario ``coldwar`` (strategic engine, docs/strategic.md) starts from the 1949
military spending of NMC (Singer, Bremer and Stuckey 1972, billion constant 2020 US$), the US
GDP implied by SIPRI's share of GDP and a Soviet GDP from Maddison's (2001) ratio of the two
economies, and follows the FAS stockpile estimates (Kristensen and Norris 2013) year by year,
with survivable forces at sea growing from the 1960s. Four free parameters, each side's
arming drive, the Richardson (1960) reaction and the perception noise, are fitted by
simulated method of moments (McFadden 1989; :func:`realpolitik.history.engine_fit.fit_engine`)
on 1949-1975, and the fitted scenario, restarted from the observed 1975 spending, is scored
on 1976-1991 against persistence. The outcomes are the probability of a war between the
superpowers by 1991 with the historical second-strike forces and without them (survivable
share 0 for both throughout; Schelling 1960, Powell 1990), and their difference.

:func:`fit` refits and writes the cached fit (``fits/coldwar_engine.json``); :func:`case`
reads it and never refits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from realpolitik.history.cases import CaseResult, Estimate, Outcome, Score, Series
from realpolitik.history.engine_fit import (
    EngineFit,
    band_series,
    fit_engine,
    score_out_of_sample,
    simulate_military,
    with_values,
    write_cached,
)
from realpolitik.history.engine_fit import cached as cached_engine

__all__ = [
    "FIT_YEARS",
    "KEYS",
    "LAST",
    "STATES",
    "cached_fit",
    "case",
    "fit",
    "observed_spending",
    "scenario",
    "superpower_events",
    "superpower_war",
    "warhead_schedule",
    "without_second_strike",
]

STATES = ("USA", "RUS")
"""The scenario's states, in order (COW abbreviations; RUS, code 365, is the USSR)."""
FIT_YEARS = (1949, 1975)
"""The calibration years (calendar, both included); 1976 is the first out-of-sample year."""
LAST = 1991
"""The last year of the case (the Soviet Union's end)."""
KEYS = ("arming_drive:USA", "arming_drive:RUS", "reaction", "perception_noise")
"""The free parameters: each side's arming drive (share of GDP a year), the Richardson
reaction and the perception noise (what makes the simulated budgets move year to year)."""
LOWER = (0.0, 0.0, 0.0, 0.0)
UPPER = (0.08, 0.12, 0.25, 1.0)
_UNITS = ("share of GDP / yr", "share of GDP / yr", "1/yr", "relative sd")
_NOTES = (
    "USA: extra yearly spending beyond the reaction to the rival",
    "USSR: extra yearly spending beyond the reaction to the rival",
    "Richardson reaction to the rival's perceived military",
    "relative Gaussian noise on the perceived rival military",
)


def scenario() -> Any:
    """Return the bundled ``coldwar`` scenario (its defaults hold the calibrated values)."""
    from realpolitik.scenarios import load_scenario

    return load_scenario("coldwar")


def observed_spending(start: int = FIT_YEARS[0], last: int = LAST) -> tuple[np.ndarray, np.ndarray]:
    """Return (years, spending) of the USA and the USSR from NMC, billion constant 2020 US$.

    ``spending`` has shape (years, 2) in :data:`STATES` order.
    """
    from realpolitik.data import load

    nmc = load("nmc", states=list(STATES), years=(start, last))
    table = nmc.pivot(index="year", columns="stateabb", values="milex_usd_2020")
    table = table.reindex(index=range(start, last + 1), columns=list(STATES))
    return table.index.to_numpy(dtype=int), table.to_numpy(dtype=float) / 1e9


def warhead_schedule(start: int = FIT_YEARS[0], last: int = LAST) -> dict[str, dict[int, int]]:
    """Return each state's warhead stockpile by year (FAS estimates, ``load("nuclear")``)."""
    from realpolitik.data import load

    nuc = load("nuclear")
    codes = {"USA": 2, "RUS": 365}
    out: dict[str, dict[int, int]] = {}
    for name, code in codes.items():
        rows = nuc[(nuc["ccode"] == code) & nuc["year"].between(start, last)]
        out[name] = {int(y): int(w) for y, w in zip(rows["year"], rows["warheads"], strict=True)}
    return out


def without_second_strike(base: Any) -> Any:
    """Return the scenario with no survivable forces: survivable share 0 for both throughout.

    The states' starting shares become 0 and the scheduled ``set`` events of
    ``survivable_share`` are dropped, so every warhead sits in a silo that a first strike can
    destroy (the counterfactual of Schelling 1960: no secure second strike).
    """
    from realpolitik.scenarios import scenario_from_dict

    data = base.model_dump(exclude_none=True)
    for state in data["states"]:
        if "nuclear" in state:
            state["nuclear"]["survivable_share"] = 0.0
    data["events"] = [e for e in data["events"] if e.get("key") != "survivable_share"]
    return scenario_from_dict(data, source=f"<{base.name} without second strikes>")


def superpower_events(base: Any, runs: int, seed: int) -> Any:
    """Return the crises and wars between the USA and the USSR in ``runs`` runs.

    The rows and columns are those of the strategic engine's event table (``run``, ``kind``,
    ``year`` counted from the initial year 1949, ``initiator_name``, ``outcome``, ``cause``).
    """
    from realpolitik.scenarios import run_scenario

    events = run_scenario(base, runs=runs, seed=seed).events
    between = np.array(
        [
            frozenset((a, b)) == frozenset(STATES)
            for a, b in zip(events["initiator_name"], events["target_name"], strict=True)
        ],
        dtype=bool,
    )
    return events.loc[between]


def superpower_war(base: Any, runs: int, seed: int) -> int:
    """Return how many of ``runs`` runs have a war between the USA and the USSR by 1991."""
    events = superpower_events(base, runs, seed)
    return int(events.loc[events["kind"] == "war", "run"].nunique())


def fit(
    runs: int = 64,
    boot: int = 8,
    seed: int = 1949,
    *,
    maxiter: int = 300,
    out: str | Path | None = None,
    progress: Callable[[str], Any] | None = print,
) -> EngineFit:
    """Refit the free parameters on 1949-1975 and write the cached fit JSON.

    The cached fit was made with the defaults (about 10 minutes on one core).

    Parameters
    ----------
    runs, seed
        Simulated runs per evaluation and the common-random-numbers seed.
    boot
        Parametric-bootstrap refits for the standard errors.
    maxiter
        Nelder-Mead iterations per fit (four parameters need a few hundred).
    out
        Where to write the JSON (default: the package's ``fits/coldwar_engine.json``, in a
        source checkout).
    progress
        Called with a line of text after the fit and each bootstrap refit (None: silent).
    """
    years, obs = observed_spending()
    result = fit_engine(
        scenario(),
        years,
        obs,
        KEYS,
        LOWER,
        UPPER,
        *FIT_YEARS,
        runs=runs,
        seed=seed,
        boot=boot,
        maxiter=maxiter,
        progress=progress,
    )
    write_cached(result, "coldwar", out)
    return result


def cached_fit() -> EngineFit:
    """Return the fit cached in the package (``fits/coldwar_engine.json``)."""
    return cached_engine("coldwar")


def _bands(base: Any, runs: int, seed: int) -> tuple[Series, ...]:
    """Each state's observed spending with the fitted scenario's 5-50-95% band from 1949."""
    years, obs = observed_spending()
    cal, mil, _ = simulate_military(base, {}, runs, seed)
    idx = np.searchsorted(cal, years)
    return band_series(STATES, years, obs, mil[:, idx, :])


def _outcomes(base: Any, runs: int, seed: int) -> tuple[tuple[Outcome, ...], list[str]]:
    """Return the two war probabilities and sentences on the wars and their difference."""
    from realpolitik.analysis import share_difference_interval

    events = superpower_events(base, runs, seed)
    wars = events[events["kind"] == "war"]
    hist = int(wars["run"].nunique())
    none = superpower_war(without_second_strike(base), runs, seed)
    d, lo, hi = share_difference_interval(none, runs, hist, runs)
    note = "runs with a war between the USA and the USSR, 1950-1991"
    outcomes = (
        Outcome.from_counts("superpower war, historical forces", hist, runs, note),
        Outcome.from_counts("superpower war, no survivable forces", none, runs, note),
    )
    sentences = [
        f"Without survivable forces a superpower war by 1991 is {d:+.3f} more likely "
        f"(95% interval {lo:+.3f} to {hi:+.3f}, {runs} runs each, common seed {seed})."
    ]
    if len(events):
        when = FIT_YEARS[0] + events["year"].to_numpy()
        causes = ", ".join(f"{c} {n}" for c, n in wars["cause"].value_counts().items() if n)
        sentences.append(
            f"Every simulated superpower crisis ({int((events['kind'] == 'crisis').sum())} "
            f"demands, initiated by {', '.join(sorted(set(events['initiator_name'])))}) and "
            f"war ({len(wars)}; {causes or 'none'}) falls in {when.min()}-{when.max()}"
            + (
                ", before the first survivable forces (1960); later neither side demands or "
                "strikes in any run, so the survivable share has nothing to change."
                if when.max() < 1960
                else "."
            )
        )
    return outcomes, sentences


def case(runs: int = 1000, seed: int = 1962) -> CaseResult:
    """Return the coldwar case: spending bands, SMM estimates, out-of-sample scores, outcomes.

    Parameters
    ----------
    runs, seed
        Simulated runs for the bands and for each outcome probability, and their seed.
    """
    cached = cached_fit()
    base = with_values(scenario(), cached.values())
    years, obs = observed_spending()
    split = FIT_YEARS[1] + 1
    scores, _, _ = score_out_of_sample(base, cached, years, obs, split, LAST, runs=runs, seed=seed)
    rows = tuple(Score(name, s["model"], s["naive"]) for name, s in scores.items())
    estimates = tuple(
        Estimate(k, v, s, u, n)
        for k, v, s, u, n in zip(KEYS, cached.theta, cached.se, _UNITS, _NOTES, strict=True)
    )
    outcomes, war_findings = _outcomes(base, runs, seed)
    losers = [r.label for r in rows if not r.model_better]
    drop = obs[years == 1988, 1][0], obs[years == 1989, 1][0]
    soviet = math.log(drop[0] / obs[years == 1975, 1][0]) / 13
    trend = next(s.growth for s in base.states if s.name == "RUS")
    findings = (
        f"Out of sample ({split}-{LAST}) the fitted scenario's median path has an RMSE of log "
        f"spending of {scores['all']['model']:.3f} against {scores['all']['naive']:.3f} for "
        "persistence.",
        "It loses to persistence on: " + (", ".join(losers) if losers else "none") + ".",
        f"From 1975 to 1988 Soviet spending grew {soviet:.1%} a year in NMC while the model's "
        f"grows with its economy's trend ({trend:.1%} a year, Maddison's 1950-1973 rate): the "
        "slowdown of the Soviet economy is not in the scenario.",
        f"NMC's Soviet series falls from {drop[0]:.0f} to {drop[1]:.0f} billion in 1989, a "
        "break no arming rule of the engine produces and persistence misses as well.",
        f"P(superpower war by 1991): {outcomes[0].probability:.3f} "
        f"[{outcomes[0].low:.3f}, {outcomes[0].high:.3f}] with the historical forces, "
        f"{outcomes[1].probability:.3f} [{outcomes[1].low:.3f}, {outcomes[1].high:.3f}] "
        "without survivable forces.",
        *war_findings,
    )
    return CaseResult(
        name="coldwar",
        title="The Cold War: the United States and the Soviet Union, 1949-1991",
        scenario="coldwar",
        units="billion 2020 US$",
        fit_years=f"{FIT_YEARS[0]}-{FIT_YEARS[1]}",
        split=split,
        series=_bands(base, runs, seed),
        estimates=estimates,
        scores=rows,
        score_label=f"RMSE of log spending, median restarted path, {split}-{LAST}",
        outcomes=outcomes,
        findings=findings,
        sources=(
            "singer1972",
            "sipri_milex",
            "maddison2001",
            "kristensen2013",
            "richardson1960",
            "mcfadden1989",
            "schelling1960",
            "powell1990",
        ),
    )

"""Calibrating a strategic-engine scenario to history by simulated method of moments.

A historical scenario (a scenario YAML run by the strategic engine, docs/strategic.md) has a
few free parameters that the sources do not fix, e.g. each power's extra defence effort
(``arming_drive``) or the weight of fear in its budget (``fear_burden``). They are estimated
by simulated method of moments (McFadden 1989; Gourieroux and Monfort 1996): the engine is run
``runs`` times with common random numbers (one fixed seed for every trial value, so the
objective is smooth in the parameters), and the parameters minimise the weighted distance
between the moments of the observed spending series and the mean moments of the simulated
ones over the fit years. The moments, per series, are the mean and the standard deviation of
yearly log growth and the log level at the end of the fit years relative to the start; the
weights are the inverse variances of the simulated moments across runs (a diagonal weighting
matrix), so each moment counts by how precisely the model pins it down.

Standard errors come from a parametric bootstrap: fake histories are drawn from the fitted
model (single simulated runs) and refitted.

Out of sample, the model is restarted at the first out-of-sample year from the observed
spending of the year before (and the simulated median GDP), and its median path is scored
against naive persistence (the last observed value carried forward): the root mean squared
error of log spending over the out-of-sample years, per series and overall.

Units: the engine's military and GDP are in the scenario's own units; a historical scenario
gives its states' initial military in the data's units (e.g. billion 2020 US$), so that the
simulated series and the observed ones share them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import optimize

from realpolitik.history.calibrate import HistoryError

__all__ = [
    "EngineFit",
    "carry_events",
    "fit_engine",
    "moments",
    "score_out_of_sample",
    "simulate_military",
    "with_values",
]


@dataclass(frozen=True)
class EngineFit:
    """A calibration of a strategic-engine scenario's free parameters.

    Attributes
    ----------
    scenario
        The scenario's name.
    keys
        The calibrated parameters: an engine key (``"fear_burden"``) sets it for every state;
        ``"key:STATE"`` sets it for one state (``"arming_drive:GMY"``).
    theta, se
        Estimates and bootstrap standard errors (NaN when fewer than two bootstrap refits).
    lower, upper
        The bounds searched.
    start, end
        The fit years (calendar, both included).
    objective
        The weighted moment distance at the optimum.
    runs, seed
        Simulated runs per evaluation and the common-random-numbers seed.
    data_hash
        A hash of the observed series the fit used (a changed dataset shows).
    """

    scenario: str
    keys: tuple[str, ...]
    theta: tuple[float, ...]
    se: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    start: int
    end: int
    objective: float
    runs: int
    seed: int
    data_hash: str

    def values(self) -> dict[str, float]:
        """Return the fitted values by key."""
        return dict(zip(self.keys, self.theta, strict=True))

    def dumps(self) -> str:
        """Return the JSON text of the fit (what :meth:`loads` reads)."""
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def loads(cls, text: str) -> EngineFit:
        """Read a fit from its JSON text."""
        raw = json.loads(text)
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})


def with_values(scenario: Any, values: Mapping[str, float]) -> Any:
    """Return the scenario with engine keys set: ``key`` for all states, ``key:STATE`` for one.

    Raises
    ------
    HistoryError
        A ``key:STATE`` whose state is not in the scenario.
    """
    from realpolitik.scenarios import scenario_from_dict

    data = scenario.model_dump(exclude_none=True)
    names = [s["name"] for s in data["states"]]
    params = dict(data.get("parameters", {}))
    for key, value in values.items():
        if ":" in key:
            name, state = key.split(":", 1)
            if state not in names:
                raise HistoryError(f"key {key!r}: state {state!r} is not one of {names}")
            data["states"][names.index(state)][name] = float(value)
        else:
            params[key] = float(value)
    data["parameters"] = params
    return scenario_from_dict(data, source=f"<{scenario.name} calibrated>")


def simulate_military(
    scenario: Any, values: Mapping[str, float], runs: int, seed: int, years: int | None = None
) -> tuple[np.ndarray, np.ndarray, Any]:
    """Run the scenario with ``values`` set; return (calendar years, military, trajectory).

    ``military`` has shape (runs, years + 1, states): index 0 is the initial value, dated the
    year before ``start_year``.
    """
    from realpolitik.scenarios import run_scenario

    traj = run_scenario(with_values(scenario, values), runs=runs, seed=seed, years=years)
    cal = traj.data["calendar_year"].to_numpy()
    return cal, traj.data["military"].to_numpy(), traj


def moments(logm: np.ndarray) -> np.ndarray:
    """Return the matched moments of log series, shape (..., years, series) -> (..., 3 * series).

    Per series: mean yearly log growth, its standard deviation, and the log level at the last
    year minus the first. Gaps (NaN) are skipped.
    """
    growth = np.diff(logm, axis=-2)
    mean = np.nanmean(growth, axis=-2)
    sd = np.nanstd(growth, axis=-2)
    span = logm[..., -1, :] - logm[..., 0, :]
    return np.concatenate([mean, sd, span], axis=-1)


def _observed_window(
    years: Sequence[int], observed: np.ndarray, start: int, end: int
) -> tuple[np.ndarray, np.ndarray]:
    years = np.asarray(years, dtype=int)
    obs = np.asarray(observed, dtype=float)
    if obs.ndim != 2 or obs.shape[0] != len(years):
        raise HistoryError(f"observed: need shape (years, series), got {obs.shape}")
    if start not in years or end not in years or start >= end:
        raise HistoryError(
            f"fit years {start}-{end}: need start < end within {years[0]}-{years[-1]}"
        )
    if np.any(obs <= 0):
        raise HistoryError("observed: spending must be > 0 (log units)")
    sel = (years >= start) & (years <= end)
    return years[sel], np.log(obs[sel])


def _sim_window(cal: np.ndarray, mil: np.ndarray, years: np.ndarray) -> np.ndarray:
    idx = np.searchsorted(cal, years)
    if np.any(idx >= len(cal)) or np.any(cal[np.minimum(idx, len(cal) - 1)] != years):
        raise HistoryError(
            f"the scenario's years {cal[0]}-{cal[-1]} do not cover {years[0]}-{years[-1]}"
        )
    return np.log(np.maximum(mil[:, idx, :], 1e-12))


def fit_engine(
    scenario: Any,
    years: Sequence[int],
    observed: np.ndarray,
    keys: Sequence[str],
    lower: Sequence[float],
    upper: Sequence[float],
    start: int,
    end: int,
    *,
    runs: int = 64,
    seed: int = 1,
    boot: int = 0,
    maxiter: int = 80,
    grid: int = 1,
    progress: Any = None,
) -> EngineFit:
    """Fit the scenario's free parameters ``keys`` to the observed series by SMM.

    Parameters
    ----------
    scenario
        A :class:`~realpolitik.scenarios.Scenario` whose states are the observed series'
        columns, in order, and whose run covers ``start``..``end``.
    years, observed
        The observed calendar years and spending, shape (years, states), in the scenario's
        military units (> 0).
    keys, lower, upper
        The parameters (see :class:`EngineFit`) and their bounds.
    start, end
        The fit years.
    runs, seed
        Simulated runs per evaluation and the common-random-numbers seed.
    boot
        Parametric-bootstrap refits for the standard errors (0: none).
    maxiter
        Nelder-Mead iterations per fit.
    grid
        Points per key of a coarse grid over the box (at 10%, ..., 90% of each range)
        whose best point starts Nelder-Mead (1: the middle of the box). A few points per key
        keep the search from stopping in a poor local minimum of a rough objective.
    progress
        Optional callable ``progress(message)``.
    """
    lo, hi = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    if len(keys) != len(lo) or len(lo) != len(hi) or np.any(lo >= hi):
        raise HistoryError("keys, lower, upper: need one bound pair per key with lower < upper")
    if grid < 1:
        raise HistoryError(f"grid = {grid}: need at least 1 point per key")
    win_years, logobs = _observed_window(years, observed, start, end)
    horizon = int(end - scenario.start_year + 1)

    def sims(theta: np.ndarray, n: int, s: int) -> np.ndarray:
        values = dict(zip(keys, theta, strict=True))
        cal, mil, _ = simulate_military(scenario, values, n, s, horizon)
        return _sim_window(cal, mil, win_years)

    mid = (lo + hi) / 2
    ref = moments(sims(mid, runs, seed))
    weight = 1.0 / np.maximum(np.nanvar(ref, axis=0), 1e-8)

    shares = np.linspace(0.1, 0.9, grid) if grid > 1 else np.array([0.5])
    starts = np.stack(np.meshgrid(*[np.log(shares / (1 - shares))] * len(lo)), -1)
    starts = starts.reshape(-1, len(lo))

    def solve(target: np.ndarray) -> tuple[np.ndarray, float]:
        def loss(z: np.ndarray) -> float:
            theta = lo + (hi - lo) / (1 + np.exp(-z))  # bounded by a logistic map
            sim = np.nanmean(moments(sims(theta, runs, seed)), axis=0)
            return float(np.nansum(weight * (sim - target) ** 2))

        z0 = min(starts, key=loss) if len(starts) > 1 else starts[0]

        # a simplex of one logit unit per key (from the middle: 27% to 73% of each range);
        # scipy's default step from 0 is 0.00025, too small to move an objective that common
        # random numbers make piecewise flat at that scale
        start = np.vstack([z0, z0 + np.eye(len(lo))])
        res = optimize.minimize(
            loss,
            z0,
            method="Nelder-Mead",
            options={
                "maxiter": maxiter, "xatol": 1e-3, "fatol": 1e-4, "initial_simplex": start,
            },
        )  # fmt: skip
        return lo + (hi - lo) / (1 + np.exp(-res.x)), float(res.fun)

    theta, obj = solve(moments(logobs))
    if progress:
        progress(f"fit: {dict(zip(keys, np.round(theta, 4), strict=True))}, objective {obj:.4g}")
    draws = []
    for b in range(boot):
        fake = sims(theta, 1, seed + 1000 + b)[0]
        draws.append(solve(moments(fake))[0])
        if progress:
            progress(f"bootstrap {b + 1}/{boot}")
    se = np.std(draws, axis=0, ddof=1) if boot > 1 else np.full(len(lo), np.nan)
    digest = hashlib.sha256(np.ascontiguousarray(logobs).tobytes()).hexdigest()[:16]
    return EngineFit(
        scenario.name,
        tuple(keys),
        tuple(map(float, theta)),
        tuple(map(float, se)),
        tuple(map(float, lo)),
        tuple(map(float, hi)),
        int(start),
        int(end),
        obj,
        runs,
        seed,
        digest,
    )


def score_out_of_sample(
    scenario: Any,
    fit: EngineFit,
    years: Sequence[int],
    observed: np.ndarray,
    split: int,
    last: int,
    *,
    labels: Sequence[str] | None = None,
    runs: int = 200,
    seed: int = 2,
) -> tuple[dict[str, dict[str, float]], np.ndarray, np.ndarray]:
    """Score the fitted model on ``split``..``last`` against persistence.

    The scenario is restarted at ``split`` from the observed spending of ``split - 1`` (and
    the median simulated GDP of that year from a run of the fitted scenario from its start),
    run ``runs`` times, and its median log path compared with the observed one.

    Returns
    -------
    scores, quantiles, years
        ``{label: {"model": rmse, "naive": rmse}}`` (log units, plus ``"all"``), the simulated
        5/50/95% quantiles of spending from ``split - 1`` to ``last`` (shape (3, years,
        states)) and those years.
    """
    from realpolitik.scenarios import scenario_from_dict

    yrs = np.asarray(years, dtype=int)
    obs = np.asarray(observed, dtype=float)
    if split - 1 not in yrs or last not in yrs or not split <= last:
        raise HistoryError(f"out-of-sample years {split}-{last}: need them inside the data")
    base = with_values(scenario, fit.values())
    horizon = int(split - 1 - scenario.start_year + 1)
    traj = None
    if horizon >= 1:
        from realpolitik.scenarios import run_scenario

        traj = run_scenario(base, runs=runs, seed=seed, years=horizon)
    data = base.model_dump(exclude_none=True)
    prev = obs[list(yrs).index(split - 1)]
    for i, state in enumerate(data["states"]):
        state["military"] = float(prev[i])
        if traj is not None:
            state["gdp"] = float(np.median(traj.data["gdp"].to_numpy()[:, -1, i]))
    data["start_year"] = int(split)
    data["years"] = int(last - split + 1)
    data = carry_events(data, scenario, split)
    restarted = scenario_from_dict(data, source=f"<{scenario.name} from {split}>")
    _, mil, _ = simulate_military(restarted, {}, runs, seed)
    q = np.percentile(mil, [5, 50, 95], axis=0)
    sel = (yrs >= split) & (yrs <= last)
    actual = np.log(obs[sel])
    model = np.log(q[1, 1:])
    naive = np.log(np.broadcast_to(prev, actual.shape))
    names = list(labels) if labels is not None else [s["name"] for s in data["states"]]
    scores: dict[str, dict[str, float]] = {}
    for i, name in enumerate([*names, "all"]):
        sl = slice(None) if name == "all" else i
        scores[name] = {
            "model": float(np.sqrt(np.nanmean((model[:, sl] - actual[:, sl]) ** 2))),
            "naive": float(np.sqrt(np.nanmean((naive[:, sl] - actual[:, sl]) ** 2))),
        }
    return scores, q, np.arange(split - 1, last + 1)


def carry_events(data: dict[str, Any], scenario: Any, split: int) -> dict[str, Any]:
    """Return the restarted scenario's data with the events before ``split`` folded in.

    Events from ``split`` on stay; a treaty in force and a per-state ``set`` (a power's
    arsenal) before it are re-dated to ``split``, before the rest and in calendar order (so the
    latest value of a key wins); alliances formed or dissolved and system-wide ``set`` values
    before it become the starting pacts and parameters.
    """
    events, carried = [], []
    for event in data.get("events", []):
        if _calendar(event["year"], scenario.start_year) >= split:
            events.append(event)
        elif event["action"].startswith("treaty") or (
            event["action"] == "set" and event.get("states")
        ):
            carried.append((_calendar(event["year"], scenario.start_year), event))
    carried.sort(key=lambda pair: pair[0])  # stable
    data = {**data, "events": [{**e, "year": int(split)} for _, e in carried] + events}
    if scenario.start_year < split:
        data = _carry_alliances(data, scenario, split)
    return data


def _carry_alliances(data: dict[str, Any], scenario: Any, split: int) -> dict[str, Any]:
    """Fold alliance events before ``split`` into the restarted scenario's starting alliances."""
    pacts = [dict(a) for a in data.get("alliances", [])]
    params = data.setdefault("parameters", {})
    for event in scenario.model_dump(exclude_none=True).get("events", []):
        if _calendar(event["year"], scenario.start_year) >= split:
            continue
        members = set(event.get("states", []))
        if event["action"] == "set" and not members:  # per-state sets carry as events
            params[event["key"]] = event["value"]
        elif event["action"] == "alliance_form":
            pacts.append({"members": sorted(members), "name": event.get("note", "")[:200] or None})
        elif event["action"] == "alliance_dissolve":
            pacts = [p for p in pacts if not members <= set(p["members"])]
    data["alliances"] = [{k: v for k, v in p.items() if v is not None} for p in pacts]
    return data


def _calendar(year: int, start_year: int) -> int:
    """Return an event's calendar year (scenario event years below the start count from 0)."""
    return year if year >= start_year else start_year + year


def cached(name: str) -> EngineFit:
    """Return the calibration of case ``name`` cached in the package (``fits/NAME_engine.json``).

    Raises
    ------
    HistoryError
        No cached fit for ``name`` (the case module's ``fit()`` writes one).
    """
    from importlib import resources

    try:
        text = resources.files("realpolitik.history").joinpath(f"fits/{name}_engine.json")
        return EngineFit.loads(text.read_text())
    except FileNotFoundError:
        raise HistoryError(
            f"no cached fit for {name!r}: run realpolitik.history.{name}.fit()"
        ) from None


def write_cached(fit: EngineFit, name: str, out: Any = None) -> Any:
    """Write ``fit`` where :func:`cached` reads it (or to the path ``out``); return the path."""
    from pathlib import Path

    path = Path(out) if out is not None else Path(__file__).parent / "fits" / f"{name}_engine.json"
    path.write_text(fit.dumps() + "\n")
    return path


def band_series(
    labels: Sequence[str], years: Sequence[int], observed: np.ndarray, military: np.ndarray
) -> tuple[Any, ...]:
    """Return each state's observed series with the simulated 5-50-95% band in the same years.

    ``observed`` has shape (years, states), ``military`` (runs, years, states), both in the
    scenario's units and aligned on ``years``.
    """
    from realpolitik.history.cases import Series

    obs = np.asarray(observed, dtype=float)
    if military.shape[1:] != obs.shape:
        raise HistoryError(f"simulated {military.shape[1:]} and observed {obs.shape} differ")
    lo, med, hi = np.percentile(military, [5, 50, 95], axis=0)
    return tuple(
        Series(
            str(label),
            tuple(int(y) for y in years),
            tuple(None if np.isnan(x) else float(x) for x in obs[:, i]),
            tuple(map(float, lo[:, i])),
            tuple(map(float, med[:, i])),
            tuple(map(float, hi[:, i])),
        )
        for i, label in enumerate(labels)
    )

"""Simulated-method-of-moments calibration of the pre-1914 arms competition.

The six great powers' military spending (NMC 6.0, constant 2020 US$; Singer, Bremer and
Stuckey 1972) follows a stochastic Richardson (1960) reaction in logs:

    log m[i,t+1] = log m[i,t] + a + k * (log R[i,t] - log m[i,t]) + sigma * e[i,t],

where R[i,t] is the spending of i's rivals under the alliance schedule of `RIVALS` (Triple
Alliance 1882, Franco-Russian alliance 1894, Entente Cordiale 1904, Anglo-Russian convention
1907), `a` is the drift (1/yr), `k` the reaction to the rivals' lead (1/yr) and `sigma` the
yearly shock (log units). The parameters are estimated by simulated method of moments
(McFadden 1989) with common random numbers (a fixed seed) on the fit years, with a parametric
bootstrap for their uncertainty, and the model's one-year-ahead forecasts are scored on the
later years against naive persistence (m[t+1] = m[t]).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from importlib import resources

import numpy as np
from scipy import optimize

POWERS = ("UKG", "FRN", "GMY", "AUH", "RUS", "ITA")
_CENTRAL = ("GMY", "AUH", "ITA")
_DUAL = ("FRN", "RUS")


class HistoryError(ValueError):
    """Bad input to a historical scenario: names the argument, value and allowed range."""


def rivals(state: str, year: int) -> tuple[str, ...]:
    """Return the powers whose spending `state` answers in `year` (the alliance schedule).

    Before the Entente Cordiale (1904) Britain answers France and Russia (the two-power
    standard of 1889); from 1904 Germany, and from the Anglo-Russian convention (1907) the
    Triple Alliance. The Triple Alliance (1882) and the Franco-Russian alliance (1894)
    answer each other; before 1894 France answers Germany and Russia Austria-Hungary.
    """
    if state == "UKG":
        return _DUAL if year < 1904 else (("GMY",) if year < 1907 else _CENTRAL)
    if state in _CENTRAL:
        return _DUAL + (("UKG",) if year >= 1907 else ())
    if state in _DUAL:
        if year < 1894:
            return ("GMY",) if state == "FRN" else ("AUH",)
        return _CENTRAL
    raise HistoryError(f"state {state!r}: choose one of {list(POWERS)}")


def observed(start: int = 1880, end: int = 1913) -> tuple[np.ndarray, np.ndarray]:
    """Return (years, log spending[year, power]) from NMC, constant 2020 US$."""
    from realpolitik import data

    if not 1816 <= start < end <= 1913:
        raise HistoryError(f"years {start}-{end}: need 1816 <= start < end <= 1913")
    nmc = data.load("nmc", states=list(POWERS), years=(start, end))
    table = nmc.pivot(index="year", columns="stateabb", values="milex_usd_2020")[list(POWERS)]
    return table.index.to_numpy(), np.log(table.to_numpy(dtype=float))


def _gap(logm: np.ndarray, year: int) -> np.ndarray:
    """Return log R - log m for every power in `year` (rivals' total over own spending)."""
    idx = {p: i for i, p in enumerate(POWERS)}
    out = np.empty(len(POWERS))
    for i, p in enumerate(POWERS):
        out[i] = np.log(np.exp(logm[[idx[r] for r in rivals(p, year)]]).sum()) - logm[i]
    return out


def simulate(
    theta: np.ndarray, start: np.ndarray, years: np.ndarray, shocks: np.ndarray
) -> np.ndarray:
    """Simulate log spending paths, shape (reps, len(years), powers), from `start`."""
    a, k, sigma = theta
    reps = shocks.shape[0]
    path = np.empty((reps, len(years), len(POWERS)))
    path[:, 0] = start
    for t in range(1, len(years)):
        prev = path[:, t - 1]
        gap = np.array([_gap(row, int(years[t - 1])) for row in prev])
        path[:, t] = prev + a + k * gap + sigma * shocks[:, t - 1]
    return path


def moments(logm: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Return the matched moments of one path: mean and sd of growth, mean growth*gap."""
    growth = np.diff(logm, axis=0)
    gap = np.array([_gap(logm[t], int(years[t])) for t in range(len(years) - 1)])
    return np.array([growth.mean(), growth.std(), (growth * (gap - gap.mean())).mean()])


@dataclass(frozen=True)
class Fit:
    """A calibration: estimates (a, k, sigma), bootstrap standard errors, objective, data hash."""

    start: int
    split: int
    theta: tuple[float, float, float]
    se: tuple[float, float, float]
    objective: float
    data_hash: str


def _smm(
    target: np.ndarray, start: np.ndarray, years: np.ndarray, reps: int, seed: int
) -> tuple[np.ndarray, float]:
    shocks = np.random.default_rng(seed).standard_normal((reps, len(years) - 1, len(POWERS)))

    def loss(theta: np.ndarray) -> float:
        if theta[2] <= 0:
            return 1e6
        sims = simulate(theta, start, years, shocks)
        sim = np.mean([moments(p, years) for p in sims], axis=0)
        return float(np.sum(((sim - target) / np.array([0.01, 0.01, 0.001])) ** 2))

    res = optimize.minimize(
        loss,
        np.array([0.02, 0.05, 0.08]),
        method="Nelder-Mead",
        options={"xatol": 1e-4, "fatol": 1e-6, "maxiter": 400},
    )
    return res.x, float(res.fun)


def fit_pre1914(
    start: int = 1880, split: int = 1904, reps: int = 20, boot: int = 5, seed: int = 1914
) -> Fit:
    """Fit (a, k, sigma) by SMM on `start`..`split`; bootstrap `boot` refits for the SEs."""
    if not start < split < 1913 or reps < 2 or boot < 0:
        raise HistoryError(
            f"split={split}, reps={reps}, boot={boot}: "
            f"need {start} < split < 1913, reps >= 2, boot >= 0"
        )
    years, logm = observed(start, split)
    theta, obj = _smm(moments(logm, years), logm[0], years, reps, seed)
    rng = np.random.default_rng(seed + 1)
    draws = []
    for _ in range(boot):
        fake = simulate(
            theta, logm[0], years, rng.standard_normal((1, len(years) - 1, len(POWERS)))
        )[0]
        draws.append(_smm(moments(fake, years), logm[0], years, reps, seed)[0])
    se = np.std(draws, axis=0, ddof=1) if boot > 1 else np.full(3, np.nan)
    digest = hashlib.sha256(logm.tobytes()).hexdigest()[:16]
    return Fit(start, split, tuple(map(float, theta)), tuple(map(float, se)), obj, digest)


def validate_pre1914(fit: Fit, end: int = 1913) -> dict[str, dict[str, float]]:
    """Score one-year-ahead log forecasts on split..end: RMSE (log units), model vs persistence."""
    years, logm = observed(fit.start, end)
    a, k, _ = fit.theta
    rows = [t for t in range(len(years) - 1) if years[t] >= fit.split]
    model = np.array([logm[t] + a + k * _gap(logm[t], int(years[t])) for t in rows])
    actual = logm[[t + 1 for t in rows]]
    naive = logm[rows]
    out = {}
    for i, p in enumerate((*POWERS, "all")):
        sl = slice(None) if p == "all" else i
        out[p] = {
            "model": float(np.sqrt(np.mean((model[:, sl] - actual[:, sl]) ** 2))),
            "naive": float(np.sqrt(np.mean((naive[:, sl] - actual[:, sl]) ** 2))),
        }
    return out


def cached(name: str = "pre1914") -> Fit:
    """Return the fit cached in the package (realpolitik/history/fits/NAME.json)."""
    try:
        text = resources.files("realpolitik.history").joinpath(f"fits/{name}.json").read_text()
    except FileNotFoundError:
        raise HistoryError(f"no cached fit {name!r}: choose one of ['pre1914']") from None
    raw = json.loads(text)
    return Fit(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})


def dump(fit: Fit) -> str:
    """Return the JSON text of a fit (what `cached` reads)."""
    return json.dumps(asdict(fit), indent=1)

"""The pre1914 historical case as a :class:`~realpolitik.history.cases.CaseResult`.

Wraps the cached SMM fit of the great powers' spending (:mod:`realpolitik.history.calibrate`;
Richardson 1960 in logs, McFadden 1989) into the common case shape: each power's NMC series
(Singer, Bremer and Stuckey 1972) with the model's simulated 5-50-95% band from 1880, the
estimates with bootstrap standard errors, and the one-year-ahead out-of-sample RMSE against
persistence.
"""

from __future__ import annotations

import numpy as np

from realpolitik.history.calibrate import POWERS, cached, observed, simulate, validate_pre1914
from realpolitik.history.cases import CaseResult, Estimate, Score, Series

_END = 1913


def spending_series(reps: int = 200, seed: int = 1914) -> tuple[Series, ...]:
    """Return each power's spending (billion 2020 US$) with the fitted model's bands."""
    fit = cached("pre1914")
    years, logm = observed(fit.start, _END)
    shocks = np.random.default_rng(seed).standard_normal((reps, len(years) - 1, len(POWERS)))
    sims = np.exp(simulate(np.array(fit.theta), logm[0], years, shocks)) / 1e9
    lo, med, hi = np.percentile(sims, [5, 50, 95], axis=0)
    obs = np.exp(logm) / 1e9
    return tuple(
        Series(
            p,
            tuple(int(y) for y in years),
            tuple(float(x) for x in obs[:, i]),
            tuple(map(float, lo[:, i])),
            tuple(map(float, med[:, i])),
            tuple(map(float, hi[:, i])),
        )
        for i, p in enumerate(POWERS)
    )


def case() -> CaseResult:
    """Return the pre1914 case: spending bands, SMM estimates and out-of-sample scores."""
    fit = cached("pre1914")
    scores = validate_pre1914(fit, _END)
    units = ("1/yr", "1/yr", "log/yr")
    notes = ("common drift", "reaction to the rival bloc's lead", "yearly shock")
    estimates = tuple(
        Estimate(n, float(v), float(s), u, note)
        for n, v, s, u, note in zip(
            ("a", "k", "sigma"), fit.theta, fit.se, units, notes, strict=True
        )
    )
    score_rows = tuple(Score(p, s["model"], s["naive"]) for p, s in scores.items())
    losers = [s.label for s in score_rows if not s.model_better]
    findings = (
        f"Out of sample ({fit.split + 1}-{_END}) the spending model's one-year-ahead RMSE is "
        f"{scores['all']['model']:.3f} against {scores['all']['naive']:.3f} for persistence.",
        "It loses to persistence on: " + (", ".join(losers) if losers else "none") + ".",
    )
    return CaseResult(
        name="pre1914",
        title="The six great powers' arms competition, 1880-1913",
        scenario=None,
        units="billion 2020 US$",
        fit_years=f"{fit.start}-{fit.split}",
        split=fit.split + 1,
        series=spending_series(),
        estimates=estimates,
        scores=score_rows,
        score_label=f"one-year-ahead RMSE of log spending, {fit.split + 1}-{_END}",
        findings=findings,
        sources=("richardson1960", "mcfadden1989", "nmc"),
    )

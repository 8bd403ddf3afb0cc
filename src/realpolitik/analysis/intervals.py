"""Confidence intervals for the outcome metrics: one place for each method.

Every interval here is a two-sided 95% interval (z = 1.959964, the 0.975 normal quantile).
The intervals of shares and counts stay honest at the edges of their range: a share of 0 or 1
out of n > 0, or no event in any run, never gets a zero-width interval.

- :func:`wilson_interval` / :func:`wilson_bounds`: the Wilson (1927) score interval of a
  binomial proportion, ``(p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)``; at
  p = 0 it is ``[0, z^2 / (n + z^2)]``. :func:`wilson_bounds` takes arrays and a fractional n
  (an effective sample size).
- :func:`poisson_mean_interval`: the exact (Garwood 1936) interval of a Poisson mean from a
  total count, ``[chi2_{0.025}(2k) / 2n, chi2_{0.975}(2k + 2) / 2n]``.
- :func:`bootstrap_mean_interval`: the percentile bootstrap of the mean of counts, resampling
  runs (Efron and Tibshirani 1993, ch. 13); when every run has the same count the bootstrap
  distribution is a point, and the exact Poisson interval is used instead.
- :func:`cluster_bootstrap_interval`: the percentile bootstrap of any statistic of per-run
  totals (a ratio of sums, an odds ratio), resampling whole runs (Efron and Tibshirani 1993,
  ch. 13; Davison and Hinkley 1997, sec. 3.8 on resampling clusters).
- :func:`normal_interval`: mean +- z standard errors (sample standard deviation, ddof = 1).
- :func:`share_difference_interval`: the difference of two independent shares with
  Newcombe's (1998) hybrid score interval (method 10), built from the two Wilson intervals.
- :func:`clustered_share_interval`: the share of events with a property when events are
  clustered in runs (wars within a run share the run's states and history, so they are not
  independent). The share is the ratio estimator ``p = sum_r a_r / sum_r w_r``; its variance
  is the linearised with-replacement cluster variance
  ``v = R/(R-1) sum_r (a_r - p w_r)^2 / W^2`` (Cochran 1977, ch. 6), its design effect
  ``deff = max(1, v / (p(1-p)/W))`` (Kish 1965) and its interval the Wilson interval
  at the effective sample size ``W / deff``. Where the sample cannot estimate the design effect
  (p = 0 or 1, or a single run) it takes the largest the cluster sizes allow: the design effect
  when all wars of a run share the label (intra-run correlation 1),
  ``R/(R-1) sum_r w_r^2 / W`` (Kish's ``1 + (m - 1) rho`` with rho = 1 and m the size-weighted
  mean cluster size). Taking deff = 1 there instead (wars as if independent) covers far less
  often than 95% when the labels are strongly clustered in runs (see ``tests/analysis``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = [
    "BOOTSTRAP_RESAMPLES",
    "BOOTSTRAP_SEED",
    "LEVEL",
    "Z95",
    "bootstrap_mean_interval",
    "cluster_bootstrap_interval",
    "clustered_share_interval",
    "design_effect",
    "normal_interval",
    "poisson_mean_interval",
    "share_difference_interval",
    "wilson_bounds",
    "wilson_interval",
]

LEVEL = 0.95
"""The confidence level of every interval."""
Z95 = 1.959963984540054
"""The 0.975 quantile of the standard normal distribution."""
BOOTSTRAP_RESAMPLES = 2000
"""Bootstrap resamples of the runs (the Monte Carlo error of a 2.5% quantile is ~0.35%)."""
BOOTSTRAP_SEED = 0
"""The bootstrap's fixed seed: the same counts give the same interval."""


def wilson_bounds(p: Any, n: Any, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Return the Wilson score bounds of proportions p observed in n (possibly fractional) trials.

    Parameters
    ----------
    p
        Observed proportions in [0, 1] (array-like).
    n
        Numbers of trials, > 0 (array-like, broadcast against p); fractional values are
        effective sample sizes.
    z
        The normal quantile (default: 95%).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The lower and upper bounds, within [0, 1]; exactly 0 (1) where p is 0 (1).
    """
    p = np.asarray(p, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    den = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    lo = np.where(p <= 0, 0.0, np.maximum(0.0, centre - half))
    hi = np.where(p >= 1, 1.0, np.minimum(1.0, centre + half))
    return lo, hi


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval for a binomial proportion.

    Parameters
    ----------
    successes
        The number of successes (0..n).
    n
        The number of trials; for n = 0 the interval is (0, 1).
    z
        The normal quantile (default: 95%).

    Returns
    -------
    (float, float)
        The lower and upper bounds, within [0, 1]; for n > 0 the upper bound exceeds the
        lower one, also at 0 or n successes.
    """
    if n <= 0:
        return 0.0, 1.0
    lo, hi = wilson_bounds(successes / n, n, z)
    return float(lo), float(hi)


def share_difference_interval(
    hits_a: int, n_a: int, hits_b: int, n_b: int, z: float = Z95
) -> tuple[float, float, float]:
    """Return ``p_a - p_b`` of two independent shares and Newcombe's (1998) interval.

    The hybrid score interval (method 10) combines the Wilson intervals ``[l, u]`` of the two
    shares: ``d - sqrt((p_a - l_a)^2 + (u_b - p_b)^2)`` to ``d + sqrt((u_a - p_a)^2 + (p_b -
    l_b)^2)``; it stays inside [-1, 1] and has a positive width also when both shares are 0.

    Parameters
    ----------
    hits_a, n_a, hits_b, n_b
        Successes and trials of each sample (n > 0).
    z
        The normal quantile (default: 95%).
    """
    pa, pb = hits_a / n_a, hits_b / n_b
    la, ua = wilson_interval(hits_a, n_a, z)
    lb, ub = wilson_interval(hits_b, n_b, z)
    d = pa - pb
    lo = d - math.sqrt((pa - la) ** 2 + (ub - pb) ** 2)
    hi = d + math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2)
    return d, lo, hi


def poisson_mean_interval(total: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    """Return the exact (Garwood 1936) interval of a Poisson mean from n units' total count.

    Parameters
    ----------
    total
        The total count over the n units (>= 0).
    n
        The number of units (> 0).
    level
        The confidence level (default 0.95).

    Returns
    -------
    (float, float)
        ``[G^-1(k, a/2), G^-1(k + 1, 1 - a/2)] / n`` with G the regularised lower incomplete
        gamma function (the chi-square quantiles halved) and a = 1 - level; the lower bound is
        0 for k = 0, the upper one ``-log(a/2) / n`` there.
    """
    from scipy.special import gammaincinv

    alpha = 1.0 - level
    lo = 0.0 if total <= 0 else float(gammaincinv(total, alpha / 2))
    hi = float(gammaincinv(total + 1, 1.0 - alpha / 2))
    return lo / n, hi / n


def bootstrap_mean_interval(
    counts: np.ndarray, *, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED
) -> tuple[float, float]:
    """Return the percentile bootstrap interval of the mean of nonnegative integer counts.

    The runs are resampled with replacement (multinomial weights on the distinct counts, so the
    cost does not grow with the number of runs). When every run has the same count the
    bootstrap distribution is a single point, which is no interval at all (zero wars in every
    run says the rate is small, not that it is 0); the exact Poisson interval of
    :func:`poisson_mean_interval` is returned then.

    Parameters
    ----------
    counts
        ``(runs,)`` nonnegative integer counts (e.g. wars per run), at least one.
    resamples
        The number of bootstrap resamples (default 2000).
    seed
        The seed of the resampling (default 0: the same counts give the same interval).

    Returns
    -------
    (float, float)
        The 2.5% and 97.5% quantiles of the resampled means.
    """
    counts = np.asarray(counts)
    n = counts.size
    if np.all(counts == counts.flat[0]):
        return poisson_mean_interval(int(counts.flat[0]) * n, n)
    return cluster_bootstrap_interval(
        counts.reshape(n, 1), lambda sums: sums[:, 0] / n, resamples=resamples, seed=seed
    )


_DRAW_CELLS = 1 << 22
"""Resample weights drawn at once by :func:`cluster_bootstrap_interval` (bounds its memory)."""


def cluster_bootstrap_interval(
    per_run: Any,
    statistic: Callable[[np.ndarray], np.ndarray],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """Return the percentile bootstrap interval of a statistic of totals over resampled runs.

    Each resample draws R runs with replacement out of R (the run is the unit: the events of a
    run share its states and history), adds up their rows and applies ``statistic`` to the
    sums (Efron and Tibshirani 1993, ch. 13; Davison and Hinkley 1997, sec. 3.8). Identical
    rows are drawn together (multinomial counts over the distinct rows), so runs without
    events cost nothing, and resamples are drawn in blocks that bound the memory.

    Parameters
    ----------
    per_run
        ``(runs, k)`` per-run totals (e.g. each run's count and sum of transfers), at least
        one run.
    statistic
        Maps ``(resamples, k)`` sums to ``(resamples,)`` values; NaN (e.g. 0 / 0) where the
        resample does not define it.
    resamples
        The number of bootstrap resamples (default 2000).
    seed
        The seed of the resampling (default 0: the same totals give the same interval).

    Returns
    -------
    (float, float)
        The 2.5% and 97.5% quantiles of the statistic over the resamples where it is defined;
        NaN, NaN if it is defined in none.
    """
    rows = np.asarray(per_run, dtype=np.float64)
    n = rows.shape[0]
    values, freq = np.unique(rows, axis=0, return_counts=True)
    rng = np.random.default_rng(seed)
    step = max(1, _DRAW_CELLS // values.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):  # 0 / 0 in a resample: NaN
        stats = np.concatenate([
            np.asarray(statistic(rng.multinomial(n, freq / n, size=min(step, resamples - b))
                                 @ values), dtype=np.float64)
            for b in range(0, resamples, step)
        ])  # fmt: skip
    stats = stats[np.isfinite(stats)]
    if stats.size == 0:
        return math.nan, math.nan
    lo, hi = np.quantile(stats, [0.025, 0.975])
    return float(lo), float(hi)


def normal_interval(x: np.ndarray, z: float = Z95) -> tuple[float, float, float]:
    """Return the mean of x and the normal interval mean +- z sd / sqrt(n).

    Parameters
    ----------
    x
        ``(n,)`` observations (e.g. one value per run), at least one.
    z
        The normal quantile (default: 95%).

    Returns
    -------
    (float, float, float)
        The mean and the lower and upper bounds (NaN bounds for fewer than two observations).
    """
    x = np.asarray(x, dtype=np.float64)
    mean = float(np.mean(x))
    if x.size < 2:
        return mean, math.nan, math.nan
    half = z * float(np.std(x, ddof=1)) / math.sqrt(x.size)
    return mean, mean - half, mean + half


def design_effect(labelled: Any, total: Any) -> np.ndarray:
    """Return the design effect of the share of clustered events with a property.

    Parameters
    ----------
    labelled
        ``(..., runs)`` counts of the events with the property in each run (cluster).
    total
        ``(..., runs)`` counts of all events in each run (same shape; total >= labelled).

    Returns
    -------
    numpy.ndarray
        ``(...)`` design effects >= 1: ``v / (p(1-p)/W)`` with v the cluster variance of the
        ratio estimator (see the module docstring), or the largest the cluster sizes allow,
        ``R/(R-1) sum w_r^2 / W``, where p is 0 or 1 or there is one run; NaN where W = 0.
    """
    a = np.asarray(labelled, dtype=np.float64)
    w = np.asarray(total, dtype=np.float64)
    n_runs = w.shape[-1]
    n_events = w.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = a.sum(axis=-1) / n_events
        scale = n_runs / (n_runs - 1) if n_runs > 1 else 1.0
        resid = a - p[..., None] * w
        v = scale * np.einsum("...r,...r->...", resid, resid) / (n_events * n_events)
        estimated = v / (p * (1 - p) / n_events)
        largest = scale * np.einsum("...r,...r->...", w, w) / n_events
    usable = (p > 0) & (p < 1) & (n_runs > 1)
    deff = np.where(usable, estimated, largest)
    return np.where(n_events > 0, np.maximum(1.0, deff), np.nan)


def clustered_share_interval(
    labelled: Any, total: Any, z: float = Z95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the share of clustered events with a property and its 95% interval.

    The Wilson interval at the effective sample size W / deff (W events in all,
    :func:`design_effect`): it never collapses to a point when W > 0, also at 0 or 1.

    Parameters
    ----------
    labelled
        ``(..., runs)`` counts of the events with the property in each run.
    total
        ``(..., runs)`` counts of all events in each run.
    z
        The normal quantile (default: 95%).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray)
        ``(...)`` shares sum a / sum w and their lower and upper bounds (NaN where W = 0).
    """
    a = np.asarray(labelled, dtype=np.float64)
    w = np.asarray(total, dtype=np.float64)
    n_events = w.sum(axis=-1)
    some = n_events > 0
    n_eff = np.where(some, n_events / design_effect(a, w), 1.0)
    p = np.where(some, a.sum(axis=-1) / np.where(some, n_events, 1.0), 0.0)
    lo, hi = wilson_bounds(p, n_eff, z)
    return tuple(np.where(some, x, np.nan) for x in (p, lo, hi))  # type: ignore[return-value]

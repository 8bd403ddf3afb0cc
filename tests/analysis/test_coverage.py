"""The 95% intervals cover a known truth about 95% of the time (fixed seeds, many replications).

Each check draws M synthetic experiments with a known answer and counts how often the interval
holds the truth. With M = 2000 replications the Monte Carlo standard error of a coverage near
0.95 is sqrt(0.95 * 0.05 / M) = 0.0049; the tolerance is 3 of them (TOL = 0.0146). Where the
method should be accurate the coverage must lie within 0.95 +- TOL; at the edges (a rate or a
share so small that 0 is the usual observation) an honest interval may be conservative, so only
coverage >= 0.95 - TOL is required there.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from realpolitik.analysis import (
    bootstrap_mean_interval,
    clustered_share_interval,
    wilson_bounds,
)

M = 2000
NOMINAL = 0.95
TOL = 3 * math.sqrt(NOMINAL * (1 - NOMINAL) / M)
RESAMPLES = 1000  # fewer bootstrap resamples than the default 2000, for speed only


def poisson_runs(seed: int, runs: int, rate: float) -> np.ndarray:
    """M replications of `runs` runs with Poisson(rate) wars each: (M, runs)."""
    return np.random.default_rng(seed).poisson(rate, size=(M, runs))


def clustered_wars(
    seed: int, runs: int, rate: float, share: float, icc: float
) -> tuple[np.ndarray, np.ndarray]:
    """Wars per run ~ Poisson(rate); each run's wars carry the label with a run-level
    probability ~ Beta(mean share, intra-run correlation icc), so labels cluster in runs.
    The ratio estimator sum(a) / sum(w) estimates `share`. Returns (labelled, wars), (M, runs).
    """
    rng = np.random.default_rng(seed)
    wars = rng.poisson(rate, size=(M, runs))
    s = 1.0 / icc - 1.0
    p_run = rng.beta(share * s, (1.0 - share) * s, size=(M, runs))
    return rng.binomial(wars, p_run), wars


def bootstrap_coverage(wars: np.ndarray, truth: float) -> float:
    hits = 0
    for w in wars:
        lo, hi = bootstrap_mean_interval(w, resamples=RESAMPLES)
        hits += lo <= truth <= hi
    return hits / len(wars)


def share_coverage(labelled: np.ndarray, wars: np.ndarray, truth: float) -> float:
    share, lo, hi = clustered_share_interval(labelled, wars)
    defined = ~np.isnan(share)
    return float(((lo <= truth) & (truth <= hi))[defined].mean())


def test_p_any_war_and_wars_per_run_cover_the_truth():
    rate, runs = 0.5, 200
    wars = poisson_runs(1, runs, rate)
    truth = 1.0 - math.exp(-rate)  # P(at least one war in a run)
    lo, hi = wilson_bounds((wars > 0).mean(axis=1), runs)
    assert abs(float(((lo <= truth) & (truth <= hi)).mean()) - NOMINAL) <= TOL
    assert abs(bootstrap_coverage(wars, rate) - NOMINAL) <= TOL


def test_clustered_share_covers_the_truth():
    labelled, wars = clustered_wars(2, runs=200, rate=2.0, share=0.3, icc=0.3)
    assert abs(share_coverage(labelled, wars, 0.3) - NOMINAL) <= TOL


@pytest.mark.parametrize(
    ("runs", "rate", "share", "icc"),
    [(50, 8.0, 0.01, 0.8), (300, 2.0, 0.003, 0.8), (100, 0.3, 0.01, 0.0001)],
)
def test_clustered_share_stays_honest_where_zero_is_the_usual_observation(runs, rate, share, icc):
    labelled, wars = clustered_wars(3, runs, rate, share, icc)
    assert share_coverage(labelled, wars, share) >= NOMINAL - TOL


def test_treating_clustered_wars_as_independent_would_not_be_honest():
    # the same strongly clustered case: the Wilson interval over all wars as if independent
    labelled, wars = clustered_wars(3, 50, 8.0, 0.01, 0.8)
    total = wars.sum(axis=1)
    lo, hi = wilson_bounds(labelled.sum(axis=1) / total, total)
    assert float(((lo <= 0.01) & (hi >= 0.01)).mean()) < NOMINAL - 5 * TOL


def test_wars_per_run_stays_honest_when_most_samples_have_no_war():
    rate = 0.01
    wars = poisson_runs(4, 100, rate)
    assert (wars.sum(axis=1) == 0).mean() > 0.3  # the bootstrap alone would give [0, 0]
    assert bootstrap_coverage(wars, rate) >= NOMINAL - TOL


def test_p_any_war_stays_honest_when_most_samples_have_no_war():
    rate, runs = 0.002, 300
    wars = poisson_runs(5, runs, rate)
    truth = 1.0 - math.exp(-rate)
    lo, hi = wilson_bounds((wars > 0).mean(axis=1), runs)
    assert float(((lo <= truth) & (truth <= hi)).mean()) >= NOMINAL - TOL

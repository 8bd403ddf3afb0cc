"""The interval methods of realpolitik.analysis.intervals, against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from realpolitik.analysis import (
    Z95,
    bootstrap_mean_interval,
    cluster_bootstrap_interval,
    clustered_share_interval,
    design_effect,
    normal_interval,
    poisson_mean_interval,
    wilson_bounds,
    wilson_interval,
)


def test_z95_is_the_normal_quantile():
    assert stats.norm.ppf(0.975) == pytest.approx(Z95, abs=1e-12)


@pytest.mark.parametrize(("k", "n"), [(0, 1), (0, 55), (55, 55), (1, 3), (7, 300)])
def test_wilson_is_never_a_point_and_holds_the_estimate(k, n):
    lo, hi = wilson_interval(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0
    assert hi > lo
    if k == 0:
        assert lo == 0.0 and hi == pytest.approx(Z95**2 / (n + Z95**2))
    if k == n:
        assert hi == 1.0 and lo == pytest.approx(n / (n + Z95**2))


def test_wilson_bounds_take_arrays_and_fractional_sample_sizes():
    k = np.array([0, 3, 10])
    lo, hi = wilson_bounds(k / 10, 10)
    for i, ki in enumerate(k):
        assert (lo[i], hi[i]) == wilson_interval(int(ki), 10)
    lo, hi = wilson_bounds(0.5, np.array([4.0, 4.5, 5.0]))
    assert np.all(np.diff(hi - lo) < 0)  # more (effective) trials, a narrower interval


def test_exact_poisson_interval_matches_the_chi_square_form():
    for total, n in [(0, 100), (1, 10), (17, 40)]:
        lo, hi = poisson_mean_interval(total, n)
        want_lo = 0.0 if total == 0 else stats.chi2.ppf(0.025, 2 * total) / 2 / n
        assert lo == pytest.approx(want_lo, abs=1e-12)
        assert hi == pytest.approx(stats.chi2.ppf(0.975, 2 * total + 2) / 2 / n)
    assert poisson_mean_interval(0, 100)[1] == pytest.approx(-math.log(0.025) / 100)


def test_bootstrap_is_reproducible_and_falls_back_when_every_run_is_the_same():
    counts = np.random.default_rng(0).poisson(1.5, 300)
    a = bootstrap_mean_interval(counts)
    assert a == bootstrap_mean_interval(counts)
    assert a[0] < counts.mean() < a[1]
    assert bootstrap_mean_interval(counts, resamples=500) != a
    zeros = np.zeros(80, dtype=np.int64)
    assert bootstrap_mean_interval(zeros) == poisson_mean_interval(0, 80)
    assert bootstrap_mean_interval(zeros)[1] > 0.0
    twos = np.full(50, 2)
    lo, hi = bootstrap_mean_interval(twos)
    assert (lo, hi) == poisson_mean_interval(100, 50) and lo < 2.0 < hi


def test_the_cluster_bootstrap_resamples_runs_and_bounds_its_memory(monkeypatch):
    from realpolitik.analysis import intervals

    rng = np.random.default_rng(3)
    counts = rng.poisson(2.0, 400)
    totals = np.column_stack([rng.exponential(1.0, 400) * counts, counts])
    ratio = totals[:, 0].sum() / totals[:, 1].sum()
    lo, hi = cluster_bootstrap_interval(totals, lambda s: s[:, 0] / s[:, 1])
    assert lo < ratio < hi
    assert (lo, hi) == cluster_bootstrap_interval(totals, lambda s: s[:, 0] / s[:, 1])
    # the same weights as a vector in one block as in blocks of 3 resamples: other draws, a
    # close interval
    monkeypatch.setattr(intervals, "_DRAW_CELLS", 3 * len(np.unique(totals, axis=0)))
    small = cluster_bootstrap_interval(totals, lambda s: s[:, 0] / s[:, 1])
    assert small != (lo, hi) and small == pytest.approx((lo, hi), rel=0.05)
    # the mean of counts is the special case of bootstrap_mean_interval
    mean = cluster_bootstrap_interval(counts[:, None], lambda s: s[:, 0] / 400)
    monkeypatch.undo()
    assert cluster_bootstrap_interval(counts[:, None], lambda s: s[:, 0] / 400) == (
        bootstrap_mean_interval(counts))  # fmt: skip
    assert mean == pytest.approx(bootstrap_mean_interval(counts), rel=0.05)
    nowhere = cluster_bootstrap_interval(np.zeros((5, 2)), lambda s: s[:, 0] / s[:, 1])
    assert all(math.isnan(x) for x in nowhere)


def test_normal_interval():
    x = np.array([1.0, 2.0, 4.0])
    mean, lo, hi = normal_interval(x)
    half = Z95 * np.std(x, ddof=1) / math.sqrt(3)
    assert (mean, lo, hi) == pytest.approx((7 / 3, 7 / 3 - half, 7 / 3 + half))
    assert math.isnan(normal_interval(np.array([3.0]))[1])


# -- events clustered in runs ------------------------------------------------------------------
def test_design_effect_is_one_for_one_event_per_run():
    rng = np.random.default_rng(1)
    labelled = rng.integers(0, 2, 400)
    deff = design_effect(labelled, np.ones(400))
    assert deff == pytest.approx(400 / 399)  # the cluster variance's R/(R-1), nothing more


def test_design_effect_of_perfect_clustering_is_the_cluster_size():
    # 10 runs of 6 wars; every war of a run shares its label: an effective sample of ~10 runs
    wars = np.full(10, 6)
    labelled = np.array([6, 6, 6, 0, 0, 0, 0, 0, 0, 0])
    assert design_effect(labelled, wars) == pytest.approx(10 / 9 * 6)
    # with no labelled war the data cannot tell; the largest design effect is used
    assert design_effect(np.zeros(10), wars) == pytest.approx(10 / 9 * 6)
    assert design_effect(wars, wars) == pytest.approx(10 / 9 * 6)
    # a single run: the run is the only cluster
    assert design_effect(np.array([2]), np.array([5])) == pytest.approx(5.0)


def test_clustered_share_of_zero_is_an_interval_not_a_point():
    wars = np.array([3, 0, 1, 2, 0, 4, 1, 1])
    share, lo, hi = clustered_share_interval(np.zeros(8), wars)
    deff = 8 / 7 * (wars @ wars) / wars.sum()
    assert share == 0.0 and lo == 0.0
    assert hi == pytest.approx(float(wilson_bounds(0.0, wars.sum() / deff)[1]))
    assert hi > 0.0
    share, lo, hi = clustered_share_interval(wars, wars)
    assert share == 1.0 and hi == 1.0 and lo < 1.0


def test_clustered_share_is_wilson_at_the_effective_sample_size():
    wars = np.array([3, 5, 1, 2, 6, 4, 1, 1, 2, 3])
    labelled = np.array([1, 4, 0, 2, 0, 1, 1, 0, 2, 0])
    share, lo, hi = clustered_share_interval(labelled, wars)
    p = labelled.sum() / wars.sum()
    resid = labelled - p * wars
    v = 10 / 9 * (resid @ resid) / wars.sum() ** 2
    deff = max(1.0, v / (p * (1 - p) / wars.sum()))
    assert design_effect(labelled, wars) == pytest.approx(deff)
    assert share == pytest.approx(p)
    want = wilson_bounds(p, wars.sum() / deff)
    assert (lo, hi) == pytest.approx((float(want[0]), float(want[1])))


def test_clustered_share_is_undefined_without_events_and_vectorises():
    share, lo, hi = clustered_share_interval(np.zeros(4), np.zeros(4))
    assert np.isnan(share) and np.isnan(lo) and np.isnan(hi)
    rng = np.random.default_rng(2)
    wars = rng.poisson(2.0, (5, 30))
    labelled = rng.binomial(wars, 0.4)
    share, lo, hi = clustered_share_interval(labelled, wars)
    assert share.shape == lo.shape == hi.shape == (5,)
    for i in range(5):
        one = clustered_share_interval(labelled[i], wars[i])
        assert (share[i], lo[i], hi[i]) == pytest.approx(tuple(float(x) for x in one))

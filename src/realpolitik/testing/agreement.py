"""Agreement of two samples of a stochastic model: tests on final stocks and wars per run.

Two samples agree in distribution when none of these rejects at the 0.1% level: two-sample
Kolmogorov-Smirnov tests on final military and final GDP (pooled over states), a chi-square
test on the histogram of wars per run (sparse bins merged until every expected count is >= 5),
and |z| < 3 on each mean, ``z = (mean_a - mean_b) / sqrt(var_a / n_a + var_b / n_b)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = [
    "ALPHA",
    "MIN_EXPECTED",
    "SAMPLE_KEYS",
    "Z_MAX",
    "agreement",
    "assert_agreement",
    "merged_histogram",
    "sample_from_trajectory",
]

ALPHA = 0.001
Z_MAX = 3.0
MIN_EXPECTED = 5.0
SAMPLE_KEYS = ("final_military", "final_gdp", "wars_per_run")


def sample_from_trajectory(trajectory: Any) -> dict[str, np.ndarray]:
    """Return the sample :func:`agreement` compares, from a trajectory.

    Parameters
    ----------
    trajectory
        A :class:`~realpolitik.engine.Trajectory`.

    Returns
    -------
    dict
        ``final_military`` and ``final_gdp`` (float64, the last year pooled over runs and
        states) and ``wars_per_run`` (int64, one per run).
    """
    return {
        "final_military": np.asarray(trajectory.array("military")[:, -1, :], np.float64).ravel(),
        "final_gdp": np.asarray(trajectory.array("gdp")[:, -1, :], np.float64).ravel(),
        "wars_per_run": np.asarray(trajectory.wars_per_run(), dtype=np.int64),
    }


def _sample(sample: Mapping[str, Any], which: str) -> dict[str, np.ndarray]:
    if not isinstance(sample, Mapping):
        raise ValueError(f"{which} must be a mapping with keys {list(SAMPLE_KEYS)}")
    missing = [k for k in SAMPLE_KEYS if k not in sample]
    if missing:
        raise ValueError(f"{which} lacks keys {missing}; expected {list(SAMPLE_KEYS)}")
    out = {}
    for k in SAMPLE_KEYS:
        arr = np.asarray(sample[k], dtype=np.float64).ravel()
        if arr.size < 2 or not np.isfinite(arr).all():
            raise ValueError(f"{which}[{k!r}] must hold at least 2 finite values")
        out[k] = arr
    if not np.all(out["wars_per_run"] == np.round(out["wars_per_run"])):
        raise ValueError(f"{which}['wars_per_run'] must hold integers")
    return out


def merged_histogram(
    a: np.ndarray, b: np.ndarray, min_expected: float = MIN_EXPECTED
) -> np.ndarray:
    """Return the 2 x K contingency table of two count samples, sparse bins merged.

    Bins are the distinct values in increasing order; adjacent bins are merged (from the
    lowest up) until every expected count of the table is >= ``min_expected``; a remainder at
    the top joins the last bin.

    Parameters
    ----------
    a, b
        Integer-valued samples.
    min_expected
        The minimum expected count per cell.

    Returns
    -------
    numpy.ndarray
        Shape (2, K), K >= 1.
    """
    values = np.union1d(a, b)
    ca = np.array([(a == v).sum() for v in values], dtype=np.float64)
    cb = np.array([(b == v).sum() for v in values], dtype=np.float64)
    share = min(a.size, b.size) / (a.size + b.size)
    cols: list[list[float]] = []
    cur = [0.0, 0.0]
    for x, y in zip(ca, cb, strict=True):
        cur = [cur[0] + x, cur[1] + y]
        if (cur[0] + cur[1]) * share >= min_expected:
            cols.append(cur)
            cur = [0.0, 0.0]
    if cur[0] + cur[1] > 0:
        if cols:
            cols[-1] = [cols[-1][0] + cur[0], cols[-1][1] + cur[1]]
        else:
            cols.append(cur)
    return np.array(cols, dtype=np.float64).T


def agreement(
    sample_a: Mapping[str, Any],
    sample_b: Mapping[str, Any],
    *,
    alpha: float = ALPHA,
    z_max: float = Z_MAX,
) -> Any:
    """Compare two samples of a stochastic model (docs/engine.md, "Agreement").

    Parameters
    ----------
    sample_a, sample_b
        Mappings with ``final_military`` and ``final_gdp`` (1-D, pooled over states) and
        ``wars_per_run`` (1-D integers), e.g. from :func:`sample_from_trajectory`.
    alpha
        The level at which a test rejects (default 0.001).
    z_max
        The largest |z| on a mean that passes (default 3).

    Returns
    -------
    pandas.DataFrame
        One row per statistic, columns statistic, test, value, p_value, passes: KS on
        final_military and final_gdp, chi2 on wars_per_run (passes: p >= alpha), and z_mean on
        each of the three means (passes: |z| < z_max; p_value two-sided normal).

    Raises
    ------
    ValueError
        If a sample lacks a key or holds fewer than 2 finite values.
    """
    import pandas as pd
    from scipy import stats

    a = _sample(sample_a, "sample_a")
    b = _sample(sample_b, "sample_b")
    rows = []
    for key in ("final_military", "final_gdp"):
        res = stats.ks_2samp(a[key], b[key])
        p = float(res.pvalue)
        rows.append((key, "ks", float(res.statistic), p, p >= alpha))
    table = merged_histogram(a["wars_per_run"], b["wars_per_run"])
    if table.shape[1] < 2:
        rows.append(("wars_per_run", "chi2", 0.0, 1.0, True))
    else:
        chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
        rows.append(("wars_per_run", "chi2", float(chi2), float(p), float(p) >= alpha))
    for key in SAMPLE_KEYS:
        x, y = a[key], b[key]
        se = math.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
        diff = float(x.mean() - y.mean())
        z = diff / se if se > 0 else (0.0 if diff == 0 else math.copysign(math.inf, diff))
        p = float(2 * stats.norm.sf(abs(z)))
        rows.append((key, "z_mean", z, p, abs(z) < z_max))
    df = pd.DataFrame(rows, columns=["statistic", "test", "value", "p_value", "passes"])
    df["passes"] = df["passes"].astype(bool)
    return df


def assert_agreement(
    sample_a: Mapping[str, Any],
    sample_b: Mapping[str, Any],
    *,
    alpha: float = ALPHA,
    z_max: float = Z_MAX,
) -> Any:
    """Check that two samples agree (:func:`agreement`); return the table.

    Parameters
    ----------
    sample_a, sample_b
        As for :func:`agreement`.
    alpha, z_max
        As for :func:`agreement`.

    Returns
    -------
    pandas.DataFrame
        The agreement table (every row passes).

    Raises
    ------
    AssertionError
        Listing the table when any statistic fails.
    """
    table = agreement(sample_a, sample_b, alpha=alpha, z_max=z_max)
    if not table["passes"].all():
        raise AssertionError("samples disagree:\n" + table.to_string(index=False))
    return table

"""The engine's results for fixed seeds are bit-identical to the recorded golden values.

Refactoring the engine (chunks, executors, recorder, typed contracts, compiled helpers) must not
change one bit of a trajectory or an event table. Intervals that the analysis layer corrected on
purpose are compared separately (``test_golden_intervals``), where that correction is named.
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("make_golden", HERE / "make_golden.py")
make_golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_golden)

GOLDEN = json.loads((HERE / "golden.json").read_text())
CASES = make_golden.cases()


@pytest.fixture(scope="module")
def records() -> dict:
    return {}


def _record(records: dict, name: str) -> dict:
    if name not in records:
        records[name] = make_golden.record(CASES[name]())
    return records[name]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_trajectories_and_events_are_bit_identical(records, name):
    got = _record(records, name)
    want = GOLDEN[name]
    assert got["arrays"] == want["arrays"]
    assert got["summaries"] == want["summaries"]
    assert got["n_events"] == want["n_events"]
    # every recorded column is bit-identical; columns added since (e.g. the state names,
    # derived from the recorded indices) are not part of the golden record
    assert {k: got["events"].get(k) for k in want["events"]} == want["events"]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_metric_values_are_unchanged(records, name):
    got = _record(records, name)["metric_values"]
    want = GOLDEN[name]["metric_values"]
    assert set(got) >= set(want)
    for metric, value in want.items():
        if value is None:
            assert got[metric] is None, metric
        else:
            assert got[metric] == pytest.approx(value, rel=1e-12, abs=1e-15), metric


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_intervals(records, name):
    """Intervals are unchanged, except two that the analysis layer corrected on purpose.

    - ``share_<label>`` (the share of wars with a label): wars within a run are not
      independent, and the old normal interval with a cluster-robust standard error collapsed
      to a point at a share of 0 or 1 (``0 [0, 0] of 55 wars``); it is now the Wilson interval
      at the effective sample size wars / deff (design effect of the run clusters).
    - ``wars_per_run`` where the golden interval is a point: when every run has the same
      number of wars (e.g. none) the bootstrap distribution is a point; the exact Poisson
      interval of the mean replaces it.
    """
    got = _record(records, name)["metric_intervals"]
    want = GOLDEN[name]["metric_intervals"]
    values = GOLDEN[name]["metric_values"]
    for metric, (lo, hi, n) in want.items():
        g_lo, g_hi, g_n = got[metric]
        assert g_n == n, metric
        if lo is None:
            assert g_lo is None and g_hi is None, metric
            continue
        point_bootstrap = metric == "wars_per_run" and lo == hi
        if point_bootstrap or metric.startswith("share_"):
            # corrected on purpose (see the docstring): honest intervals, never a point
            assert g_lo <= values[metric] <= g_hi, metric
            assert g_lo < g_hi, metric
            continue
        assert g_lo == pytest.approx(lo, rel=1e-12) and g_hi == pytest.approx(hi, rel=1e-12), metric
        assert not math.isnan(g_lo)


#: Metrics that are shares or probabilities (besides the ``share_<label>`` rows).
SHARES = ("p_any_war", "arms_race_share", "time_to_first_war_censored")


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_share_intervals_at_zero_or_one_are_not_degenerate(records, name):
    """A share of 0 or 1 out of n > 0 gets an interval of positive width (an honest 95%)."""
    got = _record(records, name)
    for metric, (lo, hi, n) in got["metric_intervals"].items():
        if not (metric.startswith("share_") or metric in SHARES):
            continue
        if n > 0 and got["metric_values"][metric] in (0.0, 1.0):
            assert hi > lo, metric
            assert lo <= got["metric_values"][metric] <= hi, metric

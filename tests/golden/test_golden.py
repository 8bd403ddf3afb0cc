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
    assert got["events"] == want["events"]


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
    """Intervals are unchanged, except the shares of wars by label (clustered events)."""
    got = _record(records, name)["metric_intervals"]
    want = GOLDEN[name]["metric_intervals"]
    values = GOLDEN[name]["metric_values"]
    for metric, (lo, hi, n) in want.items():
        g_lo, g_hi, g_n = got[metric]
        assert g_n == n, metric
        if lo is None:
            assert g_lo is None and g_hi is None, metric
            continue
        degenerate = lo == hi and values[metric] in (0.0, 1.0)
        if degenerate or metric.startswith("share_"):
            # corrected on purpose: shares of clustered events get honest intervals
            assert g_lo <= values[metric] <= g_hi, metric
            continue
        assert g_lo == pytest.approx(lo, rel=1e-12) and g_hi == pytest.approx(hi, rel=1e-12), metric
        assert not math.isnan(g_lo)

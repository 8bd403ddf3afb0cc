"""rivalry_monitor: every strategic rivalry in a window, fitted and ranked by instability."""

from __future__ import annotations

import pytest

from realpolitik.calibrate import MONITOR_COLUMNS, rivalry_monitor
from realpolitik.calibrate.monitor import MIN_YEARS
from realpolitik.data import DataError


@pytest.fixture(scope="module")
def monitor():
    return rivalry_monitor((2005, 2020), resamples=100)


def test_every_ongoing_rivalry_is_ranked_or_left_out_with_a_reason(monitor):
    from realpolitik.data import load

    rivals = load("rivalries")
    ongoing = rivals[(rivals.styear <= 2020) & (rivals.endyear >= 2005)]
    assert len(monitor.table) + len(monitor.skipped) == len(ongoing)
    assert set(monitor.table.rivalry_id) | set(monitor.skipped.rivalry_id) == set(
        ongoing.rivalry_id
    )
    assert monitor.skipped.reason.str.contains("years").all()
    assert tuple(monitor.table.columns) == MONITOR_COLUMNS


def test_the_ranking_is_by_margin_most_unstable_first(monitor):
    t = monitor.table
    assert t["rank"].tolist() == list(range(1, len(t) + 1))
    assert t.margin.is_monotonic_increasing
    assert ((t.margin_low <= t.margin) & (t.margin <= t.margin_high)).all()
    assert (t.stable == (t.margin > 0)).all()
    assert ((t["last"] - t["first"] + 1) >= MIN_YEARS).all()
    assert {"USA-RUS", "IND-PAK", "GRC-TUR"} <= set(t.dyad)
    from realpolitik.report.data_figures import ranking_figure

    assert "rivalries" in ranking_figure(monitor).axes[0].get_title().lower()


def test_bad_windows_are_refused():
    with pytest.raises(DataError, match="coverage"):
        rivalry_monitor((2000, 2030), resamples=100)
    with pytest.raises(DataError, match="at least 12"):
        rivalry_monitor((2010, 2020), resamples=100)
    with pytest.raises(DataError, match="series 'cow'"):
        rivalry_monitor((2000, 2020), series="cow", resamples=100)

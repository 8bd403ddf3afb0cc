"""The engine held against history: the comparison's rows, the historical counts."""

from __future__ import annotations

import pytest

from realpolitik.studies import COMPARISON_COLUMNS, engine_vs_history, history_initiator_wins


def test_cow_initiators_win_two_wars_in_three():
    won, decided, total = history_initiator_wins()
    # 95 COW wars with an initiator; 77 won or lost by it, 51 won (66%)
    assert (won, decided, total) == (51, 77, 95)


def test_the_comparison_rows():
    res = engine_vs_history(runs=20, years=60)
    t = res.table
    assert tuple(t.columns) == COMPARISON_COLUMNS
    assert res.runs == 20 and res.years == 60 and res.seed == 2024
    assert t.quantity.tolist().count("initiator_win_share") == 2
    assert t.quantity.tolist().count("race_war_odds_ratio_rivals") == 4
    hist = t[t.source.str.startswith("history: COW")].iloc[0]
    assert hist.value == pytest.approx(51 / 77) and hist.n == 77
    engine = t[t.source.str.startswith("engine")]
    assert len(engine) == 2 and (engine.n > 0).all()
    win = engine[engine.quantity == "initiator_win_share"].iloc[0]
    assert 0 <= win.ci_low <= win.value <= win.ci_high <= 1
    from realpolitik.report.data_figures import engine_history_figure

    assert len(engine_history_figure(res).axes) == 2
    with pytest.raises(ValueError, match="runs"):
        engine_vs_history(runs=5)

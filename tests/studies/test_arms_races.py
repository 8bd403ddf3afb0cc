"""The arms-race controversy from the bundled data: the table's counts are pinned."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.studies import (
    CELL_DISPUTE_COLUMNS,
    COLUMNS,
    EXPOSURES,
    OUTCOMES,
    _exposure,
    arms_races,
    dispute_dyad_table,
)


@pytest.fixture(scope="module")
def table():
    return arms_races(cells=True, resamples=400)


def _row(table, subset, exposure, outcome):
    return table[
        (table.subset == subset) & (table.exposure == exposure) & (table.outcome == outcome)
    ].iloc[0]


def test_the_columns_and_rows():
    t = arms_races(resamples=100)
    assert tuple(t.columns) == COLUMNS
    assert len(t) == 6 * len(EXPOSURES) * len(OUTCOMES)
    assert list(dict.fromkeys(t.subset)) == [
        "all",
        "all_no_world_wars",
        "rivals",
        "rivals_no_world_wars",
        "major_powers",
        "major_powers_no_world_wars",
    ]


@pytest.mark.parametrize(
    ("subset", "exposure", "outcome", "cells", "disputes"),
    [
        ("all", "grh", "war", (19, 72, 334, 2290), 1736),
        ("all_no_world_wars", "grh", "war", (7, 72, 189, 2281), 1734),
        ("all", "wallace", "war", (94, 438, 84, 1229), 1289),
        ("all_no_world_wars", "wallace", "war", (21, 433, 62, 1225), 1287),
        ("all", "wallace_nominal", "war_5y", (179, 625, 109, 767), 1128),
        ("rivals", "diehl", "war", (12, 77, 56, 622), 669),
        ("major_powers", "grh", "war_5y", (16, 9, 67, 173), 185),
    ],
)
def test_pinned_counts(table, subset, exposure, outcome, cells, disputes):
    r = _row(table, subset, exposure, outcome)
    assert (r.race_war, r.race_no_war, r.no_race_war, r.no_race_no_war) == cells
    assert r.n_disputes == disputes
    a, b, c, d = cells
    assert r.odds_ratio == pytest.approx(a * d / (b * c))
    assert r.ci_low < r.odds_ratio < r.ci_high


def test_the_world_wars_carry_wallaces_finding(table):
    # Weede (1980), Diehl (1983): with the World Wars the index "predicts" war; without, not
    with_ww = _row(table, "all", "wallace", "war")
    without = _row(table, "all_no_world_wars", "wallace", "war")
    assert with_ww.odds_ratio > 3 and without.odds_ratio < 1.1 < without.ci_high


def test_disputes_behind_each_cell(table):
    cells = table[list(CELL_DISPUTE_COLUMNS)].to_numpy()
    dyads = table[["race_war", "race_no_war", "no_race_war", "no_race_no_war"]].to_numpy()
    assert (cells <= dyads).all() and ((cells > 0) == (dyads > 0)).all()
    assert (cells.sum(axis=1) >= table.n_disputes).all()


def test_the_dyads_and_exposures():
    d = dispute_dyad_table()
    assert len(d) == 3412 and d.dispnum.nunique() == 2236
    assert (d.ccode1 < d.ccode2).all()
    # the UK and Germany in World War I (GML dispute 257): at war, racing on GRH's list
    uk_gmy = d[(d.dispnum == 257) & (d.ccode1 == 200) & (d.ccode2 == 255)].iloc[0]
    assert uk_gmy.year == 1914 and uk_gmy.war and uk_gmy.grh == 1.0 and uk_gmy.rivals
    assert uk_gmy.major_powers
    assert np.isnan(d[d.year > 1993].grh).all() and np.isnan(d[d.year > 2002].war_5y).all()


def test_the_wallace_index_by_hand():
    """The 10-year log-linear trends of UKG and GMY before 1914, multiplied, against 0.08^2."""
    from realpolitik.data import load

    nmc = load("nmc", states=["UKG", "GMY"], years=(1904, 1913))
    rates = []
    for code in (200, 255):
        s = nmc[nmc.ccode == code].sort_values("year")
        rates.append(np.polyfit(s.year, np.log(s.milex_usd_2020.astype(float)), 1)[0])
    d = dispute_dyad_table()
    row = d[(d.dispnum == 257) & (d.ccode1 == 200) & (d.ccode2 == 255)]
    expected = float(min(rates) > 0 and rates[0] * rates[1] >= _exposure.WALLACE_THRESHOLD)
    assert _exposure.wallace(row)[0] == expected


def test_the_figure_and_bad_input():
    t = arms_races(resamples=100)
    from realpolitik.report.data_figures import arms_races_figure

    fig = arms_races_figure(t)
    assert "arms races" in fig.axes[0].get_title()
    with pytest.raises(ValueError, match="resamples"):
        arms_races(resamples=10)

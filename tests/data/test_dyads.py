"""dyad_years and the joins: counts on a small window and known dyads."""

from __future__ import annotations

import pandas as pd
import pytest

import realpolitik as rp
from realpolitik import data
from realpolitik.data import DataError


@pytest.fixture(scope="module")
def ww1():
    d = data.dyad_years(1914, 1918)
    for add in (data.add_wars, data.add_disputes, data.add_rivalries, data.add_arms_races):
        d = add(d)
    return data.add_major_powers(data.add_alliances(d))


def _row(df, a, b, year):
    hit = df[(df.stateabb1 == a) & (df.stateabb2 == b) & (df.year == year)]
    if hit.empty:
        hit = df[(df.stateabb1 == b) & (df.stateabb2 == a) & (df.year == year)]
    assert len(hit) == 1, (a, b, year)
    return hit.iloc[0]


def test_dyad_counts_follow_the_state_system():
    states = data.load("states", years=(1914, 1918)).groupby("year").size()
    assert states.tolist() == [45, 45, 44, 44, 50]
    d = data.dyad_years(1914, 1918)
    assert d.groupby("year").size().tolist() == [990, 990, 946, 946, 1225]  # n (n - 1) / 2
    assert (d.ccode1 < d.ccode2).all() and not d.duplicated(["ccode1", "ccode2", "year"]).any()
    directed = data.dyad_years(1914, 1918, directed=True)
    assert len(directed) == 2 * len(d)
    assert data.dyad_years(1816, 1816).shape == (253, 5)
    assert d.attrs["realpolitik_datasets"] == ["states"]


def test_dyad_years_refuse_years_outside_the_state_system():
    with pytest.raises(DataError, match=r"dyad_years: years 1800-1820 outside .* 1816-2016"):
        data.dyad_years(1800, 1820)
    with pytest.raises(DataError, match=r"start comes after the end"):
        data.dyad_years(1920, 1910)


def test_world_war_one_dyads(ww1):
    counts = ww1.groupby("year")[["war_onset", "war_ongoing"]].sum()
    assert counts.war_onset.tolist() == [18, 10, 8, 8, 4]
    assert counts.war_ongoing.tolist() == [18, 28, 36, 44, 40]
    mids = ww1.groupby("year")[["mid_onset", "mid_ongoing"]].sum()
    assert mids.mid_onset.tolist() == [36, 18, 21, 22, 25]
    assert mids.mid_ongoing.tolist() == [39, 43, 56, 72, 71]
    ukg_gmy = _row(ww1, "UKG", "GMY", 1914)
    assert (ukg_gmy.war_onset, ukg_gmy.war_num, ukg_gmy.mid_onset) == (1, 106, 1)
    assert ukg_gmy.dispnum == 257  # the World War I dispute
    assert ukg_gmy.mid_hostlev == 5 and ukg_gmy.rivalry == 1
    assert ukg_gmy.arms_race == 1 and ukg_gmy.race_id == 7
    usa = _row(ww1, "USA", "GMY", 1917)
    assert (usa.war_onset, usa.war_ongoing) == (1, 1)
    assert _row(ww1, "USA", "GMY", 1916).war_ongoing == 0
    spells = data.war_dyads().query("ccode1 == 255 and ccode2 == 365")
    assert spells[["war_num", "styear", "endyear"]].values.tolist() == [
        [106, 1914, 1917],  # Russia left World War I in December 1917
        [108, 1918, 1919],  # and met Germany again in the Latvian war of liberation
        [139, 1941, 1945],
    ]
    assert _row(ww1, "RUS", "GMY", 1918).war_onset == 1
    assert pd.isna(_row(ww1, "USA", "GMY", 1916).war_num)


def test_alliances_and_major_powers_join(ww1):
    assert _row(ww1, "UKG", "FRN", 1914).cow_entente == 1
    assert _row(ww1, "UKG", "GMY", 1914).cow_defense == 0
    assert (_row(ww1, "UKG", "GMY", 1914).major1, _row(ww1, "USA", "ARG", 1914).major2) == (1, 0)
    atop = data.add_alliances(data.dyad_years(1914, 1914), source="atop")
    assert _row(atop, "GMY", "AUH", 1914).atop_defense == 1
    assert ww1.attrs["realpolitik_datasets"] == [
        "states", "wars", "mids", "rivalries", "arms_races", "cow_alliances", "major_powers",
    ]  # fmt: skip
    assert "gibler2009" in rp.cite(ww1) and "sarkees2010" in rp.cite(ww1)


def test_years_outside_a_joined_dataset_are_missing_not_zero():
    d = data.add_arms_races(data.add_wars(data.dyad_years(2006, 2010)))
    assert d[d.year <= 2007].war_ongoing.notna().all()
    assert d[d.year > 2007].war_ongoing.isna().all()
    assert d.arms_race.isna().all()  # the arms-race list covers 1816-1993


def test_capabilities_for_both_sides():
    d = data.add_capabilities(data.dyad_years(1913, 1913))
    row = _row(d, "UKG", "GMY", 1913)
    assert row.milex_usd1 == pytest.approx(67734 * 1000 * 4.8665)
    assert row.milex_usd2 == pytest.approx(88418 * 1000 * 4.8665)
    assert row.cinc1 == pytest.approx(0.112748, rel=1e-5)
    assert {"milex_usd_2020_1", "milex_usd_2020_2", "price_index_2020"} <= set(d.columns)


def test_dispute_dyads_pair_opposite_sides_of_one_dispute():
    pairs = data.dispute_dyads()
    assert (pairs.styear <= pairs.endyear).all()
    assert not (pairs.ccode1 == pairs.ccode2).any()
    ww1 = pairs[pairs.dispnum == 257]
    assert {200, 255} <= set(ww1.ccode1)
    assert len(pairs) % 2 == 0  # both orderings


def test_joins_need_dyad_columns_and_known_sources():
    with pytest.raises(
        ValueError, match=r"add_wars: the table has no column\(s\) \['ccode1', 'ccode2'\]"
    ):
        data.add_wars(data.load("states", years=(1914, 1914)))
    with pytest.raises(ValueError, match=r"source='gml'; choose one of \['cow', 'atop'\]"):
        data.add_alliances(data.dyad_years(1914, 1914), source="gml")
    with pytest.raises(DataError, match=r"source='x'; choose one of \['tss', 'td'\]"):
        data.add_rivalries(data.dyad_years(1914, 1914), source="x")

"""realpolitik.data: the bundled datasets, their facts, units and errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import realpolitik as rp
from realpolitik import data
from realpolitik.data import DataError

GBP_USD = 4.8665


def test_catalog_has_one_row_per_dataset_with_citation_terms_and_coverage():
    cat = data.catalog().set_index("name")
    assert set(cat.index) == {
        "nmc", "states", "major_powers", "wars", "cow_alliances", "atop", "mids", "sipri",
        "nuclear", "arms_races", "rivalries", "owid_milex",
    }  # fmt: skip
    assert list(cat.columns) == [
        "title", "version", "first_year", "last_year", "rows", "citation", "terms", "bundled",
    ]  # fmt: skip
    assert (cat["citation"].str.len() > 20).all() and (cat["terms"].str.len() > 20).all()
    assert cat.loc["sipri", "bundled"] == "user download"
    assert pd.isna(cat.loc["sipri", "rows"])
    assert (cat.drop(index="sipri")["bundled"] == "bundled").all()
    assert cat.loc["nmc", ["first_year", "last_year", "rows"]].tolist() == [1816, 2022, 17121]
    assert cat.loc["states", ["first_year", "last_year", "rows"]].tolist() == [1816, 2016, 15951]
    assert cat.loc["mids", "rows"] == 2237
    assert cat.loc["arms_races", "rows"] == 71
    assert cat.loc["rivalries", ["first_year", "last_year", "rows"]].tolist() == [1494, 2020, 264]


def test_world_war_one_is_war_106_from_1914_to_1918():
    wars = data.load("wars")
    ww1 = wars[wars.war_num == 106]
    assert ww1.war_name.iloc[0] == "World War I"
    assert (int(ww1.styear.min()), int(ww1.endyear.max())) == (1914, 1918)
    ukg = ww1[ww1.stateabb == "UKG"].iloc[0]
    assert (ukg.side, ukg.bat_deaths) == (1, 908371)
    assert int(ww1[ww1.stateabb == "RUS"].endyear.iloc[0]) == 1917
    assert wars.war_num.nunique() == 95 and len(wars) == 337
    assert not (wars[["styear", "endyear"]].isna().any().any())
    assert wars.bat_deaths.min() >= 0  # the -9 codes became missing values


def test_uk_milex_in_1913_and_1914_after_conversion():
    nmc = data.load("nmc", states=["UKG"], years=(1913, 1914)).set_index("year")
    # NMC: 67,734 thousand pounds in 1913 (pounds before 1914), 1,678,843 thousand US$ in 1914
    assert nmc.loc[1913, "milex_usd"] == pytest.approx(67734 * 1000 * GBP_USD)
    assert nmc.loc[1914, "milex_usd"] == pytest.approx(1678843 * 1000)
    # constant 2020 US$: the OWID series' values (8.89e9 and 4.48e10)
    assert nmc.loc[1913, "milex_usd_2020"] == pytest.approx(8.89e9, rel=2e-3)
    assert nmc.loc[1914, "milex_usd_2020"] == pytest.approx(4.48e10, rel=2e-3)


def test_nmc_units_missing_codes_and_the_deflator():
    nmc = data.load("nmc")
    assert list(nmc.columns[:6]) == [
        "ccode", "stateabb", "year", "milex_usd", "milex_usd_2020", "price_index_2020",
    ]  # fmt: skip
    assert nmc.stateabb.notna().all()
    assert (nmc.milex_usd.dropna() >= 0).all() and nmc.milex_usd.isna().sum() > 0
    usa = nmc[nmc.ccode == 2].set_index("year")
    assert usa.loc[1913, "milex_usd"] == pytest.approx(62825 * 1000 * GBP_USD)
    assert usa.loc[1914, "milex_usd"] == pytest.approx(253205 * 1000)
    index = usa["price_index_2020"]
    assert index.loc[2020] == pytest.approx(1.0, abs=0.01)  # base year 2020
    assert 0.03 < index.loc[1913] < index.loc[1950] < index.loc[2000] < 1.0
    # the index is one series for all states in a year
    assert nmc.groupby("year")["price_index_2020"].nunique().max() == 1
    assert index.loc[2021:].isna().all()  # OWID's series ends in 2020


def test_states_major_powers_and_levels():
    states = data.load("states")
    assert {"ccode", "stateabb", "year"} <= set(states.columns)
    assert set(states[states.ccode == 2].year) == set(range(1816, 2017))
    spells = data.load("states", level="spell")
    assert len(spells) == 243 and spells.stmonth.max() == 12
    majors = data.load("major_powers")
    assert set(majors[majors.year == 1914].stateabb) == {
        "UKG", "FRN", "RUS", "GMY", "AUH", "ITA", "JPN", "USA"
    }  # fmt: skip
    assert len(data.load("major_powers", level="spell")) == 14


def test_mids_dispute_and_participant_levels():
    mids = data.load("mids")
    parts = data.load("mids", level="participant")
    assert mids.dispnum.is_unique and len(mids) == 2237
    assert set(parts.dispnum) <= set(mids.dispnum)
    assert mids.hostlev.between(1, 5).all()
    assert parts.sidea.dtype == "boolean" and parts.stateabb.notna().all()


def test_alliances_entente_and_defence_pact_in_1914():
    cow = data.load("cow_alliances", years=(1914, 1914))
    ukfr = cow[(cow.ccode1 == 200) & (cow.ccode2 == 220)].iloc[0]
    assert ukfr.cow_entente == 1 and (ukfr.stateabb1, ukfr.stateabb2) == ("UKG", "FRN")
    atop = data.load("atop", years=(1914, 1914))
    gmy_auh = atop[(atop.ccode1 == 255) & (atop.ccode2 == 300)].iloc[0]
    assert gmy_auh.atop_defense == 1


def test_nuclear_stockpiles_in_1986():
    for source in ("fas", "bas"):
        nuc = data.load("nuclear", source=source, years=(1986, 1986)).set_index("stateabb")
        assert nuc.loc["USA", "warheads"] == 23317
        assert nuc.loc["RUS", "warheads"] == 40159


def test_arms_races_and_rivalries():
    races = data.load("arms_races").set_index("race_id")
    assert races.loc[3, ["stateabb1", "stateabb2", "styear", "endyear"]].tolist() == [
        "FRN", "AUH", 1912, 1917,
    ]  # fmt: skip
    assert races.loc[7, ["ccode1", "ccode2"]].tolist() == [200, 255]
    tss = data.load("rivalries")
    td = data.load("rivalries", source="td")
    assert len(tss) == 264 and len(td) == 197
    for df in (tss, td):
        assert {"positional", "spatial", "ideological", "interventionary"} <= set(df.columns)
        assert df.positional.dtype == "boolean"


def test_state_codes_resolve_and_unknown_ones_are_refused():
    assert data.ccode("UKG") == 200 and data.ccode("gmy") == 255 and data.ccode(365) == 365
    assert data.ccode("United States of America") == 2
    assert data.ccode(np.int16(200)) == 200 and data.ccode(" 365") == 365
    with pytest.raises(DataError, match=r"unknown state 'XYZ'"):
        data.ccode("XYZ")
    with pytest.raises(DataError, match=r"unknown state code 1234"):
        data.load("nmc", states=[1234])
    with pytest.raises(
        DataError, match=r"nuclear: state 255 \(GMY\) has no rows; it has no rows there"
    ):
        data.load("nuclear", states=["GMY", "USA"])
    message = r"major_powers: state 2 \(USA\) has no rows in 1850-1860; its years there: 1898-2016"
    with pytest.raises(DataError, match=message):
        data.load("major_powers", states=["USA"], years=(1850, 1860))


def test_bad_names_options_and_years_are_refused_with_the_allowed_values():
    with pytest.raises(DataError, match=r"unknown dataset 'cow'.*'nmc'"):
        data.load("cow")
    with pytest.raises(
        DataError, match=r"level='dyad'; choose one of \['dispute', 'participant'\]"
    ):
        data.load("mids", level="dyad")
    with pytest.raises(DataError, match=r"source='x' is not an option"):
        data.load("wars", source="x")
    with pytest.raises(DataError, match=r"years 1700-1800 outside the data's coverage 1816-2022"):
        data.load("nmc", years=(1700, 1800))
    with pytest.raises(DataError, match=r"start comes after the end"):
        data.load("nmc", years=(1900, 1890))
    assert issubclass(DataError, ValueError)


def test_cite_lists_the_datasets_a_table_was_built_from():
    wars = data.load("wars")
    assert "@book{sarkees2010," in rp.cite(wars)
    assert "leeds2002" in rp.cite("atop") and "miller2022" in rp.cite("atop")
    assert "wars" in data.used()
    assert "sarkees2010" in rp.cite(*data.used())
    for name, d in data.DATASETS.items():
        assert rp.cite(name), name
        assert d.references


def test_owid_series_in_constant_dollars_with_shares_as_fractions():
    owid = data.load("owid_milex", states=["UKG", "USA"], years=(1913, 2020))
    ukg = owid[owid.stateabb == "UKG"].set_index("year")
    assert ukg.loc[1913, "milex_usd_2020"] == pytest.approx(8.89e9, rel=2e-3)
    assert ukg.loc[1914, "milex_usd_2020"] == pytest.approx(4.48e10, rel=2e-3)
    usa = owid[owid.stateabb == "USA"].set_index("year")
    assert usa.loc[1950, "share_gdp"] == pytest.approx(0.0508)  # OWID's 5.08 %
    assert not data.load("owid_milex").duplicated(["ccode", "year"]).any()
    assert "owid2021milex" in rp.cite(owid)


def test_every_public_name_resolves_and_importing_the_package_stays_light():
    import subprocess
    import sys

    for name in data.__all__:
        assert getattr(data, name) is not None
    assert set(data.__all__) == {"DATASETS", *data._LAZY}
    code = "import sys, realpolitik, realpolitik.data; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        data.nope  # noqa: B018

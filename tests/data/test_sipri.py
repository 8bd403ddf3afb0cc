"""load("sipri") reads the user's own SIPRI workbook (a small synthetic one here)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

import realpolitik as rp
from realpolitik import data
from realpolitik.data import DataError
from realpolitik.data import sipri as sipri_module

YEARS = [2018, 2019, 2020]
SHEETS = {
    "Constant (2019) USD": {
        "USA": [700000.0, 730000.0, 766583.0],
        "Germany": [48000, 52000, 55000],
    },
    "Current USD": {"USA": [682000.0, 731000.0, 778232.2], "Germany": [46000, 49000, 52800]},
    "Share of GDP": {"USA": [0.0328, 0.0342, 0.0374], "Germany": [0.0119, 0.0128, ". ."]},
    "Per capita": {"USA": [2085.0, 2227.0, 2351.1], "Germany": [555, 590, 634]},
    "Share of Govt. spending": {"USA": [0.088, 0.089, 0.079], "Germany": [0.027, 0.028, 0.029]},
}


def _workbook(path):
    book = Workbook()
    book.remove(book.active)
    book.create_sheet("Front page")
    for title, rows in SHEETS.items():
        sheet = book.create_sheet(title)
        sheet.append([f"Military expenditure by country, {title}  © SIPRI"])
        sheet.append([None])
        sheet.append(["Country", None, "Notes", *YEARS])
        sheet.append(["Americas", None, None, None, None, None])
        sheet.append(["North America", None, None, None, None, None])
        sheet.append(["USA", None, None, *rows["USA"]])
        sheet.append(["Europe", None, None])
        sheet.append(["Germany", None, 3, *rows["Germany"]])
        sheet.append(["German DR", None, None, "xxx", "xxx", "xxx"])
    book.save(path)
    return path


@pytest.fixture
def config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "config"))
    monkeypatch.delenv(sipri_module.ENV, raising=False)
    return tmp_path / "config"


def test_without_a_workbook_the_error_says_where_to_get_it(config_home):
    with pytest.raises(
        DataError, match=r"do not ship.*sipri\.org/databases/milex.*REALPOLITIK_SIPRI"
    ):
        data.load("sipri")


def test_the_remembered_workbook_is_read_into_a_tidy_table(tmp_path, config_home):
    path = _workbook(tmp_path / "SIPRI-Milex-data-1949-2020.xlsx")
    assert data.set_sipri_path(path) == path.resolve()
    assert (config_home / "realpolitik" / "data.json").is_file()
    df = data.load("sipri")
    assert list(df.columns) == [
        "country", "ccode", "stateabb", "year", "milex_usd", "milex_usd_constant", "share_gdp",
        "share_govt", "milex_per_capita_usd", "constant_base_year",
    ]  # fmt: skip
    assert set(df.country) == {"USA", "Germany"}  # regions and the non-existent GDR left out
    usa = df[df.stateabb == "USA"].set_index("year")
    assert usa.loc[2020, "milex_usd_constant"] == pytest.approx(766583e6)  # US$ m -> US$
    assert usa.loc[2020, "milex_usd"] == pytest.approx(778232.2e6)
    assert usa.loc[2020, "share_gdp"] == pytest.approx(0.0374)  # a fraction
    assert usa.loc[2020, "ccode"] == 2 and usa.loc[2020, "constant_base_year"] == 2019
    gmy = df[df.country == "Germany"].set_index("year")
    assert gmy.loc[2020, "ccode"] == 255 and gmy.loc[2020, "stateabb"] == "GMY"
    assert gmy["share_gdp"].isna().tolist() == [False, False, True]  # ". ." -> missing
    assert "sipri_milex" in rp.cite(df)


def test_the_environment_variable_wins_and_bad_paths_are_refused(
    tmp_path, config_home, monkeypatch
):
    path = _workbook(tmp_path / "book.xlsx")
    monkeypatch.setenv(sipri_module.ENV, str(path))
    assert len(data.load("sipri", states=["USA"], years=(2019, 2020))) == 2
    with pytest.raises(DataError, match=r"years 1949-2020 outside the data's coverage 2018-2020"):
        data.load("sipri", years=(1949, 2020))
    monkeypatch.setenv(sipri_module.ENV, str(tmp_path / "missing.xlsx"))
    with pytest.raises(DataError, match=r"REALPOLITIK_SIPRI: no file at .*missing\.xlsx"):
        data.load("sipri")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip file")
    monkeypatch.setenv(sipri_module.ENV, str(tmp_path / "broken.xlsx"))
    with pytest.raises(DataError, match=r"broken\.xlsx: not a readable \.xlsx workbook"):
        data.load("sipri")
    (tmp_path / "milex.csv").write_text("x\n")
    with pytest.raises(DataError, match=r"is not an \.xlsx workbook"):
        data.set_sipri_path(tmp_path / "milex.csv")
    with pytest.raises(DataError, match=r"takes neither level= nor source="):
        data.load("sipri", level="year")

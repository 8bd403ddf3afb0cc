"""The shipped Parquet files are what tools/build_data.py makes from the raw files."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "src" / "realpolitik" / "data" / "files"


def _tool():
    spec = importlib.util.spec_from_file_location("build_data", ROOT / "tools" / "build_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_files_equal_a_fresh_build(tmp_path):
    tool = _tool()
    source = tool.default_source()
    if not (source / "SOURCES.md").is_file():
        pytest.skip(f"raw data not present at {source} (CI has ../shared/data)")
    manifest = tool.build(source, tmp_path)
    assert manifest == json.loads((FILES / "manifest.json").read_text())
    for name in tool.BUILDERS:
        fresh = pd.read_parquet(tmp_path / f"{name}.parquet")
        shipped = pd.read_parquet(FILES / f"{name}.parquet")
        pd.testing.assert_frame_equal(shipped, fresh, obj=name)


def test_the_shipped_files_are_small():
    total = sum(p.stat().st_size for p in FILES.iterdir())
    assert total < 5e6  # bytes; the wheel's budget is ~20 MB


def test_a_folder_without_the_raw_files_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a raw-data folder"):
        _tool().build(tmp_path, tmp_path / "out")


def test_war_dyads_agree_with_cows_dyadic_war_years_as_peacesciencer_gives_them():
    from realpolitik import data

    source = _tool().default_source()
    path = source / "cow_wars" / "cow_war_inter_v4.0_ddy_peacesciencer.csv"
    if not path.is_file():
        pytest.skip(f"raw data not present at {source} (CI has ../shared/data)")
    theirs = pd.read_csv(path)
    theirs = set(map(tuple, theirs[["warnum", "ccode1", "ccode2", "year"]].values.tolist()))
    spells = data.war_dyads()
    years = data.dyads._years(spells, ["war_num"])[["war_num", "ccode1", "ccode2", "year"]]
    ours = set(map(tuple, years.astype(int).values.tolist()))
    assert theirs <= ours
    # the extra dyad-years are second spells: the First Balkan War resumed in 1913 (war 100),
    # France fought again from 1944 (war 139)
    assert {(w, y) for w, _, _, y in ours - theirs} == {(100, 1913), (139, 1944), (139, 1945)}


def test_nmc_uses_the_state_abbreviations_of_nmc_6():
    from realpolitik import data

    path = _tool().default_source() / "cow_nmc" / "NMC-60-abridged.csv"
    if not path.is_file():
        pytest.skip(f"raw data not present at {path.parent} (CI has ../shared/data)")
    v6 = pd.read_csv(path).drop_duplicates("ccode").set_index("ccode")["stateabb"]
    ours = data.load("nmc").drop_duplicates("ccode")
    ours = dict(zip(ours["ccode"].astype(int), ours["stateabb"], strict=True))
    assert set(v6.index) <= set(ours)  # every state of v6 is in v7
    assert {code: ours[code] for code in v6.index} == v6.to_dict()

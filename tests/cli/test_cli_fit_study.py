"""realpolitik fit richardson | rivalries and realpolitik study arms-races | engine-vs-history."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cli_helpers import assert_png, read_json


def test_fit_richardson_prints_the_table_and_writes_its_files(invoke, tmp_path):
    out = tmp_path / "fit"
    text = invoke(
        "fit",
        "richardson",
        "--states",
        "GMY",
        "UKG",
        "--years",
        "1890-1913",
        "--resamples",
        "200",
        "--out",
        str(out),
    ).stdout
    flat = " ".join(text.split())
    assert "x = GMY, y = UKG, 1890-1913" in flat and "margin" in flat
    assert "bootstrap fits unstable" in flat and "does NOT beat naive persistence" in flat
    data = read_json(out)
    assert data["years"] == [1890, 1913] and data["series"] == "nmc"
    assert set(data["estimates"]) == {"k", "l", "a", "b", "g", "h", "D", "margin"}
    assert data["out_of_sample"]["rmse_persistence"] > 0
    with (out / "series.csv").open() as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["year", "GMY", "UKG"] and len(rows) == 25
    assert_png(out / "phase.png")


def test_fit_richardson_with_blocs(invoke, tmp_path):
    text = invoke(
        "fit",
        "richardson",
        "--blocs",
        "GMY,AUH",
        "UKG,FRN,RUS",
        "--series",
        "nmc_real",
        "--resamples",
        "100",
        "--out",
        str(tmp_path / "b"),
    ).stdout
    assert "x = GMY+AUH, y = UKG+FRN+RUS" in " ".join(text.split())


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--states", "GMY", "PRU"), ["--states:", "unknown state 'PRU'"]),
        (("--years", "1700-1720"), ["--years:", "coverage 1816-2022"]),
        (("--years", "1935-1955"), ["--years:", "GMY has no value"]),
        (("--years", "1890"), ["--years: '1890'", "FIRST-LAST"]),
        (("--series", "cow"), ["--series:", "nmc_real"]),
        (("--states", "GMY", "UKG", "--blocs", "GMY", "UKG"), ["--states and --blocs"]),
    ],
)
def test_fit_richardson_errors_name_the_option(run_main, tmp_path, args, words):
    code, _, err = run_main("fit", "richardson", *args, "--out", str(tmp_path / "x"))
    assert code == 2
    for word in words:
        assert word in err
    assert not (tmp_path / "x").exists()


def test_fit_rivalries(invoke, tmp_path):
    out = tmp_path / "riv"
    text = invoke(
        "fit", "rivalries", "--years", "2005-2020", "--resamples", "100", "--out", str(out)
    ).stdout
    assert "most unstable first" in text and "left out" in text
    data = read_json(out)
    assert data["years"] == [2005, 2020] and len(data["rivalries"]) > 40
    assert_png(out / "rivalries.png")


def test_study_arms_races_writes_exactly_the_columns(invoke, tmp_path):
    out = tmp_path / "ar"
    text = invoke("study", "arms-races", "--out", str(out)).stdout
    assert "Do arms races lead to war?" in text and "wallace_nominal" in text
    with (out / "arms_races.csv").open() as f:
        rows = list(csv.reader(f))
    assert rows[0] == [
        "subset",
        "exposure",
        "outcome",
        "race_war",
        "race_no_war",
        "no_race_war",
        "no_race_no_war",
        "odds_ratio",
        "ci_low",
        "ci_high",
        "n_disputes",
    ]
    assert rows[1][:7] == ["all", "grh", "war", "19", "72", "334", "2290"]
    data = read_json(out)
    assert "diehl" in data["definitions"] and len(data["disputes_per_cell"]) == len(rows) - 1
    assert_png(out / "arms_races.png")


def test_study_engine_vs_history(invoke, run_main, tmp_path):
    out = tmp_path / "evh"
    text = invoke("study", "engine-vs-history", "--runs", "10", "--out", str(out)).stdout
    assert "initiator_win_share" in text and "history: COW wars" in text
    assert len(read_json(out)["rows"]) == 6
    assert_png(out / "engine_vs_history.png")
    code, _, err = run_main("study", "engine-vs-history", "--runs", "5")
    assert code == 2 and "--runs: 5" in err

"""``realpolitik history``: tables, files, bad case name."""

import json


def test_history_pre1914_writes_scores_and_figure(invoke, tmp_path):
    out = tmp_path / "h"
    text = invoke("history", "pre1914", "--out", str(out)).output
    assert "one-year-ahead RMSE" in text and "UKG" in text
    result = json.loads((out / "result.json").read_text())
    overall = next(s for s in result["scores"] if s["label"] == "all")
    assert overall["model"] < overall["naive"] and overall["model_better"]
    assert (out / "scores.csv").read_text().startswith("series,model,naive,model_better")
    assert (out / "bands.png").stat().st_size > 10_000


def test_history_unknown_case(run_main):
    code, _, err = run_main("history", "waterloo")
    assert code == 2 and "NAME: 'waterloo' is not allowed" in err and "pre1914" in err


def test_history_cuba1962_shows_outcomes_without_scores(invoke, tmp_path):
    out = tmp_path / "c"
    text = invoke("history", "cuba1962", "--out", str(out)).output
    assert "Soviet withdrawal (historical)" in text and "realpolitik run cuba1962" in text
    result = json.loads((out / "result.json").read_text())
    assert result["scores"] == [] and len(result["outcomes"]) == 20


def test_run_cuba1962_plays_the_crisis_model(invoke, tmp_path):
    out = tmp_path / "r"
    text = invoke("run", "cuba1962", "--runs", "300", "--seed", "2", "--out", str(out)).output
    assert "war (hotline)" in text and "wrote 2 files" in text
    result = json.loads((out / "result.json").read_text())
    assert result["command"] == "realpolitik run cuba1962 --runs 300 --seed 2"
    assert {o["runs"] for o in result["outcomes"]} == {300}
    assert (out / "outcomes.csv").read_text().startswith("outcome,probability,low,high,runs")


def test_run_cuba1962_refuses_years_and_too_many_runs(run_main):
    code, _, err = run_main("run", "cuba1962", "--years", "5")
    assert code == 2 and "--years: cuba1962 is a crisis model" in err
    code, _, err = run_main("run", "cuba1962", "--runs", "2000000")
    assert (
        code == 2
        and "--runs: runs = 2000000 is out of range; allowed: integers 1..1,000,000" in err
    )

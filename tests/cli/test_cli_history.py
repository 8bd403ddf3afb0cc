"""``realpolitik history``: tables, files, bad case name."""

import json


def test_history_pre1914_writes_scores_and_figure(invoke, tmp_path):
    out = tmp_path / "h"
    text = invoke("history", "pre1914", "--out", str(out)).output
    assert "RMSE of log spending" in text and "UKG" in text
    result = json.loads((out / "result.json").read_text())
    overall = next(s for s in result["scores"] if s["label"] == "all")
    assert overall["model_better"] == (overall["model"] < overall["naive"])
    assert result["scenario"] == "pre1914" and result["outcomes"][0]["runs"] == 1000
    assert (out / "scores.csv").read_text().startswith("series,model,naive,model_better")
    assert (out / "bands.png").stat().st_size > 10_000


def test_history_unknown_case(run_main):
    code, _, err = run_main("history", "waterloo")
    assert code == 2 and "NAME: 'waterloo' is not allowed" in err and "pre1914" in err

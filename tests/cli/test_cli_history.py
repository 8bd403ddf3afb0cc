"""``realpolitik history``: tables, files, bad scenario."""

import json


def test_history_pre1914_writes_scores_and_figure(invoke, tmp_path):
    out = tmp_path / "h"
    text = invoke("history", "pre1914", "--out", str(out)).output
    assert "one-year-ahead RMSE" in text and "UKG" in text
    result = json.loads((out / "result.json").read_text())
    assert result["scores"]["all"]["model"] < result["scores"]["all"]["naive"]
    assert (out / "bands.png").stat().st_size > 10_000


def test_history_unknown_scenario(run_main):
    code, _, err = run_main("history", "waterloo")
    assert code == 2 and "SCENARIO: 'waterloo' is not allowed" in err

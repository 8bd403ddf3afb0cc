"""``realpolitik report``: a saved run or an experiment's results folder to one HTML page."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd


def _results_folder(path):
    rng = np.random.default_rng(0)
    cells = pd.DataFrame(
        {
            "cell": range(4),
            "intervention": ["baseline"] * 2 + ["transparency"] * 2,
            "share_greedy": [0.0, 0.5] * 2,
        }
    )
    wars = rng.poisson(0.5, 4 * 20)
    runs = pd.DataFrame(
        {
            "cell": np.repeat(np.arange(4), 20),
            "wars": wars,
            "any_war": wars > 0,
            "sd_wars": wars,
            "deterrence_failures": 0,
            "justified_preemptions": 0,
            "first_war_year": np.where(wars > 0, 3, -1),
            "arms_burden": 0.04,
            "arms_race": False,
        }
    )
    path.mkdir()
    cells.to_parquet(path / "cells.parquet")
    runs.to_parquet(path / "runs.parquet")
    exp = {
        "name": "toy",
        "title": "Toy",
        "description": "d",
        "scenario": "two-state-spiral",
        "runs": 20,
        "years": 10,
        "seed": 3,
        "interventions": ["baseline", "transparency"],
        "design": {"kind": "grid", "factors": {"share_greedy": [0.0, 0.5]}},
    }
    (path / "experiment.json").write_text(json.dumps(exp))
    return path


def test_report_of_an_experiment_results_folder(invoke, tmp_path):
    target = _results_folder(tmp_path / "results")
    out = tmp_path / "out"
    result = invoke("report", str(target), "--out", str(out))
    assert "index.html" in result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "realpolitik experiment: Toy" in page and "data:image/png;base64," in page
    table = pd.read_csv(out / "cells.csv")
    assert len(table) == 4 and {"p_any_war", "p_any_war_lo", "p_any_war_hi"} <= set(table)
    assert set(pd.read_csv(out / "effects.csv")["intervention"]) == {"transparency"}


def test_report_of_a_saved_run_rewrites_its_page(invoke, tmp_path):
    run = tmp_path / "run"
    invoke("run", "two-state-spiral", "--runs", "8", "--years", "10", "--out", str(run))
    out = tmp_path / "again"
    invoke("report", str(run), "--out", str(out))
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "realpolitik run:" in page and (out / "summary.csv").is_file()
    assert not (out / "trajectory").exists()  # the saved trajectory is read, not copied


def test_report_of_something_else_is_one_clear_error(run_main, tmp_path):
    code, _, err = run_main("report", str(tmp_path / "missing"))
    assert code == 2 and "does not exist" in err and err.count("\n") == 1
    (tmp_path / "empty").mkdir()
    code, _, err = run_main("report", str(tmp_path / "empty"), "--out", str(tmp_path / "o"))
    assert code == 2 and "neither a saved run" in err
    assert not (tmp_path / "o").exists()

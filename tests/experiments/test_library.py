"""The bundled experiments: each names real keys and interventions, and runs end to end."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
import yaml

from realpolitik.engine import Params
from realpolitik.experiments.analysis import cell_table
from realpolitik.experiments.interventions import INTERVENTIONS
from realpolitik.report.experiment_report import write_experiment_report

LIBRARY = Path(__file__).resolve().parents[2] / "src/realpolitik/experiments/library"
NAMES = sorted(p.stem for p in LIBRARY.glob("*.yaml"))
CONTROVERSIES = {
    "spiral-vs-deterrence",
    "realist-vs-liberal",
    "dilemma-war-frequency",
    "dilemma-war-drivers",
    "domestic-misperception",
    "arms-racing-nuclear",
    "arms-racing-conventional",
    "restraint-vs-modernisation",
    "arms-control-guardrails",
}


def _tool():
    path = Path(__file__).resolve().parents[2] / "tools/run_experiments.py"
    spec = importlib.util.spec_from_file_location("run_experiments", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_experiment_per_controversy():
    assert set(NAMES) == CONTROVERSIES


@pytest.mark.parametrize("name", NAMES)
def test_each_experiment_names_real_keys_and_interventions(name):
    exp = yaml.safe_load((LIBRARY / f"{name}.yaml").read_text(encoding="utf-8"))
    assert exp["name"] == name and exp["title"] and len(exp["description"]) > 200
    assert exp["interventions"][0] == "baseline"
    assert all(i in INTERVENTIONS for i in exp["interventions"])
    keys = set(Params.keys())
    assert set(exp.get("set") or {}) <= keys
    assert set(exp["design"]["factors"]) <= keys


@pytest.mark.parametrize("name", NAMES)
def test_each_experiment_runs_end_to_end_at_a_small_size(name, tmp_path):
    _tool().run_experiment(LIBRARY / f"{name}.yaml", tmp_path, runs=3, years=4, samples=2)
    cells = pd.read_parquet(tmp_path / "cells.parquet")
    runs = pd.read_parquet(tmp_path / "runs.parquet")
    assert len(runs) == 3 * len(cells)
    table = cell_table(runs, cells, resamples=50)
    assert (table["runs"] == 3).all()
    if name == "dilemma-war-drivers":  # the one design the report tests do not draw from runs
        exp = yaml.safe_load((LIBRARY / f"{name}.yaml").read_text(encoding="utf-8"))
        page = write_experiment_report(exp, cells, runs, tmp_path / "index.html").read_text()
        assert 'id="sensitivity"' in page

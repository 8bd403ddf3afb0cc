"""The bundled experiments: each names real keys and interventions, and runs end to end.

End to end: the experiment (shrunk: runs, years, samples) is swept into a results store, read
back (:func:`realpolitik.experiments.results.read_results`) and analysed, as ``realpolitik
sweep NAME --store FILE`` and ``realpolitik report FILE`` do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from realpolitik.engine import Params
from realpolitik.experiments.analysis import cell_table
from realpolitik.experiments.design import build_sweep
from realpolitik.experiments.interventions import INTERVENTIONS
from realpolitik.experiments.results import read_results
from realpolitik.experiments.schema import parse_experiment
from realpolitik.experiments.sweep import run_sweep
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
    data = yaml.safe_load((LIBRARY / f"{name}.yaml").read_text(encoding="utf-8"))
    data.update(runs=3, years=4, chunk_size=2)
    if data["design"].get("samples"):
        data["design"]["samples"] = 2
    sweep = build_sweep(parse_experiment(data, source=f"{name}.yaml", directory=LIBRARY))
    run_sweep(sweep, tmp_path / "store.duckdb")
    res = read_results(tmp_path / "store.duckdb")
    assert res.complete and len(res.runs) == 3 * len(res.cells) == 3 * len(sweep.cells)
    table = cell_table(res.runs, res.cells, resamples=50)
    assert (table["runs"] == 3).all()
    assert res.experiment["scenario_sources"] == list(sweep.cells[0].scenario.sources)
    assert (res.experiment["runs"], res.experiment["years"]) == (3, 4)
    # the sampler's factor order (the sample's columns) survives the store's canonical JSON
    assert list(res.experiment["design"]["factors"]) == list(data["design"]["factors"])
    if name == "dilemma-war-drivers":  # the one design the report tests do not draw from runs
        page = write_experiment_report(res.experiment, res.cells, res.runs, tmp_path / "i.html")
        assert 'id="sensitivity"' in page.read_text(encoding="utf-8")

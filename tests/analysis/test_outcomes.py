"""Outcome metrics from a Dataset and an event table: a live run, a saved folder, hand-made."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from realpolitik.analysis import (
    METRIC_COLUMNS,
    arms_race_runs,
    bootstrap_mean_interval,
    burden_per_run,
    clustered_share_interval,
    outcome_metrics,
    war_outcomes,
    war_table,
    wilson_interval,
)
from realpolitik.analysis import outcomes as outcomes_module
from realpolitik.engine import LABELS, Params, Trajectory, simulate
from realpolitik.engine.storage import saved_metrics

ROWS = [
    "p_any_war", "wars_per_run", "arms_race_share", "mean_burden", "time_to_first_war",
    "time_to_first_war_censored", *(f"share_{label}" for label in LABELS),
]  # fmt: skip


@pytest.fixture(scope="module")
def traj():
    return simulate(
        Params.core(crisis_base_rate=0.1, war_given_crisis=0.3),
        states=4,
        runs=40,
        years=30,
        seed=8,
        chunk_size=16,
    )


def hand_made(wars_by_run: dict[int, list[str]], runs: int = 5) -> Trajectory:
    """A trajectory with flat military and the given war labels per run (one war a year)."""
    rows = []
    for run, labels in wars_by_run.items():
        for year, label in enumerate(labels, start=1):
            rows.append((run, year, "war", 0, 1, 0, label))
    events = pd.DataFrame(rows, columns=["run", "year", "kind", "initiator", "target", "winner",
                                         "label"])  # fmt: skip
    m = np.ones((runs, 8, 2))
    return Trajectory.from_arrays(m, m * 10, np.zeros((runs, 2), bool), events=events)


def test_the_metrics_of_a_run_are_the_trajectory_metrics_whatever_the_event_form(traj):
    want = traj.metrics()
    assert list(want.columns) == list(METRIC_COLUMNS)
    assert list(want.metric) == ROWS
    pd.testing.assert_frame_equal(outcome_metrics(traj.data, traj.events), want)
    pd.testing.assert_frame_equal(outcome_metrics(traj.data, traj.event_arrays()), want)
    as_strings = traj.events.astype({"kind": str, "label": object})
    as_strings["label"] = as_strings["label"].where(as_strings["label"].notna(), None)
    pd.testing.assert_frame_equal(outcome_metrics(traj.data, as_strings), want)


def test_the_metric_rows_are_the_interval_functions(traj):
    m = traj.metrics().set_index("metric")
    wars = traj.wars_per_run()
    k = int((wars > 0).sum())
    assert tuple(m.loc["p_any_war", ["lo", "hi"]]) == wilson_interval(k, traj.runs)
    assert tuple(m.loc["wars_per_run", ["lo", "hi"]]) == bootstrap_mean_interval(wars)
    counts = war_outcomes(traj.events, traj.runs)["label_counts"]
    share, lo, hi = clustered_share_interval(counts, np.broadcast_to(wars, counts.shape))
    for i, label in enumerate(LABELS):
        row = m.loc[f"share_{label}"]
        assert (row["value"], row["lo"], row["hi"]) == (share[i], lo[i], hi[i])
        assert row["n"] == wars.sum()


def test_fewer_bootstrap_resamples_change_only_the_wars_per_run_interval(traj):
    a = outcome_metrics(traj.data, traj.events).set_index("metric")
    b = outcome_metrics(traj.data, traj.events, resamples=300).set_index("metric")
    assert (a.drop("wars_per_run") == b.drop("wars_per_run")).all().all()
    assert a.loc["wars_per_run", "value"] == b.loc["wars_per_run", "value"]


def test_saved_metrics_read_the_folder_without_a_trajectory(traj, tmp_path, monkeypatch):
    folder = traj.save(tmp_path / "run")
    calls = []
    monkeypatch.setattr(Trajectory, "_from_arrays", lambda *a, **k: calls.append(a))
    got = saved_metrics(folder)
    assert calls == []
    monkeypatch.undo()
    pd.testing.assert_frame_equal(got, traj.metrics())
    pd.testing.assert_frame_equal(got, Trajectory.load(folder).metrics())


def test_saved_metrics_of_a_float32_run_read_in_blocks(tmp_path, monkeypatch):
    traj = simulate(Params.core(), states=3, runs=7, years=12, seed=2, dtype="float32")
    folder = traj.save(tmp_path)
    monkeypatch.setattr(outcomes_module, "BLOCK", 3)  # 7 runs: blocks of 3, 3 and 1
    pd.testing.assert_frame_equal(saved_metrics(folder), traj.metrics())


@pytest.mark.parametrize("name", ["data.nc", "events.parquet", "meta.json"])
def test_saved_metrics_name_a_missing_or_corrupt_file(traj, tmp_path, name):
    traj.save(tmp_path)
    (tmp_path / name).write_bytes(b"not a trajectory file {")
    with pytest.raises(ValueError, match=f"corrupt trajectory file .*{name}"):
        saved_metrics(tmp_path)
    (tmp_path / name).unlink()
    with pytest.raises(FileNotFoundError, match=name):
        saved_metrics(tmp_path)


def test_arms_races_and_burden_from_a_dataarray_equal_numpy(traj, monkeypatch):
    ds = traj.data
    monkeypatch.setattr(outcomes_module, "BLOCK", 7)
    np.testing.assert_array_equal(arms_race_runs(ds["military"]), traj.arms_race())
    np.testing.assert_array_equal(
        burden_per_run(ds["military"], ds["gdp"]),
        burden_per_run(traj.array("military"), traj.array("gdp")),
    )
    assert not arms_race_runs(np.ones((2, 3, 2)) * np.arange(1, 4)[None, :, None]).any()


def test_war_outcomes_of_a_hand_made_table():
    traj = hand_made({0: ["deterrence_failure", "security_dilemma_war"], 3: ["deterrence_failure"]})
    got = war_outcomes(traj.events, 5)
    assert got["wars"].tolist() == [2, 0, 0, 1, 0]
    assert got["first_war_year"].tolist() == [1, -1, -1, 1, -1]
    assert got["label_counts"].tolist() == [[1, 0, 0, 0, 0], [1, 0, 0, 1, 0], [0, 0, 0, 0, 0]]
    np.testing.assert_array_equal(traj.wars_per_run(), got["wars"])
    np.testing.assert_array_equal(traj.first_war_year(), got["first_war_year"])


def test_a_share_of_zero_wars_gets_a_non_degenerate_interval():
    traj = hand_made({0: ["security_dilemma_war"] * 3, 2: ["justified_preemption"], 4: []})
    m = traj.metrics().set_index("metric")
    row = m.loc["share_deterrence_failure"]
    assert row["value"] == 0.0 and row["lo"] == 0.0 and row["hi"] > 0.0 and row["n"] == 4
    for name in LABELS:
        lo, value, hi = m.loc[f"share_{name}", ["lo", "value", "hi"]]
        assert lo <= value <= hi and hi > lo


def test_no_war_anywhere_gives_an_honest_wars_per_run_interval():
    m = hand_made({}, runs=50).metrics().set_index("metric")
    assert m.loc["wars_per_run", "value"] == 0.0
    assert m.loc["wars_per_run", "lo"] == 0.0
    assert m.loc["wars_per_run", "hi"] == pytest.approx(-math.log(0.025) / 50)
    assert m.loc["p_any_war", "hi"] > 0.0
    assert math.isnan(m.loc["share_deterrence_failure", "value"])
    assert m.loc["share_deterrence_failure", "n"] == 0


def test_event_tables_are_checked():
    good = {"run": [0], "year": [1], "kind": ["war"], "label": ["deterrence_failure"]}
    assert war_table(good, 2)["label"].tolist() == [1]
    assert war_table({**good, "kind": [1], "label": [np.nan]}, 2)["label"].tolist() == [-1]
    with pytest.raises(ValueError, match="lack columns"):
        war_table({"run": [0]}, 2)
    with pytest.raises(ValueError, match="kind"):
        war_table({**good, "kind": ["skirmish"]}, 2)
    with pytest.raises(ValueError, match="kind"):
        war_table({**good, "kind": [None]}, 2)
    with pytest.raises(ValueError, match="label"):
        war_table({**good, "label": ["accident"]}, 2)
    with pytest.raises(ValueError, match="label"):
        war_table({**good, "label": np.array([7])}, 2)
    with pytest.raises(ValueError, match="runs outside"):
        war_table({**good, "run": [2]}, 2)


def test_realpolitik_run_prints_an_interval_for_a_share_of_zero(tmp_path):
    from realpolitik.cli import app

    args = ["run", "bipolar-nuclear", "--runs", "150", "--seed", "11", "--out", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "share_security_dilemma_war" in x)
    cells = [c.strip() for c in line.strip("│ ").split("│")]
    assert cells[1] == "0" and cells[2].startswith("[0, ") and cells[2] != "[0, 0]"
    summary = pd.read_csv(tmp_path / "summary.csv").set_index("metric")
    assert summary.loc["share_security_dilemma_war", "hi"] > 0.0
